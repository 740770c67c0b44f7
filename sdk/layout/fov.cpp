#include "layout/fov.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "layout/angles.hpp"

namespace tw::layout {
namespace {

constexpr float kMaxHalfRad = 1.5533430f;  // 89 deg: tangent-angle space ends at 90

bool valid(const Fov& f) {
  const float v[] = {f.angle_left_rad, f.angle_right_rad, f.angle_up_rad, f.angle_down_rad};
  for (float x : v)
    if (!std::isfinite(x) || std::abs(x) > kMaxHalfRad) return false;
  return f.angle_left_rad < f.angle_right_rad && f.angle_down_rad < f.angle_up_rad;
}

}  // namespace

Result<AngularRect> binocular_fov(const std::array<Fov, 2>& eyes) {
  for (size_t i = 0; i < eyes.size(); ++i) {
    if (!valid(eyes[i])) {
      return Error{Errc::invalid_argument,
                   std::string("fov: eye ") + std::to_string(i) +
                       " needs finite angles within +-89 deg with left < right and down < up"};
    }
  }
  AngularRect r;
  r.left_deg = std::max(eyes[0].angle_left_rad, eyes[1].angle_left_rad) * kRadToDeg;
  r.right_deg = std::min(eyes[0].angle_right_rad, eyes[1].angle_right_rad) * kRadToDeg;
  r.down_deg = std::max(eyes[0].angle_down_rad, eyes[1].angle_down_rad) * kRadToDeg;
  r.up_deg = std::min(eyes[0].angle_up_rad, eyes[1].angle_up_rad) * kRadToDeg;
  if (r.width_deg() <= 0.f || r.height_deg() <= 0.f)
    return Error{Errc::invalid_argument, "fov: the two eyes' fields of view do not overlap"};
  return r;
}

Fov symmetric_fov(float width_deg, float height_deg) {
  const float h = 0.5f * width_deg / kRadToDeg;
  const float v = 0.5f * height_deg / kRadToDeg;
  return {-h, h, v, -v};
}

}  // namespace tw::layout
