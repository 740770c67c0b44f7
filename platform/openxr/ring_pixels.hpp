// ring_pixels.hpp: an interim CPU drawing of the budget ring for a panel.
//
// What it does: fills premultiplied RGBA (or BGRA) pixels with the budget
// ring: an amber arc for the remaining fraction over a grey track, on a dark
// round plate (opaque/alpha-blend theme) or without a plate (additive theme,
// where black is invisible). Antialiased by pixel coverage of the ring's
// signed distance.
// What it does not do: text or any other panel. It stands in until the
// sdk/render renderer (ImGui + SDF shaders) draws into the swapchain images.
//
//   tw::xr::draw_ring(px, 256, 256, false, {.remaining = 0.6f});
#pragma once

#include <cstdint>

namespace tw::xr {

enum class Theme : uint8_t { opaque, additive };

struct RingLook {
  float remaining = 1.f;  // 0..1 of the budget left; the arc's length
  Theme theme = Theme::opaque;
};

// The arc's colour (sRGB, 0..255), also what the e2e screenshot test looks for.
inline constexpr uint8_t kRingArcRgb[3] = {255, 176, 0};

void draw_ring(uint8_t* pixels, uint32_t width_px, uint32_t height_px, bool bgra, const RingLook& look);

}  // namespace tw::xr
