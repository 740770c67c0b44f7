// system_clock.hpp: the one place the SDK reads the real clocks.
//
// What it does: SystemClock::now() reads CLOCK_MONOTONIC and the Unix wall
// clock into a tw::Instant for platform code (OpenXR binding, API layer,
// simulator), which then passes it into the core.
// What it does not do: get used by sdk/core, which only receives Instants.
//
//   tw::SystemClock clock;
//   engine.tick(clock.now(), signals);
#pragma once

#include "core/clock.hpp"

namespace tw {

class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

}  // namespace tw
