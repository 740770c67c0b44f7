// Two apps, one budget: two Engines on one ledger, as the engines of two
// apps' processes are. The issue-15 story: A plays 60 s, B plays 60 s while
// A waits in the background, B quits, A comes back. Under a 2-minute games
// budget (or a 2-minute youth daily cap) A must reach the block on the sum,
// within one commit period of each engine. Run with the commits inline and
// on the background committer, with the engines in two threads (ticking at
// the same time, so their commits meet in SQLite) and in two processes.
#include "tw_catch.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <barrier>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "core/engine/engine.hpp"

namespace {

constexpr int64_t kNoon_ms = 1'795'392'000'000 + 12 * 3'600'000;  // Monday 2026-11-23 12:00 UTC
constexpr int64_t kStepMs = 500;
constexpr int64_t kCommitEveryS = 5;
constexpr int64_t kLimitS = 120;
// A reaches the block when the sum reaches the limit, learnt within one
// commit period of each engine (B's commit, then A's read), plus a step.
constexpr int64_t kBoundS = kLimitS + 2 * kCommitEveryS + 1;

tw::Instant at_ms(int64_t ms) { return {ms * 1'000'000, kNoon_ms + ms}; }

tw::Policy policy(bool youth) {
  tw::Policy p;
  p.attention.afk_after_s = 600;
  p.apps = {{"a", "games"}, {"b", "games"}};
  if (youth) {
    p.youth.enabled = true;
    p.youth.daily_cap_s = kLimitS;
  } else {
    tw::Budget b;
    b.id = "games";
    b.scope = tw::BudgetScope::category;
    b.target = "games";
    b.limit_s = kLimitS;
    b.warn_at = {};
    b.at_limit = tw::LimitAction::block;
    p.budgets = {b};
  }
  return p;
}

std::string fresh_path(const std::string& name) {
  const std::string path = std::string(TW_BINARY_DIR) + "/" + name;
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  return path;
}

// One app's engine, ticked every kStepMs of simulated time.
struct App {
  tw::Engine engine;
  tw::AppId self;
  bool background;

  static App make(const std::string& path, const std::string& name, bool youth, bool background) {
    auto e = tw::Engine::create({.policy = policy(youth),
                                 .ledger_path = path,
                                 .commit_every_s = kCommitEveryS,
                                 .background_commit = background});
    REQUIRE(e.ok());
    tw::AppId id = e.value().apps().intern(name);
    return App{std::move(e).value(), id, background};
  }
  void tick(int64_t ms, std::optional<tw::SignalKind> kind = {}) {
    tw::Signal s{.at = at_ms(ms), .kind = kind.value_or(tw::SignalKind::interaction), .app = self};
    const bool send = kind.has_value() || ms % 10'000 == 0;  // an interaction every 10 s keeps it attended
    engine.tick(at_ms(ms), send ? std::span<const tw::Signal>(&s, 1) : std::span<const tw::Signal>());
    // Deterministic steps: this step's commit (if one was due) lands before
    // the next tick, as it would within a frame or two in a real app.
    if (background) engine.wait_for_commits();
  }
  bool blocked() const { return engine.scheduler().blocks(self); }
};

// The story, seen from A: the simulated second A is blocked after coming
// back at 120 s (or -1 if not by kBoundS + 30 s). `b_steps` runs B's part:
// it is called at each step with the time (B's thread or process).
int64_t play_a(App& a, const std::function<void(int64_t)>& alongside) {
  a.tick(0, tw::SignalKind::app_focus);
  for (int64_t ms = kStepMs; ms < 60'000; ms += kStepMs) {
    a.tick(ms);
    REQUIRE_FALSE(a.blocked());
  }
  a.tick(60'000, tw::SignalKind::app_blur);
  for (int64_t ms = 60'000 + kStepMs; ms < 120'000; ms += kStepMs) {
    alongside(ms);
    a.tick(ms);
  }
  alongside(120'000);  // B quits
  a.tick(120'000, tw::SignalKind::app_focus);
  for (int64_t ms = 120'000; ms <= (kBoundS + 30) * 1000; ms += kStepMs) {
    if (ms > 120'000) a.tick(ms);
    if (a.blocked()) return ms / 1000;
  }
  return -1;
}

// B from 60 s to 120 s: true if all went as it should.
void b_step(App& b, int64_t ms) {
  if (ms == 60'000 + kStepMs) b.tick(ms, tw::SignalKind::app_focus);
  else if (ms < 120'000) b.tick(ms);
  else (void)b.engine.finish(at_ms(ms));  // B quits: its last commit
}

}  // namespace

TEST_CASE("two engines in two threads: A reaches the block on the summed usage", "[engine][shared_budget]") {
  const bool youth = GENERATE(false, true);
  const bool background = GENERATE(false, true);
  INFO((youth ? "youth daily cap" : "games budget") << (background ? ", background committer" : ", inline commits"));
  const std::string path = fresh_path("shared_budget_threads.db");
  App a = App::make(path, "a", youth, background);
  // B lives in a thread of its own from its start; the two tick in lockstep.
  std::barrier sync(2);
  std::optional<App> b;
  std::thread tb([&] {
    b.emplace(App::make(path, "b", youth, background));
    sync.arrive_and_wait();
    for (int64_t ms = 60'000 + kStepMs; ms <= 120'000; ms += kStepMs) {
      b_step(*b, ms);
      sync.arrive_and_wait();
    }
  });
  sync.arrive_and_wait();
  const int64_t blocked_s = play_a(a, [&](int64_t) { sync.arrive_and_wait(); });
  tb.join();
  // B saw A's 60 s too: it was blocked by 120 s + one commit period.
  CHECK(b->engine.scheduler().usage().day_total_ns() >= (kLimitS - 2 * kCommitEveryS) * 1'000'000'000LL);
  INFO("A blocked at " << blocked_s << " s");
  CHECK(blocked_s >= kLimitS);
  CHECK(blocked_s <= kBoundS);
  CHECK(a.engine.elsewhere_day_ms(a.engine.apps().intern("b")) >= 50'000);
  CHECK(a.engine.last_ledger_error().ok());
}

TEST_CASE("two engines in two processes: A reaches the block on the summed usage", "[engine][shared_budget]") {
  const bool youth = GENERATE(false, true);
  const bool background = GENERATE(false, true);
  INFO((youth ? "youth daily cap" : "games budget") << (background ? ", background committer" : ", inline commits"));
  const std::string path = fresh_path("shared_budget_procs.db");
  int to_b[2], to_a[2];
  REQUIRE(pipe(to_b) == 0);
  REQUIRE(pipe(to_a) == 0);
  // Fork before A's engine exists: a fork copies only the calling thread, so
  // a committer thread holding a lock (SQLite's, the allocator's) at that
  // instant would leave the lock held forever in B (seen as a hang under ASan).
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // B: opens its engine at once (both processes hold the ledger open), then
    // steps when A says so and answers after each step.
    close(to_b[1]);
    close(to_a[0]);
    int code = 0;
    {
      auto e = tw::Engine::create({.policy = policy(youth),
                                   .ledger_path = path,
                                   .commit_every_s = kCommitEveryS,
                                   .background_commit = background});
      if (!e) _exit(2);
      App b{std::move(e).value(), tw::kNoId, background};
      b.self = b.engine.apps().intern("b");
      char c = 0;
      if (write(to_a[1], "r", 1) != 1) _exit(3);
      for (int64_t ms = 60'000 + kStepMs; ms <= 120'000; ms += kStepMs) {
        if (read(to_b[0], &c, 1) != 1) _exit(4);
        b_step(b, ms);
        if (write(to_a[1], "s", 1) != 1) _exit(5);
      }
      if (!b.engine.last_ledger_error().ok()) code = 6;
    }
    _exit(code);
  }
  close(to_b[0]);
  close(to_a[1]);
  char c = 0;
  REQUIRE(read(to_a[0], &c, 1) == 1);  // B is up
  App a = App::make(path, "a", youth, background);
  const int64_t blocked_s = play_a(a, [&](int64_t) {
    REQUIRE(write(to_b[1], "g", 1) == 1);
    REQUIRE(read(to_a[0], &c, 1) == 1);
  });
  close(to_b[1]);
  close(to_a[0]);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  INFO("A blocked at " << blocked_s << " s");
  CHECK(blocked_s >= kLimitS);
  CHECK(blocked_s <= kBoundS);
  CHECK(a.engine.last_ledger_error().ok());
}

TEST_CASE("one engine alone: the ledger's own rows are not counted twice", "[engine][shared_budget]") {
  // The control: without another writer, A is blocked only by its own 120 s.
  const bool background = GENERATE(false, true);
  const std::string path = fresh_path("shared_budget_alone.db");
  App a = App::make(path, "a", false, background);
  a.tick(0, tw::SignalKind::app_focus);
  int64_t blocked_ms = -1;
  for (int64_t ms = kStepMs; ms <= 200'000 && blocked_ms < 0; ms += kStepMs) {
    a.tick(ms);
    if (a.blocked()) blocked_ms = ms;
  }
  CHECK(blocked_ms == kLimitS * 1000);
  CHECK(a.engine.elsewhere_day_ms(a.self) == 0);
}
