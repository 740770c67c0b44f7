// period.hpp: the local days a report or an export covers.
//
// What it does: turns local dates to day numbers and back ("2026-03-02"),
// gives a day's weekday and the Unix ms of its local midnight, and resolves
// a requested period (a week, or from/to days, either end optional) against
// what the ledger holds: a missing `to` is the last recorded day, a missing
// `from` the first; with nothing requested, the week of the last recorded
// day or everything recorded.
// What it does not do: read the clock, or parse a command line (the CLI
// turns --week/--from/--to into a PeriodRequest with parse_date).
//
//   auto monday = tw::report::parse_date("2026-03-02");
//   auto p = tw::report::resolve_period({.week = monday.value()}, ledger, tw::report::DefaultPeriod::last_week);
//   if (!p) return p.error();   // invalid_argument: the request itself is wrong
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ledger/ledger.hpp"
#include "core/result.hpp"
#include "core/timezone.hpp"

namespace tw::report {

// "2026-03-02" -> the local day number (TimeZone::local_day_number).
Result<int64_t> parse_date(std::string_view text);
// Day number -> "2026-03-02".
std::string date_text(int64_t day);
// Unix ms of local midnight starting `day` in `tz`.
int64_t day_start_ms(const TimeZone& tz, int64_t day);

// A period of local days, both inclusive.
struct Period {
  int64_t first = 0, last = 0;
};
inline constexpr int64_t kMaxPeriodDays = 366;
enum class DefaultPeriod : uint8_t { last_week, everything };

// Day numbers; a week is the Monday-to-Sunday week containing its day.
struct PeriodRequest {
  std::optional<int64_t> week{}, from{}, to{};
};

// Errors of the request itself (a week with from/to, to before from, longer
// than kMaxPeriodDays) are Errc::invalid_argument; an empty ledger with
// nothing requested is Errc::not_found; others are the ledger's.
Result<Period> resolve_period(const PeriodRequest& request, const Ledger& ledger, DefaultPeriod fallback);

}  // namespace tw::report
