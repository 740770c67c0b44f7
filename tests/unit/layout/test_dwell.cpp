// DwellSelector: the gaze resting on an enabled button for dwell_s chooses
// it once; leaving starts over; disabled buttons never fill; a select press
// chooses at once. Then the whole path on a solved layout: head poses at
// 90 Hz, hit test, gaze target, dwell.
#include "layout/dwell_select.hpp"
#include "layout_fixtures.hpp"

using namespace twt;
using tw::OverlayKind;

namespace {

GazeTarget on(CardButton b, bool enabled = true, OverlayKind k = OverlayKind::friction_prompt) {
  return {.valid = true, .kind = k, .overlay_index = 0, .button = b, .enabled = enabled};
}

struct Frames {
  DwellSelector dwell;
  int selections = 0;
  int64_t last_selected_ms = -1;
  // Feeds `target` every 10 ms from `from_ms` up to `to_ms`, `down` held.
  void run(const GazeTarget& target, int64_t from_ms, int64_t to_ms, bool down = false) {
    for (int64_t ms = from_ms; ms <= to_ms; ms += 10) {
      if (dwell.update(target, down, at_ms(ms)).selected) ++selections, last_selected_ms = ms;
    }
  }
};

}  // namespace

TEST_CASE("resting on a button for dwell_s chooses it, once", "[layout][dwell]") {
  Frames f;
  CHECK(f.dwell.dwell_ns() == 1'200'000'000);
  f.run(on(CardButton::leave), 0, 600);
  CHECK(f.dwell.frame().progress == Approx(0.5f));
  CHECK(f.selections == 0);
  f.run(on(CardButton::leave), 610, 5000);
  CHECK(f.selections == 1);
  CHECK(f.last_selected_ms == 1200);
  CHECK(f.dwell.frame().progress == 1.f);
  CHECK(f.dwell.frame().target.button == CardButton::leave);

  SECTION("leaving and coming back chooses again after a full dwell") {
    f.run({}, 5010, 5100);
    CHECK(f.dwell.frame().progress == 0.f);
    CHECK_FALSE(f.dwell.frame().target.valid);
    f.run(on(CardButton::leave), 5110, 7000);
    CHECK(f.selections == 2);
    CHECK(f.last_selected_ms == 6310);
  }
  SECTION("moving to another button starts over") {
    f.run(on(CardButton::continue_anyway), 5010, 5610);
    CHECK(f.dwell.frame().progress == Approx(0.5f));
    CHECK(f.selections == 1);
  }
}

TEST_CASE("a glance that leaves before dwell_s chooses nothing", "[layout][dwell]") {
  Frames f;
  for (int i = 0; i < 10; ++i) {
    f.run(on(CardButton::dismiss, true, OverlayKind::nudge), i * 2000, i * 2000 + 1100);
    f.run({}, i * 2000 + 1110, i * 2000 + 1990);
  }
  CHECK(f.selections == 0);
}

TEST_CASE("a disabled button neither fills nor fires, it dwells from its unlock", "[layout][dwell]") {
  Frames f;
  f.run(on(CardButton::continue_anyway, false), 0, 5000);
  CHECK(f.selections == 0);
  CHECK(f.dwell.frame().progress == 0.f);
  CHECK(f.dwell.frame().target.valid);  // hovered all the same
  f.run(on(CardButton::continue_anyway, false), 5010, 6000, true);  // pressing does nothing either
  CHECK(f.selections == 0);
  f.run(on(CardButton::continue_anyway, true), 6010, 8000);
  CHECK(f.selections == 1);
  CHECK(f.last_selected_ms == 7210);
}

TEST_CASE("the select input chooses the hovered button on the frame it goes down", "[layout][dwell]") {
  Frames f;
  f.run(on(CardButton::leave), 0, 100);
  CHECK(f.dwell.update(on(CardButton::leave), true, at_ms(110)).by_press);
  CHECK(f.selections == 0);
  ++f.selections;
  f.run(on(CardButton::leave), 120, 3000, true);  // held: no repeat, and the dwell already fired
  CHECK(f.selections == 1);
  f.run(on(CardButton::leave), 3010, 3020, false);
  f.run(on(CardButton::leave), 3030, 3030, true);  // a second press is a second choice
  CHECK(f.selections == 2);

  SECTION("a press that began off the button does not count") {
    Frames g;
    g.run({}, 0, 100, true);
    g.run(on(CardButton::leave), 110, 500, true);
    CHECK(g.selections == 0);
  }
  SECTION("a press on nothing chooses nothing") {
    Frames g;
    g.run({}, 0, 20, false);
    g.run({}, 30, 40, true);
    CHECK(g.selections == 0);
  }
}

TEST_CASE("dwell time comes from the policy, bad values take the default", "[layout][dwell]") {
  tw::Policy p;
  CHECK(DwellSelector(DwellSelector::config_from(p)).dwell_ns() == 1'200'000'000);
  p.attention.dwell_s = 0.5;
  Frames f{DwellSelector(DwellSelector::config_from(p))};
  f.run(on(CardButton::leave), 0, 1000);
  CHECK(f.last_selected_ms == 500);
  CHECK(DwellSelector({.dwell_s = -1.0}).dwell_ns() == 1'200'000'000);
  CHECK(DwellSelector({.dwell_s = NAN}).dwell_ns() == 1'200'000'000);
}

TEST_CASE("time going backwards counts as the last time", "[layout][dwell]") {
  Frames f;
  f.run(on(CardButton::leave), 1000, 1600);
  f.dwell.update(on(CardButton::leave), false, at_ms(10));  // earlier: still 1600
  CHECK(f.dwell.frame().progress == Approx(0.5f));
  f.run(on(CardButton::leave), 1610, 2200);
  CHECK(f.selections == 1);
}

TEST_CASE("gaze targets come from the hit and the overlay it shows", "[layout][dwell]") {
  std::vector<tw::Overlay> ov = overlays({OverlayKind::friction_prompt});
  ov[0].countdown_s = 3;
  PanelHit hit{.hit = true, .panel = 0, .overlay_index = 0, .kind = OverlayKind::friction_prompt, .button = 0};
  GazeTarget t = gaze_target(hit, ov);
  CHECK(t.valid);
  CHECK(t.button == CardButton::continue_anyway);
  CHECK_FALSE(t.enabled);
  ov[0].countdown_s = 0;
  CHECK_FALSE(gaze_target(hit, ov).valid);  // no extension left: not offered
  hit.button = 1;
  CHECK(gaze_target(hit, ov).button == CardButton::leave);
  hit.button = -1;
  CHECK_FALSE(gaze_target(hit, ov).valid);
  hit.button = 1;
  hit.overlay_index = 3;
  CHECK_FALSE(gaze_target(hit, ov).valid);  // not from these overlays
  hit.overlay_index = 0;
  hit.kind = OverlayKind::nudge;
  CHECK_FALSE(gaze_target(hit, ov).valid);
}

TEST_CASE("head gaze alone answers a friction prompt with leave", "[layout][dwell][gaze]") {
  // The layer's per-frame path: solve, hit-test the head's forward axis,
  // look up the button's state, dwell. The head looks ahead, then tilts
  // down onto "leave" and rests there, with a small tremor.
  std::vector<tw::Overlay> ov = overlays({OverlayKind::budget_ring, OverlayKind::friction_prompt});
  ov[1].countdown_s = 5;
  auto solver = Solver::create({});
  REQUIRE(solver.ok());
  Layout layout;
  REQUIRE(solver.value().solve({.overlays = ov, .T_space_head = head(0.f), .eye_fov = device(46.f, 46.f)}, layout).ok());
  const PlacedPanel* p = find(layout, OverlayKind::friction_prompt);
  REQUIRE(p != nullptr);
  const EmRect leave = card_buttons(p->kind, p->visibility == Visibility::collapsed)[1].rect;
  const glm::vec3 target = at_em(*p, {leave.x_em + 0.5f * leave.width_em, leave.y_em + 0.5f * leave.height_em});
  const glm::vec3 d = glm::normalize(target - head(0.f).position);
  const float yaw = deg(std::atan2(-d.x, -d.z)), pitch = deg(std::asin(d.y));

  DwellSelector dwell;
  int64_t chosen_ms = -1;
  float ring_at_half = -1.f;
  for (int i = 0; i < 90 * 4; ++i) {
    const int64_t ms = i * 1000 / 90;
    const float tremor = 0.05f * std::sin(static_cast<float>(i) * 0.7f);
    const Pose h = ms < 1000 ? head(0.f) : head(yaw + tremor, pitch - tremor);
    REQUIRE(solver.value().solve({.overlays = ov, .T_space_head = h, .eye_fov = device(46.f, 46.f), .now = at_ms(ms)},
                                 layout).ok());
    const DwellFrame& f = dwell.update(gaze_target(hit_test(layout, view_ray(h)), ov), false, at_ms(ms));
    if (ms >= 1600 && ring_at_half < 0.f) ring_at_half = f.progress;
    if (f.selected) {
      chosen_ms = ms;
      CHECK(f.target.button == CardButton::leave);
      CHECK_FALSE(f.by_press);
      break;
    }
  }
  CHECK(ring_at_half == Approx(0.5f).margin(0.02f));
  CHECK(chosen_ms == Approx(2200).margin(12));  // arrived at 1000 ms, plus 1.2 s
}
