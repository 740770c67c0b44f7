// posix_tz_rule.hpp: the POSIX TZ string that ends a TZif v2+ file.
//
// What it does: parses strings such as "CET-1CEST,M3.5.0,M10.5.0/3",
// "<+0330>-3:30" or "EST5EDT,0/0,J365/25" (Mm.w.d, Jn and n dates, signed
// hh[:mm[:ss]] offsets and rule times up to +-167 h, quoted names) and gives
// the UTC offset at any instant without allocating. TimeZone uses it for
// instants after a file's last transition (slim files rely on it from ~2007).
// What it does not do: read the TZ environment variable or keep the zone
// abbreviations (Timewall shows no abbreviations).
//
//   auto rule = tw::PosixTzRule::parse("CET-1CEST,M3.5.0,M10.5.0/3");
//   if (!rule) return rule.error();
//   int32_t off_s = rule->utc_offset_s(1'782'000'000);   // 7200 in July 2026
#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.hpp"

namespace tw {

class PosixTzRule {
 public:
  // Errc::parse with the offending string on failure. An empty string is a
  // parse error: TZif files with an empty footer have no rule at all.
  static Result<PosixTzRule> parse(std::string_view tz);

  // Offset east of UTC in effect at unix_s.
  int32_t utc_offset_s(int64_t unix_s) const;
  bool has_dst() const { return has_dst_; }
  int32_t std_offset_s() const { return std_offset_s_; }

 private:
  struct Date {
    enum class Kind : uint8_t { julian_no_leap, zero_based, month_week_day };
    Kind kind = Kind::month_week_day;
    int day = 0;      // Jn: 1..365; n: 0..365; M: weekday 0..6 (0 = Sunday)
    int month = 0;    // M only, 1..12
    int week = 0;     // M only, 1..5 (5 = last)
    int32_t time_s = 7200;  // local wall time of the change, -167 h..167 h
    int64_t day_in_year(int64_t year) const;  // days since 1970-01-01
  };

  // The two UTC instants at which DST starts and ends in `year`.
  int64_t dst_start_utc(int64_t year) const;
  int64_t dst_end_utc(int64_t year) const;

  int32_t std_offset_s_ = 0;
  int32_t dst_offset_s_ = 0;
  bool has_dst_ = false;
  Date start_;
  Date end_;

  friend class PosixTzParser;
};

}  // namespace tw
