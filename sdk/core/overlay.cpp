#include "core/overlay.hpp"

namespace tw {

std::string_view to_string(OverlayKind kind) noexcept {
  switch (kind) {
    case OverlayKind::budget_ring: return "budget_ring";
    case OverlayKind::protect_indicator: return "protect_indicator";
    case OverlayKind::warning: return "warning";
    case OverlayKind::friction_prompt: return "friction_prompt";
    case OverlayKind::block_shield: return "block_shield";
    case OverlayKind::fill_card: return "fill_card";
    case OverlayKind::wind_down: return "wind_down";
    case OverlayKind::daily_summary: return "daily_summary";
    case OverlayKind::nudge: return "nudge";
  }
  return "unknown";
}

std::string_view to_string(DecisionKind kind) noexcept {
  switch (kind) {
    case DecisionKind::show: return "show";
    case DecisionKind::update: return "update";
    case DecisionKind::hide: return "hide";
    case DecisionKind::defer: return "defer";
    case DecisionKind::deliver: return "deliver";
    case DecisionKind::fill: return "fill";
    case DecisionKind::protect: return "protect";
    case DecisionKind::extend: return "extend";
    case DecisionKind::deny: return "deny";
    case DecisionKind::state: return "state";
    case DecisionKind::answer: return "answer";
  }
  return "unknown";
}

std::string_view to_string(Answer answer) noexcept {
  switch (answer) {
    case Answer::none: return "none";
    case Answer::continue_anyway: return "continue_anyway";
    case Answer::prompt_leave: return "prompt_leave";
    case Answer::block_leave: return "block_leave";
    case Answer::block_extend: return "block_extend";
    case Answer::nudge_dismiss: return "nudge_dismiss";
    case Answer::fill_dismiss: return "fill_dismiss";
    case Answer::exercise_pick: return "exercise_pick";
  }
  return "unknown";
}

}  // namespace tw
