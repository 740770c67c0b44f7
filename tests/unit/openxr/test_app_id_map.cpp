#include "tw_catch.hpp"

#include <fstream>

#include "openxr/layer/app_id_map.hpp"

using tw::xr::AppIdMap;

TEST_CASE("an app without an override counts as openxr.<name>", "[openxr][app_id]") {
  const AppIdMap map;
  CHECK(map.ledger_id("hello_xr") == "openxr.hello_xr");
  CHECK(map.ledger_id("HelloXR") == "openxr.helloxr");
  CHECK(map.ledger_id("My Game: Deluxe") == "openxr.my-game--deluxe");
  CHECK(map.ledger_id("") == "openxr.unnamed");
}

TEST_CASE("the override file wins, and a bad line is reported without losing the others", "[openxr][app_id]") {
  const AppIdMap map = AppIdMap::parse(
      "# application name = ledger id\n"
      "HelloXR = com.khronos.hello_xr\n"
      "no equals sign here\n"
      "Feed App = com.example.feed   # trailing comment\n"
      "Bad = has spaces in it\n"
      " = com.example.nameless\n",
      "apps.conf");
  CHECK(map.size() == 2);
  CHECK(map.ledger_id("HelloXR") == "com.khronos.hello_xr");
  CHECK(map.ledger_id("Feed App") == "com.example.feed");
  CHECK(map.ledger_id("Bad") == "openxr.bad");
  REQUIRE(map.warnings().size() == 3);
  CHECK(map.warnings()[0].rfind("apps.conf:3: ", 0) == 0);
  CHECK(map.warnings()[1].rfind("apps.conf:5: ", 0) == 0);
  CHECK(map.warnings()[2].rfind("apps.conf:6: ", 0) == 0);
}

TEST_CASE("a missing override file is an empty map, a present one is read", "[openxr][app_id]") {
  auto missing = AppIdMap::load(TW_BINARY_DIR "/no/such/openxr-apps.conf");
  REQUIRE(missing.ok());
  CHECK(missing.value().size() == 0);

  const std::string path = TW_BINARY_DIR "/test-openxr-apps.conf";
  std::ofstream(path) << "HelloXR = com.khronos.hello_xr\n";
  auto present = AppIdMap::load(path);
  REQUIRE(present.ok());
  CHECK(present.value().ledger_id("HelloXR") == "com.khronos.hello_xr");
}
