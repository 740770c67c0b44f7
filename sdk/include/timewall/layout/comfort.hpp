// comfort.hpp: the comfort rules the solver obeys, and visual-angle helpers.
//
// What it does: ComfortConfig holds every number the solver uses (distance,
// text size, the band below the horizon, dead zone, smoothing, central-vision
// cone). Zero means "the default from docs/comfort.md", so a
// zero-initialised ComfortConfig{} is the documented behaviour.
// resolve_comfort() fills defaults and rejects contradictory values.
// The helpers turn visual angles into metres and back, and give the minimum
// panel height for N lines of text at a distance.
// What it does not do: place anything (solver.hpp).
//
//   float h_m = tw::layout::min_panel_height_m(3, 1.5f);   // 3 body lines at 1.5 m
//   auto cfg = tw::layout::resolve_comfort({.distance_m = 1.2f});
#pragma once

#include "core/result.hpp"

namespace tw::layout {

struct ComfortConfig {
  float distance_m = 0.f;            // body-locked and view-locked panels: 1.5
  float min_distance_m = 0.f;        // nothing nearer: 0.5
  float max_distance_m = 0.f;        // 2.0
  float body_text_deg = 0.f;         // body text line height: 0.7
  float min_text_deg = 0.f;          // no text smaller: 0.4
  float line_spacing = 0.f;          // line pitch / text height: 1.4
  float padding_em = 0.f;            // panel margin around text, in text heights: 0.6
  float band_bottom_deg = 0.f;       // content band: from the horizon down to this: 35
  float rest_gaze_deg = 0.f;         // preferred centre, degrees below the horizon: 12
  float dead_zone_yaw_deg = 0.f;     // lazy follow: 30
  float dead_zone_pitch_deg = 0.f;   // lazy follow: 20
  float settle_deg = 0.f;            // recentring stops within this of the target: 1
  float follow_tau_s = 0.f;          // exponential smoothing time constant: 0.1
  float central_cone_deg = 0.f;      // view-locked items aim outside this: 10
  float min_eccentricity_deg = 0.f;  // below this the reason says eccentricity_limited: 8
  float fov_margin_deg = 0.f;        // kept clear at each edge of the FOV: 0.5
  float panel_gap_deg = 0.f;         // between panels: 0.6
  float layout_half_width_deg = 0.f; // body-locked panels stay within +-this of the anchor: 30
};

// Fills zeros with defaults; rejects negative, non-finite or contradictory
// values (min_distance > distance, min_text > body_text, band beyond 90 deg).
Result<ComfortConfig> resolve_comfort(const ComfortConfig& in);

// Visual angle subtended by `size_m` centred in front of the eye at `distance_m`.
float visual_angle_deg(float size_m, float distance_m);
// Size in metres that subtends `angle_deg` at `distance_m`.
float size_for_angle_m(float angle_deg, float distance_m);
// Minimum height of a panel holding `lines` lines of body text at
// `distance_m`: lines * line_spacing * text height + 2 * padding.
float min_panel_height_m(int lines, float distance_m, float text_deg = 0.7f,
                         float line_spacing = 1.4f, float padding_em = 0.6f);

}  // namespace tw::layout
