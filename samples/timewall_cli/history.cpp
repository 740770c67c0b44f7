#include "history.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/policy/policy_loader.hpp"
#include "core/replay/iso8601.hpp"

namespace tw::cli {

Result<History> open_history(const std::string& policy_path, const std::string& ledger_path, bool read_only) {
  PolicyLoadResult loaded = load_policy_file(policy_path);
  if (!loaded) return loaded.error();
  Policy policy = std::move(loaded).value();
  auto tz = TimeZone::load(policy.time_value.timezone);
  if (!tz) return Error{tz.error().code, policy_path + ": time_value.timezone: " + tz.error().message};
  auto ledger = Ledger::open(
      {.path = ledger_path, .pulse_s = policy.attention.heartbeat_pulse_s, .read_only = read_only}, tz.value());
  if (!ledger) return ledger.error();
  return History{std::move(policy), std::move(tz).value(), std::move(ledger).value()};
}

Result<int64_t> parse_date(std::string_view text) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  const std::string s(text);
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' ||
      s[7] != '-' || m < 1 || m > 12 || d < 1 || d > 31) {
    return Error{Errc::invalid_argument, "'" + s + "' is not a date (YYYY-MM-DD)"};
  }
  const int64_t day = days_from_civil(y, m, d);
  int y2 = 0, m2 = 0, d2 = 0;
  civil_from_days(day, y2, m2, d2);
  if (y2 != y || m2 != m || d2 != d) return Error{Errc::invalid_argument, "'" + s + "' is not a calendar date"};
  return day;
}

std::string date_text(int64_t day) {
  int y = 0, m = 0, d = 0;
  civil_from_days(day, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

int weekday_of(int64_t day) { return static_cast<int>(((day % 7) + 7 + 3) % 7); }  // 1970-01-01 was a Thursday

int64_t day_start_ms(const TimeZone& tz, int64_t day) {
  // Local noon of that date is inside it whatever the offset (as the ledger's day queries do).
  const int64_t noon_s = day * 86'400 + 43'200 - tz.utc_offset_s(day * 86'400);
  return tz.local_day_start(noon_s) * 1000;
}

Result<Period> resolve_period(const Args& a, const Ledger& ledger, DefaultPeriod fallback, bool& usage) {
  usage = true;
  if (a.has("week") && (a.has("from") || a.has("to")))
    return Error{Errc::invalid_argument, "--week cannot be combined with --from or --to"};
  if (a.has("week")) {
    auto day = parse_date(a.value("week"));
    if (!day) return Error{Errc::invalid_argument, "--week: " + day.error().message};
    const int64_t monday = day.value() - weekday_of(day.value());
    return Period{monday, monday + 6};
  }
  usage = false;
  auto recorded = ledger.recorded_days();
  if (!recorded) return recorded.error();
  usage = true;
  Period p;
  if (a.has("from") || a.has("to")) {
    if (a.has("from")) {
      auto from = parse_date(a.value("from"));
      if (!from) return Error{Errc::invalid_argument, "--from: " + from.error().message};
      p.first = from.value();
    }
    if (a.has("to")) {
      auto to = parse_date(a.value("to"));
      if (!to) return Error{Errc::invalid_argument, "--to: " + to.error().message};
      p.last = to.value();
    }
    if (!a.has("from")) p.first = recorded.value() ? recorded.value()->first : p.last;
    if (!a.has("to")) p.last = recorded.value() ? std::max(recorded.value()->last, p.first) : p.first;
    if (p.last < p.first) return Error{Errc::invalid_argument, "the period ends (--to) before it starts (--from)"};
  } else {
    usage = false;
    if (!recorded.value())
      return Error{Errc::not_found, "ledger " + ledger.path() + " has nothing recorded: give a period with --week or --from/--to"};
    const int64_t last = recorded.value()->last;
    p = fallback == DefaultPeriod::last_week ? Period{last - weekday_of(last), last - weekday_of(last) + 6}
                                             : Period{recorded.value()->first, last};
  }
  if (p.last - p.first + 1 > kMaxPeriodDays)
    return Error{Errc::invalid_argument, "the period is longer than " + std::to_string(kMaxPeriodDays) + " days"};
  return p;
}

Status write_file_atomic(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return Error{Errc::io, path + ": cannot open for writing"};
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    f.close();
    if (!f) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return Error{Errc::io, path + ": write failed"};
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Error{Errc::io, path + ": " + ec.message()};
  return {};
}

}  // namespace tw::cli
