// report_html.hpp: the time-value report as one self-contained HTML page.
//
// What it does: renders ReportData as a single HTML file with inline CSS and
// inline SVG charts: minutes per day stacked by category, budget against
// use, opportunity cost per category, time protected and time filled,
// friction and bypasses per day, and the period's top time-consumers. Each
// chart has a <title> and <desc> (role="img"), visible labels and a data
// table under it; colours are the Okabe-Ito palette (distinguishable with
// the common colour-vision deficiencies) on a light or dark page following
// prefers-color-scheme. Every mark carries its figure in data-* attributes
// (data-ms, data-cents, ...), so tests read the chart's numbers back.
// What it does not do: reference anything outside the file (no script, no
// font, no image, no link, no URL) or read the ledger (build_report does).
// Names from the ledger are HTML-escaped.
//
//   std::string html = tw::report::render_report_html(data.value());
//   tw::report::write_file_atomic("report.html", html);
#pragma once

#include <string>
#include <string_view>

#include "report/report_data.hpp"

namespace tw::report {

std::string render_report_html(const ReportData& data);

// The fill colour of the i-th category (longest first); "#rrggbb".
std::string_view category_colour(size_t index);

}  // namespace tw::report
