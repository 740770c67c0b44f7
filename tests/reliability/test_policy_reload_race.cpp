// Hot reload while the policy file is deleted and replaced under it: a
// second thread unlinks the file and renames new versions into place (as an
// editor or a sync tool does) while the host reloads 400 times. Every reload
// either installs one of the two complete policies or fails with not_found;
// the policy in force is always one of them, never a default or a mixture.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "core/policy/policy_canonical.hpp"
#include "core/policy/policy_loader.hpp"
#include "core/policy/policy_store.hpp"
#include "tw_catch.hpp"

namespace {
void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}
}  // namespace

TEST_CASE("policy: a file deleted and replaced during hot reloads never loses the policy in force",
          "[reliability][policy][reload]") {
  const std::string dir = std::string(TW_BINARY_DIR) + "/reliability_reload";
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/policy.toml";
  const std::string a = "schema = 1\n[motion]\nsettle_s = 3\n";
  const std::string b = "schema = 1\n[motion]\nsettle_s = 5\n";
  const std::string hash_a = tw::policy_hash(tw::parse_policy(a, "a").value());
  const std::string hash_b = tw::policy_hash(tw::parse_policy(b, "b").value());
  write(dir + "/a.toml", a);
  write(dir + "/b.toml", b);
  write(path, a);

  tw::PolicyStore store;
  REQUIRE(store.reload(path, {0, 0}).ok());
  REQUIRE(store.active_hash() == hash_a);

  std::atomic<bool> stop{false};
  std::thread churn([&] {
    for (int i = 0; !stop.load(); ++i) {
      std::error_code ec;
      std::filesystem::remove(path, ec);
      std::filesystem::copy_file(dir + (i % 2 ? "/a.toml" : "/b.toml"), dir + "/next.toml",
                                 std::filesystem::copy_options::overwrite_existing, ec);
      std::filesystem::rename(dir + "/next.toml", path, ec);  // atomic replace
      // Leave the file in place for a moment, as an editor does between saves.
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
  });
  int accepted = 0;
  int missing = 0;
  int other = 0;
  // Reload until both outcomes were seen often (at least 400 reloads); how
  // the two threads interleave depends on the machine's load, not on us.
  int reloads = 0;
  for (int i = 1; i <= 400 || (i <= 200'000 && (accepted < 100 || missing < 20)); ++i) {
    ++reloads;
    auto r = store.reload(path, {i * 1'000'000'000LL, i * 1000LL});
    if (r) {
      ++accepted;
    } else if (r.error().code == tw::Errc::not_found) {
      ++missing;
    } else {
      ++other;
      UNSCOPED_INFO("unexpected: " << r.error().message);
    }
    const std::string h = store.active_hash();
    REQUIRE((h == hash_a || h == hash_b));
  }
  stop = true;
  churn.join();
  std::printf("policy reload race: %d reloads, %d accepted, %d saw the file deleted "
              "(old policy kept), %d other errors\n", reloads, accepted, missing, other);
  CHECK(other == 0);
  CHECK(accepted > 0);
  CHECK(missing > 0);
  // Once the churn stops, the next reload must install the file as it stands.
  const bool to_b = store.active_hash() == hash_a;  // switch, so the check can fail
  write(path, to_b ? b : a);
  auto settled = store.reload(path, {(reloads + 1) * 1'000'000'000LL, (reloads + 1) * 1000LL});
  REQUIRE(settled.ok());
  CHECK(store.active_hash() == (to_b ? hash_b : hash_a));
  std::filesystem::remove_all(dir);
}
