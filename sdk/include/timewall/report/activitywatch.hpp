// activitywatch.hpp: attended time to and from ActivityWatch's bucket export.
//
// What it does: writes attended intervals as one ActivityWatch bucket
// (`{"buckets": {"<id>": {"id", "created", "name", "type": "currentwindow",
// "client": "timewall", "hostname", "data", "events": [{"timestamp",
// "duration", "data": {"app", "title", "category"}}]}}}`, what aw-server's
// /api/0/export gives and /api/0/import takes), and reads such an export
// back as intervals for Ledger::import_intervals():
// - "currentwindow" buckets (aw-watcher-window, and Timewall's own) count;
//   other bucket types are listed as skipped;
// - while an "afkstatus" bucket of the same hostname exists, window time
//   counts only where it says "not-afk" (ActivityWatch's own active time);
// - the app is data.app under the app id rule (core/app_id.hpp: trimmed,
//   ASCII lower-cased, inner whitespace as '-'); the category is data.category when present
//   (Timewall's export), else the policy's category for that app, else
//   "other".
// What it does not do: touch a ledger, or accept a file with any malformed
// part: every error names the JSON path (`buckets["id"].events[3].duration`)
// and nothing is returned, so a bad file imports nothing.
//
//   std::string json = tw::report::activitywatch_export(intervals, "my-glasses");
//   auto parsed = tw::report::parse_activitywatch(text, "aw.json", policy);
//   if (!parsed) { std::fprintf(stderr, "%s\n", parsed.error().message.c_str()); return 1; }
//   ledger.import_intervals(parsed->intervals);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/ledger/ledger.hpp"
#include "core/policy.hpp"
#include "core/result.hpp"

namespace tw::report {

// The bucket id Timewall writes: "aw-watcher-timewall_<hostname>".
std::string activitywatch_bucket_id(std::string_view hostname);

// `intervals` in time order (Ledger::intervals); timestamps in UTC.
std::string activitywatch_export(const std::vector<AttendedInterval>& intervals, std::string_view hostname);

struct ActivityWatchImport {
  std::vector<AttendedInterval> intervals;  // what counts, after the afk clip
  int64_t buckets_used = 0;
  int64_t events_used = 0;
  int64_t events_skipped = 0;                // zero-length, empty app, or all afk
  std::vector<std::string> skipped_buckets;  // "id (type)"
};

Result<ActivityWatchImport> parse_activitywatch(std::string_view json_text, std::string_view file_name,
                                                const Policy& policy);

}  // namespace tw::report
