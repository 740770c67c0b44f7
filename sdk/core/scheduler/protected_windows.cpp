#include "core/scheduler/protected_windows.hpp"

#include <algorithm>
#include <limits>

#include "core/civil_days.hpp"
#include "core/scheduler/time_rules.hpp"

namespace tw {
namespace {

bool contains(const std::vector<uint32_t>& v, uint32_t id) { return std::find(v.begin(), v.end(), id) != v.end(); }

}  // namespace

Reason window_reason(WindowKind k) {
  switch (k) {
    case WindowKind::sleep: return Reason::sleep_window;
    case WindowKind::focus: return Reason::focus_window;
    case WindowKind::schedule: return Reason::schedule_window;
  }
  return Reason::schedule_window;
}

void ProtectedWindows::set_policy(const Policy& policy, Interner& apps, Interner& categories) {
  windows_.assign(policy.windows.size(), WindowCategories{});
  active_.assign(policy.windows.size(), 0);
  for (size_t i = 0; i < policy.windows.size(); ++i) {
    for (const auto& c : policy.windows[i].block_categories) windows_[i].block.push_back(categories.intern(c));
    for (const auto& c : policy.windows[i].friction_categories) windows_[i].friction.push_back(categories.intern(c));
  }
  youth_allow_.clear();
  for (const auto& a : policy.youth.allow) youth_allow_.push_back(apps.intern(a));
  // Local minutes at which a window, a wind-down or youth night starts or ends.
  edge_minutes_.clear();
  auto edge = [&](int m) {
    m = ((m % 1440) + 1440) % 1440;
    if (std::find(edge_minutes_.begin(), edge_minutes_.end(), m) == edge_minutes_.end()) edge_minutes_.push_back(m);
  };
  wind_down_windows_.clear();
  for (size_t i = 0; i < policy.windows.size(); ++i)
    if (policy.windows[i].kind == WindowKind::sleep && policy.windows[i].wind_down_min > 0)
      wind_down_windows_.push_back(static_cast<int32_t>(i));
  for (const ProtectedWindow& w : policy.windows) {
    edge(w.start);
    edge(w.end);
    if (w.kind == WindowKind::sleep && w.wind_down_min > 0) edge(w.start - w.wind_down_min);
  }
  if (policy.youth.enabled) {
    edge(policy.youth.night_start);
    edge(policy.youth.night_end);
  }
  edge_cache_minute_ = std::numeric_limits<int64_t>::min();
  reclaim_categories_.clear();
  for (const auto& c : policy.reclaim.protect_categories) reclaim_categories_.push_back(categories.intern(c));
}

void ProtectedWindows::update(const Policy& policy, int weekday, int minute) {
  for (size_t w = 0; w < windows_.size(); ++w) {
    const ProtectedWindow& pw = policy.windows[w];
    active_[w] = in_weekly_range(pw.days, pw.start, pw.end, weekday, minute) ? 1 : 0;
  }
  youth_night_ = policy.youth.enabled &&
                 in_weekly_range(kEveryDay, policy.youth.night_start, policy.youth.night_end, weekday, minute);
}

bool ProtectedWindows::any_active() const { return std::find(active_.begin(), active_.end(), 1) != active_.end(); }

WindowHit ProtectedWindows::first_active(const Policy& policy) const {
  for (size_t w = 0; w < windows_.size(); ++w)
    if (active_[w]) return {static_cast<int32_t>(w), window_reason(policy.windows[w].kind)};
  return {};
}

WindowHit ProtectedWindows::blocking(const Policy& policy, CategoryId category) const {
  for (size_t w = 0; w < windows_.size(); ++w)
    if (active_[w] && contains(windows_[w].block, category))
      return {static_cast<int32_t>(w), window_reason(policy.windows[w].kind)};
  return {};
}

WindowHit ProtectedWindows::adding_friction(const Policy& policy, CategoryId category) const {
  for (size_t w = 0; w < windows_.size(); ++w)
    if (active_[w] && contains(windows_[w].friction, category))
      return {static_cast<int32_t>(w), window_reason(policy.windows[w].kind)};
  return {};
}

bool ProtectedWindows::youth_allowed(AppId app) const { return contains(youth_allow_, app); }

Reason ProtectedWindows::youth_block(const Policy& policy, AppId app, int64_t day_total_ns) const {
  if (!policy.youth.enabled || youth_allowed(app)) return Reason::none;
  if (youth_night_) return Reason::youth_night;
  if (day_total_ns >= policy.youth.daily_cap_s * 1'000'000'000) return Reason::youth_daily_cap;
  return Reason::none;
}

void ProtectedWindows::reclaim(int64_t planned_end_unix_ms, int64_t now_unix_ms) {
  if (planned_end_unix_ms > now_unix_ms) reclaim_until_ms_ = std::max(reclaim_until_ms_, planned_end_unix_ms);
}

bool ProtectedWindows::reclaimed(CategoryId category) const { return contains(reclaim_categories_, category); }

int64_t ProtectedWindows::wind_down_countdown_s(const Policy& policy, int32_t w, const LocalCalendar& calendar) {
  const ProtectedWindow& pw = policy.windows[w];
  const int until_min = minutes_until_start(pw.days, pw.start, calendar.weekday(), calendar.minute_of_day());
  if (until_min > pw.wind_down_min) return -1;
  wind_down_shown_ = true;
  return until_min * 60 - calendar.second_of_minute();
}

// Cached per UTC minute, so a steady-state tick makes no TimeZone call; the
// local minute is found again from a DST change.
int64_t ProtectedWindows::next_edge_ms(const LocalCalendar& calendar, int64_t from_ms) {
  const int64_t minute = floor_div(from_ms, 60'000);
  if (minute == edge_cache_minute_) return edge_cache_ms_;
  const int m = calendar.minute_of_day();
  int delta = 1440;
  for (const int e : edge_minutes_) {
    const int d = (e - m + 1440) % 1440;
    delta = std::min(delta, d == 0 ? 1440 : d);
  }
  int64_t edge_ms = (minute + delta) * 60'000;
  const TimeZone& tz = calendar.zone();
  const int64_t from_s = floor_div(from_ms, 1000);
  const int32_t offset = tz.utc_offset_s(from_s);
  if (tz.utc_offset_s(edge_ms / 1000) != offset) {
    // The offset changes in (from_s, edge]: stop at the change instead.
    int64_t lo = from_s, hi = edge_ms / 1000;
    while (hi - lo > 1) {
      const int64_t mid = lo + (hi - lo) / 2;
      (tz.utc_offset_s(mid) == offset ? lo : hi) = mid;
    }
    edge_ms = hi * 1000;
  }
  edge_cache_minute_ = minute;
  edge_cache_ms_ = edge_ms;
  return edge_ms;
}

}  // namespace tw
