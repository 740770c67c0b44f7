#include "openxr/panel_layers.hpp"

#include <algorithm>

namespace tw::xr {

namespace {
constexpr uint32_t kAtlasGapPx = 2;
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

QuadShape atlas_quad(const layout::Pose& first_pose, float first_width_m, float first_height_m,
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
  q.pose = to_xr({first_pose.apply(offset), first_pose.orientation});
  return q;
}

CylinderShape cylinder_for(const layout::Pose& panel_pose, float width_m, float height_m,
                           float distance_m) noexcept {
  CylinderShape c;
  const float radius_m = std::max(distance_m, 0.05f);
  c.radius_m = radius_m;
  c.central_angle_rad = width_m / radius_m;
  c.aspect_ratio = height_m > 0.f ? width_m / height_m : 1.f;
  c.pose = to_xr({panel_pose.apply({0.f, 0.f, radius_m}), panel_pose.orientation});
  return c;
}

}  // namespace tw::xr
