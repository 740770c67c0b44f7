#include "report/report_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/civil_days.hpp"
#include "report/period.hpp"

namespace tw::report {
namespace {

void add_to(std::map<std::string, int64_t>& sums, const std::vector<UsageTotal>& rows) {
  for (const UsageTotal& r : rows) sums[r.name] += r.attended_ms;
}

std::vector<UsageTotal> longest_first(const std::map<std::string, int64_t>& sums) {
  std::vector<UsageTotal> out;
  for (const auto& [name, ms] : sums) out.push_back({name, ms});
  std::stable_sort(out.begin(), out.end(),
                   [](const UsageTotal& a, const UsageTotal& b) { return a.attended_ms > b.attended_ms; });
  return out;
}

int64_t used_on(const Budget& b, const std::vector<UsageTotal>& per_app, const std::vector<UsageTotal>& per_category) {
  const auto& rows = b.scope == BudgetScope::app ? per_app : per_category;
  for (const UsageTotal& r : rows)
    if (r.name == b.target) return r.attended_ms;
  return 0;
}

bool recorded(const ReportDay& d) {
  const DaySummary& s = d.summary;
  return d.attended_ms > 0 || s.protected_ms > 0 || s.filled_ms > 0 || s.friction_shown > 0 || s.blocks > 0;
}

}  // namespace

std::string concentration_trend(const ReportData& d, size_t i) {
  if (i == 0 || i >= d.concentration.size()) return "";
  const GroupWeek& w = d.concentration[i];
  const GroupWeek& before = d.concentration[i - 1];
  if (before.group != w.group || before.concentration.group_ms == 0 || w.concentration.group_ms == 0) return "";
  const long long pts = std::llround((w.concentration.top_share - before.concentration.top_share) * 100.0);
  if (pts == 0) return " (=)";
  char buf[32];
  std::snprintf(buf, sizeof buf, " (%+lld pts)", pts);
  return buf;
}

Result<ReportData> build_report(const Ledger& ledger, const Policy& policy, const TimeZone& tz, int64_t first_day,
                                int64_t last_day) {
  ReportData r;
  r.first_day = first_day;
  r.last_day = last_day;
  r.hourly_value = policy.time_value.hourly_value;
  r.currency = policy.time_value.currency;
  r.timezone = tz.name();
  std::map<std::string, int64_t> categories, apps;
  for (int64_t day = first_day; day <= last_day; ++day) {
    ReportDay d;
    d.day = day;
    auto cats = ledger.day_per_category(day);
    if (!cats) return cats.error();
    auto per_app = ledger.day_per_app(day);
    if (!per_app) return per_app.error();
    auto sum = ledger.day_summary(day);
    if (!sum) return sum.error();
    d.per_category = std::move(cats).value();
    d.per_app = std::move(per_app).value();
    d.summary = sum.value();
    for (const UsageTotal& u : d.per_app) d.attended_ms += u.attended_ms;
    add_to(categories, d.per_category);
    add_to(apps, d.per_app);
    r.attended_ms += d.attended_ms;
    r.protected_ms += d.summary.protected_ms;
    r.filled_ms += d.summary.filled_ms;
    r.friction_shown += d.summary.friction_shown;
    r.friction_left += d.summary.friction_left;
    r.bypasses += d.summary.bypasses;
    r.bypass_extension_s += d.summary.bypass_extension_s;
    r.blocks += d.summary.blocks;
    r.days.push_back(std::move(d));
  }
  auto per_budget = ledger.bypasses_per_budget(day_start_ms(tz, first_day), day_start_ms(tz, last_day + 1));
  if (!per_budget) return per_budget.error();
  r.bypasses_per_budget = std::move(per_budget).value();
  auto notes = ledger.notification_tallies(day_start_ms(tz, first_day), day_start_ms(tz, last_day + 1));
  if (!notes) return notes.error();
  r.notifications = std::move(notes).value();
  auto outcomes = ledger.exercise_outcomes(day_start_ms(tz, first_day), day_start_ms(tz, last_day + 1));
  if (!outcomes) return outcomes.error();
  r.exercises = exercise_stats(outcomes.value(), tz);
  r.category_totals = longest_first(categories);
  r.top_apps = longest_first(apps);

  for (const Budget& b : policy.budgets) {
    if (b.period == BudgetPeriod::daily) {
      for (const ReportDay& d : r.days)
        if (recorded(d)) r.budgets.push_back({&b, d.day, used_on(b, d.per_app, d.per_category), b.limit_s * 1000});
      continue;
    }
    // A weekly budget counts its whole week, also the days outside the period.
    for (int64_t monday = first_day - weekday_from_days(first_day); monday <= last_day; monday += 7) {
      BudgetUse use{&b, monday, 0, b.limit_s * 1000};
      for (int64_t day = monday; day < monday + 7; ++day) {
        auto cats = ledger.day_per_category(day);
        if (!cats) return cats.error();
        auto per_app = ledger.day_per_app(day);
        if (!per_app) return per_app.error();
        use.used_ms += used_on(b, per_app.value(), cats.value());
      }
      r.budgets.push_back(use);
    }
  }

  for (const DiversifyGroup& g : policy.diversify.groups) {
    for (int64_t monday = first_day - weekday_from_days(first_day); monday <= last_day; monday += 7) {
      std::vector<UsageTotal> week;
      for (int64_t day = monday; day < monday + 7; ++day) {
        auto per_app = ledger.day_per_app(day);
        if (!per_app) return per_app.error();
        week.insert(week.end(), per_app.value().begin(), per_app.value().end());
      }
      r.concentration.push_back({&g, monday, concentration(policy, g, week)});
    }
  }
  r.resets = policy.diversify.resets;
  auto reminders = ledger.reminders(day_start_ms(tz, first_day), day_start_ms(tz, last_day + 1));
  if (!reminders) return reminders.error();
  for (ReminderRow& row : reminders.value()) {
    if (row.kind != "reset_done" && row.kind != "concentration") continue;
    const CivilTime c = tz.to_local(floor_div(row.at_ms, 1000));
    char when[32];
    std::snprintf(when, sizeof when, "%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day, c.hour, c.minute);
    ReminderEntry e{when, std::move(row.subject), std::move(row.app), row.top_ms, row.group_ms};
    (row.kind == "reset_done" ? r.resets_done : r.concentration_cards).push_back(std::move(e));
  }
  return r;
}

}  // namespace tw::report
