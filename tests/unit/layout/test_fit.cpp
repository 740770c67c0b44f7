// Fitting the device FOV: on 20, 46 and 100 deg devices the full overlay set
// yields in priority order (collapse, defer, hide) with machine-readable reasons.
#include "tw_catch.hpp"

#include "layout/panel_spec.hpp"
#include "layout_fixtures.hpp"

using namespace twt;
using tw::OverlayKind;

namespace {

const std::vector<tw::Overlay> kAll = overlays(
    {OverlayKind::budget_ring, OverlayKind::protect_indicator, OverlayKind::block_shield,
     OverlayKind::friction_prompt, OverlayKind::warning, OverlayKind::wind_down, OverlayKind::nudge,
     OverlayKind::fill_card, OverlayKind::daily_summary});

Layout solve(std::array<Fov, 2> fov, const std::vector<tw::Overlay>& ov, const Pose& h = head(0.f)) {
  auto s = Solver::create({});
  REQUIRE(s.ok());
  Layout l;
  REQUIRE(s.value().solve({.overlays = ov, .T_space_head = h, .eye_fov = fov, .now = at_ms(0)}, l).ok());
  return l;
}

// Rules every layout obeys: visible panels in the FOV and disjoint; every
// panel that is not simply shown says why; visibility matches the reason.
void check_common(const Layout& l, const std::array<Fov, 2>& fov, const Pose& h) {
  const AngularRect both = binocular_fov(fov).value();
  for (const PlacedPanel& p : l.panels()) {
    INFO(tw::to_string(p.kind) << " " << to_string(p.visibility) << " " << to_string(p.reason));
    if (p.visible()) {
      CHECK(inside_fov(h, p, both));
      CHECK(p.in_fov);
    }
    if (p.visibility == Visibility::collapsed || !p.visible()) CHECK(p.reason != LayoutReason::none);
    if (p.visibility == Visibility::deferred) CHECK(panel_spec(p.kind).when_no_room == Visibility::deferred);
    for (const PlacedPanel& q : l.panels())
      if (&p < &q && p.visible() && q.visible()) CHECK_FALSE(rays_overlap(h.position, p, q));
  }
}

}  // namespace

TEST_CASE("100 deg device: the whole overlay set fits, shields in full at the centre", "[layout][fov]") {
  const auto fov = device(100.f, 90.f);
  const Layout l = solve(fov, kAll);
  check_common(l, fov, head(0.f));
  CHECK(find(l, OverlayKind::block_shield)->visibility == Visibility::shown);
  CHECK(find(l, OverlayKind::friction_prompt)->visibility == Visibility::shown);
  CHECK(find(l, OverlayKind::warning)->visibility == Visibility::shown);
  int visible = 0;
  for (const PlacedPanel& p : l.panels()) visible += p.visible();
  CHECK(visible == 9);
  // The highest priority takes the rest point, straight ahead.
  CHECK(std::abs(find(l, OverlayKind::block_shield)->T_space_panel.position.x) < 1e-4f);
}

TEST_CASE("46 deg device: shields stay full, lower priorities collapse or wait", "[layout][fov]") {
  const auto fov = device(46.f, 46.f);
  const Layout l = solve(fov, kAll);
  check_common(l, fov, head(0.f));
  CHECK(find(l, OverlayKind::block_shield)->visibility == Visibility::shown);
  CHECK(find(l, OverlayKind::friction_prompt)->visibility == Visibility::shown);
  CHECK(find(l, OverlayKind::budget_ring)->visibility == Visibility::shown);
  int yielded = 0;
  for (const PlacedPanel& p : l.panels())
    if (p.visibility != Visibility::shown) {
      ++yielded;
      CHECK(p.reason == LayoutReason::no_room);  // each would fit alone
    }
  CHECK(yielded > 0);
  // The lowest priority is the first to go.
  CHECK(find(l, OverlayKind::daily_summary)->visibility != Visibility::shown);
}

TEST_CASE("20 deg glasses: only the most important panels stay, with reasons", "[layout][fov]") {
  const auto fov = device(20.f, 20.f);
  const Layout l = solve(fov, kAll);
  check_common(l, fov, head(0.f));
  const PlacedPanel* shield = find(l, OverlayKind::block_shield);
  CHECK(shield->visible());
  // The friction prompt must be seen to be acted on: the shield collapses
  // to make room for it rather than the prompt going.
  CHECK(find(l, OverlayKind::friction_prompt)->visible());
  CHECK(shield->visibility == Visibility::collapsed);
  CHECK(shield->reason == LayoutReason::no_room);
  CHECK(find(l, OverlayKind::budget_ring)->visible());
  const PlacedPanel* summary = find(l, OverlayKind::daily_summary);
  CHECK(summary->visibility == Visibility::deferred);
  CHECK(summary->reason == LayoutReason::no_room);
  const PlacedPanel* fill = find(l, OverlayKind::fill_card);
  CHECK(fill->visibility == Visibility::hidden);  // an idle moment does not wait
}

TEST_CASE("a panel larger than the FOV itself says fov_too_small", "[layout][fov]") {
  // 20 deg diagonal, square: 14 x 14 deg; the full block shield is 15.4 deg wide.
  const auto fov = device(14.1f, 14.1f);
  const Layout l = solve(fov, overlays({OverlayKind::block_shield, OverlayKind::daily_summary}));
  check_common(l, fov, head(0.f));
  const PlacedPanel* shield = find(l, OverlayKind::block_shield);
  CHECK(shield->visibility == Visibility::collapsed);
  CHECK(shield->reason == LayoutReason::fov_too_small);
  // And an 8 deg display has no room even for collapsed forms.
  const auto tiny = device(8.f, 8.f);
  const Layout t = solve(tiny, overlays({OverlayKind::block_shield, OverlayKind::nudge}));
  CHECK(find(t, OverlayKind::block_shield)->visibility == Visibility::hidden);
  CHECK(find(t, OverlayKind::block_shield)->reason == LayoutReason::fov_too_small);
  CHECK(find(t, OverlayKind::nudge)->visibility == Visibility::deferred);
  CHECK(find(t, OverlayKind::nudge)->reason == LayoutReason::fov_too_small);
}

TEST_CASE("priority order: shield, friction, ring, indicator, warning, wind-down, nudge, fill, summary",
          "[layout][fov]") {
  const OverlayKind order[] = {OverlayKind::block_shield, OverlayKind::friction_prompt,
                               OverlayKind::budget_ring, OverlayKind::protect_indicator,
                               OverlayKind::warning, OverlayKind::wind_down, OverlayKind::nudge,
                               OverlayKind::fill_card, OverlayKind::daily_summary};
  for (size_t i = 1; i < std::size(order); ++i)
    CHECK(panel_spec(order[i - 1]).priority < panel_spec(order[i]).priority);
}
