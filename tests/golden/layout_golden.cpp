// tw_layout_golden: the placement solver's output on fixed inputs, as text,
// for the golden test (tests/golden/golden.sh).
//
// Inputs: the four frame sequences of bench/layout_bench.cpp (with and
// without the body-layout cache), the random devices and head walks of
// tests/unit/layout/test_overlap_property.cpp and test_cache.cpp (same
// seeds and generators: pins, unpins, fast motion, overlay-set and FOV
// changes), and the inputs solve() must refuse. Every field of every panel
// of every frame goes into a running FNV-1a hash, floats by their bits; one
// line per sequence prints its hash, and the first frame of some sequences
// is printed in full (floats as %a), so a difference is both caught and shown.
//
//   tw_layout_golden > solver.txt
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <glm/gtc/quaternion.hpp>

#include "layout/angles.hpp"
#include "layout/solver.hpp"

namespace {

using namespace tw::layout;
using tw::OverlayKind;

struct Fnv {
  uint64_t h = 1469598103934665603ull;
  void text(const std::string& s) {
    for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
};

// Deterministic on every standard library (std::uniform_*_distribution is not).
struct Rng {
  explicit Rng(uint32_t seed) : g(seed) {}
  std::mt19937 g;
  float uniform(float lo, float hi) { return lo + (hi - lo) * static_cast<float>(g()) / 4294967296.f; }
  bool coin(float p) { return uniform(0.f, 1.f) < p; }
};

// The fixtures' head (tests/unit/layout/layout_fixtures.hpp).
Pose head(float yaw_deg, float pitch_deg, float roll_deg = 0.f, glm::vec3 pos = {0.f, 1.6f, 0.f}) {
  auto rad = [](float d) { return d * kPi / 180.f; };
  return {pos, glm::angleAxis(rad(yaw_deg), glm::vec3(0, 1, 0)) * glm::angleAxis(rad(pitch_deg), glm::vec3(1, 0, 0)) *
                   glm::angleAxis(rad(roll_deg), glm::vec3(0, 0, 1))};
}

// The benchmark's head (bench/layout_bench.cpp).
Pose bench_head(float yaw_deg, float pitch_deg) {
  return {{0.f, 1.6f, 0.f}, glm::angleAxis(yaw_deg * kDegToRad, glm::vec3(0, 1, 0)) *
                                glm::angleAxis(pitch_deg * kDegToRad, glm::vec3(1, 0, 0))};
}

std::array<Fov, 2> device(float w_deg, float h_deg) { return {symmetric_fov(w_deg, h_deg), symmetric_fov(w_deg, h_deg)}; }
tw::Instant at_ms(int64_t ms) { return {ms * 1'000'000, 1'700'000'000'000 + ms}; }

std::vector<tw::Overlay> make(std::initializer_list<OverlayKind> kinds) {
  std::vector<tw::Overlay> v;
  for (OverlayKind k : kinds) v.push_back(tw::Overlay{.kind = k});
  return v;
}

void append_pose(std::string& s, const Pose& p) {
  char buf[200];
  std::snprintf(buf, sizeof buf, " (%a %a %a | %a %a %a %a)", static_cast<double>(p.position.x),
                static_cast<double>(p.position.y), static_cast<double>(p.position.z),
                static_cast<double>(p.orientation.w), static_cast<double>(p.orientation.x),
                static_cast<double>(p.orientation.y), static_cast<double>(p.orientation.z));
  s += buf;
}

std::string frame_text(const tw::Status& st, const Layout& l) {
  if (!st) return "error " + st.error().message + "\n";
  std::string s;
  char buf[256];
  std::snprintf(buf, sizeof buf, "layout count=%u dropped=%u recentring=%d fov=(%a %a %a %a)\n", l.count, l.dropped,
                l.recentring ? 1 : 0, static_cast<double>(l.usable_fov.left_deg),
                static_cast<double>(l.usable_fov.right_deg), static_cast<double>(l.usable_fov.down_deg),
                static_cast<double>(l.usable_fov.up_deg));
  s += buf;
  for (const PlacedPanel& p : l.panels()) {
    std::snprintf(buf, sizeof buf, "  %s #%u %s %s %s view=%d in_fov=%d size=(%a %a) d=%a text=%a",
                  std::string(tw::to_string(p.kind)).c_str(), p.overlay_index, std::string(to_string(p.anchor)).c_str(),
                  std::string(to_string(p.visibility)).c_str(), std::string(to_string(p.reason)).c_str(),
                  p.view_space ? 1 : 0, p.in_fov ? 1 : 0, static_cast<double>(p.size_m.x),
                  static_cast<double>(p.size_m.y), static_cast<double>(p.distance_m),
                  static_cast<double>(p.text_height_m));
    s += buf;
    append_pose(s, p.pose);
    append_pose(s, p.T_space_panel);
    std::snprintf(buf, sizeof buf, " rect=%d(%a %a %a %a)\n", p.rect_valid ? 1 : 0,
                  static_cast<double>(p.rect.left_deg), static_cast<double>(p.rect.right_deg),
                  static_cast<double>(p.rect.down_deg), static_cast<double>(p.rect.up_deg));
    s += buf;
  }
  return s;
}

// One sequence of frames: hashed, its first frame printed when `show`.
struct Sequence {
  Sequence(std::string n, bool s) : name(std::move(n)), show(s) {}
  std::string name;
  bool show = false;
  Fnv hash;
  int frames = 0;
  void frame(const tw::Status& st, const Layout& l) {
    const std::string t = frame_text(st, l);
    if (show && frames == 0) std::printf("%s first frame:\n%s", name.c_str(), t.c_str());
    hash.text(t);
    ++frames;
  }
  void end(const Solver& s) const {
    std::printf("%s frames=%d body_layouts=%" PRIu64 " hash=%016" PRIx64 "\n", name.c_str(), frames,
                s.body_layouts(), hash.h);
  }
};

void bench_sequence(const char* name, const std::vector<tw::Overlay>& ov, float fov_deg, float sweep_deg, bool cache) {
  Solver solver = Solver::create({.cache_body_layout = cache}).value();
  const auto fov = device(fov_deg, fov_deg);
  Sequence seq(name, true);
  Layout out;
  int64_t t_ns = 0;
  for (int i = 0; i < 600; ++i) {
    const float yaw = sweep_deg * std::sin(static_cast<float>(i) * 0.01f) + 0.5f * std::sin(static_cast<float>(i));
    const tw::Status st =
        solver.solve({.overlays = ov, .T_space_head = bench_head(yaw, -5.f), .eye_fov = fov, .now = {t_ns, 0}}, out);
    seq.frame(st, out);
    t_ns += 11'111'111;
  }
  seq.end(solver);
}

// tests/unit/layout/test_overlap_property.cpp's inputs.
void property_sequences() {
  Rng rng(20261128u);
  for (int f = 0; f < 300; ++f) {
    const float w = rng.uniform(14.f, 110.f), hgt = rng.uniform(14.f, 100.f);
    Fov l = symmetric_fov(w, hgt), r = symmetric_fov(w, hgt);
    l.angle_right_rad -= rng.uniform(0.f, 3.f) * kPi / 180.f;
    r.angle_left_rad += rng.uniform(0.f, 3.f) * kPi / 180.f;
    l.angle_up_rad -= rng.uniform(0.f, 2.f) * kPi / 180.f;
    const std::array<Fov, 2> fov{l, r};
    std::vector<tw::Overlay> ov;
    for (int k = 0; k < tw::kOverlayKindCount; ++k)
      if (rng.coin(0.55f)) ov.push_back(tw::Overlay{.kind = static_cast<OverlayKind>(k)});
    if (rng.coin(0.3f)) ov.push_back(tw::Overlay{.kind = OverlayKind::warning});
    std::shuffle(ov.begin(), ov.end(), rng.g);
    float yaw = rng.uniform(-180.f, 180.f), pitch = rng.uniform(-50.f, 45.f), roll = rng.uniform(-12.f, 12.f);
    const glm::vec3 pos{rng.uniform(-3.f, 3.f), rng.uniform(0.8f, 1.9f), rng.uniform(-3.f, 3.f)};
    Solver solver = Solver::create({}).value();
    Sequence seq("property " + std::to_string(f), f % 50 == 0);
    Layout out;
    int64_t t = 0;
    for (int frame = 0; frame < 40; ++frame) {
      seq.frame(solver.solve({.overlays = ov, .T_space_head = head(yaw, pitch, roll, pos), .eye_fov = fov,
                              .now = at_ms(t)},
                             out),
                out);
      const float step = rng.coin(0.1f) ? 25.f : 2.f;
      yaw += rng.uniform(-step, step);
      pitch = std::clamp(pitch + rng.uniform(-step, step) * 0.5f, -60.f, 60.f);
      roll = std::clamp(roll + rng.uniform(-1.f, 1.f), -15.f, 15.f);
      t += 11;
    }
    seq.end(solver);
  }
}

// tests/unit/layout/test_cache.cpp's inputs (the cached solver's side).
void cache_sequences() {
  Rng rng(20261129u);
  for (int f = 0; f < 120; ++f) {
    std::array<Fov, 2> fov = device(rng.uniform(16.f, 110.f), rng.uniform(16.f, 100.f));
    std::vector<tw::Overlay> ov;
    for (int k = 0; k < tw::kOverlayKindCount; ++k)
      if (rng.coin(0.6f)) ov.push_back(tw::Overlay{.kind = static_cast<OverlayKind>(k)});
    std::shuffle(ov.begin(), ov.end(), rng.g);
    Solver solver = Solver::create({}).value();
    float yaw = rng.uniform(-180.f, 180.f), pitch = rng.uniform(-40.f, 30.f);
    const glm::vec3 pos{rng.uniform(-2.f, 2.f), 1.6f, rng.uniform(-2.f, 2.f)};
    Sequence seq("cache " + std::to_string(f), f % 40 == 0);
    Layout out;
    int64_t t = 0;
    for (int frame = 0; frame < 60; ++frame) {
      const SolveInput in{.overlays = ov, .T_space_head = head(yaw, pitch, 0.f, pos), .eye_fov = fov,
                          .fast_motion = rng.coin(0.03f), .now = at_ms(t)};
      seq.frame(solver.solve(in, out), out);
      yaw += rng.coin(0.03f) ? rng.uniform(-40.f, 40.f) : rng.uniform(-0.2f, 0.2f);
      pitch = std::clamp(pitch + rng.uniform(-0.2f, 0.2f), -50.f, 40.f);
      if (rng.coin(0.05f) && !ov.empty()) {
        const tw::Status p = solver.pin(ov[static_cast<size_t>(rng.g() % ov.size())].kind);
        seq.hash.text(p ? "pin ok\n" : "pin " + p.error().message + "\n");
      }
      if (rng.coin(0.03f) && !ov.empty()) {
        const tw::Status p = solver.unpin(ov[static_cast<size_t>(rng.g() % ov.size())].kind);
        seq.hash.text(p ? "unpin ok\n" : "unpin " + p.error().message + "\n");
      }
      if (rng.coin(0.04f) && !ov.empty()) ov.erase(ov.begin() + static_cast<long>(rng.g() % ov.size()));
      if (rng.coin(0.03f)) fov = device(rng.uniform(16.f, 110.f), rng.uniform(16.f, 100.f));
      t += rng.coin(0.02f) ? 2000 : 11;
    }
    seq.end(solver);
  }
}

// Inputs solve() refuses, each after a good frame: the error, then the
// good frame again (the state was kept).
void refusals() {
  const auto ov = make({OverlayKind::budget_ring, OverlayKind::warning});
  struct Bad {
    const char* name;
    SolveInput in;
  };
  const float nan = std::nanf("");
  const Bad bad[] = {
      {"narrow fov", {.overlays = ov, .T_space_head = head(0, 0), .eye_fov = device(1.f, 1.f), .now = at_ms(20)}},
      {"nan pose", {.overlays = ov, .T_space_head = head(nan, 0), .eye_fov = device(46.f, 46.f), .now = at_ms(20)}},
      {"not a rotation",
       {.overlays = ov, .T_space_head = {{0, 1.6f, 0}, {0.1f, 0, 0, 0}}, .eye_fov = device(46.f, 46.f), .now = at_ms(20)}},
      {"time backwards", {.overlays = ov, .T_space_head = head(0, 0), .eye_fov = device(46.f, 46.f), .now = at_ms(5)}},
  };
  for (const Bad& b : bad) {
    Solver solver = Solver::create({}).value();
    Sequence seq(std::string("refuse ") + b.name, true);
    Layout out;
    const SolveInput good{.overlays = ov, .T_space_head = head(3.f, -10.f), .eye_fov = device(46.f, 46.f),
                          .now = at_ms(10)};
    (void)solver.solve(good, out);
    const tw::Status st = solver.solve(b.in, out);
    seq.frame(st, out);
    SolveInput again = good;
    again.now = at_ms(30);
    seq.frame(solver.solve(again, out), out);
    seq.end(solver);
  }
}

}  // namespace

int main() {
  const auto typical = make({OverlayKind::budget_ring, OverlayKind::protect_indicator, OverlayKind::warning,
                             OverlayKind::friction_prompt});
  const auto all = make({OverlayKind::budget_ring, OverlayKind::protect_indicator, OverlayKind::block_shield,
                         OverlayKind::friction_prompt, OverlayKind::warning, OverlayKind::wind_down,
                         OverlayKind::nudge, OverlayKind::fill_card, OverlayKind::daily_summary});
  for (const bool cache : {true, false}) {
    const std::string suffix = cache ? "" : "_nocache";
    bench_sequence(("bench typical_46deg_steady" + suffix).c_str(), typical, 46.f, 0.f, cache);
    bench_sequence(("bench typical_46deg_recentring" + suffix).c_str(), typical, 46.f, 60.f, cache);
    bench_sequence(("bench all_20deg" + suffix).c_str(), all, 20.f, 0.f, cache);
    bench_sequence(("bench all_100deg" + suffix).c_str(), all, 100.f, 0.f, cache);
  }
  property_sequences();
  cache_sequences();
  refusals();
  return 0;
}
