#include "core/scheduler/usage_counters.hpp"

#include <algorithm>

namespace tw {
namespace {

int64_t at(const std::vector<int64_t>& v, uint32_t id) { return id < v.size() ? v[id] : 0; }

void grow(std::vector<int64_t>& v, uint32_t id) {
  if (id >= v.size()) v.resize(id + 1, 0);
}

}  // namespace

void UsageCounters::reserve(size_t apps, size_t categories) {
  app_day_.reserve(apps);
  app_week_.reserve(apps);
  cat_day_.reserve(categories);
  cat_week_.reserve(categories);
}

void UsageCounters::add(AppId app, CategoryId category, int64_t ns) {
  if (ns <= 0 || app == kNoId) return;
  grow(app_day_, app);
  grow(app_week_, app);
  app_day_[app] += ns;
  app_week_[app] += ns;
  if (category != kNoId) {
    grow(cat_day_, category);
    grow(cat_week_, category);
    cat_day_[category] += ns;
    cat_week_[category] += ns;
  }
  day_total_ns_ += ns;
  week_total_ns_ += ns;
}

void UsageCounters::seed(AppId app, CategoryId category, int64_t day_ns, int64_t week_ns) {
  add(app, category, day_ns);
  const int64_t earlier_ns = week_ns - day_ns;  // this week, before today
  if (earlier_ns <= 0 || app == kNoId) return;
  app_week_[app] += earlier_ns;
  if (category != kNoId) {
    grow(cat_week_, category);
    cat_week_[category] += earlier_ns;
  }
  week_total_ns_ += earlier_ns;
}

void UsageCounters::reset_day() {
  std::fill(app_day_.begin(), app_day_.end(), 0);
  std::fill(cat_day_.begin(), cat_day_.end(), 0);
  day_total_ns_ = 0;
}

void UsageCounters::reset_week() {
  std::fill(app_week_.begin(), app_week_.end(), 0);
  std::fill(cat_week_.begin(), cat_week_.end(), 0);
  week_total_ns_ = 0;
}

void UsageCounters::rebuild_categories(std::span<const CategoryId> app_category,
                                       CategoryId fallback) {
  std::fill(cat_day_.begin(), cat_day_.end(), 0);
  std::fill(cat_week_.begin(), cat_week_.end(), 0);
  for (uint32_t app = 0; app < app_day_.size(); ++app) {
    const CategoryId c = app < app_category.size() ? app_category[app] : fallback;
    if (c == kNoId) continue;
    grow(cat_day_, c);
    grow(cat_week_, c);
    cat_day_[c] += app_day_[app];
    cat_week_[c] += at(app_week_, app);
  }
}

int64_t UsageCounters::app_ns(BudgetPeriod period, AppId app) const {
  return at(period == BudgetPeriod::daily ? app_day_ : app_week_, app);
}

int64_t UsageCounters::category_ns(BudgetPeriod period, CategoryId category) const {
  return at(period == BudgetPeriod::daily ? cat_day_ : cat_week_, category);
}

}  // namespace tw
