// hand_pinch.hpp: a pinch from XR_EXT_hand_tracking joints, as the layer's
// select, for hands tracked without a controller.
//
// What it does: with the extension enabled on the instance (by the app, or
// by the layer where the runtime offers it: layer.cpp), creates a hand
// tracker of its own per hand on the app's session and, each frame a card
// takes answers, locates the thumb tip and index tip in a given space at
// the frame's time and feeds a layout::PinchDetector per hand. A hand's
// pinch is "down" only once that hand has been seen open since the card
// came: a pinch already held when a card appears does not choose.
// The app's own hand trackers are other handles and are left alone.
// Nothing allocates per frame (the joint arrays are members); two IPC round
// trips on Monado while a card takes answers, none otherwise.
// What it does not do: pick a button (the pinch feeds WearerInput's
// select_down, the trigger's path in CardAnswering) or enable the extension.
//
//   auto d = tw::xr::load_hand_dispatch(next_gipa, instance);   // at xrCreateInstance
//   auto p = tw::xr::HandPinch::create(d.value(), instance, system, session);  // at xrCreateSession
//   if (p && p.value()) down = p.value()->update(app_space, display_time, card_takes_answers);
//   wearer.hands[h].select_down |= down[h];
// (`down`: const std::array<bool, 2>&.)
#pragma once

#include <openxr/openxr.h>

#include <array>
#include <cstdint>
#include <memory>

#include "core/result.hpp"
#include "layout/pinch_detector.hpp"

namespace tw::xr {

inline constexpr const char* kHandTrackingExtension = XR_EXT_HAND_TRACKING_EXTENSION_NAME;

struct HandDispatch {
  PFN_xrGetSystemProperties GetSystemProperties = nullptr;
  PFN_xrCreateHandTrackerEXT CreateHandTrackerEXT = nullptr;
  PFN_xrDestroyHandTrackerEXT DestroyHandTrackerEXT = nullptr;
  PFN_xrLocateHandJointsEXT LocateHandJointsEXT = nullptr;
};

// Through the next layer's xrGetInstanceProcAddr: an error when the
// extension is not enabled on `instance` (the runtime gives no functions).
Result<HandDispatch> load_hand_dispatch(PFN_xrGetInstanceProcAddr gipa, XrInstance instance);

// True for the names of the extension's functions (the layer hides them from
// an app that did not enable the extension itself).
bool is_hand_tracking_function(const char* name) noexcept;

class HandPinch {
 public:
  struct Stats {
    uint64_t frames = 0;                   // frames located (a card took answers)
    std::array<uint64_t, 2> tracked{};     // of those, with both tips located, per hand
    std::array<uint64_t, 2> pinches{};     // pinches begun (rising edges), per hand
    std::array<float, 2> min_gap_m{-1.f, -1.f};  // the tips' closest, per hand (-1: never tracked)
  };

  // Null when `system` says it has no hand tracking
  // (XrSystemHandTrackingPropertiesEXT: Monado's simulated HMD); an error
  // when the runtime refuses a tracker all the same (trackers made before
  // the refusal are destroyed).
  static Result<std::unique_ptr<HandPinch>> create(const HandDispatch& d, XrInstance instance, XrSystemId system,
                                                   XrSession session);
  ~HandPinch();
  HandPinch(const HandPinch&) = delete;
  HandPinch& operator=(const HandPinch&) = delete;

  // Per hand (layout::kLeftHand, kRightHand): pinching now, and seen open
  // since the card came. With `answering` false nothing is located and both
  // read false.
  const std::array<bool, 2>& update(XrSpace space, XrTime t, bool answering);
  // Both hands' thresholds (layout::PinchDetector::config_from the policy).
  void configure(const layout::PinchConfig& config) {
    for (layout::PinchDetector& p : pinch_) p.set_config(config);
  }
  const layout::PinchFrame& frame(int hand) const { return pinch_[static_cast<size_t>(hand)].frame(); }
  const Stats& stats() const { return stats_; }

 private:
  HandPinch() = default;
  HandDispatch d_{};
  std::array<XrHandTrackerEXT, 2> trackers_{};
  std::array<layout::PinchDetector, 2> pinch_{};
  std::array<bool, 2> armed_{};  // seen tracked and open since answering began
  std::array<bool, 2> down_{};
  std::array<XrHandJointLocationEXT, XR_HAND_JOINT_COUNT_EXT> joints_{};
  Stats stats_{};
};

}  // namespace tw::xr
