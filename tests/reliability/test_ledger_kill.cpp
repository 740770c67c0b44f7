// Crash durability of the ledger: a forked writer records events through the
// real Ledger API and, after each commit returns, tells the parent through a
// pipe the highest event id it now holds as recorded. The parent SIGKILLs it
// at random moments (fixed seed), then reopens the ledger like a restarted
// app and checks: it opens, PRAGMA integrity_check is "ok", and every event
// the writer was told was recorded is present, exactly once.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "../unit/ledger/ledger_test_util.hpp"

using namespace tw_test;

namespace {
constexpr int kKills = 120;
constexpr int64_t kT0_ms = 1'780'000'000'000;
constexpr int64_t kRoundIds = 1'000'000;  // round r uses block ids r*kRoundIds + i

// What the writer tells the parent after a successful commit.
struct Told {
  int64_t block_id;   // every block with an id <= this (this round) is recorded
  int64_t hb_end_ms;  // the "feed" interval reaches at least this end
};

// The child: never returns. Records 1..16 events per batch (blocks with
// numbered reasons, heartbeats, idle moments) and commits each batch.
[[noreturn]] void writer(const std::string& path, int round, int64_t hb_start_ms, int fd,
                         uint32_t seed) {
  auto opened = tw::Ledger::open({.path = path, .sync = round % 2 ? tw::LedgerSync::full
                                                                  : tw::LedgerSync::normal},
                                 tw::TimeZone::utc());
  if (!opened) _exit(3);
  tw::Ledger ledger = std::move(opened).value();
  std::mt19937 rng(seed);
  int64_t id = static_cast<int64_t>(round) * kRoundIds;
  int64_t hb_ms = hb_start_ms;
  for (;;) {
    const int batch = 1 + static_cast<int>(rng() % 16);
    int64_t last_block = -1;
    tw::Ledger::Seq last_seq = 0;
    for (int i = 0; i < batch; ++i) {
      const std::string reason = std::to_string(id);
      const int64_t at_ms = kT0_ms + id % kRoundIds;
      auto seq = ledger.record_block({at_ms, "feed", "social", reason});
      if (!seq) _exit(4);
      last_block = id++;
      hb_ms += 1'000;
      if (!ledger.record_heartbeat({"feed", "social", hb_ms, 1'000})) _exit(5);
      auto idle = ledger.record_idle({at_ms, 10, tw::IdleMode::protect, "", "kill"});
      if (!idle) _exit(6);
      last_seq = idle.value();
    }
    if (!ledger.commit()) _exit(7);
    if (ledger.durable_seq() < last_seq) _exit(8);
    const Told told{last_block, hb_ms + 1'000};
    if (write(fd, &told, sizeof told) != static_cast<ssize_t>(sizeof told)) _exit(9);
  }
}

// Every block id on disk, sorted, read on a plain SQLite connection.
std::vector<int64_t> block_ids(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT CAST(reason AS INTEGER) FROM block", -1, &st, nullptr) ==
          SQLITE_OK);
  std::vector<int64_t> ids;
  while (sqlite3_step(st) == SQLITE_ROW) ids.push_back(sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::string integrity(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK);
  std::string out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}
}  // namespace

TEST_CASE("ledger: SIGKILL at random moments never loses an event it said was recorded",
          "[reliability][ledger][kill]") {
  TempDir dir;
  const std::string path = dir.file("kill.db");
  std::mt19937 rng(20261128);  // fixed seed: the same kill moments every run
  std::vector<int64_t> told_max(kKills, -1);  // per round, the highest block id told recorded
  int64_t told_events = 0;
  int64_t hb_told_end_ms = 0;
  int64_t hb_next_ms = kT0_ms;
  int mid_run_kills = 0;
  for (int round = 0; round < kKills; ++round) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    const uint32_t child_seed = static_cast<uint32_t>(rng());
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(fds[0]);
      writer(path, round, hb_next_ms, fds[1], child_seed);
    }
    close(fds[1]);
    // Every 10th kill lands 0..60 ms after the fork (before or during open);
    // the others 0..30 ms after the writer's first commit, in its commit loop.
    Told told{};
    int64_t messages = 0;
    const auto take = [&] {
      ++messages;
      told_max[round] = told.block_id;
      hb_told_end_ms = std::max(hb_told_end_ms, told.hb_end_ms);
    };
    if (round % 10 != 0) {
      pollfd pfd{fds[0], POLLIN, 0};
      REQUIRE(poll(&pfd, 1, 30'000) == 1);
      REQUIRE(read(fds[0], &told, sizeof told) == static_cast<ssize_t>(sizeof told));
      take();
    }
    const long delay_us = static_cast<long>(rng() % (round % 10 ? 30'000 : 60'000));
    const timespec ts{0, delay_us * 1000};
    nanosleep(&ts, nullptr);
    REQUIRE(kill(pid, SIGKILL) == 0);
    int wstatus = 0;
    REQUIRE(waitpid(pid, &wstatus, 0) == pid);
    INFO("round " << round << ": the writer exited on its own with " << WEXITSTATUS(wstatus));
    REQUIRE(WIFSIGNALED(wstatus));
    REQUIRE(WTERMSIG(wstatus) == SIGKILL);

    while (read(fds[0], &told, sizeof told) == static_cast<ssize_t>(sizeof told)) take();
    close(fds[0]);
    if (messages > 0) {
      ++mid_run_kills;
      told_events += 3 * (told_max[round] - round * kRoundIds + 1);
    }

    // The restarted app: the ledger opens, the file is intact, nothing told is missing.
    {
      auto reopened = tw::Ledger::open({.path = path}, tw::TimeZone::utc());
      INFO("round " << round << ": " << (reopened ? "" : reopened.error().message));
      REQUIRE(reopened.ok());
    }
    INFO("round " << round);
    REQUIRE(integrity(path) == "ok");
    const std::vector<int64_t> ids = block_ids(path);
    REQUIRE(std::adjacent_find(ids.begin(), ids.end()) == ids.end());  // none written twice
    for (int r = 0; r <= round; ++r) {
      if (told_max[r] < 0) continue;
      const int64_t lo = static_cast<int64_t>(r) * kRoundIds;
      INFO("round " << r << " told ids " << lo << ".." << told_max[r]);
      const auto first = std::lower_bound(ids.begin(), ids.end(), lo);
      const auto last = std::upper_bound(ids.begin(), ids.end(), told_max[r]);
      REQUIRE(last - first == told_max[r] - lo + 1);
    }
    const int64_t hb_end = sql_int(path, "SELECT COALESCE(MAX(end_ms), 0) FROM interval");
    REQUIRE(hb_end >= hb_told_end_ms);
    // The next writer's heartbeats start after whatever reached the disk.
    hb_next_ms = std::max(hb_end, hb_told_end_ms) + 60'000;
  }
  const int64_t blocks = static_cast<int64_t>(block_ids(path).size());
  std::printf("ledger kill test: %d SIGKILLs (%d after at least one commit), %lld events told "
              "recorded, 0 lost; %lld blocks on disk (told or committed just before a kill)\n",
              kKills, mid_run_kills, static_cast<long long>(told_events),
              static_cast<long long>(blocks));
  CHECK(mid_run_kills >= kKills * 9 / 10);  // kills inside the commit loop
}
