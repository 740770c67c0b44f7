// device_status.hpp: what timewalld sees on the device now, as plain values
// (org.timewall.Device1.Status, `timewall status` while the service runs).
//
// What it does: from the service's Runtime (and its Enforcer's last client
// list, where it enforces) at `now`:
//   - each app seen: the apps the client list shows (state front,
//     background, or blocked: Scheduler::blocks() it, so its input is off
//     and, in front, the shield covers it), then the apps with attended time
//     today that it does not show (not_running); without a client list, the
//     app the engine counts as focused (front) and the others with time
//     today (not_front); each with its category, attended ms today and this
//     week, and the gate that would be in force on it in front (block,
//     friction or none, with the reason and the budget or window);
//   - each budget: used and limit (with the extensions granted) this period;
//   - the youth cap: on or off, the cap and the day's total;
//   - the decision in force: the gate on the app in front ("" when none);
//   - whether the service owns the device's accounting (it read the
//     runtime's client list at its last poll: every app is counted there,
//     so an app's own Timewall must not count it again).
// app_decision() is one app's part of it, for an app's layer.
// What it does not do: read a clock, talk to a bus (platform/dbus encodes
// it), or keep history (the ledger has it).
//
//   tw::DeviceStatus s = tw::device_status(runtime, &enforcer, clock.now());
//   for (const tw::AppStatus& a : s.apps) print(a.app, a.state, a.today_ms);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/device/enforcer.hpp"
#include "core/runtime/runtime.hpp"

namespace tw {

// A gate in words: kind "block", "friction" or "none"; reason as
// to_string(Reason) ("" for none); rule: the budget's id or the window's
// name ("" when neither).
struct GateStatus {
  std::string kind = "none";
  std::string reason{};
  std::string rule{};
  bool operator==(const GateStatus&) const = default;
};

// `g` in words, with `rt`'s policy naming its budget or window.
GateStatus gate_status(const Runtime& rt, const Gate& g);
// "notify", "friction" or "block", as the policy file writes it.
std::string_view limit_action_name(LimitAction a) noexcept;

struct AppStatus {
  std::string app;
  std::string category;
  std::string state;     // front, background, blocked, not_running; without a list: front, not_front
  int32_t client = -1;   // the runtime's client id, -1 where not listed
  int64_t today_ms = 0;  // attended on the local day
  int64_t week_ms = 0;
  GateStatus gate;       // what would be in force on it in front
  bool operator==(const AppStatus&) const = default;
};

struct BudgetStatus {
  std::string id;
  std::string scope;   // app or category
  std::string target;  // the app id or the category
  std::string period;  // daily or weekly
  int64_t used_ms = 0;
  int64_t limit_ms = 0;  // extensions granted included
  std::string at_limit;  // notify, friction or block
  int64_t left_ms() const { return limit_ms > used_ms ? limit_ms - used_ms : 0; }
  bool operator==(const BudgetStatus&) const = default;
};

struct DeviceStatus {
  int64_t at_ms = 0;
  bool accounting = false;  // the service counts every app from the runtime's client list
  std::vector<AppStatus> apps;
  std::vector<BudgetStatus> budgets;
  bool youth_enabled = false;
  int64_t youth_cap_ms = 0;
  int64_t youth_used_ms = 0;  // every app's attended time today
  std::string decision_app{};  // the app in front, "" when none
  GateStatus decision{};       // the gate in force on it
  bool operator==(const DeviceStatus&) const = default;
};

// `enforcer` may be null (a service that does not enforce).
DeviceStatus device_status(Runtime& runtime, const Enforcer* enforcer, Instant now);

// One app's part, for the layer inside it (process `pid`, app id `app_id`
// as the layer names it): whether the service counts it (it enforces and
// its client list shows a client of that pid: the layer must not count it
// again), the app id the service counts it under, the gate in force on it
// were it in front, and its ring: the budget covering it with the least
// left (on the service's app id when listed, else on app_id if the engine
// knows it; app_id is never added to the engine).
struct AppDecision {
  bool accounted = false;
  std::string app{};
  GateStatus gate{};
  int64_t ring_used_ms = -1;   // -1: no budget covers the app
  int64_t ring_limit_ms = -1;  // extensions granted included
  std::string ring_rule{};     // that budget's id
  // The service draws the ring, prompts and cards itself (its overlay client,
  // timewall-overlay, asked for them within the last 3 s): a layer that
  // defers then draws none of them, so nothing is drawn twice.
  bool drawn = false;
  bool operator==(const AppDecision&) const = default;
};
// An app_id longer than this is answered as unknown (not accounted, no gate).
inline constexpr size_t kMaxQueriedAppIdBytes = 256;
AppDecision app_decision(Runtime& runtime, const Enforcer* enforcer, int32_t pid, std::string_view app_id);

}  // namespace tw
