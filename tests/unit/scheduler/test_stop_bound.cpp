// Sub-steps between ticks are bounded: a tick across a huge gap (ten years,
// with windows, wind-down, youth night and a budget, each of which would stop
// it every day) takes at most Scheduler::kMaxStopsPerTick stops, then treats
// the rest of the gap as one step. The state after the jump is the state at
// its end: the right local day, the right window. Display-only changes (the
// ring's minutes) are coalesced outside the last minute before the tick.
#include "tw_catch.hpp"

#include <vector>

#include "sim.hpp"

using tw::DecisionKind;
using tw::OverlayKind;
using tw::Reason;

namespace {

constexpr double kMin = 60.0;
constexpr double kHour = 3600.0;
constexpr double kDay = 86400.0;

tw::Policy busy_policy() {
  tw::Policy p = sim::quiet_policy();
  p.attention.afk_after_s = 86400;  // attended through the whole gap
  p.idle.min_idle_s = 80000;
  tw::Budget b;
  b.id = "feed";
  b.scope = tw::BudgetScope::app;
  b.target = "feed";
  b.limit_s = 50 * 3600;  // never reached in a day: the ring counts minutes
  b.at_limit = tw::LimitAction::notify;
  p.budgets = {b};
  tw::ProtectedWindow focus;
  focus.name = "focus";
  focus.kind = tw::WindowKind::focus;
  focus.start = 9 * 60;
  focus.end = 11 * 60;
  focus.block_categories = {"games"};
  tw::ProtectedWindow sleep;
  sleep.name = "sleep";
  sleep.kind = tw::WindowKind::sleep;
  sleep.start = 23 * 60;
  sleep.end = 7 * 60;
  sleep.wind_down_min = 30;
  p.windows = {focus, sleep};
  p.youth.enabled = true;
  p.youth.daily_cap_s = 24 * 3600;
  p.youth.night_start = 22 * 60;
  p.youth.night_end = 6 * 60;
  p.youth.allow = {"feed"};
  return p;
}

}  // namespace

TEST_CASE("scheduler: a ten-year gap takes at most kMaxStopsPerTick stops and lands in the right state",
          "[scheduler][stop_bound]") {
  sim::Sim sim(busy_policy(), tw::TimeZone::fixed(3600));
  sim.s.tick(sim.at(0), std::vector<tw::Signal>{sim.focus(0, "feed")});
  // A day of one-second ticks stops only where something changes.
  int most = 0;
  for (double t = 1; t <= kDay; t += 1) {
    sim.s.tick(sim.at(t), {});
    most = std::max(most, sim.s.stops_last_tick());
  }
  CHECK(most <= 2);
  // Ten years later (10:00 local on a Monday, inside the focus window).
  const double later = 3653 * kDay + 9 * kHour;
  const tw::TickOutput& out = sim.s.tick(sim.at(later), {});
  CHECK(sim.s.stops_last_tick() == tw::Scheduler::kMaxStopsPerTick);
  CHECK(out.decisions.size() <= 16u * (tw::Scheduler::kMaxStopsPerTick + 1));
  CHECK(sim.s.calendar().day_number() ==
        sim.s.calendar().zone().local_day_number(sim.at(later).unix_ms / 1000));
  CHECK(sim.s.calendar().minute_of_day() == 10 * 60);
  bool focus_shown = false;
  for (const tw::Overlay& o : out.overlays)
    focus_shown |= o.kind == OverlayKind::protect_indicator && o.reason == Reason::focus_window;
  CHECK(focus_shown);
  // The next tick is an ordinary one again.
  sim.s.tick(sim.at(later + 1), {});
  CHECK(sim.s.stops_last_tick() <= 2);
}

TEST_CASE("scheduler: ring minutes of a long gap are coalesced to its last minute", "[scheduler][stop_bound]") {
  tw::Policy p = busy_policy();
  p.windows.clear();
  p.youth.enabled = false;
  sim::Sim sim(p);
  sim.s.tick(sim.at(0), std::vector<tw::Signal>{sim.focus(0, "feed")});
  // Twenty minutes in one tick: ring updates only in the last minute.
  const tw::TickOutput& out = sim.s.tick(sim.at(20 * kMin), {});
  int updates = 0;
  for (const tw::Decision& d : out.decisions) {
    if (d.kind != DecisionKind::update || d.overlay != OverlayKind::budget_ring) continue;
    ++updates;
    CHECK(d.unix_ms >= sim.ms(19 * kMin));
  }
  CHECK(updates >= 1);
  CHECK(sim.s.stops_last_tick() <= 4);
}

TEST_CASE("scheduler: a window edge after a DST change in the same gap is stamped at its exact instant",
          "[scheduler][stop_bound][dst]") {
  // Europe/Berlin, Sunday 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
  auto tz = tw::TimeZone::load("Europe/Berlin");
  REQUIRE(tz.ok());
  tw::Policy p = sim::quiet_policy();
  p.attention.afk_after_s = 86400;  // no other stop in the gap
  p.idle.min_idle_s = 80000;
  tw::ProtectedWindow focus;
  focus.name = "focus";
  focus.kind = tw::WindowKind::focus;
  focus.start = 3 * 60 + 30;  // 03:30 local = 01:30 UTC (CEST)
  focus.end = 5 * 60;
  p.windows = {focus};
  constexpr int64_t kMarch29Utc_s = 1'774'742'400;  // 2026-03-29 00:00 UTC = 01:00 CET
  sim::Sim sim(p, tz.value(), kMarch29Utc_s);
  sim.s.tick(sim.at(0), std::vector<tw::Signal>{sim.focus(0, "feed")});
  // One tick two hours later (02:00 UTC = 04:00 CEST) covers the change and the edge.
  const tw::TickOutput& out = sim.s.tick(sim.at(2 * kHour), {});
  int64_t shown_ms = -1;
  for (const tw::Decision& d : out.decisions)
    if (d.kind == DecisionKind::show && d.overlay == OverlayKind::protect_indicator &&
        d.reason == Reason::focus_window)
      shown_ms = d.unix_ms;
  CHECK(shown_ms == sim.ms(1.5 * kHour));
}
