#include "openxr/panel_layers.hpp"

#include <algorithm>
#include <cmath>

namespace tw::xr {

namespace {
constexpr uint32_t kAtlasGapPx = 2;
}

const char* to_string(LayerMode mode) noexcept {
  switch (mode) {
    case LayerMode::none: return "none";
    case LayerMode::separate: return "separate";
    case LayerMode::atlas: return "atlas";
    case LayerMode::in_views: return "in_views";
  }
  return "?";
}

uint32_t layer_room(uint32_t max_layers, uint32_t app_layers, uint32_t capacity) noexcept {
  const uint32_t left = max_layers > app_layers ? max_layers - app_layers : 0;
  return std::min(left, capacity);
}

LayerMode plan_layers(uint32_t panels, uint32_t room) noexcept {
  if (panels == 0 || room == 0) return LayerMode::none;
  return panels <= room ? LayerMode::separate : LayerMode::atlas;
}

AtlasPacking pack_atlas(std::span<const PanelExtentPx> panels) noexcept {
  AtlasPacking out;
  uint32_t y = 0;
  for (const PanelExtentPx& p : panels) {
    if (out.count == out.rects.size()) break;
    if (out.count > 0) y += kAtlasGapPx;
    out.rects[out.count++] = {0, y, p.width, p.height};
    y += p.height;
    out.width_px = std::max(out.width_px, p.width);
  }
  out.height_px = y;
  return out;
}

XrPosef to_xr(const layout::Pose& p) noexcept {
  return {{p.orientation.x, p.orientation.y, p.orientation.z, p.orientation.w},
          {p.position.x, p.position.y, p.position.z}};
}

layout::Pose from_xr(const XrPosef& p) noexcept {
  return {{p.position.x, p.position.y, p.position.z},
          {p.orientation.w, p.orientation.x, p.orientation.y, p.orientation.z}};
}

bool project_to_view(const layout::Pose& T_eye_panel, float width_m, float height_m, const XrFovf& fov,
                     uint32_t image_width_px, uint32_t image_height_px, AtlasRect& out) noexcept {
  const float tl = std::tan(fov.angleLeft), tr = std::tan(fov.angleRight);
  const float tu = std::tan(fov.angleUp), td = std::tan(fov.angleDown);
  if (!(tr > tl) || !(tu > td) || image_width_px == 0 || image_height_px == 0) return false;
  const float W = static_cast<float>(image_width_px), H = static_cast<float>(image_height_px);
  float x0 = W, x1 = 0.f, y0 = H, y1 = 0.f;
  for (const float sx : {-0.5f, 0.5f})
    for (const float sy : {-0.5f, 0.5f}) {
      const glm::vec3 c = T_eye_panel.apply({sx * width_m, sy * height_m, 0.f});
      if (!(c.z < -0.01f)) return false;  // behind or at the eye
      const float px = (c.x / -c.z - tl) / (tr - tl) * W;
      const float py = (tu - c.y / -c.z) / (tu - td) * H;  // image rows grow downwards
      x0 = std::min(x0, px), x1 = std::max(x1, px), y0 = std::min(y0, py), y1 = std::max(y1, py);
    }
  x0 = std::floor(x0), y0 = std::floor(y0), x1 = std::ceil(x1), y1 = std::ceil(y1);
  if (x0 < 0.f || y0 < 0.f || x1 > W || y1 > H || x1 - x0 < 1.f || y1 - y0 < 1.f) return false;
  out = {static_cast<uint32_t>(x0), static_cast<uint32_t>(y0), static_cast<uint32_t>(x1 - x0),
         static_cast<uint32_t>(y1 - y0)};
  return true;
}

QuadShape atlas_quad(const layout::Pose& T_space_first, float first_width_m, float first_height_m,
                     const AtlasRect& first_rect, uint32_t atlas_width_px, uint32_t atlas_height_px) noexcept {
  QuadShape q;
  if (first_rect.width_px == 0 || first_rect.height_px == 0) return q;
  const float m_per_px_x = first_width_m / static_cast<float>(first_rect.width_px);
  const float m_per_px_y = first_height_m / static_cast<float>(first_rect.height_px);
  q.size_m = {static_cast<float>(atlas_width_px) * m_per_px_x, static_cast<float>(atlas_height_px) * m_per_px_y};
  // From the first panel's centre to the atlas centre, in the panel's plane
  // (image y grows downwards, the panel's +Y is up).
  const float first_cx = static_cast<float>(first_rect.x_px) + 0.5f * static_cast<float>(first_rect.width_px);
  const float first_cy = static_cast<float>(first_rect.y_px) + 0.5f * static_cast<float>(first_rect.height_px);
  const glm::vec3 offset{(0.5f * static_cast<float>(atlas_width_px) - first_cx) * m_per_px_x,
                         -(0.5f * static_cast<float>(atlas_height_px) - first_cy) * m_per_px_y, 0.f};
  q.pose = to_xr({T_space_first.apply(offset), T_space_first.orientation});
  return q;
}

CylinderShape cylinder_for(const layout::Pose& T_space_panel, float width_m, float height_m,
                           float distance_m) noexcept {
  CylinderShape c;
  const float radius_m = std::max(distance_m, 0.05f);
  c.radius_m = radius_m;
  c.central_angle_rad = width_m / radius_m;
  c.aspect_ratio = height_m > 0.f ? width_m / height_m : 1.f;
  c.pose = to_xr({T_space_panel.apply({0.f, 0.f, radius_m}), T_space_panel.orientation});
  return c;
}

}  // namespace tw::xr
