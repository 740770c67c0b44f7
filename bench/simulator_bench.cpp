// simulator_bench.cpp: the desktop simulator's frame time at 1x with
// Timewall's panels visible and steady, against the same scene and control
// panel without Timewall, in one run. Needs an X display (Xvfb works):
//   Xvfb :99 & DISPLAY=:99 build/default/bin/tw_bench_simulator
// A frame = input poll, 1/60 s of simulated time, (with Timewall) core tick,
// placement solve, on-change panel update and quad projection, then the
// world, the quads and the ImGui control panel drawn and presented (no vsync)
// in a 960x540 window.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "simulator.hpp"

namespace {

std::unique_ptr<tw::sim::Simulator> g_sim;

void BM_SimulatorFrame(benchmark::State& state) {
  const bool timewall = state.range(0) != 0;
  const uint64_t renders_before = g_sim->panel_renders();
  for (auto _ : state) {
    if (tw::Status s = g_sim->bench_frame(timewall); !s) {
      state.SkipWithError(s.error().message.c_str());
      break;
    }
  }
  state.SetLabel(timewall ? "with Timewall" : "without Timewall");
  state.counters["panel_renders"] = static_cast<double>(g_sim->panel_renders() - renders_before);
}
BENCHMARK(BM_SimulatorFrame)->ArgName("timewall")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  if (!std::getenv("DISPLAY")) {
    std::fprintf(stderr, "tw_bench_simulator: needs an X display (e.g. Xvfb :99 & DISPLAY=:99 ...)\n");
    return 1;
  }
  const char* args[] = {"tw_bench_simulator", "--cpu", "--no-vsync", "--policy",
                        TW_SOURCE_DIR "/tests/data/desktop/policy.toml", "--script",
                        TW_SOURCE_DIR "/tests/data/desktop/short_day.jsonl", "--size", "960x540"};
  auto options = tw::sim::parse_options(static_cast<int>(std::size(args)), const_cast<char**>(args));
  if (!options) return 1;
  auto sim = tw::sim::Simulator::create(options.value());
  if (!sim) {
    std::fprintf(stderr, "tw_bench_simulator: %s\n", sim.error().message.c_str());
    return 1;
  }
  g_sim = std::move(sim.value());
  // Warm up: the ring appears and renders once; from then on it is steady
  // (its displayed minute changes once a simulated minute).
  for (int i = 0; i < 30; ++i)
    if (!g_sim->bench_frame(true)) return 1;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  g_sim.reset();
  return 0;
}
