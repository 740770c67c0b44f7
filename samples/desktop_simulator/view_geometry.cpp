// view_geometry.cpp
#include "view_geometry.hpp"

#include <algorithm>
#include <cmath>

#include <glm/trigonometric.hpp>

#include "render/composite_quad.hpp"

namespace tw::sim {

glm::vec2 ViewGeometry::to_pixels(const glm::vec4& clip) const {
  const float x = clip.x / clip.w, y = clip.y / clip.w;
  return {static_cast<float>(view.offset.x) + (x * 0.5f + 0.5f) * static_cast<float>(view.extent.width),
          static_cast<float>(view.offset.y) + (y * 0.5f + 0.5f) * static_cast<float>(view.extent.height)};
}

ViewGeometry view_geometry(VkExtent2D window, const GlassesFov& glasses, float view_fov_deg) {
  ViewGeometry g;
  const uint32_t panel_w = std::min(460u, window.width / 3);
  g.view = {{0, 0}, {window.width - panel_w, window.height}};
  g.panel = {{static_cast<int32_t>(window.width - panel_w), 0}, {panel_w, window.height}};
  const float vw = static_cast<float>(g.view.extent.width), vh = static_cast<float>(g.view.extent.height);

  // Glasses: the eye sees more than the display, so show the world around it.
  float eye_h_deg = view_fov_deg;
  if (eye_h_deg <= 0.f)
    eye_h_deg = glasses.width_deg >= 90.f ? glasses.width_deg : std::max(glasses.width_deg * 1.4f, glasses.width_deg + 16.f);
  const float tan_x = std::tan(glm::radians(eye_h_deg * 0.5f));
  const float tan_y = tan_x * vh / vw;
  g.eye_fov = {-std::atan(tan_x), std::atan(tan_x), std::atan(tan_y), -std::atan(tan_y)};
  g.display_fov = layout::symmetric_fov(glasses.width_deg, glasses.height_deg);
  g.T_clip_view = projection_for(g.eye_fov);

  const float dx = std::min(1.f, std::tan(g.display_fov.angle_right_rad) / tan_x);
  const float dy = std::min(1.f, std::tan(g.display_fov.angle_up_rad) / tan_y);
  const auto w = static_cast<uint32_t>(std::lround(dx * vw));
  const auto h = static_cast<uint32_t>(std::lround(dy * vh));
  g.display = {{static_cast<int32_t>((g.view.extent.width - w) / 2), static_cast<int32_t>((g.view.extent.height - h) / 2)},
               {w, h}};
  return g;
}

}  // namespace tw::sim
