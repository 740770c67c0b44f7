#include "tw_catch.hpp"

#include "core/clock.hpp"
#include "core/interner.hpp"
#include "core/overlay.hpp"
#include "core/result.hpp"

TEST_CASE("Result carries a value or an error", "[result]") {
  tw::Result<int> good = 7;
  REQUIRE(good.ok());
  CHECK(good.value() == 7);

  tw::Result<int> bad{tw::Errc::invalid_policy, "policy.toml:3:1: budget.limit_min: must be > 0"};
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == tw::Errc::invalid_policy);
  CHECK(tw::to_string(bad.error().code) == "invalid_policy");

  tw::Status fine;
  CHECK(fine.ok());
  tw::Status failed{tw::Errc::io, "disk"};
  CHECK_FALSE(failed.ok());
}

TEST_CASE("ManualClock advances both readings together", "[clock]") {
  tw::ManualClock clock({.mono_ns = 5, .unix_ms = 1'000});
  clock.advance_ms(250);
  CHECK(clock.now().mono_ns == 5 + 250'000'000);
  CHECK(clock.now().unix_ms == 1'250);
}

TEST_CASE("Interner gives stable dense ids", "[interner]") {
  tw::Interner apps;
  const auto a = apps.intern("com.example.feed");
  const auto b = apps.intern("com.example.chat");
  CHECK(a != b);
  CHECK(apps.intern("com.example.feed") == a);
  CHECK(apps.find("com.example.chat") == b);
  CHECK_FALSE(apps.find("missing").has_value());
  CHECK(apps.name(b) == "com.example.chat");
  CHECK(apps.name(tw::kNoId).empty());
}

TEST_CASE("Every reason and overlay kind has a distinct name", "[reason]") {
  CHECK(tw::to_string(tw::Reason::deferral_bound) == "deferral_bound");
  CHECK(tw::to_string(tw::OverlayKind::friction_prompt) == "friction_prompt");
  for (int i = 0; i < tw::kOverlayKindCount; ++i)
    CHECK(tw::to_string(static_cast<tw::OverlayKind>(i)) != "unknown");
}
