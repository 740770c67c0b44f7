// SimCore: the simulator's live policy edits go through the guardian gate,
// as on the glasses: while youth mode is on, a [youth] change without the
// PIN is refused with the reason (key "youth") and audited, the old policy
// stays; with the PIN it applies; a ledger that remembers youth mode holds
// an edited start policy against it.
#include <filesystem>
#include <string>

#include "core/guardian/pin_hash.hpp"
#include "core/ledger/ledger.hpp"
#include "sim_core.hpp"
#include "tw_catch.hpp"

namespace {

constexpr int64_t kMonday_ms = 1'795'392'000'000;  // 2026-11-23 00:00 UTC
const tw::PinHashOptions kCheap{1, 8192, nullptr};

tw::Instant at_s(int64_t s) { return {s * 1'000'000'000, kMonday_ms + s * 1000}; }

std::string youth_policy(const std::string& pin_hash, int cap_min, bool enabled) {
  return "schema = 1\n[youth]\nenabled = " + std::string(enabled ? "true" : "false") +
         "\ndaily_cap_min = " + std::to_string(cap_min) + "\nguardian_pin_hash = \"" + pin_hash + "\"\n";
}

size_t refusals(const std::string& ledger_path) {
  auto ledger = tw::Ledger::open({.path = ledger_path}, tw::TimeZone::utc());
  REQUIRE(ledger.ok());
  auto rows = ledger.value().audit_entries();
  REQUIRE(rows.ok());
  size_t n = 0;
  for (const auto& r : rows.value()) n += r.kind == "policy_refused";
  return n;
}

}  // namespace

TEST_CASE("sim core: a youth edit needs the guardian PIN, the reason is shown", "[sim][youth]") {
  const std::string dir = std::string(TW_BINARY_DIR) + "/sim_core_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string ledger = dir + "/ledger.db";
  const auto hash = tw::hash_guardian_pin("482916", kCheap);
  REQUIRE(hash.ok());
  {
    auto core = tw::sim::SimCore::create(youth_policy(hash.value(), 120, true), "policy.toml", ledger);
    REQUIRE(core.ok());
    core.value()->tick(at_s(0), {});

    const std::vector<tw::PolicyError> refused =
        core.value()->apply_policy_text(youth_policy(hash.value(), 120, false), "editor");
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].key == "youth");
    CHECK(refused[0].code == tw::Errc::pin_required);
    CHECK(tw::to_string(refused[0]).find("editor:1:1: youth: ") == 0);
    CHECK(core.value()->policy().youth.enabled);
    CHECK(core.value()->apply_policy_text(youth_policy(hash.value(), 120, false), "editor", "000000")[0].code ==
          tw::Errc::pin_wrong);
    CHECK(core.value()->apply_policy_text(youth_policy(hash.value(), 600, true), "editor", "482916").empty());
    CHECK(core.value()->policy().youth.daily_cap_s == 600 * 60);
    REQUIRE(core.value()->finish(at_s(1)).ok());
  }
  CHECK(refusals(ledger) == 2);

  // Restarted on that ledger with youth turned off in the text: refused, the
  // remembered policy applies, and the refusal is audited at the first tick.
  auto core = tw::sim::SimCore::create(youth_policy(hash.value(), 120, false), "policy.toml", ledger);
  REQUIRE(core.ok());
  REQUIRE(core.value()->start_refusal().has_value());
  CHECK(core.value()->start_refusal()->code == tw::Errc::pin_required);
  CHECK(core.value()->policy().youth.daily_cap_s == 600 * 60);
  core.value()->tick(at_s(10), {});
  REQUIRE(core.value()->finish(at_s(10)).ok());
  CHECK(refusals(ledger) == 3);
}

// The simulator's report view shows sdk/report's figures for today, read
// from the ledger, and drops them when the policy (which its budgets point
// into) changes.
TEST_CASE("sim core: today's report is sdk/report's, dropped on a policy change", "[sim][report]") {
  const std::string dir = std::string(TW_BINARY_DIR) + "/sim_core_report_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string policy =
      "schema = 1\n[apps]\n\"com.example.feed\" = \"social\"\n"
      "[[budget]]\nid = \"social-daily\"\ncategory = \"social\"\nlimit_min = 30\n";
  auto core = tw::sim::SimCore::create(policy, "policy.toml", dir + "/ledger.db");
  REQUIRE(core.ok());
  tw::sim::SimCore& c = *core.value();
  c.tick(at_s(0), {});
  CHECK_FALSE((c.today().has_value() && c.today()->attended_ms > 0));  // nothing committed yet
  for (int64_t s = 1; s <= 120; ++s) {
    std::vector<tw::Signal> batch;
    if (s == 1) {
      batch.push_back({.at = at_s(s), .kind = tw::SignalKind::worn});
      batch.push_back({.at = at_s(s), .kind = tw::SignalKind::app_focus, .app = c.apps().intern("com.example.feed")});
    }
    if (s % 10 == 1)
      batch.push_back({.at = at_s(s), .kind = tw::SignalKind::interaction, .app = c.apps().intern("com.example.feed")});
    c.tick(at_s(s), batch);
  }
  REQUIRE(c.finish(at_s(120)).ok());
  c.tick(at_s(131), {});  // more than 10 s after the last read: read again
  REQUIRE(c.today().has_value());
  const tw::report::ReportData& r = c.today().value();
  CHECK(r.first_day == r.last_day);
  CHECK(r.attended_ms >= 100'000);
  REQUIRE(r.top_apps.size() == 1);
  CHECK(r.top_apps[0].name == "com.example.feed");
  REQUIRE(r.budgets.size() == 1);
  CHECK(r.budgets[0].budget->id == "social-daily");
  CHECK(r.budgets[0].used_ms == r.attended_ms);
  CHECK(r.budgets[0].limit_ms == 30 * 60'000);

  CHECK(c.apply_policy_text(policy + "\n# edited\n", "editor").empty());
  CHECK_FALSE(c.today().has_value());
  c.tick(at_s(132), {});
  REQUIRE(c.today().has_value());
  CHECK(c.today()->budgets.at(0).budget == &c.policy().budgets.at(0));
}
