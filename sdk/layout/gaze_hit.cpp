#include "layout/gaze_hit.hpp"

#include <cmath>
#include <limits>

#include <glm/geometric.hpp>
#include <glm/gtc/quaternion.hpp>

#include "layout/card_buttons.hpp"
#include "layout/panel_spec.hpp"

namespace tw::layout {

Ray view_ray(const Pose& T_space_view) {
  return {T_space_view.position, T_space_view.orientation * glm::vec3(0.f, 0.f, -1.f)};
}

PanelHit hit_test(const Layout& layout, const Ray& ray, HitTestOptions options) {
  PanelHit best;
  const float len = glm::length(ray.direction);
  if (!(len > 0.f) || !std::isfinite(len)) return best;
  const glm::vec3 dir = ray.direction / len;
  float best_t = std::numeric_limits<float>::infinity();
  const auto panels = layout.panels();
  for (size_t i = 0; i < panels.size(); ++i) {
    const PlacedPanel& p = panels[i];
    if (!p.visible()) continue;
    const glm::vec2 half = 0.5f * p.size_m;
    if (options.early_reject) {
      // The quad lies inside the sphere through its corners: a ray that
      // passes that sphere by, or meets it only behind the origin or beyond
      // the nearest hit so far, cannot meet the quad.
      const glm::vec3 to_centre = p.T_space_panel.position - ray.origin_m;
      const float r2 = glm::dot(half, half), along = glm::dot(to_centre, dir);
      const float c2 = glm::dot(to_centre, to_centre);
      if (c2 - along * along > r2) continue;
      if (along < 0.f && c2 > r2) continue;
      if (along > best_t && (along - best_t) * (along - best_t) > r2) continue;
    }
    // Exact: the ray in the panel's frame against the plane z = 0, from the
    // visible side (+Z), then the rectangle.
    const glm::quat inv = glm::conjugate(p.T_space_panel.orientation);
    const glm::vec3 o = inv * (ray.origin_m - p.T_space_panel.position);
    const glm::vec3 d = inv * dir;
    if (!(o.z > 0.f && d.z < 0.f)) continue;
    const float t = -o.z / d.z;
    if (!(t < best_t)) continue;
    const glm::vec2 q{o.x + t * d.x, o.y + t * d.y};
    if (std::abs(q.x) > half.x || std::abs(q.y) > half.y) continue;
    best_t = t;
    best.hit = true;
    best.panel = static_cast<uint16_t>(i);
    best.overlay_index = p.overlay_index;
    best.kind = p.kind;
    best.collapsed = p.visibility == Visibility::collapsed;
    best.actions = p.actions;
    best.distance_m = t;
    const PanelSpec& spec = panel_spec(p.kind);
    const PanelForm& form = best.collapsed ? spec.collapsed : spec.full;
    best.point_em = {(q.x / p.size_m.x + 0.5f) * form.width_em, (0.5f - q.y / p.size_m.y) * form.drawn_height_em()};
  }
  if (best.hit) {
    const auto buttons = card_buttons(best.kind, best.collapsed, best.actions);
    for (size_t b = 0; b < buttons.size(); ++b)
      if (buttons[b].rect.contains(best.point_em)) best.button = static_cast<int>(b);
  }
  return best;
}

}  // namespace tw::layout
