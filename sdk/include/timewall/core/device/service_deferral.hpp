// service_deferral.hpp: an app's own Timewall defers to timewalld (issue 15):
// while the device's service counts this app itself, the app's engine (in
// the API layer, or built in through SessionBinding) neither counts it
// again nor blocks it again, and the app draws the service's decision.
//
// What it does: update() takes the service's newest answer for this app
// (Device1.AppDecision, read off the frame thread: dbus::InboxClient's
// service(), which the layer reads through LayerInbox) and says when
// deferring starts (the service answered and its client list shows this
// process: `accounted`) or ends (no answer: the service is gone, or no
// longer lists the app), and whether the service blocks the app. It returns
// the one signal the app's engine needs at that turn: app_blur for this app
// when deferring starts (the engine stops counting it at that instant),
// app_focus when it ends while the session is focused (it counts again from
// that instant). While deferring, filter() keeps the session's app_focus and
// app_blur from the engine (they would start counting again); interactions,
// presence, motion and answers still reach it, so its idle moments and away
// state stay true to the wearer and are current when it takes over.
// compose() is what the app draws while deferring: the engine's overlays
// without those the service now decides (ring, friction prompt, block
// shield), plus the service's: the ring of its budget with the least left
// and, when it blocks the app, the block shield with its reason (indices
// into the app's own policy, matched by budget id and window name); when
// the service says it draws them itself (AppDecision::drawn: its overlay
// client, timewall-overlay, runs), none of the service's.
// Core only: no bus, no XR, no clock.
// What it does not do: talk to the bus, wait, or allocate in a steady frame
// (a fixed-capacity list). Without the overlay client it does not draw a
// friction prompt the service decides, nor send the wearer's answers on the
// service's shield back to it (docs/device-service.md).
//
//   tw::ServiceDeferral defer;
//   auto turn = defer.update(view.present, view.decision, focused, app, now);
//   if (defer.deferring()) core.tick(now, defer.filter(turn, signals));
//   auto shown = defer.deferring() ? defer.compose(out.overlays, view.decision, policy, app, category) : out.overlays;
#pragma once

#include <array>
#include <span>
#include <vector>

#include "core/device/device_status.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "core/signals.hpp"

namespace tw {

class ServiceDeferral {
 public:
  static constexpr size_t kMaxOverlays = 32;
  ServiceDeferral() { overlays_.reserve(kMaxOverlays); }

  // `present`: the service answered, with `d`; it counts this app when
  // d.accounted. Returns the signal for the core at a change (none otherwise).
  std::span<const Signal> update(bool present, const AppDecision& d, bool session_focused, AppId app, Instant now);
  bool deferring() const { return deferring_; }
  static constexpr size_t kMaxSignals = 32;
  // `turn` (update's) then `session` without its app_focus and app_blur; at
  // most kMaxSignals (the newest of `session` are kept).
  std::span<const Signal> filter(std::span<const Signal> turn, std::span<const Signal> session);
  // Deferring, and the service blocks the app: the layer holds the app's
  // layers back as under its own block (and compose() draws the shield).
  bool blocks() const { return deferring_ && blocks_; }
  std::span<const Overlay> compose(std::span<const Overlay> own, const AppDecision& d, const Policy& policy, AppId app,
                                   CategoryId category);

 private:
  bool deferring_ = false;
  bool blocks_ = false;
  std::array<Signal, 1> turn_{};
  std::array<Signal, kMaxSignals> filtered_{};
  std::vector<Overlay> overlays_;
};

}  // namespace tw
