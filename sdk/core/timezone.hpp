// timezone.hpp: the wearer's local time, from the system's TZif database.
//
// What it does: converts Unix seconds to local civil time and finds local day
// and week boundaries (local midnight, Monday 00:00) correctly across DST
// changes, so "today" is 23, 24 or 25 hours long as the wearer lives it.
// Zones load from TZif files (/usr/share/zoneinfo, tzdata), including the
// POSIX TZ footer rule for instants past the file's last transition.
// What it does not do: read the clock or the TZ environment variable. The
// zone name comes from the wearer's policy.
//
//   auto tz = tw::TimeZone::load("Europe/Berlin");
//   if (!tz) return tz.error();
//   int64_t midnight = tz->local_day_start(now_unix_s);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace tw {

struct CivilTime {
  int year = 1970;
  int month = 1;   // 1..12
  int day = 1;     // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int weekday = 3;        // 0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday)
  int32_t utc_offset_s = 0;
};

class TimeZone {
 public:
  static Result<TimeZone> load(std::string_view iana_name,
                               std::string_view zoneinfo_dir = "/usr/share/zoneinfo");
  static TimeZone utc();
  static TimeZone fixed(int32_t utc_offset_s);

  const std::string& name() const { return name_; }
  int32_t utc_offset_s(int64_t unix_s) const;
  CivilTime to_local(int64_t unix_s) const;

  // Days since 1970-01-01 in the local calendar; the key of daily rollups.
  int64_t local_day_number(int64_t unix_s) const;
  // First instant (Unix s) of the local date containing unix_s.
  int64_t local_day_start(int64_t unix_s) const;
  // First instant of the next local date.
  int64_t next_local_day_start(int64_t unix_s) const;
  // First instant of the local week (Monday) containing unix_s.
  int64_t local_week_start(int64_t unix_s) const;
  // Unix s of a local wall time; for a time skipped by DST, the instant just
  // after the gap; for a repeated time, the earlier one.
  int64_t from_local(int year, int month, int day, int hour, int minute, int second) const;

 private:
  struct Transition {
    int64_t at_unix_s;
    int32_t offset_s;
  };
  struct PosixRule;  // the TZif footer, for instants past the last transition
  std::string name_;
  std::vector<Transition> transitions_;
  int32_t initial_offset_s_ = 0;
  std::string posix_footer_;
};

}  // namespace tw
