// Lazy follow (dead zone, smoothed recentring, framerate independence),
// pinning (world-locked) and fast motion.
#include "tw_catch.hpp"

#include "layout_fixtures.hpp"

using namespace twt;
using tw::OverlayKind;

namespace {

struct Run {
  Solver solver = Solver::create({}).value();
  std::vector<tw::Overlay> ov;
  std::array<Fov, 2> fov = device(100.f, 90.f);
  Layout out;
  int64_t t_ms = 0;
  bool fast = false;

  const PlacedPanel& step(const Pose& h, int64_t dt_ms) {
    t_ms += dt_ms;
    const tw::Status s = solver.solve(
        {.overlays = ov, .T_space_head = h, .eye_fov = fov, .fast_motion = fast, .now = at_ms(t_ms)}, out);
    REQUIRE(s.ok());
    return out.items[0];
  }
};

// Heading of the panel centre around the head, degrees (left +).
float azimuth_deg(const PlacedPanel& p, const Pose& h) {
  const glm::vec3 d = p.T_space_panel.position - h.position;
  return deg(std::atan2(-d.x, -d.z));
}

}  // namespace

TEST_CASE("a head rotation inside the dead zone moves a body-locked panel by zero", "[layout][follow]") {
  Run r;
  r.ov = overlays({OverlayKind::warning, OverlayKind::budget_ring});
  const glm::vec3 start = r.step(head(0.f), 0).T_space_panel.position;
  // Sweep yaw to 25 deg and pitch to -15 deg over a second at 90 Hz.
  for (int i = 1; i <= 90; ++i) {
    const float f = static_cast<float>(i) / 90.f;
    const PlacedPanel& p = r.step(head(25.f * f, -15.f * f), 11);
    REQUIRE(p.visibility == Visibility::shown);
    CHECK(glm::length(p.T_space_panel.position - start) == 0.f);
    CHECK_FALSE(r.out.recentring);
  }
  // Back and forth a few times: still not a millimetre.
  for (int i = 0; i < 30; ++i)
    CHECK(glm::length(r.step(head(i % 2 ? -20.f : 20.f, 5.f), 11).T_space_panel.position - start) == 0.f);
}

TEST_CASE("beyond the dead zone the panel recentres gradually, never in one frame", "[layout][follow]") {
  Run r;
  r.ov = overlays({OverlayKind::warning});
  const Pose h0 = head(0.f);
  r.step(h0, 0);
  const Pose h1 = head(60.f);  // one frame: 60 deg to the left
  const PlacedPanel& p1 = r.step(h1, 11);
  const float a1 = azimuth_deg(p1, h1);
  CHECK(r.out.recentring);
  // After one 11 ms frame it moved 1-exp(-0.011/0.1) = 10.4 % of the way.
  CHECK(a1 > 0.f);
  CHECK(a1 == Approx(60.f * (1.f - std::exp(-0.011f / 0.1f))).margin(0.05));
  // It approaches monotonically, without overshoot, and settles.
  float prev = a1;
  int frames = 1;
  while (r.out.recentring && frames < 500) {
    const float a = azimuth_deg(r.step(h1, 11), h1);
    CHECK(a >= prev);
    CHECK(a <= 60.f + 1e-3f);
    prev = a;
    ++frames;
  }
  CHECK_FALSE(r.out.recentring);
  CHECK(prev == Approx(60.f).margin(1.0));
  // ~ tau * ln(60/1) = 0.41 s, i.e. about 37 frames at 90 Hz.
  CHECK(frames > 20);
  CHECK(frames < 60);
  // Settled, it stays put.
  const glm::vec3 settled = r.out.items[0].T_space_panel.position;
  for (int i = 0; i < 20; ++i) CHECK(glm::length(r.step(h1, 11).T_space_panel.position - settled) == 0.f);
}

TEST_CASE("smoothing is framerate independent", "[layout][follow]") {
  Run fast_rate, slow_rate;
  fast_rate.ov = slow_rate.ov = overlays({OverlayKind::warning});
  fast_rate.step(head(0.f), 0);
  slow_rate.step(head(0.f), 0);
  const Pose h1 = head(-50.f, -10.f);
  // 120 Hz (~8 ms frames, 25 of them) and 30 Hz (~33 ms frames, 6 of them) over 200 ms.
  for (int i = 0; i < 24; ++i) fast_rate.step(h1, 8);
  fast_rate.step(h1, 8);
  for (int i = 0; i < 6; ++i) slow_rate.step(h1, i < 2 ? 34 : 33);
  REQUIRE(fast_rate.t_ms == slow_rate.t_ms);
  const float a = azimuth_deg(fast_rate.out.items[0], h1);
  const float b = azimuth_deg(slow_rate.out.items[0], h1);
  CHECK(a == Approx(b).margin(0.05));
  CHECK(a == Approx(-50.f * (1.f - std::exp(-0.2f / 0.1f))).margin(0.2));
}

TEST_CASE("a sustained turn keeps the panel lagging: it never locks to the head", "[layout][follow]") {
  Run r;
  r.ov = overlays({OverlayKind::warning});
  r.step(head(0.f), 0);
  float yaw = 0.f;
  for (int i = 0; i < 180; ++i) {  // 2 s at 40 deg/s, not flagged as fast motion
    yaw += 40.f / 90.f;
    const Pose h = head(yaw);
    const PlacedPanel& p = r.step(h, 11);
    const float lag = yaw - azimuth_deg(p, h);
    if (i > 90) {
      CHECK(lag > 1.f);  // offset persists: it follows, lagging ~ rate * tau
      CHECK(lag < 30.f);
    }
  }
}

TEST_CASE("on a small FOV the dead zone shrinks so the panel stays in view", "[layout][follow][fov]") {
  Run r;
  r.fov = device(20.f, 20.f);
  r.ov = overlays({OverlayKind::warning});
  const AngularRect both = binocular_fov(r.fov).value();
  const glm::vec3 start = r.step(head(0.f), 0).T_space_panel.position;
  CHECK(inside_fov(head(0.f), r.out.items[0], both));
  // A 1 deg turn leaves it in view and unmoved...
  CHECK(glm::length(r.step(head(0.8f), 11).T_space_panel.position - start) == 0.f);
  // ...a 12 deg turn (inside the nominal 30 deg dead zone) would push it out
  // of view, so it recentres, and once settled it is in view again.
  const Pose h = head(12.f);
  r.step(h, 11);
  CHECK(r.out.recentring);
  for (int i = 0; i < 90; ++i) r.step(h, 11);
  CHECK_FALSE(r.out.recentring);
  CHECK(inside_fov(h, r.out.items[0], both));
  CHECK(r.out.items[0].in_fov);
}

TEST_CASE("a pinned panel is world-locked until unpinned", "[layout][pin]") {
  Run r;
  r.ov = overlays({OverlayKind::fill_card, OverlayKind::budget_ring});
  const Pose h0 = head(0.f);
  r.step(h0, 0);
  const Pose placed = r.out.items[0].T_space_panel;
  CHECK(r.solver.pin(OverlayKind::budget_ring).error().code == tw::Errc::invalid_argument);
  CHECK(r.solver.pin(OverlayKind::warning).error().code == tw::Errc::not_found);
  REQUIRE(r.solver.pin(OverlayKind::fill_card).ok());
  CHECK(r.solver.is_pinned(OverlayKind::fill_card));
  // Turn away and walk a little: the panel stays exactly where it was.
  for (int i = 0; i < 100; ++i) r.step(head(90.f, 0.f, 0.f, {0.3f, 1.6f, 0.2f}), 11);
  const PlacedPanel& p = r.out.items[0];
  CHECK(p.anchor == Anchor::world_locked);
  CHECK(p.visibility == Visibility::shown);
  CHECK(p.T_space_panel.position == placed.position);
  CHECK(p.T_space_panel.orientation == placed.orientation);
  CHECK_FALSE(p.in_fov);  // it is now 80 deg off to the wearer's right
  // Walking right up to it hides it (nearer than 0.5 m).
  const glm::vec3 near = placed.position + placed.orientation * glm::vec3(0, 0, 0.3f);
  r.step({near, placed.orientation}, 11);
  CHECK(r.out.items[0].visibility == Visibility::hidden);
  CHECK(r.out.items[0].reason == LayoutReason::too_near);
  // Unpinned, it is body-locked again and comes back in front.
  REQUIRE(r.solver.unpin(OverlayKind::fill_card).ok());
  CHECK_FALSE(r.solver.unpin(OverlayKind::fill_card).ok());
  const Pose h2 = head(90.f);
  for (int i = 0; i < 100; ++i) r.step(h2, 11);
  CHECK(r.out.items[0].anchor == Anchor::body_locked);
  // Where a fresh solver puts it for this head pose, give or take the 1 deg
  // at which recentring settles.
  Run fresh;
  fresh.ov = r.ov;
  fresh.step(h2, 0);
  CHECK(angle_between_deg(r.out.items[0].T_space_panel.position - h2.position,
                          fresh.out.items[0].T_space_panel.position - h2.position) < 1.01f);
}

TEST_CASE("under fast motion only the peripheral indicators stay", "[layout][motion]") {
  Run r;
  r.ov = overlays({OverlayKind::warning, OverlayKind::budget_ring, OverlayKind::block_shield,
                   OverlayKind::protect_indicator, OverlayKind::fill_card});
  r.step(head(0.f), 0);
  REQUIRE(r.solver.pin(OverlayKind::fill_card).ok());
  r.fast = true;
  r.step(head(30.f), 11);
  for (const PlacedPanel& p : r.out.panels()) {
    const bool indicator = p.kind == OverlayKind::budget_ring || p.kind == OverlayKind::protect_indicator;
    INFO(tw::to_string(p.kind));
    CHECK(p.visible() == indicator);
    if (!indicator) {
      CHECK(p.visibility == Visibility::hidden);
      CHECK(p.reason == LayoutReason::fast_motion);
    }
  }
  // When motion ends the cards come back straight ahead of the new heading,
  // not sliding in from where they were.
  r.fast = false;
  const Pose h = head(75.f, -5.f);
  r.step(h, 11);
  CHECK(r.out.items[0].visible());
  CHECK_FALSE(r.out.recentring);
  Run fresh;
  fresh.ov = r.ov;
  fresh.step(h, 0);
  for (uint16_t i = 0; i < r.out.count; ++i) {
    if (r.out.items[i].anchor != Anchor::body_locked) continue;
    CHECK(glm::length(r.out.items[i].T_space_panel.position - fresh.out.items[i].T_space_panel.position) < 1e-4f);
  }
}
