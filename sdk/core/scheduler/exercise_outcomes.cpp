#include "core/scheduler/exercise_outcomes.hpp"

#include <algorithm>

namespace tw {

std::string_view to_string(ExerciseAnswer answer) noexcept {
  switch (answer) {
    case ExerciseAnswer::left: return "left";
    case ExerciseAnswer::continued: return "continued";
    case ExerciseAnswer::timed_out: return "timed_out";
    case ExerciseAnswer::open_at_finish: return "open_at_finish";
  }
  return "timed_out";
}

std::string_view to_string(ExerciseKind kind) noexcept {
  switch (kind) {
    case ExerciseKind::breathe: return "breathe";
    case ExerciseKind::intention: return "intention";
    case ExerciseKind::wait: return "wait";
    case ExerciseKind::alternative: return "alternative";
  }
  return "breathe";
}

void ExerciseOutcomes::end(ExerciseAnswer answer, int64_t at_ms, int64_t visible_ns,
                           std::vector<ExerciseOutcome>& out) {
  open_ = false;
  current_.answer = answer;
  current_.answered_ms = at_ms;
  current_.decide_ms = std::max<int64_t>(0, visible_ns / 1'000'000);
  out.push_back(current_);
  if (answer == ExerciseAnswer::left)
    watches_.push_back({.app = current_.app, .shown_ms = current_.shown_ms, .left_ms = at_ms});
}

void ExerciseOutcomes::follow(const FrictionPrompt& prompt, const Policy& policy, CategoryId category, int64_t at_ms,
                              std::vector<ExerciseOutcome>& out) {
  const bool same = open_ && prompt.serial == serial_;
  if (same && prompt.active) {
    visible_ns_ = prompt.shown_ns;
    return;
  }
  // Closed without an answer; when replaced, the old prompt's last visible time.
  if (open_) end(ExerciseAnswer::timed_out, at_ms, same ? prompt.shown_ns : visible_ns_, out);
  if (!prompt.active || prompt.serial == serial_) return;
  open_ = true;
  serial_ = prompt.serial;
  visible_ns_ = prompt.shown_ns;
  current_ = ExerciseOutcome{};
  current_.shown_ms = at_ms;
  current_.app = prompt.app;
  current_.category = category;
  const auto& list = policy.friction.exercises;
  if (prompt.exercise >= 0 && prompt.exercise < static_cast<int32_t>(list.size())) {
    current_.exercise_id = list[static_cast<size_t>(prompt.exercise)].id;
    current_.kind = list[static_cast<size_t>(prompt.exercise)].kind;
  }
}

bool ExerciseOutcomes::answer(ExerciseAnswer answer, int64_t at_ms, const FrictionPrompt& prompt,
                              std::vector<ExerciseOutcome>& out) {
  if (!open_ || prompt.serial != serial_) return false;
  end(answer, at_ms, prompt.shown_ns, out);
  return true;
}

void ExerciseOutcomes::pick(std::string_view row_id) {
  if (open_) current_.picked.assign(row_id);
}

void ExerciseOutcomes::finish(int64_t at_ms, std::vector<ExerciseOutcome>& out) {
  if (open_) end(ExerciseAnswer::open_at_finish, at_ms, visible_ns_, out);
}

void ExerciseOutcomes::resume_watch(AppId app, int64_t shown_ms, int64_t left_ms) {
  for (const Watch& w : watches_)
    if (w.app == app && w.shown_ms == shown_ms) return;
  watches_.push_back({.app = app, .shown_ms = shown_ms, .left_ms = left_ms});
}

void ExerciseOutcomes::pass_time(int64_t at_ms, std::vector<ExerciseReturn>& out) {
  std::erase_if(watches_, [&](const Watch& w) {
    const int64_t end_ms = w.left_ms + kReturnWindowMs;
    if (end_ms >= at_ms) return false;
    out.push_back({.app = w.app, .shown_ms = w.shown_ms, .at_ms = end_ms, .returned = false});
    return true;
  });
}

void ExerciseOutcomes::on_focus(AppId app, int64_t at_ms, std::vector<ExerciseReturn>& out) {
  pass_time(at_ms, out);
  std::erase_if(watches_, [&](const Watch& w) {
    if (w.app != app || at_ms <= w.left_ms) return false;
    out.push_back({.app = w.app, .shown_ms = w.shown_ms, .at_ms = at_ms, .returned = true});
    return true;
  });
}

}  // namespace tw
