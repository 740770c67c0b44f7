#include "report/render.hpp"

#include <algorithm>

#include "report/activitywatch.hpp"
#include "report/csv_export.hpp"
#include "report/report_data.hpp"
#include "report/report_html.hpp"
#include "report/report_text.hpp"

namespace tw::report {

std::string_view to_string(Format format) {
  switch (format) {
    case Format::text: return "text";
    case Format::html: return "html";
    case Format::activitywatch: return "activitywatch";
    case Format::csv: return "csv";
  }
  return "unknown";
}

Result<std::string> render(const Ledger& ledger, const Policy& policy, const TimeZone& tz, const Request& req) {
  const bool is_report = req.format == Format::text || req.format == Format::html;
  auto period = resolve_period(req.period, ledger, is_report ? DefaultPeriod::last_week : DefaultPeriod::everything);
  if (!period) return period.error();
  if (is_report) {
    auto data = build_report(ledger, policy, tz, period->first, period->last);
    if (!data) return data.error();
    return req.format == Format::html ? render_report_html(data.value()) : render_report_text(data.value());
  }
  const int64_t from_ms = day_start_ms(tz, period->first);
  const int64_t to_ms = day_start_ms(tz, period->last + 1);
  auto intervals = ledger.intervals(from_ms, to_ms);
  if (!intervals) return intervals.error();
  // The ActivityWatch export keeps events whole, as ActivityWatch does; only
  // the period's edges are cut (the CSV splits them at local midnight).
  for (AttendedInterval& iv : intervals.value()) {
    iv.start_ms = std::max(iv.start_ms, from_ms);
    iv.end_ms = std::min(iv.end_ms, to_ms);
  }
  if (req.format == Format::csv) return intervals_csv(intervals.value(), tz, from_ms, to_ms);
  return activitywatch_export(intervals.value(), req.hostname.empty() ? "timewall" : req.hostname);
}

}  // namespace tw::report
