// The body-layout cache changes nothing but the cost: a solver with it and
// one without, fed the same random devices, overlay sets, head walks, pins
// and set changes, give bit-identical layouts; a steady head lays out once.
#include "tw_catch.hpp"

#include <cstring>
#include <random>

#include "layout_fixtures.hpp"

using namespace twt;
using tw::OverlayKind;

namespace {

struct Rng {
  std::mt19937 g{20261129u};
  float uniform(float lo, float hi) { return lo + (hi - lo) * static_cast<float>(g()) / 4294967296.f; }
  bool coin(float p) { return uniform(0.f, 1.f) < p; }
};

bool same_pose(const Pose& a, const Pose& b) {
  return std::memcmp(&a.position, &b.position, sizeof a.position) == 0 &&
         std::memcmp(&a.orientation, &b.orientation, sizeof a.orientation) == 0;
}

void require_same(const Layout& a, const Layout& b) {
  REQUIRE(a.count == b.count);
  REQUIRE(a.recentring == b.recentring);
  for (uint16_t i = 0; i < a.count; ++i) {
    const PlacedPanel& p = a.items[i];
    const PlacedPanel& q = b.items[i];
    INFO("panel " << i << " " << tw::to_string(p.kind));
    CHECK(p.kind == q.kind);
    CHECK(p.anchor == q.anchor);
    CHECK(p.visibility == q.visibility);
    CHECK(p.reason == q.reason);
    CHECK(p.in_fov == q.in_fov);
    CHECK(same_pose(p.pose, q.pose));
    CHECK(same_pose(p.T_space_panel, q.T_space_panel));
    CHECK(p.size_m == q.size_m);
    CHECK(p.distance_m == q.distance_m);
    CHECK(p.text_height_m == q.text_height_m);
    CHECK(p.rect_valid == q.rect_valid);
    CHECK(std::memcmp(&p.rect, &q.rect, sizeof p.rect) == 0);
  }
}

}  // namespace

TEST_CASE("the cached body layout equals a fresh one, frame by frame", "[layout][cache][property]") {
  Rng rng;
  uint64_t frames = 0, fresh = 0;
  for (int f = 0; f < 120; ++f) {
    const float w = rng.uniform(16.f, 110.f), hgt = rng.uniform(16.f, 100.f);
    std::array<Fov, 2> fov = device(w, hgt);
    std::vector<tw::Overlay> ov;
    for (int k = 0; k < tw::kOverlayKindCount; ++k)
      if (rng.coin(0.6f)) ov.push_back(overlay(static_cast<OverlayKind>(k)));
    std::shuffle(ov.begin(), ov.end(), rng.g);
    auto cached = Solver::create({});
    auto plain = Solver::create({.cache_body_layout = false});
    REQUIRE(cached.ok());
    REQUIRE(plain.ok());
    float yaw = rng.uniform(-180.f, 180.f), pitch = rng.uniform(-40.f, 30.f);
    const glm::vec3 pos{rng.uniform(-2.f, 2.f), 1.6f, rng.uniform(-2.f, 2.f)};
    Layout a, b;
    int64_t t = 0;
    for (int frame = 0; frame < 60; ++frame) {
      INFO("fixture " << f << " frame " << frame);
      const SolveInput in{.overlays = ov, .T_space_head = head(yaw, pitch, 0.f, pos), .eye_fov = fov,
                              .fast_motion = rng.coin(0.03f), .now = at_ms(t)};
      REQUIRE(cached.value().solve(in, a).ok());
      REQUIRE(plain.value().solve(in, b).ok());
      require_same(a, b);
      ++frames;
      // Mostly a still head with tracking jitter; sometimes a turn, a pin,
      // an unpin, a changed overlay set or a changed FOV.
      yaw += rng.coin(0.03f) ? rng.uniform(-40.f, 40.f) : rng.uniform(-0.2f, 0.2f);
      pitch = std::clamp(pitch + rng.uniform(-0.2f, 0.2f), -50.f, 40.f);
      if (rng.coin(0.05f) && !ov.empty()) {
        const OverlayKind k = ov[static_cast<size_t>(rng.g() % ov.size())].kind;
        const bool pa = cached.value().pin(k).ok(), pb = plain.value().pin(k).ok();
        CHECK(pa == pb);
      }
      if (rng.coin(0.03f) && !ov.empty()) {
        const OverlayKind k = ov[static_cast<size_t>(rng.g() % ov.size())].kind;
        CHECK(cached.value().unpin(k).ok() == plain.value().unpin(k).ok());
      }
      if (rng.coin(0.04f) && !ov.empty()) ov.erase(ov.begin() + static_cast<long>(rng.g() % ov.size()));
      if (rng.coin(0.03f)) fov = device(rng.uniform(16.f, 110.f), rng.uniform(16.f, 100.f));
      t += rng.coin(0.02f) ? 2000 : 11;
    }
    fresh += cached.value().body_layouts();
  }
  CHECK(frames == 120 * 60);
  // The cache was used: recentring after a turn lays out every frame, a
  // still head does not.
  CHECK(fresh * 2 < frames);
}

TEST_CASE("a steady head lays out the body-locked panels once", "[layout][cache]") {
  auto solver = Solver::create({});
  REQUIRE(solver.ok());
  const auto ov = overlays({OverlayKind::budget_ring, OverlayKind::protect_indicator, OverlayKind::block_shield,
                            OverlayKind::friction_prompt, OverlayKind::warning, OverlayKind::wind_down,
                            OverlayKind::nudge, OverlayKind::fill_card, OverlayKind::daily_summary});
  Layout out;
  for (int i = 0; i < 200; ++i) {
    const float jitter = 0.3f * std::sin(static_cast<float>(i));
    REQUIRE(solver.value()
                .solve({.overlays = ov, .T_space_head = head(jitter, -5.f), .eye_fov = device(20.f, 20.f),
                        .now = at_ms(11 * i)},
                       out)
                .ok());
  }
  CHECK(solver.value().body_layouts() == 1);
  // A changed overlay set is laid out afresh.
  const auto fewer = overlays({OverlayKind::budget_ring, OverlayKind::warning});
  REQUIRE(solver.value()
              .solve({.overlays = fewer, .T_space_head = head(0.f, -5.f), .eye_fov = device(20.f, 20.f),
                      .now = at_ms(11 * 200)},
                     out)
              .ok());
  CHECK(solver.value().body_layouts() == 2);
}
