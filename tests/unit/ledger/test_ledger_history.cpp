// Raw intervals out, recorded day range, and imports that never count
// attended time twice, on real SQLite files.
#include "ledger_test_util.hpp"

using namespace tw_test;

namespace {
constexpr int64_t kT0_ms = 1'780'000'000'000;  // 2026-05-28 20:26:40 UTC
constexpr int64_t kDayT0 = kT0_ms / 86'400'000;
constexpr int64_t kMin = 60'000;
}  // namespace

TEST_CASE("ledger: intervals() lists committed intervals overlapping a range, in time order",
          "[ledger][history]") {
  TempDir dir;
  auto ledger = open_ledger({.path = dir.file("l.db"), .pulse_s = 30}, tw::TimeZone::utc());
  CHECK_FALSE(ledger.recorded_days().value().has_value());
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms, 10 * kMin}).ok());
  REQUIRE(ledger.record_heartbeat({"mail", "work", kT0_ms + 20 * kMin, 5 * kMin}).ok());
  CHECK(ledger.intervals(0, kT0_ms * 2).value().empty());  // pending is not committed
  REQUIRE(ledger.commit().ok());
  const auto all = ledger.intervals(0, kT0_ms * 2).value();
  REQUIRE(all.size() == 2);
  CHECK(all[0].app == "feed");
  CHECK(all[0].category == "social");
  CHECK(all[0].start_ms == kT0_ms);
  CHECK(all[0].end_ms == kT0_ms + 10 * kMin);
  CHECK(all[1].app == "mail");
  const auto tail = ledger.intervals(kT0_ms + 9 * kMin, kT0_ms + 21 * kMin).value();
  CHECK(tail.size() == 2);
  CHECK(ledger.intervals(kT0_ms + 10 * kMin, kT0_ms + 20 * kMin).value().empty());  // half-open both sides
  const auto days = ledger.recorded_days().value();
  REQUIRE(days.has_value());
  CHECK(days->first == kDayT0);
  CHECK(days->last == kDayT0);
}

TEST_CASE("ledger: import adds only time not already covered, so a second import adds nothing",
          "[ledger][history][import]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path, .pulse_s = 30}, tw::TimeZone::utc());
  // Recorded live: feed 10:00-10:10 (relative minutes).
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms, 10 * kMin}).ok());
  // Imported, out of order: mail 5..15 overlaps feed by 5 min; docs 30..40; docs 35..45 overlaps itself.
  const std::vector<tw::AttendedInterval> history = {
      {"docs", "work", kT0_ms + 30 * kMin, kT0_ms + 40 * kMin},
      {"mail", "work", kT0_ms + 5 * kMin, kT0_ms + 15 * kMin},
      {"docs", "work", kT0_ms + 35 * kMin, kT0_ms + 45 * kMin},
  };
  const auto first = ledger.import_intervals(history);
  REQUIRE(first.ok());
  CHECK(first->added_ms == 5 * kMin + 10 * kMin + 5 * kMin);
  CHECK(first->skipped_ms == 5 * kMin + 5 * kMin);
  CHECK(first->intervals == 3);
  const auto apps = ledger.day_per_app(kDayT0).value();
  CHECK(total_ms(apps, "feed") == 10 * kMin);
  CHECK(total_ms(apps, "mail") == 5 * kMin);
  CHECK(total_ms(apps, "docs") == 15 * kMin);
  // The rollup agrees with the raw intervals.
  const auto raw = ledger.day_per_app_raw(kDayT0).value();
  CHECK(total_ms(raw, "mail") == 5 * kMin);
  CHECK(total_ms(raw, "docs") == 15 * kMin);

  const auto second = ledger.import_intervals(history);
  REQUIRE(second.ok());
  CHECK(second->added_ms == 0);
  CHECK(second->intervals == 0);
  CHECK(total_ms(ledger.day_per_app(kDayT0).value(), "docs") == 15 * kMin);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM interval") == 4);

  // Live recording goes on after an import, with new interval ids.
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms + 50 * kMin, kMin}).ok());
  REQUIRE(ledger.commit().ok());
  CHECK(total_ms(ledger.day_per_app(kDayT0).value(), "feed") == 11 * kMin);
}

TEST_CASE("ledger: an invalid imported interval writes nothing", "[ledger][history][import]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  const std::vector<tw::AttendedInterval> bad = {
      {"docs", "work", kT0_ms, kT0_ms + kMin},
      {"docs", "work", kT0_ms + 5 * kMin, kT0_ms + 4 * kMin},
  };
  const auto r = ledger.import_intervals(bad);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == tw::Errc::invalid_argument);
  CHECK(r.error().message.find("imported interval 1 ends before it starts") != std::string::npos);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM interval") == 0);
  const std::vector<tw::AttendedInterval> unnamed = {{"", "work", kT0_ms, kT0_ms + kMin}};
  CHECK_FALSE(ledger.import_intervals(unnamed).ok());
  CHECK(sql_int(path, "SELECT COUNT(*) FROM interval") == 0);
}

TEST_CASE("ledger: import into a read-only ledger fails and changes nothing", "[ledger][history][import]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  {
    auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
    REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms, kMin}).ok());
    REQUIRE(ledger.commit().ok());
  }
  auto ro = open_ledger({.path = path, .read_only = true}, tw::TimeZone::utc());
  const std::vector<tw::AttendedInterval> history = {{"docs", "work", kT0_ms + 5 * kMin, kT0_ms + 6 * kMin}};
  CHECK_FALSE(ro.import_intervals(history).ok());
  CHECK(sql_int(path, "SELECT COUNT(*) FROM interval") == 1);
}
