// sim_clock.cpp
#include "sim_clock.hpp"

#include <cmath>

namespace tw::sim {

double factor(Speed s) noexcept {
  switch (s) {
    case Speed::paused: return 0.0;
    case Speed::x1: return 1.0;
    case Speed::x60: return 60.0;
    case Speed::x600: return 600.0;
  }
  return 0.0;
}

std::string_view to_string(Speed s) noexcept {
  switch (s) {
    case Speed::paused: return "paused";
    case Speed::x1: return "1x";
    case Speed::x60: return "60x";
    case Speed::x600: return "600x";
  }
  return "?";
}

int64_t SimClock::advance_real(double real_dt_s) {
  if (!std::isfinite(real_dt_s) || real_dt_s <= 0.0) return 0;
  // A stalled frame (debugger, window drag) must not skip hours at 600x.
  if (real_dt_s > 0.25) real_dt_s = 0.25;
  carry_ms_ += real_dt_s * 1000.0 * factor(speed_);
  const double whole = std::floor(carry_ms_);
  carry_ms_ -= whole;
  const auto ms = static_cast<int64_t>(whole);
  clock_.advance_ms(ms);
  return ms;
}

void SimClock::advance_ms(int64_t ms) {
  if (ms > 0) clock_.advance_ms(ms);
}

int64_t SimClock::jump_to(int minute_of_day) {
  if (minute_of_day < 0 || minute_of_day >= 24 * 60) return 0;
  const int64_t now_ms = clock_.now().unix_ms;
  const int64_t now_s = now_ms / 1000;
  int64_t target_s = 0;
  // Today's occurrence, or the next day's when it has passed.
  for (int64_t day_start = tz_.local_day_start(now_s);; day_start = tz_.next_local_day_start(day_start)) {
    const CivilTime d = tz_.to_local(day_start);
    target_s = tz_.from_local(d.year, d.month, d.day, minute_of_day / 60, minute_of_day % 60, 0);
    if (target_s * 1000 > now_ms) break;
  }
  const int64_t skip_ms = target_s * 1000 - now_ms;
  clock_.advance_ms(skip_ms);
  return skip_ms;
}

CivilTime SimClock::local() const {
  const int64_t ms = clock_.now().unix_ms;
  return tz_.to_local(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
}

int parse_hh_mm(std::string_view s) noexcept {
  if (s.size() != 5 || s[2] != ':') return -1;
  for (size_t i : {0u, 1u, 3u, 4u})
    if (s[i] < '0' || s[i] > '9') return -1;
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return -1;
  return h * 60 + m;
}

}  // namespace tw::sim
