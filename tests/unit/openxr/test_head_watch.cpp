// HeadWatch and LayerCore with synthetic head poses: a wearer who only
// watches (small head movements, no input) counts as attended in the ledger;
// a headset set down (a pose frozen within the sensor noise) stops counting
// after afk_after_s, as it did before without poses; head_motion feeds the
// walking detector; a presence sensor (XR_EXT_user_presence) takes over the
// worn signal.
#include "tw_catch.hpp"

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "layer_core_test_support.hpp"
#include "openxr/layer/head_watch.hpp"

namespace {

using tw_test::at_ms;

constexpr int64_t kAfkS = 30;

// A yaw of `yaw_deg` at eye height, plus a position offset.
tw::HeadPose yaw(double yaw_deg, float dx_m = 0.f) {
  const double h = yaw_deg * 3.14159265358979 / 360.0;
  return {dx_m, 1.6f, 0.f, 0.f, static_cast<float>(std::sin(h)), 0.f, static_cast<float>(std::cos(h))};
}

std::vector<tw::SignalKind> kinds(std::span<const tw::Signal> s) {
  std::vector<tw::SignalKind> k;
  for (const tw::Signal& x : s) k.push_back(x.kind);
  return k;
}

// Focus at 0, then a frame every 100 ms to end_ms whose pose is pose_at(ms)
// (no pose: no head tracking at all); no input. Returns the attended ms the
// ledger holds afterwards.
int64_t watch(const char* name, int64_t end_ms, const std::function<const tw::HeadPose*(int64_t)>& pose_at) {
  const std::string dir = tw_test::fresh_dir("head_watch_test", name);
  tw_test::write(dir + "/policy.toml", "schema = 1\n[attention]\nafk_after_s = " + std::to_string(kAfkS) + "\n");
  tw_test::Log log;
  tw::xr::LayerCore core({.policy_path = dir + "/policy.toml", .ledger_path = dir + "/ledger.db",
                          .ledger_id = "openxr.helloxr"},
                         at_ms(0), log.sink());
  tw::xr::HeadWatch head;
  head.set_afk_after_s(core.policy().attention.afk_after_s);
  const tw::Signal focus{.at = at_ms(0), .kind = tw::SignalKind::app_focus, .app = core.app()};
  core.tick(at_ms(0), {&focus, 1});
  for (int64_t ms = 100; ms <= end_ms; ms += 100) {
    const tw::HeadPose* p = pose_at(ms);
    core.tick(at_ms(ms), p ? head.on_pose(*p, at_ms(ms), core.app()) : std::span<const tw::Signal>());
  }
  core.finish(at_ms(end_ms));
  return tw_test::attended_ms(dir + "/ledger.db", "openxr.helloxr");
}

}  // namespace

TEST_CASE("watching without input counts as attended, a set-down headset stops counting", "[openxr][presence]") {
  constexpr int64_t kEndMs = 300'000;
  // A viewer's head: +-1 deg of yaw over 20 s, 2 mm of sway: no input at all.
  tw::HeadPose p;
  const int64_t watching = watch("watching", kEndMs, [&](int64_t ms) {
    const double s = std::sin(static_cast<double>(ms) * 2.0 * 3.14159265358979 / 20'000.0);
    p = yaw(s, static_cast<float>(0.002 * s));
    return &p;
  });
  // On a desk: a tracked headset's jitter, well inside the floor (0.03 deg, 1 mm).
  const int64_t set_down = watch("set_down", kEndMs, [&](int64_t ms) {
    const double j = (ms / 100) % 2 == 0 ? 1.0 : -1.0;
    p = yaw(0.015 * j, static_cast<float>(0.0005 * j));
    return &p;
  });
  // The layer before issue 13: no poses, no input.
  const int64_t no_poses = watch("no_poses", kEndMs, [](int64_t) { return nullptr; });
  INFO("watching " << watching << " ms, set down " << set_down << " ms, without poses " << no_poses << " ms");
  CHECK(watching >= kEndMs - 1'000);           // all of it, with or without input
  CHECK(set_down <= (kAfkS + 1) * 1'000);      // afk_after_s after the last movement (its start)
  CHECK(set_down >= (kAfkS - 1) * 1'000);
  CHECK(no_poses == set_down);                 // frozen = what nothing at all gave before
}

TEST_CASE("a frozen pose says not_worn after afk_after_s, the next movement worn", "[openxr][presence]") {
  tw::xr::HeadWatch head;
  head.set_afk_after_s(kAfkS);
  std::vector<tw::SignalKind> seen;
  for (int64_t ms = 0; ms <= (kAfkS + 5) * 1000; ms += 11)
    for (tw::SignalKind k : kinds(head.on_pose(yaw(0.0), at_ms(ms), 1)))
      if (k != tw::SignalKind::head_motion) seen.push_back(k);
  CHECK(seen == std::vector{tw::SignalKind::not_worn});
  const auto back = kinds(head.on_pose(yaw(5.0), at_ms((kAfkS + 6) * 1000), 1));
  CHECK(std::find(back.begin(), back.end(), tw::SignalKind::worn) != back.end());
}

TEST_CASE("head_motion every 100 ms at the head's speed: walking reads as walking", "[openxr][presence]") {
  tw::xr::HeadWatch head;
  std::vector<tw::Signal> motion;
  for (int64_t ms = 0; ms <= 1'000; ms += 11)  // 90 Hz, 1.5 m/s along x
    for (const tw::Signal& s : head.on_pose(yaw(0.0, 1.5f * static_cast<float>(ms) / 1000.f), at_ms(ms), 1))
      if (s.kind == tw::SignalKind::head_motion) motion.push_back(s);
  REQUIRE(motion.size() >= 8);
  REQUIRE(motion.size() <= 10);
  for (const tw::Signal& s : motion) {
    CHECK(s.linear_mps == Approx(1.5f).epsilon(0.02));
    CHECK(s.angular_dps < 0.1f);
  }
}

TEST_CASE("a presence sensor's events are the worn signal", "[openxr][presence]") {
  tw::xr::HeadWatch head;
  head.set_afk_after_s(kAfkS);
  CHECK(kinds(head.on_user_presence(true, at_ms(0), 1)).empty());  // the core starts out worn
  CHECK(head.sensor());
  // A very still wearer: frozen longer than afk_after_s, yet the sensor says worn.
  for (int64_t ms = 0; ms <= (kAfkS + 5) * 1000; ms += 100)
    for (tw::SignalKind k : kinds(head.on_pose(yaw(0.0), at_ms(ms), 1))) CHECK(k == tw::SignalKind::head_motion);
  // Movement after the frozen spell is presence, not a worn edge.
  const auto moved = kinds(head.on_pose(yaw(3.0), at_ms((kAfkS + 6) * 1000), 1));
  CHECK(std::find(moved.begin(), moved.end(), tw::SignalKind::present) != moved.end());
  CHECK(std::find(moved.begin(), moved.end(), tw::SignalKind::worn) == moved.end());
  // Taken off, put on: one edge each, repeats say nothing.
  CHECK(kinds(head.on_user_presence(false, at_ms(40'000), 1)) == std::vector{tw::SignalKind::not_worn});
  CHECK(kinds(head.on_user_presence(false, at_ms(40'100), 1)).empty());
  CHECK(kinds(head.on_user_presence(true, at_ms(41'000), 1)) == std::vector{tw::SignalKind::worn});
}
