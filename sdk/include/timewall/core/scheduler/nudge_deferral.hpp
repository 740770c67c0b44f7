// nudge_deferral.hpp: non-urgent nudges held for a breakpoint, and the cards
// delivered nudges and warnings show.
//
// What it does: queues held nudges and budget warnings in arrival order
// (bounded: when full, the oldest leaves to be delivered at once), says
// which have waited the policy's max_defer_s and when the next one will,
// and keeps the shown cards with the visible time each has left (bounded:
// the oldest card goes first).
// What it does not do: decide when a breakpoint is (the Scheduler does, from
// attention events), apply youth night, or emit decisions.
//
//   tw::NudgeDeferral d;
//   if (auto oldest = d.hold({.since = now, .nudge_id = 7})) deliver(*oldest);
//   const size_t n = d.overdue(now, policy.deferral.max_defer_s);
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/clock.hpp"
#include "core/interner.hpp"
#include "core/overlay.hpp"

namespace tw {

struct HeldNudge {
  Instant since;
  uint32_t nudge_id = 0;
  int32_t budget = -1;  // >= 0: a Timewall budget warning
  AppId app = kNoId;
};

struct Card {
  OverlayKind kind = OverlayKind::nudge;
  Reason reason = Reason::none;
  uint32_t nudge_id = 0;
  int32_t budget = -1;
  AppId app = kNoId;
  int64_t left_ns = 0;  // visible time left
};

class NudgeDeferral {
 public:
  static constexpr int64_t kCardShowNs = 10'000'000'000;  // warnings and nudges stay this long (visible time)
  static constexpr size_t kMaxCards = 8;                   // more at once: the oldest goes first
  static constexpr size_t kMaxHeld = 64;                   // more held: the oldest is delivered at once

  NudgeDeferral();

  // Holds `n`; when kMaxHeld are already held, returns the oldest, which
  // left the queue to be delivered now.
  std::optional<HeldNudge> hold(const HeldNudge& n);
  std::span<const HeldNudge> held() const { return held_; }
  // How many held ones (a prefix: the queue is in arrival order) have
  // waited max_defer_s at `t`.
  size_t overdue(Instant t, int64_t max_defer_s) const;
  void drop_held(size_t first_n);
  // When the oldest held one reaches max_defer_s (mono ns); held() not empty.
  int64_t next_bound_ns(int64_t max_defer_s) const;

  // Shows a card for kCardShowNs of visible time.
  void show(OverlayKind kind, Reason reason, uint32_t nudge_id, int32_t budget, AppId app);
  std::span<const Card> cards() const { return cards_; }
  // The wearer put away the shown card of `kind` with `nudge_id`: it goes,
  // and is returned; nothing when no such card shows.
  std::optional<Card> dismiss(OverlayKind kind, uint32_t nudge_id);
  // Removes nudge `nudge_id` from the held queue and the cards (the sender
  // withdrew it); true when it was there.
  bool withdraw(uint32_t nudge_id);
  // Visible time passed (not while motion holds the cards): expired ones go.
  void pass_visible_time(int64_t dt_ns);

  // A policy swap moved budgets: `remap(old index)` is the new one, or -1
  // when the budget is gone (its held warnings and cards go too).
  template <class Remap>
  void remap_budgets(Remap remap) {
    std::erase_if(held_, [&](HeldNudge& n) { return n.budget >= 0 && (n.budget = remap(n.budget)) < 0; });
    std::erase_if(cards_, [&](Card& c) { return c.budget >= 0 && (c.budget = remap(c.budget)) < 0; });
  }

 private:
  std::vector<HeldNudge> held_;
  std::vector<Card> cards_;
};

}  // namespace tw
