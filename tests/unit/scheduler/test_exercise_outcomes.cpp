// What came of each friction prompt (exercise_outcomes.hpp), as the
// Scheduler reports it: the exercise, left / continued / timed out, the
// visible time to decide, and the return to the app within 10 minutes.
#include "tw_catch.hpp"

#include "sim.hpp"

namespace {

using tw::ExerciseAnswer;
using tw::SignalKind;

struct Run {
  sim::Sim sim;
  std::vector<tw::ExerciseOutcome> outcomes;
  std::vector<tw::ExerciseReturn> returns;

  explicit Run(const tw::Policy& p) : sim(p) {}
  void tick(double t, std::vector<tw::Signal> signals = {}) {
    const tw::TickOutput& out = sim.tick(t, std::move(signals));
    outcomes.insert(outcomes.end(), out.outcomes.begin(), out.outcomes.end());
    returns.insert(returns.end(), out.returns.begin(), out.returns.end());
  }
  void run(double from, double to) {
    for (double t = from + 1; t <= to; t += 1) tick(t);
  }
  int64_t ms(double t) const { return sim.base_ms + static_cast<int64_t>(t * 1000); }
};

tw::Policy friction_on_feed() {
  tw::Policy p = sim::quiet_policy();
  tw::Budget b;
  b.id = "feed";
  b.scope = tw::BudgetScope::app;
  b.target = "feed";
  b.limit_s = 10;
  b.warn_at = {};
  b.at_limit = tw::LimitAction::friction;
  p.budgets = {b};
  p.friction.pause_s = 5;
  return p;
}

}  // namespace

TEST_CASE("friction outcomes: each prompt's exercise, answer, time to decide and return", "[scheduler][exercise]") {
  Run r(friction_on_feed());
  const tw::AppId feed = r.sim.app("feed");
  r.tick(0, {r.sim.focus(0, "feed")});
  r.tick(10);  // the budget is reached: prompt 1
  r.tick(13, {r.sim.sig(13, SignalKind::prompt_leave), r.sim.focus(13, "chat")});
  REQUIRE(r.outcomes.size() == 1);
  CHECK(r.outcomes[0].exercise_id == "why");
  CHECK(r.outcomes[0].kind == tw::ExerciseKind::wait);
  CHECK(r.outcomes[0].answer == ExerciseAnswer::left);
  CHECK(r.outcomes[0].shown_ms == r.ms(10));
  CHECK(r.outcomes[0].answered_ms == r.ms(13));
  CHECK(r.outcomes[0].decide_ms == 3'000);
  CHECK(r.outcomes[0].app == feed);
  CHECK(r.returns.empty());

  // Back 7 s later: a return; the new prompt closes unanswered when the wearer switches away.
  r.tick(20, {r.sim.focus(20, "feed")});
  REQUIRE(r.returns.size() == 1);
  CHECK(r.returns[0].returned);
  CHECK(r.returns[0].shown_ms == r.ms(10));
  CHECK(r.returns[0].at_ms == r.ms(20));
  r.tick(25, {r.sim.focus(25, "chat")});
  REQUIRE(r.outcomes.size() == 2);
  CHECK(r.outcomes[1].exercise_id == "instead");
  CHECK(r.outcomes[1].answer == ExerciseAnswer::timed_out);
  CHECK(r.outcomes[1].decide_ms == 5'000);

  // Left again, and not back within 10 minutes: decided at the watch's end.
  r.tick(30, {r.sim.focus(30, "feed")});
  r.tick(40, {r.sim.sig(40, SignalKind::prompt_leave), r.sim.focus(40, "chat")});
  REQUIRE(r.outcomes.size() == 3);
  CHECK(r.outcomes[2].exercise_id == "why-here");
  CHECK(r.outcomes[2].decide_ms == 10'000);
  r.tick(40 + 600);
  CHECK(r.returns.size() == 1);  // exactly 10 minutes: still in time
  r.tick(40 + 601);
  REQUIRE(r.returns.size() == 2);
  CHECK_FALSE(r.returns[1].returned);
  CHECK(r.returns[1].at_ms == r.ms(640));
  CHECK(r.returns[1].shown_ms == r.ms(30));

  // Coming back later decides nothing more; "continue anyway" once the pause is over.
  r.tick(700, {r.sim.focus(700, "feed")});
  r.tick(706, {r.sim.sig(706, SignalKind::continue_anyway)});
  CHECK(r.returns.size() == 2);
  REQUIRE(r.outcomes.size() == 4);
  CHECK(r.outcomes[3].answer == ExerciseAnswer::continued);
  CHECK(r.outcomes[3].decide_ms == 6'000);
  CHECK(r.outcomes[3].exercise_id != "why-here");  // never twice in a row
}

TEST_CASE("friction outcomes: a refused continue answers nothing, and motion does not count as deciding time",
          "[scheduler][exercise]") {
  Run r(friction_on_feed());
  r.tick(0, {r.sim.focus(0, "feed")});
  r.tick(10);
  r.tick(12, {r.sim.sig(12, SignalKind::continue_anyway)});  // the pause is not over
  CHECK(r.outcomes.empty());
  r.tick(13, {r.sim.motion(13, 1.5f)});  // walking hides the prompt
  r.run(13, 33);
  r.tick(34, {r.sim.motion(34, 0.f)});
  r.run(34, 45);
  r.tick(46, {r.sim.sig(46, SignalKind::prompt_leave)});
  REQUIRE(r.outcomes.size() == 1);
  CHECK(r.outcomes[0].answer == ExerciseAnswer::left);
  // Shown 36 s in all, of which the walk hid about 20 s.
  CHECK(r.outcomes[0].decide_ms < 26'000);
  CHECK(r.outcomes[0].decide_ms >= 3'000);
}

TEST_CASE("friction outcomes: the row picked last is the outcome's, and a prompt open at finish is recorded as such",
          "[scheduler][exercise]") {
  tw::Policy p = friction_on_feed();
  p.friction.exercises = {{"why", tw::ExerciseKind::intention, "Why now?"}};
  Run r(p);
  r.tick(0, {r.sim.focus(0, "feed")});
  r.tick(10);
  tw::Signal s = r.sim.sig(11, SignalKind::exercise_pick);
  s.row = 0;
  r.tick(11, {s});
  s = r.sim.sig(12, SignalKind::exercise_pick);
  s.row = 1;
  r.tick(12, {s});
  r.tick(16, {r.sim.sig(16, SignalKind::continue_anyway)});
  REQUIRE(r.outcomes.size() == 1);
  CHECK(r.outcomes[0].answer == ExerciseAnswer::continued);
  CHECK(r.outcomes[0].picked == "check the train");

  // The next prompt (after the extension) is still up when the host shuts down.
  r.run(16, 320);
  REQUIRE(r.sim.overlay(tw::OverlayKind::friction_prompt) != nullptr);
  std::vector<tw::ExerciseOutcome> at_finish;
  r.sim.s.finish(r.sim.at(330), at_finish);
  REQUIRE(at_finish.size() == 1);
  CHECK(at_finish[0].answer == ExerciseAnswer::open_at_finish);
  CHECK(at_finish[0].answered_ms == r.ms(330));
  CHECK(at_finish[0].picked.empty());
  CHECK(tw::to_string(ExerciseAnswer::open_at_finish) == "open_at_finish");
  // Once: a second finish, or a tick after it, records it no more.
  at_finish.clear();
  r.sim.s.finish(r.sim.at(331), at_finish);
  CHECK(at_finish.empty());
  r.tick(332, {r.sim.sig(332, SignalKind::prompt_leave)});
  CHECK(r.outcomes.size() == 1);
}

TEST_CASE("friction outcomes: a return watch from before the process is watched on", "[scheduler][exercise]") {
  Run r(friction_on_feed());
  const tw::AppId feed = r.sim.app("feed");
  r.sim.s.resume_return_watch(feed, r.ms(-100), r.ms(-90));
  r.tick(0, {r.sim.focus(0, "chat")});
  CHECK(r.returns.empty());
  r.tick(5, {r.sim.focus(5, "feed")});
  REQUIRE(r.returns.size() == 1);
  CHECK(r.returns[0].returned);
  CHECK(r.returns[0].shown_ms == r.ms(-100));

  Run late(friction_on_feed());
  late.sim.s.resume_return_watch(late.sim.app("feed"), late.ms(-100), late.ms(-90));
  late.tick(0, {late.sim.focus(0, "chat")});
  late.run(0, 600);
  REQUIRE(late.returns.size() == 1);
  CHECK_FALSE(late.returns[0].returned);
  CHECK(late.returns[0].at_ms == late.ms(510));
}
