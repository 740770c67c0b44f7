// history.hpp: what `timewall report`, `export` and `import` share.
//
// What it does: opens the wearer's recorded history (the policy for its
// timezone, hourly value, budgets and app categories; the ledger), turns
// local dates to day numbers and back, and writes output files atomically
// (a temporary file renamed into place, so a failure never leaves half a
// file where an older good one was).
// What it does not do: read the clock; a period is always given as dates or
// derived from what the ledger holds.
//
//   auto h = tw::cli::open_history("policy.toml", "timewall.db", /*read_only=*/true);
//   if (!h) { std::fprintf(stderr, "%s\n", h.error().message.c_str()); return kExitFailed; }
//   auto days = h->ledger.recorded_days();
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "args.hpp"
#include "core/ledger/ledger.hpp"
#include "core/policy.hpp"
#include "core/result.hpp"
#include "core/timezone.hpp"

namespace tw::cli {

struct History {
  Policy policy;
  TimeZone tz;
  Ledger ledger;
};

// Policy errors come back as one Error with one "file:line:col" line each.
// A read-only open of a missing ledger is Errc::not_found.
Result<History> open_history(const std::string& policy_path, const std::string& ledger_path, bool read_only);

// "2026-03-02" -> the local day number (TimeZone::local_day_number).
Result<int64_t> parse_date(std::string_view text);
// Day number -> "2026-03-02".
std::string date_text(int64_t day);
// 0 = Monday .. 6 = Sunday.
int weekday_of(int64_t day);
// Unix ms of local midnight starting `day` in `tz`.
int64_t day_start_ms(const TimeZone& tz, int64_t day);

// A period of local days, both inclusive.
struct Period {
  int64_t first = 0, last = 0;
};
inline constexpr int64_t kMaxPeriodDays = 366;
enum class DefaultPeriod : uint8_t { last_week, everything };

// From the options --week DATE, --from DATE [--to DATE] or --to DATE (a
// missing --to is the last recorded day, a missing --from the first);
// without them the week of the last recorded day or everything recorded.
// `usage` says whether an error is the command line's (exit 2) or not.
Result<Period> resolve_period(const Args& a, const Ledger& ledger, DefaultPeriod fallback, bool& usage);

// Also used by `timewall replay --out`.
Status write_file_atomic(const std::string& path, const std::string& text);

}  // namespace tw::cli
