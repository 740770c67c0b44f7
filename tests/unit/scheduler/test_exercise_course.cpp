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

TEST_CASE("an intention exercise unlocks at pause_s", "[scheduler][exercise]") {
  sim::Sim sim(one_exercise({"i", ExerciseKind::intention, "Why?"}, 4));
  sim.tick(0, {sim.focus(0, "feed")});
  sim.tick(10);
  CHECK(sim.overlay(OverlayKind::friction_prompt)->countdown_s == 4);
  sim.run(10, 14);
  CHECK(continue_at(sim, 14) == Reason::bypass_granted);
}
