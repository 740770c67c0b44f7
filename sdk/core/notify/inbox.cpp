#include "core/notify/inbox.hpp"

#include <algorithm>

namespace tw {

std::string_view to_string(InboxEventKind kind) noexcept {
  switch (kind) {
    case InboxEventKind::received: return "received";
    case InboxEventKind::held: return "held";
    case InboxEventKind::batched: return "batched";
    case InboxEventKind::delivered: return "delivered";
    case InboxEventKind::dropped: return "dropped";
    case InboxEventKind::expired: return "expired";
    case InboxEventKind::closed: return "closed";
    case InboxEventKind::action: return "action";
    case InboxEventKind::replaced: return "replaced";
  }
  return "received";
}

NotifyRoute notify_route(const Notifications& rules, std::string_view app, std::string_view category) {
  for (const NotifyRule& r : rules.rules) {
    if (!r.app.empty() ? r.app == app : r.category == category) return r.route;
  }
  return rules.default_route;
}

bool Inbox::take_token(Bucket& b, int32_t per_min, Instant now) {
  const double cap = std::max(1, per_min);
  const int64_t dt_ns = std::max<int64_t>(0, now.mono_ns - b.at_ns);
  b.tokens = std::min(cap, b.tokens + static_cast<double>(dt_ns) * cap / 60e9);
  b.at_ns = now.mono_ns;
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

std::optional<Signal> Inbox::admit(uint32_t id, Notification n, std::string_view category, AppId app, Instant now,
                                   int64_t received_ms, const Notifications& rules, bool protecting,
                                   bool restored) {
  InboxEntry e;
  e.id = id;
  e.app = app;
  e.received_ms = received_ms;
  e.expire_at_ms = n.expire_timeout_ms > 0 ? sat_add(received_ms, n.expire_timeout_ms) : 0;
  e.route = notify_route(rules, n.app, category);
  e.card = id;
  const Urgency urgency = n.urgency;
  const std::string app_key = n.app;
  e.content = std::move(n);
  if (!restored) emit({.id = id, .kind = InboxEventKind::received, .at_ms = now.unix_ms});
  if (e.route == NotifyRoute::drop) {
    emit({.id = id, .kind = InboxEventKind::dropped, .at_ms = now.unix_ms, .close = CloseReason::dismissed});
    return std::nullopt;
  }
  Signal s;
  s.at = now;
  s.kind = SignalKind::nudge;
  s.app = app;
  s.nudge_id = notify_nudge_id(id);
  s.waited_ns = sat_mul(std::max<int64_t>(0, now.unix_ms - received_ms), 1'000'000);
  s.urgent = e.route == NotifyRoute::deliver ||
             (urgency == Urgency::critical && !(e.route == NotifyRoute::hold && protecting));

  auto [it, fresh] = buckets_.try_emplace(app_key);
  Bucket& b = it->second;
  if (fresh) b = {static_cast<double>(std::max(1, rules.flood_per_min)), now.mono_ns, 0};
  if (take_token(b, rules.flood_per_min, now)) {
    entries_.emplace(id, std::move(e));
    return s;
  }
  // Over the flood limit: onto the app's waiting batch card, or a new one.
  const auto lead = b.open_batch ? entries_.find(b.open_batch) : entries_.end();
  if (lead != entries_.end() && lead->second.state == NotifyState::pending) {
    e.card = lead->first;
    e.expire_at_ms = 0;
    e.batched = true;
    emit({.id = id, .kind = InboxEventKind::batched, .at_ms = now.unix_ms, .card = e.card});
    entries_.emplace(id, std::move(e));
    return std::nullopt;
  }
  b.open_batch = id;
  e.expire_at_ms = 0;
  e.batched = true;
  emit({.id = id, .kind = InboxEventKind::batched, .at_ms = now.unix_ms, .card = id});
  entries_.emplace(id, std::move(e));
  s.urgent = false;
  return s;
}

void Inbox::on_decision(const Decision& d) {
  if (d.overlay != OverlayKind::nudge || !is_notify_nudge(d.nudge_id)) return;
  const uint32_t card = notify_id_of(d.nudge_id);
  if (d.kind == DecisionKind::answer) {
    if (d.answer == Answer::nudge_dismiss && d.reason == Reason::dismissed && shown_cards_.contains(card))
      close_card(card, CloseReason::dismissed, d.unix_ms);
    return;
  }
  if (d.kind == DecisionKind::defer) {
    if (const auto it = entries_.find(card); it != entries_.end())
      emit({.id = card, .kind = InboxEventKind::held, .at_ms = d.unix_ms, .reason = d.reason});
    return;
  }
  if (d.kind != DecisionKind::deliver && d.kind != DecisionKind::deny) return;
  const bool deny = d.kind == DecisionKind::deny;
  if (!deny) shown_cards_.insert(card);
  for (auto it = entries_.begin(); it != entries_.end();) {
    InboxEntry& e = it->second;
    if (e.card != card || e.state != NotifyState::pending) {
      ++it;
      continue;
    }
    if (deny) {
      if (!e.closed)
        emit({.id = e.id, .kind = InboxEventKind::dropped, .at_ms = d.unix_ms, .reason = d.reason,
              .close = CloseReason::dismissed});
      it = entries_.erase(it);
      continue;
    }
    e.state = NotifyState::shown;
    if (!e.closed)
      emit({.id = e.id, .kind = InboxEventKind::delivered, .at_ms = d.unix_ms, .reason = d.reason, .card = card});
    ++it;
  }
}

void Inbox::close_card(uint32_t card, CloseReason why, int64_t at_ms) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.card != card) {
      ++it;
      continue;
    }
    if (!it->second.closed) emit({.id = it->first, .kind = InboxEventKind::closed, .at_ms = at_ms, .close = why});
    it = entries_.erase(it);
  }
  for (auto& [app, b] : buckets_)
    if (b.open_batch == card) b.open_batch = 0;
  shown_cards_.erase(card);
}

void Inbox::on_cards(std::span<const Card> cards, Instant now) {
  std::vector<uint32_t> gone;
  for (const uint32_t id : shown_cards_) {
    const bool showing = std::any_of(cards.begin(), cards.end(), [&](const Card& c) {
      return c.kind == OverlayKind::nudge && c.nudge_id == notify_nudge_id(id);
    });
    if (!showing) gone.push_back(id);
  }
  for (const uint32_t card : gone) close_card(card, CloseReason::expired, now.unix_ms);
}

std::vector<uint32_t> Inbox::expire_due(Instant now) {
  std::vector<uint32_t> withdraw;
  for (auto it = entries_.begin(); it != entries_.end();) {
    InboxEntry& e = it->second;
    const bool due = e.state == NotifyState::pending && e.expire_at_ms > 0 && e.expire_at_ms <= now.unix_ms;  // batched ones have none
    if (!due) {
      ++it;
      continue;
    }
    if (!e.closed) emit({.id = e.id, .kind = InboxEventKind::expired, .at_ms = now.unix_ms, .close = CloseReason::expired});
    withdraw.push_back(notify_nudge_id(e.id));
    it = entries_.erase(it);
  }
  return withdraw;
}

std::optional<uint32_t> Inbox::close(uint32_t id, Instant now) {
  const auto it = entries_.find(id);
  if (it == entries_.end() || it->second.closed) return std::nullopt;
  InboxEntry& e = it->second;
  if (e.state == NotifyState::shown && e.card == id) {  // its card goes, and all it carries
    close_card(id, CloseReason::closed_by_call, now.unix_ms);
    return notify_nudge_id(id);
  }
  emit({.id = id, .kind = InboxEventKind::closed, .at_ms = now.unix_ms, .close = CloseReason::closed_by_call});
  if (e.card == id && on_card(id) > 1) {  // the card still carries others
    e.closed = true;
    return 0;
  }
  const uint32_t card = e.card;
  entries_.erase(it);
  return card == id ? notify_nudge_id(id) : 0;
}

std::optional<uint32_t> Inbox::invoke_action(uint32_t id, std::string_view key, Instant now) {
  const auto it = entries_.find(id);
  if (it == entries_.end() || it->second.closed || it->second.state != NotifyState::shown) return std::nullopt;
  const auto& actions = it->second.content.actions;
  if (std::none_of(actions.begin(), actions.end(), [&](const NotifyAction& a) { return a.key == key; }))
    return std::nullopt;
  const uint32_t card = it->second.card;
  emit({.id = id, .kind = InboxEventKind::action, .at_ms = now.unix_ms, .action_key = std::string(key)});
  close_card(card, CloseReason::dismissed, now.unix_ms);
  return notify_nudge_id(card);
}

bool Inbox::replace(uint32_t id, Notification n, Instant now) {
  const auto it = entries_.find(id);
  if (it == entries_.end() || it->second.closed) return false;
  InboxEntry& e = it->second;
  if (e.state == NotifyState::pending && !e.batched)
    e.expire_at_ms = n.expire_timeout_ms > 0 ? sat_add(now.unix_ms, n.expire_timeout_ms) : 0;
  e.content = std::move(n);
  emit({.id = id, .kind = InboxEventKind::replaced, .at_ms = now.unix_ms});
  return true;
}

const InboxEntry* Inbox::find(uint32_t id) const {
  const auto it = entries_.find(id);
  return it == entries_.end() ? nullptr : &it->second;
}

size_t Inbox::on_card(uint32_t card) const {
  return static_cast<size_t>(
      std::count_if(entries_.begin(), entries_.end(), [&](const auto& kv) { return kv.second.card == card; }));
}

}  // namespace tw
