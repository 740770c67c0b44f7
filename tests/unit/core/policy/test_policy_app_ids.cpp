// The policy's app ids follow the app id rule (core/app_id.hpp): [apps] keys,
// [[budget]] app and youth.allow are normalised, so a key written as the app
// reports itself matches; two keys for one app are redundant (same category)
// or an error (different ones); ids no host can report, and OpenXR ids the
// wearer's app map renames, are warnings with file:line:col. app_coverage()
// says what the policy does with an id.
#include "core/app_id.hpp"
#include "core/app_id_overrides.hpp"
#include "core/policy/app_coverage.hpp"
#include "core/policy/policy_loader.hpp"
#include "tw_catch.hpp"

namespace {

tw::PolicyLoadResult parse(const std::string& text, const tw::AppIdOverrides* map = nullptr) {
  return tw::parse_policy(text, "p.toml", map);
}

std::string all(const std::vector<tw::PolicyError>& v) {
  std::string s;
  for (const auto& e : v) s += tw::to_string(e) + "\n";
  return s;
}

}  // namespace

TEST_CASE("policy app ids: keys, budget apps and youth.allow are normalised", "[policy][app_id]") {
  const tw::PolicyLoadResult r = parse(
      "schema = 1\n"
      "[apps]\n"
      "\"openxr.HelloXR\" = \"games\"\n"
      "\" Com.Example.Feed \" = \"social\"\n"
      "\"openxr.Hello XR\" = \"games\"\n"
      "[[budget]]\nid = \"hello\"\napp = \"OpenXR.HelloXR\"\nlimit_min = 45\n"
      "[youth]\nallow = [\" Com.Example.Feed\"]\n");
  INFO(r.error().message);
  REQUIRE(r.ok());
  CHECK(r.warnings().empty());
  const tw::Policy& p = r.value();
  REQUIRE(p.apps.size() == 3);
  CHECK(p.apps[0].app == "com.example.feed");
  CHECK(p.apps[1].app == "openxr.hello-xr");
  CHECK(p.apps[2].app == "openxr.helloxr");
  CHECK(p.budgets[0].target == "openxr.helloxr");
  CHECK(p.youth.allow == std::vector<std::string>{"com.example.feed"});

  const tw::AppCoverage c = tw::app_coverage(p, tw::openxr_app_id("HelloXR"));
  CHECK(c.entry == 2);
  CHECK(c.category == "games");
  CHECK(c.budgets == std::vector<int32_t>{0});
  CHECK(tw::describe_app_coverage(p, c) == "[apps] \"openxr.helloxr\" = \"games\"; budget hello (45 min daily)");
  const tw::AppCoverage none = tw::app_coverage(p, "openxr.other_app");
  CHECK(none.entry == -1);
  CHECK(!none.covered());
  CHECK(tw::describe_app_coverage(p, none) == "no [apps] entry, category \"other\"; no rule covers it");
}

TEST_CASE("policy app ids: two keys for one app", "[policy][app_id]") {
  const tw::PolicyLoadResult same = parse(
      "schema = 1\n[apps]\n\"openxr.helloxr\" = \"games\"\n\"openxr.HelloXR\" = \"games\"\n");
  REQUIRE(same.ok());
  CHECK(same->apps.size() == 1);
  CHECK(all(same.warnings()) ==
        "p.toml:4:1: warning: apps.\"openxr.HelloXR\": is the same app as apps.\"openxr.helloxr\" (line 3): app ids "
        "match whatever their case and surrounding whitespace; this line is redundant\n");

  const tw::PolicyLoadResult differ = parse(
      "schema = 1\n[apps]\n\"openxr.HelloXR\" = \"games\"\n\" openxr.helloxr\" = \"work\"\n");
  REQUIRE(!differ.ok());
  CHECK(all(differ.errors()) ==
        "p.toml:4:1: apps.\" openxr.helloxr\": is the same app as apps.\"openxr.HelloXR\" (line 3): app ids match "
        "whatever their case and surrounding whitespace; keep one of the two categories\n");

  const tw::PolicyLoadResult blank = parse("schema = 1\n[apps]\n\"  \" = \"games\"\n");
  REQUIRE(!blank.ok());
  CHECK(all(blank.errors()) == "p.toml:3:1: apps.\"  \": an app id is 1-256 characters, not only whitespace\n");
}

TEST_CASE("policy app ids: an id no host can report is a warning, and the policy loads", "[policy][app_id]") {
  const tw::PolicyLoadResult r = parse(
      "schema = 1\n[apps]\n\"openxr.\" = \"games\"\n\"openxr.helloxr\" = \"games\"\n"
      "[[budget]]\nid = \"g\"\ncategory = \"games\"\nlimit_min = 30\n");
  INFO(r.error().message);
  REQUIRE(r.ok());
  CHECK(r->apps.size() == 2);
  CHECK(all(r.warnings()) ==
        "p.toml:3:1: warning: apps.\"openxr.\": no host can report app id \"openxr.\", so this never applies: "
        "an OpenXR application without a name counts as \"openxr.unnamed\"\n");
}

TEST_CASE("policy app ids: an OpenXR id the app map renames is a warning", "[policy][app_id][overrides]") {
  const tw::AppIdOverrides map = tw::AppIdOverrides::parse("HelloXR = com.khronos.hello_xr\n", "apps.conf");
  const std::string text =
      "schema = 1\n[apps]\n\"openxr.HelloXR\" = \"games\"\n\"com.khronos.hello_xr\" = \"games\"\n";
  const tw::PolicyLoadResult r = parse(text, &map);
  REQUIRE(r.ok());
  CHECK(all(r.warnings()) ==
        "p.toml:3:1: warning: apps.\"openxr.HelloXR\": the OpenXR layer never reports \"openxr.helloxr\": the app "
        "map apps.conf:1 counts application \"helloxr\" as \"com.khronos.hello_xr\"; name that id here\n");
  CHECK(parse(text).warnings().empty());  // without the map nothing says the id is renamed
}
