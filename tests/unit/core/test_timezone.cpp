// TimeZone's own parts: civil day arithmetic, fixed zones, the TZif reader's
// errors on bad names and damaged files, and the POSIX TZ rules. The DST
// tests, which also run against date/tz, are in test_timezone_dst.cpp.
#include "tw_catch.hpp"

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

// Unix seconds of a UTC wall time: the expected values below read as ISO times.
int64_t utc(int y, int mo, int d, int h = 0, int mi = 0) {
  return tw::days_from_civil(y, mo, d) * 86400 + h * kHourS + mi * 60;
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
