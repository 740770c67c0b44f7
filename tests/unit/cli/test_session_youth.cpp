// `timewall replay --ledger` onto a wearer's ledger: the policy is held
// against the one that ledger last accepted, so a replay cannot slip a
// youth change past the guardian PIN ($TIMEWALL_GUARDIAN_PIN).
#include <fstream>

#include "cli_test_ledger.hpp"
#include "core/guardian/pin_hash.hpp"
#include "session.hpp"

namespace {

const tw::PinHashOptions kCheap{1, 8192, nullptr};

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::trunc) << text; }

std::string youth_policy(const std::string& pin_hash, int cap_min, bool enabled, double hourly = 10.0) {
  return "schema = 1\n[time_value]\nhourly = " + std::to_string(hourly) + "\n[youth]\nenabled = " +
         (enabled ? "true" : "false") + "\ndaily_cap_min = " + std::to_string(cap_min) +
         "\nguardian_pin_hash = \"" + pin_hash + "\"\n";
}

}  // namespace

TEST_CASE("cli session: a youth change onto the wearer's ledger needs the PIN", "[cli][youth]") {
  tw_test::CliTempDir dir;
  const std::string policy = dir.file("policy.toml"), ledger = dir.file("ledger.db");
  const auto hash = tw::hash_guardian_pin("482916", kCheap);
  REQUIRE(hash.ok());
  const tw::Instant t0{0, 1'795'392'000'000};
  write(policy, youth_policy(hash.value(), 120, true));
  {
    auto s = tw::cli::Session::open({.policy_path = policy, .ledger_path = ledger});
    REQUIRE(s.ok());
    REQUIRE(s.value()->finish(t0).ok());  // records the policy in force
  }
  write(policy, youth_policy(hash.value(), 120, false));
  auto refused = tw::cli::Session::open({.policy_path = policy, .ledger_path = ledger});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == tw::Errc::pin_required);
  CHECK(refused.error().message.find(policy + ":1:1: youth:") == 0);
  CHECK(tw::cli::Session::open({.policy_path = policy, .ledger_path = ledger, .guardian_pin = "000000"})
            .error()
            .code == tw::Errc::pin_wrong);
  // A private ledger remembers nothing: the demo and plain replays are unaffected.
  CHECK(tw::cli::Session::open({.policy_path = policy, .ledger_path = ""}).ok());
  // Outside [youth]: no PIN.
  write(policy, youth_policy(hash.value(), 120, true, 12.0));
  CHECK(tw::cli::Session::open({.policy_path = policy, .ledger_path = ledger}).ok());
  // With the PIN.
  write(policy, youth_policy(hash.value(), 120, false));
  auto with_pin = tw::cli::Session::open({.policy_path = policy, .ledger_path = ledger, .guardian_pin = "482916"});
  REQUIRE(with_pin.ok());
  CHECK_FALSE(with_pin.value()->policy().youth.enabled);
}
