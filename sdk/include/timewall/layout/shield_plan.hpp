// shield_plan.hpp: what a frame shows while a block is in force.
//
// What it does:
// - plan_shield(): per frame, from whether a block is in force on the app,
//   the display's blend mode and the wearer's motion, whether the app's own
//   composition layers reach the compositor (never while blocked, walking or
//   not: safety and enforcement agree) and whether a calm full-view backdrop
//   goes behind Timewall's panels. The backdrop is for opaque displays only,
//   and only while the wearer stands still: on an additive or alpha-blend
//   display the wearer sees the world and the small shield card; while they
//   walk the shield shrinks to the peripheral indicator the core keeps
//   (the scheduler holds the card itself), and the app stays hidden.
// - view_cover(): the head-locked rectangle (VIEW space) that covers both
//   eyes' views at a distance, with a margin, where the backdrop goes.
// What it does not do: decide whether a block is in force (the core:
// Scheduler::blocks), draw, or talk to a runtime.
//
//   const tw::layout::ShieldPlan plan = tw::layout::plan_shield(core.blocked(), blend, core.fast_motion());
//   if (!plan.app_layers) end_info.layerCount = 0;          // only Timewall's layers
//   if (plan.backdrop) draw(tw::layout::view_cover(eye_fovs));  // first, behind the panels
#pragma once

#include <array>
#include <cstdint>

#include <glm/vec2.hpp>

#include "layout/fov.hpp"
#include "layout/pose.hpp"

namespace tw::layout {

// The display's environment blend mode (XrEnvironmentBlendMode's three).
enum class DisplayBlend : uint8_t {
  opaque,       // VR: nothing of the world shows
  additive,     // optical see-through glasses: black emits no light
  alpha_blend,  // passthrough: the world shows where layers are transparent
};

struct ShieldPlan {
  bool app_layers = true;  // the app's layers go to the compositor
  bool backdrop = false;   // a full-view backdrop goes first, behind Timewall's panels
};

ShieldPlan plan_shield(bool blocked, DisplayBlend blend, bool fast_motion) noexcept;

// A quad in VIEW space: centred at `T_view_quad`, facing the wearer.
struct ViewCover {
  Pose T_view_quad;
  glm::vec2 size_m{0.f, 0.f};
};

inline constexpr float kBackdropDistanceM = 4.0f;
// Each eye sits up to this far beside the view's origin (half of a 70 mm IPD).
inline constexpr float kHalfIpdM = 0.035f;
// Added on each side, as a fraction of the size: covers a late head pose.
inline constexpr float kCoverMargin = 0.25f;

// Covers the union of both eyes' FOVs at `distance_m`. Angles beyond 80 deg
// from the axis (or not finite) are taken as 80 deg: the quad stays finite.
ViewCover view_cover(const std::array<Fov, 2>& eyes, float distance_m = kBackdropDistanceM) noexcept;

}  // namespace tw::layout
