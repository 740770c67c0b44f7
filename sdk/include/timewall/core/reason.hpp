// reason.hpp: machine-readable reasons attached to every overlay and decision.
//
// The names are stable: they appear in `timewall replay` output and in the
// ledger, so values are only ever appended, never renamed or reordered.
#pragma once

#include <cstdint>
#include <string_view>

namespace tw {

enum class Reason : uint8_t {
  none,
  budget_tracking,         // ring: a budget applies to the focused app
  budget_warn_fraction,    // a warn_at fraction was crossed
  budget_reached,          // used == limit
  bypass_granted,          // "continue anyway" within max_extensions
  bypass_exhausted,        // no extension left
  sleep_window,
  wind_down,
  focus_window,
  schedule_window,
  reclaimed_time,          // the rest of a slot finished early
  idle_fill_context,       // fill chosen by a context rule
  idle_fill_schedule,      // fill chosen by a time rule
  idle_fill_default,
  idle_protect_context,
  idle_protect_schedule,
  idle_protect_default,
  idle_protect_window,     // a protected window turns fills off
  in_conversation,
  motion_walking,
  motion_turning,
  motion_settled,
  breakpoint_app_switch,
  breakpoint_idle_start,
  breakpoint_motion_pause,
  deferral_bound,          // held max_defer_s: delivered anyway
  urgent,
  youth_daily_cap,
  youth_night,
  away,
  back,
  worn,
  not_worn,
  day_end_summary,
  awaiting_breakpoint,     // a non-urgent nudge is held for the next breakpoint
  pause_not_over,          // "continue anyway" before the friction countdown ended
  prompt_left,             // the wearer took the easy way out of a friction prompt
  block_left,              // the wearer chose "leave" on a block shield: the host ends the app's session
  extension_requested,     // "extend" on a block: a friction prompt whose "continue" grants the extension
  dismissed,               // the wearer put a nudge or fill card away
  not_offered,             // an answer to a card that is not up, or does not offer that button
  picked,                  // the wearer picked a row of a friction exercise (an intention, or a fill
                           // item instead: its fill card shows)
};

std::string_view to_string(Reason reason) noexcept;

}  // namespace tw
