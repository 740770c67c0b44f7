#include "core/posix_tz_rule.hpp"

#include <array>
#include <string>

#include "core/civil_days.hpp"

namespace tw {

// A cursor over the TZ string; every read is bounds-checked and a failed read
// leaves the parser in a state that parse() reports as one error.
class PosixTzParser {
 public:
  explicit PosixTzParser(std::string_view s) : s_(s) {}

  Result<PosixTzRule> run() {
    PosixTzRule r;
    int32_t posix_offset = 0;
    if (!name() || !offset(24, posix_offset)) return fail();
    r.std_offset_s_ = -posix_offset;  // POSIX counts west of UTC as positive
    if (done()) return r;

    r.has_dst_ = true;
    if (!name()) return fail();
    r.dst_offset_s_ = r.std_offset_s_ + 3600;
    if (!done() && peek() != ',') {
      if (!offset(24, posix_offset)) return fail();
      r.dst_offset_s_ = -posix_offset;
    }
    if (done()) {
      // No rule given: the US rule, as glibc and tzcode assume.
      r.start_ = {PosixTzRule::Date::Kind::month_week_day, 0, 3, 2, 7200};
      r.end_ = {PosixTzRule::Date::Kind::month_week_day, 0, 11, 1, 7200};
      return r;
    }
    if (!eat(',') || !date(r.start_) || !eat(',') || !date(r.end_) || !done()) return fail();
    return r;
  }

 private:
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  static bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

  Error fail() const {
    return {Errc::parse, "POSIX TZ string \"" + std::string(s_) + "\": invalid near position " +
                             std::to_string(i_)};
  }

  // std or dst name: three or more letters, or <[+-A-Za-z0-9]{3,}>.
  bool name() {
    size_t n = 0;
    if (eat('<')) {
      while (!done() && peek() != '>') {
        const char c = peek();
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-') return false;
        ++i_;
        ++n;
      }
      return eat('>') && n >= 3;
    }
    while (is_alpha(peek())) {
      ++i_;
      ++n;
    }
    return n >= 3;
  }

  bool number(int max, int& out) {
    if (!is_digit(peek())) return false;
    int v = 0;
    while (is_digit(peek())) {
      v = v * 10 + (s_[i_] - '0');
      ++i_;
      if (v > max) return false;
    }
    out = v;
    return true;
  }

  // [+-]hh[:mm[:ss]] with hh <= max_h.
  bool offset(int max_h, int32_t& out_s) {
    bool negative = false;
    if (eat('-')) {
      negative = true;
    } else {
      eat('+');
    }
    int h = 0;
    int m = 0;
    int sec = 0;
    if (!number(max_h, h)) return false;
    if (eat(':')) {
      if (!number(59, m)) return false;
      if (eat(':') && !number(59, sec)) return false;
    }
    const int32_t v = h * 3600 + m * 60 + sec;
    out_s = negative ? -v : v;
    return true;
  }

  bool date(PosixTzRule::Date& d) {
    using Kind = PosixTzRule::Date::Kind;
    if (eat('J')) {
      d.kind = Kind::julian_no_leap;
      if (!number(365, d.day) || d.day < 1) return false;
    } else if (eat('M')) {
      d.kind = Kind::month_week_day;
      if (!number(12, d.month) || d.month < 1 || !eat('.') || !number(5, d.week) || d.week < 1 ||
          !eat('.') || !number(6, d.day)) {
        return false;
      }
    } else {
      d.kind = Kind::zero_based;
      if (!number(365, d.day)) return false;
    }
    d.time_s = 7200;
    if (eat('/')) return offset(167, d.time_s);  // RFC 8536 extends hours to +-167
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
};

Result<PosixTzRule> PosixTzRule::parse(std::string_view tz) { return PosixTzParser(tz).run(); }

int64_t PosixTzRule::Date::day_in_year(int64_t year) const {
  const int64_t jan1 = days_from_civil(year, 1, 1);
  switch (kind) {
    case Kind::julian_no_leap:  // Feb 29 is never counted: J60 is always Mar 1
      return jan1 + day - 1 + ((is_leap_year(year) && day >= 60) ? 1 : 0);
    case Kind::zero_based:
      return jan1 + day;
    case Kind::month_week_day: {
      const int64_t first = days_from_civil(year, month, 1);
      const int first_wd_sun0 = (weekday_from_days(first) + 1) % 7;  // 0 = Sunday
      int mday = 1 + (day - first_wd_sun0 + 7) % 7 + 7 * (week - 1);
      while (mday > days_in_month(year, month)) mday -= 7;  // week 5 = last
      return first + mday - 1;
    }
  }
  return jan1;
}

// Start time is given in local standard time, end time in local DST.
int64_t PosixTzRule::dst_start_utc(int64_t year) const {
  return start_.day_in_year(year) * 86400 + start_.time_s - std_offset_s_;
}

int64_t PosixTzRule::dst_end_utc(int64_t year) const {
  return end_.day_in_year(year) * 86400 + end_.time_s - dst_offset_s_;
}

int32_t PosixTzRule::utc_offset_s(int64_t unix_s) const {
  if (!has_dst_) return std_offset_s_;
  // Rule times can reach +-167 h, so a change of year y may fall in y-1 or
  // y+1: take the latest of the six changes around unix_s. On a tie the start
  // wins, so "0/0,J365/25" is DST all year, as tzcode reads it.
  struct Change {
    int64_t at;
    bool dst;
  };
  const int64_t year = civil_from_days(floor_div(unix_s + std_offset_s_, 86400)).year;
  std::array<Change, 6> changes{};
  for (int k = 0; k < 3; ++k) {
    changes[static_cast<size_t>(2 * k)] = {dst_end_utc(year - 1 + k), false};
    changes[static_cast<size_t>(2 * k + 1)] = {dst_start_utc(year - 1 + k), true};
  }
  bool found = false;
  Change best{};
  for (const Change& c : changes) {
    if (c.at > unix_s) continue;
    if (!found || c.at > best.at || (c.at == best.at && c.dst)) best = c;
    found = true;
  }
  if (!found) {  // before all six: the state at the end of year-2's cycle
    best.dst = dst_start_utc(year - 2) > dst_end_utc(year - 2);
  }
  return best.dst ? dst_offset_s_ : std_offset_s_;
}

}  // namespace tw
