// One include for Catch2 2.13 (Debian 12: catch2/catch.hpp) and Catch2 v3,
// plus TW_SKIP for a test case that cannot run on this machine.
//
//   if (::geteuid() != 0) TW_SKIP("not root: cannot chown a file to another user");
#pragma once
#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif

namespace tw::test {

// The exit code of a run whose every test case skipped (CTest's SKIP_RETURN_CODE).
inline constexpr int kSkipExitCode = 77;

// Prints "SKIPPED: <test case>: <reason>" and marks the running case skipped
// (tests/support/catch_main.cpp).
void note_skip(const char* reason);

}  // namespace tw::test

// Leaves the running test case as skipped, saying why. Use at the top level
// of a TEST_CASE, before any assertion that should count.
#define TW_SKIP(reason)             \
  do {                              \
    ::tw::test::note_skip(reason);  \
    return;                         \
  } while (false)
