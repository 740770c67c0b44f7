// dwell_select.hpp: choosing a card's button by resting the gaze on it, or
// by a select input (controller click, pinch).
//
// What it does: each frame, update() takes the button under the gaze
// (gaze_target() of a hit_test()), whether select is held, and the time, and
// says how far the dwell ring on that button has filled (0..1) and whether
// the button was chosen this frame:
// - gaze resting on an enabled button for dwell_s chooses it, once: it fires
//   again only after the gaze has left the button and come back;
// - leaving the button, or resting on another, starts over;
// - a disabled button ("continue anyway" during the pause) neither fills
//   nor fires; when it unlocks under the gaze the dwell starts then;
// - the select input chooses the button under the gaze at once, on the
//   frame it goes down (a press that began elsewhere does not count).
// Time comes in as an Instant (mono_ns); an earlier one counts as the last.
// Allocation-free.
// What it does not do: hit-test (gaze_hit.hpp), draw the ring, or tell the
// core (the caller turns a choice into a Signal).
//
//   tw::layout::DwellSelector dwell(tw::layout::DwellSelector::config_from(policy));
//   auto hit = tw::layout::hit_test(layout, tw::layout::view_ray(T_space_head));
//   const auto& f = dwell.update(tw::layout::gaze_target(hit, overlays), pinch_down, now);
//   if (f.selected) answer(f.target.kind, f.target.button);
#pragma once

#include <cstdint>
#include <span>

#include "core/clock.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "layout/card_buttons.hpp"
#include "layout/gaze_hit.hpp"

namespace tw::layout {

inline constexpr double kDefaultDwellS = 1.2;

struct GazeTarget {
  bool valid = false;  // an offered button is under the gaze
  OverlayKind kind = OverlayKind::budget_ring;
  uint16_t overlay_index = 0;
  CardButton button = CardButton::dismiss;
  bool enabled = false;
};

// The button `hit` names, with its state from the overlay the panel shows
// (`overlays`: the span the layout was solved from). Invalid when the hit is
// on no button, or on one that overlay does not offer.
GazeTarget gaze_target(const PanelHit& hit, std::span<const Overlay> overlays);

struct DwellConfig {
  double dwell_s = 0.0;  // 0 (or not positive and finite): kDefaultDwellS
};

struct DwellFrame {
  GazeTarget target;      // what the gaze rests on now
  float progress = 0.f;   // dwell ring on target.button: 0..1 (1 once chosen)
  bool selected = false;  // target.button was chosen this frame
  bool by_press = false;  // chosen by the select input, not by dwell
};

class DwellSelector {
 public:
  DwellSelector() = default;
  explicit DwellSelector(const DwellConfig& config) { set_config(config); }
  static DwellConfig config_from(const Policy& policy) { return {.dwell_s = policy.attention.dwell_s}; }
  void set_config(const DwellConfig& config);

  const DwellFrame& update(const GazeTarget& target, bool select_down, Instant now);
  const DwellFrame& frame() const { return frame_; }
  int64_t dwell_ns() const { return dwell_ns_; }

 private:
  int64_t dwell_ns_ = 1'200'000'000;
  DwellFrame frame_;
  bool started_ = false;
  int64_t last_ns_ = 0;
  bool armed_ = false;     // an enabled button is under the gaze since armed_at_ns_
  int64_t armed_at_ns_ = 0;
  bool fired_ = false;     // the dwell chose it already during this rest
  bool select_was_down_ = false;
};

}  // namespace tw::layout
