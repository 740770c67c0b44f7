// overlay.hpp: what the core asks to be shown, and why.
//
// What it does: the scheduler's output per tick is an OverlaySet (what should
// be visible now) and a list of Decisions (what changed, with a reason). Both
// are plain data with no strings, so a steady-state tick allocates nothing.
// Text to display (currency, fill item, exercise) is looked up in the Policy
// by index.
// What it does not do: placement or drawing. sdk/layout places overlays;
// sdk/render draws them.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/interner.hpp"
#include "core/reason.hpp"

namespace tw {

enum class OverlayKind : uint8_t {
  budget_ring,        // peripheral: arc of remaining budget, minutes, cost today
  protect_indicator,  // peripheral: a protected moment or window is active
  warning,            // a budget crossed a warn_at fraction
  friction_prompt,    // pause + exercise + countdown + easy way out
  block_shield,       // the app or category is blocked now
  fill_card,          // one wearer-chosen item during an idle moment
  wind_down,          // bedtime is near
  daily_summary,      // the day's time and its value
  nudge,              // a deferred host/Timewall message, delivered
};
inline constexpr int kOverlayKindCount = 9;

std::string_view to_string(OverlayKind kind) noexcept;

struct Overlay {
  OverlayKind kind = OverlayKind::budget_ring;
  Reason reason = Reason::none;
  AppId app = kNoId;
  CategoryId category = kNoId;
  int32_t budget = -1;          // index into Policy::budgets
  int32_t window = -1;          // index into Policy::windows
  int32_t fill_item = -1;       // index into Policy::idle.items
  int32_t exercise = -1;        // index into Policy::friction.exercises
  uint32_t nudge_id = 0;
  int64_t used_s = 0;           // attended seconds counted against `budget`
  int64_t limit_s = 0;          // the budget's limit, extensions included
  int64_t remaining_s = 0;      // max(0, limit_s - used_s)
  int64_t countdown_s = 0;      // friction: s until "continue anyway" unlocks (pause and
                                // exercise, exercise_course.hpp); wind-down: minutes left
  int64_t exercise_ms = 0;      // friction: visible time into the exercise (paces a breathe)
  double cost_today = 0.0;      // today's attended time at the wearer's hourly value
  bool bypass_available = false;  // friction: "continue anyway" may be offered
  uint8_t rows = 0;               // friction, intention or alternative exercise: rows offered to
                                  // pick (exercise_rows(); "continue anyway" waits for a pick)
  int8_t picked = -1;             // friction: the row picked, -1 none yet
  uint8_t actions = 0;            // nudge of a notification: its first actions, offered as buttons
                                  // (at most kMaxCardActions; Engine::tick sets it from the inbox)
};

// Notification ids are 1 .. 2^31-1; the scheduler sees them with the top bit
// set, so they never meet a host's own nudge ids (which stay below 2^31).
inline constexpr uint32_t kNotifyNudgeBit = 0x8000'0000u;
inline constexpr uint32_t kMaxNotifyId = kNotifyNudgeBit - 1;
constexpr uint32_t notify_nudge_id(uint32_t id) { return kNotifyNudgeBit | id; }
constexpr bool is_notify_nudge(uint32_t nudge_id) { return (nudge_id & kNotifyNudgeBit) != 0; }
constexpr uint32_t notify_id_of(uint32_t nudge_id) { return nudge_id & ~kNotifyNudgeBit; }

// A notification's card offers at most this many of its actions as buttons
// (next to "dismiss"); the others stay in the ledger and the Inbox1 cards.
inline constexpr uint8_t kMaxCardActions = 2;

enum class DecisionKind : uint8_t {
  show,     // an overlay appears
  update,   // a shown overlay's displayed value changed
  hide,     // an overlay goes away
  defer,    // a nudge is held for a breakpoint
  deliver,  // a held nudge is delivered
  fill,     // an idle moment is filled
  protect,  // an idle moment is protected
  extend,   // "continue anyway" granted an extension
  deny,     // a request was refused (no bypass left, youth night)
  state,    // attention state changed (away, back, worn, walking)
  answer,   // the wearer answered a card (Decision::answer); `reason` says what came of it
};

std::string_view to_string(DecisionKind kind) noexcept;

// What the wearer answered, one per answer signal (signals.hpp); the names
// are stable (the ledger's answer.answer column, `timewall replay` output).
enum class Answer : uint8_t {
  none,
  continue_anyway,  // friction prompt: "continue anyway"
  prompt_leave,     // friction prompt: "leave"
  block_leave,      // block shield: "leave"
  block_extend,     // block shield: "extend" (a bounded extension, through friction)
  nudge_dismiss,    // nudge card: "dismiss"
  fill_dismiss,     // fill card: "dismiss"
  exercise_pick,    // friction prompt: a row of an intention or alternative exercise (Decision::row)
};

std::string_view to_string(Answer answer) noexcept;

struct Decision {
  int64_t unix_ms = 0;
  DecisionKind kind = DecisionKind::show;
  OverlayKind overlay = OverlayKind::budget_ring;
  Reason reason = Reason::none;
  AppId app = kNoId;
  CategoryId category = kNoId;
  int32_t budget = -1;
  int64_t remaining_s = 0;
  int32_t window = -1;     // index into Policy::windows
  int32_t fill_item = -1;  // fill: index into Policy::idle.items
  int32_t exercise = -1;   // friction: index into Policy::friction.exercises
  uint32_t nudge_id = 0;   // defer/deliver: the nudge; answer: the nudge dismissed
  Answer answer = Answer::none;  // answer: which one
  int32_t row = -1;        // answer exercise_pick: the row picked (exercise_row_id names it)
};

// The wearer chose to leave the app (a friction prompt's or a block's
// "leave"): the one decision on which a host ends the app's session
// (OpenXR: xrRequestExitSession). Nothing else ever ends it.
inline bool wearer_left(const Decision& d) {
  return d.kind == DecisionKind::answer && (d.reason == Reason::prompt_left || d.reason == Reason::block_left);
}

}  // namespace tw
