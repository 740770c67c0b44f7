// time_rules.hpp: does a weekly time rule hold at a local weekday and minute?
//
// What it does: the one definition of "inside a window" shared by protected
// windows, idle rules, youth night and the wind-down lead-in. A range
// [start, end) whose end is not after its start wraps past midnight and
// belongs to the day it starts on (Friday 23:00..07:00 covers Saturday 05:00).
// What it does not do: time zones; callers pass the local weekday and minute.
//
//   bool in = tw::in_weekly_range(tw::kEveryDay, 23 * 60, 7 * 60, weekday, minute);
#pragma once

#include <cstdint>

#include "core/policy.hpp"

namespace tw {

inline bool day_in(WeekdayMask days, int weekday) { return (days >> weekday) & 1u; }

// start == end means the whole day (an idle rule naming days but no times).
inline bool in_weekly_range(WeekdayMask days, MinuteOfDay start, MinuteOfDay end, int weekday,
                            int minute) {
  if (start == end) return day_in(days, weekday);
  if (start < end) return day_in(days, weekday) && minute >= start && minute < end;
  const int yesterday = (weekday + 6) % 7;
  return (day_in(days, weekday) && minute >= start) || (day_in(days, yesterday) && minute < end);
}

// Minutes until the next start of a window (1..1440), for wind-down; the
// window must start on the day it is reached.
inline int minutes_until_start(WeekdayMask days, MinuteOfDay start, int weekday, int minute) {
  const bool today = minute < start;
  const int delta = today ? start - minute : start + 1440 - minute;
  const int start_day = today ? weekday : (weekday + 1) % 7;
  return day_in(days, start_day) ? delta : 1441;
}

}  // namespace tw
