// figures_text.hpp: durations and money as the reports print them.
//
// What it does: formats an attended duration ("1 h 05 min", "12 min",
// "40 s") and its cost at the wearer's hourly value from integer cents
// ("12.50 EUR"), so the text never depends on the locale.
// What it does not do: convert currencies or localise.
//
//   std::string t = tw::report::duration_text(65 * 60'000);        // "1 h 05 min"
//   std::string c = tw::report::cost_text(30 * 60'000, 30.0, "EUR"); // "15.00 EUR"
#pragma once

#include <cstdint>
#include <string>

namespace tw::report {

std::string duration_text(int64_t ms);
std::string cost_text(int64_t ms, double hourly, const std::string& currency);
// Attended time at `hourly` per hour (tw::attended_cost_ms), in whole cents
// (rounded half away from zero).
int64_t cost_cents(int64_t ms, double hourly);

}  // namespace tw::report
