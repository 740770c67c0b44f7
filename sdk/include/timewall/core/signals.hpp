// signals.hpp: what the outside world tells the core.
//
// What it does: one flat, allocation-free Signal struct per event. Platform
// code (OpenXR binding, API layer, simulator, replay) turns its observations
// into Signals and hands a batch to the engine's tick.
// What it does not do: interpret. Attention state and the scheduler decide
// what a signal means.
//
//   tw::Signal s{.at = clock.now(), .kind = tw::SignalKind::app_focus, .app = feed};
#pragma once

#include <cstdint>

#include "core/clock.hpp"
#include "core/interner.hpp"

namespace tw {

enum class SignalKind : uint8_t {
  app_focus,        // `app` came to the foreground
  app_blur,         // `app` left the foreground
  interaction,      // input in `app` (controller, hand, gaze dwell, touch)
  head_motion,      // `linear_mps`, `angular_dps` sampled at `at`
  worn,             // the glasses went on
  not_worn,         // the glasses came off
  context_hint,     // the wearer's situation changed to `context`
  task_done,        // a task finished before `planned_end_unix_ms`
  continue_anyway,  // the wearer chose "continue anyway" on a friction prompt
  prompt_leave,     // the wearer took the easy way out of a friction prompt (the host ends the session)
  nudge,            // a host or Timewall message `nudge_id`, `urgent` or not
  present,          // the head moved beyond sensor noise: someone wears the glasses (presence.hpp)
  // The wearer's answers to cards (each gives one DecisionKind::answer):
  block_leave,      // "leave" on the block shield: the host ends the app's session on the decision
  block_extend,     // "extend" on the block shield: a friction prompt for the block's budget, whose
                    // "continue anyway" grants its extension_s; refused when none is left
  nudge_dismiss,    // "dismiss" on the nudge card `nudge_id`
  fill_dismiss,     // "dismiss" on the current fill card
  exercise_pick,    // row `row` of the friction prompt's intention or alternative exercise
};

enum class Context : uint8_t {
  none,
  waiting,          // a queue, a platform: an idle moment candidate
  commuting,
  in_conversation,  // never fill, never nudge
};

struct Signal {
  Instant at;
  SignalKind kind = SignalKind::interaction;
  AppId app = kNoId;
  Context context = Context::none;
  float linear_mps = 0.f;
  float angular_dps = 0.f;
  int64_t planned_end_unix_ms = 0;
  uint32_t nudge_id = 0;
  bool urgent = false;
  // nudge: how long it already waited elsewhere (a notification restored
  // after a restart); its max_defer_s bound counts from then.
  int64_t waited_ns = 0;
  uint8_t row = 0;  // exercise_pick: the row, 0 .. kMaxExerciseRows - 1
};

}  // namespace tw
