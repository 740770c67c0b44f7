// Youth mode (daily cap, night window), local midnight and weekly rollover,
// a DST day, the daily summary and seeding from the ledger.
#include "tw_catch.hpp"

#include <algorithm>
#include <vector>

#include "sim.hpp"

using tw::DecisionKind;
using tw::OverlayKind;
using tw::Reason;
using tw::SignalKind;
using sim::kHour;
using sim::kMin;

namespace {

tw::Policy youth_policy() {
  tw::Policy p = sim::quiet_policy();
  p.youth.enabled = true;
  p.youth.daily_cap_s = 60;
  p.youth.night_start = 21 * 60;
  p.youth.night_end = 7 * 60;
  p.youth.allow = {"reader"};
  return p;
}

}  // namespace

TEST_CASE("youth: the daily cap blocks every app but the allow-list", "[scheduler][youth]") {
  sim::Sim sim(youth_policy());
  const double t = 10 * kHour;
  sim.tick(t, {sim.focus(t, "game")});
  sim.tick(t + 30, {sim.focus(t + 30, "chat")});
  sim.tick(t + 59.999);
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
  sim.tick(t + 60);
  REQUIRE(sim.overlay(OverlayKind::block_shield) != nullptr);
  CHECK(sim.overlay(OverlayKind::block_shield)->reason == Reason::youth_daily_cap);
  sim.tick(t + 61, {sim.focus(t + 61, "reader")});
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
  sim.tick(t + 62, {sim.focus(t + 62, "game"), sim.sig(t + 62, SignalKind::continue_anyway)});
  CHECK(sim.decided_now(DecisionKind::deny, OverlayKind::block_shield, Reason::youth_daily_cap));
  // The next local day starts fresh.
  sim.tick(24 * kHour + 10 * kHour, {sim.focus(24 * kHour + 10 * kHour, "game")});
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
}

TEST_CASE("youth: the night blocks all but the allow-list and delivers no nudge",
          "[scheduler][youth]") {
  tw::Policy p = youth_policy();
  p.youth.daily_cap_s = 3600;
  sim::Sim sim(p);
  const double t = 21 * kHour - 1;
  sim.tick(t, {sim.focus(t, "reader")});
  sim.tick(t + 1, {sim.focus(t + 1, "chat")});
  REQUIRE(sim.overlay(OverlayKind::block_shield) != nullptr);
  CHECK(sim.overlay(OverlayKind::block_shield)->reason == Reason::youth_night);
  sim.tick(t + 2, {sim.nudge(t + 2, 1), sim.nudge(t + 2, 2, /*urgent=*/true),
                   sim.nudge(t + 2, 3, true, "reader")});
  CHECK(sim.decided(DecisionKind::deny, OverlayKind::nudge, Reason::youth_night).size() == 2);
  CHECK(sim.decided(DecisionKind::deliver, OverlayKind::nudge, Reason::urgent).size() == 1);
  sim.tick(t + 3, {sim.focus(t + 3, "reader")});
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
  sim.tick(24 * kHour + 6 * kHour + 59 * kMin, {sim.focus(24 * kHour + 6 * kHour + 59 * kMin, "chat")});
  CHECK(sim.overlay(OverlayKind::block_shield)->reason == Reason::youth_night);
  sim.tick(24 * kHour + 7 * kHour);
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
}

namespace {

struct Recorder final : tw::SchedulerObserver {
  std::vector<std::pair<int64_t, int64_t>> intervals_ms;
  std::vector<std::pair<int64_t, int64_t>> days;
  void on_attended(tw::AppId, tw::CategoryId, tw::Instant from, tw::Instant to) override {
    intervals_ms.emplace_back(from.unix_ms, to.unix_ms);
  }
  void on_day_end(int64_t day, int64_t ns) override { days.emplace_back(day, ns); }
};

tw::Budget daily(const char* id, tw::BudgetPeriod period, int64_t limit_s) {
  tw::Budget b;
  b.id = id;
  b.scope = tw::BudgetScope::app;
  b.target = "feed";
  b.period = period;
  b.limit_s = limit_s;
  b.warn_at = {0.5};
  return b;
}

}  // namespace

TEST_CASE("local midnight resets daily counters, splits intervals and shows the summary",
          "[scheduler][days]") {
  tw::Policy p = sim::quiet_policy();
  p.time_value.hourly_value = 60.0;
  p.attention.afk_after_s = 86400;  // no away, no idle moment: one interval per day
  p.idle.min_idle_s = 80000;
  p.budgets = {daily("d", tw::BudgetPeriod::daily, 3600), daily("w", tw::BudgetPeriod::weekly, 36000)};
  // UTC+2: local midnight is 22:00 UTC.
  sim::Sim sim(p, tw::TimeZone::fixed(2 * 3600));
  Recorder rec;
  const double t = 21 * kHour;  // 23:00 local Monday
  sim.s.tick(sim.at(t), std::vector<tw::Signal>{sim.focus(t, "feed")}, &rec);
  const auto& out = sim.s.tick(sim.at(t + kHour + 30 * kMin), {}, &rec);  // 00:30 local Tuesday
  // Contiguous pieces, split at 23:30 (the 0.5 warning, met at its exact
  // instant) and at midnight; other rule stops (the warning card delivered at
  // midnight ends 10 s later) may split them further, never across midnight.
  REQUIRE(rec.intervals_ms.size() >= 3);
  CHECK(rec.intervals_ms.front().first == sim.ms(t));
  CHECK(rec.intervals_ms.back().second == sim.ms(t + kHour + 30 * kMin));
  std::vector<int64_t> ends;
  for (size_t i = 0; i < rec.intervals_ms.size(); ++i) {
    if (i > 0) CHECK(rec.intervals_ms[i].first == rec.intervals_ms[i - 1].second);
    CHECK_FALSE((rec.intervals_ms[i].first < sim.ms(22 * kHour) && rec.intervals_ms[i].second > sim.ms(22 * kHour)));
    ends.push_back(rec.intervals_ms[i].second);
  }
  CHECK(std::count(ends.begin(), ends.end(), sim.ms(t + 30 * kMin)) == 1);
  CHECK(std::count(ends.begin(), ends.end(), sim.ms(22 * kHour)) == 1);
  REQUIRE(rec.days.size() == 1);
  CHECK(rec.days[0].second == 3600LL * 1'000'000'000);
  CHECK(sim.s.usage().app_ns(tw::BudgetPeriod::daily, sim.app("feed")) == 1800LL * 1'000'000'000);
  CHECK(sim.s.usage().app_ns(tw::BudgetPeriod::weekly, sim.app("feed")) == 5400LL * 1'000'000'000);
  const tw::Overlay* summary = nullptr;
  for (const auto& o : out.overlays)
    if (o.kind == OverlayKind::daily_summary) summary = &o;
  REQUIRE(summary != nullptr);
  CHECK(summary->reason == Reason::day_end_summary);
  CHECK(summary->used_s == 3600);
  CHECK(summary->cost_today == Approx(60.0));
  // The 0.5 warning of the daily budget fired yesterday (at 30 min) and again today.
  int warn_defers = 0;
  for (const auto& d : out.decisions) warn_defers += d.kind == DecisionKind::defer && d.budget == 0;
  CHECK(warn_defers == 2);

  sim.tick(t + kHour + 31 * kMin, {sim.sig(t + kHour + 31 * kMin, SignalKind::interaction)});
  CHECK(sim.overlay(OverlayKind::daily_summary) == nullptr);

  SECTION("weekly counters reset at local Monday 00:00") {
    const double next_monday = 7 * 24 * kHour - 2 * kHour;  // Monday 00:00 local
    sim.tick(next_monday - 60, {sim.sig(next_monday - 60, SignalKind::interaction)});
    CHECK(sim.s.usage().app_ns(tw::BudgetPeriod::weekly, sim.app("feed")) > 0);
    sim.tick(next_monday + 10);
    CHECK(sim.s.usage().app_ns(tw::BudgetPeriod::weekly, sim.app("feed")) == 10LL * 1'000'000'000);
  }
}

TEST_CASE("a DST day is 23 hours long and still resets at local midnight", "[scheduler][days][dst]") {
  auto berlin = tw::TimeZone::load("Europe/Berlin");
  REQUIRE(berlin.ok());
  tw::Policy p = sim::quiet_policy();
  p.attention.afk_after_s = 86400;
  p.budgets = {daily("d", tw::BudgetPeriod::daily, 7200)};
  // 2026-03-28 23:00 UTC = Sunday 2026-03-29 00:00 CET; clocks go forward at 02:00.
  sim::Sim sim(p, berlin.value(), 1'774'738'800);
  sim.tick(0, {sim.focus(0, "feed")});
  CHECK(sim.s.calendar().next_day_start_ms() - sim.s.calendar().day_start_ms() == 23 * 3600 * 1000LL);
  sim.tick(22 * kHour + 59 * kMin);  // 23:59 CEST
  CHECK(sim.overlay(OverlayKind::budget_ring)->used_s == 22 * 3600 + 59 * 60);
  CHECK(sim.overlay(OverlayKind::daily_summary) == nullptr);
  sim.tick(23 * kHour);  // Monday 00:00 CEST
  CHECK(sim.overlay(OverlayKind::daily_summary) != nullptr);
  CHECK(sim.overlay(OverlayKind::budget_ring)->used_s == 0);
  sim.tick(23 * kHour + 10 * kMin);
  CHECK(sim.overlay(OverlayKind::budget_ring)->used_s == 600);
  CHECK(sim.s.calendar().next_day_start_ms() - sim.s.calendar().day_start_ms() == 24 * 3600 * 1000LL);
}

TEST_CASE("seeded usage counts toward today's budgets without re-warning", "[scheduler][seed]") {
  tw::Policy p = sim::quiet_policy();
  p.budgets = {daily("d", tw::BudgetPeriod::daily, 100), daily("w", tw::BudgetPeriod::weekly, 1000)};
  p.budgets[0].at_limit = tw::LimitAction::block;
  sim::Sim sim(p);
  sim.s.seed_usage(sim.app("feed"), 90, 500);
  sim.tick(0, {sim.focus(0, "feed")});
  CHECK(sim.s.usage().app_ns(tw::BudgetPeriod::daily, sim.app("feed")) == 90LL * 1'000'000'000);
  CHECK(sim.s.usage().app_ns(tw::BudgetPeriod::weekly, sim.app("feed")) == 500LL * 1'000'000'000);
  CHECK(sim.decided(DecisionKind::defer, OverlayKind::warning, Reason::budget_warn_fraction).empty());
  sim.tick(10);
  CHECK(sim.overlay(OverlayKind::block_shield) != nullptr);
}
