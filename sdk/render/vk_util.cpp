// vk_util.cpp
#include "render/vk_util.hpp"

#include <string>

namespace tw {

std::string_view to_string(VkResult r) noexcept {
  switch (r) {
    case VK_SUCCESS: return "VK_SUCCESS";
    case VK_NOT_READY: return "VK_NOT_READY";
    case VK_TIMEOUT: return "VK_TIMEOUT";
    case VK_ERROR_OUT_OF_HOST_MEMORY: return "VK_ERROR_OUT_OF_HOST_MEMORY";
    case VK_ERROR_OUT_OF_DEVICE_MEMORY: return "VK_ERROR_OUT_OF_DEVICE_MEMORY";
    case VK_ERROR_INITIALIZATION_FAILED: return "VK_ERROR_INITIALIZATION_FAILED";
    case VK_ERROR_DEVICE_LOST: return "VK_ERROR_DEVICE_LOST";
    case VK_ERROR_MEMORY_MAP_FAILED: return "VK_ERROR_MEMORY_MAP_FAILED";
    case VK_ERROR_LAYER_NOT_PRESENT: return "VK_ERROR_LAYER_NOT_PRESENT";
    case VK_ERROR_EXTENSION_NOT_PRESENT: return "VK_ERROR_EXTENSION_NOT_PRESENT";
    case VK_ERROR_FEATURE_NOT_PRESENT: return "VK_ERROR_FEATURE_NOT_PRESENT";
    case VK_ERROR_INCOMPATIBLE_DRIVER: return "VK_ERROR_INCOMPATIBLE_DRIVER";
    case VK_ERROR_FORMAT_NOT_SUPPORTED: return "VK_ERROR_FORMAT_NOT_SUPPORTED";
    default: return "VkResult(other)";
  }
}

Error vk_error(std::string_view call, VkResult r) {
  std::string msg(call);
  msg += " failed: ";
  msg += to_string(r);
  msg += " (" + std::to_string(static_cast<int>(r)) + ")";
  return Error{kErrcVulkan, std::move(msg)};
}

uint32_t find_memory_type(VkPhysicalDevice phys, uint32_t type_bits, VkMemoryPropertyFlags want) noexcept {
  VkPhysicalDeviceMemoryProperties props;
  vkGetPhysicalDeviceMemoryProperties(phys, &props);
  for (uint32_t i = 0; i < props.memoryTypeCount; ++i) {
    if ((type_bits & (1u << i)) && (props.memoryTypes[i].propertyFlags & want) == want) return i;
  }
  return UINT32_MAX;
}

Result<MappedBuffer> create_mapped_buffer(VkPhysicalDevice phys, VkDevice dev, VkDeviceSize size,
                                          VkBufferUsageFlags usage) {
  MappedBuffer b;
  b.size = size;
  VkBufferCreateInfo bi{};
  bi.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
  bi.size = size;
  bi.usage = usage;
  bi.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  if (VkResult r = vkCreateBuffer(dev, &bi, nullptr, &b.buffer); r != VK_SUCCESS) return vk_error("vkCreateBuffer", r);
  VkMemoryRequirements req;
  vkGetBufferMemoryRequirements(dev, b.buffer, &req);
  uint32_t type = find_memory_type(phys, req.memoryTypeBits,
                                   VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
  if (type == UINT32_MAX) {
    destroy_mapped_buffer(dev, b);
    return Error{kErrcVulkan, "no host-visible coherent memory type for a buffer"};
  }
  VkMemoryAllocateInfo ai{};
  ai.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
  ai.allocationSize = req.size;
  ai.memoryTypeIndex = type;
  VkResult r = vkAllocateMemory(dev, &ai, nullptr, &b.memory);
  if (r == VK_SUCCESS) r = vkBindBufferMemory(dev, b.buffer, b.memory, 0);
  if (r == VK_SUCCESS) r = vkMapMemory(dev, b.memory, 0, VK_WHOLE_SIZE, 0, &b.mapped);
  if (r != VK_SUCCESS) {
    destroy_mapped_buffer(dev, b);
    return vk_error("allocating a mapped buffer", r);
  }
  return b;
}

void destroy_mapped_buffer(VkDevice dev, MappedBuffer& b) noexcept {
  if (b.buffer) vkDestroyBuffer(dev, b.buffer, nullptr);
  if (b.memory) vkFreeMemory(dev, b.memory, nullptr);  // unmaps implicitly
  b = MappedBuffer{};
}

Result<VkShaderModule> create_shader(VkDevice dev, const uint32_t* words, size_t bytes) {
  VkShaderModuleCreateInfo ci{};
  ci.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
  ci.codeSize = bytes;
  ci.pCode = words;
  VkShaderModule m = VK_NULL_HANDLE;
  if (VkResult r = vkCreateShaderModule(dev, &ci, nullptr, &m); r != VK_SUCCESS) return vk_error("vkCreateShaderModule", r);
  return m;
}

}  // namespace tw

namespace tw {

Result<VkPipeline> create_pipeline(const PipelineDesc& d) {
  auto vm = create_shader(d.device, d.vs.data(), d.vs.size_bytes());
  if (!vm) return vm.error();
  auto fm = create_shader(d.device, d.fs.data(), d.fs.size_bytes());
  if (!fm) {
    vkDestroyShaderModule(d.device, vm.value(), nullptr);
    return fm.error();
  }
  VkPipelineShaderStageCreateInfo stages[2]{};
  stages[0] = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO, nullptr, 0, VK_SHADER_STAGE_VERTEX_BIT,
               vm.value(), "main", nullptr};
  stages[1] = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO, nullptr, 0, VK_SHADER_STAGE_FRAGMENT_BIT,
               fm.value(), "main", nullptr};
  VkPipelineVertexInputStateCreateInfo vi{};
  vi.sType = VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO;
  if (d.binding) {
    vi.vertexBindingDescriptionCount = 1;
    vi.pVertexBindingDescriptions = d.binding;
    vi.vertexAttributeDescriptionCount = d.attribute_count;
    vi.pVertexAttributeDescriptions = d.attributes;
  }
  VkPipelineInputAssemblyStateCreateInfo ia{};
  ia.sType = VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO;
  ia.topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST;
  VkPipelineViewportStateCreateInfo vp{};
  vp.sType = VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO;
  vp.viewportCount = 1;
  vp.scissorCount = 1;
  VkPipelineRasterizationStateCreateInfo rs{};
  rs.sType = VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO;
  rs.polygonMode = VK_POLYGON_MODE_FILL;
  rs.cullMode = VK_CULL_MODE_NONE;
  rs.frontFace = VK_FRONT_FACE_COUNTER_CLOCKWISE;
  rs.lineWidth = 1.0f;
  VkPipelineMultisampleStateCreateInfo ms{};
  ms.sType = VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO;
  ms.rasterizationSamples = VK_SAMPLE_COUNT_1_BIT;
  // Premultiplied: out = src + (1 - src.a) * dst. Additive display: out = src + dst.
  VkPipelineColorBlendAttachmentState blend{};
  blend.blendEnable = VK_TRUE;
  blend.srcColorBlendFactor = VK_BLEND_FACTOR_ONE;
  blend.dstColorBlendFactor = d.additive ? VK_BLEND_FACTOR_ONE : VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
  blend.colorBlendOp = VK_BLEND_OP_ADD;
  blend.srcAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
  blend.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
  blend.alphaBlendOp = VK_BLEND_OP_ADD;
  blend.colorWriteMask =
      VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT | VK_COLOR_COMPONENT_B_BIT | VK_COLOR_COMPONENT_A_BIT;
  VkPipelineColorBlendStateCreateInfo cb{};
  cb.sType = VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO;
  cb.attachmentCount = 1;
  cb.pAttachments = &blend;
  VkDynamicState dyn_states[2] = {VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR};
  VkPipelineDynamicStateCreateInfo dyn{};
  dyn.sType = VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO;
  dyn.dynamicStateCount = 2;
  dyn.pDynamicStates = dyn_states;
  VkGraphicsPipelineCreateInfo ci{};
  ci.sType = VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO;
  ci.stageCount = 2;
  ci.pStages = stages;
  ci.pVertexInputState = &vi;
  ci.pInputAssemblyState = &ia;
  ci.pViewportState = &vp;
  ci.pRasterizationState = &rs;
  ci.pMultisampleState = &ms;
  ci.pColorBlendState = &cb;
  ci.pDynamicState = &dyn;
  ci.layout = d.layout;
  ci.renderPass = d.render_pass;
  VkPipeline p = VK_NULL_HANDLE;
  VkResult r = vkCreateGraphicsPipelines(d.device, VK_NULL_HANDLE, 1, &ci, nullptr, &p);
  vkDestroyShaderModule(d.device, vm.value(), nullptr);
  vkDestroyShaderModule(d.device, fm.value(), nullptr);
  if (r != VK_SUCCESS) return vk_error("vkCreateGraphicsPipelines", r);
  return p;
}

}  // namespace tw

namespace tw {

Result<VkRenderPass> create_color_pass(VkDevice dev, VkFormat format, VkImageLayout final_layout,
                                       std::span<const VkSubpassDependency> dependencies) {
  VkAttachmentDescription color{};
  color.format = format;
  color.samples = VK_SAMPLE_COUNT_1_BIT;
  color.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
  color.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
  color.stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;
  color.stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
  color.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
  color.finalLayout = final_layout;
  VkAttachmentReference ref{0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
  VkSubpassDescription sub{};
  sub.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS;
  sub.colorAttachmentCount = 1;
  sub.pColorAttachments = &ref;
  VkRenderPassCreateInfo ci{};
  ci.sType = VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO;
  ci.attachmentCount = 1;
  ci.pAttachments = &color;
  ci.subpassCount = 1;
  ci.pSubpasses = &sub;
  ci.dependencyCount = static_cast<uint32_t>(dependencies.size());
  ci.pDependencies = dependencies.data();
  VkRenderPass pass = VK_NULL_HANDLE;
  if (VkResult r = vkCreateRenderPass(dev, &ci, nullptr, &pass); r != VK_SUCCESS) return vk_error("vkCreateRenderPass", r);
  return pass;
}

Result<VkSampler> create_linear_sampler(VkDevice dev, float max_lod) {
  VkSamplerCreateInfo si{};
  si.sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO;
  si.magFilter = si.minFilter = VK_FILTER_LINEAR;
  si.mipmapMode = VK_SAMPLER_MIPMAP_MODE_LINEAR;
  si.addressModeU = si.addressModeV = si.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
  si.maxLod = max_lod;
  VkSampler s = VK_NULL_HANDLE;
  if (VkResult r = vkCreateSampler(dev, &si, nullptr, &s); r != VK_SUCCESS) return vk_error("vkCreateSampler", r);
  return s;
}

Result<VkDescriptorSetLayout> create_sampler_set_layout(VkDevice dev) {
  VkDescriptorSetLayoutBinding b{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr};
  VkDescriptorSetLayoutCreateInfo li{};
  li.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
  li.bindingCount = 1;
  li.pBindings = &b;
  VkDescriptorSetLayout l = VK_NULL_HANDLE;
  if (VkResult r = vkCreateDescriptorSetLayout(dev, &li, nullptr, &l); r != VK_SUCCESS)
    return vk_error("vkCreateDescriptorSetLayout", r);
  return l;
}

Result<VkPipelineLayout> create_pipeline_layout(VkDevice dev, VkDescriptorSetLayout set_layout, uint32_t push_bytes,
                                                VkShaderStageFlags push_stages) {
  VkPushConstantRange range{push_stages, 0, push_bytes};
  VkPipelineLayoutCreateInfo pl{};
  pl.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
  pl.setLayoutCount = set_layout ? 1u : 0u;
  pl.pSetLayouts = set_layout ? &set_layout : nullptr;
  pl.pushConstantRangeCount = push_bytes ? 1u : 0u;
  pl.pPushConstantRanges = push_bytes ? &range : nullptr;
  VkPipelineLayout l = VK_NULL_HANDLE;
  if (VkResult r = vkCreatePipelineLayout(dev, &pl, nullptr, &l); r != VK_SUCCESS)
    return vk_error("vkCreatePipelineLayout", r);
  return l;
}

Result<VkDescriptorPool> create_sampler_pool(VkDevice dev, uint32_t max_sets, VkDescriptorPoolCreateFlags flags) {
  VkDescriptorPoolSize ps{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, max_sets};
  VkDescriptorPoolCreateInfo dp{};
  dp.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
  dp.flags = flags;
  dp.maxSets = max_sets;
  dp.poolSizeCount = 1;
  dp.pPoolSizes = &ps;
  VkDescriptorPool p = VK_NULL_HANDLE;
  if (VkResult r = vkCreateDescriptorPool(dev, &dp, nullptr, &p); r != VK_SUCCESS)
    return vk_error("vkCreateDescriptorPool", r);
  return p;
}

Result<VkDescriptorSet> allocate_sampler_set(VkDevice dev, VkDescriptorPool pool, VkDescriptorSetLayout layout,
                                             VkSampler sampler, VkImageView view) {
  VkDescriptorSetAllocateInfo ai{};
  ai.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO;
  ai.descriptorPool = pool;
  ai.descriptorSetCount = 1;
  ai.pSetLayouts = &layout;
  VkDescriptorSet set = VK_NULL_HANDLE;
  if (VkResult r = vkAllocateDescriptorSets(dev, &ai, &set); r != VK_SUCCESS) return vk_error("vkAllocateDescriptorSets", r);
  VkDescriptorImageInfo di{sampler, view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
  VkWriteDescriptorSet wr{};
  wr.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
  wr.dstSet = set;
  wr.descriptorCount = 1;
  wr.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
  wr.pImageInfo = &di;
  vkUpdateDescriptorSets(dev, 1, &wr, 0, nullptr);
  return set;
}

Result<VkCommandPool> create_command_pool(VkDevice dev, uint32_t queue_family) {
  VkCommandPoolCreateInfo ci{};
  ci.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
  ci.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  ci.queueFamilyIndex = queue_family;
  VkCommandPool p = VK_NULL_HANDLE;
  if (VkResult r = vkCreateCommandPool(dev, &ci, nullptr, &p); r != VK_SUCCESS) return vk_error("vkCreateCommandPool", r);
  return p;
}

Result<VkCommandBuffer> allocate_command_buffer(VkDevice dev, VkCommandPool pool) {
  VkCommandBufferAllocateInfo ai{};
  ai.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
  ai.commandPool = pool;
  ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  ai.commandBufferCount = 1;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  if (VkResult r = vkAllocateCommandBuffers(dev, &ai, &cmd); r != VK_SUCCESS) return vk_error("vkAllocateCommandBuffers", r);
  return cmd;
}

Result<VkFence> create_fence(VkDevice dev, bool signaled) {
  VkFenceCreateInfo fi{};
  fi.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
  if (signaled) fi.flags = VK_FENCE_CREATE_SIGNALED_BIT;
  VkFence f = VK_NULL_HANDLE;
  if (VkResult r = vkCreateFence(dev, &fi, nullptr, &f); r != VK_SUCCESS) return vk_error("vkCreateFence", r);
  return f;
}

void begin_one_time(VkCommandBuffer cmd) {
  vkResetCommandBuffer(cmd, 0);
  VkCommandBufferBeginInfo bi{};
  bi.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
  bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  vkBeginCommandBuffer(cmd, &bi);
}

Status submit_and_wait(VkDevice dev, VkQueue queue, VkCommandBuffer cmd, VkFence fence) {
  VkSubmitInfo submit{};
  submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
  submit.commandBufferCount = 1;
  submit.pCommandBuffers = &cmd;
  VkResult r = vkQueueSubmit(queue, 1, &submit, fence);
  if (r == VK_SUCCESS) r = vkWaitForFences(dev, 1, &fence, VK_TRUE, UINT64_MAX);
  if (r == VK_SUCCESS) r = vkResetFences(dev, 1, &fence);
  if (r != VK_SUCCESS) return vk_error("vkQueueSubmit/vkWaitForFences", r);
  return {};
}

void image_barrier(VkCommandBuffer cmd, const ImageBarrier& b) {
  VkImageMemoryBarrier m{};
  m.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER;
  m.srcAccessMask = b.src_access;
  m.dstAccessMask = b.dst_access;
  m.oldLayout = b.from;
  m.newLayout = b.to;
  m.srcQueueFamilyIndex = m.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  m.image = b.image;
  m.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, b.base_mip, b.mips, 0, 1};
  vkCmdPipelineBarrier(cmd, b.src_stage, b.dst_stage, 0, 0, nullptr, 0, nullptr, 1, &m);
}

}  // namespace tw

namespace tw {

Result<DeviceImage> create_device_image(VkPhysicalDevice phys, VkDevice dev, const DeviceImageDesc& d) {
  DeviceImage img;
  VkImageCreateInfo ii{};
  ii.sType = VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO;
  ii.imageType = VK_IMAGE_TYPE_2D;
  ii.format = d.format;
  ii.extent = {d.width, d.height, 1};
  ii.mipLevels = d.mips;
  ii.arrayLayers = 1;
  ii.samples = VK_SAMPLE_COUNT_1_BIT;
  ii.tiling = VK_IMAGE_TILING_OPTIMAL;
  ii.usage = d.usage;
  ii.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
  if (VkResult r = vkCreateImage(dev, &ii, nullptr, &img.image); r != VK_SUCCESS) return vk_error("vkCreateImage", r);
  VkMemoryRequirements req;
  vkGetImageMemoryRequirements(dev, img.image, &req);
  VkMemoryAllocateInfo ai{};
  ai.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
  ai.allocationSize = req.size;
  ai.memoryTypeIndex = find_memory_type(phys, req.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
  if (ai.memoryTypeIndex == UINT32_MAX) ai.memoryTypeIndex = find_memory_type(phys, req.memoryTypeBits, 0);
  VkResult r = vkAllocateMemory(dev, &ai, nullptr, &img.memory);
  if (r == VK_SUCCESS) r = vkBindImageMemory(dev, img.image, img.memory, 0);
  if (r == VK_SUCCESS) {
    VkImageViewCreateInfo vi{};
    vi.sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO;
    vi.image = img.image;
    vi.viewType = VK_IMAGE_VIEW_TYPE_2D;
    vi.format = d.format;
    vi.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, d.mips, 0, 1};
    r = vkCreateImageView(dev, &vi, nullptr, &img.view);
  }
  if (r != VK_SUCCESS) {
    destroy_device_image(dev, img);
    return vk_error("creating an image", r);
  }
  return img;
}

void destroy_device_image(VkDevice dev, DeviceImage& img) noexcept {
  if (img.view) vkDestroyImageView(dev, img.view, nullptr);
  if (img.image) vkDestroyImage(dev, img.image, nullptr);
  if (img.memory) vkFreeMemory(dev, img.memory, nullptr);
  img = DeviceImage{};
}

}  // namespace tw

namespace tw {

void record_copy_to_host(VkCommandBuffer cmd, VkImage image, VkBuffer buffer, uint32_t width, uint32_t height) {
  VkBufferImageCopy copy{};
  copy.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
  copy.imageExtent = {width, height, 1};
  vkCmdCopyImageToBuffer(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, buffer, 1, &copy);
  VkBufferMemoryBarrier host{};
  host.sType = VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER;
  host.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
  host.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
  host.srcQueueFamilyIndex = host.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  host.buffer = buffer;
  host.size = VK_WHOLE_SIZE;
  vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 0, nullptr, 1, &host, 0,
                       nullptr);
}

}  // namespace tw
