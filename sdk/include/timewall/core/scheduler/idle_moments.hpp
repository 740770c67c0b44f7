// idle_moments.hpp: what an idle moment becomes, a fill card or protected
// quiet, and how long it stays that.
//
// What it does: at the start of an idle moment picks fill or protect from
// the policy's idle rules (first match, then the default), overridden to
// protect by an active protected window, a conversation, motion, or a fill
// list that is empty; rotates the fill items; turns a running fill into
// protect when a window starts or a conversation begins; remembers when the
// last idle moment ended.
// What it does not do: detect idleness (AttentionState does), emit
// decisions (the Scheduler turns each outcome into one), or hold nudges.
//
//   tw::IdleMoments idle;
//   tw::IdleStart s = idle.start(policy.idle, {.context = ctx, .weekday = wd, .minute = m});
//   if (s.fill) show(idle.fill_overlay());
#pragma once

#include <cstdint>

#include "core/attention/attention.hpp"
#include "core/clock.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"

namespace tw {

// What rules out or overrides the policy's choice at an idle moment's start.
struct IdleSituation {
  Context context = Context::none;
  int weekday = 0;            // local, for the idle rules' days
  int minute = 0;             // local minute of day
  bool window_active = false;
  bool moving = false;
  Reason motion_reason = Reason::none;
};

struct IdleStart {
  bool fill = false;  // else protect
  Reason reason = Reason::none;
  int32_t fill_item = -1;
};

class IdleMoments {
 public:
  IdleStart start(const Idle& policy, const IdleSituation& now);
  void end(Instant at);
  // A running fill never runs into a protected window or a conversation:
  // the reason it turned to protect, or Reason::none when it did not.
  Reason protect_running_fill(bool window_active, bool in_conversation);

  bool filling() const { return mode_ == Mode::fill; }
  bool protecting() const { return mode_ == Mode::protect; }
  Reason reason() const { return reason_; }
  Overlay fill_overlay() const;
  Instant ended_at() const { return ended_at_; }

 private:
  enum class Mode : uint8_t { none, fill, protect };
  Mode mode_ = Mode::none;
  Reason reason_ = Reason::none;
  int32_t fill_item_ = -1;
  uint32_t fill_counter_ = 0;  // rotates the items across idle moments
  Instant ended_at_;
};

}  // namespace tw
