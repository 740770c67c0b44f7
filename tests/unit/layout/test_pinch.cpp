// PinchDetector: closes below close_m, opens above open_m, fires once per
// pinch on the rising edge; jitter around either threshold does not flicker;
// a lost joint releases; a bad config falls back to the defaults. Then a
// pinch answering a card through CardAnswering, as the API layer feeds it.
#include <limits>

#include "layout/card_answering.hpp"
#include "layout/pinch_detector.hpp"
#include "layout_fixtures.hpp"

using namespace twt;
using tw::OverlayKind;

namespace {

// The thumb at a fixed place, the index tip `gap_m` from it along +X.
const glm::vec3 kThumb{0.1f, 1.2f, -0.3f};
glm::vec3 index_at(float gap_m) { return kThumb + glm::vec3(gap_m, 0.f, 0.f); }

struct Hand {
  PinchDetector pinch;
  int selects = 0;
  const PinchFrame& step(float gap_m, bool thumb_ok = true, bool index_ok = true) {
    const PinchFrame& f = pinch.update(kThumb, thumb_ok, index_at(gap_m), index_ok);
    selects += f.select;
    return f;
  }
};

}  // namespace

TEST_CASE("a pinch closes below 1.5 cm, fires once, and opens above 3 cm", "[layout][pinch]") {
  Hand h;
  CHECK(h.pinch.config().close_m == kPinchCloseM);
  CHECK(h.pinch.config().open_m == kPinchOpenM);
  const PinchFrame& open = h.step(0.08f);
  CHECK(open.tracked);
  CHECK_FALSE(open.pinched);
  CHECK(open.gap_m == Approx(0.08f));
  for (float g = 0.08f; g > 0.016f; g -= 0.005f) CHECK_FALSE(h.step(g).pinched);
  CHECK(h.selects == 0);
  const PinchFrame& closed = h.step(0.012f);
  CHECK(closed.pinched);
  CHECK(closed.select);
  // Held: pinched, no new select, up to and at open_m.
  for (float g : {0.005f, 0.014f, 0.02f, 0.029f, 0.03f}) {
    CHECK(h.step(g).pinched);
    CHECK_FALSE(h.pinch.frame().select);
  }
  CHECK(h.selects == 1);
  CHECK_FALSE(h.step(0.031f).pinched);
  CHECK(h.step(0.01f).select);  // a second pinch fires again
  CHECK(h.selects == 2);
}

TEST_CASE("jitter around either threshold does not flicker", "[layout][pinch]") {
  Hand h;
  // Open hand jittering around 1.5 cm from above, never below: nothing.
  for (int i = 0; i < 200; ++i) CHECK_FALSE(h.step(i % 2 ? 0.0151f : 0.0159f).pinched);
  CHECK(h.selects == 0);
  // Once it dips below, ±3 mm of noise around 1.5 cm stays one pinch.
  for (int i = 0; i < 200; ++i) CHECK(h.step(0.015f + (i % 2 ? 0.003f : -0.003f)).pinched);
  CHECK(h.selects == 1);
  // Opening to just under 3 cm and back, many times: still the same pinch.
  for (int i = 0; i < 200; ++i) h.step(i % 2 ? 0.0299f : 0.02f);
  CHECK(h.selects == 1);
  // Opened past 3 cm, then jitter between 2.5 and 3.1 cm: never under
  // 1.5 cm again, so no new pinch.
  for (int i = 0; i < 100; ++i) h.step(i % 2 ? 0.031f : 0.025f);
  CHECK(h.selects == 1);
}

TEST_CASE("a joint that is not located releases the pinch and fires nothing", "[layout][pinch]") {
  Hand h;
  const PinchFrame& lost = h.step(0.01f, false, true);
  CHECK_FALSE(lost.tracked);
  CHECK_FALSE(lost.pinched);
  CHECK_FALSE(lost.select);
  CHECK(lost.gap_m == 0.f);
  CHECK_FALSE(h.step(0.01f, true, false).pinched);
  CHECK_FALSE(h.step(0.01f, false, false).pinched);
  CHECK(h.selects == 0);
  CHECK(h.step(0.01f).select);  // tracked and closed: a pinch
  CHECK_FALSE(h.step(0.01f, true, false).pinched);  // tracking lost mid-pinch: released
  CHECK(h.step(0.01f).select);  // back pinched: a fresh press
  CHECK(h.selects == 2);
  // Non-finite positions count as not located.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  CHECK_FALSE(h.pinch.update(kThumb, true, {nan, 0.f, 0.f}, true).tracked);
  CHECK_FALSE(h.pinch.frame().pinched);
  CHECK(h.step(0.01f).select);
  h.pinch.reset();
  CHECK_FALSE(h.pinch.frame().pinched);
}

TEST_CASE("a config that makes no sense falls back to the defaults", "[layout][pinch]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (PinchConfig bad : {PinchConfig{.close_m = 0.f, .open_m = 0.03f}, PinchConfig{.close_m = -0.01f, .open_m = 0.03f},
                          PinchConfig{.close_m = 0.03f, .open_m = 0.01f}, PinchConfig{.close_m = nan, .open_m = 0.03f},
                          PinchConfig{.close_m = 0.01f, .open_m = nan}}) {
    PinchDetector p(bad);
    CHECK(p.config().close_m == kPinchCloseM);
    CHECK(p.config().open_m == kPinchOpenM);
  }
  PinchDetector wide({.close_m = 0.02f, .open_m = 0.05f});
  CHECK(wide.update(kThumb, true, index_at(0.019f), true).select);
  CHECK(wide.update(kThumb, true, index_at(0.045f), true).pinched);
  CHECK_FALSE(wide.update(kThumb, true, index_at(0.051f), true).pinched);
}

TEST_CASE("a pinch answers the card under the head gaze, as a trigger does", "[layout][pinch]") {
  auto solver = Solver::create({});
  REQUIRE(solver.ok());
  const std::vector<tw::Overlay> ov = overlays({OverlayKind::friction_prompt});
  Layout layout;
  const Pose h0 = head(0.f);
  REQUIRE(solver.value().solve({.overlays = ov, .T_space_head = h0, .eye_fov = device(46.f, 46.f), .now = at_ms(0)}, layout).ok());
  const PlacedPanel* card = find(layout, OverlayKind::friction_prompt);
  REQUIRE(card != nullptr);
  const EmRect leave = card_buttons(card->kind, card->visibility == Visibility::collapsed)[1].rect;
  REQUIRE(card_buttons(card->kind, false)[1].button == CardButton::leave);
  const glm::vec3 d = glm::normalize(at_em(*card, {leave.x_em + 0.5f * leave.width_em, leave.y_em + 0.5f * leave.height_em}) -
                                     h0.position);
  const Pose h = head(deg(std::atan2(-d.x, -d.z)), deg(std::asin(d.y)));

  CardAnswering answering;  // dwell 1.2 s: the frames below stay well under it
  PinchDetector pinch;
  int chosen = 0;
  int64_t chosen_ms = -1;
  // 90 Hz for 0.3 s: the hand open, then the tips close at 150 ms.
  for (int i = 0; i < 27; ++i) {
    const int64_t ms = i * 11;
    const PinchFrame& p = pinch.update(kThumb, true, index_at(ms < 150 ? 0.06f : 0.008f), true);
    WearerInput in;
    in.T_space_view = h;
    in.view_valid = true;
    in.hands[kRightHand].select_down = p.pinched;  // no aim: the gaze picks the button
    const AnswerFrame& f = answering.update(layout, ov, in, at_ms(ms));
    if (f.chosen) {
      ++chosen, chosen_ms = ms;
      CHECK(f.choice.button == CardButton::leave);
      CHECK(f.via == AnswerVia::gaze);
    }
  }
  CHECK(chosen == 1);
  CHECK(chosen_ms == 154);
}

TEST_CASE("the wearer's thresholds from the policy: a 2.5 cm pinch closes with pinch_close_cm = 3", "[layout][pinch]") {
  tw::Policy policy;
  policy.attention.pinch_close_cm = 3.0;
  policy.attention.pinch_open_cm = 5.0;
  const tw::layout::PinchConfig c = PinchDetector::config_from(policy);
  CHECK(c.close_m == Approx(0.03f));
  CHECK(c.open_m == Approx(0.05f));
  Hand defaults, wearers;
  wearers.pinch.set_config(c);
  defaults.step(0.10f), wearers.step(0.10f);
  CHECK_FALSE(defaults.step(0.025f).pinched);  // 2.5 cm: over the default 1.5 cm
  CHECK(wearers.step(0.025f).select);
  CHECK(wearers.step(0.045f).pinched);  // held until over 5 cm
  CHECK_FALSE(wearers.step(0.055f).pinched);
  CHECK(PinchDetector::config_from(tw::Policy{}).close_m == Approx(tw::layout::kPinchCloseM));
}
