// angles.hpp: the one definition of pi and the degree/radian factors.
//
// What it does: float constants (GLM's and OpenXR's angle type) for layout
// and everything above it. Names carry the unit (`_deg`, `_rad`), so a
// conversion reads as a multiplication by the factor that changes it.
// What it does not do: wrap angles or hold any other unit.
//
//   const float yaw_rad = yaw_deg * tw::layout::kDegToRad;
//   const float fov_deg = 2.f * std::atan(half_tan) * tw::layout::kRadToDeg;
#pragma once

#include <numbers>

namespace tw::layout {

inline constexpr float kPi = std::numbers::pi_v<float>;
inline constexpr float kDegToRad = static_cast<float>(std::numbers::pi / 180.0);
inline constexpr float kRadToDeg = static_cast<float>(180.0 / std::numbers::pi);

}  // namespace tw::layout
