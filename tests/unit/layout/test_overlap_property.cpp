// Property test over many fixtures (fixed seed): random FOVs (including
// unequal eyes), head poses and overlay sets, then a random head walk.
// Every frame: no two visible panels overlap in angular space, indicators
// are inside the FOV, body-locked panels keep distance, band and text size;
// at rest with the head in a comfortable pitch, every visible panel fits.
#include "tw_catch.hpp"

#include <random>

#include "layout/projection.hpp"
#include "layout_fixtures.hpp"

using namespace twt;
using tw::OverlayKind;

namespace {

// Deterministic on every standard library (std::uniform_*_distribution is not).
struct Rng {
  std::mt19937 g{20261128u};
  float uniform(float lo, float hi) { return lo + (hi - lo) * static_cast<float>(g()) / 4294967296.f; }
  bool coin(float p) { return uniform(0.f, 1.f) < p; }
};

}  // namespace

TEST_CASE("no two placed panels overlap, across random devices, poses and overlay sets",
          "[layout][property]") {
  Rng rng;
  int fixtures = 0, visible_pairs = 0, fit_checks = 0;
  for (int f = 0; f < 300; ++f) {
    // Device: 14-110 deg wide, 14-100 deg tall, the eyes a little different.
    const float w = rng.uniform(14.f, 110.f), hgt = rng.uniform(14.f, 100.f);
    Fov l = symmetric_fov(w, hgt), r = symmetric_fov(w, hgt);
    l.angle_right_rad -= rad(rng.uniform(0.f, 3.f));
    r.angle_left_rad += rad(rng.uniform(0.f, 3.f));
    l.angle_up_rad -= rad(rng.uniform(0.f, 2.f));
    const std::array<Fov, 2> fov{l, r};
    const AngularRect both = binocular_fov(fov).value();

    std::vector<tw::Overlay> ov;
    for (int k = 0; k < tw::kOverlayKindCount; ++k)
      if (rng.coin(0.55f)) ov.push_back(overlay(static_cast<OverlayKind>(k)));
    if (rng.coin(0.3f)) ov.push_back(overlay(OverlayKind::warning));  // two budgets warn
    std::shuffle(ov.begin(), ov.end(), rng.g);

    float yaw = rng.uniform(-180.f, 180.f), pitch = rng.uniform(-50.f, 45.f), roll = rng.uniform(-12.f, 12.f);
    const glm::vec3 pos{rng.uniform(-3.f, 3.f), rng.uniform(0.8f, 1.9f), rng.uniform(-3.f, 3.f)};
    auto solver = Solver::create({});
    REQUIRE(solver.ok());
    Layout out;
    int64_t t = 0;
    for (int frame = 0; frame < 40; ++frame) {
      const Pose h = head(yaw, pitch, roll, pos);
      REQUIRE(solver.value().solve({.overlays = ov, .T_space_head = h, .eye_fov = fov, .now = at_ms(t)}, out).ok());
      REQUIRE(out.count == ov.size());
      const auto panels = out.panels();
      for (size_t i = 0; i < panels.size(); ++i) {
        const PlacedPanel& p = panels[i];
        INFO("fixture " << f << " frame " << frame << " " << tw::to_string(p.kind) << " "
                        << to_string(p.visibility) << " " << to_string(p.reason) << " fov " << w << "x" << hgt
                        << " head " << yaw << "/" << pitch << "/" << roll);
        if (!p.visible()) {
          CHECK(p.reason != LayoutReason::none);
          continue;
        }
        if (p.in_fov) CHECK(inside_fov(h, p, both));
        if (p.anchor == Anchor::view_locked) CHECK(inside_fov(h, p, both));
        if (p.anchor == Anchor::body_locked) {
          CHECK(glm::length(p.T_space_panel.position - h.position) == Approx(1.5f).epsilon(1e-3));
          for (glm::vec3 c : corners(p.T_space_panel, p.size_m)) {
            CHECK(elevation_deg(c, h.position) <= 1e-2f);
            CHECK(elevation_deg(c, h.position) >= -35.01f);
          }
          const float text = angle_between_deg(p.T_space_panel.apply({0, 0.5f * p.text_height_m, 0}) - h.position,
                                               p.T_space_panel.apply({0, -0.5f * p.text_height_m, 0}) - h.position);
          CHECK(text >= 0.4f);
          // At rest (first frame) with the head in the comfortable pitch range, it fits.
          if (frame == 0 && pitch <= 0.f && pitch >= -30.f) {
            CHECK(inside_fov(h, p, both));
            ++fit_checks;
          }
        }
        for (size_t j = i + 1; j < panels.size(); ++j) {
          const PlacedPanel& q = panels[j];
          if (!q.visible()) continue;
          ++visible_pairs;
          INFO("against " << tw::to_string(q.kind));
          CHECK_FALSE(rays_overlap(h.position, p, q));
          const Pose inv = h.inverse();
          const ViewQuad qa = project_quad(p.view_space ? p.pose : inv * p.T_space_panel, p.size_m);
          const ViewQuad qb = project_quad(q.view_space ? q.pose : inv * q.T_space_panel, q.size_m);
          CHECK_FALSE(quads_overlap(qa, qb));
        }
      }
      // A head walk: mostly small moves, sometimes a large one.
      const float step = rng.coin(0.1f) ? 25.f : 2.f;
      yaw += rng.uniform(-step, step);
      pitch = std::clamp(pitch + rng.uniform(-step, step) * 0.5f, -60.f, 60.f);
      roll = std::clamp(roll + rng.uniform(-1.f, 1.f), -15.f, 15.f);
      t += 11;
    }
    ++fixtures;
  }
  CHECK(fixtures == 300);
  CHECK(visible_pairs > 1000);  // the property was exercised, not vacuous
  CHECK(fit_checks > 100);
}
