// When a block shield's block lifts (core/scheduler/block_lift.hpp): the
// "until when" the shield shows (issue 13), from the decision's window,
// budget and reason.
#include "core/scheduler/block_lift.hpp"
#include "tw_catch.hpp"

namespace {

tw::Policy policy() {
  tw::Policy p;
  tw::ProtectedWindow sleep;
  sleep.name = "sleep";
  sleep.kind = tw::WindowKind::sleep;
  sleep.start = 23 * 60;
  sleep.end = 7 * 60;
  tw::ProtectedWindow focus;
  focus.name = "deep work";
  focus.kind = tw::WindowKind::focus;
  focus.start = 9 * 60;
  focus.end = 11 * 60 + 30;
  p.windows = {sleep, focus};
  tw::Budget daily;
  daily.id = "games-daily";
  tw::Budget weekly = daily;
  weekly.id = "games-weekly";
  weekly.period = tw::BudgetPeriod::weekly;
  p.budgets = {daily, weekly};
  p.youth.night_end = 6 * 60 + 45;
  return p;
}

tw::Overlay shield(tw::Reason r, int32_t window = -1, int32_t budget = -1) {
  tw::Overlay o;
  o.kind = tw::OverlayKind::block_shield;
  o.reason = r;
  o.window = window;
  o.budget = budget;
  return o;
}

}  // namespace

TEST_CASE("a block lifts at its window's end, its budget's reset, or the youth night's end", "[scheduler][block]") {
  const tw::Policy p = policy();
  using tw::LiftKind;
  CHECK(tw::block_lift(shield(tw::Reason::sleep_window, 0), p) == tw::BlockLift{LiftKind::at_minute, 7 * 60});
  CHECK(tw::block_lift(shield(tw::Reason::focus_window, 1), p) == tw::BlockLift{LiftKind::at_minute, 11 * 60 + 30});
  CHECK(tw::block_lift(shield(tw::Reason::budget_reached, -1, 0), p).kind == LiftKind::day_reset);
  CHECK(tw::block_lift(shield(tw::Reason::budget_reached, -1, 1), p).kind == LiftKind::week_reset);
  CHECK(tw::block_lift(shield(tw::Reason::youth_night), p) == tw::BlockLift{LiftKind::at_minute, 6 * 60 + 45});
  CHECK(tw::block_lift(shield(tw::Reason::youth_daily_cap), p).kind == LiftKind::day_reset);
  // Not known, or not a block: nothing is claimed.
  CHECK(tw::block_lift(shield(tw::Reason::reclaimed_time), p).kind == LiftKind::unknown);
  CHECK(tw::block_lift(shield(tw::Reason::sleep_window, 9), p).kind == LiftKind::unknown);  // index out of range
  CHECK(tw::block_lift(shield(tw::Reason::budget_reached, -1, 5), p).kind == LiftKind::unknown);
  tw::Overlay prompt = shield(tw::Reason::sleep_window, 0);
  prompt.kind = tw::OverlayKind::friction_prompt;
  CHECK(tw::block_lift(prompt, p).kind == LiftKind::unknown);
}
