#include "openxr/vk_context.hpp"

#include "render/vk_util.hpp"

namespace tw::xr {

std::string vk_error(const char* call, VkResult r) {
  return std::string(call) + " failed: VkResult " + std::to_string(r);
}

Result<VkContext> VkContext::create(const XrGraphicsBindingVulkanKHR& binding) {
  if (binding.device == VK_NULL_HANDLE || binding.physicalDevice == VK_NULL_HANDLE)
    return Error{Errc::invalid_argument, "XrGraphicsBindingVulkanKHR has a null device"};
  VkContext ctx;
  ctx.physical_ = binding.physicalDevice;
  ctx.device_ = binding.device;
  ctx.family_ = binding.queueFamilyIndex;
  vkGetDeviceQueue(binding.device, binding.queueFamilyIndex, binding.queueIndex, &ctx.queue_);
  if (ctx.queue_ == VK_NULL_HANDLE) return Error{kErrcVulkan, "vkGetDeviceQueue returned no queue"};
  return ctx;
}

}  // namespace tw::xr
