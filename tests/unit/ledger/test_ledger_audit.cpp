// The append-only audit log of policy changes and bypasses, chained by
// hashes: intact chains verify, edited or deleted rows are named.
#include "ledger_test_util.hpp"

using namespace tw_test;

namespace {
constexpr int64_t kT0_ms = 1'780'000'000'000;

void record_three(tw::Ledger& ledger) {
  REQUIRE(ledger.record_policy_change({kT0_ms, "", "aa11"}).ok());
  REQUIRE(ledger.record_friction({kT0_ms + 1'000, "feed", "social", tw::FrictionOutcome::shown, 0}).ok());
  REQUIRE(ledger.record_friction({kT0_ms + 2'000, "feed", "social", tw::FrictionOutcome::continued, 300}).ok());
  REQUIRE(ledger.record_policy_change({kT0_ms + 3'000, "aa11", "bb22"}).ok());
  REQUIRE(ledger.commit().ok());
}

tw::AuditCheck verify(const tw::Ledger& ledger) {
  auto r = ledger.verify_audit_chain();
  REQUIRE(r.ok());
  return r.value();
}

bool mentions(const tw::AuditCheck& c, const std::string& a, const std::string& b) {
  for (const auto& p : c.problems) {
    if (p.find(a) != std::string::npos && p.find(b) != std::string::npos) return true;
  }
  return false;
}
}  // namespace

TEST_CASE("ledger audit: policy changes and bypasses form an intact chain across reopen", "[ledger][audit]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  {
    auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
    record_three(ledger);
    const auto c = verify(ledger);
    CHECK(c.rows == 3);  // the friction prompt shown is not audited
    CHECK(c.intact());
  }
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  REQUIRE(ledger.record_friction({kT0_ms + 9'000, "chat", "social", tw::FrictionOutcome::continued, 60}).ok());
  REQUIRE(ledger.commit().ok());
  const auto c = verify(ledger);
  CHECK(c.rows == 4);
  CHECK(c.intact());
  CHECK(sql_int(path, "SELECT COUNT(*) FROM audit WHERE kind = 'bypass' AND body = "
                      "'app=chat category=social extension_s=60'") == 1);
}

TEST_CASE("ledger audit: the table refuses UPDATE and DELETE", "[ledger][audit]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  record_three(ledger);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, "UPDATE audit SET body = 'x' WHERE id = 1", nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
  CHECK(sqlite3_exec(db, "DELETE FROM audit WHERE id = 1", nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
  sqlite3_close(db);
  CHECK(verify(ledger).intact());
}

TEST_CASE("ledger audit: an edited row is detected and named", "[ledger][audit]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  record_three(ledger);
  // A tamperer who drops the trigger and shortens the granted extension.
  sql_exec(path, "DROP TRIGGER audit_no_update; "
                 "UPDATE audit SET body = replace(body, 'extension_s=300', 'extension_s=30') WHERE id = 2");
  const auto c = verify(ledger);
  CHECK_FALSE(c.intact());
  CHECK(mentions(c, "audit row 2", "edited"));
  CHECK(c.problems.size() == 1);
}

TEST_CASE("ledger audit: a deleted row in the middle is detected and named", "[ledger][audit]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  record_three(ledger);
  sql_exec(path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2");
  const auto c = verify(ledger);
  CHECK_FALSE(c.intact());
  CHECK(mentions(c, "audit row 3", "rows 2..2 were deleted"));
}

TEST_CASE("ledger audit: rows deleted from the end are detected", "[ledger][audit]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  record_three(ledger);
  sql_exec(path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 3");
  const auto c = verify(ledger);
  CHECK_FALSE(c.intact());
  CHECK(mentions(c, "audit head", "ends at row 3"));
}

TEST_CASE("ledger audit: a keyed chain verifies only with its key", "[ledger][audit]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  const std::string key_a(32, 'a'), key_b(32, 'b');
  { auto ledger = open_ledger({.path = path, .audit_key = key_a}, tw::TimeZone::utc()); record_three(ledger); }
  CHECK(verify(open_ledger({.path = path, .audit_key = key_a}, tw::TimeZone::utc())).intact());
  const auto wrong = verify(open_ledger({.path = path, .audit_key = key_b}, tw::TimeZone::utc()));
  CHECK(mentions(wrong, "audit row 1", "edited"));
  CHECK(mentions(wrong, "audit row 3", "edited"));
  CHECK(tw::Ledger::open({.path = path, .audit_key = "short"}, tw::TimeZone::utc()).error().code ==
        tw::Errc::invalid_argument);
}

TEST_CASE("ledger audit: a failed commit leaves the chain where it was", "[ledger][audit]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path, .busy_timeout_ms = 1}, tw::TimeZone::utc());
  REQUIRE(ledger.record_policy_change({kT0_ms, "", "aa11"}).ok());
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    CHECK_FALSE(ledger.commit().ok());
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  REQUIRE(ledger.record_policy_change({kT0_ms + 1, "aa11", "bb22"}).ok());
  REQUIRE(ledger.commit().ok());
  const auto c = verify(ledger);
  CHECK(c.rows == 2);
  CHECK(c.intact());
}

TEST_CASE("ledger audit: migration puts existing policy changes and bypasses in the chain", "[ledger][audit][migration]") {
  TempDir dir;
  const auto path = dir.file("v1.db");
  std::ifstream in(std::string(TW_SOURCE_DIR) + "/tests/data/ledger/v1.sql");
  const std::string sql((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  sql_exec(path, sql);
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  const auto c = verify(ledger);
  CHECK(c.rows == 2);
  CHECK(c.intact());
  CHECK(sql_int(path, "SELECT COUNT(*) FROM audit WHERE id = 1 AND kind = 'policy_change' AND body = 'old= new=c0ffee'") == 1);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM audit WHERE id = 2 AND kind = 'bypass' AND "
                      "body = 'app=feed category=social extension_s=300'") == 1);
}
