// tw::Runtime, the one way hosts stand up the core: the policy the ledger
// last accepted gates the start policy; guardian refusals (at start and on a
// load) are audited and the wrong-PIN back-off survives a restart; the zone
// is forced, else the policy's, else the device's, and one that does not
// load is an error (create) or logged with the device zone kept
// (create_resilient); a broken policy leaves the one in force; a damaged
// ledger is reported and left byte for byte as it was.
#include "tw_catch.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/guardian/pin_hash.hpp"
#include "core/ledger/ledger.hpp"
#include "core/runtime/runtime.hpp"

namespace {

constexpr int64_t kMonday_ms = 1'795'392'000'000;  // 2026-11-23 00:00 UTC
const tw::PinHashOptions kCheap{1, 8192, nullptr};  // libsodium's minimum: fast tests

tw::Instant at_s(int64_t s) { return {s * 1'000'000'000, kMonday_ms + s * 1000}; }

std::string fresh_dir(const char* name) {
  const std::string dir = std::string(TW_BINARY_DIR) + "/runtime_test/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::trunc) << text;
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string youth_policy(const std::string& pin_hash, int cap_min, bool enabled, double hourly = 10.0) {
  return "schema = 1\n[time_value]\nhourly = " + std::to_string(hourly) + "\n[youth]\nenabled = " +
         (enabled ? "true" : "false") + "\ndaily_cap_min = " + std::to_string(cap_min) +
         "\nguardian_pin_hash = \"" + pin_hash + "\"\n";
}

std::string zone_policy(const std::string& zone, double hourly = 10.0) {
  return "schema = 1\n[time_value]\nhourly = " + std::to_string(hourly) + "\ntimezone = \"" + zone + "\"\n";
}

size_t audited(const std::string& ledger_path, std::string_view kind) {
  auto ledger = tw::Ledger::open({.path = ledger_path}, tw::TimeZone::utc());
  REQUIRE(ledger.ok());
  auto check = ledger.value().verify_audit_chain();
  REQUIRE(check.ok());
  CHECK(check.value().intact());
  auto rows = ledger.value().audit_entries();
  REQUIRE(rows.ok());
  size_t n = 0;
  for (const auto& r : rows.value()) n += r.kind == kind;
  return n;
}

struct Log {
  std::vector<std::string> lines;
  tw::RuntimeLog sink() {
    return [this](std::string_view m) { lines.emplace_back(m); };
  }
  size_t count(std::string_view part) const {
    size_t n = 0;
    for (const auto& l : lines) n += l.find(part) != std::string::npos;
    return n;
  }
};

}  // namespace

TEST_CASE("runtime: the policy the ledger last accepted gates the start policy", "[runtime][youth]") {
  const std::string dir = fresh_dir("remembered");
  const std::string policy = dir + "/policy.toml", ledger = dir + "/ledger.db";
  const auto hash = tw::hash_guardian_pin("482916", kCheap);
  REQUIRE(hash.ok());
  write(policy, youth_policy(hash.value(), 120, true));
  {
    auto rt = tw::Runtime::create({.policy_path = policy, .ledger_path = ledger});
    REQUIRE(rt.ok());
    CHECK_FALSE(rt->remembered());
    REQUIRE(rt->finish(at_s(0)).ok());  // records the policy in force
  }

  // Closed; youth turned off in the file; started again without the PIN.
  write(policy, youth_policy(hash.value(), 120, false));
  Log log;
  std::vector<tw::PolicyError> problems;
  {
    auto rt = tw::Runtime::create({.policy_path = policy, .ledger_path = ledger, .log = log.sink()}, &problems);
    REQUIRE(rt.ok());
    CHECK(rt->remembered());
    CHECK(rt->policy().youth.enabled);
    REQUIRE(rt->start_refusal().has_value());
    CHECK(rt->start_refusal()->code == tw::Errc::pin_required);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].file == policy);
    CHECK(problems[0].key == "youth");
    CHECK(log.count("the policy last accepted (kept in the ledger) applies") == 1);
    CHECK(audited(ledger, "policy_refused") == 0);  // waits for the host's first Instant
    rt->tick(at_s(10), {});
    REQUIRE(rt->finish(at_s(10)).ok());
  }
  CHECK(audited(ledger, "policy_refused") == 1);

  // With the PIN at start the change goes through, and is remembered so.
  {
    auto rt = tw::Runtime::create({.policy_path = policy, .guardian_pin = "482916", .ledger_path = ledger});
    REQUIRE(rt.ok());
    CHECK_FALSE(rt->start_refusal().has_value());
    CHECK_FALSE(rt->policy().youth.enabled);
    REQUIRE(rt->finish(at_s(20)).ok());
  }
  CHECK(audited(ledger, "policy_change") == 2);
  write(policy, youth_policy(hash.value(), 120, true));
  auto rt = tw::Runtime::create({.policy_path = policy, .ledger_path = ledger});
  REQUIRE(rt.ok());
  CHECK(rt->policy().youth.enabled);  // youth was off: turning it on needs no PIN
}

TEST_CASE("runtime: refused loads are audited and the back-off survives a restart", "[runtime][youth]") {
  const std::string dir = fresh_dir("refusals");
  const std::string ledger = dir + "/ledger.db";
  const auto hash = tw::hash_guardian_pin("482916", kCheap);
  REQUIRE(hash.ok());
  const std::string on = youth_policy(hash.value(), 120, true), raised = youth_policy(hash.value(), 600, true);
  {
    auto rt = tw::Runtime::create({.policy_text = on, .ledger_path = ledger});
    REQUIRE(rt.ok());
    rt->tick(at_s(0), {});
    auto r = rt->load_policy_text(raised, "editor", "", at_s(1));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == tw::Errc::pin_required);
    REQUIRE(rt->policy_errors().size() == 1);
    CHECK(rt->policy_errors()[0].file == "editor");
    for (int i = 2; i <= 4; ++i)
      CHECK(rt->load_policy_text(raised, "editor", "111111", at_s(i)).error().code == tw::Errc::pin_wrong);
    CHECK(rt->load_policy_text(raised, "editor", "482916", at_s(5)).error().code == tw::Errc::pin_backoff);
    CHECK(rt->policy().youth.daily_cap_s == 120 * 60);
    REQUIRE(rt->finish(at_s(5)).ok());
  }
  CHECK(audited(ledger, "policy_refused") == 5);

  // Restarted: three wrong PINs read back; the right one waits 30 s from the
  // first Instant the host gives.
  auto rt = tw::Runtime::create({.policy_text = on, .ledger_path = ledger});
  REQUIRE(rt.ok());
  CHECK(rt->load_policy_text(raised, "editor", "482916", at_s(100)).error().code == tw::Errc::pin_backoff);
  auto ok = rt->load_policy_text(raised, "editor", "482916", at_s(131));
  REQUIRE(ok.ok());
  CHECK(ok.value().changed);
  CHECK(rt->policy().youth.daily_cap_s == 600 * 60);
  REQUIRE(rt->finish(at_s(131)).ok());
  CHECK(audited(ledger, "policy_change") == 2);
}

TEST_CASE("runtime: the zone is forced, else the policy's, else the device's", "[runtime][zone]") {
  auto device = tw::TimeZone::load("America/New_York");
  REQUIRE(device.ok());
  auto berlin = tw::Runtime::create({.policy_text = zone_policy("Europe/Berlin"), .device_zone = device.value()});
  REQUIRE(berlin.ok());
  CHECK(berlin->zone().name() == "Europe/Berlin");
  auto unnamed = tw::Runtime::create({.policy_text = zone_policy("UTC"), .device_zone = device.value()});
  REQUIRE(unnamed.ok());
  CHECK(unnamed->zone().name() == "America/New_York");
  auto none = tw::Runtime::create({.device_zone = device.value()});
  REQUIRE(none.ok());
  CHECK(none->zone().name() == "America/New_York");
  auto forced = tw::Runtime::create(
      {.policy_text = zone_policy("Europe/Berlin"), .timezone = "Asia/Tokyo", .device_zone = device.value()});
  REQUIRE(forced.ok());
  CHECK(forced->zone().name() == "Asia/Tokyo");

  // A zone that does not load: create fails and says where; resilient keeps the device zone.
  const std::string empty_zoneinfo = fresh_dir("no_zoneinfo");
  std::vector<tw::PolicyError> problems;
  auto strict = tw::Runtime::create({.policy_text = zone_policy("Europe/Berlin"),
                                     .policy_name = "p.toml",
                                     .zoneinfo_dir = empty_zoneinfo,
                                     .device_zone = device.value()},
                                    &problems);
  REQUIRE_FALSE(strict.ok());
  CHECK(strict.error().code == tw::Errc::not_found);
  CHECK(strict.error().message.find("p.toml: time_value.timezone: ") == 0);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].file == "p.toml");
  CHECK(problems[0].key == "time_value.timezone");
  Log log;
  tw::Runtime resilient = tw::Runtime::create_resilient({.policy_text = zone_policy("Europe/Berlin"),
                                                         .zoneinfo_dir = empty_zoneinfo,
                                                         .device_zone = device.value(),
                                                         .log = log.sink()});
  CHECK(resilient.zone().name() == "America/New_York");
  REQUIRE(log.lines.size() == 1);
  CHECK(log.count("time_value.timezone Europe/Berlin cannot be loaded, the device zone America/New_York is used") ==
        1);
  CHECK(resilient.policy().time_value.hourly_value == 10.0);  // the policy itself applies
}

TEST_CASE("runtime: a broken policy leaves the one in force", "[runtime][policy]") {
  const std::string dir = fresh_dir("broken");
  const std::string path = dir + "/policy.toml";
  write(path, zone_policy("UTC", 12.0));
  Log log;
  auto rt = tw::Runtime::create({.policy_path = path, .policy_check_ms = 1000, .log = log.sink()});
  REQUIRE(rt.ok());
  CHECK(rt->policy_version() == 1);
  rt->tick(at_s(0), {});

  auto r = rt->load_policy_text("schema = 1\n[time_value]\nhourly = \"a lot\"\n", "edit.toml", "", at_s(1));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == tw::Errc::invalid_policy);
  REQUIRE(rt->policy_errors().size() == 1);
  CHECK(rt->policy_errors()[0].file == "edit.toml");
  CHECK(rt->policy_errors()[0].line == 3);
  CHECK(rt->policy_errors()[0].key == "time_value.hourly");
  CHECK(rt->policy().time_value.hourly_value == 12.0);
  CHECK(rt->policy_version() == 1);

  // The watched file broken: the same, logged once however many checks follow.
  write(path, zone_policy("UTC", 14.0) + "[[[broken\n");
  for (int64_t s = 2; s <= 6; ++s) rt->tick(at_s(s), {});
  CHECK(rt->policy().time_value.hourly_value == 12.0);
  CHECK(log.count("was not applied, the previous policy stays") == 1);
  write(path, zone_policy("UTC", 14.0));
  rt->tick(at_s(7), {});
  CHECK(rt->policy().time_value.hourly_value == 14.0);
  CHECK(rt->policy_version() == 2);
  CHECK(log.lines.size() == 1);

  // At start: create fails with every line; resilient starts on the defaults.
  write(path, "schema = 1\n[[budget]]\nid = 3\n");
  std::vector<tw::PolicyError> problems;
  auto strict = tw::Runtime::create({.policy_path = path}, &problems);
  REQUIRE_FALSE(strict.ok());
  REQUIRE_FALSE(problems.empty());
  CHECK(problems[0].file == path);
  CHECK(problems[0].line == 2);  // [[budget]] lacks keys; line 3 has the wrong type
  log.lines.clear();
  tw::Runtime resilient = tw::Runtime::create_resilient({.policy_path = path, .log = log.sink()});
  CHECK(resilient.policy_version() == 0);
  CHECK(resilient.policy().budgets.empty());
  REQUIRE(log.lines.size() == 1);
  CHECK(log.count("was not applied, the built-in defaults apply") == 1);
  CHECK(log.count("policy.toml:3:") == 1);

  CHECK(tw::Runtime::create({.policy_path = path, .policy_text = "schema = 1\n"}).error().code ==
        tw::Errc::invalid_argument);
  // Empty text is text, not "no policy": it lacks `schema`.
  CHECK(tw::Runtime::create({.policy_text = ""}).error().code == tw::Errc::invalid_policy);
}

TEST_CASE("runtime: a damaged ledger is reported and left as it was", "[runtime][ledger]") {
  const std::string dir = fresh_dir("damaged");
  const std::string ledger = dir + "/ledger.db";
  const std::string garbage(4096, 'x');
  write(ledger, garbage);

  std::vector<tw::PolicyError> problems;
  auto strict = tw::Runtime::create({.policy_text = zone_policy("UTC"), .ledger_path = ledger}, &problems);
  REQUIRE_FALSE(strict.ok());
  CHECK(strict.error().code == tw::Errc::ledger_corrupt);
  REQUIRE_FALSE(problems.empty());
  CHECK(problems[0].file == ledger);
  CHECK(read(ledger) == garbage);

  Log log;
  tw::Runtime rt = tw::Runtime::create_resilient({.policy_text = zone_policy("UTC", 12.0),
                                                  .ledger_path = ledger,
                                                  .log = log.sink()});
  CHECK_FALSE(rt.recording());
  CHECK_FALSE(rt.remembered());
  CHECK(rt.policy().time_value.hourly_value == 12.0);
  CHECK(log.count("cannot be read from the ledger") == 1);
  CHECK(log.count("the ledger " + ledger + " cannot be opened, nothing is recorded") == 1);
  rt.tick(at_s(0), {});
  (void)rt.finish(at_s(60));
  CHECK(read(ledger) == garbage);  // not emptied, not replaced
}
