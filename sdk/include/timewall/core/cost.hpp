// cost.hpp: what attended time is worth at the wearer's hourly value.
//
// What it does: the one formula from attended time to money, in the policy's
// currency. The scheduler (the ring's cost today, the daily summary), the
// engine's day report (and so the C ABI) and the CLI's reports all use it,
// so they show the same amount for the same time.
// What it does not do: round or format (a panel rounds what it shows,
// sdk/render/panel_content.cpp; reports round to cents).
//
//   double worth = tw::attended_cost(attended_ns, policy.time_value.hourly_value);
//   double today = tw::attended_cost_ms(row.attended_ms, hourly);  // ledger rows are ms
#pragma once

#include <cstdint>

#include "core/clock.hpp"

namespace tw {

inline constexpr int64_t kNsPerHour = 3'600'000'000'000;

// `attended_ns` of attention at `hourly` per hour.
constexpr double attended_cost(int64_t attended_ns, double hourly) noexcept {
  return static_cast<double>(attended_ns) / static_cast<double>(kNsPerHour) * hourly;
}

// The same for a millisecond total. ms * 10^6 is exact in a double up to
// 104 days, and IEEE division rounds the exact quotient, so this gives the
// very bits of ms / 3.6e6 * hourly there.
constexpr double attended_cost_ms(int64_t attended_ms, double hourly) noexcept {
  return attended_cost(sat_mul(attended_ms, 1'000'000), hourly);
}

}  // namespace tw
