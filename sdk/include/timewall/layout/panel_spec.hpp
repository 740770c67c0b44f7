// panel_spec.hpp: per overlay kind, how it is anchored, how much it matters,
// and how big its full and collapsed forms are.
//
// What it does: one table (panel_spec.cpp) that the solver, the renderer and
// docs/comfort.md agree on. Sizes are in "em": multiples of the body text
// height, so a panel's size in metres follows from the text's visual angle
// and the distance (em_m = size_for_angle_m(body_text_deg, distance_m)).
// Priority: a lower number is placed first and yields last.
// What it does not do: decide whether an overlay is wanted (the core does).
//
//   const tw::layout::PanelSpec& s = tw::layout::panel_spec(tw::OverlayKind::warning);
//   float full_h_em = s.full.height_em(1.4f, 0.6f);
#pragma once

#include <cstdint>

#include "core/overlay.hpp"
#include "layout/placement.hpp"

namespace tw::layout {

// The grid every form is drawn on (sdk/render/panel_content.cpp sizes the
// texture with these): line pitch and padding in em. The solver's comfort
// values scale the quad in metres; these fix the layout inside it.
inline constexpr float kPanelLineSpacing = 1.4f;
inline constexpr float kPanelPaddingEm = 0.6f;

struct PanelForm {
  float width_em = 0.f;
  int lines = 0;
  float height_em(float line_spacing, float padding_em) const {
    return static_cast<float>(lines) * line_spacing + 2.f * padding_em;
  }
  // Height of the form as drawn (kPanelLineSpacing, kPanelPaddingEm).
  float drawn_height_em() const { return height_em(kPanelLineSpacing, kPanelPaddingEm); }
};

struct PanelSpec {
  Anchor anchor = Anchor::body_locked;
  uint8_t priority = 0;       // 0 first
  PanelForm full;
  PanelForm collapsed;        // equal to `full` for indicators (they never collapse)
  Visibility when_no_room = Visibility::hidden;  // deferred: still worth showing later
  bool must_show = false;  // rather than yield, it makes higher-priority panels collapse
};

const PanelSpec& panel_spec(OverlayKind kind) noexcept;

}  // namespace tw::layout
