// plan_shield: a block hides the app's layers on every display, walking or
// not; the full-view backdrop only on an opaque display while the wearer is
// still. view_cover: the backdrop covers both eyes' views with a margin, for
// symmetric, asymmetric and broken FOVs.
#include "tw_catch.hpp"

#include <cmath>

#include "layout/angles.hpp"
#include "layout/shield_plan.hpp"

using tw::layout::DisplayBlend;
using tw::layout::Fov;
using tw::layout::plan_shield;
using tw::layout::view_cover;

TEST_CASE("no block: the app's layers pass, no backdrop, on every display", "[shield]") {
  for (DisplayBlend b : {DisplayBlend::opaque, DisplayBlend::additive, DisplayBlend::alpha_blend})
    for (bool moving : {false, true}) {
      const auto p = plan_shield(false, b, moving);
      CHECK(p.app_layers);
      CHECK_FALSE(p.backdrop);
    }
}

TEST_CASE("a block hides the app's layers, opaque and still adds the backdrop", "[shield]") {
  CHECK(plan_shield(true, DisplayBlend::opaque, false).backdrop);
  CHECK_FALSE(plan_shield(true, DisplayBlend::opaque, true).backdrop);  // walking: the indicator only
  CHECK_FALSE(plan_shield(true, DisplayBlend::additive, false).backdrop);  // the world and the card
  CHECK_FALSE(plan_shield(true, DisplayBlend::alpha_blend, false).backdrop);
  for (DisplayBlend b : {DisplayBlend::opaque, DisplayBlend::additive, DisplayBlend::alpha_blend})
    for (bool moving : {false, true}) CHECK_FALSE(plan_shield(true, b, moving).app_layers);
}

namespace {

// Does the quad cover the direction (tan_x, tan_y) seen from an eye at eye_x?
bool covers(const tw::layout::ViewCover& c, float eye_x, float tan_x, float tan_y) {
  const float d = -c.T_view_quad.position.z;
  const float x = eye_x + tan_x * d, y = tan_y * d;
  return std::abs(x - c.T_view_quad.position.x) <= c.size_m.x * 0.5f &&
         std::abs(y - c.T_view_quad.position.y) <= c.size_m.y * 0.5f;
}

}  // namespace

TEST_CASE("the backdrop covers both eyes' whole views, with a margin", "[shield]") {
  // Monado's simulated HMD and a canted-out asymmetric pair.
  const std::array<Fov, 2> sym{{{-0.8f, 0.8f, 0.8f, -0.8f}, {-0.8f, 0.8f, 0.8f, -0.8f}}};
  const std::array<Fov, 2> asym{{{-0.95f, 0.7f, 0.85f, -0.9f}, {-0.7f, 0.95f, 0.85f, -0.9f}}};
  for (const auto& eyes : {sym, asym}) {
    const auto c = view_cover(eyes);
    CHECK(c.T_view_quad.position.z == Approx(-tw::layout::kBackdropDistanceM));
    CHECK(c.T_view_quad.orientation.w == 1.f);  // facing the wearer
    for (int e = 0; e < 2; ++e) {
      const float eye_x = e == 0 ? -tw::layout::kHalfIpdM : tw::layout::kHalfIpdM;
      const Fov& f = eyes[static_cast<size_t>(e)];
      for (float tx : {std::tan(f.angle_left_rad), 0.f, std::tan(f.angle_right_rad)})
        for (float ty : {std::tan(f.angle_down_rad), 0.f, std::tan(f.angle_up_rad)}) {
          CHECK(covers(c, eye_x, tx, ty));
          CHECK(covers(c, eye_x, tx * 1.2f, ty * 1.2f));  // a late head pose still finds it
        }
    }
    // ...and it is not absurdly large: within 2x the views' extent.
    CHECK(c.size_m.x < 2.f * (std::tan(0.95f) * 2.f * tw::layout::kBackdropDistanceM + 0.07f));
  }
  // The centre follows an off-axis FOV: mostly-down views put it below the axis.
  const auto low = view_cover({{{-0.5f, 0.5f, 0.2f, -0.9f}, {-0.5f, 0.5f, 0.2f, -0.9f}}});
  CHECK(low.T_view_quad.position.y < 0.f);
}

TEST_CASE("broken FOVs give a finite backdrop", "[shield]") {
  const float nan = std::nanf("");
  const auto c = view_cover({{{nan, INFINITY, 3.f, -3.f}, {-0.5f, 0.5f, 0.5f, -0.5f}}});
  CHECK(std::isfinite(c.size_m.x));
  CHECK(std::isfinite(c.size_m.y));
  CHECK(std::isfinite(c.T_view_quad.position.x));
  // 80 deg on every side at most.
  const float most = 2.f * std::tan(80.f * tw::layout::kDegToRad) * tw::layout::kBackdropDistanceM;
  CHECK(c.size_m.y <= most * (1.f + 2.f * tw::layout::kCoverMargin) + 1e-3f);
}
