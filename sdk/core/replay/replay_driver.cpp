#include "core/replay/replay_driver.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

namespace tw {

Status drive_timeline(const Timeline& tl, int64_t cadence_ms, const ReplayTick& tick, const ReplayNotify& notify) {
  if (cadence_ms <= 0) return Error{Errc::invalid_argument, "replay cadence must be > 0 ms"};
  if (!tl.notifications.empty() && !notify)
    return Error{Errc::invalid_argument, "the timeline has notification records (line " +
                                             std::to_string(tl.notifications.front().line) +
                                             ") and this replay takes none"};
  if (tl.records.empty()) return {};
  constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
  const int64_t start = tl.start_unix_ms;
  int64_t end = std::max(tl.end_unix_ms, tl.records.back().signal.at.unix_ms);
  if (!tl.notifications.empty()) end = std::max(end, tl.notifications.back().at.unix_ms);
  ManualClock clock({.mono_ns = 0, .unix_ms = start});
  std::vector<Signal> batch;
  size_t next = 0, next_note = 0;
  int64_t grid = start;  // the next cadence instant
  int64_t t = start;
  for (;;) {
    batch.clear();
    while (next < tl.records.size() && tl.records[next].signal.at.unix_ms == t)
      batch.push_back(tl.records[next++].signal);
    clock.set({.mono_ns = (t - start) * 1'000'000, .unix_ms = t});
    for (; next_note < tl.notifications.size() && tl.notifications[next_note].at.unix_ms == t; ++next_note)
      if (Status s = notify(clock.now(), tl.notifications[next_note]); !s) return s;
    if (Status s = tick(clock.now(), batch); !s) return s;
    if (t >= end) return {};
    while (grid <= t) grid += cadence_ms;
    const int64_t record_t = next < tl.records.size() ? tl.records[next].signal.at.unix_ms : kNever;
    const int64_t note_t = next_note < tl.notifications.size() ? tl.notifications[next_note].at.unix_ms : kNever;
    t = std::min({grid, record_t, note_t, end});
  }
}

}  // namespace tw
