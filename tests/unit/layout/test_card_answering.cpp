// CardAnswering: hover by aim or gaze, dwell by gaze, select presses, the
// dismiss action, greyed buttons, no double fire, and the Signal each choice
// becomes. Synthetic head and controller poses against a solved layout.
#include "layout/card_answering.hpp"
#include "layout_fixtures.hpp"

using namespace twt;
using tw::OverlayKind;
using tw::SignalKind;

namespace {

// A layout of `ov` for a head looking ahead, and the points of its buttons.
struct Scene {
  std::vector<tw::Overlay> ov;
  Layout layout;

  explicit Scene(std::vector<tw::Overlay> overlays) : ov(std::move(overlays)) {
    auto solver = Solver::create({});
    REQUIRE(solver.ok());
    REQUIRE(solver.value().solve({.overlays = ov, .T_space_head = head(0.f), .eye_fov = device(60.f, 50.f)}, layout)
                .ok());
  }
  // The centre of `button` on the panel of `kind`, in the layout's space.
  glm::vec3 button(OverlayKind kind, CardButton b) const {
    const PlacedPanel* p = find(layout, kind);
    REQUIRE(p != nullptr);
    for (const ButtonSlot& s : card_buttons(kind, p->visibility == Visibility::collapsed))
      if (s.button == b) return at_em(*p, {s.rect.x_em + 0.5f * s.rect.width_em, s.rect.y_em + 0.5f * s.rect.height_em});
    FAIL("no such button");
    return {};
  }
};

// A head at the usual place looking at `p`.
Pose looking_at(glm::vec3 p) {
  const glm::vec3 e = head(0.f).position;
  const glm::vec3 d = glm::normalize(p - e);
  return head(deg(std::atan2(-d.x, -d.z)), deg(std::asin(d.y)));
}

WearerInput gaze_at(glm::vec3 p) {
  WearerInput in;
  in.T_space_view = looking_at(p);
  in.view_valid = true;
  return in;
}

// The right controller at hip height pointing at `p`.
WearerHand aiming_at(glm::vec3 p, bool select = false) {
  const glm::vec3 o{0.2f, 1.2f, -0.2f};
  return {.aim_space = {o, p - o}, .aim_valid = true, .select_down = select};
}

struct Run {
  CardAnswering answering;
  std::vector<AnswerFrame> chosen;
  int64_t last_ms = -1;
  // One frame every 10 ms in [from_ms, to_ms].
  void frames(const Scene& s, const WearerInput& in, int64_t from_ms, int64_t to_ms) {
    for (int64_t ms = from_ms; ms <= to_ms; ms += 10) {
      const AnswerFrame& f = answering.update(s.layout, s.ov, in, at_ms(ms));
      if (f.chosen) chosen.push_back(f), last_ms = ms;
    }
  }
};

tw::Overlay prompt(int64_t countdown_s, bool bypass) {
  tw::Overlay o = overlay(OverlayKind::friction_prompt);
  o.countdown_s = countdown_s;
  o.bypass_available = bypass;
  return o;
}

}  // namespace

TEST_CASE("head gaze resting on a button fills its ring and chooses it once", "[layout][answer]") {
  const Scene s({overlay(OverlayKind::budget_ring), prompt(0, true)});
  Run r;
  const WearerInput in = gaze_at(s.button(OverlayKind::friction_prompt, CardButton::leave));
  r.frames(s, in, 0, 600);
  CHECK(r.answering.frame().hovered.valid);
  CHECK(r.answering.frame().hovered.button == CardButton::leave);
  CHECK(r.answering.frame().hovered_via == AnswerVia::gaze);
  CHECK(r.answering.frame().progress == Approx(0.5f));
  CHECK(r.chosen.empty());
  r.frames(s, in, 610, 5000);  // resting on: one choice only
  REQUIRE(r.chosen.size() == 1);
  CHECK(r.last_ms == 1200);
  CHECK(r.chosen[0].choice.button == CardButton::leave);
  CHECK(r.chosen[0].via == AnswerVia::gaze);
  CHECK(r.answering.frame().progress == 1.f);

  tw::Signal sig;
  REQUIRE(answer_signal(r.chosen[0], s.ov, 7, at_ms(1200), sig));
  CHECK(sig.kind == SignalKind::prompt_leave);
  CHECK(sig.app == 7);
  CHECK(sig.at.mono_ns == at_ms(1200).mono_ns);
}

TEST_CASE("looking away resets the dwell", "[layout][answer]") {
  const Scene s({prompt(0, true)});
  Run r;
  const WearerInput on = gaze_at(s.button(OverlayKind::friction_prompt, CardButton::continue_anyway));
  const WearerInput off = gaze_at(head(0.f).position + glm::vec3(0.f, 3.f, -1.f));  // up at the ceiling
  r.frames(s, on, 0, 1000);
  r.frames(s, off, 1010, 1100);
  CHECK_FALSE(r.answering.frame().hovered.valid);
  CHECK(r.answering.frame().progress == 0.f);
  r.frames(s, on, 1110, 2000);
  CHECK(r.chosen.empty());  // 1.0 s + 0.9 s, never 1.2 s in one rest
  CHECK(r.answering.frame().progress == Approx(0.75f).margin(0.01f));
  r.frames(s, on, 2010, 2400);
  REQUIRE(r.chosen.size() == 1);
  CHECK(r.last_ms == 2310);
  CHECK(r.chosen[0].choice.button == CardButton::continue_anyway);
}

TEST_CASE("a greyed button is hovered but never fills or fires", "[layout][answer]") {
  const Scene s({prompt(4, false)});  // the pause runs: continue is offered, greyed
  Run r;
  WearerInput in = gaze_at(s.button(OverlayKind::friction_prompt, CardButton::continue_anyway));
  r.frames(s, in, 0, 3000);
  CHECK(r.answering.frame().hovered.valid);
  CHECK_FALSE(r.answering.frame().hovered.enabled);
  CHECK(r.answering.frame().progress == 0.f);
  in.hands[kRightHand].select_down = true;  // a press does nothing either
  r.frames(s, in, 3010, 3100);
  in.hands[kRightHand] = aiming_at(s.button(OverlayKind::friction_prompt, CardButton::continue_anyway), true);
  r.frames(s, in, 3110, 3200);
  CHECK(r.chosen.empty());
}

TEST_CASE("a controller's aim and trigger choose at once, aim does not dwell", "[layout][answer]") {
  const Scene s({overlay(OverlayKind::budget_ring), prompt(0, true)});
  Run r;
  // The head looks at "continue", the controller points at "leave": the aim wins.
  WearerInput in = gaze_at(s.button(OverlayKind::friction_prompt, CardButton::continue_anyway));
  in.hands[kRightHand] = aiming_at(s.button(OverlayKind::friction_prompt, CardButton::leave));
  r.frames(s, in, 0, 3000);
  CHECK(r.chosen.empty());  // pointing is not choosing, however long
  CHECK(r.answering.frame().hovered.button == CardButton::leave);
  CHECK(r.answering.frame().hovered_via == AnswerVia::aim);
  CHECK(r.answering.frame().progress == 0.f);
  in.hands[kRightHand].select_down = true;
  r.frames(s, in, 3010, 4000);  // held: one choice
  REQUIRE(r.chosen.size() == 1);
  CHECK(r.last_ms == 3010);
  CHECK(r.chosen[0].choice.button == CardButton::leave);
  CHECK(r.chosen[0].via == AnswerVia::aim);

  SECTION("released and pressed again while the card is still up: no second choice until the aim leaves it") {
    in.hands[kRightHand].select_down = false;
    r.frames(s, in, 4010, 4020);
    in.hands[kRightHand].select_down = true;
    r.frames(s, in, 4030, 4040);
    CHECK(r.chosen.size() == 1);
    in.hands[kRightHand] = aiming_at(s.button(OverlayKind::friction_prompt, CardButton::continue_anyway));
    r.frames(s, in, 4050, 4060);
    in.hands[kRightHand].select_down = true;
    r.frames(s, in, 4070, 4080);
    REQUIRE(r.chosen.size() == 2);
    CHECK(r.chosen[1].choice.button == CardButton::continue_anyway);
  }
  SECTION("a press that began off the card does not count") {
    Run q;
    WearerInput w;
    w.hands[kRightHand] = aiming_at(head(0.f).position + glm::vec3(0.f, 3.f, -1.f), true);
    q.frames(s, w, 0, 100);
    w.hands[kRightHand] = aiming_at(s.button(OverlayKind::friction_prompt, CardButton::leave), true);
    q.frames(s, w, 110, 500);
    CHECK(q.chosen.empty());
  }
}

TEST_CASE("a pinch (select without aim) chooses the button under the gaze", "[layout][answer]") {
  const Scene s({prompt(0, true)});
  Run r;
  WearerInput in = gaze_at(s.button(OverlayKind::friction_prompt, CardButton::leave));
  r.frames(s, in, 0, 300);
  in.hands[kLeftHand].select_down = true;  // hand tracking: pinch, aim not located
  r.frames(s, in, 310, 320);
  REQUIRE(r.chosen.size() == 1);
  CHECK(r.last_ms == 310);
  CHECK(r.chosen[0].via == AnswerVia::gaze);
  CHECK(r.chosen[0].choice.button == CardButton::leave);
  r.frames(s, in, 330, 3000);  // the dwell completing later on the same rest fires nothing
  CHECK(r.chosen.size() == 1);
}

TEST_CASE("the dismiss action dismisses the hovered nudge, else the first shown card", "[layout][answer]") {
  tw::Overlay n1 = overlay(OverlayKind::nudge), fill = overlay(OverlayKind::fill_card);
  n1.nudge_id = 41;
  const Scene s({overlay(OverlayKind::budget_ring), fill, n1});
  Run r;
  WearerInput in;  // nothing hovered
  r.frames(s, in, 0, 50);
  in.dismiss_down = true;
  r.frames(s, in, 60, 500);  // held: once
  REQUIRE(r.chosen.size() == 1);
  CHECK(r.chosen[0].via == AnswerVia::dismiss);
  CHECK(r.chosen[0].choice.button == CardButton::dismiss);
  const OverlayKind first = r.chosen[0].choice.kind;
  CHECK((first == OverlayKind::fill_card || first == OverlayKind::nudge));

  // Gazing at the nudge's "dismiss": that one, and its id goes with the signal.
  in = gaze_at(s.button(OverlayKind::nudge, CardButton::dismiss));
  r.frames(s, in, 510, 520);
  in.dismiss_down = true;
  r.frames(s, in, 530, 530);
  REQUIRE(r.chosen.size() == 2);
  CHECK(r.chosen[1].choice.kind == OverlayKind::nudge);
  tw::Signal sig;
  REQUIRE(answer_signal(r.chosen[1], s.ov, 3, at_ms(530), sig));
  CHECK(sig.kind == SignalKind::nudge_dismiss);
  CHECK(sig.nudge_id == 41);

  SECTION("no nudge or fill card: the dismiss action chooses nothing") {
    const Scene p({prompt(0, true)});
    Run q;
    WearerInput w;
    w.dismiss_down = true;
    q.frames(p, w, 0, 100);
    CHECK(q.chosen.empty());
  }
}

TEST_CASE("each button maps to its signal", "[layout][answer]") {
  std::vector<tw::Overlay> ov = {prompt(0, true), overlay(OverlayKind::block_shield), overlay(OverlayKind::fill_card)};
  auto sig_of = [&](uint16_t i, CardButton b) {
    AnswerFrame f;
    f.chosen = true;
    f.choice = {.valid = true, .kind = ov[i].kind, .overlay_index = i, .button = b, .enabled = true};
    tw::Signal s;
    s.kind = SignalKind::interaction;
    const bool ok = answer_signal(f, ov, 1, at_ms(0), s);
    return ok ? s.kind : SignalKind::interaction;
  };
  CHECK(sig_of(0, CardButton::continue_anyway) == SignalKind::continue_anyway);
  CHECK(sig_of(0, CardButton::leave) == SignalKind::prompt_leave);
  CHECK(sig_of(1, CardButton::leave) == SignalKind::block_leave);
  CHECK(sig_of(1, CardButton::extend) == SignalKind::block_extend);
  CHECK(sig_of(2, CardButton::dismiss) == SignalKind::fill_dismiss);
  CHECK(sig_of(1, CardButton::dismiss) == SignalKind::interaction);  // not that card's button
  CHECK(sig_of(0, CardButton::extend) == SignalKind::interaction);
  AnswerFrame none;
  tw::Signal s;
  CHECK_FALSE(answer_signal(none, ov, 1, at_ms(0), s));
}

TEST_CASE("a notification's action button is the sender's answer, not a core signal", "[layout][answer]") {
  tw::Overlay note = overlay(OverlayKind::nudge);
  note.nudge_id = tw::notify_nudge_id(42);
  note.actions = 2;
  std::vector<tw::Overlay> ov = {overlay(OverlayKind::fill_card), note};
  auto choose = [&](uint16_t i, CardButton b) {
    AnswerFrame f;
    f.chosen = true;
    f.choice = {.valid = true, .kind = ov[i].kind, .overlay_index = i, .button = b, .enabled = true};
    return f;
  };
  tw::Signal s;
  CHECK_FALSE(answer_signal(choose(1, CardButton::action1), ov, 1, at_ms(0), s));
  const ChosenAction a = chosen_action(choose(1, CardButton::action1), ov);
  CHECK(a.action == 1);
  CHECK(tw::notify_id_of(a.nudge_id) == 42);
  CHECK(chosen_action(choose(1, CardButton::action0), ov).action == 0);
  CHECK(chosen_action(choose(1, CardButton::dismiss), ov).action == -1);  // dismiss is the core's
  CHECK(chosen_action(choose(0, CardButton::action0), ov).action == -1);  // not a nudge
  ov[1].actions = 1;
  CHECK(chosen_action(choose(1, CardButton::action1), ov).action == -1);  // not offered
  CHECK(chosen_action(AnswerFrame{}, ov).action == -1);
}

// The rows of an intention or alternative exercise are buttons: head gaze
// dwells on one, a trigger on another picks it, each becomes exercise_pick
// with its row; "continue anyway" stays greyed until a row is picked.
TEST_CASE("the prompt's pick rows are answered by gaze and aim, and continue waits for a pick", "[layout][answer]") {
  tw::Overlay p = prompt(0, true);
  p.rows = 3;
  const Scene s({overlay(OverlayKind::budget_ring), p});
  const uint16_t index = 1;
  // Four row slots in the full form, below the text and above the buttons.
  const auto slots = card_buttons(OverlayKind::friction_prompt, false);
  REQUIRE(slots.size() == 6);
  CHECK(slots[2].button == CardButton::row0);
  CHECK(slots[5].button == CardButton::row3);
  CHECK(slots[5].rect.y_em + slots[5].rect.height_em < slots[0].rect.y_em);
  CHECK(slots[2].rect.x_em < slots[3].rect.x_em);
  CHECK(card_buttons(OverlayKind::friction_prompt, true).size() == 2);  // no room for rows collapsed
  CHECK_FALSE(button_state(p, CardButton::continue_anyway).enabled);   // nothing picked yet
  CHECK(button_state(p, CardButton::row2).enabled);
  CHECK_FALSE(button_state(p, CardButton::row3).offered);  // only 3 rows
  tw::Overlay picked = p;
  picked.picked = 0;
  CHECK(button_state(picked, CardButton::continue_anyway).enabled);

  Run r;
  r.frames(s, gaze_at(s.button(OverlayKind::friction_prompt, CardButton::row1)), 0, 2000);
  REQUIRE(r.chosen.size() == 1);
  CHECK(r.chosen[0].choice.button == CardButton::row1);
  tw::Signal sig;
  REQUIRE(answer_signal(r.chosen[0], s.ov, 7, at_ms(2000), sig));
  CHECK(sig.kind == SignalKind::exercise_pick);
  CHECK(sig.row == 1);
  CHECK(sig.app == 7);

  // Aim and trigger on row 2.
  WearerInput in;
  in.hands[kRightHand] = aiming_at(s.button(OverlayKind::friction_prompt, CardButton::row2));
  r.frames(s, in, 2010, 2100);
  in.hands[kRightHand].select_down = true;
  r.frames(s, in, 2110, 2110);
  REQUIRE(r.chosen.size() == 2);
  CHECK(r.chosen[1].choice.button == CardButton::row2);
  CHECK(r.chosen[1].choice.overlay_index == index);
  REQUIRE(answer_signal(r.chosen[1], s.ov, 7, at_ms(2110), sig));
  CHECK(sig.row == 2);

  // A row the prompt does not offer is no target.
  Run none;
  none.frames(s, gaze_at(s.button(OverlayKind::friction_prompt, CardButton::row3)), 0, 2000);
  CHECK(none.chosen.empty());
  CHECK_FALSE(none.answering.frame().hovered.valid);
}
