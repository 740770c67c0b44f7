// load_local_timezone: TZ in its three forms, /etc/localtime as a symlink
// into zoneinfo (named) or as a plain copy (bytes), and the errors.
#include "tw_catch.hpp"

#include <filesystem>

#include "common/local_timezone.hpp"

namespace {

const std::string kDir = std::string(TW_BINARY_DIR) + "/local_timezone_test";

void fresh() {
  std::filesystem::remove_all(kDir);
  std::filesystem::create_directories(kDir);
}

}  // namespace

TEST_CASE("TZ names a zone, with or without ':', or a TZif file", "[timezone][local]") {
  for (const char* tz : {"Europe/Berlin", ":Europe/Berlin"}) {
    auto zone = tw::load_local_timezone(tz, "/nonexistent");
    REQUIRE(zone.ok());
    CHECK(zone.value().name() == "Europe/Berlin");
    CHECK(zone.value().utc_offset_s(1'782'864'000) == 7200);  // 2026-07-01: CEST
  }
  auto file = tw::load_local_timezone(":/usr/share/zoneinfo/Asia/Tokyo", "/nonexistent");
  REQUIRE(file.ok());
  CHECK(file.value().utc_offset_s(1'782'864'000) == 9 * 3600);
}

TEST_CASE("a bad TZ is an error naming it", "[timezone][local]") {
  auto posix = tw::load_local_timezone("CET-1CEST,M3.5.0,M10.5.0/3", "/nonexistent");
  REQUIRE_FALSE(posix.ok());
  CHECK(posix.error().message.find("TZ=CET-1CEST") != std::string::npos);
  auto missing = tw::load_local_timezone("Mars/Olympus_Mons", "/nonexistent");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == tw::Errc::not_found);
}

TEST_CASE("without TZ, /etc/localtime: a symlink gives the zone's name, a copy its bytes", "[timezone][local]") {
  fresh();
  const std::string link = kDir + "/localtime-link";
  std::filesystem::create_symlink("/usr/share/zoneinfo/America/New_York", link);
  auto named = tw::load_local_timezone(nullptr, link);
  REQUIRE(named.ok());
  CHECK(named.value().name() == "America/New_York");

  const std::string copy = kDir + "/localtime-copy";
  std::filesystem::copy_file("/usr/share/zoneinfo/America/New_York", copy);
  auto bytes = tw::load_local_timezone("", copy);
  REQUIRE(bytes.ok());
  CHECK(bytes.value().name() == "localtime");
  CHECK(bytes.value().utc_offset_s(1'782'864'000) == -4 * 3600);  // EDT

  auto none = tw::load_local_timezone(nullptr, kDir + "/no-such-localtime");
  CHECK_FALSE(none.ok());
}
