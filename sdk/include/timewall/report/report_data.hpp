// report_data.hpp: the figures of `timewall report`, read from the ledger.
//
// What it does: for the local days first_day..last_day (inclusive) collects
// attended time per category and per app, time protected and filled,
// friction, bypasses and blocks per day (each a ledger rollup query) and
// bypasses per budget over the period, each
// budget of the policy against its use, each friction exercise's outcomes,
// the notifications per app (a daily budget per day with
// anything recorded, a weekly budget per Monday-to-Sunday week touching the
// period, its use summed over the whole week), the period's top time-consumers, and the cost of attended
// time at the wearer's hourly value in whole cents.
// What it does not do: format anything (report_html.hpp, report_text.hpp) or
// count time itself: every figure is a sum of ledger query rows.
//
//   auto data = tw::report::build_report(ledger, policy, tz, first_day, last_day);
//   if (!data) return data.error();
//   for (const tw::report::ReportDay& d : data->days) use(d.per_category);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/diversify/concentration.hpp"
#include "core/ledger/ledger.hpp"
#include "core/policy.hpp"
#include "core/timezone.hpp"
#include "report/exercise_stats.hpp"

namespace tw::report {

struct ReportDay {
  int64_t day = 0;  // TimeZone::local_day_number
  std::vector<UsageTotal> per_category;  // longest first
  std::vector<UsageTotal> per_app;
  DaySummary summary;
  int64_t attended_ms = 0;
};

struct BudgetUse {
  const Budget* budget = nullptr;  // into the policy given to build_report
  int64_t first_day = 0;           // the day (daily) or the week's Monday (weekly)
  int64_t used_ms = 0;
  int64_t limit_ms = 0;
};

// One [diversify] group in one Monday-to-Sunday week touching the period
// (the whole week counted, as for weekly budgets).
struct GroupWeek {
  const DiversifyGroup* group = nullptr;  // into the policy given to build_report
  int64_t monday = 0;
  Concentration concentration;
};

struct ReportData {
  int64_t first_day = 0;
  int64_t last_day = 0;
  std::vector<ReportDay> days;              // every day of the period, empty ones too
  std::vector<UsageTotal> category_totals;  // over the period, longest first
  std::vector<UsageTotal> top_apps;         // over the period, longest first (all apps)
  std::vector<BudgetUse> budgets;           // in policy order, then by period
  std::vector<BudgetBypasses> bypasses_per_budget;  // "continue anyway" per budget id in the period
  std::vector<GroupWeek> concentration;     // per [diversify] group, then week
  std::vector<RecommendationReset> resets;  // the policy's reset reminders, as the wearer wrote them
  // Notifications received in the period, per app (most first): what the
  // firewall did with them (Ledger::notification_tallies).
  std::vector<NotificationTally> notifications;
  // Per friction exercise: runs, leave and return rates, time to decide,
  // per ISO week (exercise_stats.hpp), for the prompts shown in the period.
  std::vector<ExerciseStats> exercises;
  int64_t attended_ms = 0;
  int64_t protected_ms = 0;
  int64_t filled_ms = 0;
  int64_t friction_shown = 0;
  int64_t friction_left = 0;
  int64_t bypasses = 0;
  int64_t bypass_extension_s = 0;
  int64_t blocks = 0;
  double hourly_value = 0.0;
  std::string currency;
  std::string timezone;
};

Result<ReportData> build_report(const Ledger& ledger, const Policy& policy, const TimeZone& tz, int64_t first_day,
                                int64_t last_day);

}  // namespace tw::report
