// Ledger benchmarks (docs/benchmarks.md):
// 1. Append throughput with durability on (wall time: fsync waits count): group commit of 256 events per
//    transaction vs one transaction per event, WAL + synchronous NORMAL and
//    FULL. Every event is committed before the benchmark counts it.
// 2. "Today per app" over a synthetic year of 2.1 M attended intervals: the
//    daily rollup vs the naive SUM over the raw intervals, same file.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/ledger/ledger.hpp"

namespace {

constexpr std::array<const char*, 20> kApps = {
    "feed", "mail", "chat", "video", "news", "maps", "music", "reader", "notes", "photos",
    "shop", "bank", "game", "podcast", "calendar", "browser", "forum", "fitness", "weather", "clips"};
constexpr std::array<const char*, 6> kCategories = {"social", "work", "video", "news", "books", "other"};

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tw_ledger_bench_XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    dir_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const char* name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
};

tw::TimeZone berlin() {
  auto tz = tw::TimeZone::load("Europe/Berlin");
  return tz ? tz.value() : tw::TimeZone::utc();
}

tw::Ledger open_or_die(const tw::LedgerDesc& desc, const tw::TimeZone& tz) {
  auto r = tw::Ledger::open(desc, tz);
  if (!r) {
    std::fprintf(stderr, "%s\n", r.error().message.c_str());
    std::abort();
  }
  return std::move(r).value();
}

// Each event is a heartbeat of another app, so each adds an interval row and
// a rollup update (no merging hides the cost).
void append(benchmark::State& state, int64_t batch, tw::LedgerSync sync) {
  TempDir dir;
  const tw::TimeZone tz = berlin();
  auto ledger = open_or_die({.path = dir.file("append.db"), .pulse_s = 1, .sync = sync}, tz);
  int64_t t_ms = 1'780'000'000'000;
  int64_t n = 0;
  for (auto _ : state) {
    const auto i = static_cast<size_t>(n);
    if (!ledger.record_heartbeat({kApps[i % kApps.size()], kCategories[i % kCategories.size()], t_ms, 500}).ok()) {
      state.SkipWithError("record failed");
      break;
    }
    t_ms += 1'000;
    if (++n % batch == 0 && !ledger.commit().ok()) {
      state.SkipWithError("commit failed");
      break;
    }
  }
  if (!ledger.commit().ok()) state.SkipWithError("final commit failed");
  state.SetItemsProcessed(n);
  state.counters["events_per_commit"] = static_cast<double>(batch);
}

void BM_Append_GroupCommit256_Normal(benchmark::State& s) { append(s, 256, tw::LedgerSync::normal); }
void BM_Append_CommitPerEvent_Normal(benchmark::State& s) { append(s, 1, tw::LedgerSync::normal); }
void BM_Append_GroupCommit256_Full(benchmark::State& s) { append(s, 256, tw::LedgerSync::full); }
void BM_Append_CommitPerEvent_Full(benchmark::State& s) { append(s, 1, tw::LedgerSync::full); }
BENCHMARK(BM_Append_GroupCommit256_Normal)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_Append_CommitPerEvent_Normal)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_Append_GroupCommit256_Full)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_Append_CommitPerEvent_Full)->MinTime(1.0)->UseRealTime();

// A synthetic year, built once per process through the public API: from
// 2025-01-01 local, every 15 s a 10 s heartbeat of the next of 20 apps
// (5760 intervals a day, 2.1 M in the year), committed in large batches.
struct Year {
  TempDir dir;
  tw::TimeZone tz = berlin();
  int64_t last_noon_s = 0;
  int64_t events = 0;
  double build_s = 0;  // wall time to generate the year, reported with the rollup figure
  tw::Ledger ledger;

  static tw::Ledger build(const std::string& path, const tw::TimeZone& tz, int64_t& last_noon_s, int64_t& events,
                          double& build_s) {
    const auto t0 = std::chrono::steady_clock::now();
    auto ledger = open_or_die({.path = path, .pulse_s = 1, .max_pending = 1 << 20}, tz);
    const int64_t start_s = tz.from_local(2025, 1, 1, 0, 0, 0);
    const int64_t end_s = tz.from_local(2026, 1, 1, 0, 0, 0);
    size_t i = 0;
    for (int64_t t_s = start_s; t_s < end_s; t_s += 15, ++i) {
      if (!ledger.record_heartbeat({kApps[i % kApps.size()], kCategories[i % kCategories.size()], t_s * 1000, 10'000})
               .ok()) {
        std::abort();
      }
      if (i % 100'000 == 99'999 && !ledger.commit().ok()) std::abort();
    }
    if (!ledger.commit().ok()) std::abort();
    events = static_cast<int64_t>(i);
    last_noon_s = tz.from_local(2025, 12, 31, 12, 0, 0);
    build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return ledger;
  }

  Year() : ledger(build(dir.file("year.db"), tz, last_noon_s, events, build_s)) {}
};

Year& year() {
  static Year y;
  return y;
}

void BM_TodayPerApp_Rollup(benchmark::State& state) {
  Year& y = year();
  size_t rows = 0;
  for (auto _ : state) {
    auto r = y.ledger.today_per_app(y.last_noon_s);
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      break;
    }
    rows = r->size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["events_in_ledger"] = static_cast<double>(y.events);
  state.counters["apps"] = static_cast<double>(rows);
  state.counters["year_build_s"] = y.build_s;
}

void BM_TodayPerApp_NaiveRawSum(benchmark::State& state) {
  Year& y = year();
  const int64_t day = y.tz.local_day_number(y.last_noon_s);
  size_t rows = 0;
  for (auto _ : state) {
    auto r = y.ledger.day_per_app_raw(day);
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      break;
    }
    rows = r->size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["events_in_ledger"] = static_cast<double>(y.events);
  state.counters["apps"] = static_cast<double>(rows);
}

void BM_WeekPerCategory_Rollup(benchmark::State& state) {
  Year& y = year();
  for (auto _ : state) {
    auto r = y.ledger.week_per_category(y.last_noon_s);
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(r);
  }
}

BENCHMARK(BM_TodayPerApp_Rollup)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TodayPerApp_NaiveRawSum)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WeekPerCategory_Rollup)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
