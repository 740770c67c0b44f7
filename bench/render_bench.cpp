// render_bench: the panel renderer on lavapipe, render-on-change vs naive.
//
// A 60 s session at 90 Hz (5400 frames) in which the budget ring's displayed
// value changes once a second. "on_change" turns the overlay into a
// PanelContent each frame and calls update(), which renders only when the
// content differs; "presenter" runs the same session through PanelPresenter
// (placed panel -> content -> slot -> quad list), the loop every target
// uses; "naive" rebuilds and renders the ImGui UI every frame, as an
// immediate-mode overlay does. Both run in the same process on the same
// device; the naive benchmark reports its time ratio to on_change. GPU time
// comes from timestamp queries (lavapipe supports them). Allocation counts
// cover operator new and Dear ImGui's allocator, not the driver's.
// Commands and figures: docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <imgui.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <new>

#include "../tests/render/panel_fixtures.hpp"
#include "headless/headless_vulkan.hpp"
#include "render/offscreen_image.hpp"
#include "render/panel_presenter.hpp"
#include "render/panel_renderer.hpp"

namespace {

std::atomic<uint64_t> g_allocs{0};

}  // namespace

void* operator new(size_t n) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace {

void* counting_imgui_alloc(size_t n, void*) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n);
}
void counting_imgui_free(void* p, void*) { std::free(p); }

struct Env {
  tw::HeadlessVulkan vk;
  tw::PanelRenderer renderer;
  tw::OffscreenImage image;
  tw::PanelPresenter presenter;
};

Env& env() {
  static Env* e = [] {
    ImGui::SetAllocatorFunctions(counting_imgui_alloc, counting_imgui_free, nullptr);
    auto vk = tw::HeadlessVulkan::create({});
    if (!vk) { std::fprintf(stderr, "%s\n", vk.error().message.c_str()); std::exit(1); }
    tw::RendererDesc d = vk->renderer_desc();
    d.gpu_timestamps = true;
    auto r = tw::PanelRenderer::create(d);
    if (!r) { std::fprintf(stderr, "%s\n", r.error().message.c_str()); std::exit(1); }
    const tw::PanelExtentPx ring = tw::panel_extent_px(tw::OverlayKind::budget_ring);
    auto img = tw::OffscreenImage::create(vk->physical_device(), vk->device(), ring.width, ring.height);
    if (!img) { std::fprintf(stderr, "%s\n", img.error().message.c_str()); std::exit(1); }
    auto p = tw::PanelPresenter::create({.renderer = vk->renderer_desc()});
    if (!p) { std::fprintf(stderr, "%s\n", p.error().message.c_str()); std::exit(1); }
    auto* made = new Env{std::move(vk.value()), std::move(r.value()), std::move(img.value()), std::move(p.value())};
    // Warm-up: ImGui sizes its buffers on the first frames; steady state is measured.
    tw::test::PanelFixture fx;
    for (tw::OverlayKind kind : tw::test::kAllKinds) {
      const tw::PanelContent c = fx.content(kind, tw::Theme::additive);
      const tw::PanelTarget t = made->image.target(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
      (void)made->renderer.render(2, c, t);
      (void)made->presenter.renderer().render(tw::PanelPresenter::kSlots, c, t);  // untracked slot
    }
    (void)made->renderer.wait_idle();
    (void)made->presenter.wait_idle();
    return made;
  }();
  return *e;
}

constexpr int kFrames = 60 * 90;
double g_on_change_s = 0.0;

// The ring's overlay at frame f: one displayed minute less each second.
tw::Overlay ring_at(const tw::test::PanelFixture& fx, int frame) {
  tw::Overlay o = fx.overlay(tw::OverlayKind::budget_ring);
  o.limit_s = 90 * 60;
  o.remaining_s = (80 - frame / 90) * 60;
  o.used_s = o.limit_s - o.remaining_s;
  return o;
}

void run_session(benchmark::State& state, bool naive) {
  Env& e = env();
  tw::test::PanelFixture fx;
  const tw::PanelTarget target = e.image.target(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
  uint64_t renders = 0, allocs = 0;
  double gpu_ms = 0.0, seconds = 0.0;
  for (auto _ : state) {
    e.renderer.invalidate(0);
    const uint64_t renders0 = e.renderer.stats().renders;
    const uint64_t allocs0 = g_allocs.load();
    auto t0 = std::chrono::steady_clock::now();
    for (int f = 0; f < kFrames; ++f) {
      tw::PanelContent c = tw::make_panel_content(ring_at(fx, f), fx.policy, fx.apps, fx.categories,
                                                  tw::Theme::additive);
      bool drawn = false;
      if (naive) {
        drawn = static_cast<bool>(e.renderer.render(0, c, target));
      } else {
        auto r = e.renderer.update(0, c, target);
        drawn = r && r.value();
      }
      if (drawn) {
        auto g = e.renderer.last_gpu_ms();  // waits for this render's fence
        if (g) gpu_ms += g.value();
      }
    }
    (void)e.renderer.wait_idle();
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    renders += e.renderer.stats().renders - renders0;
    allocs += g_allocs.load() - allocs0;
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["frames"] = kFrames;
  state.counters["renders"] = static_cast<double>(renders) / n;
  state.counters["gpu_ms"] = gpu_ms / n;
  state.counters["us_per_frame"] = seconds / n / kFrames * 1e6;
  state.counters["allocs"] = static_cast<double>(allocs) / n;
  if (!naive) g_on_change_s = seconds / n;
  else if (g_on_change_s > 0) state.counters["ratio_vs_on_change"] = seconds / n / g_on_change_s;
}

// The ring as the solver places it: view-locked, shown.
tw::layout::Layout ring_layout() {
  tw::layout::Layout l;
  tw::layout::PlacedPanel& p = l.items[0];
  p.kind = tw::OverlayKind::budget_ring;
  p.anchor = tw::layout::Anchor::view_locked;
  p.visibility = tw::layout::Visibility::shown;
  p.view_space = true;
  p.pose.position = {0.16f, -0.10f, -1.f};
  p.size_m = {0.05f, 0.05f};
  l.count = 1;
  return l;
}

// The same session through the presenter: each frame builds the content,
// finds the slot and returns the quad list; it renders on change only.
void BM_RingSession60s_Presenter(benchmark::State& state) {
  Env& e = env();
  tw::test::PanelFixture fx;
  const tw::layout::Layout layout = ring_layout();
  uint64_t renders = 0, allocs = 0, submissions = 0;
  double seconds = 0.0;
  for (auto _ : state) {
    const uint64_t renders0 = e.presenter.stats().renders;
    const uint64_t submissions0 = e.presenter.renderer().stats().submissions;
    const uint64_t allocs0 = g_allocs.load();
    auto t0 = std::chrono::steady_clock::now();
    for (int f = 0; f < kFrames; ++f) {
      const tw::Overlay o = ring_at(fx, f);  // frame 0 differs from the last one: a render
      auto quads = e.presenter.present({.layout = &layout, .overlays = {&o, 1}, .policy = &fx.policy,
                                        .apps = &fx.apps, .categories = &fx.categories,
                                        .theme = tw::Theme::additive});
      if (!quads || quads->size() != 1) state.SkipWithError("present");
      benchmark::DoNotOptimize(quads);
    }
    (void)e.presenter.wait_idle();
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    renders += e.presenter.stats().renders - renders0;
    submissions += e.presenter.renderer().stats().submissions - submissions0;
    allocs += g_allocs.load() - allocs0;
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["frames"] = kFrames;
  state.counters["renders"] = static_cast<double>(renders) / n;
  state.counters["submissions"] = static_cast<double>(submissions) / n;
  state.counters["us_per_frame"] = seconds / n / kFrames * 1e6;
  state.counters["allocs"] = static_cast<double>(allocs) / n;
}

// The steady-state frame through the presenter: placed ring -> content ->
// slot -> quad, with nothing to render.
void BM_PresenterUnchangedFrame(benchmark::State& state) {
  Env& e = env();
  tw::test::PanelFixture fx;
  const tw::layout::Layout layout = ring_layout();
  const tw::Overlay o = ring_at(fx, 0);
  const tw::PresentInput in{.layout = &layout, .overlays = {&o, 1}, .policy = &fx.policy, .apps = &fx.apps,
                            .categories = &fx.categories, .theme = tw::Theme::additive};
  (void)e.presenter.present(in);
  (void)e.presenter.wait_idle();
  const uint64_t submissions0 = e.presenter.renderer().stats().submissions;
  const uint64_t allocs0 = g_allocs.load();
  for (auto _ : state) {
    auto quads = e.presenter.present(in);
    benchmark::DoNotOptimize(quads);
  }
  state.counters["submissions"] = static_cast<double>(e.presenter.renderer().stats().submissions - submissions0);
  state.counters["allocs"] = static_cast<double>(g_allocs.load() - allocs0);
}

void BM_RingSession60s_OnChange(benchmark::State& state) { run_session(state, false); }
void BM_RingSession60s_Naive(benchmark::State& state) { run_session(state, true); }

// The steady-state frame: overlay -> content -> update() finds it unchanged.
void BM_UnchangedFrame(benchmark::State& state) {
  Env& e = env();
  tw::test::PanelFixture fx;
  const tw::PanelTarget target = e.image.target(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
  const tw::Overlay o = ring_at(fx, 0);
  (void)e.renderer.update(0, tw::make_panel_content(o, fx.policy, fx.apps, fx.categories, tw::Theme::additive), target);
  (void)e.renderer.wait_idle();
  const uint64_t submissions0 = e.renderer.stats().submissions;
  const uint64_t allocs0 = g_allocs.load();
  for (auto _ : state) {
    tw::PanelContent c = tw::make_panel_content(o, fx.policy, fx.apps, fx.categories, tw::Theme::additive);
    auto r = e.renderer.update(0, c, target);
    benchmark::DoNotOptimize(r);
  }
  state.counters["submissions"] = static_cast<double>(e.renderer.stats().submissions - submissions0);
  state.counters["allocs"] = static_cast<double>(g_allocs.load() - allocs0);
}

// One panel re-render, submitted and waited for (CPU: ImGui layout, upload,
// recording; lavapipe rasterises on CPU threads, counted in process time).
void BM_PanelRerender(benchmark::State& state) {
  Env& e = env();
  tw::test::PanelFixture fx;
  const auto kind = static_cast<tw::OverlayKind>(state.range(0));
  const tw::PanelExtentPx ext = tw::panel_extent_px(kind);
  auto img = tw::OffscreenImage::create(e.vk.physical_device(), e.vk.device(), ext.width, ext.height);
  const tw::PanelContent c = fx.content(kind, tw::Theme::plated);
  double gpu_ms = 0.0;
  for (auto _ : state) {
    if (!e.renderer.render(1, c, img->target(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL))) state.SkipWithError("render");
    auto g = e.renderer.last_gpu_ms();
    if (g) gpu_ms += g.value();
  }
  (void)e.renderer.forget_view(img->view());
  state.SetLabel(std::string(tw::to_string(kind)));
  state.counters["gpu_ms"] = gpu_ms / static_cast<double>(state.iterations());
}

BENCHMARK(BM_RingSession60s_OnChange)->Unit(benchmark::kMillisecond)->Iterations(3)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(BM_RingSession60s_Presenter)->Unit(benchmark::kMillisecond)->Iterations(3)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(BM_RingSession60s_Naive)->Unit(benchmark::kMillisecond)->Iterations(1)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(BM_UnchangedFrame);
BENCHMARK(BM_PresenterUnchangedFrame);
BENCHMARK(BM_PanelRerender)
    ->Arg(static_cast<int>(tw::OverlayKind::budget_ring))
    ->Arg(static_cast<int>(tw::OverlayKind::friction_prompt))
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
