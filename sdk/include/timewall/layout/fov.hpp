// fov.hpp: the device's field of view, as OpenXR reports it per eye.
//
// What it does: Fov mirrors XrFovf (radians, left and down negative), and
// binocular_fov() turns the two eyes' FOVs into the one rectangle the solver
// fills: their intersection, the region both eyes see. Content seen by one
// eye only cannot fuse in stereo and invites binocular rivalry, so a panel
// that must be read belongs where both displays overlap.
// The FOVs are taken relative to the head orientation (true for glasses whose
// views are parallel to the head, which xrLocateViews reports on every device
// we target); a canted display must rotate its FOV into the head frame first.
// What it does not do: query OpenXR.
//
//   std::array<tw::layout::Fov, 2> eyes{{{-0.35f, 0.35f, 0.35f, -0.35f},
//                                        {-0.35f, 0.35f, 0.35f, -0.35f}}};
//   tw::Result<tw::layout::AngularRect> both = tw::layout::binocular_fov(eyes);
#pragma once

#include <array>

#include "core/result.hpp"
#include "layout/pose.hpp"

namespace tw::layout {

struct Fov {
  float angle_left_rad = 0.f;   // negative: left of the view axis
  float angle_right_rad = 0.f;
  float angle_up_rad = 0.f;
  float angle_down_rad = 0.f;   // negative: below the view axis
};

// Intersection of the eyes' FOVs, in degrees. Errors when a FOV is zero,
// non-finite, inverted, reaches 90 deg from the axis, or the eyes share nothing.
Result<AngularRect> binocular_fov(const std::array<Fov, 2>& eyes);

// A symmetric FOV of `width_deg` by `height_deg`, for tests and simulators.
Fov symmetric_fov(float width_deg, float height_deg);

}  // namespace tw::layout
