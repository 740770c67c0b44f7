// The C ABI never takes its host down: random signals and ticks with extreme
// times (jumps to the edges of the valid range and back), NaN speeds, empty,
// invalid-UTF-8 and long app names, against a real ledger. Out-of-range times
// are refused with TW_ERROR_INVALID_ARGUMENT (they once made the scheduler
// loop forever on an overflowed deadline); everything else succeeds. A hang
// fails through the CTest timeout.
#include "tw_catch.hpp"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <random>
#include <string>

#include "timewall/timewall.h"

namespace {

constexpr const char* kPolicy =
    "schema = 1\n[time_value]\ntimezone = \"Europe/Berlin\"\n[apps]\n\"a\" = \"social\"\n"
    "[[budget]]\nid = \"s\"\ncategory = \"social\"\nlimit_min = 1\nat_limit = \"friction\"\n"
    "[friction]\npause_s = 1\n[[friction.exercise]]\nid = \"x\"\nkind = \"wait\"\nwait_s = 1\ntext = \"b\"\n"
    "[idle]\nmin_idle_s = 1\ndefault = \"fill\"\n"
    "[[idle.item]]\nid = \"n\"\nkind = \"note\"\ntitle = \"t\"\nbody = \"b\"\n";

constexpr int64_t kMaxMonoNs = (int64_t{1} << 62) - 1;
constexpr int64_t kMaxUnixMs = 253'402'300'799'999;  // 9999-12-31T23:59:59.999Z

}  // namespace

TEST_CASE("C ABI: random signals and extreme times never crash or hang", "[capi][robust]") {
  const auto dir = std::filesystem::path(TW_BINARY_DIR) / "capi_robust";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string ledger = (dir / "ledger.db").string();
  tw_engine_desc desc{};
  desc.struct_size = sizeof desc;
  desc.policy_text = kPolicy;
  desc.ledger_path = ledger.c_str();
  tw_engine* e = nullptr;
  REQUIRE(tw_engine_create(&desc, &e, nullptr) == TW_OK);

  const int64_t edge_mono[] = {0, 1, kMaxMonoNs, int64_t{1} << 61, 86'400'000'000'000};
  const int64_t edge_unix[] = {0, 1, kMaxUnixMs, 1'795'597'200'000, int64_t{1} << 40};
  const std::string long_name(4096, 'x');
  const char* apps[] = {"a", "b", "", nullptr, "\xff\xfe", long_name.c_str()};
  std::mt19937_64 rng(7);
  int ok = 0;
  for (int i = 0; i < 4'000; ++i) {
    const bool wild = rng() % 50 == 0;
    tw_signal s{};
    s.at.mono_ns = wild ? edge_mono[rng() % 5] : int64_t{i} * 100'000'000;
    s.at.unix_ms = wild ? edge_unix[rng() % 5] : 1'795'597'200'000 + int64_t{i} * 100;
    s.kind = static_cast<int32_t>(rng() % 11);
    s.context = static_cast<int32_t>(rng() % 4);
    s.app = apps[rng() % 6];
    s.linear_mps = static_cast<float>(rng() % 3);
    s.angular_dps = static_cast<float>(rng() % 200);
    s.planned_end_unix_ms = s.at.unix_ms + 60'000 > kMaxUnixMs ? kMaxUnixMs : s.at.unix_ms + 60'000;
    s.nudge_id = static_cast<uint32_t>(rng());
    s.urgent = static_cast<int32_t>(rng() % 2);
    REQUIRE(tw_engine_feed(e, &s, 1) == TW_OK);
    REQUIRE(tw_engine_tick(e, s.at) == TW_OK);
    if (i % 250 == 0) {
      tw_day_report r{};
      REQUIRE(tw_engine_day_report(e, s.at.unix_ms, &r) == TW_OK);
      REQUIRE(tw_engine_finish(e, s.at) == TW_OK);
    }
    ++ok;
  }
  CHECK(ok == 4'000);

  // Out of range: refused, the queue and the engine untouched.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  tw_signal bad{};
  bad.kind = TW_SIGNAL_HEAD_MOTION;
  bad.at = {0, 1'795'597'200'000};
  bad.linear_mps = nan;
  CHECK(tw_engine_feed(e, &bad, 1) == TW_ERROR_INVALID_ARGUMENT);
  bad.linear_mps = 0.f;
  for (tw_instant t : {tw_instant{-1, 0}, tw_instant{kMaxMonoNs + 1, 0}, tw_instant{0, -1},
                       tw_instant{0, kMaxUnixMs + 1}, tw_instant{std::numeric_limits<int64_t>::max(), 0}}) {
    bad.at = t;
    CHECK(tw_engine_feed(e, &bad, 1) == TW_ERROR_INVALID_ARGUMENT);
    CHECK(tw_engine_tick(e, t) == TW_ERROR_INVALID_ARGUMENT);
    CHECK(tw_engine_finish(e, t) == TW_ERROR_INVALID_ARGUMENT);
  }
  CHECK(tw_engine_tick(e, {kMaxMonoNs, kMaxUnixMs}) == TW_OK);
  tw_engine_destroy(e);
  std::filesystem::remove_all(dir);
}
