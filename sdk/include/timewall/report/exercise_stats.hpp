// exercise_stats.hpp: per friction exercise, what it did over a period:
// how often it ran, its leave rate, the return rate, the median time to
// decide, and the same per ISO week (the trend).
//
// What it does: groups the ledger's friction outcomes (Ledger::
// exercise_outcomes) by exercise id. The leave rate is left / (left +
// continued): a prompt that closed without an answer (timed out) is counted
// as a run but not in the rate, as the exercise picker counts it
// (core/scheduler/exercise_picker.hpp). The return rate is the share of
// decided lefts after which the wearer came back to the app within 10
// minutes. The median time to decide is over answered prompts with a known
// time (the lower middle for an even count). Weeks are ISO 8601 weeks of the
// local day a prompt was shown on. A prompt still up when its host shut
// down (open_at_finish) is a run, counted apart, and not in the rate. On an
// intention or alternative exercise, the rows the wearer picked are counted
// per row (picks: the intention, or the fill item's id).
// What it does not do: read the ledger (report_data.cpp does) or format.
//
//   const auto stats = tw::report::exercise_stats(rows, tz);
//   for (const auto& s : stats) print(s.exercise, s.runs, s.leave_rate());
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/ledger/ledger.hpp"
#include "core/timezone.hpp"

namespace tw::report {

struct ExerciseCounts {
  int64_t runs = 0;
  int64_t left = 0;
  int64_t continued = 0;
  int64_t timed_out = 0;
  int64_t open_at_finish = 0;   // still up when the host shut down
  int64_t returns_decided = 0;  // lefts whose 10 minutes were decided
  int64_t returned = 0;
  // left / (left + continued); -1 when nothing was answered.
  double leave_rate() const;
  // returned / returns_decided; -1 when none was decided.
  double return_rate() const;
};

struct ExerciseWeek {
  int64_t monday = 0;  // local day number of the ISO week's Monday
  ExerciseCounts counts;
};

struct ExerciseStats {
  std::string exercise;  // the id; empty: not recorded (prompts from before ledger schema v9)
  std::string kind;      // "breathe", "intention", "wait", "alternative"; empty likewise
  ExerciseCounts counts;
  int64_t median_decide_ms = -1;  // -1: no answered prompt with a known time
  std::vector<ExerciseWeek> weeks;  // weeks with a run, oldest first
  struct Pick {
    std::string row;  // the intention, or the fill item's id
    int64_t count = 0;
  };
  std::vector<Pick> picks;  // rows picked on its prompts, most picked first, then by row
};

// Most runs first, then by id; the unrecorded group last.
std::vector<ExerciseStats> exercise_stats(const std::vector<ExerciseOutcomeRow>& rows, const TimeZone& tz);

// "2026-W48": the ISO 8601 week of the week starting on local day `monday`.
std::string iso_week_text(int64_t monday);

}  // namespace tw::report
