#include "core/device/device_status.hpp"

#include <algorithm>

#include "core/app_id.hpp"
#include "core/reason.hpp"

namespace tw {

GateStatus gate_status(const Runtime& rt, const Gate& g) {
  GateStatus out;
  if (g.kind == OverlayKind::block_shield) out.kind = "block";
  else if (g.kind == OverlayKind::friction_prompt) out.kind = "friction";
  else return out;
  out.reason = std::string(to_string(g.reason));
  const Policy& p = rt.policy();
  if (g.budget >= 0 && static_cast<size_t>(g.budget) < p.budgets.size()) out.rule = p.budgets[static_cast<size_t>(g.budget)].id;
  else if (g.window >= 0 && static_cast<size_t>(g.window) < p.windows.size())
    out.rule = p.windows[static_cast<size_t>(g.window)].name;
  return out;
}

std::string_view limit_action_name(LimitAction a) noexcept {
  switch (a) {
    case LimitAction::notify: return "notify";
    case LimitAction::friction: return "friction";
    case LimitAction::block: return "block";
  }
  return "notify";
}

namespace {

AppStatus app_line(Runtime& rt, AppId id, std::string state, int32_t client) {
  const Scheduler& sc = rt.engine().scheduler();
  return {.app = std::string(rt.apps().name(id)),
          .category = std::string(sc.categories().name(sc.category_of(id))),
          .state = std::move(state),
          .client = client,
          .today_ms = sc.usage().app_ns(BudgetPeriod::daily, id) / 1'000'000,
          .week_ms = sc.usage().app_ns(BudgetPeriod::weekly, id) / 1'000'000,
          .gate = gate_status(rt, sc.gate(id))};
}

}  // namespace

DeviceStatus device_status(Runtime& rt, const Enforcer* enforcer, Instant now) {
  const Scheduler& sc = rt.engine().scheduler();
  const Policy& p = rt.policy();
  DeviceStatus s;
  s.at_ms = now.unix_ms;
  s.accounting = enforcer != nullptr && enforcer->listed();
  std::vector<AppId> listed;
  AppId front = kNoId;
  if (s.accounting) {
    for (const SeenClient& c : enforcer->seen()) {
      listed.push_back(c.app);
      if (c.front) front = c.app;
      s.apps.push_back(app_line(rt, c.app, c.blocked ? "blocked" : c.front ? "front" : "background", c.client));
    }
  } else {
    front = sc.attention().focused();
    if (front != kNoId) {
      listed.push_back(front);
      s.apps.push_back(app_line(rt, front, "front", -1));
    }
  }
  for (AppId id = 0; id < rt.apps().size(); ++id) {
    if (std::find(listed.begin(), listed.end(), id) != listed.end()) continue;
    if (sc.usage().app_ns(BudgetPeriod::daily, id) <= 0) continue;
    s.apps.push_back(app_line(rt, id, s.accounting ? "not_running" : "not_front", -1));
  }
  for (size_t b = 0; b < p.budgets.size(); ++b) {
    const Budget& bu = p.budgets[b];
    s.budgets.push_back({.id = bu.id,
                         .scope = bu.scope == BudgetScope::app ? "app" : "category",
                         .target = bu.target,
                         .period = bu.period == BudgetPeriod::daily ? "daily" : "weekly",
                         .used_ms = sc.budget_used_ns(static_cast<int32_t>(b)) / 1'000'000,
                         .limit_ms = sc.budget_limit_ns(static_cast<int32_t>(b)) / 1'000'000,
                         .at_limit = std::string(limit_action_name(bu.at_limit))});
  }
  s.youth_enabled = p.youth.enabled;
  s.youth_cap_ms = p.youth.daily_cap_s * 1000;
  s.youth_used_ms = sc.usage().day_total_ns() / 1'000'000;
  if (front != kNoId) {
    s.decision_app = std::string(rt.apps().name(front));
    s.decision = gate_status(rt, sc.gate(front));
  }
  return s;
}

AppDecision app_decision(Runtime& rt, const Enforcer* enforcer, int32_t pid, std::string_view app_id) {
  AppDecision d;
  AppId id = kNoId;
  if (enforcer != nullptr && enforcer->listed() && pid > 0) {
    for (const SeenClient& c : enforcer->seen())
      if (c.pid == pid) id = c.app, d.accounted = true;
  }
  if (id == kNoId) {
    // Not listed: only an app the engine already knows has a gate here. A
    // caller's id is never interned, so no caller can grow the engine.
    if (app_id.size() > kMaxQueriedAppIdBytes) return d;
    d.app = normalize_app_id(app_id);
    const std::optional<AppId> known = rt.apps().find(d.app);
    if (!known) return d;
    id = *known;
  }
  const Scheduler& sc = rt.engine().scheduler();
  d.app = std::string(rt.apps().name(id));
  d.gate = gate_status(rt, sc.gate(id));
  // The ring: of the budgets that count this app, the one with the least left.
  const Policy& p = rt.policy();
  const std::string_view category = sc.categories().name(sc.category_of(id));
  for (size_t b = 0; b < p.budgets.size(); ++b) {
    const Budget& bu = p.budgets[b];
    if (bu.target != (bu.scope == BudgetScope::app ? d.app : category)) continue;
    const int64_t used = sc.budget_used_ns(static_cast<int32_t>(b)) / 1'000'000;
    const int64_t limit = sc.budget_limit_ns(static_cast<int32_t>(b)) / 1'000'000;
    if (d.ring_limit_ms >= 0 && limit - used >= d.ring_limit_ms - d.ring_used_ms) continue;
    d.ring_used_ms = used;
    d.ring_limit_ms = limit;
    d.ring_rule = bu.id;
  }
  return d;
}

}  // namespace tw
