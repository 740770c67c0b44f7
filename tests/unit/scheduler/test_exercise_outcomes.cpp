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
  CHECK(r.outcomes[0].kind == tw::ExerciseKind::intention);
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
