// panel_fixtures.hpp: one realistic Overlay per panel kind plus the Policy
// and names they refer to, shared by the render tests and the benchmark.
#pragma once

#include <algorithm>

#include "core/interner.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "core/scheduler/exercise_course.hpp"
#include "render/panel_content.hpp"

namespace tw::test {

struct PanelFixture {
  Policy policy;
  Interner apps, categories;
  AppId feed = kNoId, chat = kNoId;
  CategoryId social = kNoId;

  PanelFixture() {
    policy.time_value.hourly_value = 24.0;
    policy.time_value.currency = "EUR";
    Budget social_budget;
    social_budget.id = "social-daily";
    social_budget.target = "social";
    social_budget.limit_s = 30 * 60;
    social_budget.at_limit = LimitAction::friction;
    policy.budgets.push_back(social_budget);
    policy.friction.pause_s = 10;
    Exercise breathe;
    breathe.id = "breathe";
    breathe.text = "Breathe in for four counts, hold for four, out for six. What did you come here to do?";
    policy.friction.exercises.push_back(breathe);  // 3 breaths: locked 30 s
    Exercise wait{.id = "wait", .kind = ExerciseKind::wait, .text = "Half a minute, then decide.", .wait_s = 30};
    policy.friction.exercises.push_back(wait);
    policy.friction.exercises.push_back({.id = "why", .kind = ExerciseKind::intention,
                                         .text = "What did you open this for?"});
    policy.friction.exercises.push_back({.id = "instead", .kind = ExerciseKind::alternative,
                                         .text = "Something else for these minutes?"});
    policy.friction.intentions = {"reply to Ana", "check the train times", "look up a recipe",
                                  "nothing, just habit"};
    FillItem word;
    word.id = "es-1";
    word.kind = FillKind::vocabulary;
    word.title = "la tranquilidad";
    word.body = "calm, peace of mind. \"Busco un poco de tranquilidad.\" I'm looking for a bit of calm.";
    policy.idle.items.push_back(word);
    policy.idle.items.push_back({.id = "stretch", .kind = FillKind::note, .title = "Stretch your shoulders", .body = ""});
    policy.idle.items.push_back({.id = "call", .kind = FillKind::note, .title = "Call Grandma back", .body = ""});
    policy.idle.items.push_back({.id = "read", .kind = FillKind::note, .title = "Read two pages of your book", .body = ""});
    ProtectedWindow sleep;
    sleep.name = "Sleep";
    sleep.kind = WindowKind::sleep;
    sleep.start = 23 * 60;
    sleep.end = 7 * 60;
    sleep.wind_down_min = 30;
    sleep.block_categories = {"social"};
    policy.windows.push_back(sleep);
    feed = apps.intern("com.example.feed");
    chat = apps.intern("Messages");
    social = categories.intern("social");
  }

  Overlay overlay(OverlayKind kind) const {
    Overlay o;
    o.kind = kind;
    o.app = feed;
    o.category = social;
    o.cost_today = 3.4 + 1.0 / 3.0;
    switch (kind) {
      case OverlayKind::budget_ring:
        o.reason = Reason::budget_tracking;
        o.budget = 0; o.used_s = 18 * 60 + 20; o.limit_s = 30 * 60; o.remaining_s = 11 * 60 + 40;
        break;
      case OverlayKind::warning:
        o.reason = Reason::budget_warn_fraction;
        o.budget = 0; o.used_s = 24 * 60; o.limit_s = 30 * 60; o.remaining_s = 6 * 60;
        break;
      case OverlayKind::friction_prompt:
        o.reason = Reason::budget_reached;
        // 23 s into the 30 s of breathing: the third breath, breathing in.
        o.budget = 0; o.exercise = 0; o.exercise_ms = 23'000; o.countdown_s = 7; o.bypass_available = true;
        break;
      case OverlayKind::block_shield:
        o.reason = Reason::sleep_window; o.window = 0;
        break;
      case OverlayKind::protect_indicator:
        o.reason = Reason::focus_window;
        o.app = kNoId; o.category = kNoId;
        break;
      case OverlayKind::fill_card:
        o.reason = Reason::idle_fill_default; o.fill_item = 0;
        break;
      case OverlayKind::wind_down:
        o.reason = Reason::wind_down; o.window = 0; o.countdown_s = 25 * 60;
        break;
      case OverlayKind::daily_summary:
        o.reason = Reason::day_end_summary; o.used_s = 2 * 3600 + 14 * 60 + 30; o.cost_today = 53.8;
        o.app = kNoId; o.category = kNoId;
        break;
      case OverlayKind::nudge:
        o.reason = Reason::breakpoint_app_switch; o.app = chat; o.category = kNoId; o.nudge_id = 7;
        break;
    }
    return o;
  }

  // The friction prompt showing exercise `index`, `exercise_ms` into it: the
  // countdown as the core computes it (exercise_course.hpp).
  Overlay exercise_overlay(int32_t index, int64_t exercise_ms) const {
    Overlay o = overlay(OverlayKind::friction_prompt);
    o.exercise = index;
    o.exercise_ms = exercise_ms;
    o.countdown_s = std::max<int64_t>(0, (unlock_after_ms(policy, index) - exercise_ms + 999) / 1000);
    o.bypass_available = o.countdown_s == 0;
    o.rows = static_cast<uint8_t>(exercise_rows(policy, index));
    return o;
  }

  PanelContent content(OverlayKind kind, Theme theme) const {
    return make_panel_content(overlay(kind), policy, apps, categories, theme);
  }
};

inline constexpr OverlayKind kAllKinds[] = {
    OverlayKind::budget_ring,  OverlayKind::protect_indicator, OverlayKind::warning,
    OverlayKind::friction_prompt, OverlayKind::block_shield,   OverlayKind::fill_card,
    OverlayKind::wind_down,    OverlayKind::daily_summary,     OverlayKind::nudge};

}  // namespace tw::test
