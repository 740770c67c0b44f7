// frame_renderer.cpp
#include "frame_renderer.hpp"

#include <imgui.h>
#include <imgui_impl_vulkan.h>

#include <array>
#include <cstring>
#include <utility>

#include "render/vk_util.hpp"
#include "tw_shaders/tw_shaders.hpp"

namespace tw::sim {

namespace {

constexpr size_t kMaxQuads = 64;

struct Vertex {
  float clip[4];
  float uv[2];
};

// Matches shaders/sim_world.frag.
struct WorldPush {
  float world_from_clip[16];
  float eye_m[4];
  float params[4];
};
static_assert(sizeof(WorldPush) == 96);

}  // namespace

struct FrameRenderer::Impl {
  DesktopWindow* window = nullptr;
  VkDevice dev = VK_NULL_HANDLE;
  VkRenderPass render_pass = VK_NULL_HANDLE;
  std::vector<VkFramebuffer> framebuffers;
  uint64_t generation = 0;
  VkPipelineLayout world_layout = VK_NULL_HANDLE, quad_layout = VK_NULL_HANDLE;
  VkDescriptorSetLayout set_layout = VK_NULL_HANDLE;
  VkPipeline world = VK_NULL_HANDLE, quads_alpha = VK_NULL_HANDLE, quads_add = VK_NULL_HANDLE;
  VkSampler sampler = VK_NULL_HANDLE;
  VkDescriptorPool pool = VK_NULL_HANDLE, imgui_pool = VK_NULL_HANDLE;
  std::array<std::pair<VkImageView, VkDescriptorSet>, kMaxQuads> sets{};
  size_t set_count = 0;
  VkCommandPool cmd_pool = VK_NULL_HANDLE;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
  VkSemaphore image_ready = VK_NULL_HANDLE;
  MappedBuffer vertices;
  MappedBuffer readback;
  bool imgui_up = false;

  ~Impl() {
    if (!dev) return;
    vkDeviceWaitIdle(dev);
    if (imgui_up) ImGui_ImplVulkan_Shutdown();
    destroy_mapped_buffer(dev, vertices);
    destroy_mapped_buffer(dev, readback);
    if (image_ready) vkDestroySemaphore(dev, image_ready, nullptr);
    if (fence) vkDestroyFence(dev, fence, nullptr);
    if (cmd_pool) vkDestroyCommandPool(dev, cmd_pool, nullptr);
    if (pool) vkDestroyDescriptorPool(dev, pool, nullptr);
    if (imgui_pool) vkDestroyDescriptorPool(dev, imgui_pool, nullptr);
    if (sampler) vkDestroySampler(dev, sampler, nullptr);
    for (VkPipeline p : {world, quads_alpha, quads_add})
      if (p) vkDestroyPipeline(dev, p, nullptr);
    if (world_layout) vkDestroyPipelineLayout(dev, world_layout, nullptr);
    if (quad_layout) vkDestroyPipelineLayout(dev, quad_layout, nullptr);
    if (set_layout) vkDestroyDescriptorSetLayout(dev, set_layout, nullptr);
    destroy_framebuffers();
    if (render_pass) vkDestroyRenderPass(dev, render_pass, nullptr);
  }

  void destroy_framebuffers() {
    for (VkFramebuffer f : framebuffers) vkDestroyFramebuffer(dev, f, nullptr);
    framebuffers.clear();
  }

  Status build_framebuffers() {
    destroy_framebuffers();
    const VkExtent2D e = window->extent();
    for (uint32_t i = 0; i < window->image_count(); ++i) {
      VkImageView view = window->image_view(i);
      VkFramebufferCreateInfo fb{};
      fb.sType = VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO;
      fb.renderPass = render_pass;
      fb.attachmentCount = 1;
      fb.pAttachments = &view;
      fb.width = e.width;
      fb.height = e.height;
      fb.layers = 1;
      VkFramebuffer f = VK_NULL_HANDLE;
      if (VkResult r = vkCreateFramebuffer(dev, &fb, nullptr, &f); r != VK_SUCCESS) return vk_error("vkCreateFramebuffer", r);
      framebuffers.push_back(f);
    }
    generation = window->generation();
    return {};
  }

  Status init() {
    dev = window->device();
    VkAttachmentDescription color{};
    color.format = window->format();
    color.samples = VK_SAMPLE_COUNT_1_BIT;
    color.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    color.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    color.stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;
    color.stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
    color.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
    color.finalLayout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR;
    VkAttachmentReference ref{0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
    VkSubpassDescription sub{};
    sub.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS;
    sub.colorAttachmentCount = 1;
    sub.pColorAttachments = &ref;
    // The acquire semaphore is waited at colour output; panel images were
    // written by other submissions and are read in the fragment shader.
    VkSubpassDependency dep{VK_SUBPASS_EXTERNAL, 0, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
                            VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, 0,
                            VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT, 0};
    VkRenderPassCreateInfo rp{};
    rp.sType = VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO;
    rp.attachmentCount = 1;
    rp.pAttachments = &color;
    rp.subpassCount = 1;
    rp.pSubpasses = &sub;
    rp.dependencyCount = 1;
    rp.pDependencies = &dep;
    if (VkResult r = vkCreateRenderPass(dev, &rp, nullptr, &render_pass); r != VK_SUCCESS) return vk_error("vkCreateRenderPass", r);
    if (Status s = build_framebuffers(); !s) return s;

    VkPushConstantRange range{VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(WorldPush)};
    VkPipelineLayoutCreateInfo pl{};
    pl.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
    pl.pushConstantRangeCount = 1;
    pl.pPushConstantRanges = &range;
    if (VkResult r = vkCreatePipelineLayout(dev, &pl, nullptr, &world_layout); r != VK_SUCCESS)
      return vk_error("vkCreatePipelineLayout", r);
    VkDescriptorSetLayoutBinding b{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr};
    VkDescriptorSetLayoutCreateInfo li{};
    li.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
    li.bindingCount = 1;
    li.pBindings = &b;
    if (VkResult r = vkCreateDescriptorSetLayout(dev, &li, nullptr, &set_layout); r != VK_SUCCESS)
      return vk_error("vkCreateDescriptorSetLayout", r);
    VkPipelineLayoutCreateInfo ql{};
    ql.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
    ql.setLayoutCount = 1;
    ql.pSetLayouts = &set_layout;
    if (VkResult r = vkCreatePipelineLayout(dev, &ql, nullptr, &quad_layout); r != VK_SUCCESS)
      return vk_error("vkCreatePipelineLayout", r);

    PipelineDesc pd;
    pd.device = dev;
    pd.layout = world_layout;
    pd.render_pass = render_pass;
    pd.vs = shaders::k_sim_world_vert;
    pd.vs_bytes = sizeof shaders::k_sim_world_vert;
    pd.fs = shaders::k_sim_world_frag;
    pd.fs_bytes = sizeof shaders::k_sim_world_frag;
    auto wp = create_pipeline(pd);
    if (!wp) return wp.error();
    world = wp.value();
    VkVertexInputBindingDescription binding{0, sizeof(Vertex), VK_VERTEX_INPUT_RATE_VERTEX};
    VkVertexInputAttributeDescription attrs[2] = {{0, 0, VK_FORMAT_R32G32B32A32_SFLOAT, 0},
                                                  {1, 0, VK_FORMAT_R32G32_SFLOAT, 16}};
    pd.layout = quad_layout;
    pd.vs = shaders::k_composite_vert;
    pd.vs_bytes = sizeof shaders::k_composite_vert;
    pd.fs = shaders::k_composite_frag;
    pd.fs_bytes = sizeof shaders::k_composite_frag;
    pd.binding = &binding;
    pd.attributes = attrs;
    pd.attribute_count = 2;
    auto qa = create_pipeline(pd);
    if (!qa) return qa.error();
    quads_alpha = qa.value();
    pd.additive = true;
    auto qd = create_pipeline(pd);
    if (!qd) return qd.error();
    quads_add = qd.value();

    VkSamplerCreateInfo si{};
    si.sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO;
    si.magFilter = si.minFilter = VK_FILTER_LINEAR;
    si.addressModeU = si.addressModeV = si.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
    if (VkResult r = vkCreateSampler(dev, &si, nullptr, &sampler); r != VK_SUCCESS) return vk_error("vkCreateSampler", r);
    VkDescriptorPoolSize ps{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, kMaxQuads};
    VkDescriptorPoolCreateInfo dp{};
    dp.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
    dp.maxSets = kMaxQuads;
    dp.poolSizeCount = 1;
    dp.pPoolSizes = &ps;
    if (VkResult r = vkCreateDescriptorPool(dev, &dp, nullptr, &pool); r != VK_SUCCESS) return vk_error("vkCreateDescriptorPool", r);
    dp.flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT;
    ps.descriptorCount = 16;
    dp.maxSets = 16;
    if (VkResult r = vkCreateDescriptorPool(dev, &dp, nullptr, &imgui_pool); r != VK_SUCCESS)
      return vk_error("vkCreateDescriptorPool", r);

    VkCommandPoolCreateInfo ci{};
    ci.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
    ci.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    ci.queueFamilyIndex = window->queue_family();
    if (VkResult r = vkCreateCommandPool(dev, &ci, nullptr, &cmd_pool); r != VK_SUCCESS) return vk_error("vkCreateCommandPool", r);
    VkCommandBufferAllocateInfo ai{};
    ai.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
    ai.commandPool = cmd_pool;
    ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    ai.commandBufferCount = 1;
    if (VkResult r = vkAllocateCommandBuffers(dev, &ai, &cmd); r != VK_SUCCESS) return vk_error("vkAllocateCommandBuffers", r);
    VkFenceCreateInfo fi{};
    fi.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
    fi.flags = VK_FENCE_CREATE_SIGNALED_BIT;
    if (VkResult r = vkCreateFence(dev, &fi, nullptr, &fence); r != VK_SUCCESS) return vk_error("vkCreateFence", r);
    VkSemaphoreCreateInfo sci{};
    sci.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO;
    if (VkResult r = vkCreateSemaphore(dev, &sci, nullptr, &image_ready); r != VK_SUCCESS) return vk_error("vkCreateSemaphore", r);
    auto vb = create_mapped_buffer(window->physical_device(), dev, kMaxQuads * 6 * sizeof(Vertex),
                                   VK_BUFFER_USAGE_VERTEX_BUFFER_BIT);
    if (!vb) return vb.error();
    vertices = vb.value();
    return init_imgui();
  }

  Status init_imgui() {
    ImGui_ImplVulkan_InitInfo ii{};
    ii.Instance = window->instance();
    ii.PhysicalDevice = window->physical_device();
    ii.Device = dev;
    ii.QueueFamily = window->queue_family();
    ii.Queue = window->queue();
    ii.DescriptorPool = imgui_pool;
    ii.MinImageCount = 2;
    ii.ImageCount = std::max(2u, window->image_count());
    ii.MSAASamples = VK_SAMPLE_COUNT_1_BIT;
    if (!ImGui_ImplVulkan_Init(&ii, render_pass)) return Error{Errc::vulkan, "ImGui_ImplVulkan_Init failed"};
    imgui_up = true;
    // Upload the control panel's font once.
    vkWaitForFences(dev, 1, &fence, VK_TRUE, UINT64_MAX);
    vkResetCommandBuffer(cmd, 0);
    VkCommandBufferBeginInfo bi{};
    bi.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
    bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    vkBeginCommandBuffer(cmd, &bi);
    ImGui_ImplVulkan_CreateFontsTexture(cmd);
    vkEndCommandBuffer(cmd);
    VkSubmitInfo submit{};
    submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd;
    vkResetFences(dev, 1, &fence);
    if (VkResult r = vkQueueSubmit(window->queue(), 1, &submit, fence); r != VK_SUCCESS) return vk_error("vkQueueSubmit", r);
    vkWaitForFences(dev, 1, &fence, VK_TRUE, UINT64_MAX);
    ImGui_ImplVulkan_DestroyFontUploadObjects();
    return {};
  }

  Result<VkDescriptorSet> set_for(VkImageView view) {
    for (size_t i = 0; i < set_count; ++i)
      if (sets[i].first == view) return sets[i].second;
    if (set_count == kMaxQuads) return Error{Errc::too_large, "FrameRenderer: more than 64 distinct panel images"};
    VkDescriptorSetAllocateInfo ai{};
    ai.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO;
    ai.descriptorPool = pool;
    ai.descriptorSetCount = 1;
    ai.pSetLayouts = &set_layout;
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
    sets[set_count++] = {view, set};
    return set;
  }

  void record_capture(uint32_t index, VkExtent2D e) {
    VkImageMemoryBarrier to_src{};
    to_src.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER;
    to_src.srcAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
    to_src.dstAccessMask = VK_ACCESS_TRANSFER_READ_BIT;
    to_src.oldLayout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR;
    to_src.newLayout = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
    to_src.srcQueueFamilyIndex = to_src.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    to_src.image = window->image(index);
    to_src.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0, nullptr,
                         0, nullptr, 1, &to_src);
    VkBufferImageCopy region{};
    region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    region.imageExtent = {e.width, e.height, 1};
    vkCmdCopyImageToBuffer(cmd, window->image(index), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, readback.buffer, 1, &region);
    VkImageMemoryBarrier back = to_src;
    back.srcAccessMask = VK_ACCESS_TRANSFER_READ_BIT;
    back.dstAccessMask = 0;
    back.oldLayout = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
    back.newLayout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR;
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, 0, 0, nullptr, 0,
                         nullptr, 1, &back);
    VkBufferMemoryBarrier host{};
    host.sType = VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER;
    host.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    host.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
    host.srcQueueFamilyIndex = host.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    host.buffer = readback.buffer;
    host.size = VK_WHOLE_SIZE;
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 0, nullptr, 1, &host, 0,
                         nullptr);
  }

  Status draw(const FrameInput& in, Capture* capture) {
    if (in.quads.size() > kMaxQuads) return Error{Errc::too_large, "FrameRenderer: more than 64 quads"};
    if (VkResult r = vkWaitForFences(dev, 1, &fence, VK_TRUE, UINT64_MAX); r != VK_SUCCESS) return vk_error("vkWaitForFences", r);
    auto index = window->acquire(image_ready);
    if (!index) return index.error();
    if (generation != window->generation())
      if (Status s = build_framebuffers(); !s) return s;
    const VkExtent2D e = window->extent();
    if (capture) {
      const VkDeviceSize need = VkDeviceSize{e.width} * e.height * 4;
      if (readback.size < need) {
        destroy_mapped_buffer(dev, readback);
        auto rb = create_mapped_buffer(window->physical_device(), dev, need, VK_BUFFER_USAGE_TRANSFER_DST_BIT);
        if (!rb) return rb.error();
        readback = rb.value();
      }
    }

    auto* v = static_cast<Vertex*>(vertices.mapped);
    const int order[6] = {0, 1, 2, 0, 2, 3};
    const float uvs[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
    for (size_t q = 0; q < in.quads.size(); ++q)
      for (size_t k = 0; k < 6; ++k) {
        const auto c = static_cast<size_t>(order[k]);
        const glm::vec4& p = in.quads[q].clip[c];
        v[q * 6 + k] = {{p.x, p.y, p.z, p.w}, {uvs[c][0], uvs[c][1]}};
      }

    vkResetCommandBuffer(cmd, 0);
    VkCommandBufferBeginInfo bi{};
    bi.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
    bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    vkBeginCommandBuffer(cmd, &bi);
    VkClearValue clear{};
    clear.color = {{0.02f, 0.02f, 0.025f, 1.f}};
    VkRenderPassBeginInfo rb{};
    rb.sType = VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO;
    rb.renderPass = render_pass;
    rb.framebuffer = framebuffers[index.value()];
    rb.renderArea = {{0, 0}, e};
    rb.clearValueCount = 1;
    rb.pClearValues = &clear;
    vkCmdBeginRenderPass(cmd, &rb, VK_SUBPASS_CONTENTS_INLINE);
    const VkViewport vp{static_cast<float>(in.view.offset.x), static_cast<float>(in.view.offset.y),
                        static_cast<float>(in.view.extent.width), static_cast<float>(in.view.extent.height), 0.f, 1.f};
    vkCmdSetViewport(cmd, 0, 1, &vp);
    vkCmdSetScissor(cmd, 0, 1, &in.view);
    WorldPush push{};
    std::memcpy(push.world_from_clip, &in.world_from_clip[0][0], sizeof push.world_from_clip);
    push.eye_m[0] = in.eye_m.x;
    push.eye_m[1] = in.eye_m.y;
    push.eye_m[2] = in.eye_m.z;
    push.params[0] = in.world_brightness;
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, world);
    vkCmdPushConstants(cmd, world_layout, VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof push, &push);
    vkCmdDraw(cmd, 3, 1, 0, 0);
    if (!in.quads.empty()) {
      vkCmdSetScissor(cmd, 0, 1, &in.display);
      vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, in.additive ? quads_add : quads_alpha);
      VkDeviceSize zero = 0;
      vkCmdBindVertexBuffers(cmd, 0, 1, &vertices.buffer, &zero);
      for (size_t q = 0; q < in.quads.size(); ++q) {
        auto set = set_for(in.quads[q].panel);
        if (!set) {
          vkCmdEndRenderPass(cmd);
          vkEndCommandBuffer(cmd);
          return set.error();
        }
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, quad_layout, 0, 1, &set.value(), 0, nullptr);
        vkCmdDraw(cmd, 6, 1, static_cast<uint32_t>(q * 6), 0);
      }
    }
    if (in.ui) ImGui_ImplVulkan_RenderDrawData(in.ui, cmd);
    vkCmdEndRenderPass(cmd);
    if (capture) record_capture(index.value(), e);
    vkEndCommandBuffer(cmd);

    std::array<VkSemaphore, 17> waits{};
    std::array<VkPipelineStageFlags, 17> stages{};
    waits[0] = image_ready;
    stages[0] = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
    uint32_t n_wait = 1;
    for (VkSemaphore s : in.wait) {
      if (n_wait == waits.size()) break;
      waits[n_wait] = s;
      stages[n_wait++] = VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT;
    }
    VkSemaphore done = window->render_done(index.value());
    VkSubmitInfo submit{};
    submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
    submit.waitSemaphoreCount = n_wait;
    submit.pWaitSemaphores = waits.data();
    submit.pWaitDstStageMask = stages.data();
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd;
    submit.signalSemaphoreCount = 1;
    submit.pSignalSemaphores = &done;
    vkResetFences(dev, 1, &fence);
    if (VkResult r = vkQueueSubmit(window->queue(), 1, &submit, fence); r != VK_SUCCESS) return vk_error("vkQueueSubmit", r);
    if (Status s = window->present(index.value()); !s) return s;
    if (capture) {
      if (VkResult r = vkWaitForFences(dev, 1, &fence, VK_TRUE, UINT64_MAX); r != VK_SUCCESS) return vk_error("vkWaitForFences", r);
      capture->width = e.width;
      capture->height = e.height;
      capture->rgba.resize(size_t{e.width} * e.height * 4);
      const auto* src = static_cast<const uint8_t*>(readback.mapped);
      const bool bgra = window->format() == VK_FORMAT_B8G8R8A8_SRGB;
      for (size_t i = 0; i < capture->rgba.size(); i += 4) {
        capture->rgba[i + 0] = src[i + (bgra ? 2 : 0)];
        capture->rgba[i + 1] = src[i + 1];
        capture->rgba[i + 2] = src[i + (bgra ? 0 : 2)];
        capture->rgba[i + 3] = 255;
      }
    }
    return {};
  }
};

FrameRenderer::FrameRenderer(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
FrameRenderer::FrameRenderer(FrameRenderer&&) noexcept = default;
FrameRenderer& FrameRenderer::operator=(FrameRenderer&&) noexcept = default;
FrameRenderer::~FrameRenderer() = default;

Result<FrameRenderer> FrameRenderer::create(DesktopWindow& window) {
  auto impl = std::make_unique<Impl>();
  impl->window = &window;
  if (Status s = impl->init(); !s) return s.error();
  return FrameRenderer(std::move(impl));
}

Status FrameRenderer::draw(const FrameInput& in, Capture* capture) { return impl_->draw(in, capture); }

Status FrameRenderer::wait_idle() {
  if (VkResult r = vkWaitForFences(impl_->dev, 1, &impl_->fence, VK_TRUE, UINT64_MAX); r != VK_SUCCESS)
    return vk_error("vkWaitForFences", r);
  return {};
}

}  // namespace tw::sim
