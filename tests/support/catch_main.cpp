// The main of every Catch2 test program (Catch2 2.13 and v3), with real skips.
//
// TW_SKIP(reason) (tw_catch.hpp) prints why a test case cannot run here and
// leaves it. When every test case of a run skipped, the program exits with
// kSkipExitCode, which CTest reports as "Skipped" (SKIP_RETURN_CODE, set by
// timewall_add_catch_test) instead of a silent pass. CTest runs one test case
// per process, so a skipped case shows up as skipped; a run of the whole
// program still exits 0 when other cases ran and passed.
#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
using TwListenerBase = Catch::EventListenerBase;
#else
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
using TwListenerBase = Catch::TestEventListenerBase;
#endif

#include <cstdio>
#include <string>

#include "tw_catch.hpp"

namespace {

int g_cases_run = 0;
int g_cases_skipped = 0;
bool g_current_skipped = false;
std::string g_current_name;

class SkipCounter final : public TwListenerBase {
 public:
  using TwListenerBase::TwListenerBase;
  void testCaseStarting(Catch::TestCaseInfo const& info) override {
    ++g_cases_run;
    g_current_skipped = false;
    g_current_name = info.name;
  }
  void testCaseEnded(Catch::TestCaseStats const& stats) override {
    if (g_current_skipped) ++g_cases_skipped;
    TwListenerBase::testCaseEnded(stats);
  }
};

}  // namespace

CATCH_REGISTER_LISTENER(SkipCounter)

namespace tw::test {

void note_skip(const char* reason) {
  g_current_skipped = true;
  std::printf("SKIPPED: %s: %s\n", g_current_name.c_str(), reason);
  std::fflush(stdout);
}

}  // namespace tw::test

int main(int argc, char* argv[]) {
  const int rc = Catch::Session().run(argc, argv);
  if (rc == 0 && g_cases_run > 0 && g_cases_skipped == g_cases_run) return tw::test::kSkipExitCode;
  return rc;
}
