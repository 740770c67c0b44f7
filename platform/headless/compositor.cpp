// compositor.cpp
#include "headless/compositor.hpp"

#include <cmath>
#include <cstring>
#include <utility>

#include "render/offscreen_image.hpp"
#include "render/vk_util.hpp"
#include "tw_shaders/tw_shaders.hpp"

namespace tw {

namespace {

constexpr size_t kMaxQuads = 64;

struct Vertex {
  float clip[4];
  float uv[2];
};

// Matches shaders/common.glsl.
struct ScenePush {
  float scale_translate[4];
  float rect_px[4];
  float ring_px[4];
  float arc[4];
  float track_color[4];
  float arc_color[4];
};

float srgb_to_linear(float c) { return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f); }

}  // namespace

CompositeQuad screen_quad(VkImageView panel, glm::vec2 min_px, glm::vec2 max_px, uint32_t width, uint32_t height) {
  auto ndc = [&](float x, float y) {
    return glm::vec4(2.f * x / static_cast<float>(width) - 1.f, 2.f * y / static_cast<float>(height) - 1.f, 0.f, 1.f);
  };
  return {panel, {ndc(min_px.x, min_px.y), ndc(max_px.x, min_px.y), ndc(max_px.x, max_px.y), ndc(min_px.x, max_px.y)}};
}

glm::mat4 projection_for(const layout::Fov& fov, float near_m, float far_m) {
  const float l = std::tan(fov.angle_left_rad), r = std::tan(fov.angle_right_rad);
  const float u = std::tan(fov.angle_up_rad), d = std::tan(fov.angle_down_rad);
  // Vulkan: clip y points down, depth 0..1. Columns are glm's first index.
  glm::mat4 m(0.f);
  m[0][0] = 2.f / (r - l);
  m[2][0] = (r + l) / (r - l);
  m[1][1] = 2.f / (d - u);
  m[2][1] = (d + u) / (d - u);
  m[2][2] = -far_m / (far_m - near_m);
  m[3][2] = -(far_m * near_m) / (far_m - near_m);
  m[2][3] = -1.f;
  return m;
}

CompositeQuad posed_quad(VkImageView panel, const glm::mat4& clip_from_view, const layout::Pose& T_view_panel,
                         glm::vec2 size_m) {
  const float hx = size_m.x * 0.5f, hy = size_m.y * 0.5f;
  auto corner = [&](float x, float y) { return clip_from_view * glm::vec4(T_view_panel.apply({x, y, 0.f}), 1.f); };
  return {panel, {corner(-hx, hy), corner(hx, hy), corner(hx, -hy), corner(-hx, -hy)}};
}

struct Compositor::Impl {
  HeadlessVulkan* vk = nullptr;
  VkDevice dev = VK_NULL_HANDLE;
  CompositorDesc desc;
  OffscreenImage target;
  VkRenderPass render_pass = VK_NULL_HANDLE;
  VkFramebuffer framebuffer = VK_NULL_HANDLE;
  VkDescriptorSetLayout set_layout = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  VkPipeline scene = VK_NULL_HANDLE, panels = VK_NULL_HANDLE;
  VkSampler sampler = VK_NULL_HANDLE;
  VkDescriptorPool pool = VK_NULL_HANDLE;
  std::array<std::pair<VkImageView, VkDescriptorSet>, kMaxQuads> sets{};
  size_t set_count = 0;
  VkCommandPool cmd_pool = VK_NULL_HANDLE;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
  MappedBuffer vertices;

  ~Impl() {
    if (!dev) return;
    vkDeviceWaitIdle(dev);
    destroy_mapped_buffer(dev, vertices);
    if (fence) vkDestroyFence(dev, fence, nullptr);
    if (cmd_pool) vkDestroyCommandPool(dev, cmd_pool, nullptr);
    if (pool) vkDestroyDescriptorPool(dev, pool, nullptr);
    if (sampler) vkDestroySampler(dev, sampler, nullptr);
    if (scene) vkDestroyPipeline(dev, scene, nullptr);
    if (panels) vkDestroyPipeline(dev, panels, nullptr);
    if (layout) vkDestroyPipelineLayout(dev, layout, nullptr);
    if (set_layout) vkDestroyDescriptorSetLayout(dev, set_layout, nullptr);
    if (framebuffer) vkDestroyFramebuffer(dev, framebuffer, nullptr);
    if (render_pass) vkDestroyRenderPass(dev, render_pass, nullptr);
  }

  Status init() {
    dev = vk->device();
    auto img = OffscreenImage::create(vk->physical_device(), dev, desc.width, desc.height);
    if (!img) return img.error();
    target = std::move(img.value());

    VkAttachmentDescription color{};
    color.format = kPanelFormat;
    color.samples = VK_SAMPLE_COUNT_1_BIT;
    color.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    color.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    color.stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;
    color.stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
    color.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
    color.finalLayout = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
    VkAttachmentReference ref{0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
    VkSubpassDescription sub{};
    sub.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS;
    sub.colorAttachmentCount = 1;
    sub.pColorAttachments = &ref;
    VkSubpassDependency deps[2]{};
    deps[0] = {VK_SUBPASS_EXTERNAL, 0, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT,
               VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT | VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT,
               VK_ACCESS_MEMORY_WRITE_BIT, VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_SHADER_READ_BIT, 0};
    deps[1] = {0, VK_SUBPASS_EXTERNAL, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT,
               VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT, VK_ACCESS_TRANSFER_READ_BIT, 0};
    VkRenderPassCreateInfo rp{};
    rp.sType = VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO;
    rp.attachmentCount = 1;
    rp.pAttachments = &color;
    rp.subpassCount = 1;
    rp.pSubpasses = &sub;
    rp.dependencyCount = 2;
    rp.pDependencies = deps;
    if (VkResult r = vkCreateRenderPass(dev, &rp, nullptr, &render_pass); r != VK_SUCCESS) return vk_error("vkCreateRenderPass", r);
    VkImageView view = target.view();
    VkFramebufferCreateInfo fb{};
    fb.sType = VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO;
    fb.renderPass = render_pass;
    fb.attachmentCount = 1;
    fb.pAttachments = &view;
    fb.width = desc.width;
    fb.height = desc.height;
    fb.layers = 1;
    if (VkResult r = vkCreateFramebuffer(dev, &fb, nullptr, &framebuffer); r != VK_SUCCESS) return vk_error("vkCreateFramebuffer", r);

    VkSamplerCreateInfo si{};
    si.sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO;
    si.magFilter = si.minFilter = VK_FILTER_LINEAR;
    si.addressModeU = si.addressModeV = si.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
    if (VkResult r = vkCreateSampler(dev, &si, nullptr, &sampler); r != VK_SUCCESS) return vk_error("vkCreateSampler", r);
    VkDescriptorSetLayoutBinding b{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr};
    VkDescriptorSetLayoutCreateInfo li{};
    li.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
    li.bindingCount = 1;
    li.pBindings = &b;
    if (VkResult r = vkCreateDescriptorSetLayout(dev, &li, nullptr, &set_layout); r != VK_SUCCESS)
      return vk_error("vkCreateDescriptorSetLayout", r);
    VkPushConstantRange range{VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(ScenePush)};
    VkPipelineLayoutCreateInfo pl{};
    pl.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
    pl.setLayoutCount = 1;
    pl.pSetLayouts = &set_layout;
    pl.pushConstantRangeCount = 1;
    pl.pPushConstantRanges = &range;
    if (VkResult r = vkCreatePipelineLayout(dev, &pl, nullptr, &layout); r != VK_SUCCESS) return vk_error("vkCreatePipelineLayout", r);

    PipelineDesc pd;
    pd.device = dev;
    pd.layout = layout;
    pd.render_pass = render_pass;
    pd.vs = shaders::k_scene_vert;
    pd.vs_bytes = sizeof shaders::k_scene_vert;
    pd.fs = shaders::k_scene_frag;
    pd.fs_bytes = sizeof shaders::k_scene_frag;
    auto sp = create_pipeline(pd);
    if (!sp) return sp.error();
    scene = sp.value();
    VkVertexInputBindingDescription binding{0, sizeof(Vertex), VK_VERTEX_INPUT_RATE_VERTEX};
    VkVertexInputAttributeDescription attrs[2] = {{0, 0, VK_FORMAT_R32G32B32A32_SFLOAT, 0},
                                                  {1, 0, VK_FORMAT_R32G32_SFLOAT, 16}};
    pd.vs = shaders::k_composite_vert;
    pd.vs_bytes = sizeof shaders::k_composite_vert;
    pd.fs = shaders::k_composite_frag;
    pd.fs_bytes = sizeof shaders::k_composite_frag;
    pd.binding = &binding;
    pd.attributes = attrs;
    pd.attribute_count = 2;
    pd.additive = desc.blend == DisplayBlend::additive;
    auto cp = create_pipeline(pd);
    if (!cp) return cp.error();
    panels = cp.value();

    VkDescriptorPoolSize ps{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, kMaxQuads};
    VkDescriptorPoolCreateInfo dp{};
    dp.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
    dp.maxSets = kMaxQuads;
    dp.poolSizeCount = 1;
    dp.pPoolSizes = &ps;
    if (VkResult r = vkCreateDescriptorPool(dev, &dp, nullptr, &pool); r != VK_SUCCESS) return vk_error("vkCreateDescriptorPool", r);

    VkCommandPoolCreateInfo ci{};
    ci.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
    ci.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    ci.queueFamilyIndex = vk->queue_family();
    if (VkResult r = vkCreateCommandPool(dev, &ci, nullptr, &cmd_pool); r != VK_SUCCESS) return vk_error("vkCreateCommandPool", r);
    VkCommandBufferAllocateInfo ai{};
    ai.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
    ai.commandPool = cmd_pool;
    ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    ai.commandBufferCount = 1;
    if (VkResult r = vkAllocateCommandBuffers(dev, &ai, &cmd); r != VK_SUCCESS) return vk_error("vkAllocateCommandBuffers", r);
    VkFenceCreateInfo fi{};
    fi.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
    if (VkResult r = vkCreateFence(dev, &fi, nullptr, &fence); r != VK_SUCCESS) return vk_error("vkCreateFence", r);
    auto vb = create_mapped_buffer(vk->physical_device(), dev, kMaxQuads * 6 * sizeof(Vertex), VK_BUFFER_USAGE_VERTEX_BUFFER_BIT);
    if (!vb) return vb.error();
    vertices = vb.value();
    return {};
  }

  Result<VkDescriptorSet> set_for(VkImageView view) {
    for (size_t i = 0; i < set_count; ++i)
      if (sets[i].first == view) return sets[i].second;
    if (set_count == kMaxQuads) return Error{Errc::too_large, "Compositor: more than 64 distinct panel views"};
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

  Result<RgbaImage> compose(std::span<const CompositeQuad> quads) {
    if (quads.size() > kMaxQuads) return Error{Errc::too_large, "Compositor: more than 64 quads"};
    auto* v = static_cast<Vertex*>(vertices.mapped);
    const int order[6] = {0, 1, 2, 0, 2, 3};
    const float uvs[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
    for (size_t q = 0; q < quads.size(); ++q) {
      for (int k = 0; k < 6; ++k) {
        const glm::vec4& c = quads[q].clip[static_cast<size_t>(order[k])];
        v[q * 6 + static_cast<size_t>(k)] = {{c.x, c.y, c.z, c.w},
                                             {uvs[order[k]][0], uvs[order[k]][1]}};
      }
    }
    vkResetCommandBuffer(cmd, 0);
    VkCommandBufferBeginInfo bi{};
    bi.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
    bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    vkBeginCommandBuffer(cmd, &bi);
    VkClearValue clear{};
    VkRenderPassBeginInfo rb{};
    rb.sType = VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO;
    rb.renderPass = render_pass;
    rb.framebuffer = framebuffer;
    rb.renderArea = {{0, 0}, {desc.width, desc.height}};
    rb.clearValueCount = 1;
    rb.pClearValues = &clear;
    vkCmdBeginRenderPass(cmd, &rb, VK_SUBPASS_CONTENTS_INLINE);
    VkViewport vp{0, 0, static_cast<float>(desc.width), static_cast<float>(desc.height), 0, 1};
    VkRect2D scissor{{0, 0}, {desc.width, desc.height}};
    vkCmdSetViewport(cmd, 0, 1, &vp);
    vkCmdSetScissor(cmd, 0, 1, &scissor);
    ScenePush push{};
    push.scale_translate[0] = desc.scene ? 1.f : 0.f;
    for (int i = 0; i < 3; ++i) push.track_color[i] = srgb_to_linear(desc.background_rgb[static_cast<size_t>(i)]);
    push.track_color[3] = 1.f;
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, scene);
    vkCmdPushConstants(cmd, layout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof push, &push);
    vkCmdDraw(cmd, 3, 1, 0, 0);
    if (!quads.empty()) {
      vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, panels);
      VkDeviceSize zero = 0;
      vkCmdBindVertexBuffers(cmd, 0, 1, &vertices.buffer, &zero);
      for (size_t q = 0; q < quads.size(); ++q) {
        auto set = set_for(quads[q].panel);
        if (!set) {
          vkCmdEndRenderPass(cmd);
          vkEndCommandBuffer(cmd);
          return set.error();
        }
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, layout, 0, 1, &set.value(), 0, nullptr);
        vkCmdDraw(cmd, 6, 1, static_cast<uint32_t>(q * 6), 0);
      }
    }
    vkCmdEndRenderPass(cmd);
    vkEndCommandBuffer(cmd);
    VkSubmitInfo submit{};
    submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd;
    VkResult r = vkQueueSubmit(vk->queue(), 1, &submit, fence);
    if (r == VK_SUCCESS) r = vkWaitForFences(dev, 1, &fence, VK_TRUE, UINT64_MAX);
    if (r == VK_SUCCESS) r = vkResetFences(dev, 1, &fence);
    if (r != VK_SUCCESS) return vk_error("compositing", r);
    return vk->read_back(target.image(), desc.width, desc.height, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
  }
};

Compositor::Compositor(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Compositor::Compositor(Compositor&&) noexcept = default;
Compositor& Compositor::operator=(Compositor&&) noexcept = default;
Compositor::~Compositor() = default;

Result<Compositor> Compositor::create(HeadlessVulkan& vk, const CompositorDesc& desc) {
  auto impl = std::make_unique<Impl>();
  impl->vk = &vk;
  impl->desc = desc;
  if (impl->desc.width == 0) impl->desc.width = 1280;
  if (impl->desc.height == 0) impl->desc.height = 960;
  if (Status s = impl->init(); !s) return s.error();
  return Compositor(std::move(impl));
}

Result<RgbaImage> Compositor::compose(std::span<const CompositeQuad> quads) { return impl_->compose(quads); }

}  // namespace tw
