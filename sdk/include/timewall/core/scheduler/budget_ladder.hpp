// budget_ladder.hpp: the wearer's budgets and their escalation ladder:
// warnings at warn_at fractions, then at the limit a notify card, a friction
// prompt or a block, and "continue anyway" extensions.
//
// What it does: per budget, remembers which warnings fired and how many
// extensions were granted this period (carried across a policy swap by
// budget id, reset when the period ends), measures used and limit against
// the usage counters, finds the next threshold attended time will cross
// (so accrual can stop there), and runs the friction prompt: its countdown
// in visible time, its exercise (ExercisePicker), and the answer to "continue
// anyway" (pause not over, bypass exhausted, or granted). A block's
// "extend" opens the same prompt for the block's budget (the extension
// prompt, standing in for the shield); its grants count against the same
// max_extensions and raise the block's limit by extension_s each.
// What it does not do: count time (UsageCounters), rank a budget against
// windows or youth mode (the Scheduler's gate), or emit decisions.
//
//   tw::BudgetLadder ladder;
//   ladder.set_policy({}, policy, apps, categories);
//   const tw::BudgetClimb c = ladder.climb(policy, b, usage);
//   if (c.warn_fraction >= 0) hold_warning(b);
#pragma once

#include <cstdint>
#include <vector>

#include "core/interner.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "core/scheduler/exercise_picker.hpp"
#include "core/scheduler/usage_counters.hpp"

namespace tw {

// The strongest restriction on the focused app (the Scheduler's gate):
// kind budget_ring means none.
struct Gate {
  OverlayKind kind = OverlayKind::budget_ring;
  Reason reason = Reason::none;
  int32_t budget = -1;
  int32_t window = -1;
};

// What a budget's climb at one instant crossed.
struct BudgetClimb {
  int warn_fraction = -1;  // the highest newly crossed warn_at index, while below the limit
  bool notify = false;     // a notify budget reached its limit just now
};

// The nearest of several thresholds of attended time ahead.
struct NearestThreshold {
  int64_t ns = 0;             // 0: none ahead
  bool display_only = false;  // only a displayed minute changes there
  // Displayed minutes less than skip_display_ns ahead are coalesced.
  int64_t skip_display_ns = 0;
  void consider(int64_t threshold_ns, int64_t used_ns, bool display = false);
};

struct FrictionPrompt {
  bool active = false;
  int32_t budget = -1;
  int32_t window = -1;
  Reason reason = Reason::none;
  AppId app = kNoId;
  int64_t shown_ns = 0;  // visible time so far: the countdown survives motion
  int32_t exercise = -1;
  uint32_t serial = 0;  // a new prompt, a new number (ExerciseOutcomes tells them apart)
  int32_t picked = -1;  // intention or alternative: the row picked (exercise_rows()), -1 none yet
};

enum class BypassAnswer : uint8_t { pause_not_over, exhausted, granted };
enum class ExtendAnswer : uint8_t { not_offered, exhausted, opened };

class BudgetLadder {
 public:
  // Interns each budget's target; warnings fired, extensions and notified
  // carry over from `old_budgets` (the policy before) by budget id.
  void set_policy(const std::vector<Budget>& old_budgets, const Policy& policy, Interner& apps,
                  Interner& categories);
  // "Continue anyway" grants already used this period (from the ledger).
  void seed_extensions(int32_t budget, int32_t used);
  int32_t extensions_used(int32_t budget) const;
  // A new day (and week): the period's warnings and extensions start over.
  void new_period(const Policy& policy, bool new_week);
  // Budgets start "already warned" for fractions crossed before (a start or
  // a swap mid-period).
  void mark_crossed_silently(const Policy& policy, const UsageCounters& usage);

  bool counts(const Policy& policy, int32_t b, AppId app, CategoryId category) const;
  int64_t used_ns(const Policy& policy, int32_t b, const UsageCounters& usage) const;
  int64_t limit_ns(const Policy& policy, int32_t b) const;  // extensions included
  int64_t remaining_s(const Policy& policy, int32_t b, const UsageCounters& usage) const;

  // Records what budget b crossed at its current use.
  BudgetClimb climb(const Policy& policy, int32_t b, const UsageCounters& usage);
  // The first budget of `action` counting the app that is at its limit; -1 if none.
  int32_t at_limit(const Policy& policy, LimitAction action, AppId app, CategoryId category,
                   const UsageCounters& usage) const;
  // The budget counting the app with the least time left (the ring's); -1 if none.
  int32_t tightest(const Policy& policy, AppId app, CategoryId category, const UsageCounters& usage,
                   int64_t& left_ns) const;
  // Adds every threshold ahead of a budget counting the app: a warning not
  // fired yet, the limit, and the next whole minute of used or remaining time.
  void thresholds(const Policy& policy, AppId app, CategoryId category, const UsageCounters& usage,
                  NearestThreshold& nearest) const;
  // An overlay about budget b (b < 0: none) with its figures filled in.
  Overlay overlay(const Policy& policy, OverlayKind kind, Reason reason, int32_t b, AppId app, CategoryId category,
                  const UsageCounters& usage) const;

  // The friction prompt for the gate on the focused app, kept while the
  // gate stays the same, not shown again once left until the next app switch.
  void update_prompt(const Gate& gate, AppId app);
  const FrictionPrompt& prompt() const { return prompt_; }
  // Picks each new prompt's exercise; the Scheduler feeds it the answers.
  ExercisePicker& picker() { return picker_; }
  const ExercisePicker& picker() const { return picker_; }
  // Seconds until "continue anyway" unlocks: the pause and the exercise's
  // course (exercise_course.hpp), whichever is longer.
  int64_t prompt_countdown_s(const Policy& policy) const;
  // Visible time until the active prompt's countdown shows its next second,
  // skipping those less than skip_ns ahead; -1 when there is none.
  int64_t next_countdown_second_ns(const Policy& policy, int64_t skip_ns) const;
  bool prompt_bypass_available(const Policy& policy) const;
  void pass_visible_time(int64_t dt_ns);
  // Row `row` picked on the active prompt's intention or alternative
  // exercise (a later pick replaces it): false when there is no such row.
  bool pick_row(const Policy& policy, int32_t row);
  // The exercise has run its course: its time (breathe, wait) and, for a
  // pick exercise, a row picked.
  bool exercise_done(const Policy& policy) const;
  // "Continue anyway" on the active prompt: granted, it extends the budget
  // (or lifts a window's friction until the next app switch) and closes.
  BypassAnswer continue_anyway(const Policy& policy);
  // The wearer left the prompt: false when none was active.
  bool leave_prompt();
  // "Extend" on a block shield (`gate`): a block of a budget with an
  // extension left opens a friction prompt for that budget at the next
  // update_prompt; its "continue anyway" grants extension_s. Windows and
  // youth blocks offer none; nor does a block whose prompt was left.
  ExtendAnswer request_extension(const Policy& policy, const Gate& gate);
  // The shield of `gate` offers "extend" now (Overlay::bypass_available).
  bool extension_offered(const Policy& policy, const Gate& gate) const;
  // The active prompt stands in for the block of its budget (asked for by "extend").
  bool extending() const { return prompt_.active && extend_budget_ >= 0 && prompt_.budget == extend_budget_; }
  void on_app_switch();
  bool window_bypass() const { return window_bypass_; }
  // A policy swap: `remap(old budget index)` is the new index or -1.
  template <class Remap>
  void remap_prompt(Remap remap) {
    if (prompt_.budget >= 0) {
      prompt_.budget = remap(prompt_.budget);
      if (prompt_.budget < 0) prompt_.active = false;
    }
    if (prompt_.window >= 0) prompt_.active = false;
  }

 private:
  struct State {
    uint32_t target = kNoId;  // AppId or CategoryId
    uint32_t warned = 0;      // bit i: warn_at[i] fired this period
    int32_t extensions = 0;
    bool notified = false;
    std::vector<int64_t> warn_ns;  // used time at each warn_at fraction (at most 31), from the policy
  };
  int64_t unlock_ns(const Policy& policy) const;  // visible time at which the active prompt unlocks

  std::vector<State> state_;
  FrictionPrompt prompt_;
  bool prompt_left_ = false;    // left: not shown again until the next app switch
  bool window_bypass_ = false;  // "continue anyway" on a window prompt: until the next app switch
  int32_t extend_budget_ = -1;  // "extend" asked on the block of this budget: its prompt shows
  ExercisePicker picker_;
};

}  // namespace tw
