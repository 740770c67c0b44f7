// projection.hpp: where a flat panel lands in a view, in angles.
//
// What it does: projects a quad (pose + size in metres, XrCompositionLayerQuad
// convention) into a view's tangent plane, gives its bounding AngularRect,
// tests whether two projected quads overlap (separating axes: two panels
// overlap in angular space exactly when one ray from the eye hits both,
// whatever the head's orientation), and builds the upright, eye-facing
// orientation the solver gives its panels.
// What it does not do: clip against the FOV or decide anything.
//
//   tw::layout::ViewQuad q = tw::layout::project_quad(T_view_panel, size_m);
//   if (q.valid && fov.contains(tw::layout::bounding_rect(q))) { ... }
#pragma once

#include <array>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "layout/pose.hpp"

namespace tw::layout {

// Corners in tangent coordinates (x / -z, y / -z), counter-clockwise.
struct ViewQuad {
  std::array<glm::vec2, 4> tan{};
  bool valid = false;  // false when a corner is at or behind the eye plane
};

ViewQuad project_quad(const Pose& T_view_panel, glm::vec2 size_m);
AngularRect bounding_rect(const ViewQuad& q);
bool quads_overlap(const ViewQuad& a, const ViewQuad& b);

// Angle in degrees between the view axis (-Z) and the nearest point of `r`.
float nearest_eccentricity_deg(const AngularRect& r);

// Unit direction from the eye through tangent angles (x_deg, y_deg).
glm::vec3 direction_for(float x_deg, float y_deg);

// Orientation of a quad seen along `dir` (eye to panel, unit): its +Z points
// back at the eye, its +X is horizontal with respect to `up`.
glm::quat facing(const glm::vec3& dir, const glm::vec3& up);

// Bounding rect of `q` as seen by the same eye rolled by `roll_deg` about its
// view axis (a roll turns the tangent plane about its origin).
AngularRect rolled_rect(const ViewQuad& q, float roll_deg);

// Horizon-relative heading, elevation and roll of the head, degrees, as
// R = R_y(yaw) * R_x(pitch) * R_z(roll): yaw positive to the left about +Y,
// pitch positive up, roll positive with the right ear up. Gravity is the
// reference space's -Y, so a rolled head keeps its elevation.
glm::vec3 yaw_pitch_roll_deg(const glm::quat& T_space_head_rotation);

}  // namespace tw::layout
