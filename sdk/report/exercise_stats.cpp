#include "report/exercise_stats.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "core/civil_days.hpp"

namespace tw::report {
namespace {

void add(ExerciseCounts& c, const ExerciseOutcomeRow& r) {
  ++c.runs;
  if (r.answer == "left") ++c.left;
  else if (r.answer == "continued") ++c.continued;
  else if (r.answer == "open_at_finish") ++c.open_at_finish;
  else ++c.timed_out;
  if (r.returned >= 0) {
    ++c.returns_decided;
    c.returned += r.returned;
  }
}

}  // namespace

double ExerciseCounts::leave_rate() const {
  const int64_t answered = left + continued;
  return answered > 0 ? static_cast<double>(left) / static_cast<double>(answered) : -1.0;
}

double ExerciseCounts::return_rate() const {
  return returns_decided > 0 ? static_cast<double>(returned) / static_cast<double>(returns_decided) : -1.0;
}

std::string iso_week_text(int64_t monday) {
  // The ISO year is the year of the week's Thursday; week 1 holds the first Thursday.
  const int64_t thursday = monday + 3;
  const int64_t year = civil_from_days(thursday).year;
  const int week = static_cast<int>((thursday - days_from_civil(year, 1, 1)) / 7 + 1);  // 1..53
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-W%02d", static_cast<long long>(year), week);
  return buf;
}

std::vector<ExerciseStats> exercise_stats(const std::vector<ExerciseOutcomeRow>& rows, const TimeZone& tz) {
  struct Acc {
    ExerciseStats stats;
    std::vector<int64_t> decide_ms;
    std::map<int64_t, ExerciseCounts> weeks;
    std::map<std::string, int64_t> picks;
  };
  std::map<std::string, Acc> by_id;
  for (const ExerciseOutcomeRow& r : rows) {
    Acc& a = by_id[r.exercise];
    a.stats.exercise = r.exercise;
    if (a.stats.kind.empty()) a.stats.kind = r.kind;
    add(a.stats.counts, r);
    if ((r.answer == "left" || r.answer == "continued") && r.decide_ms >= 0) a.decide_ms.push_back(r.decide_ms);
    if (!r.picked.empty()) ++a.picks[r.picked];
    const int64_t day = tz.local_day_number(floor_div(r.shown_ms, 1000));
    add(a.weeks[day - weekday_from_days(day)], r);
  }
  std::vector<ExerciseStats> out;
  for (auto& [id, a] : by_id) {
    if (!a.decide_ms.empty()) {
      const auto mid = a.decide_ms.begin() + static_cast<std::ptrdiff_t>((a.decide_ms.size() - 1) / 2);
      std::nth_element(a.decide_ms.begin(), mid, a.decide_ms.end());
      a.stats.median_decide_ms = *mid;
    }
    for (const auto& [monday, counts] : a.weeks) a.stats.weeks.push_back({monday, counts});
    for (const auto& [row, count] : a.picks) a.stats.picks.push_back({row, count});
    std::stable_sort(a.stats.picks.begin(), a.stats.picks.end(),
                     [](const ExerciseStats::Pick& x, const ExerciseStats::Pick& y) { return x.count > y.count; });
    out.push_back(std::move(a.stats));
  }
  std::stable_sort(out.begin(), out.end(), [](const ExerciseStats& x, const ExerciseStats& y) {
    if (x.exercise.empty() != y.exercise.empty()) return y.exercise.empty();
    return x.counts.runs > y.counts.runs;
  });
  return out;
}

}  // namespace tw::report
