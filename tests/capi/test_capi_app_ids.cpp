// The C ABI applies the app id rule (core/app_id.hpp, issue 18): an app
// reported as " Com.Example.Feed " is the policy's "COM.example.feed", so
// its budget's ring shows, under the normalised id.
#include "tw_catch.hpp"

#include <string>

#include "timewall/timewall.h"

TEST_CASE("C ABI: app ids match the policy's keys whatever their case and surrounding spaces",
          "[capi][app_id]") {
  tw_engine_desc desc{};
  desc.struct_size = sizeof desc;
  desc.policy_text =
      "schema = 1\n[apps]\n\"COM.example.feed\" = \"social\"\n"
      "[[budget]]\nid = \"social-daily\"\ncategory = \"social\"\nlimit_min = 20\n";
  tw_engine* e = nullptr;
  REQUIRE(tw_engine_create(&desc, &e, nullptr) == TW_OK);
  const tw_instant t0{1'000'000'000, 1'795'597'200'000};
  tw_signal s[3]{};
  s[0].at = t0, s[0].kind = TW_SIGNAL_WORN;
  s[1].at = t0, s[1].kind = TW_SIGNAL_APP_FOCUS, s[1].app = " Com.Example.Feed ";
  s[2].at = t0, s[2].kind = TW_SIGNAL_INTERACTION, s[2].app = "com.example.FEED";
  REQUIRE(tw_engine_feed(e, s, 3) == TW_OK);
  REQUIRE(tw_engine_tick(e, {t0.mono_ns + 60'000'000'000, t0.unix_ms + 60'000}) == TW_OK);
  const tw_overlay* overlays = nullptr;
  size_t n = 0;
  REQUIRE(tw_engine_overlays(e, &overlays, &n) == TW_OK);
  const tw_overlay* ring = nullptr;
  for (size_t i = 0; i < n; ++i)
    if (overlays[i].kind == TW_OVERLAY_BUDGET_RING) ring = &overlays[i];
  REQUIRE(ring != nullptr);
  CHECK(std::string(ring->app) == "com.example.feed");
  CHECK(std::string(ring->category) == "social");
  CHECK(ring->limit_s == 20 * 60);
  CHECK(ring->used_s == 60);
  tw_engine_destroy(e);
}
