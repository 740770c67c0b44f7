#include "core/scheduler/daily_summary.hpp"

#include "core/cost.hpp"

namespace tw {

void DailySummary::day_ended(int64_t attended_ns, double hourly_value) {
  wanted_ = true;
  seen_ = false;
  used_s_ = attended_ns / 1'000'000'000;
  cost_ = attended_cost(attended_ns, hourly_value);
}

Overlay DailySummary::overlay() const {
  Overlay o;
  o.kind = OverlayKind::daily_summary;
  o.reason = Reason::day_end_summary;
  o.used_s = used_s_;
  o.cost_today = cost_;
  return o;
}

}  // namespace tw
