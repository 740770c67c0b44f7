// TimeZone and PosixTzRule against real tzdata files. libc's localtime_r is
// the reference oracle here (tests only; sdk/core never calls it).
#include "tw_catch.hpp"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_days.hpp"
#include "core/posix_tz_rule.hpp"
#include "core/timezone.hpp"

namespace {

constexpr int64_t kHourS = 3600;

tw::TimeZone load(const char* name) {
  auto tz = tw::TimeZone::load(name);
  INFO(name << ": " << (tz ? "" : tz.error().message));
  REQUIRE(tz.ok());
  return std::move(tz).value();
}

// Unix seconds of a UTC wall time: the expected values below read as ISO times.
int64_t utc(int y, int mo, int d, int h = 0, int mi = 0) {
  return tw::days_from_civil(y, mo, d) * 86400 + h * kHourS + mi * 60;
}

int64_t day_length_s(const tw::TimeZone& tz, int y, int mo, int d) {
  const int64_t noon = tz.from_local(y, mo, d, 12, 0, 0);
  return tz.next_local_day_start(noon) - tz.local_day_start(noon);
}

std::vector<char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const char* tag)
      : path(std::filesystem::path(TW_BINARY_DIR) / "tmp" / tag) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path / "Test");
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  void write(const std::string& rel, const char* data, size_t n) const {
    std::ofstream out(path / rel, std::ios::binary | std::ios::trunc);
    out.write(data, static_cast<std::streamsize>(n));
  }
};

// A minimal TZif writer (RFC 8536) for hand-made files: version 0 ('\0')
// writes only the 32-bit block; '2'..'4' write a dummy v1 block as real files
// may, then the 64-bit block and the footer.
struct TzifSpec {
  char version = '2';
  std::vector<int64_t> times;
  std::vector<unsigned char> idx;
  std::vector<int32_t> utoffs;
  std::string footer;
};

void put_be(std::string& out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::string tzif_block(const TzifSpec& s, int time_bytes) {
  std::string out = "TZif";
  out.push_back(s.version);
  out.append(15, '\0');
  const uint32_t counts[] = {0, 0, 0, static_cast<uint32_t>(s.times.size()),
                             static_cast<uint32_t>(s.utoffs.size()), 4};
  for (uint32_t c : counts) put_be(out, c, 4);
  for (int64_t t : s.times) put_be(out, static_cast<uint64_t>(t), time_bytes);
  for (unsigned char i : s.idx) out.push_back(static_cast<char>(i));
  for (int32_t off : s.utoffs) {
    put_be(out, static_cast<uint32_t>(off), 4);
    out.push_back(0);  // isdst
    out.push_back(0);  // desigidx
  }
  out.append("ABC", 4);  // designations incl. the NUL
  return out;
}

std::string tzif_file(const TzifSpec& s) {
  if (s.version == '\0') return tzif_block(s, 4);
  TzifSpec v1 = s;  // an empty v1 block, as zic -b slim writes
  v1.times.clear();
  v1.idx.clear();
  return tzif_block(v1, 4) + tzif_block(s, 8) + "\n" + s.footer + "\n";
}

}  // namespace

TEST_CASE("civil day arithmetic", "[timezone]") {
  CHECK(tw::days_from_civil(1970, 1, 1) == 0);
  CHECK(tw::days_from_civil(1969, 12, 31) == -1);
  CHECK(tw::days_from_civil(2000, 3, 1) == 11017);
  const auto c = tw::civil_from_days(tw::days_from_civil(2100, 2, 28) + 1);
  CHECK((c.year == 2100 && c.month == 3 && c.day == 1));  // 2100 is not a leap year
  CHECK(tw::weekday_from_days(tw::days_from_civil(2026, 3, 29)) == 6);  // Sunday
  for (int64_t d = -800'000; d <= 800'000; d += 997) {
    const auto cd = tw::civil_from_days(d);
    REQUIRE(tw::days_from_civil(cd.year, cd.month, cd.day) == d);
  }
}

TEST_CASE("Europe/Berlin spring forward: a 23-hour day and a gap", "[timezone]") {
  const auto tz = load("Europe/Berlin");
  const int64_t noon = tz.from_local(2026, 3, 29, 12, 0, 0);
  CHECK(noon == utc(2026, 3, 29, 10));
  CHECK(tz.local_day_start(noon) == utc(2026, 3, 28, 23));
  CHECK(tz.next_local_day_start(noon) == utc(2026, 3, 29, 22));
  CHECK(day_length_s(tz, 2026, 3, 29) == 23 * kHourS);
  CHECK(day_length_s(tz, 2026, 3, 28) == 24 * kHourS);
  // 02:30 does not exist: the instant after the gap, shown as 03:00 CEST.
  const int64_t gap = tz.from_local(2026, 3, 29, 2, 30, 0);
  CHECK(gap == utc(2026, 3, 29, 1));
  const auto c = tz.to_local(gap);
  CHECK((c.hour == 3 && c.minute == 0 && c.utc_offset_s == 7200));
  CHECK(tz.utc_offset_s(gap - 1) == 3600);
  CHECK(tz.to_local(noon).weekday == 6);
}

TEST_CASE("Europe/Berlin fall back: a 25-hour day and an overlap", "[timezone]") {
  const auto tz = load("Europe/Berlin");
  CHECK(day_length_s(tz, 2026, 10, 25) == 25 * kHourS);
  CHECK(tz.local_day_start(utc(2026, 10, 25, 12)) == utc(2026, 10, 24, 22));
  // 02:30 happens twice; the earlier (CEST) one wins.
  const int64_t twice = tz.from_local(2026, 10, 25, 2, 30, 0);
  CHECK(twice == utc(2026, 10, 25, 0, 30));
  CHECK(tz.to_local(twice).utc_offset_s == 7200);
  const auto later = tz.to_local(twice + kHourS);
  CHECK((later.hour == 2 && later.minute == 30 && later.utc_offset_s == 3600));
  CHECK(tz.local_day_number(twice) == tz.local_day_number(twice + kHourS));
}

TEST_CASE("America/New_York DST days", "[timezone]") {
  const auto tz = load("America/New_York");
  CHECK(day_length_s(tz, 2026, 3, 8) == 23 * kHourS);
  CHECK(day_length_s(tz, 2026, 11, 1) == 25 * kHourS);
  CHECK(tz.utc_offset_s(utc(2026, 1, 15)) == -5 * kHourS);
  CHECK(tz.utc_offset_s(utc(2026, 7, 15)) == -4 * kHourS);
  CHECK(tz.local_day_start(utc(2026, 7, 15, 3)) == utc(2026, 7, 14, 4));  // still the 14th locally
}

TEST_CASE("Australia/Lord_Howe: 30-minute DST", "[timezone]") {
  const auto tz = load("Australia/Lord_Howe");
  CHECK(tz.utc_offset_s(utc(2026, 1, 15)) == 11 * kHourS);
  CHECK(tz.utc_offset_s(utc(2026, 7, 15)) == 10 * kHourS + 1800);
  CHECK(day_length_s(tz, 2026, 4, 5) == 24 * kHourS + 1800);
  CHECK(day_length_s(tz, 2026, 10, 4) == 24 * kHourS - 1800);
  // 02:15 on 2026-10-04 is skipped (02:00 -> 02:30).
  const auto c = tz.to_local(tz.from_local(2026, 10, 4, 2, 15, 0));
  CHECK((c.hour == 2 && c.minute == 30));
}

TEST_CASE("Australia/Sydney: southern hemisphere", "[timezone]") {
  const auto tz = load("Australia/Sydney");
  CHECK(tz.utc_offset_s(utc(2026, 1, 15)) == 11 * kHourS);
  CHECK(tz.utc_offset_s(utc(2026, 7, 15)) == 10 * kHourS);
  CHECK(day_length_s(tz, 2026, 4, 5) == 25 * kHourS);
  CHECK(day_length_s(tz, 2026, 10, 4) == 23 * kHourS);
  CHECK(day_length_s(tz, 2026, 12, 25) == 24 * kHourS);
}

TEST_CASE("far future (2100) comes from the POSIX footer", "[timezone]") {
  const auto berlin = load("Europe/Berlin");
  CHECK(day_length_s(berlin, 2100, 3, 28) == 23 * kHourS);
  CHECK(day_length_s(berlin, 2100, 10, 31) == 25 * kHourS);
  CHECK(berlin.local_day_start(utc(2100, 3, 28, 12)) == utc(2100, 3, 27, 23));
  const auto sydney = load("Australia/Sydney");
  CHECK(sydney.utc_offset_s(utc(2100, 1, 1)) == 11 * kHourS);
  CHECK(sydney.utc_offset_s(utc(2100, 6, 1)) == 10 * kHourS);
}

TEST_CASE("a date whose midnight is skipped starts after the gap", "[timezone]") {
  struct Case {
    const char* zone;
    int y, m, d;
  };
  for (const Case& k : {Case{"America/Santiago", 2026, 9, 6}, Case{"America/Havana", 2026, 3, 8},
                        Case{"Asia/Beirut", 2026, 3, 29}}) {
    INFO(k.zone);
    const auto tz = load(k.zone);
    const int64_t noon = tz.from_local(k.y, k.m, k.d, 12, 0, 0);
    const int64_t start = tz.local_day_start(noon);
    const auto c = tz.to_local(start);
    CHECK((c.year == k.y && c.month == k.m && c.day == k.d && c.hour == 1 && c.minute == 0));
    CHECK(tz.local_day_number(start - 1) == tz.local_day_number(start) - 1);
    CHECK(tz.next_local_day_start(start - 1) == start);
    CHECK(day_length_s(tz, k.y, k.m, k.d) == 23 * kHourS);
  }
}

TEST_CASE("a fall-back across midnight keeps days a partition", "[timezone]") {
  // Santiago: Sunday 2026-04-05 00:00 -04 -> Saturday 23:00 -04... the clock
  // shows Saturday for one more hour, so Saturday is 25 h long.
  const auto tz = load("America/Santiago");
  CHECK(day_length_s(tz, 2026, 4, 4) == 25 * kHourS);
  const int64_t sunday = tz.local_day_start(tz.from_local(2026, 4, 5, 12, 0, 0));
  const auto c = tz.to_local(sunday);
  CHECK((c.day == 5 && c.hour == 0 && c.utc_offset_s == -4 * kHourS));
  CHECK(tz.local_day_number(sunday - 1) == tz.local_day_number(sunday) - 1);
}

TEST_CASE("UTC and fixed offsets", "[timezone]") {
  const auto u = tw::TimeZone::utc();
  CHECK(u.name() == "UTC");
  CHECK(u.local_day_start(utc(2026, 3, 29, 17, 5)) == utc(2026, 3, 29));
  CHECK(u.from_local(2026, 13, 1, 0, 0, 0) == utc(2027, 1, 1));  // normalises like timegm
  const auto india = tw::TimeZone::fixed(5 * 3600 + 1800);
  CHECK(india.name() == "UTC+05:30");
  CHECK(tw::TimeZone::fixed(-3 * 3600).name() == "UTC-03:00");
  const auto c = india.to_local(utc(2026, 3, 29, 20));
  CHECK((c.day == 30 && c.hour == 1 && c.minute == 30 && c.weekday == 0));
  CHECK(india.local_day_start(utc(2026, 3, 29, 20)) == utc(2026, 3, 29, 18, 30));
  CHECK(india.local_day_number(utc(2026, 3, 29, 20)) == tw::days_from_civil(2026, 3, 30));
}

TEST_CASE("local week starts on Monday 00:00 local", "[timezone]") {
  const auto tz = load("Europe/Berlin");
  // Sunday 2026-03-29 (the DST day) belongs to the week of Monday 03-23 (CET).
  CHECK(tz.local_week_start(tz.from_local(2026, 3, 29, 23, 0, 0)) == utc(2026, 3, 22, 23));
  // Monday 2026-03-30 00:00 CEST begins a new week.
  const int64_t monday = tz.from_local(2026, 3, 30, 0, 0, 0);
  CHECK(tz.local_week_start(monday) == monday);
  CHECK(tz.local_week_start(monday - 1) == utc(2026, 3, 22, 23));
  CHECK(monday - tz.local_week_start(monday - 1) == 7 * 24 * kHourS - kHourS);
}

TEST_CASE("load errors: bad names, missing zones, directories", "[timezone]") {
  for (const char* bad : {"", "../etc/passwd", "/etc/passwd", "Europe/../../etc/passwd",
                          "Europe//Berlin", "Europe/Berlin/", "Euro pe", "Europe/Berlin\n",
                          "Europe/./Berlin", "$HOME"}) {
    auto r = tw::TimeZone::load(bad);
    INFO(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == tw::Errc::invalid_argument);
  }
  auto missing = tw::TimeZone::load("Mars/Olympus_Mons");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == tw::Errc::not_found);
  CHECK(missing.error().message.find("Mars/Olympus_Mons") != std::string::npos);
  auto dir = tw::TimeZone::load("America");
  REQUIRE_FALSE(dir.ok());
  CHECK(dir.error().code == tw::Errc::not_found);
  CHECK(tw::TimeZone::load("Berlin", "/nonexistent/zoneinfo").error().code == tw::Errc::not_found);
}

TEST_CASE("truncated, corrupted and foreign files are parse errors, never crashes",
          "[timezone]") {
  const auto bytes = read_bytes("/usr/share/zoneinfo/Europe/Berlin");
  REQUIRE(bytes.size() > 100);
  TempDir dir("tz_truncated");
  dir.write("Test/Full", bytes.data(), bytes.size());
  auto full = tw::TimeZone::load("Test/Full", dir.path.string());
  REQUIRE(full.ok());
  auto in_memory = tw::TimeZone::from_tzif(std::string_view(bytes.data(), bytes.size()), "Mem");
  REQUIRE(in_memory.ok());
  CHECK(in_memory->name() == "Mem");
  for (int64_t t = 0; t < 4'000'000'000; t += 9'999'991) {
    REQUIRE(in_memory->utc_offset_s(t) == full->utc_offset_s(t));
  }

  for (size_t n = 0; n < bytes.size(); ++n) {
    dir.write("Test/Cut", bytes.data(), n);
    auto r = tw::TimeZone::load("Test/Cut", dir.path.string());
    INFO("truncated to " << n << " bytes");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == tw::Errc::parse);
    CHECK(r.error().message.find("Test/Cut") != std::string::npos);
    CHECK(tw::TimeZone::from_tzif(std::string_view(bytes.data(), n), "Cut").error().code ==
          tw::Errc::parse);
  }

  const char text[] = "# not a TZif file\n";
  dir.write("Test/Text", text, sizeof text - 1);
  CHECK(tw::TimeZone::load("Test/Text", dir.path.string()).error().code == tw::Errc::parse);

  // Deterministic byte flips: each load either succeeds or reports an error,
  // and a loaded zone answers queries (ASan/UBSan builds check the memory).
  uint32_t seed = 12345;
  auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
  for (int i = 0; i < 2000; ++i) {
    auto mutated = bytes;
    for (int k = 0; k < 4; ++k) {
      mutated[next() % mutated.size()] = static_cast<char>(next() >> 24);
    }
    auto r = tw::TimeZone::from_tzif(std::string_view(mutated.data(), mutated.size()), "Flip");
    if (r.ok()) {
      const int64_t t = static_cast<int64_t>(next()) * 7919 - (int64_t{1} << 34);
      (void)r->to_local(t);
      CHECK(r->local_day_start(t) <= r->next_local_day_start(t));
    } else {
      CHECK_FALSE(r.error().message.empty());
    }
  }
}

TEST_CASE("hand-made TZif v1, v2 and v3 files", "[timezone]") {
  TempDir dir("tz_handmade");
  auto load_spec = [&dir](const TzifSpec& spec) {
    const std::string bytes = tzif_file(spec);
    dir.write("Test/Zone", bytes.data(), bytes.size());
    return tw::TimeZone::load("Test/Zone", dir.path.string());
  };
  const int64_t t1 = utc(2000, 1, 1);
  const int64_t t2 = utc(2010, 1, 1);

  // v1: 32-bit times, no footer; the last offset holds forever.
  TzifSpec v1{'\0', {t1, t2}, {1, 2}, {100, 3600, 7200}, ""};
  auto a = load_spec(v1);
  REQUIRE(a.ok());
  CHECK(a->utc_offset_s(t1 - 1) == 100);  // type 0 before the first transition
  CHECK(a->utc_offset_s(t1) == 3600);
  CHECK(a->utc_offset_s(t2) == 7200);
  CHECK(a->utc_offset_s(utc(2200, 1, 1)) == 7200);

  // v2 with an empty footer: no rule after the last transition.
  TzifSpec v2{'2', {t1, t2}, {1, 2}, {100, 3600, 7200}, ""};
  auto b = load_spec(v2);
  REQUIRE(b.ok());
  CHECK(b->utc_offset_s(utc(2200, 7, 1)) == 7200);

  // v3 footer with an hour-25 rule time applies after the last transition only.
  TzifSpec v3{'3', {t1}, {1}, {0, 7200}, "<+02>-2<+03>,M3.5.0/25,M10.5.0/25"};
  auto c = load_spec(v3);
  REQUIRE(c.ok());
  CHECK(c->utc_offset_s(utc(1999, 7, 1)) == 0);
  CHECK(c->utc_offset_s(utc(2030, 1, 15)) == 7200);
  CHECK(c->utc_offset_s(utc(2030, 7, 15)) == 10800);
  // 2030-03-31 is the last Sunday of March: the change is Monday 01:00 +02.
  CHECK(c->utc_offset_s(utc(2030, 3, 31, 22, 59)) == 7200);
  CHECK(c->utc_offset_s(utc(2030, 3, 31, 23)) == 10800);

  // Zero transitions: the footer rules all time.
  TzifSpec rule_only{'2', {}, {}, {3600}, "CET-1CEST,M3.5.0,M10.5.0/3"};
  auto d = load_spec(rule_only);
  REQUIRE(d.ok());
  CHECK(d->utc_offset_s(utc(1990, 7, 1)) == 7200);

  // Malformed: each names the file.
  const TzifSpec bad[] = {
      {'2', {t2, t1}, {1, 1}, {0, 3600}, ""},      // not ascending
      {'2', {t1}, {5}, {0, 3600}, ""},             // type index out of range
      {'2', {t1}, {0}, {}, ""},                    // no types
      {'2', {t1}, {1}, {0, 100 * 3600}, ""},       // offset out of range
      {'2', {t1}, {1}, {0, 3600}, "CET-1CEST,M3"}, // bad footer
      {'5', {t1}, {1}, {0, 3600}, ""},             // unknown version
  };
  for (const TzifSpec& spec : bad) {
    auto r = load_spec(spec);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == tw::Errc::parse);
    CHECK(r.error().message.find("Test/Zone") != std::string::npos);
  }
}

TEST_CASE("leap-second zones are refused, not misread", "[timezone]") {
  if (!std::filesystem::exists("/usr/share/zoneinfo/right/Europe/Berlin"))
    TW_SKIP("tzdata has no right/ zones here (/usr/share/zoneinfo/right/Europe/Berlin)");
  auto r = tw::TimeZone::load("right/Europe/Berlin");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == tw::Errc::invalid_argument);
}

TEST_CASE("POSIX TZ rules", "[timezone]") {
  using tw::PosixTzRule;
  auto cet = PosixTzRule::parse("CET-1CEST,M3.5.0,M10.5.0/3");
  REQUIRE(cet.ok());
  CHECK(cet->utc_offset_s(utc(2026, 3, 29, 0, 59)) == 3600);
  CHECK(cet->utc_offset_s(utc(2026, 3, 29, 1)) == 7200);
  CHECK(cet->utc_offset_s(utc(2026, 10, 25, 0, 59)) == 7200);
  CHECK(cet->utc_offset_s(utc(2026, 10, 25, 1)) == 3600);

  auto tehran = PosixTzRule::parse("<+0330>-3:30");
  REQUIRE(tehran.ok());
  CHECK_FALSE(tehran->has_dst());
  CHECK(tehran->utc_offset_s(0) == 3 * 3600 + 1800);

  auto nepal = PosixTzRule::parse("<+0545>-5:45");
  REQUIRE(nepal.ok());
  CHECK(nepal->utc_offset_s(0) == 5 * 3600 + 2700);

  // Godthab-style negative rule times; Israel-style hour 26; DST all year.
  auto nuuk = PosixTzRule::parse("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
  REQUIRE(nuuk.ok());
  CHECK(nuuk->utc_offset_s(utc(2026, 3, 29, 0, 59)) == -2 * 3600);
  CHECK(nuuk->utc_offset_s(utc(2026, 3, 29, 1)) == -3600);
  auto israel = PosixTzRule::parse("IST-2IDT,M3.4.4/26,M10.5.0");
  REQUIRE(israel.ok());
  CHECK(israel->utc_offset_s(utc(2026, 3, 27, 0)) == 3 * 3600);  // Fri 02:00 local
  CHECK(israel->utc_offset_s(utc(2026, 3, 26, 23, 59)) == 2 * 3600);
  auto always = PosixTzRule::parse("EST5EDT,0/0,J365/25");
  REQUIRE(always.ok());
  for (int m = 1; m <= 12; ++m) CHECK(always->utc_offset_s(utc(2026, m, 1, 5)) == -4 * 3600);

  // Jn never counts Feb 29; n does.
  auto julian = PosixTzRule::parse("AAA0BBB-1,J60/0,J300/0");
  auto zero = PosixTzRule::parse("AAA0BBB-1,59/0,299/0");
  REQUIRE((julian.ok() && zero.ok()));
  CHECK(julian->utc_offset_s(utc(2028, 2, 29, 12)) == 0);  // J60 is Mar 1
  CHECK(julian->utc_offset_s(utc(2028, 3, 1, 0)) == 3600);
  CHECK(zero->utc_offset_s(utc(2028, 2, 29, 0)) == 3600);  // day 59 is Feb 29 in 2028

  // DST without rules: the US default.
  auto us = PosixTzRule::parse("EST5EDT");
  REQUIRE(us.ok());
  CHECK(us->utc_offset_s(utc(2026, 7, 1)) == -4 * 3600);

  for (const char* bad : {"", "CE", "CET", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0",
                          "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0", "<+03-3",
                          "CET-25", "CET-1CEST,J0,J300", "CET-1CEST,366,1", "CET-1:60",
                          "CET-1CEST,M3.5.0/168,M10.5.0", "CET-1 ", "CET-1CEST,M3.5.0,M10.5.0x"}) {
    auto r = PosixTzRule::parse(bad);
    INFO(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == tw::Errc::parse);
  }
}

namespace {

void check_against_libc(const char* zone, const tw::TimeZone& tz) {
  const std::string tz_env = std::string(":") + zone;
  ::setenv("TZ", tz_env.c_str(), 1);
  ::tzset();
  // 1901..2150 in steps of ~5.3 days (an odd step visits every hour of day).
  int mismatches = 0;
  for (int64_t t = utc(1901, 1, 1); t < utc(2150, 1, 1); t += 461'437) {
    const time_t tt = static_cast<time_t>(t);
    std::tm tm{};
    REQUIRE(::localtime_r(&tt, &tm) != nullptr);
    const auto c = tz.to_local(t);
    const bool same = c.utc_offset_s == tm.tm_gmtoff && c.year == tm.tm_year + 1900 &&
                      c.month == tm.tm_mon + 1 && c.day == tm.tm_mday && c.hour == tm.tm_hour &&
                      c.minute == tm.tm_min && c.second == tm.tm_sec &&
                      c.weekday == (tm.tm_wday + 6) % 7;
    if (!same && ++mismatches <= 3) {
      INFO(zone << " t=" << t << " ours offset " << c.utc_offset_s << " libc " << tm.tm_gmtoff);
      CHECK(same);
    }
  }
  CHECK(mismatches == 0);
  ::unsetenv("TZ");
  ::tzset();
}

}  // namespace

TEST_CASE("to_local agrees with libc localtime_r", "[timezone]") {
  for (const char* zone :
       {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Australia/Sydney",
        "America/Santiago", "America/Havana", "Asia/Beirut", "Asia/Kathmandu", "Pacific/Apia",
        "Africa/Casablanca", "America/Sao_Paulo", "Europe/Dublin", "Asia/Tehran", "UTC",
        "America/Nuuk", "Pacific/Chatham", "Antarctica/Troll"}) {
    INFO(zone);
    check_against_libc(zone, load(zone));
  }
}

TEST_CASE("day boundaries partition time in many zones", "[timezone]") {
  for (const char* zone :
       {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago",
        "America/Havana", "Asia/Beirut", "Pacific/Apia", "Africa/Casablanca", "America/Asuncion",
        "Pacific/Kiritimati", "America/St_Johns"}) {
    INFO(zone);
    const auto tz = load(zone);
    for (int64_t t = utc(1950, 1, 1); t < utc(2060, 1, 1); t += 86'399 * 3 + 1'234) {
      const int64_t day = tz.local_day_number(t);
      const int64_t start = tz.local_day_start(t);
      const int64_t next = tz.next_local_day_start(t);
      INFO("t=" << t);
      REQUIRE(start <= t);
      REQUIRE(t < next);
      REQUIRE(tz.local_day_number(start) == day);
      REQUIRE(tz.local_day_number(start - 1) < day);
      REQUIRE(tz.local_day_number(next) > day);
      REQUIRE(tz.local_day_number(next - 1) == day);
      const auto c = tz.to_local(t);
      const int64_t back = tz.from_local(c.year, c.month, c.day, c.hour, c.minute, c.second);
      REQUIRE(back <= t);  // t itself, or the earlier of a repeated time
      const auto cb = tz.to_local(back);
      REQUIRE((cb.day == c.day && cb.hour == c.hour && cb.minute == c.minute));
    }
  }
}
