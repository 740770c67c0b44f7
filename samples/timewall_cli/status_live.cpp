#include "status_live.hpp"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "status_text.hpp"

namespace tw::cli {
namespace {

nlohmann::json gate_json(const GateStatus& g) {
  nlohmann::json j{{"kind", g.kind}};
  if (g.kind == "none") return j;
  j["reason"] = g.reason;
  if (!g.rule.empty()) j["rule"] = g.rule;
  return j;
}

}  // namespace

std::string render_live_text(const DeviceStatus& s, const TimeZone& zone) {
  std::string out = "Timewall status at " + iso_in(zone, s.at_ms) + " (live, from timewalld: " +
                    (s.accounting ? "it counts every app in the XR runtime's client list)\n"
                                  : "it does not see the XR runtime's clients)\n");
  size_t width = 0;
  for (const AppStatus& a : s.apps) width = std::max(width, a.app.size());
  out += s.apps.empty() ? "apps: none seen today\n" : "apps (state, today, week, if in front):\n";
  for (const AppStatus& a : s.apps) {
    char line[512];
    std::snprintf(line, sizeof line, "  %-*s  %-12s  %-11s  today %-14s week %-14s %s: %s\n", static_cast<int>(width),
                  a.app.c_str(), a.category.c_str(), a.state.c_str(), duration_text(a.today_ms).c_str(),
                  duration_text(a.week_ms).c_str(), a.state == "front" || a.state == "blocked" ? "in force" : "if in front",
                  gate_text(a.gate).c_str());
    out += line;
  }
  out += s.budgets.empty() ? "budgets: none\n" : "budgets (used of limit, left, then):\n";
  for (const BudgetStatus& b : s.budgets)
    out += "  " + b.id + "  " + b.scope + " " + b.target + ", " + b.period + ": " + duration_text(b.used_ms) + " of " +
           duration_text(b.limit_ms) + ", " + duration_text(b.left_ms()) + " left, then " + b.at_limit + "\n";
  out += "youth cap: " + std::string(s.youth_enabled ? "on, " : "off (") + duration_text(s.youth_cap_ms) + " a day, " +
         duration_text(s.youth_used_ms) + " used today, " + duration_text(s.youth_cap_ms - s.youth_used_ms) + " left" +
         (s.youth_enabled ? "" : ")") + "\n";
  out += "decision in force: " +
         (s.decision_app.empty() ? std::string("none (no app in front)") : s.decision_app + ": " + gate_text(s.decision)) +
         "\n";
  return out;
}

std::string render_live_json(const DeviceStatus& s, const TimeZone& zone) {
  nlohmann::json j;
  j["source"] = "service";
  j["at_ms"] = s.at_ms;
  j["at"] = iso_in(zone, s.at_ms);
  j["accounting"] = s.accounting;
  j["apps"] = nlohmann::json::array();
  for (const AppStatus& a : s.apps)
    j["apps"].push_back({{"app", a.app},
                         {"category", a.category},
                         {"state", a.state},
                         {"client", a.client},
                         {"attended_today_ms", a.today_ms},
                         {"attended_week_ms", a.week_ms},
                         {"gate", gate_json(a.gate)}});
  j["budgets"] = nlohmann::json::array();
  for (const BudgetStatus& b : s.budgets)
    j["budgets"].push_back({{"id", b.id},
                            {"scope", b.scope},
                            {"target", b.target},
                            {"period", b.period},
                            {"used_ms", b.used_ms},
                            {"limit_ms", b.limit_ms},
                            {"left_ms", b.left_ms()},
                            {"at_limit", b.at_limit}});
  j["youth"] = {{"enabled", s.youth_enabled},
                {"daily_cap_ms", s.youth_cap_ms},
                {"used_ms", s.youth_used_ms},
                {"left_ms", std::max<int64_t>(0, s.youth_cap_ms - s.youth_used_ms)}};
  if (s.decision_app.empty()) {
    j["decision"] = nullptr;
  } else {
    nlohmann::json d = gate_json(s.decision);
    d["app"] = s.decision_app;
    j["decision"] = d;
  }
  return j.dump() + "\n";
}

}  // namespace tw::cli
