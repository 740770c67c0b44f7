// local_calendar.hpp: the wearer's local day, week and time of day, cached.
//
// What it does: follows a moving Unix time and answers, without calling the
// TimeZone on every tick, which local day and week it is in, when the next
// local midnight is, and the local weekday and minute of day. Day and week
// boundaries come from tw::TimeZone, so a DST day is 23 or 25 hours long.
// The local minute is recomputed only when the UTC minute changes (zone
// offsets are whole minutes), so a steady-state tick makes no TimeZone call.
// What it does not do: read a clock or decide anything.
//
//   tw::LocalCalendar cal(tz);
//   cal.reset(now.unix_ms);
//   if (now.unix_ms >= cal.next_day_start_ms()) { /* roll the day */ cal.reset(now.unix_ms); }
//   cal.move_to(now.unix_ms); int m = cal.minute_of_day();
#pragma once

#include <cstdint>
#include <limits>
#include <utility>

#include "core/timezone.hpp"

namespace tw {

class LocalCalendar {
 public:
  explicit LocalCalendar(TimeZone tz) : tz_(std::move(tz)) {}

  // Recomputes the day and week containing unix_ms.
  void reset(int64_t unix_ms);
  // Updates weekday/minute/second for unix_ms (cheap within one UTC minute).
  void move_to(int64_t unix_ms);

  const TimeZone& zone() const { return tz_; }
  int64_t day_start_ms() const { return day_start_s_ * 1000; }
  int64_t next_day_start_ms() const { return next_day_start_s_ * 1000; }
  int64_t week_start_ms() const { return week_start_s_ * 1000; }
  int64_t day_number() const { return day_number_; }
  int weekday() const { return weekday_; }              // 0 = Monday
  int minute_of_day() const { return minute_of_day_; }  // 0..1439
  int second_of_minute() const { return second_; }

 private:
  TimeZone tz_;
  int64_t day_start_s_ = 0;
  int64_t next_day_start_s_ = 0;
  int64_t week_start_s_ = 0;
  int64_t day_number_ = 0;
  int64_t cached_utc_minute_ = std::numeric_limits<int64_t>::min();
  int weekday_ = 0;
  int minute_of_day_ = 0;
  int second_ = 0;
};

}  // namespace tw
