// composite_pass.cpp
#include "render/composite_pass.hpp"

#include <optional>
#include <utility>

#include "render/vk_util.hpp"

namespace tw {

struct CompositePass::Impl {
  CompositePassDesc desc;
  VkDevice dev = VK_NULL_HANDLE;
  VkRenderPass render_pass = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  VkPipeline background = VK_NULL_HANDLE;
  std::optional<QuadPass> quads;

  ~Impl() {
    if (!dev) return;
    quads.reset();
    if (background) vkDestroyPipeline(dev, background, nullptr);
    if (layout) vkDestroyPipelineLayout(dev, layout, nullptr);
    if (render_pass) vkDestroyRenderPass(dev, render_pass, nullptr);
  }

  Status init() {
    dev = desc.device;
    auto rp = create_color_pass(dev, desc.format, desc.final_layout, desc.dependencies);
    if (!rp) return rp.error();
    render_pass = rp.value();
    auto pl = create_pipeline_layout(dev, VK_NULL_HANDLE, desc.push_bytes, desc.push_stages);
    if (!pl) return pl.error();
    layout = pl.value();
    auto bg = create_pipeline(
        {.device = dev, .layout = layout, .render_pass = render_pass, .vs = desc.background_vs, .fs = desc.background_fs});
    if (!bg) return bg.error();
    background = bg.value();
    auto qp = QuadPass::create({desc.physical_device, dev, render_pass});
    if (!qp) return qp.error();
    quads.emplace(std::move(qp.value()));
    return {};
  }

  Status begin(VkCommandBuffer cmd, const CompositeFrame& f) {
    VkClearValue clear{};
    clear.color = f.clear;
    VkRenderPassBeginInfo rb{};
    rb.sType = VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO;
    rb.renderPass = render_pass;
    rb.framebuffer = f.framebuffer;
    rb.renderArea = {{0, 0}, f.extent};
    rb.clearValueCount = 1;
    rb.pClearValues = &clear;
    vkCmdBeginRenderPass(cmd, &rb, VK_SUBPASS_CONTENTS_INLINE);
    const VkViewport vp{static_cast<float>(f.view.offset.x), static_cast<float>(f.view.offset.y),
                        static_cast<float>(f.view.extent.width), static_cast<float>(f.view.extent.height), 0.f, 1.f};
    vkCmdSetViewport(cmd, 0, 1, &vp);
    vkCmdSetScissor(cmd, 0, 1, &f.view);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, background);
    if (desc.push_bytes > 0 && f.push) vkCmdPushConstants(cmd, layout, desc.push_stages, 0, desc.push_bytes, f.push);
    vkCmdDraw(cmd, 3, 1, 0, 0);
    vkCmdSetScissor(cmd, 0, 1, &f.clip);
    return quads->record(cmd, f.quads, f.blend);
  }
};

CompositePass::CompositePass(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
CompositePass::CompositePass(CompositePass&&) noexcept = default;
CompositePass& CompositePass::operator=(CompositePass&&) noexcept = default;
CompositePass::~CompositePass() = default;

Result<CompositePass> CompositePass::create(const CompositePassDesc& desc) {
  auto impl = std::make_unique<Impl>();
  impl->desc = desc;
  if (Status s = impl->init(); !s) return s.error();
  return CompositePass(std::move(impl));
}

VkRenderPass CompositePass::render_pass() const noexcept { return impl_->render_pass; }

Result<VkFramebuffer> CompositePass::create_framebuffer(VkImageView view, VkExtent2D extent) const {
  VkFramebufferCreateInfo fb{};
  fb.sType = VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO;
  fb.renderPass = impl_->render_pass;
  fb.attachmentCount = 1;
  fb.pAttachments = &view;
  fb.width = extent.width;
  fb.height = extent.height;
  fb.layers = 1;
  VkFramebuffer out = VK_NULL_HANDLE;
  if (VkResult r = vkCreateFramebuffer(impl_->dev, &fb, nullptr, &out); r != VK_SUCCESS)
    return vk_error("vkCreateFramebuffer", r);
  return out;
}

Status CompositePass::begin(VkCommandBuffer cmd, const CompositeFrame& frame) { return impl_->begin(cmd, frame); }

}  // namespace tw
