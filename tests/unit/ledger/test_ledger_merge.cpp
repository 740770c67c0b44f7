// Heartbeat merge rules, midnight split and DST days, on real SQLite files.
#include "ledger_test_util.hpp"

using namespace tw_test;

namespace {
constexpr int64_t kT0_ms = 1'780'000'000'000;  // 2026-05-28 20:26:40 UTC
constexpr int64_t kDayT0 = kT0_ms / 86'400'000;

int64_t intervals(const std::string& path) { return sql_int(path, "SELECT COUNT(*) FROM interval"); }
}  // namespace

TEST_CASE("ledger: equal heartbeats within the pulse merge into one interval", "[ledger][merge]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path, .pulse_s = 30}, tw::TimeZone::utc());
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms, 0}).ok());
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms + 10'000, 0}).ok());
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms + 40'000, 5'000}).ok());  // gap 30 s = pulse
  REQUIRE(ledger.commit().ok());
  CHECK(intervals(path) == 1);
  CHECK(sql_int(path, "SELECT end_ms - start_ms FROM interval") == 45'000);
  CHECK(total_ms(ledger.day_per_app(kDayT0).value(), "feed") == 45'000);
}

TEST_CASE("ledger: another app, another category or a gap over the pulse opens a new interval",
          "[ledger][merge]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path, .pulse_s = 30}, tw::TimeZone::utc());
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms, 10'000}).ok());
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms + 40'001, 1'000}).ok());  // gap 30.001 s
  REQUIRE(ledger.record_heartbeat({"mail", "work", kT0_ms + 41'001, 2'000}).ok());
  REQUIRE(ledger.record_heartbeat({"mail", "social", kT0_ms + 43'001, 3'000}).ok());
  REQUIRE(ledger.commit().ok());
  CHECK(intervals(path) == 4);
  const auto apps = ledger.day_per_app(kDayT0).value();
  CHECK(total_ms(apps, "feed") == 11'000);
  CHECK(total_ms(apps, "mail") == 5'000);
  const auto cats = ledger.day_per_category(kDayT0).value();
  CHECK(total_ms(cats, "social") == 14'000);
  CHECK(total_ms(cats, "work") == 2'000);
}

TEST_CASE("ledger: zero-duration heartbeats grow the interval instead of staying at zero",
          "[ledger][merge]") {
  // ActivityWatch (aw-server-rust 554) left most such events at zero length.
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path, .pulse_s = 2}, tw::TimeZone::utc());
  for (int i = 0; i < 100; ++i) REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms + i * 1'000, 0}).ok());
  REQUIRE(ledger.commit().ok());
  CHECK(intervals(path) == 1);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM interval WHERE end_ms = start_ms") == 0);
  CHECK(total_ms(ledger.day_per_app(kDayT0).value(), "feed") == 99'000);
  // 100 heartbeats folded into one pending write, each still has its sequence number.
  CHECK(ledger.durable_seq() == 100);
}

TEST_CASE("ledger: a lone zero-duration heartbeat is an empty interval and counts nothing", "[ledger][merge]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms, 0}).ok());
  REQUIRE(ledger.record_heartbeat({"mail", "work", kT0_ms + 1'000, 4'000}).ok());
  REQUIRE(ledger.commit().ok());
  const auto apps = ledger.day_per_app(kDayT0).value();
  REQUIRE(apps.size() == 1);
  CHECK(apps[0].name == "mail");
  CHECK(apps[0].attended_ms == 4'000);
  CHECK(ledger.day_per_app_raw(kDayT0).value().size() == 1);
}

TEST_CASE("ledger: an overlapping heartbeat of another app is clipped, never double counted",
          "[ledger][merge]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms, 10'000}).ok());
  REQUIRE(ledger.record_heartbeat({"mail", "work", kT0_ms + 5'000, 10'000}).ok());
  REQUIRE(ledger.commit().ok());
  const auto apps = ledger.day_per_app(kDayT0).value();
  CHECK(total_ms(apps, "feed") == 10'000);
  CHECK(total_ms(apps, "mail") == 5'000);
  CHECK(sql_int(path, "SELECT MIN(start_ms) FROM interval WHERE app_id = (SELECT id FROM app WHERE name = 'mail')") ==
        kT0_ms + 10'000);
}

TEST_CASE("ledger: bad heartbeats are rejected and record nothing", "[ledger][merge]") {
  TempDir dir;
  auto ledger = open_ledger({.path = dir.file("l.db")}, tw::TimeZone::utc());
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms, 1'000}).ok());
  const auto before = ledger.last_seq();
  auto earlier = ledger.record_heartbeat({"feed", "social", kT0_ms - 1, 0});
  REQUIRE_FALSE(earlier.ok());
  CHECK(earlier.error().code == tw::Errc::invalid_argument);
  CHECK(ledger.record_heartbeat({"feed", "social", kT0_ms + 2'000, -1}).error().code == tw::Errc::invalid_argument);
  CHECK(ledger.record_heartbeat({"", "social", kT0_ms + 2'000, 0}).error().code == tw::Errc::invalid_argument);
  CHECK(ledger.record_heartbeat({"feed", "", kT0_ms + 2'000, 0}).error().code == tw::Errc::invalid_argument);
  CHECK(ledger.last_seq() == before);
  CHECK(ledger.pending_events() == 1);
}

// Across a reopen the new Ledger cannot tell its earlier run from another
// process still extending that interval, so it merges only into its own:
// the 5 s between the runs are not counted (nothing ran to see them).
TEST_CASE("ledger: merging continues across commits, a reopened ledger starts its own interval",
          "[ledger][merge]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  {
    auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
    REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms, 10'000}).ok());
    REQUIRE(ledger.commit().ok());
    REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms + 15'000, 5'000}).ok());
    REQUIRE(ledger.commit().ok());
  }
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  CHECK(intervals(path) == 1);
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms + 25'000, 5'000}).ok());
  REQUIRE(ledger.commit().ok());
  CHECK(intervals(path) == 2);
  CHECK(total_ms(ledger.day_per_app(kDayT0).value(), "feed") == 25'000);
  CHECK(ledger.day_per_app_raw(kDayT0).value()[0].attended_ms == 25'000);
}

TEST_CASE("ledger: an interval across local midnight is split between the two days", "[ledger][midnight]") {
  auto tz = tw::TimeZone::load("Europe/Berlin");
  REQUIRE(tz.ok());
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path}, tz.value());
  // 2026-03-28 23:50 -> 2026-03-29 00:20 local (CET), one raw row.
  const int64_t start_ms = (kBerlinMar29Start_s - 600) * 1000;
  for (int64_t t = start_ms; t <= start_ms + 30 * 60'000; t += 10'000) {
    REQUIRE(ledger.record_heartbeat({"reader", "books", t, 0}).ok());
  }
  REQUIRE(ledger.commit().ok());
  CHECK(intervals(path) == 1);
  CHECK(total_ms(ledger.day_per_app(kDayMar28).value(), "reader") == 10 * 60'000);
  CHECK(total_ms(ledger.day_per_app(kDayMar29).value(), "reader") == 20 * 60'000);
  CHECK(total_ms(ledger.today_per_app(kBerlinMar29Start_s + 3600).value(), "reader") == 20 * 60'000);
  CHECK(total_ms(ledger.day_per_app_raw(kDayMar28).value(), "reader") == 10 * 60'000);
  CHECK(total_ms(ledger.day_per_app_raw(kDayMar29).value(), "reader") == 20 * 60'000);
}

TEST_CASE("ledger: a DST day is 23 hours and the week splits at Monday local midnight", "[ledger][dst]") {
  auto tz = tw::TimeZone::load("Europe/Berlin");
  REQUIRE(tz.ok());
  TempDir dir;
  auto ledger = open_ledger({.path = dir.file("l.db")}, tz.value());
  // Attended without a break from Saturday 00:00 to Monday 01:00 local.
  const int64_t from_ms = kBerlinMar28Start_s * 1000;
  const int64_t to_ms = (kBerlinMar30Start_s + 3600) * 1000;
  REQUIRE(ledger.record_heartbeat({"film", "video", from_ms, to_ms - from_ms}).ok());
  REQUIRE(ledger.commit().ok());
  CHECK(total_ms(ledger.day_per_app(kDayMar28).value(), "film") == 24 * 3'600'000);
  CHECK(total_ms(ledger.day_per_app(kDayMar29).value(), "film") == 23 * 3'600'000);  // spring forward
  CHECK(total_ms(ledger.day_per_app(kDayMar30).value(), "film") == 1 * 3'600'000);
  for (int64_t day : {kDayMar28, kDayMar29, kDayMar30}) {
    CHECK(ledger.day_per_app(day).value()[0].attended_ms == ledger.day_per_app_raw(day).value()[0].attended_ms);
  }
  // Sunday 29th belongs to the week of Monday the 23rd; Monday the 30th starts a new one.
  CHECK(total_ms(ledger.week_per_category(kBerlinMar29Start_s + 7200).value(), "video") == 47 * 3'600'000);
  CHECK(total_ms(ledger.week_per_category(kBerlinMar30Start_s + 60).value(), "video") == 1 * 3'600'000);
}

TEST_CASE("ledger: the autumn DST day is 25 hours", "[ledger][dst]") {
  auto tz = tw::TimeZone::load("Europe/Berlin");
  REQUIRE(tz.ok());
  TempDir dir;
  auto ledger = open_ledger({.path = dir.file("l.db")}, tz.value());
  const int64_t oct25_s = 1792879200;  // 2026-10-25 00:00 CEST
  const int64_t oct26_s = 1792969200;  // 2026-10-26 00:00 CET
  REQUIRE(oct26_s - oct25_s == 25 * 3600);
  REQUIRE(ledger.record_heartbeat({"film", "video", oct25_s * 1000 - 60'000, (oct26_s - oct25_s) * 1000 + 120'000}).ok());
  REQUIRE(ledger.commit().ok());
  const int64_t day = 20751;
  CHECK(total_ms(ledger.day_per_app(day).value(), "film") == 25 * 3'600'000);
  CHECK(total_ms(ledger.day_per_app(day - 1).value(), "film") == 60'000);
  CHECK(total_ms(ledger.day_per_app(day + 1).value(), "film") == 60'000);
}

TEST_CASE("ledger: heartbeats and idle moments outside years 0001..9999 are refused, nothing recorded",
          "[ledger][merge][extreme]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path, .pulse_s = 30}, tw::TimeZone::utc());
  constexpr int64_t kMax = INT64_MAX;
  for (const tw::Heartbeat hb : {tw::Heartbeat{"feed", "social", INT64_MIN, 0},
                                 tw::Heartbeat{"feed", "social", kT0_ms, kMax},
                                 tw::Heartbeat{"feed", "social", tw::kMaxUnixMs, 1}}) {
    auto r = ledger.record_heartbeat(hb);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == tw::Errc::invalid_argument);
  }
  CHECK_FALSE(ledger.record_idle({.start_ms = kT0_ms, .duration_ms = kMax}).ok());
  CHECK_FALSE(ledger.import_intervals(std::vector<tw::AttendedInterval>{{"feed", "social", INT64_MIN, kMax}}).ok());
  REQUIRE(ledger.record_heartbeat({"feed", "social", tw::kMaxUnixMs, 0}).ok());
  REQUIRE(ledger.commit().ok());
  CHECK(intervals(path) == 1);
}

TEST_CASE("ledger: exact heartbeats never fill a gap, even within the pulse", "[ledger][merge]") {
  // The Engine's spans are exact: a gap is time the app was not attended
  // (another app, maybe another process, had the wearer), so it stays out.
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path, .pulse_s = 30}, tw::TimeZone::utc());
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms, 10'000, true}).ok());
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms + 10'000, 5'000, true}).ok());  // contiguous: merges
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms + 25'000, 5'000, true}).ok());  // 10 s gap: does not
  REQUIRE(ledger.commit().ok());
  CHECK(intervals(path) == 2);
  CHECK(total_ms(ledger.day_per_app(kDayT0).value(), "feed") == 20'000);
}
