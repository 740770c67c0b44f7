// vk_util.hpp: small Vulkan helpers shared by sdk/render and platform/.
//
// What it does: turns a failed VkResult into a tw::Error (code kErrcVulkan)
// naming the call,
// finds memory types, and creates what the panel renderer, the headless
// compositor and the desktop simulator all need: host-visible, persistently
// mapped buffers, device images, shader modules, pipelines, one-colour render
// passes, samplers and sampler sets, command buffers and fences, image
// barriers and read-backs.
// What it does not do: own anything beyond what it returns (callers destroy).
//
//   if (VkResult r = vkCreateFence(dev, &info, nullptr, &fence); r != VK_SUCCESS)
//     return tw::vk_error("vkCreateFence", r);
#pragma once

#include <vulkan/vulkan.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/result.hpp"

namespace tw {

// A Vulkan call failed: the render layer's error code, TW_ERROR_VULKAN in
// the C ABI (core's Errc leaves 15 to it; see core/result.hpp).
inline constexpr Errc kErrcVulkan{15};

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
  std::span<const uint32_t> vs;  // SPIR-V words
  std::span<const uint32_t> fs;
  const VkVertexInputBindingDescription* binding = nullptr;  // null: no vertex buffer
  const VkVertexInputAttributeDescription* attributes = nullptr;
  uint32_t attribute_count = 0;
  bool additive = false;
};
Result<VkPipeline> create_pipeline(const PipelineDesc& d);

// A render pass with one colour attachment of `format`, cleared on load and
// stored, starting UNDEFINED and ending in `final_layout`.
Result<VkRenderPass> create_color_pass(VkDevice dev, VkFormat format, VkImageLayout final_layout,
                                       std::span<const VkSubpassDependency> dependencies);

// Bilinear, clamped to the edge; trilinear across mips when max_lod > 0.
Result<VkSampler> create_linear_sampler(VkDevice dev, float max_lod = 0.f);
// One combined image sampler at binding 0, read by the fragment stage.
Result<VkDescriptorSetLayout> create_sampler_set_layout(VkDevice dev);
// `set_layout` may be null; `push_bytes` 0 means no push constants.
Result<VkPipelineLayout> create_pipeline_layout(VkDevice dev, VkDescriptorSetLayout set_layout, uint32_t push_bytes,
                                                VkShaderStageFlags push_stages);
// A pool of `max_sets` single-sampler sets.
Result<VkDescriptorPool> create_sampler_pool(VkDevice dev, uint32_t max_sets,
                                             VkDescriptorPoolCreateFlags flags = 0);
// Allocates a set from `pool` that samples `view` (SHADER_READ_ONLY_OPTIMAL).
Result<VkDescriptorSet> allocate_sampler_set(VkDevice dev, VkDescriptorPool pool, VkDescriptorSetLayout layout,
                                             VkSampler sampler, VkImageView view);

// A resettable command pool, one primary command buffer from it, a fence.
Result<VkCommandPool> create_command_pool(VkDevice dev, uint32_t queue_family);
Result<VkCommandBuffer> allocate_command_buffer(VkDevice dev, VkCommandPool pool);
Result<VkFence> create_fence(VkDevice dev, bool signaled = false);
// Resets and begins `cmd` for one submission.
void begin_one_time(VkCommandBuffer cmd);
// Submits `cmd` alone (no semaphores), waits on `fence` and resets it.
Status submit_and_wait(VkDevice dev, VkQueue queue, VkCommandBuffer cmd, VkFence fence);

// One layout transition of a colour image's mips [base_mip, base_mip + mips).
struct ImageBarrier {
  VkImage image = VK_NULL_HANDLE;
  VkImageLayout from = VK_IMAGE_LAYOUT_UNDEFINED, to = VK_IMAGE_LAYOUT_UNDEFINED;
  VkPipelineStageFlags src_stage = VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, dst_stage = VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT;
  VkAccessFlags src_access = 0, dst_access = 0;
  uint32_t base_mip = 0, mips = 1;
};
void image_barrier(VkCommandBuffer cmd, const ImageBarrier& b);

// A 2D colour image in device memory (host memory where there is none) with
// a view of all its mips.
struct DeviceImageDesc {
  VkFormat format = VK_FORMAT_UNDEFINED;
  uint32_t width = 0, height = 0;
  VkImageUsageFlags usage = 0;
  uint32_t mips = 1;
};
struct DeviceImage {
  VkImage image = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  VkImageView view = VK_NULL_HANDLE;
};
Result<DeviceImage> create_device_image(VkPhysicalDevice phys, VkDevice dev, const DeviceImageDesc& d);
void destroy_device_image(VkDevice dev, DeviceImage& img) noexcept;

// Copies mip 0 of `image` (in TRANSFER_SRC_OPTIMAL) into `buffer`, tightly
// packed, and makes the copy visible to the host once the commands finish.
void record_copy_to_host(VkCommandBuffer cmd, VkImage image, VkBuffer buffer, uint32_t width, uint32_t height);

}  // namespace tw
