// The API layer's core per frame: LayerCore::tick (the once-a-second policy
// stat(), Engine::tick, the ledger's merged heartbeat and its group commit
// every 10 s) at 90 Hz, with heap allocations per frame (the global operator
// new is replaced), next to a naive hot reload that re-reads the policy file
// through PolicyStore on every frame before the same Engine::tick.
//
//   cmake --build build/default -j2 --target tw_bench_layer_core && build/default/bin/tw_bench_layer_core
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <string>

#include "openxr/layer/layer_core.hpp"

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

constexpr int64_t kFrame_ns = 11'111'111;  // 90 Hz

tw::Instant at_ns(int64_t ns) { return {ns, 1'795'392'000'000 + 10 * 3'600'000 + ns / 1'000'000}; }

std::string setup_dir() {
  const std::string dir = std::filesystem::temp_directory_path().string() + "/tw_bench_layer_core";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/policy.toml") << "schema = 1\n[apps]\n\"openxr.helloxr\" = \"games\"\n"
                                         "[[budget]]\nid = \"games\"\ncategory = \"games\"\nlimit_min = 45\n";
  return dir;
}

// What a frame hands the core: a head-motion sample every 9th frame (the
// binding samples every 100 ms) and an input once a second.
size_t frame_signals(int64_t frame, tw::AppId app, tw::Instant now, tw::Signal* out) {
  size_t n = 0;
  if (frame % 9 == 0) out[n++] = {.at = now, .kind = tw::SignalKind::head_motion, .app = app, .linear_mps = 0.02f,
                                  .angular_dps = 4.f};
  if (frame % 90 == 0) out[n++] = {.at = now, .kind = tw::SignalKind::interaction, .app = app};
  return n;
}

void BM_LayerCoreFrame(benchmark::State& state) {
  const std::string dir = setup_dir();
  tw::xr::LayerCore core({.policy_path = dir + "/policy.toml", .ledger_path = dir + "/ledger.db",
                          .ledger_id = "openxr.helloxr"},
                         at_ns(0), [](std::string_view) {});
  const tw::Signal focus{.at = at_ns(0), .kind = tw::SignalKind::app_focus, .app = core.app()};
  core.tick(at_ns(0), {&focus, 1});
  int64_t frame = 1;
  for (; frame < 2000; ++frame) core.tick(at_ns(frame * kFrame_ns), {});  // past the first commit
  tw::Signal sig[2];
  const uint64_t a0 = g_allocs.load();
  const int64_t f0 = frame;
  for (auto _ : state) {
    const tw::Instant now = at_ns(frame * kFrame_ns);
    const size_t n = frame_signals(frame, core.app(), now, sig);
    benchmark::DoNotOptimize(core.tick(now, {sig, n}).overlays.size());
    ++frame;
  }
  state.counters["allocs_per_frame"] =
      static_cast<double>(g_allocs.load() - a0) / static_cast<double>(std::max<int64_t>(1, frame - f0));
  state.counters["ring"] = core.ring() != nullptr;
}
BENCHMARK(BM_LayerCoreFrame);

void BM_NaiveReloadEveryFrame(benchmark::State& state) {
  const std::string dir = setup_dir();
  tw::PolicyStore store;
  (void)store.reload(dir + "/policy.toml", at_ns(0));
  auto engine = tw::Engine::create({.policy = *store.active(), .ledger_path = dir + "/ledger.db"});
  if (!engine) {
    state.SkipWithError(engine.error().message.c_str());
    return;
  }
  tw::Engine& e = engine.value();
  const tw::AppId app = e.apps().intern("openxr.helloxr");
  const tw::Signal focus{.at = at_ns(0), .kind = tw::SignalKind::app_focus, .app = app};
  e.tick(at_ns(0), {&focus, 1});
  int64_t frame = 1;
  for (; frame < 2000; ++frame) e.tick(at_ns(frame * kFrame_ns), {});
  tw::Signal sig[2];
  const uint64_t a0 = g_allocs.load();
  const int64_t f0 = frame;
  for (auto _ : state) {
    const tw::Instant now = at_ns(frame * kFrame_ns);
    auto r = store.reload(dir + "/policy.toml", now);  // same text: parsed, hashed, not swapped
    if (r && r.value().changed) e.set_policy(*store.active(), now);
    const size_t n = frame_signals(frame, app, now, sig);
    benchmark::DoNotOptimize(e.tick(now, {sig, n}).overlays.size());
    ++frame;
  }
  state.counters["allocs_per_frame"] =
      static_cast<double>(g_allocs.load() - a0) / static_cast<double>(std::max<int64_t>(1, frame - f0));
}
BENCHMARK(BM_NaiveReloadEveryFrame);

}  // namespace

BENCHMARK_MAIN();
