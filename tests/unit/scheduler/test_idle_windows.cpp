// Idle moments (fill / protect by rule), protected windows with wind-down,
// overlapping windows and reclaimed time.
#include "tw_catch.hpp"

#include "sim.hpp"

using tw::DecisionKind;
using tw::OverlayKind;
using tw::Reason;
using tw::SignalKind;
using sim::kHour;
using sim::kMin;

namespace {

tw::Policy idle_policy() {
  tw::Policy p = sim::quiet_policy();
  p.idle.min_idle_s = 20;
  p.attention.afk_after_s = 120;
  p.idle.default_mode = tw::IdleMode::protect;
  tw::IdleRule waiting;
  waiting.match_context = true;
  waiting.context = static_cast<uint8_t>(tw::Context::waiting);
  waiting.mode = tw::IdleMode::fill;
  tw::IdleRule morning;
  morning.match_time = true;
  morning.start = 8 * 60;
  morning.end = 9 * 60;
  morning.mode = tw::IdleMode::fill;
  p.idle.rules = {waiting, morning};
  return p;
}

}  // namespace

TEST_CASE("idle moment: default protect after min_idle_s, fill at once when waiting",
          "[scheduler][idle]") {
  sim::Sim sim(idle_policy());
  sim.tick(0, {sim.focus(0, "chat")});
  sim.tick(19);
  CHECK(sim.overlay(OverlayKind::protect_indicator) == nullptr);
  sim.tick(20);
  CHECK(sim.decided_now(DecisionKind::protect, OverlayKind::protect_indicator,
                        Reason::idle_protect_default));
  REQUIRE(sim.overlay(OverlayKind::protect_indicator) != nullptr);
  CHECK(sim.overlay(OverlayKind::protect_indicator)->reason == Reason::idle_protect_default);
  sim.tick(25, {sim.sig(25, SignalKind::interaction)});
  CHECK(sim.overlay(OverlayKind::protect_indicator) == nullptr);

  sim.tick(30, {sim.hint(30, tw::Context::waiting)});
  CHECK(sim.decided_now(DecisionKind::fill, OverlayKind::fill_card, Reason::idle_fill_context));
  const tw::Overlay* card = sim.overlay(OverlayKind::fill_card);
  REQUIRE(card != nullptr);
  CHECK(card->fill_item == 0);
  sim.tick(35, {sim.sig(35, SignalKind::interaction)});
  CHECK(sim.overlay(OverlayKind::fill_card) == nullptr);
  sim.tick(55);  // 20 s after the interaction, still waiting: the next item
  REQUIRE(sim.overlay(OverlayKind::fill_card) != nullptr);
  CHECK(sim.overlay(OverlayKind::fill_card)->fill_item == 1);

  SECTION("a conversation turns a fill into protect") {
    sim.tick(56, {sim.hint(56, tw::Context::in_conversation)});
    CHECK(sim.overlay(OverlayKind::fill_card) == nullptr);
    CHECK(sim.decided_now(DecisionKind::protect, OverlayKind::protect_indicator, Reason::in_conversation));
    CHECK(sim.overlay(OverlayKind::protect_indicator)->reason == Reason::in_conversation);
  }
}

TEST_CASE("idle moment: a time rule fills, never fill while moving or in conversation",
          "[scheduler][idle]") {
  sim::Sim sim(idle_policy());
  SECTION("08:00-09:00 rule") {
    const double t0 = 8 * kHour + 10 * kMin;
    sim.tick(t0, {sim.focus(t0, "chat")});
    sim.tick(t0 + 20);
    CHECK(sim.decided_now(DecisionKind::fill, OverlayKind::fill_card, Reason::idle_fill_schedule));
  }
  SECTION("outside the rule's hours: default protect") {
    const double t0 = 9 * kHour;
    sim.tick(t0, {sim.focus(t0, "chat")});
    sim.tick(t0 + 20);
    CHECK(sim.decided_now(DecisionKind::protect, OverlayKind::protect_indicator,
                          Reason::idle_protect_default));
  }
  SECTION("walking") {
    sim.tick(0, {sim.focus(0, "chat"), sim.motion(0, 1.4f)});
    sim.tick(1, {sim.hint(1, tw::Context::waiting)});
    CHECK(sim.decided_now(DecisionKind::protect, OverlayKind::protect_indicator, Reason::motion_walking));
    CHECK(sim.overlay(OverlayKind::fill_card) == nullptr);
  }
  SECTION("in conversation") {
    tw::Policy p = idle_policy();
    p.idle.default_mode = tw::IdleMode::fill;
    sim::Sim s2(p);
    s2.tick(0, {s2.focus(0, "chat"), s2.hint(0, tw::Context::in_conversation)});
    s2.tick(20);
    CHECK(s2.decided_now(DecisionKind::protect, OverlayKind::protect_indicator, Reason::in_conversation));
  }
}

namespace {

tw::Policy window_policy() {
  tw::Policy p = sim::quiet_policy();
  tw::ProtectedWindow sleep;
  sleep.name = "sleep";
  sleep.kind = tw::WindowKind::sleep;
  sleep.days = 0x01;  // Monday nights only
  sleep.start = 23 * 60;
  sleep.end = 7 * 60;
  sleep.wind_down_min = 30;
  sleep.block_categories = {"social"};
  tw::ProtectedWindow focus;
  focus.name = "deep work";
  focus.kind = tw::WindowKind::focus;
  focus.start = 9 * 60;
  focus.end = 11 * 60;
  focus.block_categories = {"social"};
  focus.friction_categories = {"video"};
  tw::ProtectedWindow dinner;
  dinner.name = "games off";
  dinner.kind = tw::WindowKind::schedule;
  dinner.start = 10 * 60;
  dinner.end = 12 * 60;
  dinner.block_categories = {"games"};
  p.windows = {sleep, focus, dinner};
  return p;
}

}  // namespace

TEST_CASE("sleep window: wind-down before bedtime, wraps midnight, only on its days",
          "[scheduler][windows]") {
  sim::Sim sim(window_policy());
  sim.tick(22 * kHour + 29 * kMin, {sim.focus(22 * kHour + 29 * kMin, "feed")});
  CHECK(sim.overlay(OverlayKind::wind_down) == nullptr);
  sim.tick(22 * kHour + 30 * kMin);
  const tw::Overlay* wd = sim.overlay(OverlayKind::wind_down);
  REQUIRE(wd != nullptr);
  CHECK(wd->countdown_s == 30 * 60);
  CHECK(wd->window == 0);
  sim.tick(22 * kHour + 40 * kMin + 30);
  CHECK(sim.overlay(OverlayKind::wind_down)->countdown_s == 19 * 60 + 30);
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);

  sim.tick(23 * kHour);
  CHECK(sim.overlay(OverlayKind::wind_down) == nullptr);
  REQUIRE(sim.overlay(OverlayKind::block_shield) != nullptr);
  CHECK(sim.overlay(OverlayKind::block_shield)->reason == Reason::sleep_window);
  CHECK(sim.overlay(OverlayKind::protect_indicator)->reason == Reason::sleep_window);

  sim.tick(24 * kHour + 6 * kHour + 59 * kMin);  // Tuesday 06:59: Monday's night still
  CHECK(sim.overlay(OverlayKind::block_shield) != nullptr);
  sim.tick(24 * kHour + 7 * kHour);
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
  CHECK(sim.overlay(OverlayKind::protect_indicator) == nullptr);
  sim.tick(24 * kHour + 22 * kHour + 45 * kMin);  // Tuesday: no wind-down, no window
  CHECK(sim.overlay(OverlayKind::wind_down) == nullptr);
  sim.tick(24 * kHour + 23 * kHour + 30 * kMin);
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
}

TEST_CASE("overlapping windows apply together, nudges wait until they end",
          "[scheduler][windows][deferral]") {
  sim::Sim sim(window_policy());
  const double t = 10 * kHour + 30 * kMin;  // focus (9-11) and games off (10-12) both active
  sim.tick(t, {sim.focus(t, "feed")});
  REQUIRE(sim.overlay(OverlayKind::block_shield) != nullptr);
  CHECK(sim.overlay(OverlayKind::block_shield)->reason == Reason::focus_window);
  sim.tick(t + 1, {sim.focus(t + 1, "game")});
  REQUIRE(sim.overlay(OverlayKind::block_shield) != nullptr);
  CHECK(sim.overlay(OverlayKind::block_shield)->reason == Reason::schedule_window);
  sim.tick(t + 2, {sim.focus(t + 2, "video")});
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
  REQUIRE(sim.overlay(OverlayKind::friction_prompt) != nullptr);
  CHECK(sim.overlay(OverlayKind::friction_prompt)->reason == Reason::focus_window);
  CHECK(sim.overlay(OverlayKind::protect_indicator)->window == 1);  // the first active window

  // Continue anyway on a window prompt: allowed for this visit to the app.
  sim.tick(t + 20, {sim.sig(t + 20, SignalKind::continue_anyway)});
  CHECK(sim.decided_now(DecisionKind::extend, OverlayKind::friction_prompt, Reason::bypass_granted));
  CHECK(sim.overlay(OverlayKind::friction_prompt) == nullptr);

  sim.tick(t + 30, {sim.nudge(t + 30, 7)});
  CHECK(sim.decided_now(DecisionKind::defer, OverlayKind::nudge, Reason::focus_window));
  sim.tick(t + 40, {sim.focus(t + 40, "chat")});  // a breakpoint, but inside a window
  CHECK(sim.overlay(OverlayKind::nudge) == nullptr);

  const double eleven_thirty = 11 * kHour + 30 * kMin;
  sim.tick(eleven_thirty, {sim.focus(eleven_thirty, "game")});
  CHECK(sim.overlay(OverlayKind::block_shield)->reason == Reason::schedule_window);
  CHECK(sim.overlay(OverlayKind::nudge) == nullptr);
  sim.tick(12 * kHour);
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
  CHECK(sim.decided_now(DecisionKind::deliver, OverlayKind::nudge, Reason::deferral_bound));
  REQUIRE(sim.overlay(OverlayKind::nudge) != nullptr);
  CHECK(sim.overlay(OverlayKind::nudge)->nudge_id == 7);
}

TEST_CASE("protected windows turn fills off", "[scheduler][windows][idle]") {
  tw::Policy p = window_policy();
  p.idle.min_idle_s = 20;
  p.attention.afk_after_s = 120;
  p.idle.default_mode = tw::IdleMode::fill;
  sim::Sim sim(p);
  const double t = 9 * kHour + 59 * kMin + 50;
  sim.tick(t, {sim.focus(t, "chat")});
  sim.tick(t + 20);
  CHECK(sim.decided_now(DecisionKind::protect, OverlayKind::protect_indicator, Reason::idle_protect_window));
  CHECK(sim.overlay(OverlayKind::fill_card) == nullptr);

  SECTION("a fill running into a window becomes protect") {
    const double u = 8 * kHour + 59 * kMin + 30;
    sim::Sim s2(p);
    s2.tick(u, {s2.focus(u, "chat")});
    s2.tick(u + 20);
    CHECK(s2.overlay(OverlayKind::fill_card) != nullptr);
    s2.tick(9 * kHour);
    CHECK(s2.overlay(OverlayKind::fill_card) == nullptr);
    CHECK(s2.decided_now(DecisionKind::protect, OverlayKind::protect_indicator, Reason::idle_protect_window));
  }
}

TEST_CASE("reclaimed time blocks the listed categories until the planned end",
          "[scheduler][reclaim]") {
  tw::Policy p = sim::quiet_policy();
  p.reclaim.protect_categories = {"social"};
  sim::Sim sim(p);
  const double t = 14 * kHour;
  tw::Signal done = sim.sig(t, SignalKind::task_done);
  done.planned_end_unix_ms = sim.ms(t + 30 * kMin);
  sim.tick(t, {sim.focus(t, "feed"), done});
  REQUIRE(sim.overlay(OverlayKind::block_shield) != nullptr);
  CHECK(sim.overlay(OverlayKind::block_shield)->reason == Reason::reclaimed_time);
  CHECK(sim.overlay(OverlayKind::protect_indicator)->reason == Reason::reclaimed_time);
  sim.tick(t + 1, {sim.focus(t + 1, "chat")});
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);  // other categories are fine
  sim.tick(t + 2, {sim.focus(t + 2, "feed")});
  sim.tick(t + 30 * kMin - 0.001);
  CHECK(sim.overlay(OverlayKind::block_shield) != nullptr);
  sim.tick(t + 30 * kMin);
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
  CHECK(sim.overlay(OverlayKind::protect_indicator) == nullptr);
  CHECK(sim.decided_now(DecisionKind::hide, OverlayKind::block_shield, Reason::reclaimed_time));

  SECTION("a planned end already past protects nothing") {
    tw::Signal late = sim.sig(t + 31 * kMin, SignalKind::task_done);
    late.planned_end_unix_ms = sim.ms(t + 20 * kMin);
    sim.tick(t + 31 * kMin, {late});
    CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
  }
}
