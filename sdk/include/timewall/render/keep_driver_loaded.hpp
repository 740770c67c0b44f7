// keep_driver_loaded.hpp: in ASan builds, pins every shared library loaded so
// far (the Vulkan driver, an OpenXR runtime, API layers) until the process
// exits; a no-op in other builds.
//
// Why: once vkDestroyInstance / xrDestroyInstance unload a driver, a runtime
// or a layer, LeakSanitizer no longer scans its globals. What only those
// globals point to is then reported as leaked (lavapipe: 2 x 56 bytes), and a
// real leak in such a library is reported in an "<unknown module>" that no
// suppression can name. Pinned, the globals stay roots, real leaks keep
// their library's name, and our own allocations stay leak-checked.
// What it does not do: hide or suppress any leak, or load anything new.
//
//   vkCreateDevice(...);                        // the driver is loaded now
//   tw::keep_driver_loaded_for_leak_checks();
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#include <dlfcn.h>
#include <link.h>

#include <array>
#include <cstddef>
#endif

namespace tw {

inline void keep_driver_loaded_for_leak_checks() noexcept {
#if defined(__SANITIZE_ADDRESS__)
  // Names first, dlopen after: dl_iterate_phdr holds the loader's lock.
  struct Loaded {
    std::array<const char*, 512> names{};
    std::size_t count = 0;
  } loaded;
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* out) {
        auto* l = static_cast<Loaded*>(out);
        if (info->dlpi_name != nullptr && info->dlpi_name[0] != '\0' && l->count < l->names.size())
          l->names[l->count++] = info->dlpi_name;
        return 0;
      },
      &loaded);
  for (std::size_t i = 0; i < loaded.count; ++i)
    (void)dlopen(loaded.names[i], RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
#endif
}

}  // namespace tw
