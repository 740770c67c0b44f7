// report_text.hpp: the time-value report as plain text for a terminal.
//
// What it does: prints the same figures as the HTML report (report_html.hpp)
// as aligned text: per day the attended time by category, then budgets
// against use, opportunity cost per category, time protected and filled,
// friction and bypasses, and the top time-consumers.
// What it does not do: read the ledger (build_report does) or use colour.
//
//   std::fputs(tw::report::render_report_text(data.value()).c_str(), stdout);
#pragma once

#include <string>

#include "report/report_data.hpp"

namespace tw::report {

std::string render_report_text(const ReportData& data);

}  // namespace tw::report
