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

TEST_CASE("ledger audit: the v5 and v6 migrations keep the chain and its triggers, and take refusals and PIN changes", "[ledger][audit][migration]") {
  TempDir dir;
  const auto path = dir.file("v1.db");
  std::ifstream in(std::string(TW_SOURCE_DIR) + "/tests/data/ledger/v1.sql");
  const std::string sql((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  sql_exec(path, sql);
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  CHECK(sql_int(path, "PRAGMA user_version") == 10);
  // The row from v1 is remembered by hash only: it kept no text.
  const auto last = ledger.last_accepted_policy();
  REQUIRE(last.ok());
  REQUIRE(last.value().has_value());
  CHECK(last.value()->hash == "c0ffee");
  CHECK(last.value()->text.empty());
  REQUIRE(ledger.record_policy_refusal({kT0_ms, "policy.toml", "pin_required", "c0ffee"}).ok());
  REQUIRE(ledger.commit().ok());
  const auto c = verify(ledger);
  CHECK(c.rows == 3);
  CHECK(c.intact());
  CHECK(sql_int(path, "SELECT COUNT(*) FROM audit WHERE kind = 'policy_refused' AND "
                      "body = 'source=policy.toml code=pin_required active=c0ffee'") == 1);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, "UPDATE audit SET body = 'x' WHERE id = 3", nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
  CHECK(sqlite3_exec(db, "DELETE FROM audit WHERE id = 3", nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
  CHECK(sqlite3_exec(db, "INSERT INTO audit(at_ms, kind, body, prev_hash, hash) VALUES(0, 'Other kind', '', x'', x'')",
                     nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);  // kind outside the v6 CHECK
  CHECK(sqlite3_exec(db, "INSERT INTO audit(at_ms, kind, body, prev_hash, hash) VALUES(0, '', '', x'', x'')",
                     nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
  sqlite3_close(db);
  // v6: a new kind needs no copy of the table; the chain takes it.
  REQUIRE(ledger.record_guardian_pin({kT0_ms + 5, "0011223344556677"}).ok());
  REQUIRE(ledger.commit().ok());
  const auto after = verify(ledger);
  CHECK(after.rows == 4);
  CHECK(after.intact());
  CHECK(sql_int(path, "SELECT COUNT(*) FROM audit WHERE kind = 'guardian_pin' AND body = 'pin=0011223344556677'") == 1);
}

TEST_CASE("ledger: the last accepted policy and its text survive a reopen", "[ledger][audit]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  {
    auto none = tw::Ledger::read_last_accepted_policy(path);
    REQUIRE(none.ok());
    CHECK_FALSE(none.value().has_value());  // no file yet
    auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
    CHECK_FALSE(ledger.last_accepted_policy().value().has_value());
    REQUIRE(ledger.record_policy_change({kT0_ms, "", "aa11", "schema = 1\n"}).ok());
    REQUIRE(ledger.record_policy_change({kT0_ms + 1, "aa11", "bb22", "schema = 1\n# two\n"}).ok());
    CHECK_FALSE(ledger.last_accepted_policy().value().has_value());  // not committed yet
    REQUIRE(ledger.commit().ok());
  }
  auto last = tw::Ledger::read_last_accepted_policy(path);
  REQUIRE(last.ok());
  REQUIRE(last.value().has_value());
  CHECK(last.value()->hash == "bb22");
  CHECK(last.value()->text == "schema = 1\n# two\n");
  CHECK(last.value()->at_ms == kT0_ms + 1);
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  CHECK(verify(ledger).intact());
  // A refusal is not an accepted policy.
  REQUIRE(ledger.record_policy_refusal({kT0_ms + 2, "p.toml", "pin_wrong", "bb22"}).ok());
  REQUIRE(ledger.commit().ok());
  CHECK(ledger.last_accepted_policy().value()->hash == "bb22");
  CHECK_FALSE(ledger.record_policy_refusal({kT0_ms, "", "pin_wrong", "bb22"}).ok());
}

TEST_CASE("ledger: the last accepted policy is the audit log's, not a row added by hand", "[ledger][audit]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  {
    auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
    REQUIRE(ledger.record_policy_change({kT0_ms, "", "aa11", "youth on"}).ok());
    REQUIRE(ledger.commit().ok());
  }
  // A row slipped into policy_change (youth off) is not in the chain.
  sql_exec(path, "INSERT INTO policy_change(at_ms, old_hash, new_hash, policy) VALUES(1, 'aa11', 'ff00', 'youth off')");
  auto last = tw::Ledger::read_last_accepted_policy(path);
  REQUIRE(last.ok());
  REQUIRE(last.value().has_value());
  CHECK(last.value()->hash == "aa11");
  CHECK(last.value()->text == "youth on");
  // The row the chain names, deleted: reported, not silently replaced.
  sql_exec(path, "DELETE FROM policy_change WHERE new_hash = 'aa11'");
  last = tw::Ledger::read_last_accepted_policy(path);
  REQUIRE_FALSE(last.ok());
  CHECK(last.error().code == tw::Errc::ledger_corrupt);
  CHECK(last.error().message.find("aa11") != std::string::npos);
}

TEST_CASE("ledger: wrong guardian PINs since the last accepted policy are counted", "[ledger][audit]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  REQUIRE(ledger.record_policy_refusal({kT0_ms, "p.toml", "pin_wrong", "00"}).ok());  // before any policy
  REQUIRE(ledger.record_policy_change({kT0_ms + 1, "", "aa11", "t"}).ok());
  REQUIRE(ledger.record_policy_refusal({kT0_ms + 2, "p.toml", "pin_wrong", "aa11"}).ok());
  REQUIRE(ledger.record_policy_refusal({kT0_ms + 3, "p.toml", "pin_required", "aa11"}).ok());
  REQUIRE(ledger.record_policy_refusal({kT0_ms + 4, "p.toml", "pin_backoff", "aa11"}).ok());
  REQUIRE(ledger.record_policy_refusal({kT0_ms + 5, "p.toml", "pin_wrong", "aa11"}).ok());
  REQUIRE(ledger.commit().ok());
  CHECK(ledger.last_accepted_policy().value()->wrong_pins == 2);
  REQUIRE(ledger.record_policy_change({kT0_ms + 6, "aa11", "bb22", "u"}).ok());
  REQUIRE(ledger.commit().ok());
  CHECK(ledger.last_accepted_policy().value()->wrong_pins == 0);
}
