// TimeZone lookups vs glibc (localtime_r / mktime with TZ set), same
// instants, one run. Instants span 2000..2100, so about a third fall past
// the file's transitions and go through the POSIX footer rule.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <ctime>
#include <vector>

#include "core/timezone.hpp"

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

}  // namespace

BENCHMARK_MAIN();
