#include "layout/panel_spec.hpp"

#include <array>

namespace tw::layout {
namespace {

// Order of the rows follows OverlayKind. Priorities (docs/comfort.md):
//  0 block_shield     the app is blocked now; nothing else matters more
//  1 friction_prompt  the wearer is asked to act (pause, exercise, way out)
//  2 budget_ring      peripheral and tiny; the one thing that survives motion
//  3 protect_indicator
//  4 warning          a budget crossed a warn fraction
//  5 wind_down        bedtime is near
//  6 nudge            a deferred message, already held once
//  7 fill_card        wearer-chosen content for an idle moment
//  8 daily_summary    can wait for a quieter moment
// Shield and friction prompt are must_show: when one finds no room, the
// panels placed before it collapse first (the wearer has to see the prompt
// to act on it).
// Forms: collapsed keeps the line that carries the decision (e.g. the
// countdown and the way out for friction, the minutes left for a warning).
constexpr std::array<PanelSpec, kOverlayKindCount> kSpecs{{
    /* budget_ring */ {Anchor::view_locked, 2, {4.f, 2}, {4.f, 2}, Visibility::hidden},
    /* protect_indicator */ {Anchor::view_locked, 3, {2.6f, 1}, {2.6f, 1}, Visibility::hidden},
    /* warning */ {Anchor::body_locked, 4, {18.f, 3}, {11.f, 1}, Visibility::deferred},
    /* friction_prompt */ {Anchor::body_locked, 1, {22.f, 6}, {14.f, 2}, Visibility::hidden, true},
    /* block_shield */ {Anchor::body_locked, 0, {22.f, 4}, {12.f, 2}, Visibility::hidden, true},
    /* fill_card */ {Anchor::body_locked, 7, {22.f, 6}, {14.f, 2}, Visibility::hidden},
    /* wind_down */ {Anchor::body_locked, 5, {18.f, 3}, {11.f, 1}, Visibility::deferred},
    /* daily_summary */ {Anchor::body_locked, 8, {24.f, 8}, {14.f, 2}, Visibility::deferred},
    /* nudge */ {Anchor::body_locked, 6, {20.f, 3}, {12.f, 1}, Visibility::deferred},
}};

}  // namespace

const PanelSpec& panel_spec(OverlayKind kind) noexcept {
  const auto i = static_cast<size_t>(kind);
  return kSpecs[i < kSpecs.size() ? i : 0];
}

}  // namespace tw::layout
