#include "layout/shield_plan.hpp"

#include <algorithm>
#include <cmath>

#include "layout/angles.hpp"

namespace tw::layout {

ShieldPlan plan_shield(bool blocked, DisplayBlend blend, bool fast_motion) noexcept {
  if (!blocked) return {};
  return {.app_layers = false, .backdrop = blend == DisplayBlend::opaque && !fast_motion};
}

namespace {

// tan of an angle from the view axis, kept within +-80 deg.
float bounded_tan(float angle_rad, float sign) {
  constexpr float kMaxRad = 80.f * kDegToRad;
  const float a = std::isfinite(angle_rad) ? std::clamp(angle_rad, -kMaxRad, kMaxRad) : sign * kMaxRad;
  return std::tan(a);
}

}  // namespace

ViewCover view_cover(const std::array<Fov, 2>& eyes, float distance_m) noexcept {
  float left = 0.f, right = 0.f, up = 0.f, down = 0.f;  // tangents of the union
  for (const Fov& e : eyes) {
    left = std::min(left, bounded_tan(e.angle_left_rad, -1.f));
    right = std::max(right, bounded_tan(e.angle_right_rad, 1.f));
    up = std::max(up, bounded_tan(e.angle_up_rad, 1.f));
    down = std::min(down, bounded_tan(e.angle_down_rad, -1.f));
  }
  const float x0 = left * distance_m - kHalfIpdM, x1 = right * distance_m + kHalfIpdM;
  const float y0 = down * distance_m, y1 = up * distance_m;
  const glm::vec2 size{(x1 - x0) * (1.f + 2.f * kCoverMargin), (y1 - y0) * (1.f + 2.f * kCoverMargin)};
  return {.T_view_quad = {{(x0 + x1) * 0.5f, (y0 + y1) * 0.5f, -distance_m}, {1.f, 0.f, 0.f, 0.f}}, .size_m = size};
}

}  // namespace tw::layout
