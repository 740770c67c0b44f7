#include "core/timezone.hpp"

#include <algorithm>
#include <cstdio>

#include "core/civil_days.hpp"

namespace tw {
namespace {

constexpr int64_t kLimitS = int64_t{1} << 40;  // ~34,000 years: keeps years in int
constexpr int64_t kDayS = 86400;
// Offsets on both sides of a local time are sampled this far away. It exceeds
// the largest offset (26 h) and is shorter than the gap between any two real
// transitions with different offsets around a single wall time.
constexpr int64_t kSampleS = 2 * kDayS;
constexpr int32_t kMaxOffsetS = 26 * 3600;

int64_t clamp_s(int64_t s) { return std::clamp(s, -kLimitS, kLimitS); }

}  // namespace

TimeZone TimeZone::utc() { return fixed(0); }

TimeZone TimeZone::fixed(int32_t utc_offset_s) {
  TimeZone tz;
  tz.initial_offset_s_ = std::clamp(utc_offset_s, -kMaxOffsetS, kMaxOffsetS);
  if (tz.initial_offset_s_ == 0) {
    tz.name_ = "UTC";
    return tz;
  }
  const int32_t a = tz.initial_offset_s_ < 0 ? -tz.initial_offset_s_ : tz.initial_offset_s_;
  char buf[32];
  const int h = a / 3600;
  const int m = a / 60 % 60;
  const int s = a % 60;
  const char sign = tz.initial_offset_s_ < 0 ? '-' : '+';
  if (s != 0) {
    std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d:%02d", sign, h, m, s);
  } else {
    std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", sign, h, m);
  }
  tz.name_ = buf;
  return tz;
}

int32_t TimeZone::utc_offset_s(int64_t unix_s) const {
  unix_s = clamp_s(unix_s);
  if (has_rule_ && unix_s >= rule_from_s_) return rule_.utc_offset_s(unix_s);
  // The last transition at or before unix_s.
  const auto it = std::upper_bound(
      transitions_.begin(), transitions_.end(), unix_s,
      [](int64_t t, const Transition& tr) { return t < tr.at_unix_s; });
  return it == transitions_.begin() ? initial_offset_s_ : std::prev(it)->offset_s;
}

CivilTime TimeZone::to_local(int64_t unix_s) const {
  unix_s = clamp_s(unix_s);
  const int32_t off = utc_offset_s(unix_s);
  const int64_t local = unix_s + off;
  const int64_t days = floor_div(local, kDayS);
  const int64_t sod = local - days * kDayS;
  const CivilDate d = civil_from_days(days);
  CivilTime c;
  c.year = static_cast<int>(d.year);
  c.month = d.month;
  c.day = d.day;
  c.hour = static_cast<int>(sod / 3600);
  c.minute = static_cast<int>(sod / 60 % 60);
  c.second = static_cast<int>(sod % 60);
  c.weekday = weekday_from_days(days);
  c.utc_offset_s = off;
  return c;
}

int64_t TimeZone::local_day_number(int64_t unix_s) const {
  unix_s = clamp_s(unix_s);
  return floor_div(unix_s + utc_offset_s(unix_s), kDayS);
}

int64_t TimeZone::resolve_local(int64_t local_s, bool for_day_start) const {
  const int32_t before = utc_offset_s(local_s - kSampleS);
  const int32_t after = utc_offset_s(local_s + kSampleS);
  const int64_t u_before = local_s - before;
  const int64_t u_after = local_s - after;
  const bool ok_before = utc_offset_s(u_before) == before;
  const bool ok_after = utc_offset_s(u_after) == after;
  if (ok_before && ok_after) {
    const int64_t early = std::min(u_before, u_after);
    const int64_t late = std::max(u_before, u_after);
    if (!for_day_start) return early;
    // The clock fell back across local_s: if it read earlier than local_s
    // just before the second occurrence (Santiago: back to 23:00 of the
    // previous date), the date begins at the second one; if it fell back to
    // exactly local_s (Havana 1991: 01:00 -> 00:00), the first one begins it.
    return late - 1 + utc_offset_s(late - 1) < local_s ? late : early;
  }
  if (ok_before) return u_before;
  if (ok_after) return u_after;
  // In a gap (before < after): the transition lies in (u_after, u_before];
  // find the first instant whose offset is no longer the one before it.
  int64_t lo = std::min(u_before, u_after);
  int64_t hi = std::max(u_before, u_after);
  const int32_t lo_off = utc_offset_s(lo);
  if (utc_offset_s(hi) == lo_off) return hi;  // two changes within kSampleS
  while (hi - lo > 1) {
    const int64_t mid = lo + (hi - lo) / 2;
    if (utc_offset_s(mid) == lo_off) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return hi;
}

int64_t TimeZone::day_start(int64_t local_day) const {
  return resolve_local(local_day * kDayS, /*day_start=*/true);
}

int64_t TimeZone::local_day_start(int64_t unix_s) const {
  return day_start(local_day_number(unix_s));
}

int64_t TimeZone::next_local_day_start(int64_t unix_s) const {
  return day_start(local_day_number(unix_s) + 1);
}

int64_t TimeZone::local_week_start(int64_t unix_s) const {
  const int64_t day = local_day_number(unix_s);
  return day_start(day - weekday_from_days(day));
}

int64_t TimeZone::from_local(int year, int month, int day, int hour, int minute,
                             int second) const {
  const int64_t y = int64_t{year} + floor_div(int64_t{month} - 1, 12);
  const int m = static_cast<int>(floor_mod(int64_t{month} - 1, 12)) + 1;
  const int64_t days = days_from_civil(y, m, 1) + (int64_t{day} - 1);
  const int64_t local = days * kDayS + int64_t{hour} * 3600 + int64_t{minute} * 60 + second;
  return resolve_local(clamp_s(local), /*day_start=*/false);
}

}  // namespace tw
