#include "core/scheduler/idle_moments.hpp"

#include "core/scheduler/time_rules.hpp"

namespace tw {

// Protected windows, conversations and motion rule out a fill; then the
// first matching rule, then the default.
IdleStart IdleMoments::start(const Idle& policy, const IdleSituation& now) {
  IdleMode mode = policy.default_mode;
  Reason reason = mode == IdleMode::fill ? Reason::idle_fill_default : Reason::idle_protect_default;
  for (const IdleRule& r : policy.rules) {
    if (r.match_context && r.context != static_cast<uint8_t>(now.context)) continue;
    if (r.match_time && !in_weekly_range(r.days, r.start, r.end, now.weekday, now.minute)) continue;
    if (!r.match_context && !r.match_time) continue;
    mode = r.mode;
    if (r.match_context)
      reason = mode == IdleMode::fill ? Reason::idle_fill_context : Reason::idle_protect_context;
    else
      reason = mode == IdleMode::fill ? Reason::idle_fill_schedule : Reason::idle_protect_schedule;
    break;
  }
  if (now.window_active) {
    mode = IdleMode::protect;
    reason = Reason::idle_protect_window;
  } else if (now.context == Context::in_conversation) {
    mode = IdleMode::protect;
    reason = Reason::in_conversation;
  } else if (mode == IdleMode::fill && now.moving) {
    mode = IdleMode::protect;
    reason = now.motion_reason;
  } else if (mode == IdleMode::fill && policy.items.empty()) {
    mode = IdleMode::protect;
    reason = Reason::idle_protect_default;
  }
  reason_ = reason;
  if (mode == IdleMode::fill) {
    mode_ = Mode::fill;
    fill_item_ = static_cast<int32_t>(fill_counter_++ % static_cast<uint32_t>(policy.items.size()));
  } else {
    mode_ = Mode::protect;
    fill_item_ = -1;
  }
  return {mode == IdleMode::fill, reason, fill_item_};
}

void IdleMoments::end(Instant at) {
  ended_at_ = at;
  mode_ = Mode::none;
  fill_item_ = -1;
}

Reason IdleMoments::protect_running_fill(bool window_active, bool in_conversation) {
  if (mode_ != Mode::fill) return Reason::none;
  Reason r = Reason::none;
  if (window_active) r = Reason::idle_protect_window;
  else if (in_conversation) r = Reason::in_conversation;
  if (r == Reason::none) return r;
  mode_ = Mode::protect;
  reason_ = r;
  fill_item_ = -1;
  return r;
}

Overlay IdleMoments::fill_overlay() const {
  Overlay o;
  o.kind = OverlayKind::fill_card;
  o.reason = reason_;
  o.fill_item = fill_item_;
  return o;
}

}  // namespace tw
