// tw::Engine never hangs or overflows on extreme or non-monotonic instants
// (C++ callers get no range check from the C ABI): the rule in clock.hpp
// clamps every instant into the supported range and treats an instant before
// the last processed one as that one. A tick that loops fails through the
// watchdog below (abort after a few seconds) rather than the CTest timeout.
#include "tw_catch.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <limits>
#include <mutex>
#include <string>
#include <random>
#include <thread>
#include <vector>

#include "core/engine/engine.hpp"

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
// Decisions one tick may return: a few per overlay and rule at each of its
// stops (at most kMaxStopsPerTick, plus one per signal and the tick's own).
constexpr size_t kMaxDecisionsPerStop = 64;
size_t max_decisions(size_t signals) {
  return kMaxDecisionsPerStop * (tw::Scheduler::kMaxStopsPerTick + signals + 1);
}

tw::Policy policy() {
  tw::Policy p;
  p.attention.afk_after_s = 120;
  p.idle.min_idle_s = 1;
  p.idle.default_mode = tw::IdleMode::fill;
  p.idle.items = {{.id = "n", .kind = tw::FillKind::note, .title = "t", .body = "b"}};
  p.apps = {{"feed", "social"}};
  tw::Budget b;
  b.id = "s";
  b.scope = tw::BudgetScope::category;
  b.target = "social";
  b.limit_s = 60;
  b.at_limit = tw::LimitAction::friction;
  p.budgets = {b};
  p.friction.pause_s = 1;
  p.friction.exercises = {{.id = "x", .kind = tw::ExerciseKind::wait, .text = "b", .wait_s = 1}};
  tw::ProtectedWindow w;
  w.kind = tw::WindowKind::focus;
  w.start = 9 * 60;
  w.end = 11 * 60;
  w.block_categories = {"social"};
  p.windows = {w};
  return p;
}

// Aborts the process if the body does not finish within `limit`: a hang in
// the core shows as a failed test within seconds, not a CTest timeout.
class Watchdog {
 public:
  explicit Watchdog(std::chrono::seconds limit)
      : thread_([this, limit] {
          std::unique_lock<std::mutex> lock(m_);
          if (!cv_.wait_for(lock, limit, [this] { return done_; })) {
            std::fputs("watchdog: a tick did not return (hang in the core)\n", stderr);
            std::abort();
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(m_);
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

tw::Signal signal(tw::Instant at, tw::SignalKind kind, tw::AppId app = tw::kNoId) {
  tw::Signal s;
  s.at = at;
  s.kind = kind;
  s.app = app;
  return s;
}

}  // namespace

TEST_CASE("Engine: tick at mono 2^62, then not_worn at INT64_MAX / unix INT64_MIN returns",
          "[engine][extreme]") {
  auto created = tw::Engine::create({.policy = policy()});
  REQUIRE(created.ok());
  tw::Engine& e = created.value();
  Watchdog dog(std::chrono::seconds(10));
  const tw::Instant t0{int64_t{1} << 62, 1'795'392'000'000};
  CHECK(e.tick(t0, {}).decisions.size() <= max_decisions(0));
  const tw::Signal off = signal({kMax, kMin}, tw::SignalKind::not_worn);
  const tw::TickOutput& out = e.tick({kMax, kMin}, {&off, 1});
  CHECK(out.decisions.size() <= max_decisions(1));
  CHECK_FALSE(e.scheduler().attention().worn());
}

TEST_CASE("Engine: random extreme and non-monotonic instants: every tick returns, few decisions",
          "[engine][extreme]") {
  const std::string path = std::string(TW_BINARY_DIR) + "/engine_extreme.db";
  for (const char* ext : {"", "-wal", "-shm"}) std::remove((path + ext).c_str());
  auto created = tw::Engine::create({.policy = policy(), .ledger_path = path});
  REQUIRE(created.ok());
  tw::Engine& e = created.value();
  const tw::AppId apps[] = {tw::kNoId, e.apps().intern("feed"), e.apps().intern("other")};
  const int64_t edges[] = {kMin, kMin + 1, -1, 0, 1, (int64_t{1} << 62) - 1, int64_t{1} << 62,
                           (int64_t{1} << 62) + 1, kMax - 1, kMax, 1'795'392'000'000,
                           253'402'300'799'999, -62'135'596'800'001};
  std::mt19937_64 rng(20261128);
  tw::Instant t{1'000'000'000, 1'795'392'000'000};
  auto pick = [&](int64_t current, int64_t step) {
    switch (rng() % 8) {
      case 0: return edges[rng() % std::size(edges)];
      case 1: return tw::sat_add(current, -static_cast<int64_t>(rng() % 1'000'000) * step);  // back
      default: return tw::sat_add(current, static_cast<int64_t>(rng() % 5'000) * step);  // forward
    }
  };
  Watchdog dog(std::chrono::seconds(60));
  size_t most = 0, most_per_stop = 0;
  std::vector<tw::Signal> batch;
  for (int i = 0; i < 20'000; ++i) {
    batch.clear();
    const int n = static_cast<int>(rng() % 4);
    for (int k = 0; k < n; ++k) {
      tw::Signal s = signal({pick(t.mono_ns, 1'000'000), pick(t.unix_ms, 1)},
                            static_cast<tw::SignalKind>(rng() % 11), apps[rng() % 3]);
      s.context = static_cast<tw::Context>(rng() % 4);
      s.linear_mps = static_cast<float>(rng() % 3);
      s.angular_dps = static_cast<float>(rng() % 200);
      s.planned_end_unix_ms = rng() % 4 == 0 ? edges[rng() % std::size(edges)] : tw::sat_add(t.unix_ms, 60'000);
      s.urgent = rng() % 2 == 0;
      batch.push_back(s);
    }
    t = {pick(t.mono_ns, 1'000'000), pick(t.unix_ms, 1)};
    const tw::TickOutput& out = e.tick(t, batch);
    most = std::max(most, out.decisions.size());
    REQUIRE(e.scheduler().stops_last_tick() <= tw::Scheduler::kMaxStopsPerTick);
    REQUIRE(out.decisions.size() <= max_decisions(batch.size()));
    most_per_stop = std::max(most_per_stop, out.decisions.size() /
                                                static_cast<size_t>(e.scheduler().stops_last_tick() + n + 1));
    for (const tw::Decision& d : out.decisions) {
      REQUIRE(d.unix_ms >= tw::kMinUnixMs);
      REQUIRE(d.unix_ms <= tw::kMaxUnixMs);
    }
    if (i % 1000 == 0) (void)e.finish(t);
  }
  (void)e.finish(t);
  INFO("most decisions in one tick: " << most << ", per stop: " << most_per_stop);
  CHECK(most_per_stop <= 16);
  CHECK(most > 0);
  for (const char* ext : {"", "-wal", "-shm"}) std::remove((path + ext).c_str());
}
