// counting_new.hpp: replaces the global operator new/delete with versions that
// count allocations in g_allocations (and per thread in t_allocations), for
// the "a steady frame allocates nothing" tests. Include it in exactly one .cpp of a test binary (it defines
// the replacement functions). Every non-aligned form is replaced, so each
// block is freed by the family that allocated it (ASan checks this).
#pragma once

#include <cstdlib>
#include <new>

namespace {
long g_allocations = 0;               // every thread's (read it while one thread allocates)
thread_local long t_allocations = 0;  // this thread's: a frame thread beside a committer thread
// Out of line: inlined into operator new, the thread-local access lets GCC 12
// pair the allocation with free() and warn (-Wmismatched-new-delete).
[[gnu::noinline]] void count_allocation() {
  ++g_allocations;
  ++t_allocations;
}
}  // namespace

void* operator new(std::size_t n) {
  count_allocation();
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  count_allocation();
  return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
