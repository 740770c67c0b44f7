#include "openxr/ring_pixels.hpp"

#include <algorithm>
#include <cmath>

namespace tw::xr {

namespace {

struct Rgba {
  float r, g, b, a;  // premultiplied, 0..1
};

Rgba over(Rgba top, Rgba under) {
  const float k = 1.f - top.a;
  return {top.r + under.r * k, top.g + under.g * k, top.b + under.b * k, top.a + under.a * k};
}

Rgba solid(const uint8_t rgb[3], float alpha) {
  return {rgb[0] / 255.f * alpha, rgb[1] / 255.f * alpha, rgb[2] / 255.f * alpha, alpha};
}

uint8_t to_byte(float v) { return static_cast<uint8_t>(std::lround(std::clamp(v, 0.f, 1.f) * 255.f)); }

}  // namespace

void draw_ring(uint8_t* pixels, uint32_t width_px, uint32_t height_px, bool bgra, const RingLook& look) {
  constexpr float kPi = 3.14159265f;
  constexpr uint8_t kPlate[3] = {18, 20, 26};
  constexpr uint8_t kTrack[3] = {70, 74, 84};
  const float size = static_cast<float>(std::min(width_px, height_px));
  const float cx = static_cast<float>(width_px) * 0.5f;
  const float cy = static_cast<float>(height_px) * 0.5f;
  const float plate_r = size * 0.5f - 1.f;
  const float ring_r = size * 0.36f;
  const float ring_half_w = size * 0.07f;
  const float remaining = std::clamp(look.remaining, 0.f, 1.f);
  const bool additive = look.theme == Theme::additive;
  for (uint32_t y = 0; y < height_px; ++y) {
    for (uint32_t x = 0; x < width_px; ++x) {
      const float dx = static_cast<float>(x) + 0.5f - cx;
      const float dy = static_cast<float>(y) + 0.5f - cy;
      const float d = std::sqrt(dx * dx + dy * dy);
      Rgba c{0, 0, 0, 0};
      if (!additive) c = solid(kPlate, 0.85f * std::clamp(plate_r - d + 0.5f, 0.f, 1.f));
      const float ring_cover = std::clamp(ring_half_w - std::fabs(d - ring_r) + 0.5f, 0.f, 1.f);
      if (ring_cover > 0.f) {
        // Angle clockwise from 12 o'clock, 0..1 of a turn.
        float turn = std::atan2(dx, -dy) / (2.f * kPi);
        if (turn < 0.f) turn += 1.f;
        const bool on_arc = turn <= remaining;
        c = over(solid(on_arc ? kRingArcRgb : kTrack, ring_cover * (on_arc || !additive ? 1.f : 0.5f)), c);
      }
      uint8_t* p = pixels + (size_t{y} * width_px + x) * 4;
      p[bgra ? 2 : 0] = to_byte(c.r);
      p[1] = to_byte(c.g);
      p[bgra ? 0 : 2] = to_byte(c.b);
      p[3] = to_byte(c.a);
    }
  }
}

}  // namespace tw::xr
