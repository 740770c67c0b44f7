#include "report/report_text.hpp"

#include <algorithm>
#include <cstdio>

#include "report/figures_text.hpp"
#include "report/period.hpp"

namespace tw::report {
namespace {

void line(std::string& out, const char* label, const std::string& a, const std::string& b = {}) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "    %-28s %14s %s\n", label, a.c_str(), b.c_str());
  out += buf;
}

// "5 of 8 (62 %)", or "-" with nothing to count.
std::string rate_text(int64_t part, int64_t whole) {
  if (whole <= 0) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%lld of %lld (%.0f %%)", static_cast<long long>(part), static_cast<long long>(whole),
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

void exercises(std::string& out, const ReportData& d) {
  if (d.exercises.empty()) return;
  out += "\nExercises (runs; left of answered; back within 10 min of a leave; median time to decide):\n";
  for (const ExerciseStats& e : d.exercises) {
    const ExerciseCounts& c = e.counts;
    const std::string label = e.exercise.empty() ? "(not recorded)" : e.exercise + " (" + e.kind + ")";
    std::string figures = "left " + rate_text(c.left, c.left + c.continued) + ", back " +
                          rate_text(c.returned, c.returns_decided) + ", decide " +
                          (e.median_decide_ms < 0 ? std::string("-") : duration_text(e.median_decide_ms));
    if (c.timed_out > 0) figures += ", " + std::to_string(c.timed_out) + " timed out";
    if (c.open_at_finish > 0) figures += ", " + std::to_string(c.open_at_finish) + " open at shutdown";
    line(out, label.c_str(), std::to_string(c.runs), figures);
    if (!e.picks.empty()) {
      std::string picked;
      for (const ExerciseStats::Pick& p : e.picks)
        picked += (picked.empty() ? "" : ", ") + p.row + " " + std::to_string(p.count);
      line(out, "  picked", "", picked);
    }
    for (const ExerciseWeek& w : e.weeks)
      line(out, ("  " + iso_week_text(w.monday)).c_str(), std::to_string(w.counts.runs),
           "left " + rate_text(w.counts.left, w.counts.left + w.counts.continued));
  }
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
  exercises(out, d);
  if (!d.concentration.empty()) {
    out += "\nConcentration (the top app's share of a group's week; HHI 1 = one app has it all):\n";
    for (const GroupWeek& w : d.concentration) {
      const Concentration& c = w.concentration;
      const std::string label = w.group->name + " week " + date_text(w.monday);
      if (c.group_ms == 0) {
        line(out, label.c_str(), "-", "nothing attended");
        continue;
      }
      char share[96];
      std::snprintf(share, sizeof share, "%.0f %% %s, HHI %.2f, %d app(s)%s", c.top_share * 100.0,
                    c.top_app.c_str(), c.hhi, c.apps,
                    c.concentrated ? "  CONCENTRATED" : c.judged ? "" : "  (too little time to judge)");
      line(out, label.c_str(), duration_text(c.group_ms), share);
    }
  }
  if (!d.resets.empty()) {
    out += "\nRecommendation resets (your own notes):\n";
    for (const RecommendationReset& r : d.resets)
      line(out, r.app.c_str(), "every " + std::to_string(r.every_days) + " d", r.note);
  }
  if (!d.notifications.empty()) {
    out += "\nNotifications (received, held, batched, delivered, dropped, expired; interruptions saved):\n";
    for (const NotificationTally& n : d.notifications)
      line(out, n.app.c_str(),
           std::to_string(n.received) + " " + std::to_string(n.held) + " " + std::to_string(n.batched) + " " +
               std::to_string(n.delivered) + " " + std::to_string(n.dropped) + " " + std::to_string(n.expired),
           "saved " + std::to_string(n.saved) + " of " + std::to_string(n.saved + n.interruptions));
  }
  out += "\nTop time-consumers:\n";
  if (d.top_apps.empty()) out += "    (nothing attended)\n";
  for (size_t i = 0; i < std::min<size_t>(d.top_apps.size(), 10); ++i) {
    const UsageTotal& a = d.top_apps[i];
    line(out, a.name.c_str(), duration_text(a.attended_ms), cost_text(a.attended_ms, d.hourly_value, d.currency));
  }
  return out;
}

}  // namespace tw::report
