#include "layout/comfort.hpp"

#include <cmath>
#include <string>

#include "layout/angles.hpp"

namespace tw::layout {
namespace {

// Replaces a zero with its default; a negative or non-finite value is an error.
bool fill(float& v, float fallback) {
  if (!std::isfinite(v) || v < 0.f) return false;
  if (v == 0.f) v = fallback;
  return true;
}

}  // namespace

Result<ComfortConfig> resolve_comfort(const ComfortConfig& in) {
  ComfortConfig c = in;
  // Defaults and their sources: docs/comfort.md.
  struct Field {
    float* v;
    float fallback;
    const char* name;
  };
  const Field fields[] = {
      {&c.distance_m, 1.5f, "distance_m"},
      {&c.min_distance_m, 0.5f, "min_distance_m"},
      {&c.max_distance_m, 2.0f, "max_distance_m"},
      {&c.body_text_deg, 0.7f, "body_text_deg"},
      {&c.min_text_deg, 0.4f, "min_text_deg"},
      {&c.line_spacing, 1.4f, "line_spacing"},
      {&c.padding_em, 0.6f, "padding_em"},
      {&c.band_bottom_deg, 35.f, "band_bottom_deg"},
      {&c.rest_gaze_deg, 12.f, "rest_gaze_deg"},
      {&c.dead_zone_yaw_deg, 30.f, "dead_zone_yaw_deg"},
      {&c.dead_zone_pitch_deg, 20.f, "dead_zone_pitch_deg"},
      {&c.settle_deg, 1.f, "settle_deg"},
      {&c.follow_tau_s, 0.1f, "follow_tau_s"},
      {&c.central_cone_deg, 10.f, "central_cone_deg"},
      {&c.min_eccentricity_deg, 8.f, "min_eccentricity_deg"},
      {&c.fov_margin_deg, 0.5f, "fov_margin_deg"},
      {&c.panel_gap_deg, 0.6f, "panel_gap_deg"},
      {&c.layout_half_width_deg, 30.f, "layout_half_width_deg"},
  };
  for (const Field& f : fields) {
    if (!fill(*f.v, f.fallback)) {
      return Error{Errc::invalid_argument,
                   std::string("comfort config: ") + f.name + " must be a finite value >= 0"};
    }
  }
  auto bad = [](const char* what) {
    return Error{Errc::invalid_argument, std::string("comfort config: ") + what};
  };
  if (c.min_distance_m > c.distance_m || c.distance_m > c.max_distance_m)
    return bad("need min_distance_m <= distance_m <= max_distance_m");
  if (c.min_text_deg > c.body_text_deg) return bad("min_text_deg exceeds body_text_deg");
  if (c.line_spacing < 1.f) return bad("line_spacing below 1 makes lines overlap");
  if (c.band_bottom_deg > 90.f) return bad("band_bottom_deg above 90");
  if (c.rest_gaze_deg > c.band_bottom_deg)
    return bad("rest_gaze_deg must lie inside the band");
  if (c.min_eccentricity_deg > c.central_cone_deg)
    return bad("min_eccentricity_deg exceeds central_cone_deg");
  if (c.dead_zone_yaw_deg > 90.f || c.dead_zone_pitch_deg > 90.f || c.layout_half_width_deg > 80.f)
    return bad("dead zone above 90 deg or layout half-width above 80 deg");
  if (c.settle_deg >= c.dead_zone_yaw_deg || c.settle_deg >= c.dead_zone_pitch_deg)
    return bad("settle_deg must be smaller than the dead zone");
  return c;
}

float visual_angle_deg(float size_m, float distance_m) {
  return 2.f * std::atan(size_m / (2.f * distance_m)) / kDegToRad;
}

float size_for_angle_m(float angle_deg, float distance_m) {
  return 2.f * distance_m * std::tan(0.5f * angle_deg * kDegToRad);
}

float min_panel_height_m(int lines, float distance_m, float text_deg, float line_spacing,
                         float padding_em) {
  const float text_m = size_for_angle_m(text_deg, distance_m);
  return (static_cast<float>(lines) * line_spacing + 2.f * padding_em) * text_m;
}

}  // namespace tw::layout
