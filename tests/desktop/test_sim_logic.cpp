// test_sim_logic.cpp: the simulator's time control, head model and options.
#include <cmath>

#include "head_model.hpp"
#include "sim_clock.hpp"
#include "sim_options.hpp"
#include "tw_catch.hpp"

using tw::sim::HeadModel;
using tw::sim::SimClock;
using tw::sim::Speed;

namespace {
// 2026-03-02 07:30 in Europe/Berlin (+01:00).
constexpr int64_t kStartMs = 1772433000000;
SimClock berlin_clock() {
  auto tz = tw::TimeZone::load("Europe/Berlin");
  REQUIRE(tz);
  return SimClock({0, kStartMs}, tz.value());
}
}  // namespace

TEST_CASE("sim clock: real time scaled by the speed, nothing lost to rounding", "[sim]") {
  SimClock c = berlin_clock();
  REQUIRE(c.local().hour == 7);
  REQUIRE(c.local().minute == 30);
  c.set_speed(Speed::x60);
  int64_t total = 0;
  for (int i = 0; i < 600; ++i) total += c.advance_real(1.0 / 60.0);  // 10 real seconds
  CHECK(total == 600'000);
  CHECK(c.now().unix_ms == kStartMs + 600'000);
  CHECK(c.now().mono_ns == 600'000'000'000);
  c.set_speed(Speed::paused);
  CHECK(c.advance_real(1.0) == 0);
  c.set_speed(Speed::x600);
  CHECK(c.advance_real(0.1) == 60'000);
  CHECK(c.advance_real(-1.0) == 0);
  CHECK(c.advance_real(NAN) == 0);
  // A stalled frame is capped so 600x never skips hours at once.
  CHECK(c.advance_real(10.0) == 150'000);
}

TEST_CASE("sim clock: jump to a time of day goes forward only", "[sim]") {
  SimClock c = berlin_clock();
  const int64_t skipped = c.jump_to(22 * 60);
  CHECK(skipped == int64_t{14} * 3'600'000 + 30 * 60'000);
  CHECK(c.local().hour == 22);
  CHECK(c.local().minute == 0);
  // 07:00 is earlier than now: the next day's.
  c.jump_to(7 * 60);
  CHECK(c.local().day == 3);
  CHECK(c.local().hour == 7);
  CHECK(c.now().mono_ns == (c.now().unix_ms - kStartMs) * 1'000'000);
  CHECK(c.jump_to(24 * 60) == 0);
  CHECK(c.jump_to(-1) == 0);
}

TEST_CASE("sim clock: HH:MM parsing", "[sim]") {
  CHECK(tw::sim::parse_hh_mm("07:30") == 450);
  CHECK(tw::sim::parse_hh_mm("23:59") == 1439);
  CHECK(tw::sim::parse_hh_mm("24:00") == -1);
  CHECK(tw::sim::parse_hh_mm("7:30") == -1);
  CHECK(tw::sim::parse_hh_mm("07-30") == -1);
}

TEST_CASE("head model: walking and turning read as an IMU would", "[sim]") {
  HeadModel h;
  h.step({.move = {0.f, 1.f}}, 0.5);
  CHECK(h.linear_mps() == Approx(HeadModel::kWalk_mps));
  CHECK(h.angular_dps() == Approx(0.f).margin(1e-3));
  CHECK(h.position_m().z == Approx(-0.7f));  // forward is -Z at yaw 0
  h.step({.look_deg = {45.f, 0.f}}, 0.25);     // a quick 45 deg turn
  CHECK(h.linear_mps() == Approx(0.f).margin(1e-4));
  CHECK(h.angular_dps() == Approx(180.f).epsilon(1e-3));
  h.step({.move = {0.f, 1.f}, .fast = true}, 1.0);  // forward now points right-ahead
  CHECK(h.linear_mps() == Approx(HeadModel::kHurry_mps));
  CHECK(h.position_m().x == Approx(3.f * std::sqrt(0.5f)).epsilon(1e-3));
  h.step({}, 0.1);
  CHECK(h.linear_mps() == 0.f);
  CHECK(h.angular_dps() == Approx(0.f).margin(1e-3));
}

TEST_CASE("head model: recentre levels the head and faces forward", "[sim]") {
  HeadModel h;
  h.step({.look_deg = {100.f, 30.f}, .rise = -1.f}, 1.0);
  CHECK(h.yaw_deg() == Approx(100.f));
  CHECK(h.pitch_deg() == Approx(-30.f));
  h.recentre();
  CHECK(h.yaw_deg() == 0.f);
  CHECK(h.pitch_deg() == 0.f);
  CHECK(h.position_m().y == HeadModel::kEyeHeight_m);
  const glm::vec3 fwd = h.T_world_head().orientation * glm::vec3(0.f, 0.f, -1.f);
  CHECK(fwd.z == Approx(-1.f));
}

TEST_CASE("options: presets, screenshots and bad input", "[sim]") {
  auto parse = [](std::vector<const char*> args) {
    args.insert(args.begin(), "timewall-simulator");
    return tw::sim::parse_options(static_cast<int>(args.size()), const_cast<char**>(args.data()));
  };
  auto o = parse({"--fov", "narrow", "--display", "passthrough", "--script", "d.jsonl", "--screenshot", "out",
                  "--at", "07:36,22:05"});
  REQUIRE(o);
  CHECK(o->fov.width_deg == 20.f);
  CHECK(o->display == tw::sim::DisplayMode::passthrough);
  CHECK(o->shot_minutes == std::vector<int>{456, 1325});
  auto custom = parse({"--fov", "30x18"});
  REQUIRE(custom);
  CHECK(custom->fov.name == "custom");
  CHECK(custom->fov.height_deg == 18.f);
  CHECK_FALSE(parse({"--fov", "wide"}));
  CHECK_FALSE(parse({"--fov", "200x10"}));
  CHECK_FALSE(parse({"--at", "07:36"}));              // needs --screenshot
  CHECK_FALSE(parse({"--screenshot", "out"}));        // needs --script
  CHECK_FALSE(parse({"--script", "d", "--screenshot", "o", "--at", "7:36"}));
  CHECK_FALSE(parse({"--display"}));
  const auto bad = parse({"--frobnicate"});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("--frobnicate") != std::string::npos);
}
