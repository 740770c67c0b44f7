// layer_inbox.hpp: the notification cards `timewall serve` shows, in the
// API layer: read from the device's one inbox (org.timewall.Inbox1) by an
// InboxClient thread, so every OpenXR app with the layer shows the same
// cards, and the wearer's answer on one goes back to serve.
//
// What it does: compose() puts the layer core's own overlays and serve's
// cards into one list (a nudge per card, nudge_id = notify_nudge_id(id),
// its actions counted) with what each card says (NotificationText);
// answer() sends the wearer's choice on one of serve's cards: an action
// (InvokeAction: the sender gets ActionInvoked) or "dismiss" (Dismiss:
// NotificationClosed, reason 2). Neither waits on the bus (the client's
// thread does), and a steady frame allocates nothing.
// The same thread asks timewalld for this app's decision
// (Device1.AppDecision with the process's pid and the layer's app id):
// service() is the newest answer, taken by refresh() (or compose()).
// What it does not do: decide when a card shows (serve does), draw, or
// exist without D-Bus: built only with libsystemd (TW_WITH_DBUS; the arm64
// build too, with libsystemd-dev:arm64), and started only where $DBUS_SESSION_BUS_ADDRESS is set
// and TIMEWALL_LAYER_INBOX is not 0.
//
//   auto inbox = tw::xr::LayerInbox::start("openxr.helloxr");  // null: not started
//   inbox->compose(out.overlays);
//   binding->set_overlays(inbox->overlays(), {..., .notifications = inbox->texts()});
//   if (inbox->answer(frame, binding->overlays())) return;  // not a core signal
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/overlay.hpp"
#include "dbus/inbox_client.hpp"
#include "layout/card_answering.hpp"
#include "render/panel_content.hpp"

namespace tw::xr {

class LayerInbox {
 public:
  static std::unique_ptr<LayerInbox> start(const std::string& app_id);

  // Takes the thread's newest snapshot (cards and service()); never waits.
  void refresh() { client_.refresh(); }
  const dbus::ServiceView& service() const { return client_.service(); }
  void compose(std::span<const Overlay> own);
  std::span<const Overlay> overlays() const { return overlays_; }
  std::span<const NotificationText> texts() const { return texts_; }
  // True when `f` chose on one of serve's cards (sent, or queued to send).
  bool answer(const layout::AnswerFrame& f, std::span<const Overlay> shown);

 private:
  explicit LayerInbox(dbus::InboxClient client);
  dbus::InboxClient client_;
  std::vector<Overlay> overlays_;
  std::vector<NotificationText> texts_;
};

}  // namespace tw::xr
