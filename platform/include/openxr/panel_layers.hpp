// panel_layers.hpp: the geometry of Timewall's composition layers, free of
// any OpenXR call, so it is tested on its own.
//
// What it does:
// - layer_room(): how many layers Timewall may add to a frame, given the
//   runtime's maxLayerCount, the app's own layers and the caller's array;
// - plan_layers(): one layer per panel when they fit, else one atlas quad;
// - pack_atlas(): stacks panels top to bottom, left-aligned, in one image;
// - atlas_quad(): where the atlas quad goes so that its first panel keeps
//   exactly its solved rectangle (the others hang below it, at the same
//   pixels per metre);
// - cylinder_for(): the XrCompositionLayerCylinderKHR that shows a flat
//   solved panel as an arc around the wearer at the same distance;
// - project_to_view(): the pixel rectangle a panel covers in one eye's image,
//   for drawing panels into the app's own projection views.
// What it does not do: create swapchains, render or submit (session_binding
// does).
//
//   const uint32_t room = tw::xr::layer_room(max_layers, end_info.layerCount, capacity);
//   if (tw::xr::plan_layers(panel_count, room) == tw::xr::LayerMode::atlas) ...
#pragma once

#include <openxr/openxr.h>

#include <array>
#include <cstdint>
#include <span>

#include "layout/placement.hpp"
#include "layout/pose.hpp"
#include "layout/shown_layout.hpp"
#include "render/panel_content.hpp"

namespace tw::xr {

enum class LayerMode : uint8_t {
  none,      // no panel, or no room for even one layer
  separate,  // one quad (or cylinder) per panel
  atlas,     // fewer layers left than panels: all panels in one quad
  in_views,  // no layer: panels drawn into the app's projection views
};

const char* to_string(LayerMode mode) noexcept;

uint32_t layer_room(uint32_t max_layers, uint32_t app_layers, uint32_t capacity) noexcept;
LayerMode plan_layers(uint32_t panels, uint32_t room) noexcept;

// Pixels in an image; layout::shown_layout() takes the same rectangles.
using AtlasRect = layout::PixelRect;

struct AtlasPacking {
  std::array<AtlasRect, layout::kMaxPanels> rects{};
  uint32_t count = 0;
  uint32_t width_px = 0;   // the used part of the atlas image
  uint32_t height_px = 0;
};

// Panels beyond kMaxPanels are ignored; a 2 px gap keeps filtering apart.
AtlasPacking pack_atlas(std::span<const PanelExtentPx> panels) noexcept;

struct QuadShape {
  XrPosef pose{{0, 0, 0, 1}, {0, 0, 0}};
  XrExtent2Df size_m{0, 0};
};

// `first` is the first packed panel as solved (its pose and size in metres).
QuadShape atlas_quad(const layout::Pose& T_space_first, float first_width_m, float first_height_m,
                     const AtlasRect& first_rect, uint32_t atlas_width_px, uint32_t atlas_height_px) noexcept;

struct CylinderShape {
  XrPosef pose{{0, 0, 0, 1}, {0, 0, 0}};  // the cylinder's centre; the panel lies along its -Z
  float radius_m = 0.f;
  float central_angle_rad = 0.f;
  float aspect_ratio = 1.f;  // arc length / height
};

// A panel at `T_space_panel` (facing the wearer, +Z towards them) whose centre
// is `distance_m` from the head: a cylinder of that radius centred
// distance_m behind the panel, covering the panel's width as arc length.
CylinderShape cylinder_for(const layout::Pose& T_space_panel, float width_m, float height_m,
                           float distance_m) noexcept;

// The axis-aligned pixel rectangle covering the panel (centred on
// T_eye_panel's origin, width x height in its XY plane) in an eye image of
// image_width x image_height with field of view `fov`. False when part of it
// is behind the eye or outside the image (the caller then skips it there).
bool project_to_view(const layout::Pose& T_eye_panel, float width_m, float height_m, const XrFovf& fov,
                     uint32_t image_width_px, uint32_t image_height_px, AtlasRect& out) noexcept;

XrPosef to_xr(const layout::Pose& p) noexcept;
layout::Pose from_xr(const XrPosef& p) noexcept;

}  // namespace tw::xr
