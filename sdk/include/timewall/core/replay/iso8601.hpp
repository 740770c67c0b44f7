// iso8601.hpp: strict ISO-8601 timestamps with a UTC offset, by hand.
//
// What it does: parses "YYYY-MM-DDTHH:MM:SS[.fff](Z|+hh:mm|-hh:mm)" into Unix
// milliseconds plus the offset that was written, and formats Unix ms at a
// given offset back into the same shape. Pure arithmetic on the proleptic
// Gregorian calendar: no libc time function, no TZ variable, no locale.
// What it does not do: accept anything looser (no missing offset, no week or
// ordinal dates, no leap second 60, at most 3 fraction digits) or look up a
// timezone; callers pass the offset (TimeZone::utc_offset_s) when formatting.
//
//   tw::IsoParse p = tw::parse_iso8601("2026-03-29T03:00:00+02:00");
//   if (!p.ok) report(p.error_offset, p.error);      // byte offset into the text
//   std::string s;
//   tw::append_iso8601(s, p.unix_ms, p.utc_offset_s);  // "2026-03-29T03:00:00+02:00"
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tw {

struct IsoParse {
  bool ok = false;
  int64_t unix_ms = 0;
  int32_t utc_offset_s = 0;
  size_t error_offset = 0;     // 0-based byte offset of the first bad character
  std::string_view error;      // static text, empty when ok
};

IsoParse parse_iso8601(std::string_view text) noexcept;

// Appends the local time at utc_offset_s, with ".mmm" only when unix_ms is not
// a whole second, and "Z" for a zero offset.
void append_iso8601(std::string& out, int64_t unix_ms, int32_t utc_offset_s);

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
int64_t days_from_civil(int year, int month, int day) noexcept;
void civil_from_days(int64_t days, int& year, int& month, int& day) noexcept;

}  // namespace tw
