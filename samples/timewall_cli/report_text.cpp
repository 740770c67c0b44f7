#include "report_text.hpp"

#include <algorithm>
#include <cstdio>

#include "history.hpp"
#include "summary.hpp"

namespace tw::cli {
namespace {

void line(std::string& out, const char* label, const std::string& a, const std::string& b = {}) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "    %-28s %14s %s\n", label, a.c_str(), b.c_str());
  out += buf;
}

}  // namespace

std::string render_report_text(const ReportData& d) {
  std::string out = "Timewall report " + date_text(d.first_day) + " .. " + date_text(d.last_day) + " (" + d.timezone +
                    ", " + cost_text(3'600'000, d.hourly_value, d.currency) + " per attended hour)\n";
  out += "\nAttended per day:\n";
  for (const ReportDay& day : d.days) {
    out += "  " + date_text(day.day) + "  " + duration_text(day.attended_ms) + "\n";
    for (const UsageTotal& c : day.per_category) line(out, c.name.c_str(), duration_text(c.attended_ms));
  }
  out += "\nBudget against use:\n";
  if (d.budgets.empty()) out += "    (the policy sets no budgets)\n";
  for (const BudgetUse& u : d.budgets) {
    const std::string label = u.budget->id + (u.budget->period == BudgetPeriod::daily ? " " : " week ") +
                              date_text(u.first_day);
    line(out, label.c_str(), duration_text(u.used_ms), "of " + duration_text(u.limit_ms) +
                                                           (u.used_ms > u.limit_ms ? "  OVER" : ""));
  }
  out += "\nOpportunity cost per category:\n";
  if (d.category_totals.empty()) out += "    (nothing attended)\n";
  for (const UsageTotal& c : d.category_totals)
    line(out, c.name.c_str(), cost_text(c.attended_ms, d.hourly_value, d.currency), duration_text(c.attended_ms));
  line(out, "all attended time", cost_text(d.attended_ms, d.hourly_value, d.currency), duration_text(d.attended_ms));
  out += "\nIdle moments:\n";
  line(out, "time protected", duration_text(d.protected_ms));
  line(out, "time filled", duration_text(d.filled_ms));
  out += "\nFriction:\n";
  line(out, "prompts shown", std::to_string(d.friction_shown));
  line(out, "left the easy way out", std::to_string(d.friction_left));
  line(out, "bypasses", std::to_string(d.bypasses), "+" + duration_text(d.bypass_extension_s * 1000));
  for (const BudgetBypasses& b : d.bypasses_per_budget)
    line(out, ("  bypasses of " + b.budget).c_str(), std::to_string(b.count), "+" + duration_text(b.extension_s * 1000));
  line(out, "blocks", std::to_string(d.blocks));
  out += "\nTop time-consumers:\n";
  if (d.top_apps.empty()) out += "    (nothing attended)\n";
  for (size_t i = 0; i < std::min<size_t>(d.top_apps.size(), 10); ++i) {
    const UsageTotal& a = d.top_apps[i];
    line(out, a.name.c_str(), duration_text(a.attended_ms), cost_text(a.attended_ms, d.hourly_value, d.currency));
  }
  return out;
}

}  // namespace tw::cli
