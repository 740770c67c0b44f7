// clock.hpp: the only way time enters Timewall.
//
// What it does: an Instant is one reading of both clocks the core needs:
// monotonic nanoseconds (for durations, deferral bounds, motion settling) and
// Unix wall time in milliseconds (for day boundaries, schedules and the
// ledger). Core logic receives Instants as parameters and never reads a clock.
// What it does not do: read the system clock. SystemClock lives in platform/;
// tests and `timewall replay` drive ManualClock.
//
// Out-of-range and non-monotonic instants (the rule every core entry point,
// Scheduler::tick and Engine::tick/finish, applies; nothing is refused):
// - mono_ns is clamped to [kMinMonoNs, kMaxMonoNs] = [0, 2^62] (146 years of
//   uptime), unix_ms to [kMinUnixMs, kMaxUnixMs] = years 0001..9999 UTC.
// - Instant arithmetic saturates (plus_ns, sat_add, sat_mul), so an instant
//   plus any policy duration never wraps around.
// - An instant whose mono_ns is before the last processed one counts as that
//   last instant, both readings (time never runs backwards in the core).
// - Wall time may jump either way while mono_ns moves on (the clock was set):
//   durations follow mono_ns; the local day and minute follow unix_ms.
//
//   tw::ManualClock clock({.mono_ns = 0, .unix_ms = 1'700'000'000'000});
//   engine.tick(clock.now(), signals);
//   clock.advance_ms(16);
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>

namespace tw {

struct Instant {
  int64_t mono_ns = 0;  // monotonic: never jumps, used for every duration
  int64_t unix_ms = 0;  // wall time, UTC; local time comes from TimeZone
};

inline constexpr int64_t kMinMonoNs = 0;
inline constexpr int64_t kMaxMonoNs = int64_t{1} << 62;
inline constexpr int64_t kMinUnixMs = -62'135'596'800'000;  // 0001-01-01T00:00:00Z
inline constexpr int64_t kMaxUnixMs = 253'402'300'799'999;  // 9999-12-31T23:59:59.999Z

// a + b and a * b, clamped to the int64_t range instead of overflowing.
constexpr int64_t sat_add(int64_t a, int64_t b) {
  int64_t r = 0;
  if (!__builtin_add_overflow(a, b, &r)) return r;
  return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
}
constexpr int64_t sat_mul(int64_t a, int64_t b) {
  int64_t r = 0;
  if (!__builtin_mul_overflow(a, b, &r)) return r;
  return (a < 0) != (b < 0) ? std::numeric_limits<int64_t>::min()
                            : std::numeric_limits<int64_t>::max();
}

// `t` with both readings inside the supported range.
constexpr Instant clamp_instant(Instant t) {
  return {std::clamp(t.mono_ns, kMinMonoNs, kMaxMonoNs), std::clamp(t.unix_ms, kMinUnixMs, kMaxUnixMs)};
}

// Adds a nanosecond duration to both readings, staying in range.
constexpr Instant plus_ns(Instant t, int64_t ns) {
  return clamp_instant({sat_add(t.mono_ns, ns), sat_add(t.unix_ms, ns / 1'000'000)});
}

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

// A clock that moves only when told. Both readings advance together, so the
// monotonic and wall views of a replay stay consistent.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start = {}) : t_(start) {}
  Instant now() const override { return t_; }
  void advance_ms(int64_t ms) {
    t_.mono_ns += ms * 1'000'000;
    t_.unix_ms += ms;
  }
  void set(Instant t) { t_ = t; }

 private:
  Instant t_;
};

}  // namespace tw
