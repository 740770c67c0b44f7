// The C ABI and youth mode: a policy loaded with tw_engine_load_policy is in
// the ledger's audit chain; a file whose [youth] was edited while the host
// was closed is refused at tw_engine_create (TW_OK, the ledger's last
// accepted policy in force, the refusal in diagnostics and in the audit log)
// until the guardian PIN is given through tw_engine_load_policy.
#include <filesystem>
#include <fstream>
#include <string>

#include "core/guardian/pin_hash.hpp"
#include "core/ledger/ledger.hpp"
#include "core/policy/policy_loader.hpp"
#include "timewall/timewall.h"
#include "tw_catch.hpp"

namespace {

constexpr int64_t kT0_ms = 1'795'392'000'000;  // 2026-11-23 00:00 UTC
const tw::PinHashOptions kCheap{1, 8192, nullptr};

tw_instant at_s(int64_t s) { return {s * 1'000'000'000, kT0_ms + s * 1000}; }

std::string fresh_dir(const char* name) {
  const std::string dir = std::string(TW_BINARY_DIR) + "/capi_youth_test/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::trunc) << text; }

std::string youth_policy(const std::string& pin_hash, int cap_min, bool enabled, double hourly = 10.0) {
  return "schema = 1\n[time_value]\nhourly = " + std::to_string(hourly) + "\n[youth]\nenabled = " +
         (enabled ? "true" : "false") + "\ndaily_cap_min = " + std::to_string(cap_min) +
         "\nguardian_pin_hash = \"" + pin_hash + "\"\n";
}

struct Diag {
  tw_diagnostics* d = nullptr;
  Diag() { REQUIRE(tw_diagnostics_create(&d) == TW_OK); }
  ~Diag() { tw_diagnostics_destroy(d); }
  tw_diagnostic at(size_t i) const {
    tw_diagnostic out{};
    REQUIRE(tw_diagnostics_get(d, i, &out) == TW_OK);
    return out;
  }
};

tw_engine* create(const std::string& policy, const std::string& ledger, Diag& diag, tw_result expect = TW_OK) {
  tw_engine_desc desc{};
  desc.struct_size = sizeof desc;
  desc.policy_path = policy.c_str();
  desc.ledger_path = ledger.c_str();
  desc.timezone = "UTC";
  tw_engine* e = nullptr;
  REQUIRE(tw_engine_create(&desc, &e, diag.d) == expect);
  return e;
}

tw_result load(tw_engine* e, const std::string& policy, const char* pin, int64_t s) {
  tw_policy_desc p{};
  p.struct_size = sizeof p;
  p.path = policy.c_str();
  p.guardian_pin = pin;
  p.now = at_s(s);
  return tw_engine_load_policy(e, &p, nullptr);
}

void close(tw_engine* e, int64_t s) {
  REQUIRE(tw_engine_finish(e, at_s(s)) == TW_OK);
  tw_engine_destroy(e);
}

struct LedgerView {
  std::vector<tw::AuditEntry> rows;
  std::optional<tw::AcceptedPolicy> last;
  size_t count(std::string_view kind) const {
    size_t n = 0;
    for (const auto& r : rows) n += r.kind == kind;
    return n;
  }
  tw::Policy last_policy() const {
    REQUIRE(last.has_value());
    auto p = tw::parse_policy(last->text, "remembered");
    REQUIRE(p.ok());
    return p.value();
  }
};

LedgerView view(const std::string& path) {
  auto ledger = tw::Ledger::open({.path = path}, tw::TimeZone::utc());
  REQUIRE(ledger.ok());
  auto check = ledger.value().verify_audit_chain();
  REQUIRE(check.ok());
  CHECK(check.value().intact());
  auto rows = ledger.value().audit_entries();
  auto last = ledger.value().last_accepted_policy();
  REQUIRE(rows.ok());
  REQUIRE(last.ok());
  return {rows.value(), last.value()};
}

}  // namespace

TEST_CASE("C ABI: policies put in force are in the ledger's audit chain", "[capi][youth]") {
  const std::string dir = fresh_dir("audit");
  const std::string policy = dir + "/policy.toml", ledger = dir + "/ledger.db";
  const auto hash = tw::hash_guardian_pin("482916", kCheap);
  REQUIRE(hash.ok());
  write(policy, youth_policy(hash.value(), 120, true));
  Diag diag;
  tw_engine* e = create(policy, ledger, diag);
  REQUIRE(tw_engine_tick(e, at_s(0)) == TW_OK);
  write(policy, youth_policy(hash.value(), 120, true, 15.0));
  REQUIRE(load(e, policy, nullptr, 1) == TW_OK);  // outside [youth]
  write(policy, youth_policy(hash.value(), 300, true, 15.0));
  CHECK(load(e, policy, nullptr, 2) == TW_ERROR_PIN_REQUIRED);
  CHECK(load(e, policy, "000000", 3) == TW_ERROR_PIN_WRONG);
  close(e, 4);
  const LedgerView v = view(ledger);
  CHECK(v.count("policy_change") == 2);
  CHECK(v.count("policy_refused") == 2);
  REQUIRE(v.rows.size() == 4);
  CHECK(v.rows[2].body.find("code=pin_required") != std::string::npos);
  CHECK(v.rows[3].body.find("code=pin_wrong") != std::string::npos);
  CHECK(v.rows[3].at_ms == kT0_ms + 3'000);
  CHECK(v.last_policy().time_value.hourly_value == 15.0);
}

TEST_CASE("C ABI: a youth section edited between runs needs the PIN, other edits do not", "[capi][youth]") {
  const std::string dir = fresh_dir("restart");
  const std::string policy = dir + "/policy.toml", ledger = dir + "/ledger.db";
  const auto hash = tw::hash_guardian_pin("482916", kCheap);
  REQUIRE(hash.ok());
  write(policy, youth_policy(hash.value(), 120, true));
  {
    Diag diag;
    tw_engine* e = create(policy, ledger, diag);
    close(e, 0);
  }

  // Youth mode turned off in the file while closed: the engine starts, the
  // remembered policy stays in force, diagnostics say why.
  write(policy, youth_policy(hash.value(), 120, false));
  Diag diag;
  tw_engine* e = create(policy, ledger, diag);
  REQUIRE(e != nullptr);
  REQUIRE(tw_diagnostics_count(diag.d) == 1);
  const tw_diagnostic d = diag.at(0);
  CHECK(d.code == TW_ERROR_PIN_REQUIRED);
  CHECK(std::string(d.file) == policy);
  CHECK(d.line == 1);
  CHECK(d.column == 1);
  CHECK(std::string(d.key) == "youth");
  REQUIRE(tw_engine_tick(e, at_s(10)) == TW_OK);
  // Still gated: youth is on in the store.
  CHECK(load(e, policy, nullptr, 11) == TW_ERROR_PIN_REQUIRED);
  tw_engine_finish(e, at_s(11));
  LedgerView v = view(ledger);
  CHECK(v.count("policy_refused") == 2);
  CHECK(v.rows[1].at_ms == kT0_ms + 10'000);  // the create's refusal, at the first tick
  CHECK(v.last_policy().youth.enabled);
  CHECK(v.last_policy().youth.daily_cap_s == 120 * 60);

  // With the guardian PIN the change goes through and is remembered.
  CHECK(load(e, policy, "482916", 12) == TW_OK);
  close(e, 12);
  v = view(ledger);
  CHECK_FALSE(v.last_policy().youth.enabled);
  CHECK(v.count("policy_change") == 2);

  // Youth now off and remembered so: any edit goes through at the next start.
  write(policy, youth_policy(hash.value(), 60, true, 12.0));
  Diag again;
  e = create(policy, ledger, again);
  CHECK(tw_diagnostics_count(again.d) == 0);
  close(e, 20);
  v = view(ledger);
  CHECK(v.last_policy().youth.enabled);
  CHECK(v.last_policy().youth.daily_cap_s == 60 * 60);

  // A non-youth edit while youth is on needs no PIN at start either.
  write(policy, youth_policy(hash.value(), 60, true, 20.0));
  Diag third;
  e = create(policy, ledger, third);
  CHECK(tw_diagnostics_count(third.d) == 0);
  close(e, 30);
  CHECK(view(ledger).last_policy().time_value.hourly_value == 20.0);
}

TEST_CASE("C ABI: the wrong-PIN back-off survives a restart", "[capi][youth]") {
  const std::string dir = fresh_dir("backoff");
  const std::string policy = dir + "/policy.toml", ledger = dir + "/ledger.db";
  const auto hash = tw::hash_guardian_pin("482916", kCheap);
  REQUIRE(hash.ok());
  write(policy, youth_policy(hash.value(), 120, true));
  {
    Diag diag;
    tw_engine* e = create(policy, ledger, diag);
    REQUIRE(tw_engine_tick(e, at_s(0)) == TW_OK);
    write(policy, youth_policy(hash.value(), 600, true));
    for (int i = 1; i <= 3; ++i) CHECK(load(e, policy, "111111", i) == TW_ERROR_PIN_WRONG);
    CHECK(load(e, policy, "482916", 4) == TW_ERROR_PIN_BACKOFF);  // locked for 30 s
    close(e, 4);
  }
  CHECK(view(ledger).count("policy_refused") == 4);
  // Restarted: the three wrong PINs are read back from the audit log, so the
  // right PIN still waits (30 s from the first time the host gives).
  Diag diag;
  tw_engine* e = create(policy, ledger, diag);
  REQUIRE(tw_diagnostics_count(diag.d) == 1);  // the cap raised in the file, refused
  CHECK(load(e, policy, "482916", 100) == TW_ERROR_PIN_BACKOFF);
  CHECK(load(e, policy, "482916", 131) == TW_OK);
  close(e, 131);
  const LedgerView v = view(ledger);
  CHECK(v.last_policy().youth.daily_cap_s == 600 * 60);
  // Accepted with the right PIN: the count starts again.
  auto reopened = tw::Ledger::read_last_accepted_policy(ledger);
  REQUIRE(reopened.ok());
  CHECK(reopened.value()->wrong_pins == 0);
}
