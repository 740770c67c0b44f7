// vk_device_setup.hpp: the one place Timewall creates a VkInstance and a
// VkDevice of its own, for the headless target (lavapipe: tests, benchmarks,
// `timewall demo --frames`) and the desktop window.
//
// What it does: creates an instance with the extensions the target asks for
// (plus VK_LAYER_KHRONOS_validation and a debug messenger that counts errors
// and warnings, when asked), lets the target make its surface from that
// instance, picks a device of the preferred type (CPU: lavapipe, for
// deterministic pixels; or GPU) with a graphics queue family that can also
// present to the surface when there is one, and creates the device with the
// requested device extensions and one queue.
// What it does not do: know about windows (the target's make_surface does,
// so this header includes no window-system header), create swapchains, or
// render. In an XR app the host's device is used instead (RendererDesc).
//
//   const char* exts[] = {VK_KHR_SWAPCHAIN_EXTENSION_NAME};
//   auto vk = tw::VkDeviceSetup::create({.validation = true, .device_extensions = exts,
//       .make_surface = [&](VkInstance i) { return my_surface(i); }});
//   if (!vk) { log(vk.error().message); return; }
//   auto renderer = tw::PanelRenderer::create(vk->renderer_desc());
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "render/panel_renderer.hpp"

namespace tw {

struct VkDeviceSetupDesc {
  const char* app_name = nullptr;  // default "timewall"
  bool validation = false;         // VK_LAYER_KHRONOS_validation (an error if it is missing)
  bool prefer_cpu = false;         // prefer a CPU device (lavapipe) over a GPU; either is taken if alone
  std::span<const char* const> instance_extensions{};  // e.g. the window system's
  std::span<const char* const> device_extensions{};    // e.g. VK_KHR_swapchain
  // Optional: called once the instance exists; the surface it returns is
  // owned by the setup from then on, and the queue family must present to it.
  std::function<Result<VkSurfaceKHR>(VkInstance)> make_surface{};
};

class VkDeviceSetup {
 public:
  static Result<VkDeviceSetup> create(const VkDeviceSetupDesc& desc);

  VkDeviceSetup(VkDeviceSetup&&) noexcept;
  VkDeviceSetup& operator=(VkDeviceSetup&&) noexcept;
  VkDeviceSetup(const VkDeviceSetup&) = delete;
  VkDeviceSetup& operator=(const VkDeviceSetup&) = delete;
  ~VkDeviceSetup();  // waits for the device, then destroys device, surface, messenger, instance

  VkInstance instance() const noexcept;
  VkSurfaceKHR surface() const noexcept;  // VK_NULL_HANDLE without make_surface
  VkPhysicalDevice physical_device() const noexcept;
  VkDevice device() const noexcept;
  uint32_t queue_family() const noexcept;
  VkQueue queue() const noexcept;
  std::string device_name() const;

  // A RendererDesc on this device (font and slots left at their defaults).
  RendererDesc renderer_desc() const noexcept;

  uint32_t validation_errors() const noexcept;
  uint32_t validation_warnings() const noexcept;
  // The first few validation messages, for diagnostics.
  const std::vector<std::string>& validation_messages() const noexcept;

 private:
  struct Impl;
  explicit VkDeviceSetup(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tw
