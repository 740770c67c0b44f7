// The durability contract: recorded = committed, group commit, failed commits
// keep events in a bounded buffer, losses are counted and reported.
#include <sys/stat.h>
#include <unistd.h>

#include "ledger_test_util.hpp"

using namespace tw_test;

namespace {
constexpr int64_t kT0_ms = 1'780'000'000'000;
constexpr int64_t kDayT0 = kT0_ms / 86'400'000;

// Holds SQLite's write lock from a second connection, like another writer.
class WriteLock {
 public:
  explicit WriteLock(const std::string& path) {
    REQUIRE(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  ~WriteLock() {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
  }
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

 private:
  sqlite3* db_ = nullptr;
};

void record_day(tw::Ledger& ledger) {
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms, 60'000}).ok());
  REQUIRE(ledger.record_heartbeat({"mail", "work", kT0_ms + 60'000, 30'000}).ok());
  REQUIRE(ledger.record_idle({kT0_ms + 100'000, 20'000, tw::IdleMode::fill, "vocab-12", "idle_fill"}).ok());
  REQUIRE(ledger.record_idle({kT0_ms + 130'000, 15'000, tw::IdleMode::protect, "", "idle_protect"}).ok());
  REQUIRE(ledger.record_friction({kT0_ms + 150'000, "feed", "social", tw::FrictionOutcome::shown, 0}).ok());
  REQUIRE(ledger.record_friction({kT0_ms + 160'000, "feed", "social", tw::FrictionOutcome::continued, 300}).ok());
  REQUIRE(ledger.record_friction({kT0_ms + 170'000, "feed", "social", tw::FrictionOutcome::left, 0}).ok());
  REQUIRE(ledger.record_block({kT0_ms + 180'000, "feed", "social", "budget_exhausted"}).ok());
  REQUIRE(ledger.record_policy_change({kT0_ms + 190'000, "aa11", "bb22"}).ok());
}

void check_day(const tw::Ledger& ledger) {
  const auto apps = ledger.day_per_app(kDayT0).value();
  REQUIRE(apps.size() == 2);
  CHECK(apps[0].name == "feed");
  CHECK(apps[0].attended_ms == 60'000);
  CHECK(apps[1].name == "mail");
  CHECK(apps[1].attended_ms == 30'000);
  const auto s = ledger.day_summary(kDayT0).value();
  CHECK(s.filled_ms == 20'000);
  CHECK(s.protected_ms == 15'000);
  CHECK(s.friction_shown == 1);
  CHECK(s.friction_left == 1);
  CHECK(s.bypasses == 1);
  CHECK(s.bypass_extension_s == 300);
  CHECK(s.blocks == 1);
}
}  // namespace

TEST_CASE("ledger: durable_seq advances only on commit", "[ledger][durability]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  CHECK(ledger.durable_seq() == 0);
  record_day(ledger);
  CHECK(ledger.last_seq() == 9);
  CHECK(ledger.durable_seq() == 0);
  CHECK(ledger.pending_events() == 9);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM interval") == 0);  // nothing claimed, nothing written
  REQUIRE(ledger.commit().ok());
  CHECK(ledger.durable_seq() == 9);
  CHECK(ledger.pending_events() == 0);
  REQUIRE(ledger.record_block({kT0_ms + 200'000, "feed", "social", "window_sleep"}).ok());
  CHECK(ledger.durable_seq() == 9);
  CHECK(ledger.last_seq() == 10);
  check_day(ledger);  // queries see committed events only: one block so far
}

TEST_CASE("ledger: close and reopen keeps everything committed", "[ledger][durability]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  {
    auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
    record_day(ledger);
    REQUIRE(ledger.commit().ok());
  }
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  check_day(ledger);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM policy_change WHERE old_hash = 'aa11' AND new_hash = 'bb22'") == 1);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM idle_moment WHERE item_id = 'vocab-12' AND mode = 'fill'") == 1);
  CHECK(sql_int(path, "PRAGMA user_version") == 10);
}

TEST_CASE("ledger: the destructor commits pending events", "[ledger][durability]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  {
    auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
    record_day(ledger);
  }
  check_day(open_ledger({.path = path}, tw::TimeZone::utc()));
}

TEST_CASE("ledger: a moved-to ledger commits what it replaced", "[ledger][durability]") {
  TempDir dir;
  auto a = open_ledger({.path = dir.file("a.db")}, tw::TimeZone::utc());
  auto b = open_ledger({.path = dir.file("b.db")}, tw::TimeZone::utc());
  record_day(a);
  a = std::move(b);
  check_day(open_ledger({.path = dir.file("a.db")}, tw::TimeZone::utc()));
}

TEST_CASE("ledger: a failed commit keeps the batch and the next commit writes it", "[ledger][durability]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path, .busy_timeout_ms = 1}, tw::TimeZone::utc());
  record_day(ledger);
  {
    WriteLock other(path);
    auto st = ledger.commit();
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().message.find("9 events held in memory") != std::string::npos);
    CHECK(ledger.durable_seq() == 0);
    CHECK(ledger.pending_events() == 9);
  }
  REQUIRE(ledger.commit().ok());
  CHECK(ledger.durable_seq() == 9);
  check_day(ledger);
  // The retried batch is written once, not twice.
  CHECK(sql_int(path, "SELECT COUNT(*) FROM friction") == 3);
}

TEST_CASE("ledger: buffer overflow drops the oldest, counted and reported", "[ledger][durability]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  std::vector<tw::Error> reported;
  auto ledger = open_ledger(
      {.path = path, .busy_timeout_ms = 1, .max_pending = 5, .on_error = [&](const tw::Error& e) { reported.push_back(e); }},
      tw::TimeZone::utc());
  {
    WriteLock other(path);
    for (int i = 0; i < 8; ++i) REQUIRE(ledger.record_block({kT0_ms + i, "feed", "social", "x"}).ok());
    CHECK(ledger.pending_events() == 5);
    CHECK(ledger.lost_events() == 3);
    CHECK_FALSE(ledger.commit().ok());
  }
  REQUIRE(reported.size() == 1);
  CHECK(reported[0].message.find("dropped 3 oldest events") != std::string::npos);
  REQUIRE(ledger.commit().ok());
  CHECK(reported.size() == 1);  // reported once, not at every commit
  CHECK(sql_int(path, "SELECT COUNT(*) FROM block") == 5);
  CHECK(sql_int(path, "SELECT MIN(at_ms) FROM block") == kT0_ms + 3);  // the newest five survived
  CHECK(ledger.durable_seq() == ledger.last_seq());
}

TEST_CASE("ledger: heartbeats merged while commits fail take one buffer slot", "[ledger][durability]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path, .busy_timeout_ms = 1, .max_pending = 2}, tw::TimeZone::utc());
  {
    WriteLock other(path);
    for (int i = 0; i < 1000; ++i) REQUIRE(ledger.record_heartbeat({"feed", "social", kT0_ms + i * 1'000, 0}).ok());
    CHECK_FALSE(ledger.commit().ok());
    CHECK(ledger.lost_events() == 0);
    CHECK(ledger.pending_events() == 1000);
  }
  REQUIRE(ledger.commit().ok());
  CHECK(total_ms(ledger.day_per_app(kDayT0).value(), "feed") == 999'000);
}

TEST_CASE("ledger: a full disk gives ledger_full and keeps the events", "[ledger][durability][faults]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  std::vector<tw::Error> reported;
  {
    auto ledger = open_ledger({.path = path, .max_size_bytes = 128 * 1024,
                               .on_error = [&](const tw::Error& e) { reported.push_back(e); }},
                              tw::TimeZone::utc());
    const std::string reason(400, 'r');
    for (int i = 0; i < 2000; ++i) {
      REQUIRE(ledger.record_idle({kT0_ms + i * 1'000, 500, tw::IdleMode::protect, "", reason}).ok());
    }
    auto st = ledger.commit();
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == tw::Errc::ledger_full);
    CHECK(st.error().message.find(path) != std::string::npos);
    CHECK(ledger.pending_events() == 2000);
    CHECK(ledger.durable_seq() == 0);
    CHECK(ledger.lost_events() == 0);
    // The destructor tries once more, fails, and says so through on_error.
  }
  REQUIRE(reported.size() == 1);
  CHECK(reported[0].code == tw::Errc::ledger_full);
  CHECK(reported[0].message.find("at close") != std::string::npos);
  CHECK(sql_int(path, "PRAGMA integrity_check = 1") == 0);  // "ok" reads as integer 0
  CHECK(sql_int(path, "SELECT COUNT(*) FROM idle_moment") == 0);
}

TEST_CASE("ledger: a read-only ledger answers queries and keeps new events in memory", "[ledger][faults]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  {
    auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
    record_day(ledger);
    REQUIRE(ledger.commit().ok());
  }
  const auto before = file_bytes(path);
  std::vector<tw::Error> reported;
  {
    auto ledger = open_ledger({.path = path, .read_only = true,
                               .on_error = [&](const tw::Error& e) { reported.push_back(e); }},
                              tw::TimeZone::utc());
    check_day(ledger);
    REQUIRE(ledger.record_block({kT0_ms + 500'000, "feed", "social", "x"}).ok());
    auto st = ledger.commit();
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == tw::Errc::ledger_readonly);
    CHECK(ledger.pending_events() == 1);
    CHECK(ledger.durable_seq() == 0);
  }
  CHECK(reported.size() == 1);
  CHECK(file_bytes(path) == before);
}

TEST_CASE("ledger: a ledger file without write permission reports ledger_readonly", "[ledger][faults]") {
  if (geteuid() == 0) TW_SKIP("running as root: file modes do not stop root; the read_only test covers this");
  TempDir dir;
  const auto path = dir.file("l.db");
  { auto ledger = open_ledger({.path = path}, tw::TimeZone::utc()); }
  REQUIRE(chmod(path.c_str(), 0400) == 0);
  auto ledger = tw::Ledger::open({.path = path}, tw::TimeZone::utc());
  if (!ledger.ok()) {
    CHECK(ledger.error().code == tw::Errc::ledger_readonly);
    return;
  }
  REQUIRE(ledger->record_block({kT0_ms, "feed", "social", "x"}).ok());
  auto st = ledger->commit();
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().code == tw::Errc::ledger_readonly);
  CHECK(ledger->pending_events() == 1);
}
