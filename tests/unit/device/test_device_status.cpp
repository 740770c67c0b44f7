// tw::device_status and tw::app_decision (what timewalld's Device1 answers):
// the apps a client list shows with their state and time, the budgets, the
// decision in force, and one app's part for its layer, with the real
// Runtime and Enforcer and a small model of a runtime's client control.
#include "tw_catch.hpp"

#include <string>
#include <vector>

#include "core/device/device_status.hpp"
#include "core/device/enforcer.hpp"
#include "core/runtime/runtime.hpp"

namespace {

constexpr int64_t kMonday_ms = 1'795'392'000'000;  // 2026-11-23 00:00 UTC
tw::Instant at_s(int64_t s) { return {s * 1'000'000'000, kMonday_ms + 12 * 3'600'000 + s * 1000}; }

const char* kGames =
    "schema = 1\n[apps]\n\"openxr.helloxr\" = \"games\"\n[[budget]]\nid = \"g\"\ncategory = \"games\"\n"
    "period = \"daily\"\nlimit_min = 1\nat_limit = \"block\"\n";

struct Clients final : tw::RuntimeControl, tw::ShieldHost {
  std::vector<tw::RuntimeClient> list;
  bool up = false;
  tw::Result<std::vector<tw::RuntimeClient>> clients() override { return list; }
  tw::Status set_input(int32_t id, bool on) override {
    for (tw::RuntimeClient& c : list)
      if (c.id == id) c.io = on;
    return {};
  }
  tw::Status make_primary(int32_t id) override {
    for (tw::RuntimeClient& c : list) c.displayed = c.focused = c.id == id;
    return {};
  }
  tw::Status raise(const tw::ShieldRequest&) override { return (up = true), tw::Status{}; }
  void lower() override { up = false; }
  bool raised() override { return up; }
  bool owns(int32_t) const override { return false; }
};

tw::Runtime runtime(const char* policy) {
  auto rt = tw::Runtime::create({.policy_text = std::string(policy)});
  REQUIRE(rt);
  return std::move(rt).value();
}

Clients two_apps() {
  Clients c;
  c.list.push_back({.id = 1, .name = "HelloXR", .pid = 42, .active = true, .displayed = true, .focused = true, .io = true});
  c.list.push_back({.id = 2, .name = "Chat", .pid = 43, .active = true, .io = true});
  return c;
}

}  // namespace

TEST_CASE("device_status: each listed app with its state and time, the budget, the decision in force") {
  tw::Runtime rt = runtime(kGames);
  Clients c = two_apps();
  tw::Enforcer e(rt, c, c);
  REQUIRE(e.step(at_s(0)));
  REQUIRE(e.step(at_s(30)));
  tw::DeviceStatus s = tw::device_status(rt, &e, at_s(30));
  CHECK(s.at_ms == at_s(30).unix_ms);
  CHECK(s.accounting);
  REQUIRE(s.apps.size() == 2);
  CHECK(s.apps[0] == tw::AppStatus{.app = "openxr.helloxr", .category = "games", .state = "front", .client = 1,
                                   .today_ms = 30'000, .week_ms = 30'000, .gate = {}});
  CHECK(s.apps[1] == tw::AppStatus{.app = "openxr.chat", .category = "other", .state = "background", .client = 2,
                                   .today_ms = 0, .week_ms = 0, .gate = {}});
  REQUIRE(s.budgets.size() == 1);
  CHECK(s.budgets[0] == tw::BudgetStatus{.id = "g", .scope = "category", .target = "games", .period = "daily",
                                         .used_ms = 30'000, .limit_ms = 60'000, .at_limit = "block"});
  CHECK(s.budgets[0].left_ms() == 30'000);
  CHECK(s.youth_used_ms == 30'000);
  CHECK(s.decision_app == "openxr.helloxr");
  CHECK(s.decision == tw::GateStatus{});

  REQUIRE(e.step(at_s(61)));  // past the budget: blocked
  REQUIRE(e.step(at_s(62)));
  s = tw::device_status(rt, &e, at_s(62));
  CHECK(s.apps[0].state == "blocked");
  CHECK(s.apps[0].gate == tw::GateStatus{"block", "budget_reached", "g"});
  CHECK(s.decision == tw::GateStatus{"block", "budget_reached", "g"});
  CHECK(s.budgets[0].left_ms() == 0);

  // HelloXR quits: its time today stays, as not_running; Chat comes to the front.
  c.list.erase(c.list.begin());
  REQUIRE(c.make_primary(2));
  REQUIRE(e.step(at_s(70)));
  s = tw::device_status(rt, &e, at_s(70));
  REQUIRE(s.apps.size() == 2);
  CHECK(s.apps[0].app == "openxr.chat");
  CHECK(s.apps[0].state == "front");
  CHECK(s.apps[1].app == "openxr.helloxr");
  CHECK(s.apps[1].state == "not_running");
  CHECK(s.apps[1].client == -1);
  CHECK(s.decision_app == "openxr.chat");
}

TEST_CASE("device_status: a list that cannot be read, or no enforcer, is no accounting") {
  tw::Runtime rt = runtime(kGames);
  tw::DeviceStatus s = tw::device_status(rt, nullptr, at_s(0));
  CHECK_FALSE(s.accounting);
  CHECK(s.apps.empty());
  CHECK(s.decision_app.empty());

  struct Broken final : tw::RuntimeControl {
    tw::Result<std::vector<tw::RuntimeClient>> clients() override { return tw::Error{tw::Errc::io, "gone"}; }
    tw::Status set_input(int32_t, bool) override { return {}; }
    tw::Status make_primary(int32_t) override { return {}; }
  } broken;
  Clients shield;
  tw::Enforcer e(rt, broken, shield);
  CHECK_FALSE(e.step(at_s(1)));
  s = tw::device_status(rt, &e, at_s(1));
  CHECK_FALSE(s.accounting);
  CHECK(s.apps.empty());
}

TEST_CASE("app_decision: by the layer's pid, an unlisted one not accounted, a caller's id never in the engine") {
  tw::Runtime rt = runtime(kGames);
  Clients c = two_apps();
  tw::Enforcer e(rt, c, c);
  REQUIRE(e.step(at_s(0)));
  REQUIRE(e.step(at_s(61)));
  REQUIRE(e.step(at_s(62)));
  // The layer may name itself otherwise (an app map): the pid decides.
  CHECK(tw::app_decision(rt, &e, 42, "com.example.mapped") ==
        tw::AppDecision{true, "openxr.helloxr", {"block", "budget_reached", "g"}, 62'000, 60'000, "g", false});
  CHECK(tw::app_decision(rt, &e, 43, "") == tw::AppDecision{true, "openxr.chat", {}, -1, -1, "", false});
  // Not listed (another process, or no enforcer): the gate of a known app.
  CHECK(tw::app_decision(rt, &e, 99, " OpenXR.HelloXR ") ==
        tw::AppDecision{false, "openxr.helloxr", {"block", "budget_reached", "g"}, 62'000, 60'000, "g", false});
  CHECK(tw::app_decision(rt, nullptr, 42, "openxr.helloxr").accounted == false);
  const size_t known = rt.apps().size();
  for (int i = 0; i < 100; ++i)
    CHECK(tw::app_decision(rt, &e, -1, "caller.id." + std::to_string(i)) ==
          tw::AppDecision{false, "caller.id." + std::to_string(i), {}, -1, -1, "", false});
  CHECK(tw::app_decision(rt, &e, 0, std::string(tw::kMaxQueriedAppIdBytes + 1, 'a')) == tw::AppDecision{});
  CHECK(rt.apps().size() == known);
}
