// replay_driver.hpp: turns a Timeline into the ticks of a simulated clock.
//
// What it does: walks a ManualClock from the timeline's first record to its
// end and calls `tick` once per instant that needs one: at every record time
// (all records stamped with that same instant in one batch, in file order)
// and on a fixed cadence between records (start + k * cadence_ms), so
// time-driven decisions (deferral bounds, friction countdowns, away, window
// starts) fire on time even when no signal arrives. The last tick is at
// Timeline::end_unix_ms. Ticks are strictly increasing. A notification
// record's time is a tick too; `notify` admits it just before that tick.
// What it does not do: know the engine. The caller's `tick` runs it and may
// stop the replay by returning an error, which drive_timeline returns.
//
//   tw::Status s = tw::drive_timeline(timeline, 1000,
//       [&](tw::Instant now, std::span<const tw::Signal> batch) -> tw::Status {
//         const auto& out = engine.tick(now, batch);
//         return write(out.decisions);
//       });
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "core/clock.hpp"
#include "core/replay/timeline.hpp"
#include "core/result.hpp"
#include "core/signals.hpp"

namespace tw {

using ReplayTick = std::function<Status(Instant now, std::span<const Signal> batch)>;
// Admits one of Timeline::notifications, just before the tick at its time.
using ReplayNotify = std::function<Status(Instant now, const TimelineNotification& n)>;

// cadence_ms must be > 0. Returns the first error `tick` or `notify`
// returned, if any. A timeline with notification records needs `notify`:
// without it the replay is refused (invalid_argument) rather than run as if
// they were not there.
Status drive_timeline(const Timeline& timeline, int64_t cadence_ms, const ReplayTick& tick,
                      const ReplayNotify& notify = {});

}  // namespace tw
