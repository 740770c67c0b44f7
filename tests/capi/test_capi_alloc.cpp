// The C ABI's steady-state tick allocates nothing: feed a signal by app name,
// tick, read overlays and decisions, 10,000 times at 90 Hz after a warm-up,
// with the global operator new replaced by a counting one (libtimewall.so
// reaches it through libstdc++'s dynamic symbols).
#include "tw_catch.hpp"

#include "timewall/timewall.h"

#include "counting_new.hpp"

TEST_CASE("C ABI: a steady-state feed + tick + read allocates nothing", "[capi][alloc]") {
  const char* policy =
      "schema = 1\n[time_value]\ntimezone = \"UTC\"\n[attention]\nafk_after_s = 86400\n"
      "[apps]\n\"com.example.feed\" = \"social\"\n"
      "[[budget]]\nid = \"social\"\ncategory = \"social\"\nlimit_min = 600\n";
  tw_engine_desc desc{};
  desc.struct_size = sizeof desc;
  desc.policy_text = policy;
  tw_engine* e = nullptr;
  const long before_create = g_allocations;
  REQUIRE(tw_engine_create(&desc, &e, nullptr) == TW_OK);
  // The library's allocations reach this counter (else the check below proves nothing).
  REQUIRE(g_allocations > before_create);
  tw_signal sig{};
  sig.app = "com.example.feed";
  sig.kind = TW_SIGNAL_WORN;
  REQUIRE(tw_engine_feed(e, &sig, 1) == TW_OK);
  sig.kind = TW_SIGNAL_APP_FOCUS;
  REQUIRE(tw_engine_feed(e, &sig, 1) == TW_OK);
  sig.kind = TW_SIGNAL_INTERACTION;
  const tw_overlay* ov = nullptr;
  const tw_decision* dec = nullptr;
  size_t n = 0;
  size_t m = 0;
  size_t rings = 0;
  long during = 0;
  for (int64_t frame = 0; frame < 11'000; ++frame) {
    if (frame == 1'000) during = g_allocations;  // warm-up over: vectors at capacity, names cached
    sig.at = {frame * 11'111'111, 1'795'597'200'000 + frame * 11};
    REQUIRE(tw_engine_feed(e, &sig, 1) == TW_OK);
    REQUIRE(tw_engine_tick(e, sig.at) == TW_OK);
    REQUIRE(tw_engine_overlays(e, &ov, &n) == TW_OK);
    REQUIRE(tw_engine_decisions(e, &dec, &m) == TW_OK);
    if (n == 1 && ov[0].kind == TW_OVERLAY_BUDGET_RING) ++rings;
  }
  during = g_allocations - during;
  tw_engine_destroy(e);
  CHECK(rings == 11'000);  // the loop did real work: the ring was up every frame
  CHECK(during == 0);
}
