// report_output.hpp: what `timewall report` and `timewall export` share:
// their options turned into a tw::report::Request, the render, the output.
//
// What it does: opens the history (--policy, --ledger, read-only), turns
// --week/--from/--to into day numbers (a bad date or --week with --from/--to
// is a usage error, exit 2), renders with tw::report::render and prints the
// text or writes it atomically to --out.
// What it does not do: check which formats a command offers, or any option
// besides those above (the commands do).
//
//   return tw::cli::render_to_output("report", parsed.value(), tw::report::Format::html, {});
#pragma once

#include <string>
#include <string_view>

#include "args.hpp"
#include "report/render.hpp"

namespace tw::cli {

// Returns the process exit code; errors are printed as "timewall <command>: ...".
int render_to_output(std::string_view command, const Args& a, report::Format format, std::string hostname);

}  // namespace tw::cli
