#include "story.hpp"

#include <algorithm>
#include <cstdio>

namespace tw::cli {

namespace {

constexpr const char* kWeekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};

struct Part {
  int from_hour;
  const char* name;
};
constexpr Part kParts[] = {{0, "night"}, {6, "morning"}, {12, "midday"}, {14, "afternoon"}, {18, "evening"}, {22, "night"}};

int part_of(int hour) {
  int p = 0;
  for (int i = 0; i < 6; ++i)
    if (hour >= kParts[i].from_hour) p = i;
  return p;
}

// The overlay a decision is about, among those visible on its tick.
const Overlay* find_overlay(const Decision& d, std::span<const Overlay> visible) {
  for (const Overlay& o : visible)
    if (o.kind == d.overlay && (d.app == kNoId || o.app == d.app) && (d.budget < 0 || o.budget == d.budget))
      return &o;
  return nullptr;
}

std::string minutes(int64_t s) {
  char buf[32];
  if (s >= 60 || s == 0) std::snprintf(buf, sizeof buf, "%lld min", static_cast<long long>((s + 30) / 60));
  else std::snprintf(buf, sizeof buf, "%lld s", static_cast<long long>(s));
  return buf;
}

}  // namespace

std::string_view explain(Reason r) noexcept {
  switch (r) {
    case Reason::none: return "";
    case Reason::budget_tracking: return "a budget counts this app";
    case Reason::budget_warn_fraction: return "a warning step of the budget is used";
    case Reason::budget_reached: return "the budget is used up";
    case Reason::bypass_granted: return "continue anyway, within today's extensions";
    case Reason::bypass_exhausted: return "no extension left today";
    case Reason::sleep_window: return "sleep window";
    case Reason::wind_down: return "bedtime is near";
    case Reason::focus_window: return "focus block";
    case Reason::schedule_window: return "a protected schedule";
    case Reason::reclaimed_time: return "task done early: the rest of the slot is protected";
    case Reason::idle_fill_context: return "idle moment, and this context is for filling";
    case Reason::idle_fill_schedule: return "idle moment, and this time of day is for filling";
    case Reason::idle_fill_default: return "idle moment, filled by default";
    case Reason::idle_protect_context: return "idle moment, and this context is protected";
    case Reason::idle_protect_schedule: return "idle moment, and this time of day is protected";
    case Reason::idle_protect_default: return "idle moment, protected by default";
    case Reason::idle_protect_window: return "idle moment inside a protected window";
    case Reason::in_conversation: return "in conversation";
    case Reason::motion_walking: return "walking";
    case Reason::motion_turning: return "turning fast";
    case Reason::motion_settled: return "motion settled";
    case Reason::breakpoint_app_switch: return "a breakpoint: app switch";
    case Reason::breakpoint_idle_start: return "a breakpoint: an idle moment began";
    case Reason::breakpoint_motion_pause: return "a breakpoint: a pause in motion";
    case Reason::deferral_bound: return "waited the longest a nudge may wait";
    case Reason::urgent: return "urgent";
    case Reason::youth_daily_cap: return "youth daily cap";
    case Reason::youth_night: return "youth night window";
    case Reason::away: return "no interaction for a while";
    case Reason::back: return "interaction again";
    case Reason::worn: return "glasses on";
    case Reason::not_worn: return "glasses off";
    case Reason::day_end_summary: return "the day ended";
    case Reason::awaiting_breakpoint: return "waiting for a breakpoint";
    case Reason::pause_not_over: return "the pause is not over yet";
    case Reason::prompt_left: return "the wearer took the easy way out";
    case Reason::block_left: return "the wearer chose to leave the blocked app";
    case Reason::extension_requested: return "the wearer asked for more time: a friction prompt first";
    case Reason::dismissed: return "the wearer put the card away";
    case Reason::not_offered: return "that card or button is not up";
    case Reason::picked: return "the wearer picked a row of the exercise";
  }
  return "";
}

std::string Story::app_name(AppId app) const {
  const std::string_view n = apps_.name(app);
  return n.empty() ? std::string("-") : std::string(n);
}

std::string Story::budget_name(int32_t b) const {
  return b >= 0 && static_cast<size_t>(b) < policy_.budgets.size() ? policy_.budgets[static_cast<size_t>(b)].id
                                                                    : std::string();
}

int32_t Story::bypass_left(int32_t b, const Overlay& o) const {
  if (b < 0 || static_cast<size_t>(b) >= policy_.budgets.size()) return 1;  // a window prompt: always
  const Budget& pb = policy_.budgets[static_cast<size_t>(b)];
  const int64_t used = pb.extension_s > 0 ? (o.limit_s - pb.limit_s) / pb.extension_s : 0;
  return pb.max_extensions - static_cast<int32_t>(used);
}

std::string Story::money(double amount) const {
  // Integer cents, so the text never depends on the locale.
  const auto cents = static_cast<long long>(amount * 100.0 + 0.5);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%02lld %s", cents / 100, cents % 100, policy_.time_value.currency.c_str());
  return buf;
}

// A notification's card as the wearer reads it; "" for a host's own nudge.
std::string Story::notification(uint32_t nudge_id, bool delivered) const {
  if (!inbox_ || !is_notify_nudge(nudge_id)) return "";
  const InboxEntry* e = inbox_->find(notify_id_of(nudge_id));
  if (!e) return "";
  const Notification& n = e->content;
  if (!delivered) return "message from " + n.app_name + " held for a breakpoint";
  std::string text = "CARD from " + n.app_name + ": \"" + n.summary + "\"";
  for (size_t i = 0; i < n.actions.size() && i < kMaxCardActions; ++i) text += " [" + n.actions[i].label + "]";
  return text + " [dismiss]";
}

std::string Story::what(const Decision& d, const Overlay* o) const {
  const std::string app = app_name(d.app);
  const std::string budget = budget_name(d.budget);
  switch (d.kind) {
    case DecisionKind::state:
      switch (d.reason) {
        case Reason::motion_walking: return "walking: cards held, only the ring stays";
        case Reason::motion_turning: return "turning fast: cards held";
        case Reason::motion_settled: return "standing still: held cards may return";
        case Reason::away: return "away";
        case Reason::back: return "back";
        case Reason::worn: return "glasses on";
        case Reason::not_worn: return "glasses off";
        default: return "state";
      }
    case DecisionKind::fill:
      if (o && o->fill_item >= 0 && static_cast<size_t>(o->fill_item) < policy_.idle.items.size()) {
        const FillItem& it = policy_.idle.items[static_cast<size_t>(o->fill_item)];
        return "FILL card \"" + it.title + (it.body.empty() ? "" : ": " + it.body) + "\"";
      }
      return "FILL card";
    case DecisionKind::protect: return "PROTECT: nothing shown, nudges held";
    case DecisionKind::defer:
      if (d.overlay == OverlayKind::warning) return "warning for " + budget + " held for a breakpoint";
      if (std::string n = notification(d.nudge_id, false); !n.empty()) return n;
      return "nudge held for a breakpoint";
    case DecisionKind::deliver:
      if (d.overlay == OverlayKind::warning)
        return "WARNING " + budget + ": " + minutes(d.remaining_s) + " left";
      if (std::string n = notification(d.nudge_id, true); !n.empty()) return n;
      return o && o->nudge_id ? "NUDGE #" + std::to_string(o->nudge_id) + " delivered" : "NUDGE delivered";
    case DecisionKind::extend: return "continue anyway: BYPASS, " + budget + " now " + minutes(d.remaining_s) + " left";
    case DecisionKind::deny: return "continue anyway refused";
    case DecisionKind::update: return "";
    case DecisionKind::answer:
      // "continue anyway" and a prompt's "leave" are told by their extend, deny and hide lines.
      switch (d.answer) {
        case Answer::block_leave: return d.reason == Reason::block_left ? "LEAVE: the app's session ends" : "";
        case Answer::block_extend:
          return d.reason == Reason::extension_requested ? "EXTEND asked on the block of " + budget
                                                         : "extend refused";
        case Answer::nudge_dismiss:
        case Answer::fill_dismiss: return d.reason == Reason::dismissed ? "card dismissed" : "";
        case Answer::exercise_pick: return d.reason == Reason::picked ? "row " + std::to_string(d.row + 1) + " picked" : "";
        default: return "";
      }
    case DecisionKind::show:
    case DecisionKind::hide: break;
  }
  const bool show = d.kind == DecisionKind::show;
  if (d.overlay != OverlayKind::budget_ring && d.overlay != OverlayKind::protect_indicator) {
    if (show && d.reason == Reason::motion_settled) return std::string(to_string(d.overlay)) + " comes back";
    if (!show && (d.reason == Reason::motion_walking || d.reason == Reason::motion_turning))
      return std::string(to_string(d.overlay)) + " held: only the ring stays while moving";
  }
  switch (d.overlay) {
    case OverlayKind::budget_ring:
      if (!show) return "";
      if (o) return "ring on " + app + ": " + budget + " " + minutes(o->remaining_s) + " left, " +
                    money(o->cost_today) + " today";
      return "ring on " + app;
    case OverlayKind::protect_indicator: {
      // Idle protection is told by its PROTECT line; windows by their edges.
      if (d.reason != Reason::sleep_window && d.reason != Reason::focus_window && d.reason != Reason::schedule_window)
        return "";
      const std::string name = o && o->window >= 0 && static_cast<size_t>(o->window) < policy_.windows.size()
                                   ? " \"" + policy_.windows[static_cast<size_t>(o->window)].name + "\""
                                   : std::string();
      return show ? "PROTECTED WINDOW" + name + " begins: indicator on, fills off, nudges held"
                  : "protected window ends";
    }
    case OverlayKind::warning:
      // Warnings appear through their deliver decision; a shown one is a "notify" limit.
      return show && d.reason == Reason::budget_reached ? "NOTICE " + budget + " is used up" : "";
    case OverlayKind::friction_prompt:
      if (!show) return "friction prompt closes";
      if (o) {
        std::string s = "FRICTION PROMPT on " + app;
        if (o->exercise >= 0 && static_cast<size_t>(o->exercise) < policy_.friction.exercises.size())
          s += ": \"" + policy_.friction.exercises[static_cast<size_t>(o->exercise)].text + "\"";
        s += bypass_left(d.budget, *o) > 0 ? " (pause " + std::to_string(o->countdown_s) + " s, then leave or continue)"
                                           : " (leave; no continue left)";
        return s;
      }
      return "FRICTION PROMPT on " + app;
    case OverlayKind::block_shield: return show ? "BLOCK shield over " + app : "block shield over " + app + " lifts";
    case OverlayKind::fill_card: return show ? "" : "fill card goes";  // shown: told by its FILL line
    case OverlayKind::wind_down:
      if (!show) return "wind-down ends";
      return o ? "WIND-DOWN: " + minutes(o->countdown_s) + " to bedtime" : "WIND-DOWN";
    case OverlayKind::daily_summary:
      return show && o ? "DAILY SUMMARY: " + minutes(o->used_s) + " attended, " + money(o->cost_today)
                       : (show ? "DAILY SUMMARY" : "");
    case OverlayKind::nudge: return "";  // told by its deliver decision
  }
  return "";
}

// The scheduler's hide carries the reason the shield went up; the wearer
// wants to know why it came down. A window's shield lifts with the window
// (its indicator is gone; youth night: the clock left the night), a budget's
// or the youth cap's when its period turned over since it went up; otherwise
// the wearer left the app.
std::string Story::lift_reason(const Decision& d, std::span<const Overlay> visible) const {
  const auto up = std::find_if(shields_.begin(), shields_.end(), [&](const Shield& s) {
    return s.app == d.app && s.budget == d.budget && s.window == d.window;
  });
  const int64_t now_s = d.unix_ms / 1000;
  if (d.window >= 0 && static_cast<size_t>(d.window) < policy_.windows.size()) {
    const bool indicator = std::any_of(visible.begin(), visible.end(), [&](const Overlay& o) {
      return o.kind == OverlayKind::protect_indicator && o.window == d.window;
    });
    if (!indicator) return "the window \"" + policy_.windows[static_cast<size_t>(d.window)].name + "\" ended";
  }
  if (d.reason == Reason::youth_night) {
    const CivilTime c = tz_.to_local(now_s);
    const int m = c.hour * 60 + c.minute;
    const Youth& y = policy_.youth;
    const bool night = y.night_start < y.night_end ? m >= y.night_start && m < y.night_end
                                                   : m >= y.night_start || m < y.night_end;
    if (!night) return "the youth night window ended";
  }
  if (up != shields_.end() && (d.budget >= 0 || d.reason == Reason::youth_daily_cap)) {
    const int64_t then_s = up->shown_unix_ms / 1000;
    const bool weekly = d.budget >= 0 && static_cast<size_t>(d.budget) < policy_.budgets.size() &&
                        policy_.budgets[static_cast<size_t>(d.budget)].period == BudgetPeriod::weekly;
    if (weekly ? tz_.local_week_start(now_s) != tz_.local_week_start(then_s)
               : tz_.local_day_number(now_s) != tz_.local_day_number(then_s))
      return weekly ? "a new week: the budget period turned over" : "a new day: the budget period turned over";
  }
  return "the wearer left " + app_name(d.app);
}

void Story::add(const Decision& d, std::span<const Overlay> visible, std::string& out) {
  std::string text = what(d, find_overlay(d, visible));
  const bool lift = d.overlay == OverlayKind::block_shield && d.kind == DecisionKind::hide;
  if (lift) text += "  <- " + lift_reason(d, visible);
  if (d.overlay == OverlayKind::block_shield) {
    std::erase_if(shields_, [&](const Shield& s) {
      return s.app == d.app && s.budget == d.budget && s.window == d.window;
    });
    if (d.kind == DecisionKind::show) shields_.push_back({d.app, d.budget, d.window, d.unix_ms});
  }
  if (text.empty()) return;
  const CivilTime c = tz_.to_local(d.unix_ms / 1000);
  const int64_t day = tz_.local_day_number(d.unix_ms / 1000);
  const int part = part_of(c.hour);
  if (day != day_ || part != part_) {
    char head[96];
    std::snprintf(head, sizeof head, "\n%s %d %s, %s\n", kWeekdays[c.weekday], c.day, kMonths[c.month - 1],
                  kParts[part].name);
    out += head;
    day_ = day;
    part_ = part;
  }
  char stamp[16];
  std::snprintf(stamp, sizeof stamp, "  %02d:%02d:%02d  ", c.hour, c.minute, c.second);
  out += stamp;
  out += text;
  const std::string_view why = lift ? std::string_view() : explain(d.reason);
  if (!why.empty()) {
    out += "  <- ";
    out += why;
  }
  out += lift ? " [went up for " : " [";
  out += to_string(d.reason);
  out += "]\n";
}

}  // namespace tw::cli
