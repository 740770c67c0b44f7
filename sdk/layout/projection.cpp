#include "layout/projection.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>
#include <glm/mat3x3.hpp>

#include "layout/angles.hpp"

namespace tw::layout {
namespace {

constexpr float kMinDepth_m = 1e-3f;

}  // namespace

ViewQuad project_quad(const Pose& T_view_panel, glm::vec2 size_m) {
  ViewQuad q;
  const glm::vec2 h = 0.5f * size_m;
  const glm::vec2 local[4] = {{-h.x, -h.y}, {h.x, -h.y}, {h.x, h.y}, {-h.x, h.y}};
  q.valid = true;
  for (int i = 0; i < 4; ++i) {
    const glm::vec3 p = T_view_panel.apply({local[i].x, local[i].y, 0.f});
    if (-p.z < kMinDepth_m) {
      q.valid = false;
      return q;
    }
    q.tan[static_cast<size_t>(i)] = {p.x / -p.z, p.y / -p.z};
  }
  return q;
}

AngularRect bounding_rect(const ViewQuad& q) {
  glm::vec2 lo = q.tan[0], hi = q.tan[0];
  for (const glm::vec2& c : q.tan) {
    lo = glm::min(lo, c);
    hi = glm::max(hi, c);
  }
  return {std::atan(lo.x) * kRadToDeg, std::atan(hi.x) * kRadToDeg,
          std::atan(lo.y) * kRadToDeg, std::atan(hi.y) * kRadToDeg};
}

bool quads_overlap(const ViewQuad& a, const ViewQuad& b) {
  if (!a.valid || !b.valid) return false;
  // Separating axis theorem on two convex quadrilaterals: they are disjoint
  // when the projections on some edge normal do not meet.
  const ViewQuad* shapes[2] = {&a, &b};
  for (const ViewQuad* s : shapes) {
    for (size_t i = 0; i < 4; ++i) {
      const glm::vec2 e = s->tan[(i + 1) % 4] - s->tan[i];
      const glm::vec2 n{-e.y, e.x};
      float amin = INFINITY, amax = -INFINITY, bmin = INFINITY, bmax = -INFINITY;
      for (size_t k = 0; k < 4; ++k) {
        const float pa = glm::dot(n, a.tan[k]);
        const float pb = glm::dot(n, b.tan[k]);
        amin = std::min(amin, pa);
        amax = std::max(amax, pa);
        bmin = std::min(bmin, pb);
        bmax = std::max(bmax, pb);
      }
      if (amax <= bmin || bmax <= amin) return false;
    }
  }
  return true;
}

float nearest_eccentricity_deg(const AngularRect& r) {
  const float x = std::clamp(0.f, r.left_deg, r.right_deg) * kDegToRad;
  const float y = std::clamp(0.f, r.down_deg, r.up_deg) * kDegToRad;
  const float tx = std::tan(x), ty = std::tan(y);
  return std::atan(std::sqrt(tx * tx + ty * ty)) * kRadToDeg;
}

glm::vec3 direction_for(float x_deg, float y_deg) {
  return glm::normalize(glm::vec3(std::tan(x_deg * kDegToRad), std::tan(y_deg * kDegToRad), -1.f));
}

glm::quat facing(const glm::vec3& dir, const glm::vec3& up) {
  glm::vec3 right = glm::cross(dir, up);
  const float len = glm::length(right);
  // Looking straight along `up`: any horizontal right axis is upright.
  right = len > 1e-4f ? right / len : glm::vec3(1.f, 0.f, 0.f);
  const glm::vec3 panel_up = glm::cross(right, dir);
  return glm::quat_cast(glm::mat3(right, panel_up, -dir));
}

AngularRect rolled_rect(const ViewQuad& q, float roll_deg) {
  const float c = std::cos(roll_deg * kDegToRad), s = std::sin(roll_deg * kDegToRad);
  ViewQuad r = q;
  // A world point appears turned by -roll in the rolled view.
  for (glm::vec2& t : r.tan) t = {c * t.x + s * t.y, -s * t.x + c * t.y};
  return bounding_rect(r);
}

glm::vec3 yaw_pitch_roll_deg(const glm::quat& q) {
  const glm::vec3 f = q * glm::vec3(0.f, 0.f, -1.f);
  const float pitch = std::asin(std::clamp(f.y, -1.f, 1.f));
  glm::vec3 heading{f.x, 0.f, f.z};
  if (glm::length(heading) < 0.05f) {
    // Looking (nearly) straight up or down: the head's up axis points along
    // the heading when looking down and against it when looking up.
    const glm::vec3 u = q * glm::vec3(0.f, 1.f, 0.f);
    heading = f.y < 0.f ? glm::vec3(u.x, 0.f, u.z) : glm::vec3(-u.x, 0.f, -u.z);
  }
  const glm::vec3 r = q * glm::vec3(1.f, 0.f, 0.f);
  const glm::vec3 u = q * glm::vec3(0.f, 1.f, 0.f);
  const float roll = std::cos(pitch) > 0.05f ? std::atan2(r.y, u.y) : 0.f;
  return {std::atan2(-heading.x, -heading.z) * kRadToDeg, pitch * kRadToDeg, roll * kRadToDeg};
}

}  // namespace tw::layout
