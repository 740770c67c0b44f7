// placement.hpp: the placement solver's output, one PlacedPanel per overlay.
//
// What it does: says, for each overlay the core wants shown, how it is
// anchored, where its quad sits (pose in the app's reference space, or in
// view space for view-locked indicators), how big it is in metres, whether it
// is shown, collapsed, deferred or hidden and why, and which angular rectangle
// of the current view it covers. Layout is fixed-capacity (std::array), so a
// solve allocates nothing.
// What it does not do: solve (solver.hpp) or draw (sdk/render). It holds no
// strings and no handles.
//
// The quad convention matches XrCompositionLayerQuad: the panel lies in the
// XY plane of its pose, centred on the origin, visible from +Z (it faces the
// wearer), +Y is the panel's up.
//
//   for (const tw::layout::PlacedPanel& p : layout.panels()) {
//     if (!p.visible()) continue;
//     submit_quad(p.view_space ? view_space : app_space, p.pose, p.size_m);
//   }
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include <glm/vec2.hpp>

#include "core/overlay.hpp"
#include "layout/pose.hpp"

namespace tw::layout {

enum class Anchor : uint8_t {
  view_locked,   // fixed in the view: only the budget ring and protect indicator
  body_locked,   // lazy follow: stays put inside a dead zone, recentres smoothly outside it
  world_locked,  // pinned by the wearer at a pose in the reference space
};

enum class Visibility : uint8_t {
  shown,      // full form
  collapsed,  // smaller form (fewer lines): the full form did not fit
  deferred,   // not now: shown once room frees up (the overlay is still wanted)
  hidden,     // not drawn in this state (motion, too small a display, too near)
};

// Why a panel is not simply shown. Names are stable (appended, never renamed).
enum class LayoutReason : uint8_t {
  none,
  no_room,               // higher-priority panels use the space in the field of view
  fov_too_small,         // the form does not fit the device's field of view even alone
  fast_motion,           // the core reports fast motion: only peripheral indicators stay
  crossing,              // it would cross another panel this frame: an indicator passing
                         // over a card as the head turns, or a panel mid-recentre
  too_near,              // a pinned panel is nearer than the minimum distance
  duplicate,             // a second overlay of a one-per-view kind (ring, indicator)
  eccentricity_limited,  // shown, but the FOV is too small to keep it out of central vision
};

std::string_view to_string(Anchor anchor) noexcept;
std::string_view to_string(Visibility visibility) noexcept;
std::string_view to_string(LayoutReason reason) noexcept;

struct PlacedPanel {
  OverlayKind kind = OverlayKind::budget_ring;
  uint16_t overlay_index = 0;  // index into the overlay span given to solve()
  Anchor anchor = Anchor::body_locked;
  Visibility visibility = Visibility::hidden;
  LayoutReason reason = LayoutReason::none;
  bool view_space = false;     // true: `pose` is T_view_panel (view-locked items)
  bool in_fov = false;         // the whole quad lies inside the usable FOV this frame
  Pose pose;                   // T_space_panel, or T_view_panel when view_space
  Pose T_space_panel;          // always in the app's reference space
  glm::vec2 size_m{0.f, 0.f};  // quad width, height
  float distance_m = 0.f;      // head to panel centre
  float text_height_m = 0.f;   // body text line height the renderer should use
  AngularRect rect;            // bounding box of the quad in the current view
  bool rect_valid = false;     // false when part of the quad is behind the head

  bool visible() const {
    return visibility == Visibility::shown || visibility == Visibility::collapsed;
  }
};

inline constexpr int kMaxPanels = 16;

struct Layout {
  std::array<PlacedPanel, kMaxPanels> items{};
  uint16_t count = 0;
  uint16_t dropped = 0;    // overlays beyond kMaxPanels (not placed)
  AngularRect usable_fov;  // the binocular FOV less the edge margin, current view
  bool recentring = false; // body-locked panels are moving back to the head's heading

  std::span<const PlacedPanel> panels() const { return {items.data(), count}; }
};

}  // namespace tw::layout
