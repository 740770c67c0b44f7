// Schema migration v1 -> v2 (-> v3) from a checked-in v1 file: the rollups the
// migration fills must equal the raw rows, summed by hand and by query.
#include <fstream>
#include <sstream>

#include "ledger_test_util.hpp"

using namespace tw_test;

namespace {
std::string read_text(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string make_v1(const TempDir& dir) {
  const auto path = dir.file("v1.db");
  sql_exec(path, read_text(std::string(TW_SOURCE_DIR) + "/tests/data/ledger/v1.sql"));
  REQUIRE(sql_int(path, "PRAGMA user_version") == 1);
  return path;
}

constexpr int64_t kMin = 60'000;
}  // namespace

TEST_CASE("ledger: a v1 file migrates (v1 -> ... -> v6) with rollups equal to the raw rows", "[ledger][migration]") {
  auto tz = tw::TimeZone::load("Europe/Berlin");
  REQUIRE(tz.ok());
  TempDir dir;
  const auto path = make_v1(dir);
  auto ledger = open_ledger({.path = path}, tz.value());
  CHECK(sql_int(path, "PRAGMA user_version") == 10);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM answer") == 0);  // v7: the table exists, empty
  CHECK(sql_int(path, "SELECT COUNT(*) FROM notification") == 0);  // v8: older ledgers had none
  // v9: the fixture's shown and continued rows are one prompt, answered after 60 s;
  // its later left has no shown before it and is no prompt.
  CHECK(sql_int(path, "SELECT COUNT(*) FROM friction_outcome") == 1);
  CHECK(sql_int(path, "SELECT decide_ms FROM friction_outcome WHERE answer = 'continued'") == 60'000);

  // By hand, from the fixture's comments.
  auto mar28 = ledger.day_per_app(kDayMar28).value();
  CHECK(total_ms(mar28, "feed") == 45 * kMin);
  CHECK(total_ms(mar28, "mail") == 90 * kMin);
  CHECK(total_ms(mar28, "reader") == 20 * kMin);
  auto mar29 = ledger.day_per_app(kDayMar29).value();
  CHECK(total_ms(mar29, "reader") == 25 * kMin);
  CHECK(total_ms(mar29, "feed") == 40 * kMin);  // 30 min across the DST gap + 10 min before midnight
  auto mar30 = ledger.day_per_app(kDayMar30).value();
  CHECK(total_ms(mar30, "feed") == 10 * kMin);
  CHECK(total_ms(mar30, "mail") == 30 * kMin);
  CHECK(mar30.size() == 2);  // the zero-length interval counts nothing

  // By query over the raw intervals, for every day the fixture touches.
  for (int64_t day = kDayMar28 - 1; day <= kDayMar30 + 1; ++day) {
    INFO("day " << day);
    const auto rollup = ledger.day_per_app(day).value();
    const auto raw = ledger.day_per_app_raw(day).value();
    REQUIRE(rollup.size() == raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
      CHECK(rollup[i].name == raw[i].name);
      CHECK(rollup[i].attended_ms == raw[i].attended_ms);
    }
  }

  // Weeks: Monday 03-23 00:00 CET to Monday 03-30 00:00 CEST, and the next.
  const auto week1 = ledger.week_per_category(kBerlinMar29Start_s).value();
  CHECK(total_ms(week1, "social") == 85 * kMin);
  CHECK(total_ms(week1, "work") == 90 * kMin);
  CHECK(total_ms(week1, "books") == 45 * kMin);
  const int64_t week1_start_ms = 1774220400000, week2_start_ms = kBerlinMar30Start_s * 1000;
  CHECK(total_ms(week1, "social") ==
        sql_int(path, "SELECT SUM(MIN(end_ms, " + std::to_string(week2_start_ms) + ") - MAX(start_ms, " +
                          std::to_string(week1_start_ms) + ")) FROM interval WHERE category_id = 1 AND start_ms < " +
                          std::to_string(week2_start_ms)));
  const auto week2 = ledger.week_per_category(kBerlinMar30Start_s).value();
  CHECK(total_ms(week2, "social") == 10 * kMin);
  CHECK(total_ms(week2, "work") == 30 * kMin);

  // Day totals from idle moments, friction and blocks.
  const auto s28 = ledger.day_summary(kDayMar28).value();
  CHECK(s28.filled_ms == 5 * kMin);
  CHECK(s28.protected_ms == 2 * kMin);
  CHECK(s28.friction_shown == 1);
  CHECK(s28.bypasses == 1);
  CHECK(s28.bypass_extension_s == 300);
  const auto s29 = ledger.day_summary(kDayMar29).value();
  CHECK(s29.protected_ms == 3 * kMin);
  CHECK(s29.friction_left == 1);
  CHECK(ledger.day_summary(kDayMar30).value().blocks == 1);
}

TEST_CASE("ledger: a migrated ledger keeps recording and merging", "[ledger][migration]") {
  auto tz = tw::TimeZone::load("Europe/Berlin");
  REQUIRE(tz.ok());
  TempDir dir;
  const auto path = make_v1(dir);
  {
    auto ledger = open_ledger({.path = path}, tz.value());
    // The last v1 interval is reader/books at 03-30 12:00 (zero length). It
    // is not continued (another process may own it): the gap is not filled,
    // and the new heartbeats merge among themselves.
    REQUIRE(ledger.record_heartbeat({"reader", "books", 1774864800000 + 20'000, 0}).ok());
    REQUIRE(ledger.record_heartbeat({"reader", "books", 1774864800000 + 25'000, 0}).ok());
    REQUIRE(ledger.record_heartbeat({"podcast", "audio", 1774864800000 + 30'000, 10'000}).ok());
    REQUIRE(ledger.commit().ok());
  }
  auto ledger = open_ledger({.path = path}, tz.value());
  CHECK(sql_int(path, "SELECT COUNT(*) FROM interval") == 9);
  CHECK(sql_int(path, "SELECT MAX(id) FROM app") == 4);
  const auto mar30 = ledger.day_per_app(kDayMar30).value();
  CHECK(total_ms(mar30, "reader") == 5'000);
  CHECK(total_ms(mar30, "podcast") == 10'000);
}

TEST_CASE("ledger: opening in another zone rebuilds the rollups for that zone's days", "[ledger][migration]") {
  TempDir dir;
  const auto path = make_v1(dir);
  { auto berlin = open_ledger({.path = path}, tw::TimeZone::load("Europe/Berlin").value()); }
  auto utc = open_ledger({.path = path}, tw::TimeZone::utc());
  // Interval 3 (22:40Z-23:25Z on 03-28) is all on the UTC day 03-28.
  CHECK(total_ms(utc.day_per_app(kDayMar28).value(), "reader") == 45 * kMin);
  for (int64_t day = kDayMar28 - 1; day <= kDayMar30 + 1; ++day) {
    const auto rollup = utc.day_per_app(day).value();
    const auto raw = utc.day_per_app_raw(day).value();
    REQUIRE(rollup.size() == raw.size());
    for (size_t i = 0; i < raw.size(); ++i) CHECK(rollup[i].attended_ms == raw[i].attended_ms);
  }
}
