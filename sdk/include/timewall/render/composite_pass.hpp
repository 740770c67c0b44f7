// composite_pass.hpp: a render pass that draws a full-screen background and
// panel quads over it: what a target that composites panels itself records
// per frame.
//
// What it does: owns a one-colour render pass (format, final layout and
// dependencies from the target), the background pipeline (the target's
// full-screen-triangle shaders and push constants) and a QuadPass on that
// pass; begin() starts the pass on a framebuffer, clears, draws the
// background into the view rectangle and the quads clipped to the clip
// rectangle. The headless Compositor (an offscreen image read back to PNG)
// and the desktop simulator's window frames both record through it.
// What it does not do: end the pass (the caller may add its own draws, e.g.
// a UI, then calls vkCmdEndRenderPass), own framebuffers or images, submit.
//
//   auto pass = tw::CompositePass::create({.physical_device = phys, .device = dev, .format = fmt,
//       .final_layout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, .background_vs = vs, .background_fs = fs,
//       .push_bytes = sizeof push, .push_stages = VK_SHADER_STAGE_FRAGMENT_BIT});
//   pass->begin(cmd, {.framebuffer = fb, .extent = e, .view = rect, .clip = rect, .push = &push,
//                     .quads = quads, .blend = tw::DisplayBlend::additive});
//   vkCmdEndRenderPass(cmd);
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <memory>
#include <span>

#include "core/result.hpp"
#include "render/composite_quad.hpp"
#include "render/quad_pass.hpp"

namespace tw {

struct CompositePassDesc {
  VkPhysicalDevice physical_device = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  VkFormat format = VK_FORMAT_UNDEFINED;  // the target image's
  VkImageLayout final_layout = VK_IMAGE_LAYOUT_UNDEFINED;
  std::span<const VkSubpassDependency> dependencies{};
  std::span<const uint32_t> background_vs{};  // SPIR-V of a full-screen triangle (3 vertices, no buffers)
  std::span<const uint32_t> background_fs{};
  uint32_t push_bytes = 0;                    // the background's push constants
  VkShaderStageFlags push_stages = 0;
};

struct CompositeFrame {
  VkFramebuffer framebuffer = VK_NULL_HANDLE;  // on render_pass(), of `extent`
  VkExtent2D extent{};
  VkClearColorValue clear{};                   // outside `view`
  VkRect2D view{};                             // the background and the quads' clip space
  VkRect2D clip{};                             // quads are scissored to it
  const void* push = nullptr;                  // push_bytes for the background
  std::span<const CompositeQuad> quads{};      // back to front, clip space of `view`
  DisplayBlend blend = DisplayBlend::alpha;
};

class CompositePass {
 public:
  static Result<CompositePass> create(const CompositePassDesc& desc);

  CompositePass(CompositePass&&) noexcept;
  CompositePass& operator=(CompositePass&&) noexcept;
  CompositePass(const CompositePass&) = delete;
  CompositePass& operator=(const CompositePass&) = delete;
  ~CompositePass();

  VkRenderPass render_pass() const noexcept;
  // A framebuffer of `view` on render_pass(); the caller destroys it.
  Result<VkFramebuffer> create_framebuffer(VkImageView view, VkExtent2D extent) const;

  // Begins the pass and records the background and the quads. On error the
  // pass is still open (the caller ends it and drops the recording).
  Status begin(VkCommandBuffer cmd, const CompositeFrame& frame);

 private:
  struct Impl;
  explicit CompositePass(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tw
