// LayerCore and the youth-mode tamper rules: every policy put in force is in
// the ledger's hash-chained audit log, and youth mode survives a restart
// with an edited file (the ledger's last accepted policy is held against it).
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/guardian/pin_hash.hpp"
#include "core/policy/policy_canonical.hpp"
#include "layer_core_test_support.hpp"
#include "openxr/layer/layer_core.hpp"
#include "tw_catch.hpp"

namespace {

// Cheap argon2id (libsodium's minimum) keeps the test fast; the gate uses the hash's own cost.
const tw::PinHashOptions kCheap{1, 8192, nullptr};

using tw_test::at_ms;
using tw_test::kMonday_ms;
using tw_test::Log;
using tw_test::write;

std::string fresh_dir(const char* name) { return tw_test::fresh_dir("layer_core_youth_test", name); }

std::string youth_policy(const std::string& pin_hash, int cap_min, bool enabled, int budget_min = 45) {
  return "schema = 1\n[apps]\n\"com.khronos.hello_xr\" = \"games\"\n"
         "[[budget]]\nid = \"games-daily\"\ncategory = \"games\"\nperiod = \"daily\"\nlimit_min = " +
         std::to_string(budget_min) + "\nat_limit = \"notify\"\n[youth]\nenabled = " + (enabled ? "true" : "false") +
         "\ndaily_cap_min = " + std::to_string(cap_min) + "\nguardian_pin_hash = \"" + pin_hash + "\"\n";
}

std::vector<tw::AuditEntry> audit(const std::string& ledger_path) {
  auto ledger = tw::Ledger::open({.path = ledger_path}, tw::TimeZone::utc());
  REQUIRE(ledger.ok());
  auto check = ledger.value().verify_audit_chain();
  REQUIRE(check.ok());
  INFO((check.value().problems.empty() ? "" : check.value().problems.front()));
  CHECK(check.value().intact());
  auto rows = ledger.value().audit_entries();
  REQUIRE(rows.ok());
  return rows.value();
}

size_t count_kind(const std::vector<tw::AuditEntry>& rows, std::string_view kind) {
  size_t n = 0;
  for (const auto& r : rows) n += r.kind == kind;
  return n;
}

}  // namespace

TEST_CASE("layer core: the first policy and a hot reload are in the ledger's audit chain", "[openxr][layer_core][youth]") {
  const std::string dir = fresh_dir("audit");
  const std::string path = dir + "/policy.toml", ledger = dir + "/ledger.db";
  const auto hash = tw::hash_guardian_pin("482916", kCheap);
  REQUIRE(hash.ok());
  write(path, youth_policy(hash.value(), 120, true, 45));
  Log log;
  const tw::xr::LayerCoreConfig config{.policy_path = path, .ledger_path = ledger, .ledger_id = "com.khronos.hello_xr"};
  std::string first_hash;
  {
    tw::xr::LayerCore core(config, at_ms(0), log.sink());
    first_hash = tw::policy_hash(core.policy());
    core.tick(at_ms(0), {});
    write(path, youth_policy(hash.value(), 120, true, 20));  // outside [youth]: no PIN needed
    core.tick(at_ms(1'000), {});
    CHECK(core.policy().budgets.at(0).limit_s == 20 * 60);
    core.finish(at_ms(1'000));
  }
  const auto rows = audit(ledger);
  REQUIRE(count_kind(rows, "policy_change") == 2);
  CHECK(rows[0].body == "old= new=" + first_hash);
  CHECK(rows[0].at_ms == kMonday_ms);
  CHECK(rows[1].at_ms == kMonday_ms + 1'000);
  CHECK(rows[1].body.find("old=" + first_hash + " new=") == 0);

  // A restart with the same file records nothing new.
  {
    tw::xr::LayerCore again(config, at_ms(5'000), log.sink());
    again.tick(at_ms(5'000), {});
    again.finish(at_ms(5'000));
  }
  CHECK(count_kind(audit(ledger), "policy_change") == 2);
  CHECK(log.lines.empty());
}

TEST_CASE("layer core: youth mode survives a restart with an edited file", "[openxr][layer_core][youth]") {
  const std::string dir = fresh_dir("restart_tamper");
  const std::string path = dir + "/policy.toml", ledger = dir + "/ledger.db";
  const auto hash = tw::hash_guardian_pin("482916", kCheap);
  REQUIRE(hash.ok());
  const tw::xr::LayerCoreConfig config{.policy_path = path, .ledger_path = ledger, .ledger_id = "com.khronos.hello_xr"};
  Log log;
  write(path, youth_policy(hash.value(), 120, true));
  {
    tw::xr::LayerCore core(config, at_ms(0), log.sink());
    core.tick(at_ms(0), {});
    core.finish(at_ms(0));
  }

  // The app is closed; youth mode is turned off in the file; the app restarts.
  write(path, youth_policy(hash.value(), 120, false));
  {
    tw::xr::LayerCore core(config, at_ms(10'000), log.sink());
    CHECK(core.policy().youth.enabled);
    CHECK(core.policy().youth.daily_cap_s == 120 * 60);
    core.tick(at_ms(10'000), {});
    core.finish(at_ms(10'000));
  }
  REQUIRE(log.lines.size() == 1);
  CHECK(log.count("policy.toml:1:1: youth:") == 1);
  CHECK(log.count("the policy last accepted (kept in the ledger) applies") == 1);
  auto rows = audit(ledger);
  REQUIRE(count_kind(rows, "policy_refused") == 1);
  CHECK(rows.back().kind == "policy_refused");
  CHECK(rows.back().body.find("source=" + path + " code=pin_required active=") == 0);
  CHECK(count_kind(rows, "policy_change") == 1);

  // Raising the cap while closed: refused the same way, the cap stays.
  write(path, youth_policy(hash.value(), 600, true));
  {
    tw::xr::LayerCore core(config, at_ms(20'000), log.sink());
    CHECK(core.policy().youth.daily_cap_s == 120 * 60);
    core.finish(at_ms(20'000));
  }
  CHECK(count_kind(audit(ledger), "policy_refused") == 2);

  // A change outside [youth] at restart needs no PIN.
  log.lines.clear();
  write(path, youth_policy(hash.value(), 120, true, 30));
  {
    tw::xr::LayerCore core(config, at_ms(30'000), log.sink());
    CHECK(core.policy().budgets.at(0).limit_s == 30 * 60);
    CHECK(core.policy().youth.enabled);
    core.tick(at_ms(30'000), {});
    core.finish(at_ms(30'000));
  }
  CHECK(log.lines.empty());
  rows = audit(ledger);
  CHECK(count_kind(rows, "policy_change") == 2);
  CHECK(rows.back().kind == "policy_change");

  // A hot reload that turns youth off: refused and audited, youth stays on.
  {
    tw::xr::LayerCore core(config, at_ms(40'000), log.sink());
    core.tick(at_ms(40'000), {});
    write(path, youth_policy(hash.value(), 120, false, 30));
    core.tick(at_ms(41'000), {});
    CHECK(core.policy().youth.enabled);
    core.finish(at_ms(41'000));
  }
  rows = audit(ledger);
  CHECK(count_kind(rows, "policy_refused") == 3);
  CHECK(rows.back().at_ms == kMonday_ms + 41'000);
}

TEST_CASE("layer core: without a ledger nothing is remembered (documented limit)", "[openxr][layer_core][youth]") {
  const std::string dir = fresh_dir("no_ledger");
  const std::string path = dir + "/policy.toml", ledger = dir + "/ledger.db";
  const auto hash = tw::hash_guardian_pin("482916", kCheap);
  REQUIRE(hash.ok());
  Log log;
  write(path, youth_policy(hash.value(), 120, true));
  {
    tw::xr::LayerCore core({.policy_path = path, .ledger_path = ledger, .ledger_id = "x"}, at_ms(0), log.sink());
    core.finish(at_ms(0));
  }
  // Deleting the whole ledger deletes the memory: the edited file is accepted.
  std::filesystem::remove(ledger);
  write(path, youth_policy(hash.value(), 120, false));
  tw::xr::LayerCore core({.policy_path = path, .ledger_path = ledger, .ledger_id = "x"}, at_ms(1'000), log.sink());
  CHECK_FALSE(core.policy().youth.enabled);
}

TEST_CASE("layer core: a group- or world-writable policy file of ours is made owner-only", "[openxr][layer_core][youth]") {
  const std::string dir = fresh_dir("modes");
  const std::string path = dir + "/policy.toml";
  write(path, youth_policy("", 120, false, 45));
  REQUIRE(::chmod(path.c_str(), 0664) == 0);
  Log log;
  {
    tw::xr::LayerCore core({.policy_path = path, .ledger_id = "com.khronos.hello_xr"}, at_ms(0), log.sink());
    CHECK(core.policy().budgets.at(0).limit_s == 45 * 60);
    core.tick(at_ms(0), {});
    write(path, youth_policy("", 120, false, 20));
    REQUIRE(::chmod(path.c_str(), 0644) == 0);
    core.tick(at_ms(1'000), {});
    CHECK(core.policy().budgets.at(0).limit_s == 20 * 60);
  }
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(log.lines.size() == 2);
  CHECK(log.count("had mode 0664") == 1);
  CHECK(log.count("had mode 0644") == 1);
  CHECK(log.count("made owner-only (0600)") == 2);
}

TEST_CASE("layer core: a world-writable policy file owned by someone else is refused", "[openxr][layer_core][youth]") {
  if (::geteuid() != 0) TW_SKIP("not root: cannot make a file owned by another user");
  // World-writable and someone else's: refused, the policy in force stays.
  const std::string path = fresh_dir("foreign") + "/policy.toml";
  Log log;
  write(path, youth_policy("", 120, false, 45));
  REQUIRE(::chmod(path.c_str(), 0600) == 0);
  tw::xr::LayerCore core({.policy_path = path, .ledger_id = "com.khronos.hello_xr"}, at_ms(0), log.sink());
  core.tick(at_ms(0), {});
  write(path, youth_policy("", 120, false, 90));
  REQUIRE(::chown(path.c_str(), 65534, 65534) == 0);
  REQUIRE(::chmod(path.c_str(), 0666) == 0);
  core.tick(at_ms(1'000), {});
  CHECK(core.policy().budgets.at(0).limit_s == 45 * 60);
  REQUIRE(log.lines.size() == 1);
  CHECK(log.count("was not applied, the previous policy stays") == 1);
  CHECK(log.count("mode 0666 lets group or others write it") == 1);
  CHECK(log.count("owned by uid 65534") == 1);
}
