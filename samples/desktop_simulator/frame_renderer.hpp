// frame_renderer.hpp: draws one simulator frame into the window's swapchain.
//
// What it does: in one render pass on the window's device, draws the
// synthetic world (ray-cast per pixel from the eye's view and projection)
// into the view rectangle, then the Timewall panels as textured quads given
// in clip space (the same quad math an OpenXR runtime applies to
// XrCompositionLayerQuad), clipped to the simulated display's rectangle and
// blended premultiplied-over (passthrough) or additively (see-through), then
// the control panel's Dear ImGui draw data (imgui_impl_vulkan). The world and
// the panels are recorded through sdk/render's CompositePass, as the headless
// Compositor records its frames. It can read the finished frame back for
// screenshots. One frame in flight: draw() waits for the previous frame first.
// What it does not do: decide what is shown, or render panel images (the
// PanelPresenter does, on change only).
//
//   auto fr = tw::sim::FrameRenderer::create(window);
//   fr->draw({.view = rect, .T_world_clip = inv_vp, .eye_m = eye, .quads = quads,
//             .ui = ImGui::GetDrawData()}, nullptr);
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

#include "core/result.hpp"
#include "desktop/desktop_window.hpp"
#include "render/composite_quad.hpp"
#include "render/quad_pass.hpp"

struct ImDrawData;

namespace tw::sim {

struct FrameInput {
  VkRect2D view{};               // where the eye's view goes in the window
  VkRect2D display{};            // the simulated display inside it: panels are clipped here
  glm::mat4 T_world_clip{1.f};
  glm::vec3 eye_m{0.f};
  float world_brightness = 1.f;
  bool additive = false;         // see-through: panels add light
  std::span<const CompositeQuad> quads;  // clip space relative to `view`
  std::span<const VkSemaphore> wait;     // panel renders to wait for (fragment stage)
  ImDrawData* ui = nullptr;      // null: no control panel drawn
};

struct Capture {
  uint32_t width = 0, height = 0;
  std::vector<uint8_t> rgba;     // the whole window, rows top to bottom
};

class FrameRenderer {
 public:
  // Also initialises imgui_impl_vulkan for the current ImGui context.
  static Result<FrameRenderer> create(DesktopWindow& window);

  FrameRenderer(FrameRenderer&&) noexcept;
  FrameRenderer& operator=(FrameRenderer&&) noexcept;
  FrameRenderer(const FrameRenderer&) = delete;
  FrameRenderer& operator=(const FrameRenderer&) = delete;
  ~FrameRenderer();

  // Draws and presents one frame; when `capture` is set, also reads it back.
  Status draw(const FrameInput& in, Capture* capture);
  // Waits for the last frame.
  Status wait_idle();

 private:
  struct Impl;
  explicit FrameRenderer(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tw::sim
