// solver.hpp: places the core's overlays around the wearer, comfortably.
//
// What it does: each frame, solve() turns the overlay set, the head pose in
// the app's reference space, the eyes' FOVs, the core's fast-motion flag and
// the time into a Layout (placement.hpp):
// - the budget ring and protect indicator are view-locked in the lower
//   periphery, inside the FOV and, where the FOV allows, outside the
//   central-vision cone;
// - cards, prompts and shields are body-locked with lazy follow: they stay
//   put while the head turns inside a dead zone (and they remain in view),
//   and outside it they recentre with framerate-independent exponential
//   smoothing, never 1:1 with the head;
// - a panel the wearer pinned stays world-locked where it was;
// - everything sits at a comfortable distance, with text of a legible visual
//   angle, in the band below the horizon, inside the binocular FOV, without
//   two panels overlapping; what does not fit collapses, is deferred or is
//   hidden in priority order (panel_spec.hpp), with a reason;
// - under fast motion only the peripheral indicators stay.
// The numbers and their sources are in docs/comfort.md. A solve allocates
// nothing and reads no clock (time comes in SolveInput::now). The body-locked
// layout is kept in the anchor frame and reused while the overlay set, the
// FOV, the anchor and the obstacles (indicators, pins) are unchanged, so a
// steady frame only re-projects.
// What it does not do: render, talk to OpenXR, or decide what is wanted.
//
//   auto solver = tw::layout::Solver::create({});
//   tw::layout::Layout layout;
//   tw::Status s = solver->solve({.overlays = overlay_set, .T_space_head = head,
//                                 .eye_fov = {left_fov, right_fov},
//                                 .fast_motion = core_says_fast, .now = clock.now()},
//                                layout);
//   if (!s) log(s.error().message);   // bad input: the previous state is kept
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "core/clock.hpp"
#include "core/overlay.hpp"
#include "core/result.hpp"
#include "layout/comfort.hpp"
#include "layout/fov.hpp"
#include "layout/placement.hpp"
#include "layout/pose.hpp"
#include "layout/projection.hpp"

namespace tw::layout {

struct SolverDesc {
  ComfortConfig comfort{};  // zero fields take the documented defaults
  // false: lay out the body-locked panels afresh every solve (the same
  // result; for benchmarks and tests that compare against the cache).
  bool cache_body_layout = true;
};

struct SolveInput {
  std::span<const Overlay> overlays{};  // at most kMaxPanels are placed; the rest are counted in Layout::dropped
  Pose T_space_head;                  // centre eye in the app's reference space (gravity is -Y)
  std::array<Fov, 2> eye_fov{};       // left, right; relative to the head orientation
  bool fast_motion = false;           // the core's motion state (walking, turning)
  Instant now{};                      // only mono_ns is used: smoothing time steps
};

namespace solver_steps {
struct Frame;       // one solve's checked input and the values derived from it
struct PitchRange;  // where the lazy anchor may pitch this frame
}  // namespace solver_steps

class Solver {
 public:
  static Result<Solver> create(const SolverDesc& desc);

  // Writes `out` from scratch. On an error (bad FOV, non-finite pose, time
  // going backwards) `out` and the solver's state are left unchanged.
  Status solve(const SolveInput& in, Layout& out);

  // Pins the first body-locked panel of `kind`, as placed by the last solve,
  // at its current pose in the reference space (world-locked from then on).
  Status pin(OverlayKind kind);
  Status unpin(OverlayKind kind);
  bool is_pinned(OverlayKind kind) const;

  const ComfortConfig& comfort() const { return cfg_; }
  // How many solves laid out the body-locked panels afresh (cache misses).
  uint64_t body_layouts() const { return body_layouts_; }

 private:
  Solver(const ComfortConfig& cfg, bool cache) : cfg_(cfg), cache_enabled_(cache) {}

  // The steps of solve(), in order (solver.cpp).
  using Frame = solver_steps::Frame;
  using PitchRange = solver_steps::PitchRange;
  using Quads = std::array<ViewQuad, kMaxPanels>;
  Status check_input(const SolveInput& in, Frame& f) const;
  void assign_anchors(const SolveInput& in, Layout& out) const;
  void place_pinned(const SolveInput& in, const Frame& f, Layout& out, Quads& quads) const;
  void follow_head(const Frame& f, const PitchRange& pitch, std::span<const uint16_t> body, const Quads& quads,
                   Layout& out);
  void lay_out_body(const Frame& f, const PitchRange& pitch, std::span<const uint16_t> body, const Quads& quads,
                    Layout& out);
  bool body_cache_hit(const AngularRect& U, std::span<const AngularRect> obstacles, const Layout& out) const;
  void restore_body(const Frame& f, std::span<const uint16_t> body, Layout& out) const;
  void store_body(const AngularRect& U, std::span<const AngularRect> obstacles, std::span<const uint16_t> body,
                  const Layout& out);
  void remember_body_panels(const Layout& out);

  struct Placed {
    bool body_visible = false;
    Pose T_space_panel;
    glm::vec2 size_m{0.f, 0.f};
    float text_height_m = 0.f;
  };

  // One body-locked slot of a cached layout: pose in the anchor frame.
  struct CachedSlot {
    Visibility visibility = Visibility::hidden;
    LayoutReason reason = LayoutReason::none;
    glm::vec2 size_m{0.f, 0.f};
    Pose T_anchor_panel;
  };
  // The last body-locked layout and everything it was computed from.
  struct BodyCache {
    bool valid = false;
    AngularRect fov;
    float yaw_deg = 0.f, pitch_deg = 0.f, roll_deg = 0.f;
    uint16_t count = 0;
    std::array<OverlayKind, kMaxPanels> kinds{};
    std::array<Anchor, kMaxPanels> anchors{};
    int obstacle_count = 0;
    std::array<AngularRect, kMaxPanels> obstacles{};
    std::array<CachedSlot, kMaxPanels> slots{};
  };

  ComfortConfig cfg_;
  bool cache_enabled_ = true;
  BodyCache cache_;
  uint64_t body_layouts_ = 0;
  bool initialized_ = false;
  bool recentring_ = false;
  bool was_fast_ = false;  // the first calm frame after motion snaps to the heading
  int64_t last_mono_ns_ = 0;
  float anchor_yaw_deg_ = 0.f;
  float anchor_pitch_deg_ = 0.f;
  float anchor_roll_deg_ = 0.f;  // only for fitting the FOV; panels stay upright
  std::array<Placed, kOverlayKindCount> pins_{};   // body_visible == pinned here
  std::array<Placed, kOverlayKindCount> last_{};   // last solve's body-locked panels
};

}  // namespace tw::layout
