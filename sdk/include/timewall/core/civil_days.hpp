// civil_days.hpp: proleptic Gregorian calendar arithmetic on day numbers.
//
// What it does: converts between (year, month, day) and days since
// 1970-01-01 (H. Hinnant's algorithms), exact for any int year, with floor
// division so instants before 1970 land on the right day.
// What it does not do: time zones or clocks; TimeZone builds on these.
//
//   int64_t d = tw::days_from_civil(2026, 3, 29);   // 20541
//   tw::CivilDate c = tw::civil_from_days(d);       // {2026, 3, 29}
//   int wd = tw::weekday_from_days(d);              // 6 = Sunday
#pragma once

#include <cstdint>

namespace tw {

struct CivilDate {
  int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

constexpr int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

constexpr int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

constexpr bool is_leap_year(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr int days_in_month(int64_t y, int m) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && is_leap_year(y)) ? 29 : kDays[m - 1];
}

// month must be 1..12 and day 1..31; callers normalise first.
constexpr int64_t days_from_civil(int64_t y, int month, int day) {
  y -= month <= 2 ? 1 : 0;
  const int64_t era = floor_div(y, 400);
  const int64_t yoe = y - era * 400;                                   // [0, 399]
  const int64_t mp = month > 2 ? month - 3 : month + 9;                // March = 0
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;                    // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           // [0, 146096]
  return era * 146097 + doe - 719468;
}

constexpr CivilDate civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = floor_div(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

// 0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday).
constexpr int weekday_from_days(int64_t z) { return static_cast<int>(floor_mod(z + 3, 7)); }

}  // namespace tw
