#include "layout/shown_layout.hpp"

namespace tw::layout {
namespace {

glm::vec2 centre_px(const PixelRect& r) {
  return {static_cast<float>(r.x_px) + 0.5f * static_cast<float>(r.width_px),
          static_cast<float>(r.y_px) + 0.5f * static_cast<float>(r.height_px)};
}

}  // namespace

void shown_layout(const Layout& solved, const ShownFrame& shown, Layout& out) {
  // Every panel starts hidden; only the shown ones come back.
  out = solved;
  for (uint16_t i = 0; i < out.count; ++i) out.items[i].visibility = Visibility::hidden;
  const PlacedPanel* first = nullptr;
  PixelRect first_rect;
  for (const ShownPanel& s : shown.panels) {
    const PlacedPanel* from = nullptr;
    for (const PlacedPanel& p : solved.panels())
      if (p.overlay_index == s.overlay_index && p.visible()) from = &p;
    if (from == nullptr) continue;
    PlacedPanel& p = out.items[static_cast<size_t>(from - solved.items.data())];
    p.visibility = from->visibility;
    if (p.view_space && shown.head_valid) p.T_space_panel = shown.T_space_head * p.pose;
    if (!shown.atlas) continue;
    if (first == nullptr) {
      first = &p;
      first_rect = s.rect;
      continue;
    }
    if (first_rect.width_px == 0 || first_rect.height_px == 0) {
      p.visibility = Visibility::hidden;  // no scale to place it by
      continue;
    }
    // In the first's plane, at its metres per pixel (image y grows downwards, the panel's +Y is up).
    const glm::vec2 m_per_px{first->size_m.x / static_cast<float>(first_rect.width_px),
                             first->size_m.y / static_cast<float>(first_rect.height_px)};
    const glm::vec2 d_px = centre_px(s.rect) - centre_px(first_rect);
    p.T_space_panel = {first->T_space_panel.apply({d_px.x * m_per_px.x, -d_px.y * m_per_px.y, 0.f}),
                       first->T_space_panel.orientation};
    p.size_m = {static_cast<float>(s.rect.width_px) * m_per_px.x, static_cast<float>(s.rect.height_px) * m_per_px.y};
  }
}

}  // namespace tw::layout
