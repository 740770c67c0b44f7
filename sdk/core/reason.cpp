#include "core/reason.hpp"

namespace tw {

std::string_view to_string(Reason reason) noexcept {
  switch (reason) {
    case Reason::none: return "none";
    case Reason::budget_tracking: return "budget_tracking";
    case Reason::budget_warn_fraction: return "budget_warn_fraction";
    case Reason::budget_reached: return "budget_reached";
    case Reason::bypass_granted: return "bypass_granted";
    case Reason::bypass_exhausted: return "bypass_exhausted";
    case Reason::sleep_window: return "sleep_window";
    case Reason::wind_down: return "wind_down";
    case Reason::focus_window: return "focus_window";
    case Reason::schedule_window: return "schedule_window";
    case Reason::reclaimed_time: return "reclaimed_time";
    case Reason::idle_fill_context: return "idle_fill_context";
    case Reason::idle_fill_schedule: return "idle_fill_schedule";
    case Reason::idle_fill_default: return "idle_fill_default";
    case Reason::idle_protect_context: return "idle_protect_context";
    case Reason::idle_protect_schedule: return "idle_protect_schedule";
    case Reason::idle_protect_default: return "idle_protect_default";
    case Reason::idle_protect_window: return "idle_protect_window";
    case Reason::in_conversation: return "in_conversation";
    case Reason::motion_walking: return "motion_walking";
    case Reason::motion_turning: return "motion_turning";
    case Reason::motion_settled: return "motion_settled";
    case Reason::breakpoint_app_switch: return "breakpoint_app_switch";
    case Reason::breakpoint_idle_start: return "breakpoint_idle_start";
    case Reason::breakpoint_motion_pause: return "breakpoint_motion_pause";
    case Reason::deferral_bound: return "deferral_bound";
    case Reason::urgent: return "urgent";
    case Reason::youth_daily_cap: return "youth_daily_cap";
    case Reason::youth_night: return "youth_night";
    case Reason::away: return "away";
    case Reason::back: return "back";
    case Reason::worn: return "worn";
    case Reason::not_worn: return "not_worn";
    case Reason::day_end_summary: return "day_end_summary";
    case Reason::awaiting_breakpoint: return "awaiting_breakpoint";
    case Reason::pause_not_over: return "pause_not_over";
    case Reason::prompt_left: return "prompt_left";
    case Reason::block_left: return "block_left";
    case Reason::extension_requested: return "extension_requested";
    case Reason::dismissed: return "dismissed";
    case Reason::not_offered: return "not_offered";
    case Reason::picked: return "picked";
  }
  return "unknown";
}

}  // namespace tw
