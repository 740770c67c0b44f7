// timezone.hpp: the wearer's local time, from the system's TZif database.
//
// What it does: converts Unix seconds to local civil time and finds local day
// and week boundaries (local midnight, Monday 00:00) correctly across DST
// changes, so "today" is 23, 24 or 25 hours long as the wearer lives it.
// Zones load from TZif files (/usr/share/zoneinfo, tzdata), including the
// POSIX TZ footer rule for instants past the file's last transition.
// Days partition time: local_day_number(t) == D exactly when
// local_day_start(t) <= t < next_local_day_start(t). A date whose midnight is
// skipped starts at the first instant after the gap (e.g. 01:00); when the
// clock falls back across midnight (America/Santiago), the repeated 23:xx hour
// belongs to the earlier date, as the clock shows, and the new date starts at
// the second midnight. Lookups never allocate.
// What it does not do: read the clock or the TZ environment variable, or
// support leap-second ("right/") zones. The zone name comes from the wearer's
// policy. Instants are clamped to +-2^40 s (about +-34,000 years).
//
//   auto tz = tw::TimeZone::load("Europe/Berlin");
//   if (!tz) return tz.error();
//   int64_t midnight = tz->local_day_start(now_unix_s);
#pragma once

#include <climits>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/posix_tz_rule.hpp"
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
  // Errc::invalid_argument for names with "..", a leading '/' or characters
  // outside [A-Za-z0-9_+-./]; Errc::not_found for a missing zone; Errc::parse
  // (naming the file) for a truncated or malformed TZif file.
  static Result<TimeZone> load(std::string_view iana_name,
                               std::string_view zoneinfo_dir = "/usr/share/zoneinfo");
  // The same parser on bytes in memory (fuzz targets, embedded tzdata);
  // `name` names the zone and labels errors.
  static Result<TimeZone> from_tzif(std::string_view bytes, std::string_view name);
  static TimeZone utc();
  // A zone without DST, named like "UTC+05:30"; the offset is clamped to +-26 h.
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
  // after the gap; for a repeated time, the earlier one. Out-of-range fields
  // normalise like timegm (month 13 = January of the next year).
  int64_t from_local(int year, int month, int day, int hour, int minute, int second) const;

 private:
  struct Transition {
    int64_t at_unix_s;
    int32_t offset_s;
  };
  friend class TzifReader;

  // Resolves local seconds (days * 86400 + time of day) to an instant. A gap
  // gives the instant after it; a repeat gives the earlier instant, or with
  // day_start the one from which the clock never again reads earlier.
  int64_t resolve_local(int64_t local_s, bool for_day_start) const;
  int64_t day_start(int64_t local_day) const;

  std::string name_;
  std::vector<Transition> transitions_;  // ascending, no two equal offsets in a row
  int32_t initial_offset_s_ = 0;         // before the first transition
  bool has_rule_ = false;                // the file's POSIX footer, if any, ...
  int64_t rule_from_s_ = INT64_MIN;      // ... applies from its last transition on
  PosixTzRule rule_;
};

}  // namespace tw
