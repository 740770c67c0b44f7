// csv_export.hpp: attended intervals as CSV (RFC 4180), one row per local day.
//
// What it does: writes a header row and one row per attended interval,
// split at local midnight so every row lies within one local day and summing
// duration_s by local_date gives the ledger's day totals. Columns:
//   local_date   YYYY-MM-DD, the wearer's local day (policy timezone)
//   start, end   ISO 8601 local time with its UTC offset
//   start_unix_ms, end_unix_ms   the same instants as Unix milliseconds
//   duration_s   end - start in seconds, three decimals
//   app, category   as recorded; quoted when they hold a comma, quote or newline
// Lines end in CRLF, as RFC 4180 says.
// What it does not do: read the ledger, or write idle moments or friction.
//
//   std::string csv = tw::report::intervals_csv(ledger.intervals(from_ms, to_ms).value(), tz, from_ms, to_ms);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/ledger/ledger.hpp"
#include "core/timezone.hpp"

namespace tw::report {

// Rows are clipped to [from_ms, to_ms).
std::string intervals_csv(const std::vector<AttendedInterval>& intervals, const TimeZone& tz, int64_t from_ms,
                          int64_t to_ms);

}  // namespace tw::report
