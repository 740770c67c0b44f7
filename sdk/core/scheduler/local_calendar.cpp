#include "core/scheduler/local_calendar.hpp"

namespace tw {
namespace {

// Floor division: Unix times before 1970 still land in the right minute.
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

void LocalCalendar::reset(int64_t unix_ms) {
  const int64_t s = floor_div(unix_ms, 1000);
  day_start_s_ = tz_.local_day_start(s);
  next_day_start_s_ = tz_.next_local_day_start(s);
  week_start_s_ = tz_.local_week_start(s);
  day_number_ = tz_.local_day_number(s);
  cached_utc_minute_ = std::numeric_limits<int64_t>::min();
  move_to(unix_ms);
}

void LocalCalendar::move_to(int64_t unix_ms) {
  const int64_t s = floor_div(unix_ms, 1000);
  const int64_t minute = floor_div(s, 60);
  second_ = static_cast<int>(s - minute * 60);
  if (minute == cached_utc_minute_) return;
  cached_utc_minute_ = minute;
  const CivilTime c = tz_.to_local(minute * 60);
  weekday_ = c.weekday;
  minute_of_day_ = c.hour * 60 + c.minute;
}

}  // namespace tw
