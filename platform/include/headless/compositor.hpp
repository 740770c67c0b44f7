// compositor.hpp: what one eye sees: panels over a background, on lavapipe.
//
// What it does: draws panel images (kPanelFormat, in
// SHADER_READ_ONLY_OPTIMAL) as quads over a plain colour or a synthetic
// room, either at screen-space rectangles or at 3D poses through a
// projection built from the eye's FOV, and reads the result back as RGBA.
// Panels blend premultiplied-over (passthrough / opaque displays) or add
// their light (additive see-through displays, where black shows nothing);
// the frame is recorded through sdk/render's CompositePass (background,
// then QuadPass), as the desktop simulator records its window frames.
// What it does not do: stand in for an OpenXR runtime's compositor (no
// reprojection, no distortion), or run per frame in an XR app: it is for
// tests, `timewall demo --frames` and the simulator's previews.
//
//   auto comp = tw::Compositor::create(vk, {.width = 1280, .height = 960, .scene = true});
//   tw::CompositeQuad q = tw::posed_quad(panel.view(), proj, T_view_panel, size_m);
//   auto rgba = comp->compose({&q, 1});
#pragma once

#include <vulkan/vulkan.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>

#include "core/result.hpp"
#include "headless/headless_vulkan.hpp"
#include "render/composite_quad.hpp"
#include "render/quad_pass.hpp"

namespace tw {

struct CompositorDesc {
  uint32_t width = 0;   // default 1280
  uint32_t height = 0;  // default 960
  DisplayBlend blend = DisplayBlend::alpha;
  bool scene = false;   // a synthetic room instead of the plain colour
  std::array<float, 3> background_rgb{0.f, 0.f, 0.f};  // sRGB 0..1
};

class Compositor {
 public:
  static Result<Compositor> create(HeadlessVulkan& vk, const CompositorDesc& desc);

  Compositor(Compositor&&) noexcept;
  Compositor& operator=(Compositor&&) noexcept;
  Compositor(const Compositor&) = delete;
  Compositor& operator=(const Compositor&) = delete;
  ~Compositor();

  // Draws the background then `quads` in order (back to front), waits, and
  // reads the image back. At most 64 quads; distinct panel views at most 64.
  Result<RgbaImage> compose(std::span<const CompositeQuad> quads);

 private:
  struct Impl;
  explicit Compositor(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tw
