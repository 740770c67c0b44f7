// session_attention.hpp: OpenXR session states -> attention signals.
//
// What it does: turns each XrEventDataSessionStateChanged into the Signals
// the core understands, in order:
//   - leaving FOCUSED (for VISIBLE, SYNCHRONIZED, STOPPING, ...) -> app_blur;
//     entering FOCUSED -> app_focus;
//   - worn: READY, VISIBLE and FOCUSED mean someone is in the headset (the
//     spec asks runtimes with a user engagement sensor to hold READY until the
//     user engages), so after a not_worn they give `worn`;
//   - not worn: LOSS_PENDING (the device is going away), and STOPPING that the
//     runtime started on its own, without the app calling
//     xrRequestExitSession (Meta's runtime stops sessions this way when the
//     headset is taken off). OpenXR 1.0.20 has no presence event
//     (XR_EXT_user_presence is newer), so these are all the runtime tells.
// The core starts out worn, so nothing is sent until a state says otherwise.
// What it does not do: read a clock, call OpenXR, or keep signals (the caller
// takes the returned span before the next call).
//
//   tw::xr::SessionAttention att;
//   for (const tw::Signal& s : att.on_state(XR_SESSION_STATE_FOCUSED, now, app)) push(s);
//   att.on_exit_requested();                         // the app called xrRequestExitSession
#pragma once

#include <openxr/openxr.h>

#include <array>
#include <cstdint>
#include <span>

#include "core/signals.hpp"

namespace tw::xr {

class SessionAttention {
 public:
  std::span<const Signal> on_state(XrSessionState state, Instant at, AppId app);
  void on_exit_requested() { exit_requested_ = true; }

  XrSessionState state() const { return state_; }
  bool worn() const { return worn_; }
  bool focused() const { return state_ == XR_SESSION_STATE_FOCUSED; }

 private:
  void add(SignalKind kind, Instant at, AppId app);

  XrSessionState state_ = XR_SESSION_STATE_UNKNOWN;
  bool worn_ = true;
  bool exit_requested_ = false;
  std::array<Signal, 2> out_{};
  uint32_t count_ = 0;
};

}  // namespace tw::xr
