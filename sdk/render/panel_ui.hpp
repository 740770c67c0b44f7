// panel_ui.hpp (internal to sdk/render): lays out one panel with Dear ImGui.
//
// What it does: inside an ImGui frame, builds the widgets and text of a
// PanelContent into a full-panel window; rings and arcs are not tessellated
// but emitted as draw-list callbacks carrying an SdfRing, which the
// renderer draws with its SDF pipeline in draw order.
// What it does not do: touch Vulkan or own the ImGui context.
#pragma once

#include <cstdint>

#include "render/panel_content.hpp"

struct ImFont;
struct ImDrawCmd;
struct ImDrawList;

namespace tw::render_detail {

struct SdfRing {
  float cx = 0, cy = 0, radius = 0, half_width = 0;  // pixels
  float fraction = 0;                                // arc shown, 0..1
  uint32_t track_rgba = 0;                           // ImU32 sRGB colours
  uint32_t arc_rgba = 0;
};

struct PanelFonts {
  ImFont* small = nullptr;  // 20 px
  ImFont* body = nullptr;   // 28 px
  ImFont* title = nullptr;  // 32 px bold
  ImFont* big = nullptr;    // 64 px bold
};

inline constexpr int kMaxRings = 4;
struct PanelShapes {
  SdfRing rings[kMaxRings];
  int ring_count = 0;
};

// The callback marker the renderer recognises in ImDrawCmd::UserCallback.
void sdf_ring_marker(const ImDrawList* list, const ImDrawCmd* cmd);

// Call between ImGui::NewFrame() and ImGui::Render().
void build_panel_ui(const PanelContent& content, float width_px, float height_px,
                    const PanelFonts& fonts, PanelShapes& shapes);

}  // namespace tw::render_detail
