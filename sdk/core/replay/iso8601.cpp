#include "core/replay/iso8601.hpp"

namespace tw {

namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at `pos`; false (and pos at the bad char) otherwise.
bool digits(std::string_view s, size_t& pos, int n, int& value) {
  value = 0;
  for (int i = 0; i < n; ++i) {
    if (pos >= s.size() || s[pos] < '0' || s[pos] > '9') return false;
    value = value * 10 + (s[pos] - '0');
    ++pos;
  }
  return true;
}

bool expect(std::string_view s, size_t pos, char c) { return pos < s.size() && s[pos] == c; }

IsoParse fail(size_t offset, std::string_view why) {
  IsoParse p;
  p.error_offset = offset;
  p.error = why;
  return p;
}

void append_digits(std::string& out, int64_t value, int width) {
  char buf[20];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0 && n < 20);
  for (int i = n; i < width; ++i) out.push_back('0');
  while (n > 0) out.push_back(buf[--n]);
}

}  // namespace

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
int64_t days_from_civil(int year, int month, int day) noexcept {
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t days, int& year, int& month, int& day) noexcept {
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

IsoParse parse_iso8601(std::string_view s) noexcept {
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(s, pos, 4, year)) return fail(pos, "expected a 4-digit year");
  if (year < 1970) return fail(0, "year before 1970");
  if (!expect(s, pos, '-')) return fail(pos, "expected '-' after the year");
  ++pos;
  const size_t month_at = pos;
  if (!digits(s, pos, 2, month)) return fail(pos, "expected a 2-digit month");
  if (month < 1 || month > 12) return fail(month_at, "month out of range 01..12");
  if (!expect(s, pos, '-')) return fail(pos, "expected '-' after the month");
  ++pos;
  const size_t day_at = pos;
  if (!digits(s, pos, 2, day)) return fail(pos, "expected a 2-digit day");
  if (day < 1 || day > days_in_month(year, month)) return fail(day_at, "day out of range for the month");
  if (!expect(s, pos, 'T')) return fail(pos, "expected 'T' between date and time");
  ++pos;
  const size_t hour_at = pos;
  if (!digits(s, pos, 2, hour)) return fail(pos, "expected a 2-digit hour");
  if (hour > 23) return fail(hour_at, "hour out of range 00..23");
  if (!expect(s, pos, ':')) return fail(pos, "expected ':' after the hour");
  ++pos;
  const size_t minute_at = pos;
  if (!digits(s, pos, 2, minute)) return fail(pos, "expected 2-digit minutes");
  if (minute > 59) return fail(minute_at, "minutes out of range 00..59");
  if (!expect(s, pos, ':')) return fail(pos, "expected ':' after the minutes (seconds are required)");
  ++pos;
  const size_t second_at = pos;
  if (!digits(s, pos, 2, second)) return fail(pos, "expected 2-digit seconds");
  if (second > 59) return fail(second_at, "seconds out of range 00..59");
  int millis = 0;
  if (expect(s, pos, '.')) {
    ++pos;
    int n = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (n == 3) return fail(pos, "more than 3 fraction digits (resolution is 1 ms)");
      millis = millis * 10 + (s[pos] - '0');
      ++pos;
      ++n;
    }
    if (n == 0) return fail(pos, "expected fraction digits after '.'");
    for (; n < 3; ++n) millis *= 10;
  }
  int32_t offset_s = 0;
  if (expect(s, pos, 'Z')) {
    ++pos;
  } else if (expect(s, pos, '+') || expect(s, pos, '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    const size_t oh_at = pos;
    int oh = 0, om = 0;
    if (!digits(s, pos, 2, oh)) return fail(pos, "expected a 2-digit offset hour");
    if (!expect(s, pos, ':')) return fail(pos, "expected ':' in the offset (+hh:mm)");
    ++pos;
    const size_t om_at = pos;
    if (!digits(s, pos, 2, om)) return fail(pos, "expected 2-digit offset minutes");
    if (om > 59) return fail(om_at, "offset minutes out of range 00..59");
    if (oh * 60 + om > 14 * 60) return fail(oh_at, "offset beyond +-14:00");
    offset_s = sign * (oh * 3600 + om * 60);
  } else {
    return fail(pos, "expected a UTC offset: 'Z' or +hh:mm / -hh:mm");
  }
  if (pos != s.size()) return fail(pos, "unexpected text after the offset");

  const int64_t local_s = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  IsoParse p;
  p.ok = true;
  p.utc_offset_s = offset_s;
  p.unix_ms = (local_s - offset_s) * 1000 + millis;
  if (p.unix_ms < 0) return fail(0, "instant before 1970-01-01T00:00:00Z");
  return p;
}

void append_iso8601(std::string& out, int64_t unix_ms, int32_t utc_offset_s) {
  const int64_t ms = ((unix_ms % 1000) + 1000) % 1000;
  const int64_t local_s = (unix_ms - ms) / 1000 + utc_offset_s;
  int64_t days = local_s / 86400;
  int64_t sod = local_s % 86400;
  if (sod < 0) {
    sod += 86400;
    --days;
  }
  int y = 0, m = 0, d = 0;
  civil_from_days(days, y, m, d);
  append_digits(out, y, 4);
  out.push_back('-');
  append_digits(out, m, 2);
  out.push_back('-');
  append_digits(out, d, 2);
  out.push_back('T');
  append_digits(out, sod / 3600, 2);
  out.push_back(':');
  append_digits(out, sod / 60 % 60, 2);
  out.push_back(':');
  append_digits(out, sod % 60, 2);
  if (ms != 0) {
    out.push_back('.');
    append_digits(out, ms, 3);
  }
  if (utc_offset_s == 0) {
    out.push_back('Z');
    return;
  }
  const int32_t a = utc_offset_s < 0 ? -utc_offset_s : utc_offset_s;
  out.push_back(utc_offset_s < 0 ? '-' : '+');
  append_digits(out, a / 3600, 2);
  out.push_back(':');
  append_digits(out, a / 60 % 60, 2);
}

}  // namespace tw
