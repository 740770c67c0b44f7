// Comfort config defaults and validation, visual-angle helpers, binocular FOV.
#include "tw_catch.hpp"

#include <cmath>

#include "layout/comfort.hpp"
#include "layout/fov.hpp"
#include "layout_fixtures.hpp"

using namespace tw::layout;


TEST_CASE("a zero ComfortConfig resolves to the documented defaults", "[layout][comfort]") {
  auto r = resolve_comfort({});
  REQUIRE(r.ok());
  const ComfortConfig& c = r.value();
  CHECK(c.distance_m == 1.5f);
  CHECK(c.min_distance_m == 0.5f);
  CHECK(c.max_distance_m == 2.0f);
  CHECK(c.body_text_deg == 0.7f);
  CHECK(c.min_text_deg == 0.4f);
  CHECK(c.band_bottom_deg == 35.f);
  CHECK(c.dead_zone_yaw_deg == 30.f);
  CHECK(c.dead_zone_pitch_deg == 20.f);
  CHECK(c.follow_tau_s == 0.1f);
  CHECK(c.central_cone_deg == 10.f);
  CHECK(c.min_eccentricity_deg == 8.f);
}

TEST_CASE("contradictory comfort values are rejected with a message", "[layout][comfort]") {
  CHECK(resolve_comfort({.distance_m = 0.3f}).error().message.find("distance") != std::string::npos);
  CHECK_FALSE(resolve_comfort({.distance_m = 2.5f}).ok());
  CHECK_FALSE(resolve_comfort({.body_text_deg = 0.3f}).ok());
  CHECK_FALSE(resolve_comfort({.follow_tau_s = -1.f}).ok());
  CHECK_FALSE(resolve_comfort({.line_spacing = NAN}).ok());
  CHECK_FALSE(resolve_comfort({.band_bottom_deg = 95.f}).ok());
  auto e = resolve_comfort({.min_eccentricity_deg = 12.f});
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().code == tw::Errc::invalid_argument);
  CHECK(resolve_comfort({.distance_m = 1.2f}).ok());
}

TEST_CASE("visual angle and size in metres are inverse", "[layout][comfort]") {
  // 0.7 deg at 2 m is about 24.4 mm (Microsoft: 0.6-0.75 deg comfortable at 2 m).
  CHECK(size_for_angle_m(0.7f, 2.f) == Approx(0.02443).epsilon(1e-3));
  CHECK(visual_angle_deg(size_for_angle_m(0.4f, 1.5f), 1.5f) == Approx(0.4f).epsilon(1e-5));
  CHECK(visual_angle_deg(1.f, 0.5f) == Approx(90.f).epsilon(1e-5));
}

TEST_CASE("minimum panel height for N lines follows the text angle and distance", "[layout][comfort]") {
  const float text_m = size_for_angle_m(0.7f, 1.5f);
  CHECK(min_panel_height_m(3, 1.5f) == Approx((3 * 1.4f + 1.2f) * text_m));
  CHECK(min_panel_height_m(3, 2.f) > min_panel_height_m(3, 1.f));
  CHECK(min_panel_height_m(4, 1.5f) - min_panel_height_m(3, 1.5f) == Approx(1.4f * text_m));
  // At the 0.4 deg floor a line is 4/7 of a body line.
  CHECK(min_panel_height_m(1, 1.5f, 0.4f, 1.f, 0.f) == Approx(size_for_angle_m(0.4f, 1.5f)));
}

TEST_CASE("the binocular FOV is the intersection of the eyes", "[layout][fov]") {
  const Fov left{twt::rad(-50.f), twt::rad(40.f), twt::rad(45.f), twt::rad(-50.f)};
  const Fov right{twt::rad(-40.f), twt::rad(50.f), twt::rad(44.f), twt::rad(-52.f)};
  auto r = binocular_fov({left, right});
  REQUIRE(r.ok());
  CHECK(r.value().left_deg == Approx(-40.f));
  CHECK(r.value().right_deg == Approx(40.f));
  CHECK(r.value().up_deg == Approx(44.f));
  CHECK(r.value().down_deg == Approx(-50.f));
}

TEST_CASE("a zero, inverted or non-finite FOV is an error", "[layout][fov]") {
  CHECK_FALSE(binocular_fov({Fov{}, Fov{}}).ok());
  const Fov ok = symmetric_fov(40.f, 30.f);
  CHECK_FALSE(binocular_fov({ok, Fov{0.3f, -0.3f, 0.3f, -0.3f}}).ok());
  CHECK_FALSE(binocular_fov({ok, Fov{-0.3f, NAN, 0.3f, -0.3f}}).ok());
  CHECK_FALSE(binocular_fov({ok, Fov{-1.6f, 0.3f, 0.3f, -0.3f}}).ok());
  // Disjoint eyes share nothing.
  const Fov l{twt::rad(-30.f), twt::rad(-10.f), 0.3f, -0.3f};
  const Fov r{twt::rad(10.f), twt::rad(30.f), 0.3f, -0.3f};
  CHECK(binocular_fov({l, r}).error().message.find("overlap") != std::string::npos);
}
