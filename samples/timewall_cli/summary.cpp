#include "summary.hpp"

#include <cstdio>
#include <vector>

#include "core/civil_days.hpp"
#include "core/replay/iso8601.hpp"
#include "report/figures_text.hpp"

namespace tw::cli {

using report::cost_text;
using report::duration_text;

namespace {

constexpr const char* kWeekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};

void append_rows(std::string& out, const char* title, const std::vector<UsageTotal>& rows, const Policy& p) {
  out += "  ";
  out += title;
  out += ":\n";
  if (rows.empty()) out += "    (none)\n";
  for (const UsageTotal& r : rows) {
    char line[256];
    std::snprintf(line, sizeof line, "    %-24s %12s %14s\n", r.name.c_str(), duration_text(r.attended_ms).c_str(),
                  cost_text(r.attended_ms, p.time_value.hourly_value, p.time_value.currency).c_str());
    out += line;
  }
}

}  // namespace

Status append_summary(std::string& out, const Ledger& ledger, const Policy& p, const TimeZone& tz,
                      int64_t from_unix_s, int64_t to_unix_s) {
  const int64_t first = tz.local_day_number(from_unix_s);
  const int64_t last = tz.local_day_number(to_unix_s);
  for (int64_t day = first; day <= last; ++day) {
    auto apps = ledger.day_per_app(day);
    if (!apps) return apps.error();
    auto categories = ledger.day_per_category(day);
    if (!categories) return categories.error();
    auto sum = ledger.day_summary(day);
    if (!sum) return sum.error();
    const DaySummary& d = sum.value();
    if (apps->empty() && d.protected_ms == 0 && d.filled_ms == 0 && d.friction_shown == 0 && d.blocks == 0)
      continue;
    int64_t attended_ms = 0;
    for (const UsageTotal& r : apps.value()) attended_ms += r.attended_ms;
    int year = 0, month = 0, mday = 0;
    civil_from_days(day, year, month, mday);
    const auto weekday = static_cast<size_t>(weekday_from_days(day));
    char head[160];
    std::snprintf(head, sizeof head, "\nTime-value summary for %s %d %s %d (%s per attended hour)\n",
                  kWeekdays[weekday], mday, kMonths[month - 1], year,
                  cost_text(3'600'000, p.time_value.hourly_value, p.time_value.currency).c_str());
    out += head;
    append_rows(out, "per app", apps.value(), p);
    append_rows(out, "per category", categories.value(), p);
    char tail[512];
    std::snprintf(tail, sizeof tail,
                  "  attended in all   %s, worth %s\n"
                  "  time protected    %s (idle moments with nothing shown, nudges held)\n"
                  "  time filled       %s (idle moments with a card the wearer chose)\n"
                  "  friction prompts  %lld shown, %lld left by the easy way out\n"
                  "  bypasses          %lld (\"continue anyway\", +%s in all)\n"
                  "  blocks            %lld\n",
                  duration_text(attended_ms).c_str(),
                  cost_text(attended_ms, p.time_value.hourly_value, p.time_value.currency).c_str(),
                  duration_text(d.protected_ms).c_str(), duration_text(d.filled_ms).c_str(),
                  static_cast<long long>(d.friction_shown), static_cast<long long>(d.friction_left),
                  static_cast<long long>(d.bypasses), duration_text(d.bypass_extension_s * 1000).c_str(),
                  static_cast<long long>(d.blocks));
    out += tail;
  }
  return {};
}

}  // namespace tw::cli
