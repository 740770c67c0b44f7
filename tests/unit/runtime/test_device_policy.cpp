// The guardian's device policy (RuntimeDesc::device_policy_path,
// docs/youth.md): where it exists it is in force instead of the wearer's
// policy, needs no PIN, cannot be replaced through load_policy, survives the
// wearer deleting their ledger, takes over when it appears while a host runs,
// and a ledger that remembers it keeps youth changes shut after it is gone.
#include "tw_catch.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/guardian/pin_hash.hpp"
#include "core/runtime/runtime.hpp"

namespace {

constexpr int64_t kMonday_ms = 1'795'392'000'000;  // 2026-11-23 00:00 UTC
tw::Instant at_s(int64_t s) { return {s * 1'000'000'000, kMonday_ms + s * 1000}; }

std::string fresh_dir(const char* name) {
  const std::string dir = std::string(TW_BINARY_DIR) + "/device_policy_test/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::trunc) << text; }

// A device policy as `timewall guardian apply` writes it: no PIN hash.
std::string device_youth(int cap_min) {
  return "schema = 1\n[youth]\nenabled = true\ndaily_cap_min = " + std::to_string(cap_min) + "\n";
}

const std::string kWearer = "schema = 1\n[time_value]\nhourly = 42.0\n";

struct Log {
  std::vector<std::string> lines;
  tw::RuntimeLog sink() {
    return [this](std::string_view m) { lines.emplace_back(m); };
  }
  bool has(std::string_view part) const {
    for (const auto& l : lines)
      if (l.find(part) != std::string::npos) return true;
    return false;
  }
};

}  // namespace

TEST_CASE("device policy: in force instead of the wearer's, and load_policy cannot replace it", "[runtime][youth]") {
  const std::string dir = fresh_dir("in_force");
  const std::string device = dir + "/policy.toml", wearer = dir + "/wearer.toml", ledger = dir + "/ledger.db";
  write(device, device_youth(45));
  write(wearer, kWearer);
  Log log;
  auto rt = tw::Runtime::create(
      {.policy_path = wearer, .device_policy_path = device, .ledger_path = ledger, .log = log.sink()});
  REQUIRE(rt.ok());
  CHECK(rt->device_policy());
  CHECK(rt->policy().youth.enabled);
  CHECK(rt->policy().youth.daily_cap_s == 45 * 60);
  CHECK(rt->policy().time_value.hourly_value != 42.0);  // the wearer's file was not read
  CHECK(log.has("the wearer's policy " + wearer + " is not read"));

  // Neither a wearer file nor text replaces it, PIN or not.
  auto r = rt->load_policy(wearer, "482916", at_s(1));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find(device) != std::string::npos);
  CHECK_FALSE(rt->load_policy_text(kWearer, "editor", "", at_s(2)).ok());
  CHECK(rt->policy().youth.daily_cap_s == 45 * 60);
  REQUIRE(rt->finish(at_s(3)).ok());

  // The device policy is not made owner-only: every wearer's hosts read it.
  std::filesystem::permissions(device, std::filesystem::perms(0644));
  auto again = tw::Runtime::create({.device_policy_path = device});
  REQUIRE(again.ok());
  CHECK((std::filesystem::status(device).permissions() & std::filesystem::perms::others_read) !=
        std::filesystem::perms::none);
}

TEST_CASE("device policy: deleting the wearer's ledger changes nothing", "[runtime][youth]") {
  const std::string dir = fresh_dir("ledger_deleted");
  const std::string device = dir + "/policy.toml", ledger = dir + "/ledger.db";
  write(device, device_youth(30));
  {
    auto rt = tw::Runtime::create({.device_policy_path = device, .ledger_path = ledger});
    REQUIRE(rt.ok());
    REQUIRE(rt->finish(at_s(0)).ok());
  }
  std::filesystem::remove(ledger);
  std::filesystem::remove(ledger + "-wal");
  std::filesystem::remove(ledger + "-shm");
  auto rt = tw::Runtime::create({.policy_text = kWearer, .device_policy_path = device, .ledger_path = ledger});
  REQUIRE(rt.ok());
  CHECK_FALSE(rt->remembered());
  CHECK(rt->policy().youth.enabled);
  CHECK(rt->policy().youth.daily_cap_s == 30 * 60);
}

TEST_CASE("device policy: one that appears while the host runs takes over at the next check", "[runtime][youth]") {
  const std::string dir = fresh_dir("appears");
  const std::string device = dir + "/policy.toml", wearer = dir + "/wearer.toml";
  write(wearer, kWearer);
  Log log;
  auto rt = tw::Runtime::create(
      {.policy_path = wearer, .device_policy_path = device, .policy_check_ms = 1000, .log = log.sink()});
  REQUIRE(rt.ok());
  CHECK_FALSE(rt->device_policy());
  rt->tick(at_s(0));
  CHECK(rt->policy().time_value.hourly_value == 42.0);
  write(device, device_youth(60));
  rt->tick(at_s(2));
  CHECK(rt->device_policy());
  CHECK(rt->policy().youth.enabled);
  CHECK(log.has("appeared: it is in force from now on, instead of " + wearer));
  // The guardian applies a new one: taken without a PIN.
  write(device, device_youth(90));
  rt->tick(at_s(4));
  CHECK(rt->policy().youth.daily_cap_s == 90 * 60);
  // Removed (only root can): the policy in force stays.
  std::filesystem::remove(device);
  rt->tick(at_s(6));
  CHECK(rt->policy().youth.daily_cap_s == 90 * 60);
}

TEST_CASE("device policy: a PIN hash in it, or a broken one, is an error that names the key", "[runtime][youth]") {
  const std::string dir = fresh_dir("broken");
  const std::string device = dir + "/policy.toml";
  const auto hash = tw::hash_guardian_pin("482916", {1, 8192, nullptr});
  REQUIRE(hash.ok());
  write(device, device_youth(30) + "guardian_pin_hash = \"" + hash.value() + "\"\n");
  std::vector<tw::PolicyError> problems;
  auto rt = tw::Runtime::create({.device_policy_path = device}, &problems);
  REQUIRE_FALSE(rt.ok());
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].file == device);
  CHECK(problems[0].line == 5);
  CHECK(problems[0].key == "youth.guardian_pin_hash");

  // The layer's resilient start logs it and goes on with what it has.
  Log log;
  tw::Runtime resilient = tw::Runtime::create_resilient({.device_policy_path = device, .log = log.sink()});
  CHECK_FALSE(resilient.policy().youth.enabled);
  CHECK(log.has("youth.guardian_pin_hash"));
}

TEST_CASE("device policy: a ledger that remembers it keeps youth mode shut to wearer files after it is gone",
          "[runtime][youth]") {
  const std::string dir = fresh_dir("remembered");
  const std::string device = dir + "/policy.toml", ledger = dir + "/ledger.db";
  write(device, device_youth(30));
  {
    auto rt = tw::Runtime::create({.device_policy_path = device, .ledger_path = ledger});
    REQUIRE(rt.ok());
    REQUIRE(rt->finish(at_s(0)).ok());
  }
  std::filesystem::remove(device);
  // The wearer's own file turns youth off: refused, the remembered youth stays.
  auto rt = tw::Runtime::create({.policy_text = "schema = 1\n[youth]\nenabled = false\n",
                                 .device_policy_path = device,
                                 .ledger_path = ledger});
  REQUIRE(rt.ok());
  CHECK(rt->remembered());
  CHECK_FALSE(rt->device_policy());
  CHECK(rt->policy().youth.enabled);
  REQUIRE(rt->start_refusal().has_value());
  CHECK(rt->start_refusal()->code == tw::Errc::pin_required);
  CHECK(rt->start_refusal()->message.find("timewall guardian apply") != std::string::npos);
}
