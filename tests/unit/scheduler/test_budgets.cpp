// Budgets and the escalation ladder: exact limits, warnings, notify,
// friction (countdown, bounded "continue anyway", easy way out, rotation), block.
#include "tw_catch.hpp"

#include "sim.hpp"

using tw::DecisionKind;
using tw::OverlayKind;
using tw::Reason;
using tw::SignalKind;
using sim::kHour;
using sim::kMin;

namespace {

tw::Budget app_budget(const char* id, const char* app, int64_t limit_s, tw::LimitAction action) {
  tw::Budget b;
  b.id = id;
  b.scope = tw::BudgetScope::app;
  b.target = app;
  b.limit_s = limit_s;
  b.warn_at = {};
  b.at_limit = action;
  return b;
}

}  // namespace

TEST_CASE("a budget is reached at used == limit, not one second before", "[scheduler][budget]") {
  tw::Policy p = sim::quiet_policy();
  p.time_value.hourly_value = 36.0;  // 1 cent per second
  p.budgets = {app_budget("feed", "feed", 60, tw::LimitAction::block)};
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "feed")});
  const tw::Overlay* ring = sim.overlay(OverlayKind::budget_ring);
  REQUIRE(ring != nullptr);
  CHECK(ring->reason == Reason::budget_tracking);
  CHECK(sim.decided_now(DecisionKind::show, OverlayKind::budget_ring, Reason::budget_tracking));

  sim.run(0, 59);
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
  ring = sim.overlay(OverlayKind::budget_ring);
  CHECK(ring->remaining_s == 1);
  CHECK(ring->used_s == 59);
  CHECK(ring->cost_today == Approx(0.59));
  sim.tick(59.999);
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);

  sim.tick(60);
  const tw::Overlay* shield = sim.overlay(OverlayKind::block_shield);
  REQUIRE(shield != nullptr);
  CHECK(shield->reason == Reason::budget_reached);
  CHECK(shield->remaining_s == 0);
  CHECK(sim.overlay(OverlayKind::budget_ring)->reason == Reason::budget_reached);
  const auto shows = sim.decided(DecisionKind::show, OverlayKind::block_shield, Reason::budget_reached);
  REQUIRE(shows.size() == 1);
  CHECK(shows[0].unix_ms == sim.ms(60));

  SECTION("another app is not blocked and has no ring") {
    sim.tick(61, {sim.focus(61, "chat")});
    CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
    CHECK(sim.overlay(OverlayKind::budget_ring) == nullptr);
    CHECK(sim.decided_now(DecisionKind::hide, OverlayKind::block_shield, Reason::budget_reached));
  }
}

TEST_CASE("a category budget counts every app of the category, the ring shows the tightest",
          "[scheduler][budget]") {
  tw::Policy p = sim::quiet_policy();
  tw::Budget social = app_budget("social", "social", 100, tw::LimitAction::block);
  social.scope = tw::BudgetScope::category;
  p.budgets = {social, app_budget("feed", "feed", 500, tw::LimitAction::notify)};
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "feed2")});
  sim.tick(40, {sim.focus(40, "chat")});
  sim.tick(50, {sim.focus(50, "feed")});
  sim.tick(100);
  const tw::Overlay* ring = sim.overlay(OverlayKind::budget_ring);
  REQUIRE(ring != nullptr);
  CHECK(ring->budget == 0);    // social: 100 - 90 = 10 left beats feed's 450
  CHECK(ring->used_s == 90);
  CHECK(ring->remaining_s == 10);
  sim.tick(110);
  CHECK(sim.overlay(OverlayKind::block_shield) != nullptr);
}

TEST_CASE("warnings fire once per fraction, wait for a breakpoint, notify fires at the limit",
          "[scheduler][budget][deferral]") {
  tw::Policy p = sim::quiet_policy();
  tw::Budget b = app_budget("feed", "feed", 100, tw::LimitAction::notify);
  b.warn_at = {0.5, 0.8};
  p.budgets = {b};
  p.deferral.max_defer_s = 120;
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "feed")});
  sim.run(0, 49);
  CHECK(sim.decided(DecisionKind::defer, OverlayKind::warning, Reason::budget_warn_fraction).empty());
  sim.tick(50);
  CHECK(sim.decided_now(DecisionKind::defer, OverlayKind::warning, Reason::budget_warn_fraction));
  CHECK(sim.overlay(OverlayKind::warning) == nullptr);  // held for a breakpoint

  sim.tick(55, {sim.focus(55, "chat")});  // app switch: a breakpoint
  CHECK(sim.decided_now(DecisionKind::deliver, OverlayKind::warning, Reason::breakpoint_app_switch));
  REQUIRE(sim.overlay(OverlayKind::warning) != nullptr);
  CHECK(sim.overlay(OverlayKind::warning)->reason == Reason::budget_warn_fraction);
  sim.tick(65);  // cards stay 10 s of visible time
  CHECK(sim.overlay(OverlayKind::warning) == nullptr);

  sim.tick(66, {sim.focus(66, "feed")});
  sim.run(66, 91);  // feed at 55 + 25 = 80 s: the 0.8 warning
  const auto defers = sim.decided(DecisionKind::defer, OverlayKind::warning, Reason::budget_warn_fraction);
  REQUIRE(defers.size() == 2);
  CHECK(defers[1].unix_ms == sim.ms(91));
  sim.run(91, 111);  // the limit (100 s) at 111: notify at once
  CHECK(sim.decided_now(DecisionKind::show, OverlayKind::warning, Reason::budget_reached));
  sim.run(111, 300);
  // The held 0.8 warning went out at its bound, exactly 120 s after it was held.
  const auto bound = sim.decided(DecisionKind::deliver, OverlayKind::warning, Reason::deferral_bound);
  REQUIRE(bound.size() == 1);
  CHECK(bound[0].unix_ms == sim.ms(211));
  CHECK(sim.decided(DecisionKind::show, OverlayKind::warning, Reason::budget_reached).size() == 1);
  CHECK(sim.decided(DecisionKind::defer, OverlayKind::warning, Reason::budget_warn_fraction).size() == 2);
}

TEST_CASE("friction: countdown, bounded continue-anyway, easy way out", "[scheduler][friction]") {
  tw::Policy p = sim::quiet_policy();
  tw::Budget b = app_budget("feed", "feed", 30, tw::LimitAction::friction);
  b.extension_s = 20;
  b.max_extensions = 1;
  p.budgets = {b};
  p.friction.pause_s = 5;
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "feed")});
  sim.run(0, 29);
  CHECK(sim.overlay(OverlayKind::friction_prompt) == nullptr);
  sim.tick(30);
  const tw::Overlay* prompt = sim.overlay(OverlayKind::friction_prompt);
  REQUIRE(prompt != nullptr);
  CHECK(prompt->countdown_s == 5);
  CHECK_FALSE(prompt->bypass_available);
  const int32_t first_exercise = prompt->exercise;
  CHECK(first_exercise >= 0);

  sim.tick(32, {sim.sig(32, SignalKind::continue_anyway)});
  CHECK(sim.decided_now(DecisionKind::deny, OverlayKind::friction_prompt, Reason::pause_not_over));
  REQUIRE(sim.overlay(OverlayKind::friction_prompt) != nullptr);
  CHECK(sim.overlay(OverlayKind::friction_prompt)->countdown_s == 3);
  sim.run(32, 35);
  CHECK(sim.overlay(OverlayKind::friction_prompt)->countdown_s == 0);
  CHECK(sim.overlay(OverlayKind::friction_prompt)->bypass_available);

  sim.tick(36, {sim.sig(36, SignalKind::continue_anyway)});
  CHECK(sim.decided_now(DecisionKind::extend, OverlayKind::friction_prompt, Reason::bypass_granted));
  CHECK(sim.overlay(OverlayKind::friction_prompt) == nullptr);
  CHECK(sim.overlay(OverlayKind::budget_ring)->limit_s == 50);
  CHECK(sim.s.extensions_used(0) == 1);

  sim.run(36, 49);
  CHECK(sim.overlay(OverlayKind::friction_prompt) == nullptr);
  sim.tick(50);  // the extension is used up: a new prompt, a new exercise, no bypass left
  prompt = sim.overlay(OverlayKind::friction_prompt);
  REQUIRE(prompt != nullptr);
  CHECK(prompt->exercise != first_exercise);
  sim.run(50, 56);
  CHECK_FALSE(sim.overlay(OverlayKind::friction_prompt)->bypass_available);
  sim.tick(56, {sim.sig(56, SignalKind::continue_anyway)});
  CHECK(sim.decided_now(DecisionKind::deny, OverlayKind::friction_prompt, Reason::bypass_exhausted));
  CHECK(sim.s.extensions_used(0) == 1);

  sim.tick(57, {sim.sig(57, SignalKind::prompt_leave)});
  CHECK(sim.decided_now(DecisionKind::hide, OverlayKind::friction_prompt, Reason::prompt_left));
  CHECK(sim.overlay(OverlayKind::friction_prompt) == nullptr);
  CHECK(sim.s.attention().focused() == sim.app("feed"));  // leaving blurs nothing
  sim.run(57, 60);
  CHECK(sim.overlay(OverlayKind::friction_prompt) == nullptr);
  CHECK(sim.decided(DecisionKind::hide, OverlayKind::friction_prompt, Reason::prompt_left).size() == 1);

  // Opening the app again brings the prompt back.
  sim.tick(61, {sim.focus(61, "chat")});
  sim.tick(62, {sim.focus(62, "feed")});
  CHECK(sim.overlay(OverlayKind::friction_prompt) != nullptr);
}

TEST_CASE("exercises are picked deterministically, never the same twice in a row",
          "[scheduler][friction]") {
  tw::Policy p = sim::quiet_policy();
  p.budgets = {app_budget("feed", "feed", 0, tw::LimitAction::friction)};
  auto sequence = [&] {
    sim::Sim sim(p);
    std::vector<int32_t> seen;
    double t = 0;
    for (int i = 0; i < 7; ++i) {
      sim.tick(t, {sim.focus(t, "feed")});
      REQUIRE(sim.overlay(OverlayKind::friction_prompt) != nullptr);
      seen.push_back(sim.overlay(OverlayKind::friction_prompt)->exercise);
      sim.tick(t + 1, {sim.sig(t + 1, SignalKind::prompt_leave), sim.focus(t + 1, "chat")});
      t += 2;
    }
    return seen;
  };
  const auto a = sequence();
  CHECK(a == sequence());
  for (size_t i = 1; i < a.size(); ++i) CHECK(a[i] != a[i - 1]);
  // The floor share (10 %) shows each exercise once before any is sampled
  // (exercise_picker.hpp); then the wearer's leaves steer it.
  CHECK(std::vector<int32_t>(a.begin(), a.begin() + 3) == std::vector<int32_t>{0, 1, 2});

  SECTION("one exercise: it repeats, there is nothing else") {
    p.friction.exercises.resize(1);
    const auto one = sequence();
    CHECK(one == std::vector<int32_t>(7, 0));
  }
}

TEST_CASE("a block cannot be bypassed", "[scheduler][budget]") {
  tw::Policy p = sim::quiet_policy();
  p.budgets = {app_budget("game", "game", 10, tw::LimitAction::block)};
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "game")});
  sim.tick(10);
  sim.tick(20, {sim.sig(20, SignalKind::continue_anyway)});
  CHECK(sim.decided_now(DecisionKind::deny, OverlayKind::block_shield, Reason::budget_reached));
  CHECK(sim.overlay(OverlayKind::block_shield) != nullptr);
}

TEST_CASE("away and not worn stop the budget clock", "[scheduler][budget][attention]") {
  tw::Policy p = sim::quiet_policy();
  p.attention.afk_after_s = 30;
  p.budgets = {app_budget("feed", "feed", 3600, tw::LimitAction::block)};
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "feed")});
  sim.tick(100);  // away from 30 s on
  CHECK(sim.overlay(OverlayKind::budget_ring)->used_s == 30);
  CHECK(sim.decided(DecisionKind::state, OverlayKind::budget_ring, Reason::away).size() == 1);
  sim.tick(110, {sim.sig(110, SignalKind::interaction)});
  sim.tick(120, {sim.sig(120, SignalKind::not_worn)});
  sim.tick(500);
  CHECK(sim.overlay(OverlayKind::budget_ring)->used_s == 40);
  sim.tick(510, {sim.sig(510, SignalKind::worn)});
  sim.tick(515);
  CHECK(sim.overlay(OverlayKind::budget_ring)->used_s == 45);
  CHECK(sim.s.usage().day_total_ns() == 45'000'000'000);
}

TEST_CASE("set_policy keeps usage and bypass counts", "[scheduler][policy]") {
  tw::Policy p = sim::quiet_policy();
  tw::Budget b = app_budget("feed", "feed", 10, tw::LimitAction::friction);
  b.max_extensions = 3;
  p.budgets = {b};
  p.friction.pause_s = 0;
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "feed")});
  sim.tick(10);
  sim.tick(11, {sim.sig(11, SignalKind::continue_anyway)});
  CHECK(sim.s.extensions_used(0) == 1);

  tw::Policy q = p;
  q.budgets.insert(q.budgets.begin(), app_budget("chat", "chat", 100, tw::LimitAction::block));
  q.apps.push_back({"feed", "news"});  // feed moves category: totals follow the app
  q.apps.erase(q.apps.begin());
  sim.s.set_policy(q);
  sim.tick(12);
  CHECK(sim.s.extensions_used(1) == 1);
  const tw::Overlay* ring = sim.overlay(OverlayKind::budget_ring);
  REQUIRE(ring != nullptr);
  CHECK(ring->budget == 1);
  CHECK(ring->used_s == 12);
  const auto news = sim.s.categories().find("news");
  REQUIRE(news.has_value());
  CHECK(sim.s.usage().category_ns(tw::BudgetPeriod::daily, *news) == 12'000'000'000);
}

TEST_CASE("a weekly budget adds up across days, blocks at its limit through midnight, and resets on Monday",
          "[scheduler][budget][weekly]") {
  tw::Policy p = sim::quiet_policy();
  p.attention.afk_after_s = 86400;
  p.idle.min_idle_s = 80000;
  tw::Budget weekly = app_budget("games-weekly", "game", 3 * 3600, tw::LimitAction::block);
  weekly.period = tw::BudgetPeriod::weekly;
  p.budgets = {weekly};
  sim::Sim sim(p);  // starts Monday 00:00 UTC
  const double day = 24 * kHour;
  // One hour of the game on Monday, Tuesday and Wednesday evening: the third
  // hour's last second reaches the limit, not any single day's share.
  for (int d = 0; d < 3; ++d) {
    const double from = d * day + 19 * kHour;
    sim.tick(from, {sim.focus(from, "game")});
    if (d < 2) {
      sim.tick(from + kHour, {sim.sig(from + kHour, SignalKind::app_blur, "game")});
      CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
      // The week's sum, carried over midnight.
      CHECK(sim.s.usage().app_ns(tw::BudgetPeriod::weekly, sim.app("game")) == (d + 1) * 3600LL * 1'000'000'000);
      CHECK(sim.s.usage().app_ns(tw::BudgetPeriod::daily, sim.app("game")) == 3600LL * 1'000'000'000);
    }
  }
  const double wed = 2 * day + 19 * kHour;
  sim.tick(wed + kHour - 1);
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
  sim.tick(wed + kHour);
  REQUIRE(sim.overlay(OverlayKind::block_shield) != nullptr);
  CHECK(sim.overlay(OverlayKind::block_shield)->reason == Reason::budget_reached);
  // A new local day is not a new week: Thursday and Sunday stay blocked.
  sim.tick(wed + kHour + 1, {sim.sig(wed + kHour + 1, SignalKind::app_blur, "game")});
  const double thu = 3 * day + 10 * kHour;
  sim.tick(thu, {sim.focus(thu, "game")});
  REQUIRE(sim.overlay(OverlayKind::block_shield) != nullptr);
  CHECK(sim.overlay(OverlayKind::block_shield)->reason == Reason::budget_reached);
  const double sun = 6 * day + 23 * kHour + 59 * kMin;
  sim.tick(sun, {sim.sig(sun, SignalKind::app_blur, "game"), sim.focus(sun, "game")});
  CHECK(sim.overlay(OverlayKind::block_shield) != nullptr);
  // Monday 00:00 starts a new week: the block lifts and the ring starts over.
  sim.tick(7 * day + 1);
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
  const tw::Overlay* ring = sim.overlay(OverlayKind::budget_ring);
  REQUIRE(ring != nullptr);
  CHECK(ring->used_s <= 1);
}
