#include "openxr/layer/user_presence.hpp"

#include <cstring>

namespace tw::xr {

bool has_extension(const char* const* names, uint32_t count, const char* name) noexcept {
  if (names == nullptr) return false;
  for (uint32_t i = 0; i < count; ++i)
    if (names[i] != nullptr && std::strncmp(names[i], name, XR_MAX_EXTENSION_NAME_SIZE) == 0) return true;
  return false;
}

Offer chain_offers(PFN_xrGetInstanceProcAddr gipa, XrInstance instance, const char* name) {
  PFN_xrVoidFunction fn = nullptr;
  if (gipa == nullptr || XR_FAILED(gipa(instance, "xrEnumerateInstanceExtensionProperties", &fn)) ||
      fn == nullptr)
    return Offer::unknown;
  const auto enumerate = reinterpret_cast<PFN_xrEnumerateInstanceExtensionProperties>(fn);
  uint32_t n = 0;
  if (XR_FAILED(enumerate(nullptr, 0, &n, nullptr))) return Offer::unknown;
  std::vector<XrExtensionProperties> props(n, XrExtensionProperties{XR_TYPE_EXTENSION_PROPERTIES});
  if (XR_FAILED(enumerate(nullptr, n, &n, props.data()))) return Offer::unknown;
  for (uint32_t i = 0; i < n && i < props.size(); ++i)
    if (std::strncmp(props[i].extensionName, name, XR_MAX_EXTENSION_NAME_SIZE) == 0) return Offer::yes;
  return Offer::no;
}

std::vector<const char*> with_extension(const char* const* names, uint32_t count, const char* name) {
  std::vector<const char*> out;
  out.reserve(count + 1);
  if (names != nullptr) out.assign(names, names + count);
  out.push_back(name);
  return out;
}

}  // namespace tw::xr
