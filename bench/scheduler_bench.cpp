// Scheduler tick cost with a 50-rule policy, and heap allocations per
// steady-state tick (counted by replacing the global operator new), next to
// a naive string-keyed evaluator doing the same budget work.
//
//   cmake --build build/default -j2 --target tw_bench_scheduler && build/default/bin/tw_bench_scheduler
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <new>
#include <string>
#include <vector>

#include "core/scheduler/scheduler.hpp"

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

constexpr int64_t kStart_ms = 1'795'392'000'000 + 10 * 3'600'000;  // a Monday, 10:00 UTC
constexpr int64_t kFrame_ns = 11'111'111;                           // 90 Hz

// 20 budgets + 10 windows + 20 idle rules = 50 rules; none fires in steady state.
tw::Policy fifty_rule_policy() {
  tw::Policy p;
  p.time_value.hourly_value = 40.0;
  p.attention.afk_after_s = 86'400;
  p.idle.min_idle_s = 3'600;
  for (int i = 0; i < 40; ++i)
    p.apps.push_back({"app" + std::to_string(i), "cat" + std::to_string(i % 8)});
  for (int i = 0; i < 20; ++i) {
    tw::Budget b;
    b.id = "b" + std::to_string(i);
    b.scope = i % 2 ? tw::BudgetScope::app : tw::BudgetScope::category;
    b.target = i % 2 ? "app" + std::to_string(i) : "cat" + std::to_string(i % 8);
    b.period = i % 3 ? tw::BudgetPeriod::daily : tw::BudgetPeriod::weekly;
    b.limit_s = 20 * 3600;
    b.warn_at = {0.5, 0.8, 0.9};
    b.at_limit = static_cast<tw::LimitAction>(i % 3);
    p.budgets.push_back(b);
  }
  for (int i = 0; i < 10; ++i) {
    tw::ProtectedWindow w;
    w.name = "w" + std::to_string(i);
    w.kind = i == 0 ? tw::WindowKind::sleep : tw::WindowKind::schedule;
    w.start = 20 * 60 + i * 20;  // evenings: inactive at 10:00
    w.end = w.start + 15;
    w.block_categories = {"cat" + std::to_string(i % 8)};
    p.windows.push_back(w);
  }
  for (int i = 0; i < 20; ++i) {
    tw::IdleRule r;
    r.match_time = true;
    r.start = i * 60;
    r.end = i * 60 + 30;
    r.mode = i % 2 ? tw::IdleMode::fill : tw::IdleMode::protect;
    p.idle.rules.push_back(r);
  }
  p.idle.items = {{"i1", tw::FillKind::note, "note", ""}};
  p.friction.exercises = {{"e1", tw::ExerciseKind::breathe, "breathe"},
                          {"e2", tw::ExerciseKind::intention, "why?"}};
  return p;
}

struct Fixture {
  Fixture() : s(fifty_rule_policy(), tw::TimeZone::utc()) {
    tw::Signal focus;
    focus.at = now;
    focus.kind = tw::SignalKind::app_focus;
    focus.app = s.apps().intern("app1");  // counted by a category and an app budget
    s.tick(now, {&focus, 1});
  }
  tw::Instant next() {
    now.mono_ns += kFrame_ns;
    now.unix_ms = kStart_ms + now.mono_ns / 1'000'000;
    return now;
  }
  tw::Instant now{0, kStart_ms};
  tw::Scheduler s;
};

void BM_SteadyTick50Rules(benchmark::State& state) {
  Fixture f;
  for (int i = 0; i < 1000; ++i) f.s.tick(f.next(), {});  // warm up: vectors at capacity
  const uint64_t before = g_allocs.load();
  size_t overlays = 0;
  for (auto _ : state) {
    const tw::TickOutput& out = f.s.tick(f.next(), {});
    overlays += out.overlays.size();
    benchmark::DoNotOptimize(out);
  }
  const auto iters = static_cast<double>(state.iterations());
  state.counters["allocs_per_tick"] = static_cast<double>(g_allocs.load() - before) / iters;
  state.counters["overlays"] = static_cast<double>(overlays) / iters;
}
BENCHMARK(BM_SteadyTick50Rules);

// 32 signals in one tick: focus switches, interactions, head motion, nudges.
void BM_BurstTick50Rules(benchmark::State& state) {
  Fixture f;
  std::vector<tw::Signal> burst(32);
  const tw::AppId a = f.s.apps().intern("app3");
  const tw::AppId b = f.s.apps().intern("app4");
  const uint64_t before = g_allocs.load();
  for (auto _ : state) {
    const tw::Instant t = f.next();
    for (size_t i = 0; i < burst.size(); ++i) {
      tw::Signal& x = burst[i];
      x = {};
      x.at = t;
      switch (i % 4) {
        case 0: x.kind = tw::SignalKind::app_focus; x.app = i % 8 ? a : b; break;
        case 1: x.kind = tw::SignalKind::interaction; break;
        case 2: x.kind = tw::SignalKind::head_motion; x.linear_mps = 0.2f; break;
        case 3: x.kind = tw::SignalKind::nudge; x.nudge_id = static_cast<uint32_t>(i); break;
      }
    }
    benchmark::DoNotOptimize(f.s.tick(t, burst));
  }
  state.counters["allocs_per_tick"] =
      static_cast<double>(g_allocs.load() - before) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_BurstTick50Rules);

// Naive: the same 20 budget checks keyed by strings, usage in a std::map and
// a fresh overlay vector per tick (how a first version would be written).
void BM_NaiveTick50Rules(benchmark::State& state) {
  const tw::Policy p = fifty_rule_policy();
  std::map<std::string, std::string> category;
  for (const auto& ac : p.apps) category[ac.app] = ac.category;
  std::map<std::string, int64_t> usage_ms;
  const std::string focused = "app1";
  int64_t t_ms = kStart_ms;
  const uint64_t before = g_allocs.load();
  for (auto _ : state) {
    t_ms += 11;
    usage_ms[focused] += 11;
    usage_ms[category[focused]] += 11;
    std::vector<tw::Overlay> overlays;
    const tw::Budget* tightest = nullptr;
    int64_t best_left = 0;
    for (const tw::Budget& b : p.budgets) {
      const std::string& key = b.scope == tw::BudgetScope::app ? focused : category[focused];
      if (b.target != key) continue;
      const int64_t left = b.limit_s * 1000 - usage_ms[key];
      if (!tightest || left < best_left) {
        tightest = &b;
        best_left = left;
      }
    }
    const int minute = static_cast<int>((t_ms / 60'000) % 1440);
    for (const tw::ProtectedWindow& w : p.windows)
      if (minute >= w.start && minute < w.end) overlays.push_back({});
    if (tightest) {
      tw::Overlay o;
      o.remaining_s = best_left / 1000;
      overlays.push_back(o);
    }
    benchmark::DoNotOptimize(overlays.data());
  }
  state.counters["allocs_per_tick"] =
      static_cast<double>(g_allocs.load() - before) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_NaiveTick50Rules);

}  // namespace

BENCHMARK_MAIN();
