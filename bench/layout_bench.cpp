// Placement solver cost per frame (sdk/include/timewall/layout/solver.hpp), next to a naive
// packer that scans a 0.5 deg grid for each panel instead of trying the
// edges of the panels already placed, and next to the same solver without
// its body-layout cache (`_nocache`: lays out every frame, as before the
// cache). Figures: docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "layout/comfort.hpp"
#include "layout/panel_spec.hpp"
#include "layout/projection.hpp"
#include "layout/solver.hpp"
#include "layout_scenes.hpp"

namespace {

using namespace tw::layout;
using tw::OverlayKind;

using bench_scenes::head;
using bench_scenes::kAll;
using bench_scenes::kTypical;

void run_solver(benchmark::State& state, const std::vector<tw::Overlay>& ov, float fov_deg, float sweep_deg,
                bool cache = true) {
  Solver solver = Solver::create({.cache_body_layout = cache}).value();
  const std::array<Fov, 2> fov{symmetric_fov(fov_deg, fov_deg), symmetric_fov(fov_deg, fov_deg)};
  Layout out;
  int64_t t_ns = 0;
  int i = 0;
  for (auto _ : state) {
    // sweep 0: small head jitter inside the dead zone; otherwise a slow
    // sweep of +-sweep_deg that keeps recentring.
    const float yaw = sweep_deg * std::sin(static_cast<float>(i) * 0.01f) + 0.5f * std::sin(static_cast<float>(i));
    const tw::Status s = solver.solve({.overlays = ov, .T_space_head = head(yaw, -5.f), .eye_fov = fov,
                                       .now = {t_ns, 0}},
                                      out);
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(out.items[0].T_space_panel.position.x);
    t_ns += 11'111'111;
    ++i;
  }
  state.counters["layouts_per_solve"] =
      static_cast<double>(solver.body_layouts()) / static_cast<double>(std::max<int64_t>(1, state.iterations()));
}

void BM_solve_typical_46deg_steady(benchmark::State& s) { run_solver(s, kTypical, 46.f, 0.f); }
void BM_solve_typical_46deg_recentring(benchmark::State& s) { run_solver(s, kTypical, 46.f, 60.f); }
void BM_solve_all_20deg(benchmark::State& s) { run_solver(s, kAll, 20.f, 0.f); }
void BM_solve_all_100deg(benchmark::State& s) { run_solver(s, kAll, 100.f, 0.f); }
void BM_solve_typical_46deg_steady_nocache(benchmark::State& s) { run_solver(s, kTypical, 46.f, 0.f, false); }
void BM_solve_all_20deg_nocache(benchmark::State& s) { run_solver(s, kAll, 20.f, 0.f, false); }
void BM_solve_all_100deg_nocache(benchmark::State& s) { run_solver(s, kAll, 100.f, 0.f, false); }

// Naive: for each body-locked panel in priority order, scan centres on a
// 0.5 deg grid over the region, keep the free one nearest the rest point.
// Same comfort rules, region and exact rects as the solver's body pass.
void BM_naive_grid_typical_46deg(benchmark::State& state) {
  const ComfortConfig c = resolve_comfort({}).value();
  const float D = c.distance_m, em = size_for_angle_m(c.body_text_deg, D);
  const AngularRect region{-21.5f, 21.5f, -21.5f, 0.f};
  const glm::vec2 rest{0.f, -12.f};
  const OverlayKind body[] = {OverlayKind::friction_prompt, OverlayKind::warning};
  for (auto _ : state) {
    std::array<AngularRect, 8> placed{};
    int n = 0;
    for (OverlayKind k : body) {
      const PanelForm& f = panel_spec(k).full;
      const glm::vec2 size{f.width_em * em, f.height_em(c.line_spacing, c.padding_em) * em};
      float best = INFINITY;
      AngularRect best_rect{};
      for (float x = region.left_deg; x <= region.right_deg; x += 0.5f) {
        for (float y = region.down_deg; y <= region.up_deg; y += 0.5f) {
          const glm::vec3 dir = direction_for(x, y);
          const ViewQuad q = project_quad({dir * D, facing(dir, {0.f, 1.f, 0.f})}, size);
          const AngularRect r = bounding_rect(q);
          if (!region.contains(r)) continue;
          bool clear = true;
          for (int j = 0; j < n && clear; ++j) clear = !r.overlaps(placed[static_cast<size_t>(j)]);
          if (!clear) continue;
          const float d = (x - rest.x) * (x - rest.x) + (y - rest.y) * (y - rest.y);
          if (d < best) best = d, best_rect = r;
        }
      }
      placed[static_cast<size_t>(n++)] = best_rect;
    }
    benchmark::DoNotOptimize(placed);
  }
}

BENCHMARK(BM_solve_typical_46deg_steady);
BENCHMARK(BM_solve_typical_46deg_steady_nocache);
BENCHMARK(BM_solve_typical_46deg_recentring);
BENCHMARK(BM_naive_grid_typical_46deg);
BENCHMARK(BM_solve_all_20deg);
BENCHMARK(BM_solve_all_20deg_nocache);
BENCHMARK(BM_solve_all_100deg);
BENCHMARK(BM_solve_all_100deg_nocache);

}  // namespace

BENCHMARK_MAIN();
