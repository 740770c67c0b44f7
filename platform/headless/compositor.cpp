// compositor.cpp
#include "headless/compositor.hpp"

#include <optional>
#include <utility>

#include "render/composite_pass.hpp"
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
  std::optional<CompositePass> pass;
  VkFramebuffer framebuffer = VK_NULL_HANDLE;
  VkCommandPool cmd_pool = VK_NULL_HANDLE;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;

  ~Impl() {
    if (!dev) return;
    vkDeviceWaitIdle(dev);
    if (fence) vkDestroyFence(dev, fence, nullptr);
    if (cmd_pool) vkDestroyCommandPool(dev, cmd_pool, nullptr);
    if (framebuffer) vkDestroyFramebuffer(dev, framebuffer, nullptr);
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
    auto cp = CompositePass::create({.physical_device = vk->physical_device(),
                                     .device = dev,
                                     .format = kPanelFormat,
                                     .final_layout = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                     .dependencies = deps,
                                     .background_vs = shaders::k_scene_vert,
                                     .background_fs = shaders::k_scene_frag,
                                     .push_bytes = sizeof(ShaderPush),
                                     .push_stages = VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT});
    if (!cp) return cp.error();
    pass.emplace(std::move(cp.value()));
    auto fb = pass->create_framebuffer(target.view(), {desc.width, desc.height});
    if (!fb) return fb.error();
    framebuffer = fb.value();

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
    ShaderPush push{};
    push.scale_translate[0] = desc.scene ? 1.f : 0.f;
    for (int i = 0; i < 3; ++i) push.track_color[i] = srgb_to_linear(desc.background_rgb[static_cast<size_t>(i)]);
    push.track_color[3] = 1.f;
    const VkRect2D all{{0, 0}, {desc.width, desc.height}};
    begin_one_time(cmd);
    const Status drawn = pass->begin(cmd, {.framebuffer = framebuffer, .extent = all.extent, .view = all, .clip = all,
                                           .push = &push, .quads = panels, .blend = desc.blend});
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
