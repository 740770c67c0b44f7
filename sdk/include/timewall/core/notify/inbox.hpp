// inbox.hpp: the notification firewall's state: which notifications wait,
// which show, and what became of each.
//
// What it does: admits a cleaned Notification under the policy's
// [notifications] rules (notify_route: app rules, then category rules, then
// the default) and the per-app flood limit (a token bucket of
// flood_per_min per minute; the excess joins the app's open batch: one held
// nudge, one card, however many notifications), and says which Signal the
// scheduler gets for it (nudge_id = notify_nudge_id(id)); follows the
// scheduler's decisions (defer -> held, deliver -> delivered, deny -> dropped)
// and its cards (a card gone -> closed, expired); expires waiting
// notifications at their expire_at_ms; closes them for the sender or on a
// chosen action. Each step appends an InboxEvent, which the Engine writes
// to the ledger and a host (the D-Bus server) turns into signals.
// What it does not do: read a clock (every call takes an Instant), touch the
// ledger or the bus, or run the scheduler (Engine glues the three).
// Batched notifications do not expire on their own: they go with their card.
//
//   tw::Inbox inbox;
//   std::optional<tw::Signal> s = inbox.admit(7, std::move(n), "chat", app, now, policy.notifications, false);
//   if (s) signals.push_back(*s);
//   for (const tw::Decision& d : out.decisions) inbox.on_decision(d, now);
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/interner.hpp"
#include "core/notify/notification.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "core/reason.hpp"
#include "core/scheduler/nudge_deferral.hpp"
#include "core/signals.hpp"

namespace tw {

// NotificationClosed's reason, as the specification numbers it.
enum class CloseReason : uint8_t { expired = 1, dismissed = 2, closed_by_call = 3, undefined = 4 };

enum class InboxEventKind : uint8_t {
  received,   // admitted (every notification, first)
  held,       // waits for a breakpoint or the end of a protected window
  batched,    // over the app's flood limit: waits on its batch's card
  delivered,  // its card shows
  dropped,    // a drop rule, or youth night: never shown
  expired,    // its expire timeout passed before it showed
  closed,     // its card went (time up, an action, the sender)
  action,     // the wearer chose one of its actions
  replaced,   // the sender replaced its content (Notify with its id as replaces_id)
};
std::string_view to_string(InboxEventKind kind) noexcept;

struct InboxEvent {
  uint32_t id = 0;
  InboxEventKind kind = InboxEventKind::received;
  int64_t at_ms = 0;
  Reason reason = Reason::none;              // held, delivered: the scheduler's reason
  CloseReason close = CloseReason::expired;  // closed, dropped, expired: NotificationClosed's reason
  uint32_t card = 0;                         // batched, delivered: the id whose card carries it
  std::string action_key{};                  // action
  // A notification leaves the inbox with dropped, expired and closed.
  bool ends() const {
    return kind == InboxEventKind::dropped || kind == InboxEventKind::expired || kind == InboxEventKind::closed;
  }
};

enum class NotifyState : uint8_t { pending, shown };

struct InboxEntry {
  uint32_t id = 0;
  Notification content;
  AppId app = kNoId;
  int64_t received_ms = 0;
  int64_t expire_at_ms = 0;  // 0: never before it shows
  NotifyRoute route = NotifyRoute::batch;
  NotifyState state = NotifyState::pending;
  uint32_t card = 0;  // the id whose nudge carries it (itself unless batched)
  bool closed = false;  // closed by the sender, kept only as its batch's card
  bool batched = false;  // over the flood limit: waits on a batch card, never expires alone
};

// The route `rules` give a notification from `app` (category: the policy's).
NotifyRoute notify_route(const Notifications& rules, std::string_view app, std::string_view category);

class Inbox {
 public:
  // Admits `n` as notification `id` (received_ms: when it first arrived,
  // earlier than now after a restart). `protecting`: a protected window or
  // a conversation holds nudges now. Returns the nudge the scheduler must
  // get, or nullopt (dropped, or batched onto a waiting card). `restored`:
  // it was received before a restart (no second received event).
  std::optional<Signal> admit(uint32_t id, Notification n, std::string_view category, AppId app, Instant now,
                              int64_t received_ms, const Notifications& rules, bool protecting,
                              bool restored = false);

  // Follows one scheduler decision (others are ignored); the wearer's
  // nudge_dismiss answer on a notification's card closes every notification
  // on it (dismissed).
  void on_decision(const Decision& d);
  // The sender replaced open notification `id` (Notify's replaces_id): its
  // content becomes `n` in place, waiting or shown, under the same id and
  // card; a waiting one's expiry counts from now. False: `id` is not open.
  bool replace(uint32_t id, Notification n, Instant now);
  // Shown notifications whose card is no longer among `cards` close (expired).
  void on_cards(std::span<const Card> cards, Instant now);
  // Waiting notifications past expire_at_ms expire; returns the nudge ids
  // the scheduler must withdraw.
  std::vector<uint32_t> expire_due(Instant now);
  // The sender closed `id`. Returns the nudge id to withdraw (0: none, the
  // card stays for its batch); not_found when it is not open.
  std::optional<uint32_t> close(uint32_t id, Instant now);
  // The wearer chose `key` on the card of shown notification `id`: an action
  // event, then every notification on that card closes (dismissed). Returns
  // the nudge id to withdraw; nullopt when `id` does not show or has no such key.
  std::optional<uint32_t> invoke_action(uint32_t id, std::string_view key, Instant now);

  const InboxEntry* find(uint32_t id) const;
  // How many open notifications a card carries (1 unless a batch).
  size_t on_card(uint32_t card) const;
  size_t open() const { return entries_.size(); }

  // Events since the last take_events(), in order.
  std::vector<InboxEvent> take_events() { return std::exchange(events_, {}); }
  std::span<const InboxEvent> events() const { return events_; }

 private:
  struct Bucket {
    double tokens = 0;
    int64_t at_ns = 0;
    uint32_t open_batch = 0;  // a waiting batch card, or 0
  };
  void emit(InboxEvent e) { events_.push_back(std::move(e)); }
  void close_card(uint32_t card, CloseReason why, int64_t at_ms);
  bool take_token(Bucket& b, int32_t per_min, Instant now);

  std::map<uint32_t, InboxEntry> entries_;
  std::set<uint32_t> shown_cards_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::vector<InboxEvent> events_;
};

}  // namespace tw
