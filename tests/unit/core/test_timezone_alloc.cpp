// Lookups run every tick, so they must not allocate: this binary replaces the
// global operator new with a counting one and runs every lookup in between,
// for TimeZone and for date/tz (the library it is measured against).
#include "tw_catch.hpp"

#include "core/timezone.hpp"
#include "date_tz_zone.hpp"

#include "counting_new.hpp"

using TimewallZone = tw::TimeZone;
using DateTzZone = tw_test::DateTzZone;

TEMPLATE_TEST_CASE("time zone lookups do not allocate", "[timezone][alloc]", TimewallZone, DateTzZone) {
  auto berlin = TestType::load("Europe/Berlin");
  auto santiago = TestType::load("America/Santiago");
  REQUIRE((berlin.ok() && santiago.ok()));
  const long before = g_allocations;
  int64_t sink = 0;
  for (const TestType* tz : {&berlin.value(), &santiago.value()}) {
    // 1990 .. 2120: table and footer rule, in steps of ~4.6 days.
    for (int64_t t = 631'152'000; t < 4'733'510'400; t += 397'301) {
      sink += tz->utc_offset_s(t) + tz->to_local(t).hour + tz->local_day_number(t) +
              tz->local_day_start(t) + tz->next_local_day_start(t) + tz->local_week_start(t) +
              tz->from_local(2026, 3, 29, 2, 30, 0);
    }
  }
  const long during = g_allocations - before;
  CHECK(sink != 0);
  CHECK(during == 0);
}
