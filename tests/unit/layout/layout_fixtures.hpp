// Shared fixtures for the layout tests: head poses from angles, devices by
// FOV, overlay sets, and geometry checks written independently of the
// solver (plain vector maths on the panel's corners, no solver helper).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <glm/geometric.hpp>
#include <glm/gtc/quaternion.hpp>

#include "core/overlay.hpp"
#include "layout/angles.hpp"
#include "layout/fov.hpp"
#include "layout/panel_spec.hpp"
#include "layout/solver.hpp"
#include "tw_catch.hpp"

#if __has_include(<catch2/catch_all.hpp>)
using Catch::Approx;  // Catch2 v3; v2 declares Approx globally
#endif

namespace twt {

using namespace tw::layout;

inline float rad(float deg) { return deg * kPi / 180.f; }
inline float deg(float r) { return r * 180.f / kPi; }

// Head at eye height 1.6 m, turned yaw (left +), pitched (up +), rolled.
inline Pose head(float yaw_deg, float pitch_deg = 0.f, float roll_deg = 0.f,
                 glm::vec3 pos = {0.f, 1.6f, 0.f}) {
  const glm::quat q = glm::angleAxis(rad(yaw_deg), glm::vec3(0, 1, 0)) *
                      glm::angleAxis(rad(pitch_deg), glm::vec3(1, 0, 0)) *
                      glm::angleAxis(rad(roll_deg), glm::vec3(0, 0, 1));
  return {pos, q};
}

inline std::array<Fov, 2> device(float w_deg, float h_deg) {
  return {symmetric_fov(w_deg, h_deg), symmetric_fov(w_deg, h_deg)};
}

inline tw::Overlay overlay(tw::OverlayKind k) {
  tw::Overlay o;
  o.kind = k;
  return o;
}

inline std::vector<tw::Overlay> overlays(std::initializer_list<tw::OverlayKind> kinds) {
  std::vector<tw::Overlay> v;
  for (auto k : kinds) v.push_back(overlay(k));
  return v;
}

inline tw::Instant at_ms(int64_t ms) { return {ms * 1'000'000, 1'700'000'000'000 + ms}; }

inline std::array<glm::vec3, 4> corners(const Pose& T_space_panel, glm::vec2 size_m) {
  const glm::vec2 h = 0.5f * size_m;
  return {T_space_panel.apply({-h.x, -h.y, 0}), T_space_panel.apply({h.x, -h.y, 0}),
          T_space_panel.apply({h.x, h.y, 0}), T_space_panel.apply({-h.x, h.y, 0})};
}

// Elevation above the horizon of point p seen from eye e (gravity is -Y).
inline float elevation_deg(glm::vec3 p, glm::vec3 e) {
  const glm::vec3 d = glm::normalize(p - e);
  return deg(std::asin(d.y));
}

inline float angle_between_deg(glm::vec3 a, glm::vec3 b) {
  return deg(std::acos(std::clamp(glm::dot(glm::normalize(a), glm::normalize(b)), -1.f, 1.f)));
}

// Point p in head coordinates.
inline glm::vec3 in_head(const Pose& T_space_head, glm::vec3 p) {
  return glm::conjugate(T_space_head.orientation) * (p - T_space_head.position);
}

// Tangent angles (deg) of a head-space point.
inline glm::vec2 tangent_deg(glm::vec3 p_head) {
  return {deg(std::atan(p_head.x / -p_head.z)), deg(std::atan(p_head.y / -p_head.z))};
}

// All four corners in front of the eye and inside the binocular FOV (deg).
inline bool inside_fov(const Pose& T_space_head, const PlacedPanel& p, const AngularRect& fov,
                       float eps_deg = 1e-2f) {
  for (glm::vec3 c : corners(p.T_space_panel, p.size_m)) {
    const glm::vec3 h = in_head(T_space_head, c);
    if (h.z >= 0.f) return false;
    const glm::vec2 t = tangent_deg(h);
    if (t.x < fov.left_deg - eps_deg || t.x > fov.right_deg + eps_deg ||
        t.y < fov.down_deg - eps_deg || t.y > fov.up_deg + eps_deg)
      return false;
  }
  return true;
}

// Smallest angle between the head's forward axis and points of the panel
// (a 9x9 grid including the edges): how far it sits from central vision.
inline float eccentricity_deg(const Pose& T_space_head, const PlacedPanel& p) {
  const glm::vec3 fwd = T_space_head.orientation * glm::vec3(0, 0, -1);
  float best = 180.f;
  for (int i = 0; i <= 8; ++i)
    for (int j = 0; j <= 8; ++j) {
      const glm::vec3 local{(static_cast<float>(i) / 8.f - 0.5f) * p.size_m.x,
                            (static_cast<float>(j) / 8.f - 0.5f) * p.size_m.y, 0.f};
      best = std::min(best, angle_between_deg(p.T_space_panel.apply(local) - T_space_head.position, fwd));
    }
  return best;
}

// Does the ray from `eye` through `point` hit panel b (a finite rectangle)?
inline bool ray_hits(glm::vec3 eye, glm::vec3 point, const PlacedPanel& b) {
  const glm::vec3 n = b.T_space_panel.orientation * glm::vec3(0, 0, 1);
  const glm::vec3 d = point - eye;
  const float denom = glm::dot(n, d);
  if (std::abs(denom) < 1e-9f) return false;
  const float t = glm::dot(n, b.T_space_panel.position - eye) / denom;
  if (t <= 0.f) return false;
  const glm::vec3 local = glm::conjugate(b.T_space_panel.orientation) * (eye + t * d - b.T_space_panel.position);
  return std::abs(local.x) < 0.5f * b.size_m.x && std::abs(local.y) < 0.5f * b.size_m.y;
}

// Two panels overlap in angular space when one ray from the eye hits both:
// sampled on a grid over each panel, in both directions.
inline bool rays_overlap(glm::vec3 eye, const PlacedPanel& a, const PlacedPanel& b, int n = 16) {
  const PlacedPanel* pair[2][2] = {{&a, &b}, {&b, &a}};
  for (auto& pq : pair)
    for (int i = 0; i <= n; ++i)
      for (int j = 0; j <= n; ++j) {
        const PlacedPanel& p = *pq[0];
        const glm::vec3 local{(static_cast<float>(i) / static_cast<float>(n) - 0.5f) * p.size_m.x * 0.999f,
                              (static_cast<float>(j) / static_cast<float>(n) - 0.5f) * p.size_m.y * 0.999f, 0.f};
        if (ray_hits(eye, p.T_space_panel.apply(local), *pq[1])) return true;
      }
  return false;
}

// The point of a placed panel at panel-local em (top-left origin, +y down,
// the grid of the form shown), in the reference space.
inline glm::vec3 at_em(const PlacedPanel& p, glm::vec2 em) {
  const PanelSpec& spec = panel_spec(p.kind);
  const PanelForm& f = p.visibility == Visibility::collapsed ? spec.collapsed : spec.full;
  const glm::vec3 local{(em.x / f.width_em - 0.5f) * p.size_m.x, (0.5f - em.y / f.drawn_height_em()) * p.size_m.y, 0.f};
  return p.T_space_panel.apply(local);
}

inline const PlacedPanel* find(const Layout& l, tw::OverlayKind k) {
  for (const PlacedPanel& p : l.panels())
    if (p.kind == k) return &p;
  return nullptr;
}

}  // namespace twt
