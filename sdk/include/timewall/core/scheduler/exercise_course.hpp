// exercise_course.hpp: how long a friction exercise runs before "continue
// anyway" unlocks, and where a breathe pacer is at a moment.
//
// What it does: pure functions of the policy and of the visible time the
// prompt has been up (a parameter; nothing here reads a clock). A breathe
// exercise runs breaths x (4 s in + 6 s out); a wait exercise wait_s; an
// intention or alternative none of its own: it has run its course once the
// wearer picked one of its rows (an intention, or a fill item instead; at
// most kMaxExerciseRows, the first ones in the policy). The prompt unlocks at
// the longer of the course and the policy's friction pause_s, and for a pick
// exercise only once a row was picked.
// What it does not do: count visible time (BudgetLadder does), draw the
// pacer (sdk/render/panel_ui does), or answer the prompt.
//
//   const int64_t unlock_ms = tw::unlock_after_ms(policy, overlay.exercise);
//   const bool pick = tw::exercise_rows(policy, overlay.exercise) > 0;  // continue waits for a pick
//   const tw::BreathPhase b = tw::breath_phase(overlay.exercise_ms, 3);
//   // b.inhale: "breathe in"; b.size in [0, 1] is the pacer's size
#pragma once

#include <cstdint>
#include <string_view>

#include "core/policy.hpp"

namespace tw {

inline constexpr int64_t kBreathInMs = 4'000;
inline constexpr int64_t kBreathOutMs = 6'000;
inline constexpr int64_t kBreathMs = kBreathInMs + kBreathOutMs;

// A friction prompt offers at most this many rows to pick.
inline constexpr int32_t kMaxExerciseRows = 4;

// The exercise's own course: breathe and wait take time, the others none.
int64_t exercise_course_ms(const Exercise& exercise);

// Visible time after which "continue anyway" unlocks on a prompt showing
// exercise `index` of the policy (-1 or out of range: pause_s alone).
int64_t unlock_after_ms(const Policy& policy, int32_t index);

// The rows a prompt showing exercise `index` offers to pick: the first
// kMaxExerciseRows intentions (intention) or fill items (alternative); 0 for
// the other kinds and for an index out of range.
int32_t exercise_rows(const Policy& policy, int32_t index);
// What row `row` of that exercise names: the intention's text, or the fill
// item's id (text: its title); empty when out of range.
std::string_view exercise_row_id(const Policy& policy, int32_t index, int32_t row);
std::string_view exercise_row_text(const Policy& policy, int32_t index, int32_t row);

struct BreathPhase {
  int32_t breath = 0;   // 0-based breath being paced; == breaths once done
  bool inhale = true;   // growing (4 s) or shrinking (6 s)
  double size = 0.0;    // the pacer, 0 (empty lungs) .. 1 (full)
  bool done = false;    // every breath paced
};

// Where a pacer of `breaths` breaths stands `elapsed_ms` into the exercise.
BreathPhase breath_phase(int64_t elapsed_ms, int32_t breaths);

}  // namespace tw
