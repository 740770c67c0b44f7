// TimeZone lookups, one run (docs/benchmarks.md):
// 1. vs glibc (localtime_r / mktime with TZ set), same instants. Instants
//    span 2000..2100, so about a third fall past the file's transitions and
//    go through the POSIX footer rule.
// 2. vs date/tz (libhowardhinnant-date-dev 3.0.1, USE_OS_TZDB, the reference
//    C++20 <chrono> zones): UTC -> offset, local wall time -> UTC and local
//    day start over five zones, at DST edges (one second before, at and after
//    each transition; wall times in each gap and repeat) and spread instants,
//    all 2000..2037, where both read the same TZif transitions. Allocations
//    per lookup are counted after a warm-up pass (operator new replaced).
#include <benchmark/benchmark.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "core/timezone.hpp"
#include "counting_new.hpp"
#include "date_tz_zone.hpp"

namespace {

std::vector<int64_t> instants() {
  std::vector<int64_t> v;
  const int64_t from = 946'684'800;    // 2000-01-01
  const int64_t to = 4'102'444'800;    // 2100-01-01
  for (int64_t i = 0; i < 4096; ++i) v.push_back(from + (to - from) / 4096 * i + i * 7919);
  return v;
}

const tw::TimeZone& berlin() {
  static const tw::TimeZone tz = tw::TimeZone::load("Europe/Berlin").value();
  return tz;
}

void set_libc_tz() {
  ::setenv("TZ", ":Europe/Berlin", 1);
  ::tzset();
}

void BM_TimeZone_ToLocal(benchmark::State& state) {
  const auto ts = instants();
  const auto& tz = berlin();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(tz.to_local(ts[i++ & 4095]));
  }
}
BENCHMARK(BM_TimeZone_ToLocal);

void BM_Libc_LocaltimeR(benchmark::State& state) {
  const auto ts = instants();
  set_libc_tz();
  size_t i = 0;
  std::tm tm{};
  for (auto _ : state) {
    const time_t t = static_cast<time_t>(ts[i++ & 4095]);
    benchmark::DoNotOptimize(::localtime_r(&t, &tm));
  }
}
BENCHMARK(BM_Libc_LocaltimeR);

void BM_TimeZone_LocalDayStart(benchmark::State& state) {
  const auto ts = instants();
  const auto& tz = berlin();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(tz.local_day_start(ts[i++ & 4095]));
  }
}
BENCHMARK(BM_TimeZone_LocalDayStart);

// The naive way: localtime_r, zero the time of day, mktime. (It is also wrong
// on days whose midnight is skipped, which TimeZone handles.)
void BM_Libc_MktimeMidnight(benchmark::State& state) {
  const auto ts = instants();
  set_libc_tz();
  size_t i = 0;
  std::tm tm{};
  for (auto _ : state) {
    const time_t t = static_cast<time_t>(ts[i++ & 4095]);
    ::localtime_r(&t, &tm);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    benchmark::DoNotOptimize(::mktime(&tm));
  }
}
BENCHMARK(BM_Libc_MktimeMidnight);

// ---- Timewall vs date/tz ----

constexpr std::array<const char*, 5> kZones = {"Europe/Berlin", "America/New_York", "Australia/Sydney",
                                               "Australia/Lord_Howe", "America/Santiago"};

struct Lookup {
  size_t zone;
  int64_t unix_s;
  int year, month, day, hour, minute, second;  // a local wall time near unix_s
};

struct Zones {
  std::vector<tw::TimeZone> ours;
  std::vector<const date::time_zone*> lib;
  std::vector<tw_test::DateTzZone> lib_days;  // date/tz with TimeZone's day rules
  std::vector<Lookup> lookups;
};

Lookup lookup_at(size_t zone, int64_t unix_s, int64_t wall_s) {
  const date::local_seconds wall{std::chrono::seconds{wall_s}};
  const date::local_days day = date::floor<date::days>(wall);
  const date::year_month_day ymd{day};
  const auto hms = date::make_time(wall - day);
  return {zone,
          unix_s,
          static_cast<int>(ymd.year()),
          static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())),
          static_cast<int>(hms.hours().count()),
          static_cast<int>(hms.minutes().count()),
          static_cast<int>(hms.seconds().count())};
}

const Zones& zones() {
  static const Zones z = [] {
    Zones out;
    constexpr int64_t kFrom = 946'684'800;  // 2000-01-01
    constexpr int64_t kTo = 2'114'380'800;  // 2037-01-01
    for (size_t i = 0; i < kZones.size(); ++i) {
      out.ours.push_back(tw::TimeZone::load(kZones[i]).value());
      out.lib.push_back(date::locate_zone(kZones[i]));
      out.lib_days.push_back(tw_test::DateTzZone::load(kZones[i]).value());
      // Every transition: the instants around it, and wall times inside the
      // gap or repeat it makes (read with the offset before it).
      for (int64_t t = kFrom;;) {
        const date::sys_info info = out.lib[i]->get_info(date::sys_seconds{std::chrono::seconds{t}});
        const int64_t edge = info.end.time_since_epoch().count();
        if (edge >= kTo) break;
        const int64_t before_s = info.offset.count();
        for (const int64_t d : {-1, 0, 1}) out.lookups.push_back(lookup_at(i, edge + d, edge + d + before_s));
        for (const int64_t d : {-1800, 1, 1800}) out.lookups.push_back(lookup_at(i, edge, edge + before_s + d));
        t = edge;
      }
      // Spread instants: 256 per zone, an odd step so all hours are visited.
      for (int64_t k = 0; k < 256; ++k) {
        const int64_t t = kFrom + (kTo - kFrom) / 256 * k + k * 7919;
        out.lookups.push_back(lookup_at(i, t, t + out.ours[i].utc_offset_s(t)));
      }
    }
    return out;
  }();
  return z;
}

// Runs `lookup` over every entry once (warm-up: date/tz reads a zone's file
// at its first lookup), then times it and counts allocations per lookup.
template <class F>
void run_lookups(benchmark::State& state, F lookup) {
  const Zones& z = zones();
  const size_t n = z.lookups.size();
  int64_t sink = 0;
  for (const Lookup& l : z.lookups) sink += lookup(z, l);
  const long allocs_before = g_allocations;
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sink += lookup(z, z.lookups[i]));
    if (++i == n) i = 0;
  }
  const long allocs = g_allocations - allocs_before;
  state.counters["allocs_per_lookup"] = static_cast<double>(allocs) / static_cast<double>(state.iterations());
  state.counters["lookups"] = static_cast<double>(n);
}

date::sys_seconds sys(int64_t unix_s) { return date::sys_seconds{std::chrono::seconds{unix_s}}; }

void BM_UtcToOffset_Timewall(benchmark::State& state) {
  run_lookups(state, [](const Zones& z, const Lookup& l) { return z.ours[l.zone].utc_offset_s(l.unix_s); });
}
void BM_UtcToOffset_DateTz(benchmark::State& state) {
  run_lookups(state, [](const Zones& z, const Lookup& l) {
    return z.lib[l.zone]->get_info(sys(l.unix_s)).offset.count();
  });
}
void BM_LocalToUtc_Timewall(benchmark::State& state) {
  run_lookups(state, [](const Zones& z, const Lookup& l) {
    return z.ours[l.zone].from_local(l.year, l.month, l.day, l.hour, l.minute, l.second);
  });
}
void BM_LocalToUtc_DateTz(benchmark::State& state) {
  run_lookups(state, [](const Zones& z, const Lookup& l) {
    const date::local_seconds wall = date::local_days{date::year{l.year} / l.month / l.day} +
                                     std::chrono::hours{l.hour} + std::chrono::minutes{l.minute} +
                                     std::chrono::seconds{l.second};
    return z.lib[l.zone]->to_sys(wall, date::choose::earliest).time_since_epoch().count();
  });
}
void BM_LocalDayStart_Timewall(benchmark::State& state) {
  run_lookups(state, [](const Zones& z, const Lookup& l) { return z.ours[l.zone].local_day_start(l.unix_s); });
}
void BM_LocalDayStart_DateTz(benchmark::State& state) {
  run_lookups(state, [](const Zones& z, const Lookup& l) { return z.lib_days[l.zone].local_day_start(l.unix_s); });
}
BENCHMARK(BM_UtcToOffset_Timewall);
BENCHMARK(BM_UtcToOffset_DateTz);
BENCHMARK(BM_LocalToUtc_Timewall);
BENCHMARK(BM_LocalToUtc_DateTz);
BENCHMARK(BM_LocalDayStart_Timewall);
BENCHMARK(BM_LocalDayStart_DateTz);

}  // namespace

BENCHMARK_MAIN();
