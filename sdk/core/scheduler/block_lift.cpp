#include "core/scheduler/block_lift.hpp"

namespace tw {

BlockLift block_lift(const Overlay& o, const Policy& policy) noexcept {
  if (o.kind != OverlayKind::block_shield) return {};
  switch (o.reason) {
    case Reason::youth_night: return {LiftKind::at_minute, policy.youth.night_end % 1440};
    case Reason::youth_daily_cap: return {LiftKind::day_reset, 0};
    default: break;
  }
  if (o.window >= 0 && static_cast<size_t>(o.window) < policy.windows.size())
    return {LiftKind::at_minute, policy.windows[static_cast<size_t>(o.window)].end % 1440};
  if (o.reason == Reason::budget_reached && o.budget >= 0 && static_cast<size_t>(o.budget) < policy.budgets.size())
    return {policy.budgets[static_cast<size_t>(o.budget)].period == BudgetPeriod::weekly ? LiftKind::week_reset
                                                                                        : LiftKind::day_reset,
            0};
  return {};
}

}  // namespace tw
