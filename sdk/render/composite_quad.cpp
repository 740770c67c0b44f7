// composite_quad.cpp
#include "render/composite_quad.hpp"

#include <cmath>

namespace tw {

CompositeQuad screen_quad(VkImageView panel, glm::vec2 min_px, glm::vec2 max_px, uint32_t width, uint32_t height) {
  auto ndc = [&](float x, float y) {
    return glm::vec4(2.f * x / static_cast<float>(width) - 1.f, 2.f * y / static_cast<float>(height) - 1.f, 0.f, 1.f);
  };
  return {panel, {ndc(min_px.x, min_px.y), ndc(max_px.x, min_px.y), ndc(max_px.x, max_px.y), ndc(min_px.x, max_px.y)}};
}

glm::mat4 projection_for(const layout::Fov& fov, float near_m, float far_m) {
  const float l = std::tan(fov.angle_left_rad), r = std::tan(fov.angle_right_rad);
  const float u = std::tan(fov.angle_up_rad), d = std::tan(fov.angle_down_rad);
  // Vulkan: clip y points down, depth 0..1. Columns are glm's first index.
  glm::mat4 m(0.f);
  m[0][0] = 2.f / (r - l);
  m[2][0] = (r + l) / (r - l);
  m[1][1] = 2.f / (d - u);
  m[2][1] = (d + u) / (d - u);
  m[2][2] = -far_m / (far_m - near_m);
  m[3][2] = -(far_m * near_m) / (far_m - near_m);
  m[2][3] = -1.f;
  return m;
}

CompositeQuad posed_quad(VkImageView panel, const glm::mat4& T_clip_view, const layout::Pose& T_view_panel,
                         glm::vec2 size_m) {
  const float hx = size_m.x * 0.5f, hy = size_m.y * 0.5f;
  auto corner = [&](float x, float y) { return T_clip_view * glm::vec4(T_view_panel.apply({x, y, 0.f}), 1.f); };
  return {panel, {corner(-hx, hy), corner(hx, hy), corner(hx, -hy), corner(-hx, -hy)}};
}

}  // namespace tw
