// exercise_outcomes.hpp: what came of each friction prompt, per exercise,
// and whether the wearer came back to the app within 10 minutes of leaving.
//
// What it does: follows the BudgetLadder's prompt. A prompt ends answered
// (left or continued), timed out: it closed without an answer (the wearer
// switched away, the gate lifted, a policy swap, a new day), or open at
// finish: the host shut the engine down while it was up (finish()). Each end
// gives one ExerciseOutcome: the exercise's id and kind, the answer, the row
// the wearer picked last (an intention, or a fill item's id; pick()), and the
// time to decide, in visible time (the ms the prompt was on screen; time held
// away by motion does not count). A left starts a 10-minute watch on the
// app: focus coming back to it by then gives an ExerciseReturn with
// returned = true, stamped at that instant; otherwise one with
// returned = false, stamped at the watch's end, at the first instant after it.
// Every time is a parameter.
// A watch still running at finish stays undecided in the ledger; the next
// start decides it from the ledger's intervals, or, when its 10 minutes are
// not over yet, hands it back here (resume_watch).
// What it does not do: record (the Engine writes both to the ledger) or pick
// exercises (ExercisePicker).
//
//   tw::ExerciseOutcomes outcomes;
//   outcomes.follow(ladder.prompt(), policy, category, t_ms, out.outcomes);
//   outcomes.answer(tw::ExerciseAnswer::left, t_ms, ladder.prompt(), out.outcomes);
//   outcomes.on_focus(app, later_ms, out.returns);   // returned = true
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/interner.hpp"
#include "core/policy.hpp"
#include "core/scheduler/budget_ladder.hpp"

namespace tw {

inline constexpr int64_t kReturnWindowMs = 10 * 60'000;

// The names are stable: the ledger's friction_outcome.answer column.
enum class ExerciseAnswer : uint8_t { left, continued, timed_out, open_at_finish };
std::string_view to_string(ExerciseAnswer answer) noexcept;
// The stable name of an exercise kind ("breathe", "intention", "wait", "alternative").
std::string_view to_string(ExerciseKind kind) noexcept;

struct ExerciseOutcome {
  int64_t shown_ms = 0;     // the prompt came up (with app: the key of its return)
  int64_t answered_ms = 0;  // it was answered or closed
  AppId app = kNoId;
  CategoryId category = kNoId;
  std::string exercise_id;  // empty: the policy had no exercise to show
  std::string picked;       // intention or alternative: the row picked last (exercise_row_id); empty: none
  ExerciseKind kind = ExerciseKind::breathe;
  ExerciseAnswer answer = ExerciseAnswer::timed_out;
  int64_t decide_ms = 0;  // visible time from shown to answered
};

struct ExerciseReturn {
  AppId app = kNoId;
  int64_t shown_ms = 0;  // the left prompt's ExerciseOutcome::shown_ms
  int64_t at_ms = 0;     // the return, or the end of the watch
  bool returned = false;
};

class ExerciseOutcomes {
 public:
  // After the ladder updated its prompt at `at_ms`: a new prompt opens (one
  // still open ends timed out), a closed one ends timed out.
  void follow(const FrictionPrompt& prompt, const Policy& policy, CategoryId category, int64_t at_ms,
              std::vector<ExerciseOutcome>& out);
  // The wearer answered the open prompt (left or continued): false when none was open.
  bool answer(ExerciseAnswer answer, int64_t at_ms, const FrictionPrompt& prompt, std::vector<ExerciseOutcome>& out);
  // The wearer picked row `row_id` on the open prompt (a later pick replaces it).
  void pick(std::string_view row_id);
  // The host shuts down at `at_ms`: an open prompt ends open_at_finish (the
  // watches stay: the ledger keeps them undecided until the next start).
  void finish(int64_t at_ms, std::vector<ExerciseOutcome>& out);
  // A left at `left_ms` whose 10 minutes are not over, from before this
  // process (the ledger): watched again from now on.
  void resume_watch(AppId app, int64_t shown_ms, int64_t left_ms);
  // Focus came to `app` at `at_ms` (watches ending before it are decided first).
  void on_focus(AppId app, int64_t at_ms, std::vector<ExerciseReturn>& out);
  // Watches whose 10 minutes ended before `at_ms`: not returned.
  void pass_time(int64_t at_ms, std::vector<ExerciseReturn>& out);

 private:
  struct Watch {
    AppId app = kNoId;
    int64_t shown_ms = 0;
    int64_t left_ms = 0;
  };
  void end(ExerciseAnswer answer, int64_t at_ms, int64_t visible_ns, std::vector<ExerciseOutcome>& out);

  bool open_ = false;
  uint32_t serial_ = 0;
  int64_t visible_ns_ = 0;  // the open prompt's visible time when last followed
  ExerciseOutcome current_;
  std::vector<Watch> watches_;  // lefts not decided yet, oldest first
};

}  // namespace tw
