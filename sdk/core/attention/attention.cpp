#include "core/attention/attention.hpp"

#include <algorithm>
#include <limits>

namespace tw {
namespace {

constexpr int64_t kNsPerS = 1'000'000'000;
constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

// Monotonic ns `s` seconds after `t`; never kNever (t is at most kMaxMonoNs).
int64_t after(Instant t, int64_t s) { return plus_ns(t, sat_mul(s, kNsPerS)).mono_ns; }

}  // namespace

AttentionState::Config AttentionState::config_from(const Policy& policy) {
  return {.afk_after_s = policy.attention.afk_after_s,
          .min_idle_s = policy.idle.min_idle_s,
          .walk_mps = policy.motion.walk_mps,
          .turn_dps = policy.motion.turn_dps,
          .settle_s = policy.motion.settle_s};
}

void AttentionState::start(Instant t) {
  started_ = true;
  cursor_ = t;
  last_interaction_ = t;
  last_present_ = t;
}

void AttentionState::emit(AttentionEventKind kind, Instant t, AttentionListener& listener,
                          AppId app) {
  listener.on_attention_event({.at = t, .kind = kind, .app = app});
}

void AttentionState::accrue_to(Instant t, AttentionListener& listener) {
  if (t.mono_ns <= cursor_.mono_ns) return;
  if (attended()) listener.on_attended(focused_, cursor_, t);
  cursor_ = t;
}

void AttentionState::set_idle(bool idle, Instant t, AttentionListener& listener) {
  if (idle_ == idle) return;
  idle_ = idle;
  if (idle) idle_timer_armed_ = false;
  emit(idle ? AttentionEventKind::idle_started : AttentionEventKind::idle_ended, t, listener);
}

int64_t AttentionState::away_at_ns() const {
  const Instant last = last_present_.mono_ns > last_interaction_.mono_ns ? last_present_ : last_interaction_;
  return after(last, config_.afk_after_s);
}

int64_t AttentionState::next_transition_ns() const {
  int64_t away_ns = kNever, idle_ns = kNever, settle_ns = kNever;
  if (worn_ && !away_) away_ns = away_at_ns();
  if (worn_ && !away_ && !idle_ && idle_timer_armed_ && config_.min_idle_s < config_.afk_after_s)
    idle_ns = after(last_interaction_, config_.min_idle_s);
  if (settling_) settle_ns = settle_at_.mono_ns;
  return std::min(away_ns, std::min(idle_ns, settle_ns));
}

void AttentionState::advance(Instant at, AttentionListener& listener) {
  const Instant t = clamp_instant(at);
  if (!started_) start(t);
  if (t.mono_ns < cursor_.mono_ns) return;
  for (;;) {
    // Each transition turns itself off (settled, away, idle timer used), so
    // this ends; no deadline is kNever (instants stop at kMaxMonoNs).
    const int64_t next = next_transition_ns();
    if (next == kNever || next > t.mono_ns) break;
    const int64_t settle_ns = settling_ ? settle_at_.mono_ns : kNever;
    const int64_t away_ns = worn_ && !away_ ? away_at_ns() : kNever;
    const Instant at_next = plus_ns(cursor_, std::max<int64_t>(0, next - cursor_.mono_ns));
    accrue_to(at_next, listener);
    if (next == settle_ns) {
      settling_ = false;
      motion_ = MotionState::still;
      emit(AttentionEventKind::motion_settled, at_next, listener);
    } else if (next == away_ns) {
      set_idle(false, at_next, listener);
      away_ = true;
      emit(AttentionEventKind::away, at_next, listener);
    } else {
      set_idle(true, at_next, listener);
    }
  }
  accrue_to(t, listener);
}

void AttentionState::interact(Instant t, AttentionListener& listener) {
  last_interaction_ = t;
  idle_timer_armed_ = true;
  set_idle(false, t, listener);
  if (away_) {
    away_ = false;
    emit(AttentionEventKind::back, t, listener);
  }
}

void AttentionState::apply(const Signal& signal, AttentionListener& listener) {
  const Instant at = clamp_instant(signal.at);
  if (!started_) start(at);
  // A signal stamped before the last processed instant happens "now".
  const Instant t = at.mono_ns < cursor_.mono_ns ? cursor_ : at;
  advance(t, listener);
  switch (signal.kind) {
    case SignalKind::app_focus:
      interact(t, listener);
      if (signal.app != focused_) {
        focused_ = signal.app;
        emit(AttentionEventKind::app_switch, t, listener, focused_);
      }
      break;
    case SignalKind::app_blur:
      if (signal.app == focused_ && focused_ != kNoId) {
        focused_ = kNoId;
        emit(AttentionEventKind::app_switch, t, listener, kNoId);
      }
      break;
    case SignalKind::interaction:
    case SignalKind::task_done:
    case SignalKind::continue_anyway:
    case SignalKind::prompt_leave:
    case SignalKind::block_leave:
    case SignalKind::block_extend:
    case SignalKind::nudge_dismiss:
    case SignalKind::fill_dismiss:
    case SignalKind::exercise_pick:
      interact(t, listener);
      break;
    case SignalKind::worn:
      if (!worn_) {
        worn_ = true;
        emit(AttentionEventKind::worn, t, listener);
      }
      interact(t, listener);
      break;
    case SignalKind::not_worn:
      if (worn_) {
        set_idle(false, t, listener);
        worn_ = false;
        away_ = false;
        emit(AttentionEventKind::not_worn, t, listener);
      }
      break;
    case SignalKind::head_motion: {
      MotionState m = MotionState::still;
      if (signal.linear_mps > config_.walk_mps) m = MotionState::walking;
      else if (signal.angular_dps > config_.turn_dps) m = MotionState::turning;
      if (m != MotionState::still) {
        settling_ = false;
        if (m != motion_) {
          motion_ = m;
          emit(AttentionEventKind::motion_started, t, listener);
        }
      } else if (moving() && !settling_) {
        settling_ = true;
        settle_at_ = plus_ns(t, sat_mul(config_.settle_s, kNsPerS));
      }
      break;
    }
    case SignalKind::context_hint:
      if (signal.context != context_) {
        context_ = signal.context;
        emit(AttentionEventKind::context_changed, t, listener);
      }
      if (signal.context == Context::waiting && worn_ && !away_) set_idle(true, t, listener);
      break;
    case SignalKind::present:
      if (worn_) {
        last_present_ = t;
        if (away_) {
          away_ = false;
          emit(AttentionEventKind::back, t, listener);
        }
      }
      break;
    case SignalKind::nudge:
      break;
  }
  advance(t, listener);  // transitions due at this very instant (settle_s = 0)
}

}  // namespace tw
