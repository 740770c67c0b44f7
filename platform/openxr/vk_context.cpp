#include "openxr/vk_context.hpp"

#include <utility>

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
  vkGetDeviceQueue(binding.device, binding.queueFamilyIndex, binding.queueIndex, &ctx.queue_);
  vkGetPhysicalDeviceMemoryProperties(binding.physicalDevice, &ctx.memory_);
  VkCommandPoolCreateInfo pool_info{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  pool_info.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  pool_info.queueFamilyIndex = binding.queueFamilyIndex;
  if (VkResult r = vkCreateCommandPool(ctx.device_, &pool_info, nullptr, &ctx.pool_); r != VK_SUCCESS)
    return Error{Errc::vulkan, vk_error("vkCreateCommandPool", r)};
  return ctx;
}

VkContext& VkContext::operator=(VkContext&& o) noexcept {
  if (this != &o) {
    this->~VkContext();
    physical_ = std::exchange(o.physical_, VK_NULL_HANDLE);
    device_ = std::exchange(o.device_, VK_NULL_HANDLE);
    queue_ = std::exchange(o.queue_, VK_NULL_HANDLE);
    pool_ = std::exchange(o.pool_, VK_NULL_HANDLE);
    memory_ = o.memory_;
  }
  return *this;
}

VkContext::~VkContext() {
  if (pool_ != VK_NULL_HANDLE) vkDestroyCommandPool(device_, pool_, nullptr);
  pool_ = VK_NULL_HANDLE;
}

int32_t VkContext::memory_type(uint32_t type_bits, VkMemoryPropertyFlags flags) const {
  for (uint32_t i = 0; i < memory_.memoryTypeCount; ++i)
    if ((type_bits & (1u << i)) && (memory_.memoryTypes[i].propertyFlags & flags) == flags)
      return static_cast<int32_t>(i);
  return -1;
}

}  // namespace tw::xr
