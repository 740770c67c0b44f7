// render.hpp: one report or export of the ledger, in the format asked for.
//
// What it does: resolves the period (period.hpp; by default the week of the
// last recorded day for a report, everything recorded for an export), reads
// the ledger and renders it:
//   text           the time-value report for a terminal (report_text.hpp)
//   html           the same as one self-contained page with charts (report_html.hpp)
//   activitywatch  attended intervals as an ActivityWatch bucket export, JSON
//                  (activitywatch.hpp); events are kept whole, only cut at the
//                  period's edges
//   csv            attended intervals split at local midnight (csv_export.hpp)
// This is what `timewall report` / `timewall export`, the simulator and the
// C ABI's tw_report_write all call.
// What it does not do: write files (files.hpp) or read the clock.
//
//   auto text = tw::report::render(h->ledger, h->policy, h->tz, {.format = tw::report::Format::csv});
//   if (!text) return text.error();
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/ledger/ledger.hpp"
#include "core/policy.hpp"
#include "core/result.hpp"
#include "core/timezone.hpp"
#include "report/period.hpp"

namespace tw::report {

enum class Format : uint8_t { text, html, activitywatch, csv };

// "text", "html", "activitywatch", "csv".
std::string_view to_string(Format format);

struct Request {
  Format format = Format::html;
  PeriodRequest period{};
  std::string hostname{};  // the ActivityWatch bucket's host; empty = "timewall"
};

// Errors: resolve_period's (invalid_argument for a wrong period), then the ledger's.
Result<std::string> render(const Ledger& ledger, const Policy& policy, const TimeZone& tz, const Request& request);

}  // namespace tw::report
