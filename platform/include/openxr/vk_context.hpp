// vk_context.hpp: the app's Vulkan device as the binding uses it.
//
// What it does: from the Vulkan objects an OpenXR app hands to xrCreateSession
// (XrGraphicsBindingVulkanKHR, identical for XR_KHR_vulkan_enable2), gets the
// app's queue. The app's queue is used only from the thread that calls
// xrEndFrame, which is where OpenXR apps submit their own frame work.
// What it does not do: create or own any Vulkan object.
//
//   auto ctx = tw::xr::VkContext::create(binding);   // binding: XrGraphicsBindingVulkanKHR
//   if (!ctx) log(ctx.error().message);
#pragma once

#define XR_USE_GRAPHICS_API_VULKAN
#include <vulkan/vulkan.h>
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

#include <string>

#include "core/result.hpp"

namespace tw::xr {

std::string vk_error(const char* call, VkResult r);

class VkContext {
 public:
  static Result<VkContext> create(const XrGraphicsBindingVulkanKHR& binding);

  VkPhysicalDevice physical_device() const { return physical_; }
  VkDevice device() const { return device_; }
  VkQueue queue() const { return queue_; }
  uint32_t queue_family() const { return family_; }

 private:
  VkPhysicalDevice physical_ = VK_NULL_HANDLE;
  VkDevice device_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
  uint32_t family_ = 0;
};

}  // namespace tw::xr
