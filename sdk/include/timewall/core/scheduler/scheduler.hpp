// scheduler.hpp: decides, tick by tick, what the glasses show and why.
//
// What it does: folds each tick's Signals into an AttentionState, counts
// attended time per app and category (this local day and week), and applies
// the wearer's Policy: budget rings and the escalation ladder (warnings,
// notify, friction prompt, block), idle moments (fill or protect), protected
// windows with wind-down, reclaimed time, bounded deferral of nudges, motion
// safety, youth mode and the daily summary. Every tick returns the overlay set
// visible now and the Decisions that changed, each with a machine-readable
// Reason. Same policy, time zone, signals and instants give the same output.
// What it does not do: read a clock, touch the ledger, draw, or allocate on a
// steady-state tick (same focused app, no signals, ring minute unchanged).
// Structure: each rule family is a part with its own state (BudgetLadder,
// ProtectedWindows, IdleMoments, NudgeDeferral, DailySummary); the
// Scheduler moves time, ranks the restrictions, emits the decisions and
// diffs the overlay set (docs/scheduler.md, "Structure").
//
// Semantics a caller may need to know (docs/scheduler.md has the full list):
// - Signals are applied in span order; one stamped before the last processed
//   instant, or after `now`, is applied at that instant / at `now`. A `now`
//   before the last processed instant counts as that instant; out-of-range
//   instants are clamped, and deadlines saturate (clock.hpp), so a tick
//   always returns.
// - Budgets: used >= limit is "reached" (not one second before). Warnings fire
//   once per warn_at fraction per period and are non-urgent nudges. "notify"
//   shows a warning card with reason budget_reached at once. "friction" and
//   "block" act while an app the budget counts is focused.
// - Cards (warnings, nudges, fill, friction, wind-down, summary, shield) are
//   held while walking or turning; only the budget ring and the protect
//   indicator stay. Held cards reappear with reason motion_settled. Urgent
//   nudges skip deferral, not motion safety.
// - Non-urgent nudges wait for a breakpoint, at most max_defer_s, except
//   inside a protected window or a conversation, where they wait until it
//   ends (then overdue ones go at once, reason deferral_bound). A protected
//   idle moment ignores its own breakpoint but not the bound. Youth night
//   denies every nudge.
// - Answers (continue_anyway, prompt_leave, block_leave, block_extend,
//   nudge_dismiss, fill_dismiss) each give one DecisionKind::answer naming
//   the card and what came of it (granted, refused and why, not offered);
//   wearer_left(decision) is the host's cue to end the app's session.
//   "Extend" on a budget's block opens a friction prompt for that budget in
//   the shield's place (the block stays in force meanwhile: blocks(app)).
// - Daily summary: on the first tick of a new local day, for the day that
//   ended; shown until the wearer's next interaction.
// - Decision times do not depend on the tick rate: between two ticks the
//   scheduler stops at every instant where a rule can change the output (a
//   budget threshold reached by attended time, a window, wind-down or youth
//   night edge, a DST change, local midnight, away/idle/motion transitions,
//   a deferral bound, a card's end, the end of reclaimed time) and stamps
//   what changed there with that instant. Display-only changes (a ring,
//   wind-down or countdown minute/second) stop it only within the last
//   kDisplayHorizonNs before the tick (or signal) it runs to; earlier ones
//   are coalesced. A tick stops at most kMaxStopsPerTick times; past that
//   the rest of the gap is one step (decisions at its end), so a huge time
//   jump costs a bounded amount of work.
//
//   tw::Scheduler s(policy, tz);
//   tw::AppId feed = s.apps().intern("com.example.feed");
//   const tw::TickOutput& out = s.tick(now, signals);
//   for (const tw::Overlay& o : out.overlays) draw(o);
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/attention/attention.hpp"
#include "core/clock.hpp"
#include "core/interner.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "core/scheduler/budget_ladder.hpp"
#include "core/scheduler/daily_summary.hpp"
#include "core/scheduler/exercise_outcomes.hpp"
#include "core/scheduler/idle_moments.hpp"
#include "core/scheduler/local_calendar.hpp"
#include "core/scheduler/nudge_deferral.hpp"
#include "core/scheduler/protected_windows.hpp"
#include "core/scheduler/usage_counters.hpp"
#include "core/signals.hpp"
#include "core/timezone.hpp"

namespace tw {

struct TickOutput {
  std::vector<Overlay> overlays;    // visible now, in drawing priority order
  std::vector<Decision> decisions;  // what changed during this tick, in time order
  std::vector<ExerciseOutcome> outcomes;  // friction prompts that ended during this tick
  std::vector<ExerciseReturn> returns;    // lefts whose 10 minutes were decided
};

// Optional hook for whoever records history (the Engine's ledger writer).
class SchedulerObserver {
 public:
  // An attended interval, never crossing local midnight.
  virtual void on_attended(AppId app, CategoryId category, Instant from, Instant to) = 0;
  // A local day ended: its day number and total attended nanoseconds.
  virtual void on_day_end(int64_t day_number, int64_t attended_ns) = 0;

 protected:
  ~SchedulerObserver() = default;
};

class Scheduler {
 public:
  Scheduler(const Policy& policy, TimeZone tz);

  // Hot swap: usage counters, rotation and bypass counts (by budget id) stay.
  void set_policy(const Policy& policy);
  // Usage from before this process (the ledger): added to the day and week
  // containing the first tick. Call before the first tick.
  void seed_usage(AppId app, int64_t day_s, int64_t week_s);
  // Attended time other processes recorded since the last call (the Engine
  // reads it from the ledger at each commit): added to the current day and
  // week at once, between ticks. The next tick's rules see the sum, so a
  // budget or the youth cap crossed by it acts at that tick's first step.
  void add_usage_elsewhere(AppId app, int64_t day_ns, int64_t week_ns);
  // "Continue anyway" grants already used this period (by budget index).
  void seed_extensions(int32_t budget, int32_t used);
  // Answers to exercise `id` from before this process (the ledger): the
  // picker's leave-rate posterior starts from them.
  void seed_exercise_outcomes(std::string_view id, int64_t left, int64_t answered);
  // Prompts that showed exercise `id` before this process (the ledger):
  // they count toward its floor share; `last`: the most recent one.
  void seed_exercise_picks(std::string_view id, int64_t picks, bool last);
  // A left (the prompt shown at shown_ms, left at left_ms) whose 10-minute
  // return watch is still running, from before this process (the ledger).
  void resume_return_watch(AppId app, int64_t shown_ms, int64_t left_ms);
  // The host shuts down at `at`: a friction prompt still up ends as
  // open_at_finish, appended to `out` (the Engine records it).
  void finish(Instant at, std::vector<ExerciseOutcome>& out);

  const TickOutput& tick(Instant now, std::span<const Signal> signals,
                         SchedulerObserver* observer = nullptr);

  static constexpr int kMaxStopsPerTick = 256;
  static constexpr int64_t kDisplayHorizonNs = 60'000'000'000;
  // Sub-steps the last tick took between its instants (<= kMaxStopsPerTick).
  int stops_last_tick() const { return stops_; }

  Interner& apps() { return apps_; }
  Interner& categories() { return categories_; }
  const Interner& apps() const { return apps_; }
  const Interner& categories() const { return categories_; }
  const Policy& policy() const { return policy_; }
  const AttentionState& attention() const { return attention_; }
  // When the last idle moment ended (the exact instant, not the tick's).
  Instant idle_ended_at() const { return idle_.ended_at(); }
  const UsageCounters& usage() const { return usage_; }
  const LocalCalendar& calendar() const { return calendar_; }
  CategoryId category_of(AppId app) const;
  int32_t extensions_used(int32_t budget) const;
  // A block is in force on `app` now: its shield shows, or is held while the
  // wearer moves (a host that hides the app must keep it hidden then too).
  bool blocks(AppId app) const { return gate_for(app).kind == OverlayKind::block_shield; }
  // What would be in force on `app` were it focused now: a block, a friction
  // prompt (with its reason, budget or window) or none (kind budget_ring).
  Gate gate(AppId app) const { return gate_for(app); }
  // Budget b (an index into policy().budgets) now: the attended ns it counts
  // this period, and its limit with the extensions granted.
  int64_t budget_used_ns(int32_t b) const { return ladder_.used_ns(policy_, b, usage_); }
  int64_t budget_limit_ns(int32_t b) const { return ladder_.limit_ns(policy_, b); }
  // What the exercise picker learnt of exercise `id` (answers and picks).
  ExercisePicker::Counts exercise_counts(std::string_view id) const { return ladder_.picker().counts(id); }
  // Non-urgent nudges wait for the end of a protected window or conversation now.
  bool holds_nudges() const;
  // The cards of delivered nudges and warnings (also while motion hides them).
  std::span<const Card> cards() const { return deferral_.cards(); }
  // Removes nudge `nudge_id` (held or shown); a shown card hides at the next
  // tick. True when it was there.
  bool withdraw_nudge(uint32_t nudge_id) { return deferral_.withdraw(nudge_id); }

 private:
  struct AttentionSink;
  friend struct AttentionSink;

  // Time: sub-steps between ticks and the edges they stop at.
  void start(Instant t);
  void accrue(AppId app, Instant from, Instant to);
  void roll_to(Instant t);
  void pass_time(Instant t);
  void step(Instant t);
  void settle(Instant t);
  void run_to(Instant t, AttentionListener& sink);
  Instant next_boundary(Instant limit);
  int64_t ns_to_next_threshold(AppId app, bool& display_only, int64_t skip_display_ns) const;
  // Signals and attention events, handed to the parts.
  void on_event(const AttentionEvent& e);
  void handle_signal(const Signal& s, Instant t);
  void evaluate_budgets(Instant t);
  void start_idle(Instant t);
  void nudge(const Signal& s, Instant t);
  void hold(const HeldNudge& n, Instant t);
  void deliver(const HeldNudge& n, Instant t, Reason reason);
  void deliver_due(Instant t);
  void release_at_breakpoint(Instant t, Reason reason);
  void follow_prompt(Instant t);
  void prompt_answered(ExerciseAnswer answer, Instant t);
  void continue_anyway(Instant t);
  void leave_prompt(Instant t);
  void block_leave(Instant t);
  void block_extend(Instant t);
  void dismiss(const Signal& s, Instant t);
  void pick_row(const Signal& s, Instant t);
  void answered(Instant t, Answer answer, OverlayKind card, Reason outcome, AppId app, int32_t budget = -1);
  // Output.
  Gate gate_for(AppId app) const;
  Overlay budget_overlay(OverlayKind kind, Reason reason, int32_t b, AppId app) const;
  void decide(Instant t, DecisionKind kind, OverlayKind overlay, Reason reason, AppId app = kNoId,
              int32_t budget = -1);
  void build(Instant now);
  void diff(Instant now);

  Policy policy_;
  LocalCalendar calendar_;
  Interner apps_;
  Interner categories_;
  CategoryId other_ = kNoId;
  std::vector<CategoryId> app_category_;
  AttentionState attention_;
  UsageCounters usage_;

  // The parts, each with its own state; the Scheduler orders them.
  BudgetLadder ladder_;
  ProtectedWindows windows_;
  IdleMoments idle_;
  NudgeDeferral deferral_;
  DailySummary summary_;
  ExerciseOutcomes outcomes_;
  // An alternative the wearer picked on a prompt: its fill card shows (when
  // no idle moment fills) until dismissed, "continue anyway" is granted, or
  // another app comes to the front. By id, so it survives a policy swap.
  std::string picked_fill_id_;
  int32_t picked_fill_ = -1;  // its index in policy_.idle.items; -1 none

  bool started_ = false;
  int stops_ = 0;                // sub-steps this tick
  int64_t display_from_ns_ = 0;  // display-only stops before this are coalesced
  Instant last_step_;
  SchedulerObserver* observer_ = nullptr;
  bool moving_ = false;
  Reason motion_reason_ = Reason::none;

  TickOutput out_;
  std::vector<Overlay> previous_;
  uint32_t held_kinds_ = 0;           // overlay kinds held by motion this tick
  uint32_t held_kinds_previous_ = 0;  // ... and last tick
  std::array<Reason, kOverlayKindCount> hide_reason_{};
};

}  // namespace tw
