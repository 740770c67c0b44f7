// DeviceGuardian (docs/youth.md) in a temporary folder: the files and their
// modes, the PIN needed for a change and its back-off across runs, a policy
// checked before the PIN, the device policy written for every host, and the
// keyed audit chain that shows an edited or deleted row.
#include "tw_catch.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/guardian/device_guardian.hpp"
#include "core/policy/policy_loader.hpp"
#include "core/runtime/device_paths.hpp"
#include "core/runtime/runtime.hpp"

namespace {

constexpr int64_t kNow_ms = 1'795'392'000'000;  // 2026-11-23 00:00 UTC
tw::Instant at_s(int64_t s) { return {s * 1'000'000'000, kNow_ms + s * 1000}; }

std::string fresh_dir(const char* name) {
  const std::string dir = std::string(TW_BINARY_DIR) + "/device_guardian_test/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(std::filesystem::path(dir).parent_path());
  return dir;  // DeviceGuardian creates it
}

std::string write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::trunc) << text;
  return path;
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

const std::string kYouth = "schema = 1\n[youth]\nenabled = true\ndaily_cap_min = 60\n";

size_t count(const std::vector<tw::AuditEntry>& rows, std::string_view kind) {
  size_t n = 0;
  for (const auto& r : rows) n += r.kind == kind;
  return n;
}

void sql(const std::string& db_path, const char* statement) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, statement, nullptr, nullptr, &err);
  INFO((err ? err : ""));
  sqlite3_free(err);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("device guardian: set-pin creates the folder, the PIN hash, the key and the audit log", "[guardian]") {
  const std::string dir = fresh_dir("setup");
  tw::DeviceGuardian g(dir);
  CHECK_FALSE(g.has_pin());
  CHECK(g.audit().error().code == tw::Errc::not_found);
  CHECK(g.set_pin("", "12ab", at_s(0)).error().code == tw::Errc::invalid_argument);  // digits only
  CHECK_FALSE(g.has_pin());

  REQUIRE(g.set_pin("", "482916", at_s(0)).ok());
  CHECK(g.has_pin());
  CHECK(mode_of(dir) == 0755);
  CHECK(mode_of(tw::device_file(dir, tw::kGuardianPinFile)) == 0600);
  CHECK(mode_of(tw::device_file(dir, tw::kGuardianAuditKeyFile)) == 0600);
  CHECK(mode_of(tw::device_file(dir, tw::kGuardianAuditFile)) == 0600);
  CHECK(std::filesystem::file_size(tw::device_file(dir, tw::kGuardianAuditKeyFile)) == 32);
  std::ifstream pin(tw::device_file(dir, tw::kGuardianPinFile));
  std::string stored((std::istreambuf_iterator<char>(pin)), {});
  CHECK(stored.rfind("$argon2id$", 0) == 0);
  CHECK(stored.find("482916") == std::string::npos);

  auto a = g.audit();
  REQUIRE(a.ok());
  CHECK(a->check.intact());
  REQUIRE(a->entries.size() == 1);
  CHECK(a->entries[0].kind == "guardian_pin");

  // A change needs the current PIN; a wrong one is audited.
  CHECK(g.set_pin("", "555555", at_s(10)).error().code == tw::Errc::pin_required);
  CHECK(g.set_pin("111111", "555555", at_s(11)).error().code == tw::Errc::pin_wrong);
  REQUIRE(g.set_pin("482916", "555555", at_s(12)).ok());
  a = g.audit();
  REQUIRE(a.ok());
  CHECK(count(a->entries, "guardian_pin") == 2);
  CHECK(count(a->entries, "policy_refused") == 1);
  CHECK(g.set_pin("482916", "777777", at_s(13)).error().code == tw::Errc::pin_wrong);
}

TEST_CASE("device guardian: apply checks the file first, then the PIN, and writes the device policy", "[guardian]") {
  const std::string dir = fresh_dir("apply");
  tw::DeviceGuardian g(dir);
  const std::string src = write(std::string(TW_BINARY_DIR) + "/device_guardian_test/youth.toml", kYouth);
  CHECK(g.apply(src, "482916", at_s(0)).error().code == tw::Errc::not_found);  // no PIN set yet
  REQUIRE(g.set_pin("", "482916", at_s(0)).ok());

  // A broken file: every error by place and key, and no guess spent.
  const std::string bad = write(std::string(TW_BINARY_DIR) + "/device_guardian_test/bad.toml",
                                "schema = 1\n[youth]\nenabled = true\ndaily_cap_min = 0\n");
  std::vector<tw::PolicyError> problems;
  auto r = g.apply(bad, "000000", at_s(1), &problems);
  REQUIRE_FALSE(r.ok());
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].file == bad);
  CHECK(problems[0].line == 4);
  CHECK(problems[0].key == "youth.daily_cap_min");
  // A PIN hash in the file: the device's PIN is the one set with set-pin.
  const std::string with_hash = write(std::string(TW_BINARY_DIR) + "/device_guardian_test/hash.toml",
                                      kYouth + "guardian_pin_hash = \"$argon2id$v=19$m=8,t=1,p=1$AAAA$BBBB\"\n");
  problems.clear();
  CHECK_FALSE(g.apply(with_hash, "482916", at_s(2), &problems).ok());
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].key == "youth.guardian_pin_hash");

  const std::string device = tw::device_file(dir, tw::kDevicePolicyFile);
  CHECK(g.apply(src, "000000", at_s(3)).error().code == tw::Errc::pin_wrong);
  CHECK_FALSE(std::filesystem::exists(device));
  r = g.apply(src, "482916", at_s(4));
  REQUIRE(r.ok());
  CHECK(r->changed);
  CHECK(r->old_hash.empty());
  CHECK(mode_of(device) == 0644);
  auto loaded = tw::load_policy_file(device, tw::PolicyFileMode::device);
  REQUIRE(loaded.ok());
  CHECK(loaded.value().youth.enabled);
  CHECK(loaded.value().youth.daily_cap_s == 3600);
  CHECK(loaded.value().youth.guardian_pin_hash.empty());

  // Every host puts it in force.
  auto rt = tw::Runtime::create({.policy_text = "schema = 1\n", .device_policy_path = device});
  REQUIRE(rt.ok());
  CHECK(rt->policy().youth.daily_cap_s == 3600);

  auto again = g.apply(src, "482916", at_s(5));
  REQUIRE(again.ok());
  CHECK_FALSE(again->changed);
  auto a = g.audit();
  REQUIRE(a.ok());
  CHECK(a->check.intact());
  CHECK(count(a->entries, "policy_change") == 2);
  CHECK(count(a->entries, "policy_refused") == 1);  // the wrong PIN; the broken files cost none
}

TEST_CASE("device guardian: wrong PINs back off across runs, from the last wrong one", "[guardian]") {
  const std::string dir = fresh_dir("backoff");
  const std::string src = write(std::string(TW_BINARY_DIR) + "/device_guardian_test/youth2.toml", kYouth);
  REQUIRE(tw::DeviceGuardian(dir).set_pin("", "482916", at_s(0)).ok());
  // Each call is a fresh DeviceGuardian, as each CLI run is a fresh process.
  for (int i = 1; i <= 3; ++i) CHECK(tw::DeviceGuardian(dir).apply(src, "000000", at_s(i)).error().code == tw::Errc::pin_wrong);
  auto locked = tw::DeviceGuardian(dir).apply(src, "482916", at_s(10));
  REQUIRE_FALSE(locked.ok());
  CHECK(locked.error().code == tw::Errc::pin_backoff);
  CHECK(tw::DeviceGuardian(dir).apply(src, "482916", at_s(3 + 31)).ok());  // 30 s after the third
  // Success resets the count.
  CHECK(tw::DeviceGuardian(dir).apply(src, "000000", at_s(40)).error().code == tw::Errc::pin_wrong);
  CHECK(tw::DeviceGuardian(dir).apply(src, "482916", at_s(41)).ok());
}

TEST_CASE("device guardian: an edited or deleted audit row shows, a log without its key is refused", "[guardian]") {
  const std::string dir = fresh_dir("tamper");
  tw::DeviceGuardian g(dir);
  const std::string src = write(std::string(TW_BINARY_DIR) + "/device_guardian_test/youth3.toml", kYouth);
  REQUIRE(g.set_pin("", "482916", at_s(0)).ok());
  REQUIRE(g.apply(src, "000000", at_s(1)).error().code == tw::Errc::pin_wrong);
  REQUIRE(g.apply(src, "482916", at_s(2)).ok());
  const std::string log = tw::device_file(dir, tw::kGuardianAuditFile);

  // Hiding the wrong PIN: the row is rewritten to look like a harmless one.
  sql(log, "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;"
           "UPDATE audit SET body = replace(body, 'pin_wrong', 'pin_required') WHERE kind = 'policy_refused';");
  auto a = g.audit();
  REQUIRE(a.ok());
  REQUIRE_FALSE(a->check.intact());
  CHECK(a->check.problems[0].find("audit row 2") != std::string::npos);

  const std::string dir2 = fresh_dir("tamper_delete");
  tw::DeviceGuardian g2(dir2);
  REQUIRE(g2.set_pin("", "482916", at_s(0)).ok());
  REQUIRE(g2.apply(src, "000000", at_s(1)).error().code == tw::Errc::pin_wrong);
  REQUIRE(g2.apply(src, "482916", at_s(2)).ok());
  const std::string log2 = tw::device_file(dir2, tw::kGuardianAuditFile);
  sql(log2, "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;"
            "DELETE FROM audit WHERE kind = 'policy_refused';");
  a = g2.audit();
  REQUIRE(a.ok());
  CHECK_FALSE(a->check.intact());

  // Without its key the log can never be checked again: no new key is made for it.
  std::filesystem::remove(tw::device_file(dir2, tw::kGuardianAuditKeyFile));
  CHECK(g2.audit().error().code == tw::Errc::not_found);
  std::filesystem::remove(tw::device_file(dir2, tw::kGuardianPinFile));
  CHECK(g2.set_pin("", "482916", at_s(3)).error().code == tw::Errc::ledger_corrupt);
}
