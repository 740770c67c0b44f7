// sim.hpp: a tiny driver for scheduler tests: seconds since a Monday 00:00
// UTC base become Instants, and every decision is kept for inspection.
#pragma once

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "core/scheduler/scheduler.hpp"

namespace sim {

constexpr int64_t kMonday2026_11_23 = 1'795'392'000;  // Unix s, Monday 00:00 UTC
constexpr double kMin = 60.0;
constexpr double kHour = 3600.0;

inline tw::Policy quiet_policy() {
  tw::Policy p;
  p.attention.afk_after_s = 3600;  // long, so tests need no keep-alive input
  p.idle.min_idle_s = 3000;
  p.apps = {{"feed", "social"}, {"chat", "messaging"}, {"video", "video"},
            {"game", "games"}, {"reader", "books"}, {"feed2", "social"}};
  // Waits of no length of their own, so pause_s alone unlocks "continue
  // anyway"; test_exercise_course.cpp covers the timed kinds and the pick
  // kinds (intention, alternative: continue waits for a picked row).
  p.friction.intentions = {"reply to Ana", "check the train"};
  p.friction.exercises = {{"why", tw::ExerciseKind::wait, "Why now?", 3, 0},
                          {"instead", tw::ExerciseKind::wait, "Something else?", 3, 0},
                          {"why-here", tw::ExerciseKind::wait, "Why here?", 3, 0}};
  p.idle.items = {{"w1", tw::FillKind::vocabulary, "hola", "hello"},
                  {"w2", tw::FillKind::vocabulary, "gracias", "thanks"},
                  {"n1", tw::FillKind::note, "call mum", ""}};
  return p;
}

inline std::string serialize(const tw::TickOutput& out) {
  std::ostringstream os;
  for (const auto& d : out.decisions)
    os << "D " << d.unix_ms << ' ' << tw::to_string(d.kind) << ' ' << tw::to_string(d.overlay)
       << ' ' << tw::to_string(d.reason) << ' ' << d.app << ' ' << d.category << ' ' << d.budget
       << ' ' << d.remaining_s << ' ' << d.window << ' ' << d.fill_item << ' ' << d.exercise
       << ' ' << d.nudge_id << '\n';
  for (const auto& o : out.overlays)
    os << "O " << tw::to_string(o.kind) << ' ' << tw::to_string(o.reason) << ' ' << o.app << ' '
       << o.budget << ' ' << o.window << ' ' << o.fill_item << ' ' << o.exercise << ' '
       << o.nudge_id << ' ' << o.used_s << ' ' << o.limit_s << ' ' << o.remaining_s << ' '
       << o.countdown_s << ' ' << o.cost_today << ' ' << o.bypass_available << '\n';
  return os.str();
}

struct Sim {
  explicit Sim(const tw::Policy& p, tw::TimeZone tz = tw::TimeZone::utc(),
               int64_t base_unix_s = kMonday2026_11_23)
      : s(p, std::move(tz)), base_ms(base_unix_s * 1000) {}

  tw::Instant at(double sec) const {
    const auto ns = static_cast<int64_t>(std::llround(sec * 1e9));
    return {ns, base_ms + ns / 1'000'000};
  }
  tw::AppId app(const char* name) { return s.apps().intern(name); }

  tw::Signal sig(double sec, tw::SignalKind kind, const char* app_name = nullptr) {
    tw::Signal x;
    x.at = at(sec);
    x.kind = kind;
    if (app_name) x.app = app(app_name);
    return x;
  }
  tw::Signal focus(double sec, const char* a) { return sig(sec, tw::SignalKind::app_focus, a); }
  tw::Signal motion(double sec, float mps, float dps = 0.f) {
    tw::Signal x = sig(sec, tw::SignalKind::head_motion);
    x.linear_mps = mps;
    x.angular_dps = dps;
    return x;
  }
  tw::Signal hint(double sec, tw::Context c) {
    tw::Signal x = sig(sec, tw::SignalKind::context_hint);
    x.context = c;
    return x;
  }
  tw::Signal nudge(double sec, uint32_t id, bool urgent = false, const char* a = nullptr) {
    tw::Signal x = sig(sec, tw::SignalKind::nudge, a);
    x.nudge_id = id;
    x.urgent = urgent;
    return x;
  }

  const tw::TickOutput& tick(double sec, std::vector<tw::Signal> signals = {}) {
    const auto& out = s.tick(at(sec), signals);
    last = &out;
    all.insert(all.end(), out.decisions.begin(), out.decisions.end());
    text += serialize(out);
    return out;
  }
  // One tick per `step_s` seconds in (from, to].
  void run(double from, double to, double step_s = 1.0) {
    for (double t = from + step_s; t <= to + 1e-9; t += step_s) tick(t);
  }

  const tw::Overlay* overlay(tw::OverlayKind k) const {
    for (const auto& o : last->overlays)
      if (o.kind == k) return &o;
    return nullptr;
  }
  int count(tw::OverlayKind k) const {
    int n = 0;
    for (const auto& o : last->overlays) n += o.kind == k;
    return n;
  }
  // Decisions of this kind, overlay and reason, over the whole run.
  std::vector<tw::Decision> decided(tw::DecisionKind k, tw::OverlayKind o, tw::Reason r) const {
    std::vector<tw::Decision> v;
    for (const auto& d : all)
      if (d.kind == k && d.overlay == o && d.reason == r) v.push_back(d);
    return v;
  }
  bool decided_now(tw::DecisionKind k, tw::OverlayKind o, tw::Reason r) const {
    for (const auto& d : last->decisions)
      if (d.kind == k && d.overlay == o && d.reason == r) return true;
    return false;
  }
  int64_t ms(double sec) const { return at(sec).unix_ms; }

  tw::Scheduler s;
  int64_t base_ms;
  const tw::TickOutput* last = nullptr;
  std::vector<tw::Decision> all;
  std::string text;
};

}  // namespace sim
