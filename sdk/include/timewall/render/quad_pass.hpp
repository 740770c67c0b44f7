// quad_pass.hpp: panel images drawn as quads into someone else's render pass.
//
// What it does: owns what compositing panels needs (the composite pipelines
// for premultiplied-over and additive blending, a sampler, one descriptor set
// per panel view, a vertex buffer) and records quads given in clip space into
// a command buffer, inside a render pass compatible with its target's. It is
// the one seam between panel images and whatever shows them: the headless
// Compositor (an offscreen image read back to PNG) and the desktop
// simulator's window (a swapchain image) both draw panels through it, on
// the quads composite_quad.hpp makes.
// What it does not do: begin or submit anything, set the viewport or scissor,
// or draw a background.
//
//   auto quads = tw::QuadPass::create({.physical_device = phys, .device = dev, .render_pass = pass});
//   vkCmdBeginRenderPass(cmd, ...); /* viewport, scissor, background */
//   quads->record(cmd, panel_quads, tw::DisplayBlend::additive);
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <memory>
#include <span>

#include "core/result.hpp"
#include "render/composite_quad.hpp"

namespace tw {

enum class DisplayBlend : uint8_t {
  alpha,     // out = panel + (1 - panel.a) * background
  additive,  // out = panel + background: the display only adds light
};

// Where quads are drawn: a render pass (subpass 0, one colour attachment)
// on a device.
struct CompositorTarget {
  VkPhysicalDevice physical_device = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  VkRenderPass render_pass = VK_NULL_HANDLE;
};

class QuadPass {
 public:
  static constexpr size_t kMaxQuads = 64;  // per record(), and distinct panel views in all

  static Result<QuadPass> create(const CompositorTarget& target);

  QuadPass(QuadPass&&) noexcept;
  QuadPass& operator=(QuadPass&&) noexcept;
  QuadPass(const QuadPass&) = delete;
  QuadPass& operator=(const QuadPass&) = delete;
  ~QuadPass();

  // Records `quads`, back to front. The vertex buffer is rewritten: the
  // previous recording's commands must have finished.
  Status record(VkCommandBuffer cmd, std::span<const CompositeQuad> quads, DisplayBlend blend);

 private:
  struct Impl;
  explicit QuadPass(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tw
