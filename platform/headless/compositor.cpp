// compositor.cpp
#include "headless/compositor.hpp"

#include <optional>
#include <utility>

#include "render/offscreen_image.hpp"
#include "render/shader_push.hpp"
#include "render/vk_util.hpp"
#include "tw_shaders/tw_shaders.hpp"

namespace tw {

struct Compositor::Impl {
  HeadlessVulkan* vk = nullptr;
  VkDevice dev = VK_NULL_HANDLE;
  CompositorDesc desc;
  OffscreenImage target;
  VkRenderPass render_pass = VK_NULL_HANDLE;
  VkFramebuffer framebuffer = VK_NULL_HANDLE;
  VkPipelineLayout scene_layout = VK_NULL_HANDLE;
  VkPipeline scene = VK_NULL_HANDLE;
  std::optional<QuadPass> quads;
  VkCommandPool cmd_pool = VK_NULL_HANDLE;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;

  ~Impl() {
    if (!dev) return;
    vkDeviceWaitIdle(dev);
    quads.reset();
    if (fence) vkDestroyFence(dev, fence, nullptr);
    if (cmd_pool) vkDestroyCommandPool(dev, cmd_pool, nullptr);
    if (scene) vkDestroyPipeline(dev, scene, nullptr);
    if (scene_layout) vkDestroyPipelineLayout(dev, scene_layout, nullptr);
    if (framebuffer) vkDestroyFramebuffer(dev, framebuffer, nullptr);
    if (render_pass) vkDestroyRenderPass(dev, render_pass, nullptr);
  }

  Status init() {
    dev = vk->device();
    auto img = OffscreenImage::create(vk->physical_device(), dev, desc.width, desc.height);
    if (!img) return img.error();
    target = std::move(img.value());

    // Panel images were written by other submissions; the result is copied out.
    const VkSubpassDependency deps[2] = {
        {VK_SUBPASS_EXTERNAL, 0, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT,
         VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT | VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT,
         VK_ACCESS_MEMORY_WRITE_BIT, VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_SHADER_READ_BIT, 0},
        {0, VK_SUBPASS_EXTERNAL, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT,
         VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT, VK_ACCESS_TRANSFER_READ_BIT, 0}};
    auto rp = create_color_pass(dev, kPanelFormat, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, deps);
    if (!rp) return rp.error();
    render_pass = rp.value();
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

    auto sl = create_pipeline_layout(dev, VK_NULL_HANDLE, sizeof(ShaderPush),
                                     VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT);
    if (!sl) return sl.error();
    scene_layout = sl.value();
    auto sp = create_pipeline({.device = dev, .layout = scene_layout, .render_pass = render_pass,
                               .vs = shaders::k_scene_vert, .fs = shaders::k_scene_frag});
    if (!sp) return sp.error();
    scene = sp.value();
    auto qp = QuadPass::create({vk->physical_device(), dev, render_pass});
    if (!qp) return qp.error();
    quads.emplace(std::move(qp.value()));

    auto pool = create_command_pool(dev, vk->queue_family());
    if (!pool) return pool.error();
    cmd_pool = pool.value();
    auto cb = allocate_command_buffer(dev, cmd_pool);
    if (!cb) return cb.error();
    cmd = cb.value();
    auto f = create_fence(dev);
    if (!f) return f.error();
    fence = f.value();
    return {};
  }

  Result<RgbaImage> compose(std::span<const CompositeQuad> panels) {
    if (panels.size() > QuadPass::kMaxQuads) return Error{Errc::too_large, "Compositor: more than 64 quads"};
    begin_one_time(cmd);
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
    ShaderPush push{};
    push.scale_translate[0] = desc.scene ? 1.f : 0.f;
    for (int i = 0; i < 3; ++i) push.track_color[i] = srgb_to_linear(desc.background_rgb[static_cast<size_t>(i)]);
    push.track_color[3] = 1.f;
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, scene);
    vkCmdPushConstants(cmd, scene_layout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof push,
                       &push);
    vkCmdDraw(cmd, 3, 1, 0, 0);
    const Status drawn = quads->record(cmd, panels, desc.blend);
    vkCmdEndRenderPass(cmd);
    vkEndCommandBuffer(cmd);
    if (!drawn) return drawn.error();
    if (Status s = submit_and_wait(dev, vk->queue(), cmd, fence); !s) return s.error();
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
