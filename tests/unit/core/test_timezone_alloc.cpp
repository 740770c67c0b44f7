// Lookups run every tick, so they must not allocate: this binary replaces the
// global operator new with a counting one and runs every lookup in between.
#include "tw_catch.hpp"

#include <cstdlib>
#include <new>

#include "core/timezone.hpp"

namespace {
long g_allocations = 0;
}  // namespace

// Every non-aligned form is replaced, so each block is freed by the family
// that allocated it (ASan checks this).
void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  ++g_allocations;
  return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

TEST_CASE("TimeZone lookups do not allocate", "[timezone][alloc]") {
  auto berlin = tw::TimeZone::load("Europe/Berlin");
  auto santiago = tw::TimeZone::load("America/Santiago");
  REQUIRE((berlin.ok() && santiago.ok()));
  const long before = g_allocations;
  int64_t sink = 0;
  for (const tw::TimeZone* tz : {&berlin.value(), &santiago.value()}) {
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
