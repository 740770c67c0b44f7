#include "core/replay/replay_driver.hpp"

#include <algorithm>
#include <limits>
#include <vector>

namespace tw {

Status drive_timeline(const Timeline& tl, int64_t cadence_ms, const ReplayTick& tick) {
  if (cadence_ms <= 0) return Error{Errc::invalid_argument, "replay cadence must be > 0 ms"};
  if (tl.records.empty()) return {};
  constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
  const int64_t start = tl.start_unix_ms;
  const int64_t end = std::max(tl.end_unix_ms, tl.records.back().signal.at.unix_ms);
  ManualClock clock({.mono_ns = 0, .unix_ms = start});
  std::vector<Signal> batch;
  size_t next = 0;
  int64_t grid = start;  // the next cadence instant
  int64_t t = start;
  for (;;) {
    batch.clear();
    while (next < tl.records.size() && tl.records[next].signal.at.unix_ms == t)
      batch.push_back(tl.records[next++].signal);
    clock.set({.mono_ns = (t - start) * 1'000'000, .unix_ms = t});
    if (Status s = tick(clock.now(), batch); !s) return s;
    if (t >= end) return {};
    while (grid <= t) grid += cadence_ms;
    const int64_t record_t = next < tl.records.size() ? tl.records[next].signal.at.unix_ms : kNever;
    t = std::min({grid, record_t, end});
  }
}

}  // namespace tw
