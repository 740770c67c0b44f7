// Friction exercises run their course: "continue anyway" unlocks after a
// breathe exercise's breaths x 10 s, a wait exercise's wait_s, and never
// before pause_s; the breathe pacer grows for 4 s and shrinks for 6 s.
#include "tw_catch.hpp"

#include "core/scheduler/exercise_course.hpp"
#include "sim.hpp"

namespace {

using tw::ExerciseKind;
using tw::OverlayKind;
using tw::Reason;
using tw::SignalKind;

tw::Exercise breathe(int32_t breaths) {
  tw::Exercise e{"b", ExerciseKind::breathe, "Breathe"};
  e.breaths = breaths;
  return e;
}

tw::Exercise wait(int64_t wait_s) {
  tw::Exercise e{"w", ExerciseKind::wait, "Wait"};
  e.wait_s = wait_s;
  return e;
}

// A friction budget of 10 s on "feed" and a single exercise.
tw::Policy one_exercise(const tw::Exercise& e, int64_t pause_s) {
  tw::Policy p = sim::quiet_policy();
  tw::Budget b;
  b.id = "feed";
  b.scope = tw::BudgetScope::app;
  b.target = "feed";
  b.limit_s = 10;
  b.warn_at = {};
  b.at_limit = tw::LimitAction::friction;
  p.budgets = {b};
  p.friction.pause_s = pause_s;
  p.friction.exercises = {e};
  return p;
}

// The reason of this tick's answer to "continue anyway".
Reason continue_at(sim::Sim& sim, double sec) {
  sim.tick(sec, {sim.sig(sec, SignalKind::continue_anyway)});
  for (const tw::Decision& d : sim.last->decisions)
    if (d.kind == tw::DecisionKind::answer) return d.reason;
  return Reason::none;
}

}  // namespace

TEST_CASE("exercise course: breathe takes 10 s a breath, wait its wait_s, the others none", "[scheduler][exercise]") {
  CHECK(tw::exercise_course_ms(breathe(3)) == 30'000);
  CHECK(tw::exercise_course_ms(breathe(1)) == 10'000);
  CHECK(tw::exercise_course_ms(wait(45)) == 45'000);
  CHECK(tw::exercise_course_ms({"i", ExerciseKind::intention, "Why?"}) == 0);
  CHECK(tw::exercise_course_ms({"a", ExerciseKind::alternative, "Instead?"}) == 0);

  tw::Policy p = one_exercise(breathe(3), 10);
  CHECK(tw::unlock_after_ms(p, 0) == 30'000);
  p.friction.pause_s = 40;  // never before the pause
  CHECK(tw::unlock_after_ms(p, 0) == 40'000);
  CHECK(tw::unlock_after_ms(p, -1) == 40'000);
  CHECK(tw::unlock_after_ms(p, 7) == 40'000);  // an index from before a policy swap
}

TEST_CASE("breath phase: 4 s growing, 6 s shrinking, then done", "[scheduler][exercise]") {
  tw::BreathPhase b = tw::breath_phase(0, 2);
  CHECK(b.breath == 0);
  CHECK(b.inhale);
  CHECK(b.size == 0.0);
  b = tw::breath_phase(2'000, 2);
  CHECK(b.inhale);
  CHECK(b.size == Approx(0.5));
  b = tw::breath_phase(4'000, 2);  // full lungs: the exhale starts
  CHECK_FALSE(b.inhale);
  CHECK(b.size == Approx(1.0));
  b = tw::breath_phase(7'000, 2);
  CHECK_FALSE(b.inhale);
  CHECK(b.size == Approx(0.5));
  b = tw::breath_phase(11'000, 2);  // the second breath
  CHECK(b.breath == 1);
  CHECK(b.inhale);
  CHECK(b.size == Approx(0.25));
  CHECK_FALSE(b.done);
  b = tw::breath_phase(20'000, 2);
  CHECK(b.done);
  CHECK(b.breath == 2);
  CHECK(b.size == 0.0);
  CHECK(tw::breath_phase(-5, 2).size == 0.0);  // before the start: empty, not negative
}

TEST_CASE("a breathe exercise unlocks continue after its breaths, not at pause_s", "[scheduler][exercise]") {
  sim::Sim sim(one_exercise(breathe(2), 5));
  sim.tick(0, {sim.focus(0, "feed")});
  sim.tick(10);
  const tw::Overlay* o = sim.overlay(OverlayKind::friction_prompt);
  REQUIRE(o != nullptr);
  CHECK(o->countdown_s == 20);
  CHECK(o->exercise_ms == 0);
  sim.run(10, 16);
  o = sim.overlay(OverlayKind::friction_prompt);
  CHECK(o->exercise_ms == 6'000);
  CHECK(o->countdown_s == 14);
  CHECK_FALSE(o->bypass_available);  // the pause (5 s) is over, the breaths are not
  CHECK(continue_at(sim, 16) == Reason::pause_not_over);
  sim.run(16, 29);
  CHECK_FALSE(sim.overlay(OverlayKind::friction_prompt)->bypass_available);
  CHECK(continue_at(sim, 29.5) == Reason::pause_not_over);
  sim.tick(30);
  o = sim.overlay(OverlayKind::friction_prompt);
  REQUIRE(o != nullptr);
  CHECK(o->countdown_s == 0);
  CHECK(o->bypass_available);
  CHECK(continue_at(sim, 30) == Reason::bypass_granted);
}

TEST_CASE("a wait exercise unlocks after wait_s, a short one still waits for pause_s", "[scheduler][exercise]") {
  SECTION("wait_s longer than the pause") {
    sim::Sim sim(one_exercise(wait(25), 10));
    sim.tick(0, {sim.focus(0, "feed")});
    sim.tick(10);
    CHECK(sim.overlay(OverlayKind::friction_prompt)->countdown_s == 25);
    sim.run(10, 34);
    CHECK(continue_at(sim, 34) == Reason::pause_not_over);
    sim.tick(35);
    CHECK(sim.overlay(OverlayKind::friction_prompt)->bypass_available);
    CHECK(continue_at(sim, 35) == Reason::bypass_granted);
  }
  SECTION("wait_s shorter than the pause") {
    sim::Sim sim(one_exercise(wait(3), 10));
    sim.tick(0, {sim.focus(0, "feed")});
    sim.tick(10);
    CHECK(sim.overlay(OverlayKind::friction_prompt)->countdown_s == 10);
    sim.run(10, 13);
    CHECK(continue_at(sim, 13) == Reason::pause_not_over);
    sim.run(13, 20);
    CHECK(continue_at(sim, 20) == Reason::bypass_granted);
  }
}

TEST_CASE("an intention exercise counts down pause_s alone", "[scheduler][exercise]") {
  sim::Sim sim(one_exercise({"i", ExerciseKind::intention, "Why?"}, 4));
  sim.tick(0, {sim.focus(0, "feed")});
  sim.tick(10);
  CHECK(sim.overlay(OverlayKind::friction_prompt)->countdown_s == 4);
  sim.run(10, 14);
  CHECK(sim.overlay(OverlayKind::friction_prompt)->countdown_s == 0);  // then it waits for a pick (below)
}

namespace {

// The answer decision of this tick for `answer` (kind none when absent).
tw::Decision answer_at(sim::Sim& sim, tw::Answer answer) {
  for (const tw::Decision& d : sim.last->decisions)
    if (d.kind == tw::DecisionKind::answer && d.answer == answer) return d;
  return {};
}

tw::Signal pick(sim::Sim& sim, double sec, uint8_t row) {
  tw::Signal s = sim.sig(sec, SignalKind::exercise_pick);
  s.row = row;
  return s;
}

}  // namespace

TEST_CASE("an intention exercise runs its course when a row is picked: continue waits for it", "[scheduler][exercise]") {
  tw::Policy p = one_exercise({"i", ExerciseKind::intention, "Why?"}, 4);
  p.friction.intentions = {"reply to Ana", "check the train", "look up a recipe", "nothing, just habit", "a fifth"};
  CHECK(tw::exercise_rows(p, 0) == 4);  // at most kMaxExerciseRows
  CHECK(tw::exercise_row_id(p, 0, 1) == "check the train");
  CHECK(tw::exercise_row_id(p, 0, 4).empty());
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "feed")});
  sim.tick(10);
  const tw::Overlay* o = sim.overlay(OverlayKind::friction_prompt);
  REQUIRE(o != nullptr);
  CHECK(o->rows == 4);
  CHECK(o->picked == -1);
  sim.run(10, 14);
  // The pause is over, but no row was picked: refused, as before the pause.
  CHECK(continue_at(sim, 14) == Reason::pause_not_over);
  sim.tick(15, {pick(sim, 15, 7)});  // no such row
  CHECK(answer_at(sim, tw::Answer::exercise_pick).reason == Reason::not_offered);
  CHECK(sim.overlay(OverlayKind::friction_prompt)->picked == -1);
  sim.tick(16, {pick(sim, 16, 2)});
  const tw::Decision d = answer_at(sim, tw::Answer::exercise_pick);
  CHECK(d.reason == Reason::picked);
  CHECK(d.row == 2);
  CHECK(d.exercise == 0);
  CHECK(sim.overlay(OverlayKind::friction_prompt)->picked == 2);
  CHECK(sim.overlay(OverlayKind::fill_card) == nullptr);  // an intention starts nothing
  CHECK(continue_at(sim, 17) == Reason::bypass_granted);
}

TEST_CASE("a pick before the pause ends still waits for the pause, and a breathe exercise offers no rows",
          "[scheduler][exercise]") {
  tw::Policy p = one_exercise({"i", ExerciseKind::intention, "Why?"}, 8);
  p.friction.intentions = {"reply to Ana"};
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "feed")});
  sim.tick(10);
  sim.tick(11, {pick(sim, 11, 0)});
  CHECK(answer_at(sim, tw::Answer::exercise_pick).reason == Reason::picked);
  CHECK(continue_at(sim, 12) == Reason::pause_not_over);
  sim.run(12, 18);
  CHECK(continue_at(sim, 18) == Reason::bypass_granted);

  sim::Sim b(one_exercise(breathe(1), 5));
  b.tick(0, {b.focus(0, "feed")});
  b.tick(10);
  CHECK(b.overlay(OverlayKind::friction_prompt)->rows == 0);
  b.tick(11, {pick(b, 11, 0)});
  CHECK(answer_at(b, tw::Answer::exercise_pick).reason == Reason::not_offered);
}

TEST_CASE("an alternative picked on the prompt starts: its fill card shows until dismissed", "[scheduler][exercise]") {
  tw::Policy p = one_exercise({"a", ExerciseKind::alternative, "Instead?"}, 3);
  sim::Sim sim(p);  // quiet_policy's idle items: hola, gracias, call mum
  sim.tick(0, {sim.focus(0, "feed")});
  sim.tick(10);
  CHECK(sim.overlay(OverlayKind::friction_prompt)->rows == 3);
  sim.tick(11, {pick(sim, 11, 2)});
  const tw::Decision d = answer_at(sim, tw::Answer::exercise_pick);
  CHECK(d.reason == Reason::picked);
  CHECK(d.fill_item == 2);
  const tw::Overlay* card = sim.overlay(OverlayKind::fill_card);
  REQUIRE(card != nullptr);
  CHECK(card->fill_item == 2);
  CHECK(card->reason == Reason::picked);
  // Another pick replaces it.
  sim.tick(12, {pick(sim, 12, 0)});
  REQUIRE(sim.overlay(OverlayKind::fill_card) != nullptr);
  CHECK(sim.overlay(OverlayKind::fill_card)->fill_item == 0);
  // Leaving keeps it: the wearer goes to do it instead.
  sim.tick(13, {sim.sig(13, SignalKind::prompt_leave), sim.sig(13, SignalKind::app_blur, "feed")});
  CHECK(sim.overlay(OverlayKind::friction_prompt) == nullptr);
  REQUIRE(sim.overlay(OverlayKind::fill_card) != nullptr);
  sim.run(13, 40);
  REQUIRE(sim.overlay(OverlayKind::fill_card) != nullptr);
  sim.tick(41, {sim.sig(41, SignalKind::fill_dismiss)});
  CHECK(answer_at(sim, tw::Answer::fill_dismiss).reason == Reason::dismissed);
  CHECK(answer_at(sim, tw::Answer::fill_dismiss).fill_item == 0);
  CHECK(sim.overlay(OverlayKind::fill_card) == nullptr);
}

TEST_CASE("an alternative picked, then continue anyway: the card goes with the prompt", "[scheduler][exercise]") {
  sim::Sim sim(one_exercise({"a", ExerciseKind::alternative, "Instead?"}, 3));
  sim.tick(0, {sim.focus(0, "feed")});
  sim.tick(10);
  sim.tick(11, {pick(sim, 11, 1)});
  REQUIRE(sim.overlay(OverlayKind::fill_card) != nullptr);
  sim.run(11, 13);
  CHECK(continue_at(sim, 13) == Reason::bypass_granted);
  CHECK(sim.overlay(OverlayKind::fill_card) == nullptr);
  bool hid = false;
  for (const tw::Decision& d : sim.last->decisions)
    hid |= d.kind == tw::DecisionKind::hide && d.overlay == OverlayKind::fill_card && d.reason == Reason::bypass_granted;
  CHECK(hid);
}
