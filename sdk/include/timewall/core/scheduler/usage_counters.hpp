// usage_counters.hpp: attended nanoseconds per app and category, this local
// day and this local week.
//
// What it does: dense arrays indexed by AppId / CategoryId, so adding time
// on the tick path is an index and an add. Arrays grow only when a new id
// appears (the first tick that sees an app), never in steady state.
// What it does not do: know when a day ends; the scheduler calls reset_day()
// and reset_week() at local midnight and local Monday 00:00.
//
//   usage.add(app, category, 1'000'000'000);
//   int64_t s = usage.app_ns(tw::BudgetPeriod::daily, app) / 1'000'000'000;
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/interner.hpp"
#include "core/policy.hpp"

namespace tw {

class UsageCounters {
 public:
  void reserve(size_t apps, size_t categories);
  void add(AppId app, CategoryId category, int64_t ns);
  // Time from before this process: `day_ns` today, `week_ns` (today included) this week.
  void seed(AppId app, CategoryId category, int64_t day_ns, int64_t week_ns);
  void reset_day();
  void reset_week();
  // After a policy swap moved apps between categories: category totals are
  // rebuilt from the per-app totals, which never change meaning.
  void rebuild_categories(std::span<const CategoryId> app_category, CategoryId fallback);

  int64_t app_ns(BudgetPeriod period, AppId app) const;
  int64_t category_ns(BudgetPeriod period, CategoryId category) const;
  int64_t day_total_ns() const { return day_total_ns_; }
  int64_t week_total_ns() const { return week_total_ns_; }

 private:
  std::vector<int64_t> app_day_, app_week_, cat_day_, cat_week_;
  int64_t day_total_ns_ = 0;
  int64_t week_total_ns_ = 0;
};

}  // namespace tw
