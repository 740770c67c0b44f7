// sim_clock.hpp: the simulator's time control over an injected ManualClock.
//
// What it does: advances a tw::ManualClock by real frame seconds times the
// chosen speed (paused, 1x, 60x, 600x), carrying sub-millisecond remainders
// so nothing drifts, and jumps forward to a local time of day (the next
// occurrence, so monotonic time never runs backwards). Local time comes from
// the policy's TimeZone. Everything in the simulation reads this clock; wall
// time only enters as the real frame duration.
// What it does not do: read any clock itself.
//
//   tw::sim::SimClock clock({.mono_ns = 0, .unix_ms = start_ms}, tz);
//   clock.set_speed(tw::sim::Speed::x60);
//   clock.advance_real(frame_dt_s);      // 16 ms of real time = ~1 s simulated
//   clock.jump_to(22 * 60);              // the next 22:00, local
#pragma once

#include <cstdint>
#include <string_view>

#include "core/clock.hpp"
#include "core/timezone.hpp"

namespace tw::sim {

enum class Speed : uint8_t { paused, x1, x60, x600 };
double factor(Speed s) noexcept;
std::string_view to_string(Speed s) noexcept;

class SimClock {
 public:
  SimClock(Instant start, TimeZone tz) : clock_(start), tz_(std::move(tz)) {}

  // Advances by real_dt_s * speed (negative or non-finite dt counts as 0);
  // returns the simulated milliseconds advanced.
  int64_t advance_real(double real_dt_s);
  // Advances by exactly `ms` simulated milliseconds (>= 0), whatever the speed.
  void advance_ms(int64_t ms);
  // Jumps to the next local `minute_of_day` (0..1439) strictly after now.
  // Returns the milliseconds skipped.
  int64_t jump_to(int minute_of_day);

  void set_speed(Speed s) noexcept { speed_ = s; }
  Speed speed() const noexcept { return speed_; }
  Instant now() const noexcept { return clock_.now(); }
  const Clock& clock() const noexcept { return clock_; }
  const TimeZone& zone() const noexcept { return tz_; }
  void set_zone(TimeZone tz) { tz_ = std::move(tz); }
  CivilTime local() const;

 private:
  ManualClock clock_;
  TimeZone tz_;
  Speed speed_ = Speed::x1;
  double carry_ms_ = 0.0;
};

// "HH:MM" -> minute of day; -1 when malformed.
int parse_hh_mm(std::string_view s) noexcept;

}  // namespace tw::sim
