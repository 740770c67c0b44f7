// Bounded deferral (breakpoints, the bound reached exactly, urgent) and motion
// safety (cards held while walking or turning, a friction countdown kept).
#include "tw_catch.hpp"

#include "sim.hpp"

using tw::DecisionKind;
using tw::OverlayKind;
using tw::Reason;
using tw::SignalKind;

TEST_CASE("a non-urgent nudge waits for a breakpoint, at most max_defer_s", "[scheduler][deferral]") {
  tw::Policy p = sim::quiet_policy();
  p.deferral.max_defer_s = 30;
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "chat")});
  sim.tick(10, {sim.nudge(10, 1)});
  CHECK(sim.decided_now(DecisionKind::defer, OverlayKind::nudge, Reason::awaiting_breakpoint));
  sim.tick(39.999);
  CHECK(sim.overlay(OverlayKind::nudge) == nullptr);
  sim.tick(40);
  CHECK(sim.decided_now(DecisionKind::deliver, OverlayKind::nudge, Reason::deferral_bound));
  REQUIRE(sim.overlay(OverlayKind::nudge) != nullptr);
  CHECK(sim.overlay(OverlayKind::nudge)->nudge_id == 1);
  sim.tick(49.9);
  CHECK(sim.overlay(OverlayKind::nudge) != nullptr);
  sim.tick(50);
  CHECK(sim.overlay(OverlayKind::nudge) == nullptr);

  sim.tick(60, {sim.nudge(60, 2, /*urgent=*/true)});
  CHECK(sim.decided_now(DecisionKind::deliver, OverlayKind::nudge, Reason::urgent));

  sim.tick(70, {sim.nudge(70, 3)});
  sim.tick(75, {sim.focus(75, "feed")});
  CHECK(sim.decided_now(DecisionKind::deliver, OverlayKind::nudge, Reason::breakpoint_app_switch));

  sim.tick(81, {sim.motion(80, 1.5f), sim.nudge(81, 4)});
  sim.tick(83, {sim.motion(83, 0.1f)});
  sim.tick(84.9);
  CHECK(sim.decided(DecisionKind::deliver, OverlayKind::nudge, Reason::breakpoint_motion_pause).empty());
  sim.tick(86);
  const auto paused = sim.decided(DecisionKind::deliver, OverlayKind::nudge, Reason::breakpoint_motion_pause);
  REQUIRE(paused.size() == 1);
  CHECK(paused[0].unix_ms == sim.ms(85));  // at the instant motion settled
  CHECK(paused[0].nudge_id == 4);

  SECTION("an idle moment start is a breakpoint when it fills") {
    tw::Policy q = p;
    q.idle.min_idle_s = 20;
    q.idle.default_mode = tw::IdleMode::fill;
    sim::Sim s2(q);
    s2.tick(0, {s2.focus(0, "chat"), s2.nudge(1, 9)});
    s2.tick(20);
    CHECK(s2.decided_now(DecisionKind::deliver, OverlayKind::nudge, Reason::breakpoint_idle_start));
  }
  SECTION("a protected idle moment holds nudges but not past the bound") {
    tw::Policy q = p;
    q.idle.min_idle_s = 20;
    sim::Sim s2(q);
    s2.tick(15, {s2.focus(0, "chat"), s2.nudge(15, 9)});
    s2.tick(20);
    CHECK(s2.overlay(OverlayKind::nudge) == nullptr);
    s2.tick(44.999);
    CHECK(s2.overlay(OverlayKind::nudge) == nullptr);
    s2.tick(45);
    CHECK(s2.decided_now(DecisionKind::deliver, OverlayKind::nudge, Reason::deferral_bound));
  }
}

TEST_CASE("motion hides cards and prompts, keeps the ring, they resume when it settles",
          "[scheduler][motion][friction]") {
  tw::Policy p = sim::quiet_policy();
  tw::Budget b;
  b.id = "feed";
  b.scope = tw::BudgetScope::app;
  b.target = "feed";
  b.limit_s = 30;
  b.warn_at = {};
  b.at_limit = tw::LimitAction::friction;
  p.budgets = {b};
  p.friction.pause_s = 10;
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "feed")});
  sim.tick(30);
  REQUIRE(sim.overlay(OverlayKind::friction_prompt) != nullptr);
  const int32_t exercise = sim.overlay(OverlayKind::friction_prompt)->exercise;
  sim.tick(33, {sim.motion(33, 1.5f)});
  CHECK(sim.overlay(OverlayKind::friction_prompt) == nullptr);
  CHECK(sim.overlay(OverlayKind::budget_ring) != nullptr);
  CHECK(sim.decided_now(DecisionKind::hide, OverlayKind::friction_prompt, Reason::motion_walking));
  CHECK(sim.decided_now(DecisionKind::state, OverlayKind::protect_indicator, Reason::motion_walking));

  sim.tick(37, {sim.motion(37, 0.2f, 150.f)});  // now turning fast
  CHECK(sim.overlay(OverlayKind::friction_prompt) == nullptr);
  sim.tick(40, {sim.motion(40, 0.1f, 5.f)});
  sim.tick(41.9);
  CHECK(sim.overlay(OverlayKind::friction_prompt) == nullptr);
  sim.tick(42);
  const tw::Overlay* prompt = sim.overlay(OverlayKind::friction_prompt);
  REQUIRE(prompt != nullptr);
  CHECK(prompt->countdown_s == 7);  // 3 s shown before the walk; the pause kept
  CHECK(prompt->exercise == exercise);
  CHECK(sim.decided_now(DecisionKind::show, OverlayKind::friction_prompt, Reason::motion_settled));
  sim.tick(48);
  CHECK(sim.overlay(OverlayKind::friction_prompt)->countdown_s == 1);
  sim.tick(49);
  CHECK(sim.overlay(OverlayKind::friction_prompt)->bypass_available);
}

TEST_CASE("a nudge delivered at its bound while walking shows once motion settles",
          "[scheduler][motion][deferral]") {
  tw::Policy p = sim::quiet_policy();
  p.deferral.max_defer_s = 5;
  sim::Sim sim(p);
  sim.tick(0, {sim.motion(0, 2.0f), sim.nudge(0, 5)});
  sim.tick(5);
  CHECK(sim.decided_now(DecisionKind::deliver, OverlayKind::nudge, Reason::deferral_bound));
  CHECK(sim.overlay(OverlayKind::nudge) == nullptr);
  sim.tick(30, {sim.motion(30, 0.f)});
  sim.tick(32);
  REQUIRE(sim.overlay(OverlayKind::nudge) != nullptr);
  CHECK(sim.decided_now(DecisionKind::show, OverlayKind::nudge, Reason::motion_settled));
  sim.tick(41.9);
  CHECK(sim.overlay(OverlayKind::nudge) != nullptr);  // 10 s of visible time
  sim.tick(42);
  CHECK(sim.overlay(OverlayKind::nudge) == nullptr);
}
