// consumer.cpp: the C++ SDK and the C ABI from an installed prefix. Parses a
// policy, runs the engine for two minutes of a feed, and checks the budget
// ring counts it; checks that the header, the package and the loaded library
// agree on the version. Exit 0 = all good.
#include <array>
#include <cstdio>
#include <cstring>

#include "core/engine/engine.hpp"
#include "core/policy/policy_loader.hpp"
#include "layout/fov.hpp"
#include "timewall/timewall.h"

int main() {
  int bad = 0;
  auto expect = [&](bool ok, const char* what) {
    if (!ok) {
      std::fprintf(stderr, "consumer_cpp: %s\n", what);
      ++bad;
    }
  };
  expect(std::strcmp(tw_version_string(), TIMEWALL_VERSION_STRING) == 0, "library version != header version");
  expect(std::strcmp(PACKAGE_VERSION, TIMEWALL_VERSION_STRING) == 0, "package version != header version");

  auto policy = tw::parse_policy(
      "schema = 1\n[apps]\n\"com.example.feed\" = \"social\"\n"
      "[[budget]]\nid = \"social\"\ncategory = \"social\"\nlimit_min = 30\n",
      "consumer.toml");
  expect(policy.ok(), "policy did not parse");
  if (!policy) return 1;
  auto engine = tw::Engine::create({.policy = policy.value(), .timezone = tw::TimeZone::utc()});
  expect(engine.ok(), "engine not created");
  if (!engine) return 1;
  const tw::AppId feed = engine->apps().intern("com.example.feed");
  tw::ManualClock clock({.mono_ns = 0, .unix_ms = 1'795'597'200'000});
  const std::array<tw::Signal, 2> start{{{.at = clock.now(), .kind = tw::SignalKind::worn},
                                         {.at = clock.now(), .kind = tw::SignalKind::app_focus, .app = feed}}};
  engine->tick(clock.now(), start);
  int64_t used_s = -1;
  for (int s = 1; s <= 120; ++s) {
    clock.advance_ms(1000);
    const tw::Signal touch{.at = clock.now(), .kind = tw::SignalKind::interaction, .app = feed};
    for (const tw::Overlay& o : engine->tick(clock.now(), {&touch, 1}).overlays)
      if (o.kind == tw::OverlayKind::budget_ring) used_s = o.used_s;
  }
  std::printf("consumer_cpp: Timewall %s, ring used %lld s of 1800\n", TIMEWALL_VERSION_STRING,
              static_cast<long long>(used_s));
  expect(used_s == 120, "the ring did not count two minutes");

  auto fov = tw::layout::binocular_fov({tw::layout::symmetric_fov(40.f, 30.f), tw::layout::symmetric_fov(40.f, 30.f)});
  expect(fov.ok(), "layout: binocular_fov failed");
  return bad ? 1 : 0;
}
