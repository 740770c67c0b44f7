#include "common/system_clock.hpp"

#include <chrono>

namespace tw {

Instant SystemClock::now() const {
  using namespace std::chrono;
  const auto mono = steady_clock::now().time_since_epoch();
  const auto wall = system_clock::now().time_since_epoch();
  return {.mono_ns = duration_cast<nanoseconds>(mono).count(),
          .unix_ms = duration_cast<milliseconds>(wall).count()};
}

}  // namespace tw
