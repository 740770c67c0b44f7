// shown_layout.hpp: the solved layout as the wearer sees it this frame, so
// that head gaze and aim meet the panels where they are drawn.
//
// What it does: shown_layout() copies a solved Layout and moves each panel
// to where the host shows it (T_space_panel and size_m, what gaze_hit.hpp
// tests against):
//   - a view-locked panel (PlacedPanel::view_space) rides on the head: its
//     T_space_panel is this frame's head pose times its T_view_panel, not the
//     head of the last solve;
//   - panels packed into one atlas quad (a host with too few composition
//     layers left, e.g. platform/include/openxr/panel_layers.hpp): the first keeps
//     its place; each other one lies in the first's plane, at its packed
//     pixel offset from the first, at the first's metres per pixel (its
//     shown size is its pixel size at that scale, whatever size it was
//     solved at);
//   - a panel the host does not show (not in ShownFrame::panels) is hidden:
//     it is neither hit nor in the way.
// Allocation-free, no clock, no XR header.
// What it does not do: pack the atlas (the host does and gives each panel's
// rectangle), draw, or hit-test (gaze_hit.hpp).
//
//   const tw::layout::ShownPanel shown[] = {{.overlay_index = 1, .rect = r1}, {.overlay_index = 0, .rect = r0}};
//   tw::layout::shown_layout(solved, {.panels = shown, .atlas = true, .T_space_head = head}, out);
//   tw::layout::PanelHit hit = tw::layout::hit_test(out, ray);
#pragma once

#include <cstdint>
#include <span>

#include "layout/placement.hpp"
#include "layout/pose.hpp"

namespace tw::layout {

struct PixelRect {
  uint32_t x_px = 0, y_px = 0, width_px = 0, height_px = 0;
};

struct ShownPanel {
  uint16_t overlay_index = 0;  // the solved panel shown (PlacedPanel::overlay_index)
  PixelRect rect;              // where it is packed in the atlas (atlas only)
};

struct ShownFrame {
  std::span<const ShownPanel> panels;  // what the host shows; in the atlas, the first keeps its place
  bool atlas = false;                  // all of them in one quad, placed by the first
  bool head_valid = false;             // false: view-locked panels stay where the last solve put them
  Pose T_space_head;                   // the head the view-locked panels ride on this frame
};

void shown_layout(const Layout& solved, const ShownFrame& shown, Layout& out);

}  // namespace tw::layout
