// gaze_hit.hpp: which solved panel, and which of its buttons, a ray meets.
//
// What it does: hit_test() intersects a ray in the app's reference space
// (head gaze: the view's forward axis, view_ray(); or a controller's aim)
// with each visible panel of a Layout, as the quad the compositor shows
// (XrCompositionLayerQuad convention: visible from +Z), and returns the
// nearest one: where on it, in panel-local em of the form shown
// (card_buttons.hpp's coordinates), and the button there. Panels are
// rejected early with a bounding-sphere test before the exact plane test;
// HitTestOptions::early_reject = false tests every visible panel exactly
// (the same answer; for the benchmark and the equivalence test).
// Allocation-free, no clock, no state.
// What it does not do: decide whether a button may be chosen (button_state)
// or time a dwell (dwell_select.hpp).
//
//   tw::layout::PanelHit hit = tw::layout::hit_test(layout, tw::layout::view_ray(T_space_head));
//   if (hit.button >= 0) { auto b = tw::layout::card_buttons(hit.kind, hit.collapsed)[hit.button]; }
#pragma once

#include <cstdint>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "core/overlay.hpp"
#include "layout/placement.hpp"
#include "layout/pose.hpp"

namespace tw::layout {

struct Ray {
  glm::vec3 origin_m{0.f, 0.f, 0.f};
  glm::vec3 direction{0.f, 0.f, -1.f};  // need not be unit; zero or non-finite hits nothing
};

// The forward axis (-Z) of a view or head pose: where head gaze points.
Ray view_ray(const Pose& T_space_view);

struct HitTestOptions {
  bool early_reject = true;  // false: the exact test on every visible panel
};

struct PanelHit {
  bool hit = false;
  uint16_t panel = 0;          // index into Layout::panels()
  uint16_t overlay_index = 0;  // index into the overlays the layout was solved from
  OverlayKind kind = OverlayKind::budget_ring;
  bool collapsed = false;      // the form shown (selects the button table)
  glm::vec2 point_em{0.f, 0.f};  // from the panel's top-left corner, +y down
  float distance_m = 0.f;        // from the ray's origin
  int button = -1;               // index into card_buttons(kind, collapsed); -1: none
};

PanelHit hit_test(const Layout& layout, const Ray& ray_space, HitTestOptions options = {});

}  // namespace tw::layout
