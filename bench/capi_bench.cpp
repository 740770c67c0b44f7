// The C ABI's cost per tick next to calling tw::Engine directly, with the
// same policy and one interaction signal per 90 Hz frame, and heap
// allocations per steady-state tick (global operator new replaced: the
// library's calls reach it through libstdc++'s dynamic symbols).
//   Engine        tw::Engine::tick with a prebuilt tw::Signal (AppId known)
//   CAbi          tw_engine_feed (app by name) + tw_engine_tick + tw_engine_overlays
//   CAbiLedger    the same with a ledger in a temp folder (heartbeats, a
//                 group commit every 10 s of simulated time)
//
//   cmake --build build/default -j2 --target tw_bench_capi && build/default/bin/tw_bench_capi
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <string>

#include "core/engine/engine.hpp"
#include "core/policy/policy_loader.hpp"
#include "timewall/timewall.h"

namespace {
std::atomic<uint64_t> g_allocs{0};
}

void* operator new(std::size_t n) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

constexpr int64_t kStart_ms = 1'795'597'200'000;  // 2026-11-25 09:00 UTC
constexpr int64_t kFrame_ns = 11'111'111;         // 90 Hz
constexpr int kWarmup = 1000;

constexpr const char* kPolicy =
    "schema = 1\n[time_value]\nhourly = 40.0\ntimezone = \"UTC\"\n"
    "[attention]\nafk_after_s = 86400\n"
    "[apps]\n\"com.example.feed\" = \"social\"\n\"com.example.mail\" = \"work\"\n"
    "[[budget]]\nid = \"social\"\ncategory = \"social\"\nlimit_min = 1200\nwarn_at = [0.5, 0.8]\n"
    "[[budget]]\nid = \"feed\"\napp = \"com.example.feed\"\nperiod = \"weekly\"\nlimit_min = 6000\n"
    "[idle]\nmin_idle_s = 3600\n";

tw_instant at(int64_t frame) {
  const int64_t ns = frame * kFrame_ns;
  return {ns, kStart_ms + ns / 1'000'000};
}

void report(benchmark::State& state, uint64_t before, size_t overlays) {
  const auto iters = static_cast<double>(state.iterations());
  state.counters["allocs_per_tick"] = static_cast<double>(g_allocs.load() - before) / iters;
  state.counters["overlays"] = static_cast<double>(overlays) / iters;
}

void BM_Engine(benchmark::State& state) {
  auto policy = tw::parse_policy(kPolicy, "bench.toml");
  auto engine = tw::Engine::create({.policy = policy.value(), .timezone = tw::TimeZone::utc()});
  const tw::AppId feed = engine->apps().intern("com.example.feed");
  int64_t frame = 0;
  auto now = [&] {
    const tw_instant t = at(frame++);
    return tw::Instant{t.mono_ns, t.unix_ms};
  };
  const tw::Signal start[2] = {{.at = now(), .kind = tw::SignalKind::worn},
                               {.at = now(), .kind = tw::SignalKind::app_focus, .app = feed}};
  engine->tick(start[1].at, start);
  tw::Signal touch{.at = {}, .kind = tw::SignalKind::interaction, .app = feed};
  for (int i = 0; i < kWarmup; ++i) {
    touch.at = now();
    engine->tick(touch.at, {&touch, 1});
  }
  const uint64_t before = g_allocs.load();
  size_t overlays = 0;
  for (auto _ : state) {
    touch.at = now();
    overlays += engine->tick(touch.at, {&touch, 1}).overlays.size();
  }
  report(state, before, overlays);
}
BENCHMARK(BM_Engine);

void run_capi(benchmark::State& state, const char* ledger_path) {
  tw_engine_desc desc{};
  desc.struct_size = sizeof desc;
  desc.policy_text = kPolicy;
  desc.ledger_path = ledger_path;
  tw_engine* e = nullptr;
  if (tw_engine_create(&desc, &e, nullptr) != TW_OK) {
    state.SkipWithError("tw_engine_create failed");
    return;
  }
  int64_t frame = 0;
  tw_signal sig{};
  sig.app = "com.example.feed";
  sig.at = at(frame);
  sig.kind = TW_SIGNAL_WORN;
  tw_engine_feed(e, &sig, 1);
  sig.kind = TW_SIGNAL_APP_FOCUS;
  tw_engine_feed(e, &sig, 1);
  sig.kind = TW_SIGNAL_INTERACTION;
  const tw_overlay* ov = nullptr;
  size_t n = 0;
  auto step = [&] {
    sig.at = at(frame++);
    tw_engine_feed(e, &sig, 1);
    tw_engine_tick(e, sig.at);
    tw_engine_overlays(e, &ov, &n);
    return n;
  };
  for (int i = 0; i < kWarmup; ++i) step();
  const uint64_t before = g_allocs.load();
  size_t overlays = 0;
  for (auto _ : state) overlays += step();
  report(state, before, overlays);
  tw_engine_destroy(e);
}

void BM_CAbi(benchmark::State& state) { run_capi(state, nullptr); }
BENCHMARK(BM_CAbi);

void BM_CAbiLedger(benchmark::State& state) {
  char dir[] = "/tmp/tw-bench-capi-XXXXXX";
  if (!mkdtemp(dir)) {
    state.SkipWithError("mkdtemp failed");
    return;
  }
  run_capi(state, (std::string(dir) + "/ledger.db").c_str());
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}
BENCHMARK(BM_CAbiLedger);

}  // namespace

BENCHMARK_MAIN();
