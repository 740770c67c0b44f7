// inbox_client.hpp: a host's view of the one notification inbox on the
// device: the cards `timewall serve` shows now, read over
// org.timewall.Inbox1, and the wearer's answers sent back.
//
// What it does: a thread of its own connects to the bus (the session bus,
// or the address given), calls Inbox1.Cards every poll_ms and keeps the
// answer, and sends the answers the host queued (InvokeAction: the sender
// gets ActionInvoked; Dismiss: NotificationClosed, reason 2). The host's
// frame thread only calls refresh(), cards(), invoke_action() and dismiss():
// none of them waits on the bus or on the ledger; refresh() takes the
// newest snapshot by swapping buffers under a try-lock (a frame that finds
// the lock taken keeps the snapshot it has), so a steady frame allocates
// nothing. Several hosts (processes) each have a client and see one inbox.
// With a pid in the desc, each poll also asks timewalld for this app's
// decision (org.timewall.Device1.AppDecision, dbus/device_bus.hpp), in the
// same snapshot: service() says whether the service answered and whether it
// counts this app itself (the layer then defers to it).
// What it does not do: decide when a card shows (serve's scheduler does),
// draw, or start serve. A card shows in the host up to poll_ms after serve
// shows it; while serve is not running cards() is empty and error() says why.
//
//   auto inbox = tw::dbus::InboxClient::start({});
//   // each frame:
//   inbox->refresh();
//   for (const tw::dbus::RemoteCard& c : inbox->cards()) show(c);
//   if (chosen) inbox->invoke_action(card.id, card.actions[0].key);
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/device/device_status.hpp"
#include "core/notify/notification.hpp"
#include "core/result.hpp"

namespace tw::dbus {

// One card serve shows now (Inbox1.Cards' a(usssuas)).
struct RemoteCard {
  uint32_t id = 0;  // the notification id; the overlay's nudge_id is tw::notify_nudge_id(id)
  std::string app_name, summary, body;
  uint32_t on_card = 1;  // notifications on the card (more than 1: a flood's batch)
  std::vector<NotifyAction> actions;

  bool operator==(const RemoteCard&) const = default;
};

struct InboxClientDesc {
  std::string bus_address{};  // "" = the session bus ($DBUS_SESSION_BUS_ADDRESS)
  int32_t poll_ms = 100;      // 10 .. 10000
  int32_t decision_pid = 0;   // > 0: ask Device1.AppDecision(pid, decision_app) at each poll
  std::string decision_app{};
};

// The service's answer for this app at the last poll.
struct ServiceView {
  bool present = false;  // Device1.AppDecision answered (false: no service, or an older serve)
  AppDecision decision;  // as answered; all defaults when !present
  bool operator==(const ServiceView&) const = default;
};

class InboxClient {
 public:
  // Starts the thread; fails only on a bad desc (the bus may come later).
  static Result<InboxClient> start(const InboxClientDesc& desc);
  InboxClient(InboxClient&&) noexcept;
  InboxClient& operator=(InboxClient&&) noexcept;
  ~InboxClient();  // stops the thread (after at most one bus call's timeout, 1 s)

  // Takes the newest snapshot if one came since the last call: true when
  // cards() or service() changed. Never blocks.
  bool refresh() noexcept;
  std::span<const RemoteCard> cards() const noexcept;
  // The service's view of this app in the same snapshot (desc.decision_pid).
  const ServiceView& service() const noexcept;
  // Changed snapshots taken since start (new cards or a new answer from the
  // service), plus the first read: > 0 once the thread has asked the bus
  // (whatever the answer).
  uint64_t generation() const noexcept;

  // Queue the wearer's answer for the thread to send; false when the queue
  // (16) is full or the key longer than kMaxNotifyActionKeyBytes.
  bool invoke_action(uint32_t id, std::string_view key) noexcept;
  bool dismiss(uint32_t id) noexcept;

  // The last bus error ("" while the bus answers). Blocks only on the
  // client's own short lock; for diagnostics, not for every frame.
  std::string error() const;

  struct State;

 private:
  explicit InboxClient(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

}  // namespace tw::dbus
