// attention.hpp: what the wearer is doing, built from Signals.
//
// What it does: folds Signals, in time order, into a small state: focused
// app, worn, away (no interaction for afk_after_s), head motion (still,
// walking, turning, with settling), context hint and idle moments. It reports
// attended foreground time (worn && !away && an app focused) as exact
// intervals, and every state change as an AttentionEvent, including the three
// breakpoints a deferred nudge waits for: an app switch, the start of an idle
// moment and a pause in motion (motion settled).
// What it does not do: budgets, windows, overlays or any clock read. Time only
// moves when advance() or apply() is called with a later Instant.
//
// Rules (all durations measured on Instant::mono_ns):
// - Start: worn, not away, nothing focused, still, context none; the first
//   Instant seen counts as the last interaction.
// - Interactions: `interaction`, `app_focus`, `worn`, `task_done`, and
//   every answer to a card (`continue_anyway`, `prompt_leave`, `block_leave`,
//   `block_extend`, `nudge_dismiss`, `fill_dismiss`). An interaction ends away ("back") and
//   ends an idle moment.
// - Presence: `present` (the head moved, presence.hpp) keeps a worn wearer
//   from going away and ends away ("back"), without counting as an
//   interaction: it neither ends an idle moment nor re-arms its timer.
// - Away: afk_after_s after the last interaction or presence while worn.
//   Ends an idle moment.
// - Idle moment: starts min_idle_s after the last interaction while worn and
//   not away (at most once per interaction), or at once on a `waiting` context
//   hint while worn and not away. It ends on an interaction, on away or on
//   not_worn. If min_idle_s >= afk_after_s the timer never starts one.
// - Motion: a head_motion sample with linear_mps > walk_mps is walking, else
//   angular_dps > turn_dps is turning. Motion settles settle_s after the first
//   sample below both thresholds, if no sample above arrives meanwhile.
//
//   tw::AttentionState att(tw::AttentionState::config_from(policy));
//   att.apply(signal, listener);      // advances to signal.at, then applies it
//   att.advance(now, listener);       // time-driven transitions up to now
#pragma once

#include <cstdint>

#include "core/clock.hpp"
#include "core/interner.hpp"
#include "core/policy.hpp"
#include "core/signals.hpp"

namespace tw {

enum class MotionState : uint8_t { still, walking, turning };

enum class AttentionEventKind : uint8_t {
  app_switch,       // breakpoint: the focused app changed (`app` is the new one, maybe kNoId)
  away,
  back,
  worn,
  not_worn,
  motion_started,   // walking or turning began, or changed between the two
  motion_settled,   // breakpoint: a pause in motion
  idle_started,     // breakpoint: an idle moment began
  idle_ended,
  context_changed,
};

struct AttentionEvent {
  Instant at;
  AttentionEventKind kind = AttentionEventKind::app_switch;
  AppId app = kNoId;
};

// Receives attended intervals and state changes, in time order.
class AttentionListener {
 public:
  virtual void on_attended(AppId app, Instant from, Instant to) = 0;
  virtual void on_attention_event(const AttentionEvent& event) = 0;

 protected:
  ~AttentionListener() = default;
};

class AttentionState {
 public:
  struct Config {
    int64_t afk_after_s = 120;
    int64_t min_idle_s = 20;
    double walk_mps = 0.7;
    double turn_dps = 90.0;
    int64_t settle_s = 2;
  };
  static Config config_from(const Policy& policy);

  AttentionState() = default;
  explicit AttentionState(Config config) : config_(config) {}
  void set_config(const Config& config) { config_ = config; }

  // Moves time to `t`, stopping at each time-driven transition (away, idle
  // start, motion settled). An earlier `t` than the last one is ignored.
  void advance(Instant t, AttentionListener& listener);
  // Monotonic ns of the earliest time-driven transition still pending (away,
  // idle start, motion settled); INT64_MAX when none is.
  int64_t next_transition_ns() const;
  // advance(signal.at), then applies the signal and any transition due at once.
  void apply(const Signal& signal, AttentionListener& listener);

  AppId focused() const { return focused_; }
  bool worn() const { return worn_; }
  bool away() const { return away_; }
  bool attended() const { return worn_ && !away_ && focused_ != kNoId; }
  MotionState motion() const { return motion_; }
  bool moving() const { return motion_ != MotionState::still; }
  Context context() const { return context_; }
  bool idle() const { return idle_; }
  bool started() const { return started_; }
  Instant now() const { return cursor_; }

 private:
  void start(Instant t);
  int64_t away_at_ns() const;
  void accrue_to(Instant t, AttentionListener& listener);
  void interact(Instant t, AttentionListener& listener);
  void set_idle(bool idle, Instant t, AttentionListener& listener);
  void emit(AttentionEventKind kind, Instant t, AttentionListener& listener, AppId app = kNoId);

  Config config_;
  bool started_ = false;
  Instant cursor_;
  Instant last_interaction_;
  Instant last_present_;  // the last `present`: away runs from the later of the two
  AppId focused_ = kNoId;
  bool worn_ = true;
  bool away_ = false;
  bool idle_ = false;
  bool idle_timer_armed_ = true;  // one timed idle moment per interaction
  MotionState motion_ = MotionState::still;
  bool settling_ = false;
  Instant settle_at_;
  Context context_ = Context::none;
};

}  // namespace tw
