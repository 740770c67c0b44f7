// pose.hpp: a rigid transform and the angular rectangle, the two shapes the
// placement solver speaks in.
//
// What it does: Pose is a position plus a unit quaternion in OpenXR's
// convention (right-handed, +X right, +Y up, -Z forward, metres), so an
// XrPosef converts field by field. AngularRect is a rectangle in a view's
// tangent-angle space, in degrees, with XrFovf's signs (left and down are
// negative): a point p in view coordinates sits at
// (atan(p.x / -p.z), atan(p.y / -p.z)).
// What it does not do: own a clock, a reference space or any XR handle.
//
//   tw::layout::Pose T_space_head{{0.f, 1.6f, 0.f}, glm::angleAxis(0.3f, glm::vec3(0, 1, 0))};
//   glm::vec3 p_space = T_space_head.apply({0.f, 0.f, -1.5f});  // 1.5 m ahead
#pragma once

#include <glm/gtc/quaternion.hpp>
#include <glm/vec3.hpp>

namespace tw::layout {

struct Pose {
  glm::vec3 position{0.f, 0.f, 0.f};
  glm::quat orientation{1.f, 0.f, 0.f, 0.f};  // glm order: w, x, y, z

  glm::vec3 apply(const glm::vec3& p) const { return position + orientation * p; }
  Pose operator*(const Pose& rhs) const {
    return {apply(rhs.position), orientation * rhs.orientation};
  }
  Pose inverse() const {
    const glm::quat inv = glm::conjugate(orientation);
    return {inv * -position, inv};
  }
};

// Degrees of tangent angle in one view (see the file comment).
struct AngularRect {
  float left_deg = 0.f;
  float right_deg = 0.f;
  float down_deg = 0.f;
  float up_deg = 0.f;

  float width_deg() const { return right_deg - left_deg; }
  float height_deg() const { return up_deg - down_deg; }
  bool contains(const AngularRect& r, float eps_deg = 1e-3f) const {
    return r.left_deg >= left_deg - eps_deg && r.right_deg <= right_deg + eps_deg &&
           r.down_deg >= down_deg - eps_deg && r.up_deg <= up_deg + eps_deg;
  }
  // True when the two rectangles share more than a sliver of eps_deg.
  bool overlaps(const AngularRect& r, float eps_deg = 1e-3f) const {
    return r.left_deg < right_deg - eps_deg && left_deg < r.right_deg - eps_deg &&
           r.down_deg < up_deg - eps_deg && down_deg < r.up_deg - eps_deg;
  }
};

}  // namespace tw::layout
