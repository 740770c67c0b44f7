#include "core/scheduler/exercise_course.hpp"

#include <algorithm>

#include "core/clock.hpp"

namespace tw {

int64_t exercise_course_ms(const Exercise& exercise) {
  switch (exercise.kind) {
    case ExerciseKind::breathe: return sat_mul(std::max<int64_t>(exercise.breaths, 0), kBreathMs);
    case ExerciseKind::wait: return sat_mul(std::max<int64_t>(exercise.wait_s, 0), 1'000);
    case ExerciseKind::intention:
    case ExerciseKind::alternative: return 0;
  }
  return 0;
}

int64_t unlock_after_ms(const Policy& policy, int32_t index) {
  const int64_t pause_ms = sat_mul(policy.friction.pause_s, 1'000);
  const auto& list = policy.friction.exercises;
  if (index < 0 || static_cast<std::size_t>(index) >= list.size()) return pause_ms;
  return std::max(pause_ms, exercise_course_ms(list[static_cast<std::size_t>(index)]));
}

namespace {
const Exercise* exercise_at(const Policy& policy, int32_t index) {
  const auto& list = policy.friction.exercises;
  if (index < 0 || static_cast<std::size_t>(index) >= list.size()) return nullptr;
  return &list[static_cast<std::size_t>(index)];
}
}  // namespace

int32_t exercise_rows(const Policy& policy, int32_t index) {
  const Exercise* e = exercise_at(policy, index);
  if (!e) return 0;
  std::size_t n = 0;
  if (e->kind == ExerciseKind::intention) n = policy.friction.intentions.size();
  else if (e->kind == ExerciseKind::alternative) n = policy.idle.items.size();
  return static_cast<int32_t>(std::min<std::size_t>(n, kMaxExerciseRows));
}

std::string_view exercise_row_id(const Policy& policy, int32_t index, int32_t row) {
  if (row < 0 || row >= exercise_rows(policy, index)) return {};
  const auto r = static_cast<std::size_t>(row);
  if (exercise_at(policy, index)->kind == ExerciseKind::intention) return policy.friction.intentions[r];
  return policy.idle.items[r].id;
}

std::string_view exercise_row_text(const Policy& policy, int32_t index, int32_t row) {
  if (row < 0 || row >= exercise_rows(policy, index)) return {};
  const auto r = static_cast<std::size_t>(row);
  if (exercise_at(policy, index)->kind == ExerciseKind::intention) return policy.friction.intentions[r];
  return policy.idle.items[r].title;
}

BreathPhase breath_phase(int64_t elapsed_ms, int32_t breaths) {
  BreathPhase b;
  const int64_t t = std::max<int64_t>(elapsed_ms, 0);
  if (breaths <= 0 || t >= sat_mul(breaths, kBreathMs)) {
    b.breath = std::max(breaths, 0);
    b.inhale = false;
    b.done = true;
    return b;
  }
  b.breath = static_cast<int32_t>(t / kBreathMs);
  const int64_t in_breath = t % kBreathMs;
  b.inhale = in_breath < kBreathInMs;
  b.size = b.inhale ? static_cast<double>(in_breath) / kBreathInMs
                    : 1.0 - static_cast<double>(in_breath - kBreathInMs) / kBreathOutMs;
  return b;
}

}  // namespace tw
