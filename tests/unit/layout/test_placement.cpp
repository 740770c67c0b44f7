// Pose fixtures: where each anchor puts its panel, checked numerically with
// vector maths on the panel's corners (distance, elevation below the horizon,
// eccentricity from the view axis, visual angle of a text line).
#include "tw_catch.hpp"

#include "layout_fixtures.hpp"

using namespace twt;
using tw::OverlayKind;

namespace {

Layout solve_once(const Pose& h, std::array<Fov, 2> fov, const std::vector<tw::Overlay>& ov) {
  auto solver = Solver::create({});
  REQUIRE(solver.ok());
  Layout out;
  const tw::Status s = solver.value().solve({.overlays = ov, .T_space_head = h, .eye_fov = fov, .now = at_ms(0)}, out);
  REQUIRE(s.ok());
  REQUIRE(out.count == ov.size());
  return out;
}

// Checks every comfort rule that holds wherever the head points.
void check_body_panel(const Pose& h, const PlacedPanel& p) {
  CHECK(p.anchor == Anchor::body_locked);
  CHECK_FALSE(p.view_space);
  // Distance: exactly the default 1.5 m, inside 1.0-2.0 m.
  const float dist = glm::length(p.T_space_panel.position - h.position);
  CHECK(dist == Approx(1.5f).epsilon(1e-4));
  CHECK(p.distance_m == Approx(dist).epsilon(1e-4));
  // Band: every corner between the horizon and 35 deg below it (gravity -Y).
  for (glm::vec3 c : corners(p.T_space_panel, p.size_m)) {
    const float e = elevation_deg(c, h.position);
    CHECK(e <= 1e-3f);
    CHECK(e >= -35.f - 1e-3f);
  }
  // The panel faces the eye: its +Z points back at the head.
  const glm::vec3 n = p.T_space_panel.orientation * glm::vec3(0, 0, 1);
  CHECK(glm::dot(n, glm::normalize(h.position - p.T_space_panel.position)) == Approx(1.f).epsilon(1e-4));
  // Upright: the panel's +X is horizontal.
  CHECK(std::abs((p.T_space_panel.orientation * glm::vec3(1, 0, 0)).y) < 1e-4f);
  // A body text line at the panel centre subtends 0.7 deg, above the 0.4 floor.
  const glm::vec3 top = p.T_space_panel.apply({0, 0.5f * p.text_height_m, 0});
  const glm::vec3 bottom = p.T_space_panel.apply({0, -0.5f * p.text_height_m, 0});
  const float text_deg = angle_between_deg(top - h.position, bottom - h.position);
  CHECK(text_deg == Approx(0.7f).epsilon(1e-3));
  CHECK(text_deg >= 0.4f);
  // ...and so does a line at the panel's top edge, the worst place on it.
  const glm::vec3 top2 = p.T_space_panel.apply({0.5f * p.size_m.x, 0.5f * p.size_m.y, 0});
  const glm::vec3 top2b = p.T_space_panel.apply({0.5f * p.size_m.x, 0.5f * p.size_m.y - p.text_height_m, 0});
  CHECK(angle_between_deg(top2 - h.position, top2b - h.position) > 0.65f);
}

void check_indicator(const Pose& h, const PlacedPanel& p, const AngularRect& fov, float min_ecc_deg) {
  CHECK(p.anchor == Anchor::view_locked);
  CHECK(p.view_space);
  CHECK(p.visibility == Visibility::shown);
  // `pose` is T_view_panel; T_space_panel = T_space_head * pose.
  const Pose composed = h * p.pose;
  CHECK(glm::length(composed.position - p.T_space_panel.position) < 1e-4f);
  CHECK(glm::length(p.pose.position) == Approx(1.5f).epsilon(1e-4));
  CHECK(inside_fov(h, p, fov));
  CHECK(p.in_fov);
  // Lower periphery: below the view axis, outside central vision.
  CHECK(p.pose.position.y < 0.f);
  CHECK(eccentricity_deg(h, p) >= min_ecc_deg);
}

}  // namespace

TEST_CASE("46 deg device, head level: ring, indicator and card where the rules say", "[layout][pose]") {
  const Pose h = head(0.f);
  const auto fov = device(46.f, 46.f);
  const auto ov = overlays({OverlayKind::budget_ring, OverlayKind::protect_indicator, OverlayKind::warning});
  const Layout l = solve_once(h, fov, ov);
  const AngularRect both = binocular_fov(fov).value();

  const PlacedPanel& ring = l.items[0];
  check_indicator(h, ring, both, 9.99f);
  CHECK(ring.reason == LayoutReason::none);
  CHECK(ring.pose.position.x > 0.f);  // ring right, protect left
  const PlacedPanel& prot = l.items[1];
  check_indicator(h, prot, both, 9.99f);
  CHECK(prot.pose.position.x < 0.f);

  const PlacedPanel& w = l.items[2];
  CHECK(w.visibility == Visibility::shown);
  check_body_panel(h, w);
  CHECK(inside_fov(h, w, both));
  CHECK(w.in_fov);
  // Centred on the heading, at the 12 deg rest gaze below the horizon.
  const glm::vec3 c = w.T_space_panel.position - h.position;
  CHECK(std::abs(c.x) < 1e-4f);
  CHECK(elevation_deg(w.T_space_panel.position, h.position) == Approx(-12.f).margin(0.05));
  CHECK(l.recentring == false);
  for (const PlacedPanel* a : {&ring, &prot})
    CHECK_FALSE(rays_overlap(h.position, *a, w));
}

TEST_CASE("the reported angular rect bounds the quad as the view sees it", "[layout][pose]") {
  const Pose h = head(35.f, -10.f, 8.f, {2.f, 1.5f, -3.f});
  const auto fov = device(46.f, 40.f);
  const auto ov = overlays({OverlayKind::budget_ring, OverlayKind::block_shield, OverlayKind::nudge});
  const Layout l = solve_once(h, fov, ov);
  for (const PlacedPanel& p : l.panels()) {
    if (!p.visible()) continue;
    REQUIRE(p.rect_valid);
    float lo_x = 90, hi_x = -90, lo_y = 90, hi_y = -90;
    for (glm::vec3 c : corners(p.T_space_panel, p.size_m)) {
      const glm::vec2 t = tangent_deg(in_head(h, c));
      lo_x = std::min(lo_x, t.x), hi_x = std::max(hi_x, t.x);
      lo_y = std::min(lo_y, t.y), hi_y = std::max(hi_y, t.y);
    }
    CHECK(p.rect.left_deg == Approx(lo_x).margin(1e-3));
    CHECK(p.rect.right_deg == Approx(hi_x).margin(1e-3));
    CHECK(p.rect.down_deg == Approx(lo_y).margin(1e-3));
    CHECK(p.rect.up_deg == Approx(hi_y).margin(1e-3));
  }
}

TEST_CASE("the band is horizon-relative: a pitched or rolled head keeps content 0-35 deg below the horizon",
          "[layout][pose]") {
  const auto fov = device(46.f, 46.f);
  const AngularRect both = binocular_fov(fov).value();
  const auto ov = overlays({OverlayKind::block_shield, OverlayKind::warning});
  SECTION("looking down 25 deg, turned 120 deg, rolled 6 deg") {
    const Pose h = head(120.f, -25.f, 6.f, {1.f, 1.7f, 2.f});
    const Layout l = solve_once(h, fov, ov);
    for (const PlacedPanel& p : l.panels()) {
      REQUIRE(p.visible());
      check_body_panel(h, p);
      CHECK(inside_fov(h, p, both));
    }
  }
  SECTION("looking up 30 deg: the band is out of view, nothing rises above the horizon") {
    const Pose h = head(-40.f, 30.f);
    const Layout l = solve_once(h, fov, ov);
    for (const PlacedPanel& p : l.panels()) {
      check_body_panel(h, p);
      CHECK_FALSE(p.in_fov);
      CHECK_FALSE(inside_fov(h, p, both));
    }
  }
}

TEST_CASE("on a 100 deg device the indicators sit at >= 10 deg eccentricity, not at the far edge",
          "[layout][pose]") {
  const Pose h = head(10.f, -5.f);
  const auto fov = device(100.f, 90.f);
  const Layout l = solve_once(h, fov, overlays({OverlayKind::budget_ring, OverlayKind::protect_indicator}));
  for (const PlacedPanel& p : l.panels()) {
    check_indicator(h, p, binocular_fov(fov).value(), 9.9f);
    CHECK(eccentricity_deg(h, p) < 14.f);
    CHECK(p.reason == LayoutReason::none);
  }
}

TEST_CASE("on 20 deg glasses the indicators fit the small periphery", "[layout][pose][fov]") {
  const Pose h = head(0.f);
  SECTION("20 x 20 deg: inside the FOV and still at >= 8 deg") {
    const auto fov = device(20.f, 20.f);
    const Layout l = solve_once(h, fov, overlays({OverlayKind::budget_ring, OverlayKind::protect_indicator}));
    for (const PlacedPanel& p : l.panels()) {
      check_indicator(h, p, binocular_fov(fov).value(), 8.f);
      CHECK(p.reason == LayoutReason::none);
    }
  }
  SECTION("20 deg diagonal (14 x 14 deg): inside the FOV, flagged eccentricity_limited") {
    const auto fov = device(14.1f, 14.1f);
    const Layout l = solve_once(h, fov, overlays({OverlayKind::budget_ring, OverlayKind::protect_indicator}));
    for (const PlacedPanel& p : l.panels()) {
      check_indicator(h, p, binocular_fov(fov).value(), 4.f);
      CHECK(eccentricity_deg(h, p) < 8.f);
      CHECK(p.reason == LayoutReason::eccentricity_limited);
    }
  }
}

TEST_CASE("a second ring is a duplicate, too many overlays are counted, not placed", "[layout][pose]") {
  std::vector<tw::Overlay> ov = overlays({OverlayKind::budget_ring, OverlayKind::budget_ring});
  Layout l = solve_once(head(0.f), device(46.f, 46.f), ov);
  CHECK(l.items[0].visible());
  CHECK(l.items[1].visibility == Visibility::hidden);
  CHECK(l.items[1].reason == LayoutReason::duplicate);

  ov.assign(kMaxPanels + 3, overlay(OverlayKind::nudge));
  auto solver = Solver::create({});
  REQUIRE(solver.ok());
  REQUIRE(solver.value().solve({.overlays = ov, .T_space_head = head(0.f), .eye_fov = device(46.f, 46.f)}, l).ok());
  CHECK(l.count == kMaxPanels);
  CHECK(l.dropped == 3);
}

TEST_CASE("bad input is an error and leaves the output and state alone", "[layout][pose]") {
  auto solver = Solver::create({});
  REQUIRE(solver.ok());
  Solver& s = solver.value();
  const auto ov = overlays({OverlayKind::warning});
  Layout l;
  REQUIRE(s.solve({.overlays = ov, .T_space_head = head(0.f), .eye_fov = device(46.f, 46.f), .now = at_ms(100)}, l).ok());
  const Layout before = l;
  Pose bad = head(0.f);
  bad.position.x = NAN;
  CHECK_FALSE(s.solve({.overlays = ov, .T_space_head = bad, .eye_fov = device(46.f, 46.f), .now = at_ms(110)}, l).ok());
  bad = head(0.f);
  bad.orientation = glm::quat(0, 0, 0, 0);
  CHECK_FALSE(s.solve({.overlays = ov, .T_space_head = bad, .eye_fov = device(46.f, 46.f), .now = at_ms(110)}, l).ok());
  CHECK(s.solve({.overlays = ov, .T_space_head = head(0.f), .eye_fov = {}, .now = at_ms(110)}, l).error().code ==
        tw::Errc::invalid_argument);
  CHECK(s.solve({.overlays = ov, .T_space_head = head(0.f), .eye_fov = device(46.f, 46.f), .now = at_ms(50)}, l)
            .error().message.find("backwards") != std::string::npos);
  CHECK_FALSE(s.solve({.overlays = ov, .T_space_head = head(0.f), .eye_fov = device(0.8f, 0.8f), .now = at_ms(110)}, l).ok());
  CHECK(l.count == before.count);
  CHECK(l.items[0].T_space_panel.position == before.items[0].T_space_panel.position);
  CHECK(Solver::create({.comfort = {.distance_m = 0.2f}}).error().code == tw::Errc::invalid_argument);
}
