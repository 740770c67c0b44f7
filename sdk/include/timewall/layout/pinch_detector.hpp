// pinch_detector.hpp: a pinch from two hand joints, the thumb tip and the
// index tip, for hands tracked without a controller.
//
// What it does: each frame, update() takes the two tips' positions (metres,
// any one space for both) and whether each was located, and says whether
// the hand is pinching now and whether a pinch began this frame (`select`,
// the rising edge). Hysteresis keeps jitter near one threshold from
// flickering: the pinch closes when the tips come within close_m (1.5 cm by
// default) and opens only once they are more than open_m (3 cm) apart.
// A frame without both tips located releases the pinch (and fires nothing):
// a hand that leaves tracking pinched and comes back pinched selects again,
// as a fresh press would. Allocation-free, no clock, no XR header.
// What it does not do: locate joints (the host does, e.g. the API layer with
// XR_EXT_hand_tracking), choose a button (select_down feeds WearerHand and
// CardAnswering, as a trigger does), or smooth positions.
//
//   tw::layout::PinchDetector pinch;                       // 1.5 cm / 3 cm
//   const auto& p = pinch.update(thumb_tip_m, thumb_ok, index_tip_m, index_ok);
//   in.hands[tw::layout::kRightHand].select_down |= p.pinched;
#pragma once

#include <glm/vec3.hpp>

#include "core/policy.hpp"

namespace tw::layout {

inline constexpr float kPinchCloseM = 0.015f;
inline constexpr float kPinchOpenM = 0.030f;

struct PinchConfig {
  float close_m = kPinchCloseM;  // tips closer than this: pinched
  float open_m = kPinchOpenM;    // tips farther than this: open again
};

struct PinchFrame {
  bool tracked = false;  // both tips located this frame
  bool pinched = false;  // the hand is pinching now (held)
  bool select = false;   // the pinch began this frame
  float gap_m = 0.f;     // the tips' distance (0 when not tracked)
};

class PinchDetector {
 public:
  PinchDetector() = default;
  // A config with close_m not positive and finite, or open_m below close_m,
  // falls back to the defaults (kPinchCloseM, kPinchOpenM).
  explicit PinchDetector(const PinchConfig& config) { set_config(config); }
  // The wearer's thresholds: policy `attention.pinch_close_cm` and `pinch_open_cm`.
  static PinchConfig config_from(const Policy& policy) {
    return {.close_m = static_cast<float>(policy.attention.pinch_close_cm / 100.0),
            .open_m = static_cast<float>(policy.attention.pinch_open_cm / 100.0)};
  }
  void set_config(const PinchConfig& config);
  const PinchConfig& config() const { return config_; }

  const PinchFrame& update(const glm::vec3& thumb_tip_m, bool thumb_valid, const glm::vec3& index_tip_m,
                           bool index_valid);
  const PinchFrame& frame() const { return frame_; }
  void reset() { frame_ = {}; }

 private:
  PinchConfig config_;
  PinchFrame frame_;
};

}  // namespace tw::layout
