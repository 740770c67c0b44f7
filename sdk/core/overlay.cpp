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
  }
  return "unknown";
}

}  // namespace tw
