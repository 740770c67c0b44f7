// import.hpp: an ActivityWatch export into the wearer's ledger, counted once.
//
// What it does: reads the file (at most kMaxImportBytes), loads the policy,
// checks the whole file (parse_activitywatch) before the ledger is opened,
// then adds its attended time in one transaction (Ledger::import_intervals:
// time the ledger already covers is skipped, so importing twice adds
// nothing). A bad file touches nothing, not even a ledger that does not exist
// yet.
// What it does not do: print; the outcome says what was added and skipped.
//
//   auto r = tw::report::import_activitywatch_file("aw.json", "policy.toml", "timewall.db");
//   if (!r) { std::fprintf(stderr, "%s\n", r.error().message.c_str()); return 1; }
//   std::printf("added %lld ms\n", static_cast<long long>(r->stats.added_ms));
#pragma once

#include <cstdint>
#include <string>

#include "core/ledger/ledger.hpp"
#include "core/result.hpp"
#include "report/activitywatch.hpp"

namespace tw::report {

inline constexpr int64_t kMaxImportBytes = int64_t{512} << 20;

struct ImportOutcome {
  ActivityWatchImport parsed;  // what the file held: buckets and events used and skipped
  ImportStats stats;           // what the ledger took
};

// A file or ledger error that left the ledger as it was ends in
// "(nothing imported)".
Result<ImportOutcome> import_activitywatch_file(const std::string& file, const std::string& policy_path,
                                                const std::string& ledger_path);

}  // namespace tw::report
