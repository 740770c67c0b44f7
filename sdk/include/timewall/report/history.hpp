// history.hpp: the wearer's recorded history, opened for a report, an
// export or an import.
//
// What it does: loads the policy (its timezone, hourly value, budgets and
// app categories) and opens the ledger it describes, read-only for reports
// and exports, writable for imports.
// What it does not do: read the clock, or keep anything open beyond the
// returned value.
//
//   auto h = tw::report::open_history("policy.toml", "timewall.db", /*read_only=*/true);
//   if (!h) { std::fprintf(stderr, "%s\n", h.error().message.c_str()); return 1; }
//   auto days = h->ledger.recorded_days();
#pragma once

#include <string>

#include "core/ledger/ledger.hpp"
#include "core/policy.hpp"
#include "core/result.hpp"
#include "core/timezone.hpp"

namespace tw::report {

struct History {
  Policy policy;
  TimeZone tz;
  Ledger ledger;
};

// Policy errors come back as one Error with one "file:line:col" line each.
// A read-only open of a missing ledger is Errc::not_found.
Result<History> open_history(const std::string& policy_path, const std::string& ledger_path, bool read_only);

}  // namespace tw::report
