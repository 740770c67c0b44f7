// Strict ISO-8601 with offset: the timeline's only time syntax.
#include "tw_catch.hpp"

#include <string>

#include "core/replay/iso8601.hpp"

TEST_CASE("ISO-8601 with offset parses to Unix ms and keeps the offset", "[iso8601]") {
  tw::IsoParse p = tw::parse_iso8601("2026-03-02T07:41:00+01:00");
  REQUIRE(p.ok);
  CHECK(p.unix_ms == 1772433660LL * 1000);
  CHECK(p.utc_offset_s == 3600);

  p = tw::parse_iso8601("2026-03-02T06:41:00Z");
  REQUIRE(p.ok);
  CHECK(p.unix_ms == 1772433660LL * 1000);
  CHECK(p.utc_offset_s == 0);

  p = tw::parse_iso8601("2026-03-02T01:41:00.5-05:00");
  REQUIRE(p.ok);
  CHECK(p.unix_ms == 1772433660LL * 1000 + 500);
  CHECK(p.utc_offset_s == -5 * 3600);

  p = tw::parse_iso8601("2024-02-29T17:30:00.123+05:30");  // leap day, half-hour zone
  REQUIRE(p.ok);
  CHECK(p.unix_ms == 1709208000LL * 1000 + 123);
}

TEST_CASE("DST offsets: the same wall clock maps to the right instants", "[iso8601][dst]") {
  // Europe/Berlin springs forward at 2026-03-29 02:00 CET -> 03:00 CEST.
  const tw::IsoParse before = tw::parse_iso8601("2026-03-29T01:59:59+01:00");
  const tw::IsoParse after = tw::parse_iso8601("2026-03-29T03:00:00+02:00");
  REQUIRE(before.ok);
  REQUIRE(after.ok);
  CHECK(after.unix_ms - before.unix_ms == 1000);
  // ... and falls back at 2026-10-25 03:00 CEST -> 02:00 CET: 02:10+01:00 is 40 min after 02:30+02:00.
  const tw::IsoParse first = tw::parse_iso8601("2026-10-25T02:30:00+02:00");
  const tw::IsoParse second = tw::parse_iso8601("2026-10-25T02:10:00+01:00");
  REQUIRE(first.ok);
  REQUIRE(second.ok);
  CHECK(first.unix_ms == 1792888200LL * 1000);
  CHECK(second.unix_ms - first.unix_ms == 40 * 60 * 1000);
}

TEST_CASE("ISO-8601 errors name the offending byte", "[iso8601]") {
  struct Case {
    const char* text;
    size_t offset;
    const char* error;
  };
  const Case cases[] = {
      {"2026-03-02T07:41:00", 19, "expected a UTC offset: 'Z' or +hh:mm / -hh:mm"},
      {"2026-02-29T07:41:00Z", 8, "day out of range for the month"},
      {"2026-13-02T07:41:00Z", 5, "month out of range 01..12"},
      {"2026-3-02T07:41:00Z", 6, "expected a 2-digit month"},
      {"2026-03-02 07:41:00Z", 10, "expected 'T' between date and time"},
      {"2026-03-02T24:00:00Z", 11, "hour out of range 00..23"},
      {"2026-03-02T07:41Z", 16, "expected ':' after the minutes (seconds are required)"},
      {"2026-03-02T07:41:60Z", 17, "seconds out of range 00..59"},
      {"2026-03-02T07:41:00.1234Z", 23, "more than 3 fraction digits (resolution is 1 ms)"},
      {"2026-03-02T07:41:00.Z", 20, "expected fraction digits after '.'"},
      {"2026-03-02T07:41:00+15:00", 20, "offset beyond +-14:00"},
      {"2026-03-02T07:41:00+0100", 22, "expected ':' in the offset (+hh:mm)"},
      {"2026-03-02T07:41:00+01:00x", 25, "unexpected text after the offset"},
      {"1969-12-31T23:59:59Z", 0, "year before 1970"},
      {"", 0, "expected a 4-digit year"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const tw::IsoParse p = tw::parse_iso8601(c.text);
    CHECK_FALSE(p.ok);
    CHECK(p.error_offset == c.offset);
    CHECK(p.error == c.error);
  }
}

TEST_CASE("ISO-8601 formatting round-trips and is fixed-width", "[iso8601]") {
  std::string s;
  tw::append_iso8601(s, 1772433660LL * 1000, 3600);
  CHECK(s == "2026-03-02T07:41:00+01:00");
  s.clear();
  tw::append_iso8601(s, 1772433660LL * 1000 + 7, 0);
  CHECK(s == "2026-03-02T06:41:00.007Z");
  s.clear();
  tw::append_iso8601(s, 1772433660LL * 1000, -(9 * 3600 + 30 * 60));
  CHECK(s == "2026-03-01T21:11:00-09:30");
  s.clear();
  tw::append_iso8601(s, 0, 0);
  CHECK(s == "1970-01-01T00:00:00Z");
  for (const char* text : {"2026-10-25T02:10:00+01:00", "2024-02-29T23:59:59.999+05:45", "2100-03-01T00:00:00Z"}) {
    const tw::IsoParse p = tw::parse_iso8601(text);
    REQUIRE(p.ok);
    std::string back;
    tw::append_iso8601(back, p.unix_ms, p.utc_offset_s);
    CHECK(back == text);
  }
}
