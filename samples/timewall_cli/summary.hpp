// summary.hpp: the day's time-value summary, read back from the ledger.
//
// What it does: for each local day in [from_unix_s, to_unix_s] that has
// anything recorded, prints minutes and cost per app and per category
// (attended minutes at the wearer's hourly value), time protected, time
// filled, friction prompts, bypasses and blocks. Money is formatted from
// integer cents, so the text never depends on the locale.
// What it does not do: count anything itself; every figure is a ledger query
// over committed events.
//
//   std::string text;
//   if (auto st = tw::cli::append_summary(text, ledger, policy, tz, from_s, to_s); !st) fail(st);
#pragma once

#include <cstdint>
#include <string>

#include "core/ledger/ledger.hpp"
#include "core/policy.hpp"
#include "core/timezone.hpp"

namespace tw::cli {

Status append_summary(std::string& out, const Ledger& ledger, const Policy& policy, const TimeZone& tz,
                      int64_t from_unix_s, int64_t to_unix_s);

}  // namespace tw::cli
