// The app id rule (core/app_id.hpp) and the app map (core/app_id_overrides.hpp):
// case, surrounding and inner whitespace, control bytes and broken UTF-8;
// the OpenXR layer's ids and the ids it can never report; the override file.
#include "tw_catch.hpp"

#include <fstream>

#include "core/app_id.hpp"
#include "core/app_id_overrides.hpp"

using tw::AppIdOverrides;
using tw::normalize_app_id;

TEST_CASE("app ids: mixed case and surrounding spaces normalise to one id", "[app_id]") {
  CHECK(normalize_app_id("openxr.HelloXR") == "openxr.helloxr");
  CHECK(normalize_app_id("  Com.Example.Feed\t\r\n") == "com.example.feed");
  CHECK(normalize_app_id("OPENXR.HELLOXR") == normalize_app_id(" openxr.helloxr "));
  CHECK(normalize_app_id("") == "");
  CHECK(normalize_app_id(" \t ") == "");
}

TEST_CASE("app ids: inner whitespace and control bytes become '-', the rest stays", "[app_id]") {
  CHECK(normalize_app_id("My Game: Deluxe") == "my-game:-deluxe");
  CHECK(normalize_app_id("a\tb\x01" "c") == "a-b-c");
  CHECK(normalize_app_id("steam:123/Über") == "steam:123/Über");  // only ASCII letters are lower-cased
  CHECK(normalize_app_id("日本語のアプリ") == "日本語のアプリ");
  CHECK(normalize_app_id("bad\xff\xc3(utf8") == "bad--(utf8");   // not UTF-8: one '-' per byte
  CHECK(normalize_app_id("\xed\xa0\x80") == "---");               // a UTF-16 surrogate is not UTF-8
}

TEST_CASE("app ids: the rule is idempotent and is_normalized_app_id agrees with it", "[app_id]") {
  for (const char* s : {"openxr.HelloXR", " a b ", "x\x7fy", "ok.id", "", "Ü\xc3", "\x01lead", "trail\x02 "}) {
    const std::string once = normalize_app_id(s);
    CHECK(normalize_app_id(once) == once);
    CHECK(tw::is_normalized_app_id(once));
    CHECK(tw::is_normalized_app_id(s) == (once == s));
  }
}

TEST_CASE("app ids: the OpenXR layer's ids, and those it can never report", "[app_id][openxr]") {
  CHECK(tw::openxr_app_id("hello_xr") == "openxr.hello_xr");
  CHECK(tw::openxr_app_id("HelloXR") == "openxr.helloxr");
  CHECK(tw::openxr_app_id("  Hello XR ") == "openxr.hello-xr");
  CHECK(tw::openxr_app_id("") == "openxr.unnamed");
  CHECK(tw::unreachable_app_id("openxr.helloxr").empty());
  CHECK(tw::unreachable_app_id("com.example.feed").empty());
  CHECK(tw::unreachable_app_id("openxr.") == "an OpenXR application without a name counts as \"openxr.unnamed\"");
  CHECK(tw::unreachable_app_id("openxr." + std::string(127, 'a')).empty());
  CHECK(tw::unreachable_app_id("openxr." + std::string(128, 'a')) ==
        "an OpenXR application name is at most 127 bytes, this one has 128");
}

TEST_CASE("the app map wins, matches names by the rule, and reports bad lines", "[app_id][overrides]") {
  const AppIdOverrides map = AppIdOverrides::parse(
      "# application name = app id\n"
      "HelloXR = com.khronos.hello_xr\n"
      "no equals sign here\n"
      "  Feed App   = Com.Example.Feed   # trailing comment\n"
      "Bad = openxr.\n"
      " = com.example.nameless\n"
      "helloxr = com.khronos.hello_xr2\n",
      "apps.conf");
  REQUIRE(map.entries().size() == 2);
  CHECK(map.resolve_openxr("HelloXR") == "com.khronos.hello_xr2");  // the later line for one name wins
  CHECK(map.resolve_openxr(" HELLOXR") == "com.khronos.hello_xr2");
  CHECK(map.resolve_openxr("feed app") == "com.example.feed");
  CHECK(map.resolve_openxr("Bad") == "openxr.bad");
  REQUIRE(map.find("Feed App") != nullptr);
  CHECK(map.find("Feed App")->line == 4);
  REQUIRE(map.warnings().size() == 3);
  CHECK(map.warnings()[0] == "apps.conf:3: expected 'application name = app id'");
  CHECK(map.warnings()[1] ==
        "apps.conf:5: app id \"openxr.\": an OpenXR application without a name counts as \"openxr.unnamed\"");
  CHECK(map.warnings()[2] == "apps.conf:6: the application name is empty");
}

TEST_CASE("a missing app map is an empty map, a present one is read", "[app_id][overrides]") {
  auto missing = AppIdOverrides::load(TW_BINARY_DIR "/no/such/openxr-apps.conf");
  REQUIRE(missing.ok());
  CHECK(missing.value().entries().empty());
  auto none = AppIdOverrides::load("");
  REQUIRE(none.ok());
  CHECK(none.value().resolve_openxr("HelloXR") == "openxr.helloxr");

  const std::string path = TW_BINARY_DIR "/test-openxr-apps.conf";
  std::ofstream(path) << "HelloXR = com.khronos.hello_xr\n";
  auto present = AppIdOverrides::load(path);
  REQUIRE(present.ok());
  CHECK(present.value().resolve_openxr("HelloXR") == "com.khronos.hello_xr");
  CHECK(present.value().source() == path);
}
