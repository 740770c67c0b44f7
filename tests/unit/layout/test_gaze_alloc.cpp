// A steady frame of the per-frame input work allocates nothing: placement
// solve, gaze hit test, the layout as shown (also as an atlas), button
// state, dwell update, pinch detection and presence detection,
// frame after frame with a moving head and a select press now and then.
#include "tw_catch.hpp"

#include <vector>

#include "core/attention/presence.hpp"
#include "counting_new.hpp"
#include "layout/card_answering.hpp"
#include "layout/dwell_select.hpp"
#include "layout/pinch_detector.hpp"
#include "layout/shown_layout.hpp"
#include "layout_fixtures.hpp"

using namespace twt;
using tw::OverlayKind;

TEST_CASE("a frame of gaze, dwell, the layout as shown, a pinch, card answering and presence allocates nothing", "[layout][alloc][gaze]") {
  auto solver = Solver::create({});
  REQUIRE(solver.ok());
  std::vector<tw::Overlay> ov = overlays({OverlayKind::budget_ring, OverlayKind::friction_prompt, OverlayKind::nudge});
  Layout layout, as_shown, in_atlas;
  std::array<ShownPanel, kMaxPanels> shown{};
  DwellSelector dwell;
  CardAnswering answering;
  PinchDetector pinch;
  int pinches = 0;
  tw::PresenceDetector presence;
  int selections = 0, signals = 0, hits = 0, errors = 0, answers = 0;
  float rest_yaw = 0.f, rest_pitch = 0.f;  // the head gaze's pose on "leave"
  const auto frame = [&](int i) {
    // Alternately sweep over the cards and rest on "leave" with a tremor.
    const float f = static_cast<float>(i);
    const bool resting = (i / 300) % 2 == 1;
    const float yaw = resting ? rest_yaw + 0.05f * std::sin(f) : 20.f * std::sin(f * 0.01f);
    const float pitch = resting ? rest_pitch : -10.f + 8.f * std::sin(f * 0.013f);
    const Pose h = head(yaw, pitch);
    errors += !solver.value().solve({.overlays = ov, .T_space_head = h, .eye_fov = device(46.f, 46.f), .now = at_ms(11 * i)}, layout).ok();
    const PanelHit hit = hit_test(layout, view_ray(h));
    hits += hit.hit;
    selections += dwell.update(gaze_target(hit, ov), i % 200 < 3, at_ms(11 * i)).selected;
    // The same frame through CardAnswering: head gaze, a controller aiming
    // along it, select and dismiss now and then, and the Signal it becomes.
    WearerInput in;
    in.T_space_view = h;
    in.view_valid = true;
    in.hands[kRightHand] = {.aim_space = view_ray(h), .aim_valid = i % 3 == 0, .select_down = i % 200 < 3};
    in.dismiss_down = i % 500 < 2;
    // The left hand pinches now and then, its index tip losing tracking too.
    const float gap_m = 0.05f * (1.f + std::sin(f * 0.02f)) * 0.5f;
    const PinchFrame& pf = pinch.update({0.f, 1.2f, -0.3f}, true, {gap_m, 1.2f, -0.3f}, i % 97 != 0);
    pinches += pf.select;
    in.hands[kLeftHand].select_down = pf.pinched;
    // As SessionBinding does: the layout as shown (view-locked panels on this
    // frame's head), and as an atlas would show it.
    size_t n = 0;
    for (const PlacedPanel& p : layout.panels())
      if (p.visible()) shown[n] = {.overlay_index = p.overlay_index, .rect = {0, 300u * static_cast<uint32_t>(n), 600, 200}}, ++n;
    shown_layout(layout, {.panels = {shown.data(), n}, .atlas = false, .head_valid = true, .T_space_head = h}, as_shown);
    shown_layout(layout, {.panels = {shown.data(), n}, .atlas = true, .head_valid = true, .T_space_head = h}, in_atlas);
    const AnswerFrame& af = answering.update(as_shown, ov, in, at_ms(11 * i));
    tw::Signal s;
    answers += af.chosen && answer_signal(af, ov, 1, at_ms(11 * i), s);
    const tw::HeadPose hp{h.position.x, h.position.y, h.position.z, h.orientation.x, h.orientation.y, h.orientation.z, h.orientation.w};
    signals += static_cast<int>(presence.on_pose(hp, at_ms(11 * i), 1).size());
  };
  frame(0);
  const PlacedPanel* card = find(layout, OverlayKind::friction_prompt);
  REQUIRE(card != nullptr);
  const EmRect leave = card_buttons(card->kind, card->visibility == Visibility::collapsed)[1].rect;
  const glm::vec3 d = glm::normalize(at_em(*card, {leave.x_em + 0.5f * leave.width_em, leave.y_em + 0.5f * leave.height_em}) -
                                     head(0.f).position);
  rest_yaw = deg(std::atan2(-d.x, -d.z));
  rest_pitch = deg(std::asin(d.y));
  g_allocations = 0;
  for (int i = 1; i <= 3000; ++i) frame(i);
  CHECK(g_allocations == 0);
  CHECK(errors == 0);
  CHECK(hits > 100);       // the sweep did cross the cards
  CHECK(selections >= 4);  // and chose on them, by dwell and by press
  CHECK(answers >= 4);
  CHECK(signals > 0);
  CHECK(pinches >= 4);
  // The counter works: an allocation is seen.
  g_allocations = 0;
  std::vector<int> probe(64, 1);
  CHECK(probe[63] == 1);
  CHECK(g_allocations == 1);
}
