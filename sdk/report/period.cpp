#include "report/period.hpp"

#include <algorithm>
#include <cstdio>

#include "core/civil_days.hpp"

namespace tw::report {

Result<int64_t> parse_date(std::string_view text) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  const std::string s(text);
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' ||
      s[7] != '-' || m < 1 || m > 12 || d < 1 || d > 31) {
    return Error{Errc::invalid_argument, "'" + s + "' is not a date (YYYY-MM-DD)"};
  }
  const int64_t day = days_from_civil(y, m, d);
  const CivilDate back = civil_from_days(day);
  if (back.year != y || back.month != m || back.day != d)
    return Error{Errc::invalid_argument, "'" + s + "' is not a calendar date"};
  return day;
}

std::string date_text(int64_t day) {
  const CivilDate c = civil_from_days(day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.year), c.month, c.day);
  return buf;
}

int64_t day_start_ms(const TimeZone& tz, int64_t day) {
  // Local noon of that date is inside it whatever the offset (as the ledger's day queries do).
  const int64_t noon_s = day * 86'400 + 43'200 - tz.utc_offset_s(day * 86'400);
  return tz.local_day_start(noon_s) * 1000;
}

Result<Period> resolve_period(const PeriodRequest& req, const Ledger& ledger, DefaultPeriod fallback) {
  if (req.week && (req.from || req.to))
    return Error{Errc::invalid_argument, "a week cannot be combined with from or to"};
  if (req.week) {
    const int64_t monday = *req.week - weekday_from_days(*req.week);
    return Period{monday, monday + 6};
  }
  auto recorded = ledger.recorded_days();
  if (!recorded) return recorded.error();
  const auto& days = recorded.value();
  Period p;
  if (req.from || req.to) {
    p.first = req.from ? *req.from : (days ? days->first : *req.to);
    p.last = req.to ? *req.to : (days ? std::max(days->last, p.first) : p.first);
    if (p.last < p.first) return Error{Errc::invalid_argument, "the period ends (--to) before it starts (--from)"};
  } else {
    if (!days)
      return Error{Errc::not_found, "ledger " + ledger.path() + " has nothing recorded: give a period with --week or --from/--to"};
    const int64_t monday = days->last - weekday_from_days(days->last);
    p = fallback == DefaultPeriod::last_week ? Period{monday, monday + 6} : Period{days->first, days->last};
  }
  if (p.last - p.first + 1 > kMaxPeriodDays)
    return Error{Errc::invalid_argument, "the period is longer than " + std::to_string(kMaxPeriodDays) + " days"};
  return p;
}

}  // namespace tw::report
