// The DST tests, run against both time zone implementations: Timewall's own
// TZif reader (tw::TimeZone) and Howard Hinnant's date/tz with the OS tz
// database (tests/support/date_tz_zone.hpp), so the library's behaviour is
// checked rather than assumed (docs/benchmarks.md records the comparison).
// libc's localtime_r is the reference oracle (tests only; sdk/core never
// calls it).
#include "tw_catch.hpp"

#include <date/tz.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "core/civil_days.hpp"
#include "core/timezone.hpp"
#include "date_tz_zone.hpp"

namespace {

using TimewallZone = tw::TimeZone;
using DateTzZone = tw_test::DateTzZone;

constexpr int64_t kHourS = 3600;

template <class Zone>
Zone load(const char* name) {
  auto tz = Zone::load(name);
  INFO(name << ": " << (tz ? "" : tz.error().message));
  REQUIRE(tz.ok());
  return std::move(tz).value();
}

// Unix seconds of a UTC wall time: the expected values below read as ISO times.
int64_t utc(int y, int mo, int d, int h = 0, int mi = 0) {
  return tw::days_from_civil(y, mo, d) * 86400 + h * kHourS + mi * 60;
}

template <class Zone>
int64_t day_length_s(const Zone& tz, int y, int mo, int d) {
  const int64_t noon = tz.from_local(y, mo, d, 12, 0, 0);
  return tz.next_local_day_start(noon) - tz.local_day_start(noon);
}

// Compares to_local with localtime_r over [from, to) in steps of ~5.3 days
// (an odd step visits every hour of day).
struct LibcDiff {
  int mismatches = 0;
  std::string first;  // the first mismatch, for the failure message
};

template <class Zone>
LibcDiff diff_against_libc(const char* zone, const Zone& tz, int64_t from, int64_t to) {
  const std::string tz_env = std::string(":") + zone;
  ::setenv("TZ", tz_env.c_str(), 1);
  ::tzset();
  LibcDiff diff;
  for (int64_t t = from; t < to; t += 461'437) {
    const time_t tt = static_cast<time_t>(t);
    std::tm tm{};
    REQUIRE(::localtime_r(&tt, &tm) != nullptr);
    const auto c = tz.to_local(t);
    const bool same = c.utc_offset_s == tm.tm_gmtoff && c.year == tm.tm_year + 1900 &&
                      c.month == tm.tm_mon + 1 && c.day == tm.tm_mday && c.hour == tm.tm_hour &&
                      c.minute == tm.tm_min && c.second == tm.tm_sec &&
                      c.weekday == (tm.tm_wday + 6) % 7;
    if (!same && diff.mismatches++ == 0) {
      diff.first = std::string(zone) + " t=" + std::to_string(t) + ": offset " + std::to_string(c.utc_offset_s) +
                   ", libc " + std::to_string(tm.tm_gmtoff);
    }
  }
  ::unsetenv("TZ");
  ::tzset();
  return diff;
}

constexpr const char* kLibcZones[] = {
    "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Australia/Sydney",
    "America/Santiago", "America/Havana", "Asia/Beirut", "Asia/Kathmandu", "Pacific/Apia",
    "Africa/Casablanca", "America/Sao_Paulo", "Europe/Dublin", "Asia/Tehran", "UTC",
    "America/Nuuk", "Pacific/Chatham", "Antarctica/Troll"};

}  // namespace

TEMPLATE_TEST_CASE("Europe/Berlin spring forward: a 23-hour day and a gap", "[timezone][dst]", TimewallZone,
                   DateTzZone) {
  const auto tz = load<TestType>("Europe/Berlin");
  const int64_t noon = tz.from_local(2026, 3, 29, 12, 0, 0);
  CHECK(noon == utc(2026, 3, 29, 10));
  CHECK(tz.local_day_start(noon) == utc(2026, 3, 28, 23));
  CHECK(tz.next_local_day_start(noon) == utc(2026, 3, 29, 22));
  CHECK(day_length_s(tz, 2026, 3, 29) == 23 * kHourS);
  CHECK(day_length_s(tz, 2026, 3, 28) == 24 * kHourS);
  // 02:30 does not exist: the instant after the gap, shown as 03:00 CEST.
  const int64_t gap = tz.from_local(2026, 3, 29, 2, 30, 0);
  CHECK(gap == utc(2026, 3, 29, 1));
  const auto c = tz.to_local(gap);
  CHECK((c.hour == 3 && c.minute == 0 && c.utc_offset_s == 7200));
  CHECK(tz.utc_offset_s(gap - 1) == 3600);
  CHECK(tz.to_local(noon).weekday == 6);
}

TEMPLATE_TEST_CASE("Europe/Berlin fall back: a 25-hour day and an overlap", "[timezone][dst]", TimewallZone,
                   DateTzZone) {
  const auto tz = load<TestType>("Europe/Berlin");
  CHECK(day_length_s(tz, 2026, 10, 25) == 25 * kHourS);
  CHECK(tz.local_day_start(utc(2026, 10, 25, 12)) == utc(2026, 10, 24, 22));
  // 02:30 happens twice; the earlier (CEST) one wins.
  const int64_t twice = tz.from_local(2026, 10, 25, 2, 30, 0);
  CHECK(twice == utc(2026, 10, 25, 0, 30));
  CHECK(tz.to_local(twice).utc_offset_s == 7200);
  const auto later = tz.to_local(twice + kHourS);
  CHECK((later.hour == 2 && later.minute == 30 && later.utc_offset_s == 3600));
  CHECK(tz.local_day_number(twice) == tz.local_day_number(twice + kHourS));
}

TEMPLATE_TEST_CASE("America/New_York DST days", "[timezone][dst]", TimewallZone, DateTzZone) {
  const auto tz = load<TestType>("America/New_York");
  CHECK(day_length_s(tz, 2026, 3, 8) == 23 * kHourS);
  CHECK(day_length_s(tz, 2026, 11, 1) == 25 * kHourS);
  CHECK(tz.utc_offset_s(utc(2026, 1, 15)) == -5 * kHourS);
  CHECK(tz.utc_offset_s(utc(2026, 7, 15)) == -4 * kHourS);
  CHECK(tz.local_day_start(utc(2026, 7, 15, 3)) == utc(2026, 7, 14, 4));  // still the 14th locally
}

TEMPLATE_TEST_CASE("Australia/Lord_Howe: 30-minute DST", "[timezone][dst]", TimewallZone, DateTzZone) {
  const auto tz = load<TestType>("Australia/Lord_Howe");
  CHECK(tz.utc_offset_s(utc(2026, 1, 15)) == 11 * kHourS);
  CHECK(tz.utc_offset_s(utc(2026, 7, 15)) == 10 * kHourS + 1800);
  CHECK(day_length_s(tz, 2026, 4, 5) == 24 * kHourS + 1800);
  CHECK(day_length_s(tz, 2026, 10, 4) == 24 * kHourS - 1800);
  // 02:15 on 2026-10-04 is skipped (02:00 -> 02:30).
  const auto c = tz.to_local(tz.from_local(2026, 10, 4, 2, 15, 0));
  CHECK((c.hour == 2 && c.minute == 30));
}

TEMPLATE_TEST_CASE("Australia/Sydney: southern hemisphere", "[timezone][dst]", TimewallZone, DateTzZone) {
  const auto tz = load<TestType>("Australia/Sydney");
  CHECK(tz.utc_offset_s(utc(2026, 1, 15)) == 11 * kHourS);
  CHECK(tz.utc_offset_s(utc(2026, 7, 15)) == 10 * kHourS);
  CHECK(day_length_s(tz, 2026, 4, 5) == 25 * kHourS);
  CHECK(day_length_s(tz, 2026, 10, 4) == 23 * kHourS);
  CHECK(day_length_s(tz, 2026, 12, 25) == 24 * kHourS);
}

TEMPLATE_TEST_CASE("a date whose midnight is skipped starts after the gap", "[timezone][dst]", TimewallZone,
                   DateTzZone) {
  struct Case {
    const char* zone;
    int y, m, d;
  };
  for (const Case& k : {Case{"America/Santiago", 2026, 9, 6}, Case{"America/Havana", 2026, 3, 8},
                        Case{"Asia/Beirut", 2026, 3, 29}}) {
    INFO(k.zone);
    const auto tz = load<TestType>(k.zone);
    const int64_t noon = tz.from_local(k.y, k.m, k.d, 12, 0, 0);
    const int64_t start = tz.local_day_start(noon);
    const auto c = tz.to_local(start);
    CHECK((c.year == k.y && c.month == k.m && c.day == k.d && c.hour == 1 && c.minute == 0));
    CHECK(tz.local_day_number(start - 1) == tz.local_day_number(start) - 1);
    CHECK(tz.next_local_day_start(start - 1) == start);
    CHECK(day_length_s(tz, k.y, k.m, k.d) == 23 * kHourS);
  }
}

TEMPLATE_TEST_CASE("a fall-back across midnight keeps days a partition", "[timezone][dst]", TimewallZone,
                   DateTzZone) {
  // Santiago: Sunday 2026-04-05 00:00 -03 -> Saturday 23:00 -04: the clock
  // shows Saturday for one more hour, so Saturday is 25 h long.
  const auto tz = load<TestType>("America/Santiago");
  CHECK(day_length_s(tz, 2026, 4, 4) == 25 * kHourS);
  const int64_t sunday = tz.local_day_start(tz.from_local(2026, 4, 5, 12, 0, 0));
  const auto c = tz.to_local(sunday);
  CHECK((c.day == 5 && c.hour == 0 && c.utc_offset_s == -4 * kHourS));
  CHECK(tz.local_day_number(sunday - 1) == tz.local_day_number(sunday) - 1);
}

TEMPLATE_TEST_CASE("local week starts on Monday 00:00 local", "[timezone][dst]", TimewallZone, DateTzZone) {
  const auto tz = load<TestType>("Europe/Berlin");
  // Sunday 2026-03-29 (the DST day) belongs to the week of Monday 03-23 (CET).
  CHECK(tz.local_week_start(tz.from_local(2026, 3, 29, 23, 0, 0)) == utc(2026, 3, 22, 23));
  // Monday 2026-03-30 00:00 CEST begins a new week.
  const int64_t monday = tz.from_local(2026, 3, 30, 0, 0, 0);
  CHECK(tz.local_week_start(monday) == monday);
  CHECK(tz.local_week_start(monday - 1) == utc(2026, 3, 22, 23));
  CHECK(monday - tz.local_week_start(monday - 1) == 7 * 24 * kHourS - kHourS);
}

TEMPLATE_TEST_CASE("to_local agrees with libc localtime_r, 1901..2037", "[timezone][dst]", TimewallZone,
                   DateTzZone) {
  for (const char* zone : kLibcZones) {
    INFO(zone);
    const LibcDiff diff = diff_against_libc(zone, load<TestType>(zone), utc(1901, 1, 1), utc(2038, 1, 1));
    INFO(diff.first);
    CHECK(diff.mismatches == 0);
  }
}

TEMPLATE_TEST_CASE("day boundaries partition time in many zones", "[timezone][dst]", TimewallZone, DateTzZone) {
  for (const char* zone :
       {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago",
        "America/Havana", "Asia/Beirut", "Pacific/Apia", "Africa/Casablanca", "America/Asuncion",
        "Pacific/Kiritimati", "America/St_Johns"}) {
    INFO(zone);
    const auto tz = load<TestType>(zone);
    for (int64_t t = utc(1950, 1, 1); t < utc(2060, 1, 1); t += 86'399 * 3 + 1'234) {
      const int64_t day = tz.local_day_number(t);
      const int64_t start = tz.local_day_start(t);
      const int64_t next = tz.next_local_day_start(t);
      INFO("t=" << t);
      REQUIRE(start <= t);
      REQUIRE(t < next);
      REQUIRE(tz.local_day_number(start) == day);
      REQUIRE(tz.local_day_number(start - 1) < day);
      REQUIRE(tz.local_day_number(next) > day);
      REQUIRE(tz.local_day_number(next - 1) == day);
      const auto c = tz.to_local(t);
      const int64_t back = tz.from_local(c.year, c.month, c.day, c.hour, c.minute, c.second);
      REQUIRE(back <= t);  // t itself, or the earlier of a repeated time
      const auto cb = tz.to_local(back);
      REQUIRE((cb.day == c.day && cb.hour == c.hour && cb.minute == c.minute));
    }
  }
}

// Past 2037 Debian's tzdata files ("fat", transitions to 2037) leave the rest
// to the POSIX footer. Timewall applies it; date/tz with the OS tz database
// does not (the next two tests), one reason Timewall keeps its own reader.
TEST_CASE("far future (2100) comes from the POSIX footer", "[timezone][dst]") {
  const auto berlin = load<TimewallZone>("Europe/Berlin");
  CHECK(day_length_s(berlin, 2100, 3, 28) == 23 * kHourS);
  CHECK(day_length_s(berlin, 2100, 10, 31) == 25 * kHourS);
  CHECK(berlin.local_day_start(utc(2100, 3, 28, 12)) == utc(2100, 3, 27, 23));
  const auto sydney = load<TimewallZone>("Australia/Sydney");
  CHECK(sydney.utc_offset_s(utc(2100, 1, 1)) == 11 * kHourS);
  CHECK(sydney.utc_offset_s(utc(2100, 6, 1)) == 10 * kHourS);
  for (const char* zone : kLibcZones) {
    INFO(zone);
    const LibcDiff diff = diff_against_libc(zone, load<TimewallZone>(zone), utc(2038, 1, 1), utc(2150, 1, 1));
    INFO(diff.first);
    CHECK(diff.mismatches == 0);
  }
}

TEST_CASE("date/tz with the OS tz database: no DST after the file's last transition", "[timezone][dst]") {
  const auto berlin = load<DateTzZone>("Europe/Berlin");
  CHECK(berlin.utc_offset_s(utc(2037, 7, 1)) == 7200);   // still in the file's table
  CHECK(berlin.utc_offset_s(utc(2100, 7, 1)) == 3600);   // libc and Timewall: 7200 (CEST)
  CHECK(day_length_s(berlin, 2100, 3, 28) == 24 * kHourS);  // the 23-hour day is lost
  // Sydney's last listed transition (October 2037) starts DST, so summer
  // time then holds forever.
  const auto sydney = load<DateTzZone>("Australia/Sydney");
  CHECK(sydney.utc_offset_s(utc(2100, 6, 1)) == 11 * kHourS);  // libc and Timewall: 10 h (AEST)
  for (const char* zone : {"Europe/Berlin", "Australia/Sydney", "America/New_York"}) {
    INFO(zone);
    // About half the samples fall in the season the library gets wrong.
    CHECK(diff_against_libc(zone, load<DateTzZone>(zone), utc(2038, 1, 1), utc(2150, 1, 1)).mismatches > 1000);
  }
}

// Timewall's C ABI and tests load zones from a folder they name
// (tw_engine_desc.zoneinfo_dir); date/tz fixes /usr/share/zoneinfo at first
// use and cannot be pointed elsewhere.
TEST_CASE("date/tz reads only /usr/share/zoneinfo", "[timezone][dst]") {
  const std::filesystem::path dir = std::filesystem::path(TW_BINARY_DIR) / "tmp" / "tz_date_dir";
  std::filesystem::create_directories(dir / "Test");
  std::filesystem::copy_file("/usr/share/zoneinfo/Europe/Berlin", dir / "Test" / "Zone",
                             std::filesystem::copy_options::overwrite_existing);
  CHECK(TimewallZone::load("Test/Zone", dir.string()).ok());
  CHECK_THROWS_AS(date::locate_zone("Test/Zone"), std::runtime_error);
  CHECK(DateTzZone::load("Europe/Berlin", dir.string()).error().code == tw::Errc::invalid_argument);
  std::filesystem::remove_all(dir);
}
