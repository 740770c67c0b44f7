#include "core/scheduler/nudge_deferral.hpp"

#include "core/clock.hpp"

namespace tw {

NudgeDeferral::NudgeDeferral() {
  held_.reserve(kMaxHeld);
  cards_.reserve(kMaxCards + 1);
}

std::optional<HeldNudge> NudgeDeferral::hold(const HeldNudge& n) {
  std::optional<HeldNudge> oldest;
  if (held_.size() >= kMaxHeld) {
    oldest = held_.front();
    held_.erase(held_.begin());
  }
  held_.push_back(n);
  return oldest;
}

size_t NudgeDeferral::overdue(Instant t, int64_t max_defer_s) const {
  const int64_t bound_ns = sat_mul(max_defer_s, 1'000'000'000);
  size_t n = 0;
  while (n < held_.size() && t.mono_ns - held_[n].since.mono_ns >= bound_ns) ++n;
  return n;
}

void NudgeDeferral::drop_held(size_t first_n) {
  held_.erase(held_.begin(), held_.begin() + static_cast<std::ptrdiff_t>(first_n));
}

int64_t NudgeDeferral::next_bound_ns(int64_t max_defer_s) const {
  return sat_add(held_.front().since.mono_ns, sat_mul(max_defer_s, 1'000'000'000));
}

void NudgeDeferral::show(OverlayKind kind, Reason reason, uint32_t nudge_id, int32_t budget, AppId app) {
  if (cards_.size() >= kMaxCards) cards_.erase(cards_.begin());
  cards_.push_back({kind, reason, nudge_id, budget, app, kCardShowNs});
}

void NudgeDeferral::show_reminder(Reason reason, int32_t reminder, AppId app, int64_t top_s, int64_t group_s) {
  std::erase_if(cards_, [&](const Card& c) { return c.reminder == reminder; });
  if (cards_.size() >= kMaxCards) cards_.erase(cards_.begin());
  cards_.push_back({OverlayKind::nudge, reason, 0, -1, app, kCardShowNs, reminder, top_s, group_s});
}

std::optional<Card> NudgeDeferral::take_reminder(int32_t reminder) {
  for (auto it = cards_.begin(); it != cards_.end(); ++it)
    if (it->reminder > 0 && it->reminder == reminder) {
      const Card c = *it;
      cards_.erase(it);
      return c;
    }
  return std::nullopt;
}

void NudgeDeferral::drop_reminders() {
  std::erase_if(cards_, [](const Card& c) { return c.reminder > 0; });
}

std::optional<Card> NudgeDeferral::dismiss(OverlayKind kind, uint32_t nudge_id) {
  for (auto it = cards_.begin(); it != cards_.end(); ++it)
    if (it->kind == kind && it->nudge_id == nudge_id && it->reminder == 0) {
      const Card c = *it;
      cards_.erase(it);
      return c;
    }
  return std::nullopt;
}

bool NudgeDeferral::withdraw(uint32_t nudge_id) {
  const size_t before = held_.size() + cards_.size();
  std::erase_if(held_, [&](const HeldNudge& n) { return n.budget < 0 && n.nudge_id == nudge_id; });
  std::erase_if(cards_, [&](const Card& c) {
    return c.kind == OverlayKind::nudge && c.nudge_id == nudge_id && c.reminder == 0;
  });
  return held_.size() + cards_.size() != before;
}

void NudgeDeferral::pass_visible_time(int64_t dt_ns) {
  for (Card& c : cards_) c.left_ns -= dt_ns;
  std::erase_if(cards_, [](const Card& c) { return c.left_ns <= 0; });
}

}  // namespace tw
