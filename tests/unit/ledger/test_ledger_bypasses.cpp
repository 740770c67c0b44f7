// Bypasses per budget (schema v4): the query Engine uses to restore the
// "continue anyway" grants already used in a budget's period after a restart.
#include "ledger_test_util.hpp"

using namespace tw_test;

namespace {
constexpr int64_t kT0 = 1774740600000;  // 2026-03-29 00:30 CET (Berlin), the spring-forward day
constexpr int64_t kMin = 60'000;
}  // namespace

TEST_CASE("ledger: bypasses_per_budget counts continued outcomes per budget from a start up to an end", "[ledger][bypass]") {
  auto tz = tw::TimeZone::load("Europe/Berlin");
  REQUIRE(tz.ok());
  TempDir dir;
  const auto path = dir.file("bypass.db");
  {
    auto ledger = open_ledger({.path = path}, tz.value());
    using O = tw::FrictionOutcome;
    auto ev = [&](int64_t at, O o, std::string_view budget, int64_t ext) {
      REQUIRE(ledger.record_friction({.at_ms = at, .app = "feed", .category = "social", .outcome = o,
                                      .extension_s = ext, .budget = budget})
                  .ok());
    };
    ev(kT0, O::shown, "social-daily", 0);
    ev(kT0 + kMin, O::continued, "social-daily", 300);
    ev(kT0 + 2 * kMin, O::continued, "social-daily", 300);
    ev(kT0 + 3 * kMin, O::continued, "feed-weekly", 600);
    ev(kT0 + 4 * kMin, O::continued, "", 0);  // a protected-window prompt: no budget
    ev(kT0 + 5 * kMin, O::left, "feed-weekly", 0);
    REQUIRE(ledger.commit().ok());
  }
  // Reopened: the query reads what is on disk.
  auto ledger = open_ledger({.path = path}, tz.value());
  CHECK(sql_int(path, "SELECT COUNT(*) FROM friction WHERE budget = ''") == 1);
  auto all = ledger.bypasses_per_budget(kT0, kT0 + 10 * kMin);
  REQUIRE(all.ok());
  REQUIRE(all.value().size() == 2);
  CHECK(all.value()[0].budget == "feed-weekly");
  CHECK(all.value()[0].count == 1);
  CHECK(all.value()[0].extension_s == 600);
  CHECK(all.value()[1].budget == "social-daily");
  CHECK(all.value()[1].count == 2);
  CHECK(all.value()[1].extension_s == 600);
  // The range is half-open: a bypass at `to` is not in it, one at `from` is.
  auto part = ledger.bypasses_per_budget(kT0 + 2 * kMin, kT0 + 3 * kMin);
  REQUIRE(part.ok());
  REQUIRE(part.value().size() == 1);
  CHECK(part.value()[0].budget == "social-daily");
  CHECK(part.value()[0].count == 1);
  CHECK(ledger.bypasses_per_budget(kT0 + 6 * kMin, kT0 + 60 * kMin).value().empty());
}

TEST_CASE("ledger: bypasses from before schema v4 name no budget and are not counted", "[ledger][bypass][migration]") {
  auto tz = tw::TimeZone::load("Europe/Berlin");
  REQUIRE(tz.ok());
  TempDir dir;
  const auto path = dir.file("v3.db");
  { auto ledger = open_ledger({.path = path}, tz.value()); }
  // Back to a v3 file with one old bypass row: the v4 column removed.
  sql_exec(path,
           "DROP INDEX friction_at; ALTER TABLE friction DROP COLUMN budget; ALTER TABLE policy_change DROP COLUMN policy;"
           "DROP TABLE answer; DROP TABLE notification; DROP TABLE notification_event;"  // v7, v8
           "DROP TABLE friction_outcome;"  // v9
           "PRAGMA user_version = 3;"
           "INSERT INTO app(id, name) VALUES(1, 'feed'); INSERT INTO category(id, name) VALUES(1, 'social');"
           "INSERT INTO friction(at_ms, app_id, category_id, outcome, extension_s) VALUES(" +
               std::to_string(kT0) + ", 1, 1, 'continued', 300);");
  REQUIRE(sql_int(path, "PRAGMA user_version") == 3);
  auto ledger = open_ledger({.path = path}, tz.value());
  CHECK(sql_int(path, "PRAGMA user_version") == 10);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM friction WHERE budget = '' AND outcome = 'continued'") == 1);
  auto rows = ledger.bypasses_per_budget(kT0 - kMin, kT0 + kMin);
  REQUIRE(rows.ok());
  CHECK(rows.value().empty());
  // The migrated file records budgets from now on.
  REQUIRE(ledger.record_friction({.at_ms = kT0 + 1, .app = "feed", .category = "social",
                                  .outcome = tw::FrictionOutcome::continued, .extension_s = 300,
                                  .budget = "social-daily"})
              .ok());
  REQUIRE(ledger.commit().ok());
  rows = ledger.bypasses_per_budget(kT0 - kMin, kT0 + kMin);
  REQUIRE(rows.ok());
  REQUIRE(rows.value().size() == 1);
  CHECK(rows.value()[0].budget == "social-daily");
  CHECK(rows.value()[0].count == 1);
}
