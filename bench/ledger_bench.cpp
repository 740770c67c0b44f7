// Ledger benchmarks (docs/benchmarks.md):
// 1. Append throughput with durability on (wall time: fsync waits count): group commit of 256 events per
//    transaction vs one transaction per event, WAL + synchronous NORMAL and
//    FULL. Every event is committed before the benchmark counts it.
//    Beside each, the raw SQLite baseline (the ledger's real limit): the same
//    rows, settings and group size written with the C API alone.
// 2. "Today per app" over a synthetic year of 2.1 M attended intervals: the
//    daily rollup vs the naive SUM over the raw intervals, same file.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <string>

#include <sqlite3.h>

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

// The raw SQLite baseline: no Timewall code. Each event inserts the same
// interval row (the same table and index); each group then adds the same
// rollup rows the ledger writes (one upsert per (day, app, category) and per
// (week, category) touched, summed in plain arrays), in one transaction with
// the same journal and synchronous settings. Local days use Berlin's summer
// offset (+2 h): the events stay within June 2026, where it holds.
class RawSqlite {
 public:
  RawSqlite(const std::string& path, const char* sync) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) die("open");
    exec("PRAGMA journal_mode = WAL");
    exec(sync);
    exec("CREATE TABLE interval(id INTEGER PRIMARY KEY, app_id INTEGER NOT NULL, category_id INTEGER NOT NULL, "
         "start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL CHECK (end_ms >= start_ms));"
         "CREATE INDEX interval_start ON interval(start_ms);"
         "CREATE TABLE day_usage(day INTEGER NOT NULL, app_id INTEGER NOT NULL, category_id INTEGER NOT NULL, "
         "attended_ms INTEGER NOT NULL, PRIMARY KEY (day, app_id, category_id)) WITHOUT ROWID;"
         "CREATE TABLE week_category(week_day INTEGER NOT NULL, category_id INTEGER NOT NULL, "
         "attended_ms INTEGER NOT NULL, PRIMARY KEY (week_day, category_id)) WITHOUT ROWID;");
    interval_ = prepare("INSERT INTO interval(app_id, category_id, start_ms, end_ms) VALUES(?1, ?2, ?3, ?4)");
    day_ = prepare("INSERT INTO day_usage(day, app_id, category_id, attended_ms) VALUES(?1, ?2, ?3, ?4) "
                   "ON CONFLICT(day, app_id, category_id) DO UPDATE SET attended_ms = attended_ms + excluded.attended_ms");
    week_ = prepare("INSERT INTO week_category(week_day, category_id, attended_ms) VALUES(?1, ?2, ?3) "
                    "ON CONFLICT(week_day, category_id) DO UPDATE SET attended_ms = attended_ms + excluded.attended_ms");
  }
  ~RawSqlite() {
    for (sqlite3_stmt* s : {interval_, day_, week_}) sqlite3_finalize(s);
    sqlite3_close(db_);
  }
  RawSqlite(const RawSqlite&) = delete;
  RawSqlite& operator=(const RawSqlite&) = delete;

  void insert(size_t app, size_t category, int64_t start_ms, int64_t duration_ms) {
    if (!in_txn_) {
      exec("BEGIN IMMEDIATE");
      in_txn_ = true;
    }
    const int64_t day = (start_ms / 1000 + kOffsetS) / 86'400;
    if (day != day_num_) flush_rollups();
    day_num_ = day;
    step(interval_, {static_cast<int64_t>(app) + 1, static_cast<int64_t>(category) + 1, start_ms,
                     start_ms + duration_ms});
    day_ms_[app][category] += duration_ms;
  }
  void commit() {
    if (!in_txn_) return;
    flush_rollups();
    exec("COMMIT");
    in_txn_ = false;
  }

 private:
  static constexpr int64_t kOffsetS = 7200;
  [[noreturn]] void die(const char* what) const {
    std::fprintf(stderr, "raw sqlite: %s: %s\n", what, sqlite3_errmsg(db_));
    std::abort();
  }
  void exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) die(sql);
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) die(sql);
    return s;
  }
  void step(sqlite3_stmt* s, std::initializer_list<int64_t> values) {
    int i = 1;
    for (const int64_t v : values) sqlite3_bind_int64(s, i++, v);
    if (sqlite3_step(s) != SQLITE_DONE) die("step");
    sqlite3_reset(s);
  }
  void flush_rollups() {
    const int64_t monday = day_num_ - (day_num_ + 3) % 7;  // day 0 (1970-01-01) was a Thursday
    std::array<int64_t, kCategories.size()> week_ms{};
    for (size_t a = 0; a < kApps.size(); ++a) {
      for (size_t c = 0; c < kCategories.size(); ++c) {
        if (day_ms_[a][c] == 0) continue;
        step(day_, {day_num_, static_cast<int64_t>(a) + 1, static_cast<int64_t>(c) + 1, day_ms_[a][c]});
        week_ms[c] += day_ms_[a][c];
        day_ms_[a][c] = 0;
      }
    }
    for (size_t c = 0; c < kCategories.size(); ++c) {
      if (week_ms[c] != 0) step(week_, {monday, static_cast<int64_t>(c) + 1, week_ms[c]});
    }
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* interval_ = nullptr;
  sqlite3_stmt* day_ = nullptr;
  sqlite3_stmt* week_ = nullptr;
  bool in_txn_ = false;
  int64_t day_num_ = 0;
  std::array<std::array<int64_t, kCategories.size()>, kApps.size()> day_ms_{};
};

void append_raw(benchmark::State& state, int64_t batch, const char* sync) {
  TempDir dir;
  RawSqlite raw(dir.file("raw.db"), sync);
  int64_t t_ms = 1'780'000'000'000;
  int64_t n = 0;
  for (auto _ : state) {
    const auto i = static_cast<size_t>(n);
    raw.insert(i % kApps.size(), i % kCategories.size(), t_ms, 500);
    t_ms += 1'000;
    if (++n % batch == 0) raw.commit();
  }
  raw.commit();
  state.SetItemsProcessed(n);
  state.counters["events_per_commit"] = static_cast<double>(batch);
}

constexpr const char* kNormal = "PRAGMA synchronous = NORMAL";
constexpr const char* kFull = "PRAGMA synchronous = FULL";
void BM_RawSqlite_GroupCommit256_Normal(benchmark::State& s) { append_raw(s, 256, kNormal); }
void BM_RawSqlite_CommitPerEvent_Normal(benchmark::State& s) { append_raw(s, 1, kNormal); }
void BM_RawSqlite_GroupCommit256_Full(benchmark::State& s) { append_raw(s, 256, kFull); }
void BM_RawSqlite_CommitPerEvent_Full(benchmark::State& s) { append_raw(s, 1, kFull); }
BENCHMARK(BM_RawSqlite_GroupCommit256_Normal)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_RawSqlite_CommitPerEvent_Normal)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_RawSqlite_GroupCommit256_Full)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_RawSqlite_CommitPerEvent_Full)->MinTime(1.0)->UseRealTime();

// Fixed event counts for an instruction profile under callgrind
// (docs/benchmarks.md): the difference between the two sizes is the cost of
// 25,600 events without the setup.
BENCHMARK(BM_Append_GroupCommit256_Normal)->Iterations(25'600)->UseRealTime();
BENCHMARK(BM_Append_GroupCommit256_Normal)->Iterations(51'200)->UseRealTime();
BENCHMARK(BM_RawSqlite_GroupCommit256_Normal)->Iterations(25'600)->UseRealTime();
BENCHMARK(BM_RawSqlite_GroupCommit256_Normal)->Iterations(51'200)->UseRealTime();

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
