// layout_scenes.hpp: the head poses and overlay sets the layout benchmarks
// share (layout_bench.cpp, gaze_bench.cpp), so both measure the same scenes.
#pragma once

#include <initializer_list>
#include <vector>

#include <glm/gtc/quaternion.hpp>

#include "core/overlay.hpp"
#include "layout/angles.hpp"
#include "layout/pose.hpp"

namespace bench_scenes {

// Eye height 1.6 m, turned yaw (left +) then pitched (up +).
inline tw::layout::Pose head(float yaw_deg, float pitch_deg) {
  return {{0.f, 1.6f, 0.f}, glm::angleAxis(yaw_deg * tw::layout::kDegToRad, glm::vec3(0, 1, 0)) *
                                glm::angleAxis(pitch_deg * tw::layout::kDegToRad, glm::vec3(1, 0, 0))};
}

inline std::vector<tw::Overlay> make(std::initializer_list<tw::OverlayKind> kinds) {
  std::vector<tw::Overlay> v;
  for (tw::OverlayKind k : kinds) v.push_back(tw::Overlay{.kind = k});
  return v;
}

// A typical moment: ring, protect indicator, a warning and a friction prompt.
inline const std::vector<tw::Overlay> kTypical = make({tw::OverlayKind::budget_ring, tw::OverlayKind::protect_indicator,
                                                       tw::OverlayKind::warning, tw::OverlayKind::friction_prompt});
// Everything at once (the worst case: yielding, making room).
inline const std::vector<tw::Overlay> kAll = make(
    {tw::OverlayKind::budget_ring, tw::OverlayKind::protect_indicator, tw::OverlayKind::block_shield,
     tw::OverlayKind::friction_prompt, tw::OverlayKind::warning, tw::OverlayKind::wind_down, tw::OverlayKind::nudge,
     tw::OverlayKind::fill_card, tw::OverlayKind::daily_summary});

}  // namespace bench_scenes
