// vk_util.hpp: small Vulkan helpers shared by sdk/render and platform/.
//
// What it does: turns a failed VkResult into a tw::Error naming the call,
// finds memory types, and creates host-visible, persistently mapped buffers
// and shader modules.
// What it does not do: own anything beyond what it returns.
//
//   if (VkResult r = vkCreateFence(dev, &info, nullptr, &fence); r != VK_SUCCESS)
//     return tw::vk_error("vkCreateFence", r);
#pragma once

#include <vulkan/vulkan.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/result.hpp"

namespace tw {

std::string_view to_string(VkResult r) noexcept;
Error vk_error(std::string_view call, VkResult r);

// UINT32_MAX when no memory type matches.
uint32_t find_memory_type(VkPhysicalDevice phys, uint32_t type_bits, VkMemoryPropertyFlags want) noexcept;

// A buffer with host-visible, coherent memory, mapped for its whole life.
struct MappedBuffer {
  VkBuffer buffer = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  void* mapped = nullptr;
  VkDeviceSize size = 0;
};
Result<MappedBuffer> create_mapped_buffer(VkPhysicalDevice phys, VkDevice dev, VkDeviceSize size,
                                          VkBufferUsageFlags usage);
void destroy_mapped_buffer(VkDevice dev, MappedBuffer& b) noexcept;

Result<VkShaderModule> create_shader(VkDevice dev, const uint32_t* words, size_t bytes);

// A triangle-list pipeline with dynamic viewport/scissor, no depth, no
// culling, and premultiplied-alpha blending (or additive: ONE, ONE).
struct PipelineDesc {
  VkDevice device = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  VkRenderPass render_pass = VK_NULL_HANDLE;
  const uint32_t* vs = nullptr;
  size_t vs_bytes = 0;
  const uint32_t* fs = nullptr;
  size_t fs_bytes = 0;
  const VkVertexInputBindingDescription* binding = nullptr;  // null: no vertex buffer
  const VkVertexInputAttributeDescription* attributes = nullptr;
  uint32_t attribute_count = 0;
  bool additive = false;
};
Result<VkPipeline> create_pipeline(const PipelineDesc& d);

}  // namespace tw
