// protected_windows.hpp: the times the wearer protected: sleep, focus and
// schedule windows (with the wind-down before sleep), reclaimed time after a
// task finished early, and youth mode's night and daily cap.
//
// What it does: interns the categories and apps those rules name, tracks
// which windows and whether youth night hold at the local minute, answers
// which of them blocks or adds friction to a category, counts down the
// wind-down, and finds the next instant a window, wind-down or youth-night
// edge (or a DST change before it) can change the output, cached per UTC
// minute so a steady-state tick makes no TimeZone call.
// What it does not do: read a clock, decide the order of restrictions (the
// Scheduler's gate does), or emit decisions.
//
//   tw::ProtectedWindows w;
//   w.set_policy(policy, apps, categories);
//   w.update(policy, calendar.weekday(), calendar.minute_of_day());
//   if (tw::WindowHit hit = w.blocking(policy, category); hit.window >= 0) shield(hit.reason);
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/clock.hpp"
#include "core/interner.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "core/scheduler/local_calendar.hpp"

namespace tw {

Reason window_reason(WindowKind kind);

// A window that applies: its index in Policy::windows and its reason; -1 and
// Reason::none when none does.
struct WindowHit {
  int32_t window = -1;
  Reason reason = Reason::none;
};

class ProtectedWindows {
 public:
  // Interns, in this order, each window's block then friction categories,
  // the youth allow list and the reclaim categories; finds the local
  // minutes of every edge.
  void set_policy(const Policy& policy, Interner& apps, Interner& categories);
  // Which windows hold, and whether it is youth night, at a local minute.
  void update(const Policy& policy, int weekday, int minute);

  bool any_active() const;
  WindowHit first_active(const Policy& policy) const;
  WindowHit blocking(const Policy& policy, CategoryId category) const;
  WindowHit adding_friction(const Policy& policy, CategoryId category) const;

  bool youth_night() const { return youth_night_; }
  bool youth_allowed(AppId app) const;
  // Youth mode's block on an app not on the allow list: youth_night,
  // youth_daily_cap (all apps' attended time today), or Reason::none.
  Reason youth_block(const Policy& policy, AppId app, int64_t day_total_ns) const;

  // A task done before its planned end: its categories stay blocked until then.
  void reclaim(int64_t planned_end_unix_ms, int64_t now_unix_ms);
  bool reclaim_active(Instant t) const { return t.unix_ms < reclaim_until_ms_; }
  bool reclaimed(CategoryId category) const;
  int64_t reclaim_until_ms() const { return reclaim_until_ms_; }

  // The sleep windows with a wind-down (indices into Policy::windows).
  std::span<const int32_t> wind_down_windows() const { return wind_down_windows_; }
  // Wind-down before sleep window `w` (one of wind_down_windows()): the
  // countdown in seconds when it is on at the calendar's local time, else
  // -1. Marks a countdown as shown.
  int64_t wind_down_countdown_s(const Policy& policy, int32_t w, const LocalCalendar& calendar);
  // Forget which countdowns were shown (a new overlay set is being built).
  void clear_shown() { wind_down_shown_ = false; }
  bool wind_down_shown() const { return wind_down_shown_; }

  bool has_edges() const { return !edge_minutes_.empty(); }
  // The first instant after `from_ms` at a window, wind-down or youth-night
  // edge; a DST change before it comes first.
  int64_t next_edge_ms(const LocalCalendar& calendar, int64_t from_ms);

 private:
  struct WindowCategories {
    std::vector<CategoryId> block;
    std::vector<CategoryId> friction;
  };
  std::vector<WindowCategories> windows_;
  std::vector<uint8_t> active_;
  std::vector<int32_t> wind_down_windows_;
  bool youth_night_ = false;
  std::vector<AppId> youth_allow_;
  std::vector<CategoryId> reclaim_categories_;
  int64_t reclaim_until_ms_ = 0;
  bool wind_down_shown_ = false;   // a wind-down countdown is up: its minute is displayed
  std::vector<int> edge_minutes_;  // local minutes where a window, wind-down or youth night edge is
  int64_t edge_cache_minute_ = 0;  // UTC minute next_edge_ms last answered for ...
  int64_t edge_cache_ms_ = 0;      // ... and its answer
};

}  // namespace tw
