// Per-frame cost of answering with the head (sdk/include/timewall/layout/gaze_hit.hpp,
// dwell_select.hpp): hit-test the view ray against the solved panels, look
// up the button's state, update the dwell. `_exact_all` runs the exact
// plane test on every visible panel (HitTestOptions::early_reject = false)
// instead of rejecting by bounding sphere first; the answers are the same
// (tests/unit/layout/test_gaze_hit.cpp). Also the presence detector's cost
// per head pose (sdk/include/timewall/core/attention/presence.hpp), and the whole answering
// frame (card_answering.hpp: head gaze plus both hands' aim rays, select and
// dismiss) against the gaze-only path. Figures: docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <vector>

#include "core/attention/presence.hpp"
#include "layout/card_answering.hpp"
#include "layout/dwell_select.hpp"
#include "layout/shown_layout.hpp"
#include "layout/solver.hpp"
#include "layout_scenes.hpp"

namespace {

using namespace tw::layout;
using tw::OverlayKind;

using bench_scenes::head;
using bench_scenes::kAll;
using bench_scenes::kTypical;

// 1024 head poses sweeping over the cards (8% of them meet a panel of the
// typical set at 46 deg, 31% with all nine at 100 deg: `hit_fraction`).
std::array<Pose, 1024> sweep() {
  std::array<Pose, 1024> poses;
  for (size_t i = 0; i < poses.size(); ++i) {
    const float f = static_cast<float>(i);
    poses[i] = head(25.f * std::sin(f * 0.013f), -12.f + 10.f * std::sin(f * 0.021f));
  }
  return poses;
}

void run_gaze(benchmark::State& state, std::vector<tw::Overlay> ov, float fov_deg, bool early_reject) {
  Solver solver = Solver::create({}).value();
  Layout layout;
  const std::array<Fov, 2> fov{symmetric_fov(fov_deg, fov_deg), symmetric_fov(fov_deg, fov_deg)};
  if (!solver.solve({.overlays = ov, .T_space_head = head(0.f, -5.f), .eye_fov = fov}, layout).ok()) {
    state.SkipWithError("solve failed");
    return;
  }
  const auto poses = sweep();
  DwellSelector dwell;
  int64_t t_ns = 0, hits = 0, frames = 0;
  size_t i = 0;
  for (auto _ : state) {
    const PanelHit hit = hit_test(layout, view_ray(poses[i]), {.early_reject = early_reject});
    const DwellFrame& f = dwell.update(gaze_target(hit, ov), false, {t_ns, 0});
    benchmark::DoNotOptimize(f.progress);
    hits += hit.hit;
    ++frames;
    t_ns += 11'111'111;
    i = (i + 1) % poses.size();
  }
  state.counters["panels"] = layout.count;
  state.counters["hit_fraction"] = static_cast<double>(hits) / static_cast<double>(frames > 0 ? frames : 1);
}

// CardAnswering::update per frame: the head and both controllers located
// (each aim ray sweeping a little off the head's), a select press and a
// dismiss now and then; `answers` counts the choices.
// `shown`: as SessionBinding::answer does, first move the panels to where
// they are shown (layout::shown_layout: view-locked ones on this frame's head).
void run_answering(benchmark::State& state, std::vector<tw::Overlay> ov, float fov_deg, bool shown = false) {
  Solver solver = Solver::create({}).value();
  Layout layout;
  const std::array<Fov, 2> fov{symmetric_fov(fov_deg, fov_deg), symmetric_fov(fov_deg, fov_deg)};
  if (!solver.solve({.overlays = ov, .T_space_head = head(0.f, -5.f), .eye_fov = fov}, layout).ok()) {
    state.SkipWithError("solve failed");
    return;
  }
  const auto poses = sweep();
  std::array<ShownPanel, kMaxPanels> panels{};
  size_t n = 0;
  for (const PlacedPanel& p : layout.panels())
    if (p.visible()) panels[n++] = {.overlay_index = p.overlay_index, .rect = {}};
  Layout as_shown;
  CardAnswering answering;
  int64_t t_ns = 0, answers = 0;
  size_t i = 0;
  for (auto _ : state) {
    WearerInput in;
    in.T_space_view = poses[i];
    in.view_valid = true;
    for (size_t h = 0; h < 2; ++h)
      in.hands[h] = {.aim_space = view_ray(poses[(i + 37 * (h + 1)) % poses.size()]), .aim_valid = true,
                     .select_down = (i + h) % 13 < 2};
    in.dismiss_down = i % 211 == 0;
    if (shown)
      shown_layout(layout, {.panels = {panels.data(), n}, .atlas = false, .head_valid = true, .T_space_head = poses[i]},
                   as_shown);
    answers += answering.update(shown ? as_shown : layout, ov, in, {t_ns, 0}).chosen;
    t_ns += 11'111'111;
    i = (i + 1) % poses.size();
  }
  state.counters["answers"] = static_cast<double>(answers);
}

void BM_answering_typical_46deg(benchmark::State& s) { run_answering(s, kTypical, 46.f); }
void BM_answering_all_100deg(benchmark::State& s) { run_answering(s, kAll, 100.f); }
void BM_answering_shown_typical_46deg(benchmark::State& s) { run_answering(s, kTypical, 46.f, true); }
void BM_answering_shown_all_100deg(benchmark::State& s) { run_answering(s, kAll, 100.f, true); }

void BM_gaze_typical_46deg(benchmark::State& s) { run_gaze(s, kTypical, 46.f, true); }
void BM_gaze_typical_46deg_exact_all(benchmark::State& s) { run_gaze(s, kTypical, 46.f, false); }
void BM_gaze_all_100deg(benchmark::State& s) { run_gaze(s, kAll, 100.f, true); }
void BM_gaze_all_100deg_exact_all(benchmark::State& s) { run_gaze(s, kAll, 100.f, false); }

void BM_presence_pose(benchmark::State& state) {
  tw::PresenceDetector presence;
  const auto poses = sweep();
  int64_t t_ns = 0, signals = 0;
  size_t i = 0;
  for (auto _ : state) {
    const Pose& p = poses[i];
    const tw::HeadPose hp{p.position.x, p.position.y, p.position.z, p.orientation.x, p.orientation.y,
                          p.orientation.z, p.orientation.w};
    signals += static_cast<int64_t>(presence.on_pose(hp, {t_ns, 0}, 1).size());
    t_ns += 11'111'111;
    i = (i + 1) % poses.size();
  }
  benchmark::DoNotOptimize(signals);
}

}  // namespace

BENCHMARK(BM_gaze_typical_46deg);
BENCHMARK(BM_gaze_typical_46deg_exact_all);
BENCHMARK(BM_gaze_all_100deg);
BENCHMARK(BM_gaze_all_100deg_exact_all);
BENCHMARK(BM_answering_typical_46deg);
BENCHMARK(BM_answering_all_100deg);
BENCHMARK(BM_answering_shown_typical_46deg);
BENCHMARK(BM_answering_shown_all_100deg);
BENCHMARK(BM_presence_pose);
BENCHMARK_MAIN();
