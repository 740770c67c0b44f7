// A steady frame of the layer's core (Engine::tick with the frame's signals,
// the once-a-second policy check, the ledger's merged heartbeat, asking the
// background committer for a commit and taking its finished round) must not
// allocate: this binary replaces the global operator new with a counting one,
// and counts the frame thread's allocations apart from the committer's.
#include "tw_catch.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "openxr/layer/layer_core.hpp"

#include "counting_new.hpp"

namespace {

constexpr int64_t kFrameNs = 11'111'111;  // 90 Hz

tw::Instant at_ns(int64_t ns) { return {ns, 1'795'392'000'000 + ns / 1'000'000}; }

}  // namespace

TEST_CASE("steady layer frames allocate nothing, commits included", "[openxr][layer_core][alloc]") {
  const std::string dir = std::string(TW_BINARY_DIR) + "/layer_core_alloc_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/policy.toml") << "schema = 1\n[apps]\n\"app\" = \"games\"\n"
                                         "[[budget]]\nid = \"g\"\ncategory = \"games\"\nlimit_min = 45\n";
  // Owner-only, as a wearer's policy is (a wider mode would be fixed and logged).
  std::filesystem::permissions(dir + "/policy.toml",
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const bool with_ledger = GENERATE(false, true);
  tw::xr::LayerCore core({.policy_path = dir + "/policy.toml",
                          .ledger_path = with_ledger ? dir + "/ledger.db" : std::string(),
                          .ledger_id = "app"},
                         at_ns(0), [](std::string_view) { FAIL("nothing to log"); });
  const tw::Signal focus{.at = at_ns(0), .kind = tw::SignalKind::app_focus, .app = core.app()};
  core.tick(at_ns(0), {&focus, 1});
  // Warm up past the first commits (every kCommitEveryS) so every buffer has its size.
  int64_t t = 0;
  for (; t < 12'000'000'000; t += kFrameNs) core.tick(at_ns(t), {});
  REQUIRE(core.ring() != nullptr);
  const tw::Ledger* ledger = core.runtime().engine().ledger();
  const uint64_t durable_before = ledger ? ledger->durable_seq() : 0;
  // 13 s of frames: one policy stat() a second, an input and head motion
  // every frame, three commits asked for (their rounds run and allocate on
  // the committer thread; this thread takes them).
  const long before = t_allocations;
  for (const int64_t end = t + 13'000'000'000; t < end; t += kFrameNs) {
    const tw::Signal sig[2] = {{.at = at_ns(t), .kind = tw::SignalKind::interaction, .app = core.app()},
                               {.at = at_ns(t), .kind = tw::SignalKind::head_motion, .app = core.app(),
                                .linear_mps = 0.01f, .angular_dps = 3.f}};
    core.tick(at_ns(t), sig);
    // Give the committer time to run now and then, as real frames do.
    if ((t / kFrameNs) % 90 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  CHECK(t_allocations - before == 0);
  CHECK(core.ring()->used_s >= 24);
  if (ledger) {
    // The commits did happen: what the frames recorded becomes durable.
    for (int i = 0; i < 500 && ledger->durable_seq() == durable_before; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(ledger->durable_seq() > durable_before);
  }
}
