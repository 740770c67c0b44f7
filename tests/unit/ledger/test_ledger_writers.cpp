// Several writers on one ledger file: Ledgers in threads, in forked
// processes, and one Ledger recording on one thread while another commits.
// Checked on disk: every interval is kept once (one row per writer's
// merged interval, the rollups equal the raw intervals), the audit chain
// holds, and usage_elsewhere() gives each writer what the others added.
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "ledger_test_util.hpp"

using namespace tw_test;

namespace {

constexpr int64_t kT0_ms = 1'780'000'000'000;  // 2026-05-28 20:26:40 UTC
constexpr int64_t kDayT0 = kT0_ms / 86'400'000;
constexpr int kWriters = 4;
constexpr int kBeats = 300;  // 1 s heartbeats: 300 s per writer

int64_t elsewhere_ms(const std::vector<tw::UsageElsewhere>& rows, const std::string& app) {
  for (const auto& r : rows)
    if (r.app == app) return r.day_ms;
  return 0;
}

// One writer's share: its own app, a heartbeat a second, a commit every 10,
// a block and a "continue anyway" (an audit row) every 50. Returns false on
// any failure (no REQUIRE: it may run in a forked child).
bool write_share(const std::string& path, int writer) {
  auto opened = tw::Ledger::open({.path = path, .busy_timeout_ms = 20'000}, tw::TimeZone::utc());
  if (!opened) return std::fprintf(stderr, "writer %d: %s\n", writer, opened.error().message.c_str()), false;
  tw::Ledger& ledger = opened.value();
  const std::string app = "app" + std::to_string(writer);
  for (int i = 0; i < kBeats; ++i) {
    const int64_t at = kT0_ms + i * 1000;
    if (!ledger.record_heartbeat({app, "games", at, 1000})) return false;
    if (i % 50 == 49) {
      if (!ledger.record_block({.at_ms = at, .app = app, .category = "games", .reason = "budget_reached"})) return false;
      if (!ledger.record_friction({.at_ms = at, .app = app, .category = "games",
                                   .outcome = tw::FrictionOutcome::continued, .extension_s = 60, .budget = "g"}))
        return false;
    }
    if (i % 10 == 9 && !ledger.commit()) return false;
  }
  return static_cast<bool>(ledger.commit());
}

void check_file(const std::string& path) {
  CHECK(sql_int(path, "SELECT COUNT(*) FROM interval") == kWriters);  // one merged interval each
  CHECK(sql_int(path, "SELECT COUNT(*) FROM app") == kWriters);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM category") == 1);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM block") == kWriters * kBeats / 50);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM friction") == kWriters * kBeats / 50);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM audit") == kWriters * kBeats / 50);
  CHECK(sql_int(path, "SELECT bypasses FROM day_totals") == kWriters * kBeats / 50);
  auto reader = open_ledger({.path = path}, tw::TimeZone::utc());
  const auto rolled = reader.day_per_app(kDayT0).value();
  const auto raw = reader.day_per_app_raw(kDayT0).value();
  REQUIRE(rolled.size() == kWriters);
  REQUIRE(raw.size() == kWriters);
  for (int w = 0; w < kWriters; ++w) {
    const std::string app = "app" + std::to_string(w);
    CHECK(total_ms(rolled, app) == kBeats * 1000);
    CHECK(total_ms(raw, app) == kBeats * 1000);
  }
  CHECK(total_ms(reader.day_per_category(kDayT0).value(), "games") == kWriters * kBeats * 1000);
  const auto chain = reader.verify_audit_chain().value();
  INFO((chain.problems.empty() ? "" : chain.problems.front()));
  CHECK(chain.intact());
  CHECK(chain.rows == kWriters * kBeats / 50);
  std::vector<tw::UsageElsewhere> elsewhere;
  REQUIRE(reader.usage_elsewhere(kDayT0, kDayT0 - 3, elsewhere).ok());  // a reader wrote nothing: all is elsewhere
  REQUIRE(elsewhere.size() == kWriters);
  for (const auto& u : elsewhere) CHECK(u.week_ms == kBeats * 1000);
}

}  // namespace

TEST_CASE("ledger writers: usage_elsewhere is what the other writers committed", "[ledger][writers]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto a = open_ledger({.path = path}, tw::TimeZone::utc());
  auto b = open_ledger({.path = path}, tw::TimeZone::utc());
  REQUIRE(a.record_heartbeat({"x", "games", kT0_ms, 10'000}).ok());
  REQUIRE(a.commit().ok());
  REQUIRE(b.record_heartbeat({"y", "games", kT0_ms, 20'000}).ok());
  REQUIRE(b.record_heartbeat({"x", "games", kT0_ms + 20'000, 5'000}).ok());
  REQUIRE(b.commit().ok());
  std::vector<tw::UsageElsewhere> seen;
  REQUIRE(a.usage_elsewhere(kDayT0, kDayT0, seen).ok());
  CHECK(elsewhere_ms(seen, "x") == 5'000);
  CHECK(elsewhere_ms(seen, "y") == 20'000);
  REQUIRE(b.usage_elsewhere(kDayT0, kDayT0, seen).ok());
  REQUIRE(seen.size() == 1);
  CHECK(elsewhere_ms(seen, "x") == 10'000);
  // The same name from two writers is one app row; each writer's interval its own row.
  CHECK(sql_int(path, "SELECT COUNT(*) FROM app") == 2);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM interval") == 3);
  // A writer does not continue another's interval: b's x starts at its own heartbeat.
  CHECK(sql_int(path, "SELECT MIN(start_ms) FROM interval WHERE start_ms > " + std::to_string(kT0_ms)) ==
        kT0_ms + 20'000);
  // Later heartbeats of a extend a's row, not b's.
  REQUIRE(a.record_heartbeat({"x", "games", kT0_ms + 12'000, 0}).ok());
  REQUIRE(a.commit().ok());
  CHECK(total_ms(a.day_per_app_raw(kDayT0).value(), "x") == 12'000 + 5'000);
  CHECK(total_ms(a.day_per_app(kDayT0).value(), "x") == 12'000 + 5'000);
}

TEST_CASE("ledger writers: four threads, one Ledger each, write one file at once", "[ledger][writers]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  { open_ledger({.path = path}, tw::TimeZone::utc()); }  // the schema, so the writers race on rows only
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) threads.emplace_back([&, w] { ok += write_share(path, w) ? 1 : 0; });
  for (auto& t : threads) t.join();
  REQUIRE(ok == kWriters);
  check_file(path);
}

TEST_CASE("ledger writers: four processes write one new file at once", "[ledger][writers]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  int go[2];
  REQUIRE(pipe(go) == 0);
  std::vector<pid_t> children;
  for (int w = 0; w < kWriters; ++w) {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(go[1]);
      char c;
      (void)!read(go[0], &c, 1);  // all start together: the pipe closes
      _exit(write_share(path, w) ? 0 : 1);
    }
    children.push_back(pid);
  }
  close(go[0]);
  close(go[1]);  // go: the file does not exist yet, so they also race to create it
  for (const pid_t pid : children) {
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  check_file(path);
}

TEST_CASE("ledger writers: recording goes on while another thread commits", "[ledger][writers]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path, .pulse_s = 2}, tw::TimeZone::utc());
  std::atomic<bool> done{false};
  std::atomic<int> commits{0};
  std::thread committer([&] {
    while (!done) {
      if (ledger.commit().ok()) ++commits;
    }
  });
  constexpr int kN = 20'000;
  bool all = true;
  for (int i = 0; i < kN; ++i) {
    // Commits land all along the recording, not only before or after it.
    while (i % 2'000 == 0 && commits < i / 2'000) std::this_thread::yield();
    // Two apps taking turns every 100 beats: new intervals while commits run.
    const std::string_view app = (i / 100) % 2 == 0 ? "a" : "b";
    all = all && ledger.record_heartbeat({app, "games", kT0_ms + i * 100, 100}).ok();
  }
  done = true;
  committer.join();
  REQUIRE(all);
  REQUIRE(ledger.commit().ok());
  CHECK(commits >= kN / 2'000);
  CHECK(ledger.durable_seq() == ledger.last_seq());
  CHECK(ledger.pending_events() == 0);
  const auto apps = ledger.day_per_app(kDayT0).value();
  CHECK(total_ms(apps, "a") + total_ms(apps, "b") == kN * 100);
  CHECK(total_ms(ledger.day_per_app_raw(kDayT0).value(), "a") == total_ms(apps, "a"));
  CHECK(sql_int(path, "SELECT COUNT(*) FROM interval") == kN / 100);
}

// Two writers each number their notifications from the file's highest id at
// open: both hand out 1 and 2. The file gives each its own row, and each
// writer's steps land on its own rows, also when its ids were taken.
TEST_CASE("ledger writers: notifications with the same ids from two writers keep their own rows and steps",
          "[ledger][writers]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto a = open_ledger({.path = path}, tw::TimeZone::utc());
  auto b = open_ledger({.path = path}, tw::TimeZone::utc());
  REQUIRE(a.last_notification_id() == 0);
  REQUIRE(b.last_notification_id() == 0);
  const auto note = [](int64_t id, std::string_view app, std::string_view summary) {
    return tw::NotificationRecord{.id = id, .app = app, .app_name = app, .summary = summary, .received_ms = kT0_ms + id};
  };
  for (int64_t id : {1, 2}) {
    REQUIRE(a.record_notification(note(id, "chat", id == 1 ? "a1" : "a2")).ok());
    REQUIRE(b.record_notification(note(id, "mail", id == 1 ? "b1" : "b2")).ok());
  }
  // a's 1 is delivered on its own card and 2 is batched onto it; b drops its 2.
  REQUIRE(a.record_notification_event({.id = 1, .at_ms = kT0_ms + 5, .kind = "delivered", .detail = "at_once", .card = 1}).ok());
  REQUIRE(a.record_notification_event({.id = 2, .at_ms = kT0_ms + 5, .kind = "batched", .detail = "", .card = 1}).ok());
  REQUIRE(b.commit().ok());  // b takes file ids 1 and 2
  REQUIRE(b.record_notification_event({.id = 2, .at_ms = kT0_ms + 6, .kind = "dropped", .detail = "dismissed"}).ok());
  REQUIRE(a.commit().ok());  // a's 1 and 2 become 3 and 4
  REQUIRE(b.commit().ok());
  CHECK(sql_int(path, "SELECT COUNT(*) FROM notification") == 4);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM notification n JOIN app p ON p.id = n.app_id WHERE p.name = 'mail' AND n.id IN (1, 2)") == 2);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM notification n JOIN app p ON p.id = n.app_id WHERE p.name = 'chat' AND n.id IN (3, 4)") == 2);
  // Each step on its writer's row, the card too.
  CHECK(sql_int(path, "SELECT n.id FROM notification_event e JOIN notification n ON n.id = e.notification_id "
                      "WHERE e.kind = 'delivered' AND n.summary = 'a1'") == 3);
  CHECK(sql_int(path, "SELECT e.card FROM notification_event e JOIN notification n ON n.id = e.notification_id "
                      "WHERE e.kind = 'batched' AND n.summary = 'a2'") == 3);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM notification_event e JOIN notification n ON n.id = e.notification_id "
                      "WHERE e.kind = 'dropped' AND n.summary = 'b2'") == 1);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM notification WHERE state = 'shown' AND summary = 'a1'") == 1);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM notification WHERE state = 'ended' AND summary = 'b2'") == 1);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM notification WHERE state = 'pending'") == 2);  // a2, b1
  const auto tallies = a.notification_tallies(kT0_ms, kT0_ms + 100).value();
  REQUIRE(tallies.size() == 2);
  for (const auto& t : tallies) {
    CHECK(t.received == 2);
    CHECK(t.delivered == (t.app == "chat" ? 1 : 0));
    CHECK(t.dropped == (t.app == "mail" ? 1 : 0));
  }
  // A writer opened now restores the file's open ones under the file's ids and
  // ends them there; its own next id is above them. One written after it
  // opened (another writer's) is not among what it restores.
  auto c = open_ledger({.path = path}, tw::TimeZone::utc());
  CHECK(c.last_notification_id() == 4);
  REQUIRE(b.record_notification(note(3, "mail", "b3")).ok());
  REQUIRE(b.commit().ok());  // file id 5
  const auto open = c.open_notifications().value();
  REQUIRE(open.size() == 3);  // a1 (shown), a2, b1; not b3
  CHECK(open[0].id == 1);
  CHECK(open[0].summary == "b1");
  REQUIRE(c.record_notification_event({.id = 1, .at_ms = kT0_ms + 9, .kind = "closed", .detail = "expired"}).ok());
  REQUIRE(c.record_notification(note(5, "chat", "c5")).ok());
  REQUIRE(c.commit().ok());
  CHECK(sql_int(path, "SELECT COUNT(*) FROM notification WHERE state = 'ended' AND summary = 'b1'") == 1);
  CHECK(sql_int(path, "SELECT id FROM notification WHERE summary = 'c5'") == 6);
}
