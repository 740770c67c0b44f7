// xr_vulkan.hpp: the sample's Vulkan instance and device, made the way an
// OpenXR runtime wants them, through XR_KHR_vulkan_enable2 or the older
// XR_KHR_vulkan_enable (v1).
//
// What it does: enable2 lets the runtime create the VkInstance and VkDevice
// (xrCreateVulkanInstanceKHR, xrCreateVulkanDeviceKHR); v1 asks the runtime
// for the extensions it needs and creates them here. Either way the result
// is the XrGraphicsBindingVulkanKHR the app passes to xrCreateSession (and to
// tw::xr::SessionBinding): the same struct for both extensions.
// What it does not do: anything Timewall-specific; any OpenXR Vulkan app has
// this code.
//
//   auto vk = XrVulkan::create(instance, system, /*enable_version=*/2);
//   session_info.next = &vk->binding;
#pragma once

#define XR_USE_GRAPHICS_API_VULKAN
#include <vulkan/vulkan.h>
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

#include <string>

#include "core/result.hpp"

namespace sample {

// The instance extension name for `enable_version` (1 or 2).
const char* vulkan_extension_name(int enable_version);

struct XrVulkan {
  XrGraphicsBindingVulkanKHR binding{XR_TYPE_GRAPHICS_BINDING_VULKAN_KHR};
  VkCommandPool pool = VK_NULL_HANDLE;

  static tw::Result<XrVulkan> create(XrInstance instance, XrSystemId system, int enable_version);
  void destroy();  // after the session is gone
};

}  // namespace sample
