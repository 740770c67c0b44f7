// clock.hpp: the only way time enters Timewall.
//
// What it does: an Instant is one reading of both clocks the core needs:
// monotonic nanoseconds (for durations, deferral bounds, motion settling) and
// Unix wall time in milliseconds (for day boundaries, schedules and the
// ledger). Core logic receives Instants as parameters and never reads a clock.
// What it does not do: read the system clock. SystemClock lives in platform/;
// tests and `timewall replay` drive ManualClock.
//
//   tw::ManualClock clock({.mono_ns = 0, .unix_ms = 1'700'000'000'000});
//   engine.tick(clock.now(), signals);
//   clock.advance_ms(16);
#pragma once

#include <cstdint>

namespace tw {

struct Instant {
  int64_t mono_ns = 0;  // monotonic: never jumps, used for every duration
  int64_t unix_ms = 0;  // wall time, UTC; local time comes from TimeZone
};

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
