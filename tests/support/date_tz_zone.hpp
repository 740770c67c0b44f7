// date_tz_zone.hpp: tw::TimeZone's lookups on top of Howard Hinnant's date/tz
// (Debian's libhowardhinnant-date-dev 3.0.1 built with USE_OS_TZDB), the
// reference implementation of C++20 <chrono> time zones, so the DST tests and
// bench/bench_timezone.cpp hold the library to the same checks as Timewall's
// own TZif reader (docs/benchmarks.md says why Timewall keeps its own).
//
// What it does: finds a zone with date::locate_zone and answers the lookups
// TimeZone offers with TimeZone's rules: a skipped wall time resolves to the
// instant after the gap, a repeated one to the earlier instant, and a date
// begins at the instant from which its clock never again reads earlier. The
// offsets, gaps and repeats all come from the library (get_info, to_sys).
// What it does not do: read any folder but the one the library fixes at first
// use (/usr/share/zoneinfo; USE_OS_TZDB has no set_install), so load() refuses
// any other zoneinfo_dir; apply a TZif file's POSIX footer (the library does
// not, so after a file's last transition the last offset holds forever).
//
//   auto tz = tw_test::DateTzZone::load("Europe/Berlin");
//   if (!tz) return tz.error();
//   int64_t midnight = tz->local_day_start(now_unix_s);
#pragma once

#include <date/tz.h>

#include <chrono>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/timezone.hpp"

namespace tw_test {

class DateTzZone {
 public:
  static constexpr std::string_view kZoneinfoDir = "/usr/share/zoneinfo";

  static tw::Result<DateTzZone> load(std::string_view iana_name, std::string_view zoneinfo_dir = kZoneinfoDir) {
    if (zoneinfo_dir != kZoneinfoDir) {
      return tw::Error{tw::Errc::invalid_argument,
                       "date/tz reads only " + std::string(kZoneinfoDir) + ", not " + std::string(zoneinfo_dir)};
    }
    try {
      const date::time_zone* zone = date::locate_zone(iana_name);
      (void)zone->get_info(date::sys_seconds{});  // the file is read at the first lookup; fail here, not later
      return DateTzZone(zone);
    } catch (const std::exception& e) {
      return tw::Error{tw::Errc::not_found, std::string(iana_name) + ": " + e.what()};
    }
  }

  int32_t utc_offset_s(int64_t unix_s) const {
    return static_cast<int32_t>(zone_->get_info(sys(unix_s)).offset.count());
  }

  tw::CivilTime to_local(int64_t unix_s) const {
    const int32_t off = utc_offset_s(unix_s);
    const date::local_seconds local{std::chrono::seconds{unix_s + off}};
    const date::local_days day = date::floor<date::days>(local);
    const date::year_month_day ymd{day};
    const auto hms = date::make_time(local - day);
    tw::CivilTime c;
    c.year = static_cast<int>(ymd.year());
    c.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    c.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    c.hour = static_cast<int>(hms.hours().count());
    c.minute = static_cast<int>(hms.minutes().count());
    c.second = static_cast<int>(hms.seconds().count());
    c.weekday = static_cast<int>(date::weekday{day}.iso_encoding()) - 1;
    c.utc_offset_s = off;
    return c;
  }

  int64_t local_day_number(int64_t unix_s) const {
    return date::floor<date::days>(zone_->to_local(sys(unix_s))).time_since_epoch().count();
  }
  int64_t local_day_start(int64_t unix_s) const { return day_start(local_day_number(unix_s)); }
  int64_t next_local_day_start(int64_t unix_s) const { return day_start(local_day_number(unix_s) + 1); }
  int64_t local_week_start(int64_t unix_s) const {
    const int64_t day = local_day_number(unix_s);
    const date::weekday wd{date::local_days{date::days{day}}};
    return day_start(day - (static_cast<int64_t>(wd.iso_encoding()) - 1));
  }

  int64_t from_local(int year, int month, int day, int hour, int minute, int second) const {
    const date::year_month ym = date::year{year} / date::January + date::months{month - 1};  // normalises
    const date::local_seconds local = date::local_days{ym / 1} + date::days{day - 1} + std::chrono::hours{hour} +
                                      std::chrono::minutes{minute} + std::chrono::seconds{second};
    return zone_->to_sys(local, date::choose::earliest).time_since_epoch().count();
  }

 private:
  explicit DateTzZone(const date::time_zone* zone) : zone_(zone) {}
  static date::sys_seconds sys(int64_t unix_s) { return date::sys_seconds{std::chrono::seconds{unix_s}}; }

  int64_t day_start(int64_t local_day) const {
    const date::local_seconds midnight{date::days{local_day}};
    const int64_t midnight_s = midnight.time_since_epoch().count();
    const date::local_info i = zone_->get_info(midnight);
    if (i.result == date::local_info::nonexistent) return i.first.end.time_since_epoch().count();
    const int64_t early = midnight_s - i.first.offset.count();
    if (i.result == date::local_info::unique) return early;
    // Midnight happens twice: the date begins at the second one when the
    // clock read earlier than midnight just before it (Santiago), at the
    // first when it fell back to exactly midnight (Havana 1991).
    const int64_t late = midnight_s - i.second.offset.count();
    return late - 1 + utc_offset_s(late - 1) < midnight_s ? late : early;
  }

  const date::time_zone* zone_;
};

}  // namespace tw_test
