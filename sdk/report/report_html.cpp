#include "report/report_html.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

#include "core/civil_days.hpp"
#include "report/figures_text.hpp"
#include "report/period.hpp"

namespace tw::report {
namespace {

// Okabe-Ito, with yellow last (weakest on a light page) and grey for the rest.
constexpr std::string_view kPalette[] = {"#E69F00", "#56B4E9", "#009E73", "#0072B2",
                                         "#D55E00", "#CC79A7", "#F0E442"};
constexpr std::string_view kRest = "#999999";
constexpr std::string_view kProtected = "#0072B2";
constexpr std::string_view kFilled = "#009E73";
constexpr std::string_view kShown = "#999999";
constexpr std::string_view kLeft = "#56B4E9";
constexpr std::string_view kBypass = "#D55E00";
constexpr std::string_view kAccent = "#0072B2";

constexpr const char* kWeekdayShort[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kMonthShort[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

constexpr int kWidth = 880;

__attribute__((format(printf, 1, 2))) std::string fmt(const char* f, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, f);
  const int n = std::vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  return std::string(buf, static_cast<size_t>(std::clamp(n, 0, static_cast<int>(sizeof buf) - 1)));
}

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string day_label(int64_t day) {
  std::string iso = date_text(day);
  int y = 0, m = 0, d = 0;
  std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d);
  return fmt("%s %d %s", kWeekdayShort[weekday_from_days(day)], d, kMonthShort[std::clamp(m, 1, 12) - 1]);
}

std::string long_day_label(int64_t day) {
  std::string iso = date_text(day);
  int y = 0, m = 0, d = 0;
  std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d);
  return day_label(day) + fmt(" %d", y);
}

std::string money(int64_t cents, const std::string& currency) {
  const int64_t a = cents < 0 ? -cents : cents;
  return fmt("%s%lld.%02lld %s", cents < 0 ? "-" : "", static_cast<long long>(a / 100),
             static_cast<long long>(a % 100), esc(currency).c_str());
}

long long ll(int64_t v) { return static_cast<long long>(v); }

// Axis top and tick step in minutes for a maximum in ms: at most 5 steps.
std::pair<int64_t, int64_t> minute_axis(int64_t max_ms) {
  const int64_t max_min = std::max<int64_t>(1, (max_ms + 59'999) / 60'000);
  constexpr int64_t kSteps[] = {1, 2, 5, 10, 15, 20, 30, 60, 90, 120, 180, 240, 360, 720, 1440};
  int64_t step = kSteps[std::size(kSteps) - 1];
  for (const int64_t s : kSteps) {
    if (max_min <= s * 5) {
      step = s;
      break;
    }
  }
  return {((max_min + step - 1) / step) * step, step};
}

std::pair<int64_t, int64_t> count_axis(int64_t max) {
  const int64_t step = std::max<int64_t>(1, (max + 4) / 5);
  return {std::max<int64_t>(step, ((max + step - 1) / step) * step), step};
}

std::string minute_tick(int64_t min) {
  if (min >= 60 && min % 60 == 0) return fmt("%lld h", ll(min / 60));
  if (min >= 60) return fmt("%lld h %02lld", ll(min / 60), ll(min % 60));
  return fmt("%lld min", ll(min));
}

void open_figure(std::string& out, const std::string& id, const std::string& title, const std::string& desc,
                 int height) {
  out += "<figure>\n<svg class=\"chart\" role=\"img\" aria-labelledby=\"" + id + "-t " + id + "-d\" viewBox=\"0 0 " +
         std::to_string(kWidth) + " " + std::to_string(height) + "\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">\n";
  out += "<title id=\"" + id + "-t\">" + esc(title) + "</title>\n<desc id=\"" + id + "-d\">" + esc(desc) + "</desc>\n";
}

void legend(std::string& out, const std::vector<std::pair<std::string, std::string_view>>& items) {
  out += "<ul class=\"legend\">";
  for (const auto& [name, colour] : items) {
    out += "<li><span class=\"swatch\" style=\"background:" + std::string(colour) + "\"></span>" + esc(name) + "</li>";
  }
  out += "</ul>\n";
}

// Vertical axis with grid lines; value_text labels each tick.
struct Plot {
  int left = 64, top = 16, width = kWidth - 64 - 16, height = 220;
  int64_t axis_top = 1;
  double y(int64_t v) const {
    return top + height - static_cast<double>(height) * static_cast<double>(v) / static_cast<double>(axis_top);
  }
};

void axis(std::string& out, const Plot& p, int64_t step, bool minutes) {
  for (int64_t v = 0; v <= p.axis_top; v += step) {
    const double yv = p.y(v);
    out += fmt("<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", p.left, p.left + p.width, yv, yv);
    const std::string label = minutes ? minute_tick(v / 60'000) : std::to_string(v);
    out += fmt("<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", p.left - 6, yv + 4,
               label.c_str());
  }
}

// Day labels under the plot; every k-th day when there are many.
void day_labels(std::string& out, const Plot& p, const std::vector<ReportDay>& days) {
  const double slot = static_cast<double>(p.width) / static_cast<double>(days.size());
  const size_t every = days.size() <= 10 ? 1 : (days.size() + 9) / 10;
  for (size_t i = 0; i < days.size(); i += every) {
    out += fmt("<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
               p.left + slot * (static_cast<double>(i) + 0.5), p.top + p.height + 18, day_label(days[i].day).c_str());
  }
}

std::string_view colour_of(const ReportData& d, const std::string& category) {
  for (size_t i = 0; i < d.category_totals.size(); ++i)
    if (d.category_totals[i].name == category) return category_colour(i);
  return kRest;
}

void stacked_days(std::string& out, const ReportData& d) {
  out += "<section>\n<h2 id=\"per-day\">Minutes per day, by category</h2>\n";
  int64_t max_ms = 0;
  for (const ReportDay& day : d.days) max_ms = std::max(max_ms, day.attended_ms);
  const auto [top_min, step] = minute_axis(max_ms);
  Plot p;
  p.axis_top = top_min * 60'000;
  open_figure(out, "c-days", "Attended minutes per day, stacked by category",
              "One bar per day of the period; each coloured segment is one category's attended time.",
              p.top + p.height + 28);
  axis(out, p, step * 60'000, true);
  const double slot = static_cast<double>(p.width) / static_cast<double>(d.days.size());
  const double bar = std::min(56.0, slot * 0.6);
  for (size_t i = 0; i < d.days.size(); ++i) {
    const ReportDay& day = d.days[i];
    const double x = p.left + slot * (static_cast<double>(i) + 0.5) - bar / 2;
    int64_t below = 0;
    // Stack in the period's category order, so colours sit in the same place every day.
    for (const UsageTotal& cat : d.category_totals) {
      int64_t ms = 0;
      for (const UsageTotal& u : day.per_category)
        if (u.name == cat.name) ms = u.attended_ms;
      if (ms <= 0) continue;
      const double y1 = p.y(below + ms), y0 = p.y(below);
      out += fmt("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" data-day=\"%s\" ", x, y1, bar,
                 std::max(0.0, y0 - y1), std::string(colour_of(d, cat.name)).c_str(), date_text(day.day).c_str());
      out += "data-category=\"" + esc(cat.name) + "\" data-ms=\"" + std::to_string(ms) + "\"><title>" +
             esc(day_label(day.day)) + ", " + esc(cat.name) + ": " + duration_text(ms) + "</title></rect>\n";
      below += ms;
    }
    const std::string total = day.attended_ms > 0 ? duration_text(day.attended_ms) : std::string("none");
    out += fmt("<text class=\"value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", x + bar / 2,
               p.y(day.attended_ms) - 6, total.c_str());
  }
  day_labels(out, p, d.days);
  out += "</svg>\n";
  std::vector<std::pair<std::string, std::string_view>> items;
  for (size_t i = 0; i < d.category_totals.size(); ++i) items.emplace_back(d.category_totals[i].name, category_colour(i));
  legend(out, items);
  out += "<details><summary>Table: minutes per day and category</summary><table><thead><tr><th scope=\"col\">Day</th>";
  for (const UsageTotal& cat : d.category_totals) out += "<th scope=\"col\">" + esc(cat.name) + "</th>";
  out += "<th scope=\"col\">All</th></tr></thead><tbody>\n";
  for (const ReportDay& day : d.days) {
    out += "<tr><th scope=\"row\">" + esc(day_label(day.day)) + "</th>";
    for (const UsageTotal& cat : d.category_totals) {
      int64_t ms = 0;
      for (const UsageTotal& u : day.per_category)
        if (u.name == cat.name) ms = u.attended_ms;
      out += "<td>" + duration_text(ms) + "</td>";
    }
    out += "<td>" + duration_text(day.attended_ms) + "</td></tr>\n";
  }
  out += "</tbody></table></details>\n</figure>\n</section>\n";
}

struct HBar {
  std::string label;
  int64_t value = 0;
  int64_t limit = -1;  // a marker line when >= 0
  std::string_view colour;
  std::string value_text;
  std::string attrs;  // data-* attributes, already escaped
};

void hbars(std::string& out, const std::string& id, const std::string& title, const std::string& desc,
           const std::vector<HBar>& rows) {
  constexpr int kRow = 30, kLabel = 230, kText = 250;
  const int height = static_cast<int>(rows.size()) * kRow + 8;
  open_figure(out, id, title, desc, height);
  int64_t max = 1;
  for (const HBar& r : rows) max = std::max({max, r.value, r.limit});
  const double span = kWidth - kLabel - kText;
  auto x = [&](int64_t v) { return kLabel + span * static_cast<double>(v) / static_cast<double>(max); };
  for (size_t i = 0; i < rows.size(); ++i) {
    const HBar& r = rows[i];
    const int y = 4 + static_cast<int>(i) * kRow;
    out += fmt("<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">", kLabel - 8, y + 17) + esc(r.label) +
           "</text>\n";
    const int64_t within = r.limit >= 0 ? std::min(r.value, r.limit) : r.value;
    out += fmt("<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\" ", kLabel, y + 3, x(within) - kLabel,
               std::string(r.colour).c_str()) +
           r.attrs + "><title>" + esc(r.label) + ": " + esc(r.value_text) + "</title></rect>\n";
    if (r.limit >= 0 && r.value > r.limit) {
      out += fmt("<rect class=\"over\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"20\"><title>over the limit by %s</title></rect>\n",
                 x(r.limit), y + 3, x(r.value) - x(r.limit), duration_text(r.value - r.limit).c_str());
    }
    if (r.limit >= 0) {
      out += fmt("<line class=\"limit\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>\n", x(r.limit), x(r.limit), y,
                 y + 26);
    }
    out += fmt("<text class=\"value\" x=\"%.1f\" y=\"%d\">", std::max(x(r.value), r.limit >= 0 ? x(r.limit) : 0.0) + 8,
               y + 17) +
           esc(r.value_text) + "</text>\n";
  }
  out += "</svg>\n";
}

void table(std::string& out, const std::string& caption, const std::vector<std::string>& head,
           const std::vector<std::vector<std::string>>& rows) {
  out += "<details><summary>Table: " + esc(caption) + "</summary><table><thead><tr>";
  for (const std::string& h : head) out += "<th scope=\"col\">" + esc(h) + "</th>";
  out += "</tr></thead><tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (size_t i = 0; i < row.size(); ++i) out += (i == 0 ? "<th scope=\"row\">" : "<td>") + esc(row[i]) + (i == 0 ? "</th>" : "</td>");
    out += "</tr>\n";
  }
  out += "</tbody></table></details>\n";
}

void budgets(std::string& out, const ReportData& d) {
  out += "<section>\n<h2 id=\"budgets\">Budget against use</h2>\n";
  if (d.budgets.empty()) {
    out += "<p>The policy sets no budgets.</p>\n</section>\n";
    return;
  }
  std::vector<HBar> rows;
  std::vector<std::vector<std::string>> cells;
  for (const BudgetUse& u : d.budgets) {
    const Budget& b = *u.budget;
    const bool daily = b.period == BudgetPeriod::daily;
    const std::string when = daily ? day_label(u.first_day) : "week of " + day_label(u.first_day);
    const int64_t pct = u.limit_ms > 0 ? (u.used_ms * 100 + u.limit_ms / 2) / u.limit_ms : 0;
    HBar r;
    r.label = b.id + " · " + when;
    r.value = u.used_ms;
    r.limit = u.limit_ms;
    r.colour = b.scope == BudgetScope::category ? colour_of(d, b.target) : kAccent;
    r.value_text = duration_text(u.used_ms) + " of " + duration_text(u.limit_ms) + fmt(" (%lld%%)", ll(pct));
    r.attrs = "data-budget=\"" + esc(b.id) + "\" data-day=\"" + date_text(u.first_day) + "\" data-ms=\"" +
              std::to_string(u.used_ms) + "\" data-limit-ms=\"" + std::to_string(u.limit_ms) + "\"";
    cells.push_back({b.id, when, b.target, duration_text(u.limit_ms), duration_text(u.used_ms), fmt("%lld%%", ll(pct))});
    rows.push_back(std::move(r));
  }
  hbars(out, "c-budgets", "Budget against use",
        "One bar per budget and period: attended time against the limit (the vertical line); time over the limit is "
        "drawn in red.",
        rows);
  table(out, "budgets", {"Budget", "Period", "Target", "Limit", "Used", "Share"}, cells);
  out += "</section>\n";
}

void costs(std::string& out, const ReportData& d) {
  out += "<section>\n<h2 id=\"cost\">Opportunity cost</h2>\n";
  out += "<p>Attended time valued at " + money(cost_cents(3'600'000, d.hourly_value), d.currency) +
         " per hour, the value the policy gives one hour of your time.</p>\n";
  if (d.category_totals.empty()) {
    out += "<p>Nothing attended in this period.</p>\n</section>\n";
    return;
  }
  std::vector<HBar> rows;
  std::vector<std::vector<std::string>> cells;
  for (size_t i = 0; i < d.category_totals.size(); ++i) {
    const UsageTotal& c = d.category_totals[i];
    const int64_t cents = cost_cents(c.attended_ms, d.hourly_value);
    rows.push_back({c.name, cents, -1, category_colour(i), money(cents, d.currency) + " · " + duration_text(c.attended_ms),
                    "data-category=\"" + esc(c.name) + "\" data-cents=\"" + std::to_string(cents) + "\""});
    cells.push_back({c.name, duration_text(c.attended_ms), money(cents, d.currency)});
  }
  hbars(out, "c-cost", "Opportunity cost per category",
        "What the attended time of each category was worth at the wearer's hourly value.", rows);
  table(out, "cost per category", {"Category", "Attended", "Worth"}, cells);
  out += "</section>\n";
}

struct Series {
  std::string name;
  std::string_view colour;
  std::string attr;
  std::vector<int64_t> values;  // one per day
};

void grouped_days(std::string& out, const std::string& id, const std::string& title, const std::string& desc,
                  const ReportData& d, const std::vector<Series>& series, bool minutes) {
  int64_t max = 0;
  for (const Series& s : series)
    for (const int64_t v : s.values) max = std::max(max, v);
  Plot p;
  p.height = 160;
  int64_t step = 1;
  if (minutes) {
    const auto [top_min, step_min] = minute_axis(max);
    p.axis_top = top_min * 60'000;
    step = step_min * 60'000;
  } else {
    std::tie(p.axis_top, step) = count_axis(max);
  }
  open_figure(out, id, title, desc, p.top + p.height + 28);
  axis(out, p, step, minutes);
  const double slot = static_cast<double>(p.width) / static_cast<double>(d.days.size());
  const double bar = std::min(24.0, slot * 0.7 / static_cast<double>(series.size()));
  for (size_t i = 0; i < d.days.size(); ++i) {
    const double x0 = p.left + slot * (static_cast<double>(i) + 0.5) - bar * static_cast<double>(series.size()) / 2;
    for (size_t k = 0; k < series.size(); ++k) {
      const Series& s = series[k];
      const int64_t v = s.values[i];
      const double x = x0 + bar * static_cast<double>(k);
      const std::string shown = minutes ? duration_text(v) : std::to_string(v);
      out += fmt("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" data-day=\"%s\" %s=\"%lld\">",
                 x, p.y(v), bar - 2, p.y(0) - p.y(v), std::string(s.colour).c_str(), date_text(d.days[i].day).c_str(),
                 s.attr.c_str(), ll(v)) +
             "<title>" + esc(day_label(d.days[i].day)) + ", " + esc(s.name) + ": " + shown + "</title></rect>\n";
      if (v > 0) {
        out += fmt("<text class=\"value small\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
                   x + (bar - 2) / 2, p.y(v) - 4, (minutes ? duration_text(v) : std::to_string(v)).c_str());
      }
    }
  }
  day_labels(out, p, d.days);
  out += "</svg>\n";
  std::vector<std::pair<std::string, std::string_view>> items;
  for (const Series& s : series) items.emplace_back(s.name, s.colour);
  legend(out, items);
  std::vector<std::string> head = {"Day"};
  for (const Series& s : series) head.push_back(s.name);
  std::vector<std::vector<std::string>> cells;
  for (size_t i = 0; i < d.days.size(); ++i) {
    std::vector<std::string> row = {day_label(d.days[i].day)};
    for (const Series& s : series) row.push_back(minutes ? duration_text(s.values[i]) : std::to_string(s.values[i]));
    cells.push_back(std::move(row));
  }
  table(out, title, head, cells);
}

void idle(std::string& out, const ReportData& d) {
  out += "<section>\n<h2 id=\"idle\">Time protected and time filled</h2>\n";
  out += "<p>Idle moments left quiet (nothing shown, nudges held): <strong>" + duration_text(d.protected_ms) +
         "</strong>. Idle moments filled with a card you chose: <strong>" + duration_text(d.filled_ms) +
         "</strong>.</p>\n";
  Series prot{"time protected", kProtected, "data-protected-ms", {}};
  Series fill{"time filled", kFilled, "data-filled-ms", {}};
  for (const ReportDay& day : d.days) {
    prot.values.push_back(day.summary.protected_ms);
    fill.values.push_back(day.summary.filled_ms);
  }
  grouped_days(out, "c-idle", "Time protected and time filled per day",
               "Per day, idle moments kept quiet and idle moments filled with wearer-chosen content.", d, {prot, fill},
               true);
  out += "</section>\n";
}

void friction(std::string& out, const ReportData& d) {
  out += "<section>\n<h2 id=\"bypasses\">Friction and bypasses</h2>\n";
  auto n = [](int64_t v, const char* one, const char* many) { return fmt("%lld %s", ll(v), v == 1 ? one : many); };
  out += "<p>" + n(d.friction_shown, "friction prompt", "friction prompts") + ", " + n(d.friction_left, "left", "left") +
         " the easy way out, <strong>" + n(d.bypasses, "bypass", "bypasses") + "</strong> (\"continue anyway\", +" +
         duration_text(d.bypass_extension_s * 1000) + " in all), " + n(d.blocks, "block", "blocks") + ".</p>\n";
  if (!d.bypasses_per_budget.empty()) {
    out += "<p>Bypasses by budget:";
    for (size_t i = 0; i < d.bypasses_per_budget.size(); ++i) {
      const BudgetBypasses& b = d.bypasses_per_budget[i];
      out += std::string(i == 0 ? " " : ", ") + "<span data-budget-bypasses=\"" + esc(b.budget) + "\" data-count=\"" +
             std::to_string(b.count) + "\">" + esc(b.budget) + " " + n(b.count, "time", "times") + " (+" +
             duration_text(b.extension_s * 1000) + ")</span>";
    }
    out += ".</p>\n";
  }
  Series shown{"friction prompts", kShown, "data-friction-shown", {}};
  Series left{"left the easy way out", kLeft, "data-friction-left", {}};
  Series bypass{"bypasses", kBypass, "data-bypasses", {}};
  for (const ReportDay& day : d.days) {
    shown.values.push_back(day.summary.friction_shown);
    left.values.push_back(day.summary.friction_left);
    bypass.values.push_back(day.summary.bypasses);
  }
  grouped_days(out, "c-friction", "Friction prompts and bypasses per day",
               "Per day, friction prompts shown, prompts the wearer left, and bypasses (continue anyway).", d,
               {shown, left, bypass}, false);
  out += "</section>\n";
}

// The trend: each exercise's leave rate per ISO week, a line per exercise
// over the weeks any exercise ran (a point only where it was answered).
void exercise_trend(std::string& out, const ReportData& d) {
  std::vector<int64_t> weeks;
  bool any = false;
  for (const ExerciseStats& e : d.exercises)
    for (const ExerciseWeek& w : e.weeks) {
      weeks.push_back(w.monday);
      any |= w.counts.leave_rate() >= 0;
    }
  if (!any) return;
  std::sort(weeks.begin(), weeks.end());
  weeks.erase(std::unique(weeks.begin(), weeks.end()), weeks.end());
  Plot p;
  p.height = 180;
  p.axis_top = 100;
  open_figure(out, "c-exercise-trend", "Leave rate per exercise, by ISO week",
              "One line per friction exercise: of the prompts answered in a week, the share the wearer left.",
              p.top + p.height + 28);
  for (int64_t v = 0; v <= 100; v += 25) {
    const double yv = p.y(v);
    out += fmt("<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", p.left, p.left + p.width, yv, yv);
    out += fmt("<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%lld %%</text>\n", p.left - 6, yv + 4, ll(v));
  }
  const double slot = static_cast<double>(p.width) / static_cast<double>(weeks.size());
  auto x_of = [&](int64_t monday) {
    const auto i = std::lower_bound(weeks.begin(), weeks.end(), monday) - weeks.begin();
    return p.left + slot * (static_cast<double>(i) + 0.5);
  };
  std::vector<std::pair<std::string, std::string_view>> items;
  for (size_t k = 0; k < d.exercises.size(); ++k) {
    const ExerciseStats& e = d.exercises[k];
    const std::string name = e.exercise.empty() ? "(not recorded)" : e.exercise;
    const std::string_view colour = k < std::size(kPalette) ? kPalette[k] : kRest;
    std::string points, dots;
    for (const ExerciseWeek& w : e.weeks) {
      const double rate = w.counts.leave_rate();
      if (rate < 0) continue;
      const double x = x_of(w.monday), y = p.top + p.height - p.height * rate;
      points += fmt("%s%.1f,%.1f", points.empty() ? "" : " ", x, y);
      dots += fmt("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" data-exercise=\"", x, y,
                  std::string(colour).c_str()) +
              esc(e.exercise) + "\" data-week=\"" + iso_week_text(w.monday) + fmt("\" data-leave-rate=\"%.3f\"><title>", rate) +
              esc(name) + ", " + iso_week_text(w.monday) + fmt(": left %.0f %% of %lld answered</title></circle>\n",
                                                              rate * 100.0, ll(w.counts.left + w.counts.continued));
    }
    if (points.empty()) continue;
    out += "<polyline fill=\"none\" stroke=\"" + std::string(colour) + "\" stroke-width=\"2\" points=\"" + points + "\"/>\n";
    out += dots;
    items.emplace_back(name, colour);
  }
  const size_t every = weeks.size() <= 10 ? 1 : (weeks.size() + 9) / 10;
  for (size_t i = 0; i < weeks.size(); i += every)
    out += fmt("<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x_of(weeks[i]),
               p.top + p.height + 18, iso_week_text(weeks[i]).c_str());
  out += "</svg>\n";
  legend(out, items);
  out += "</figure>\n";
}

// Which exercise changes the wearer's mind: per exercise, and per ISO week
// (the trend, drawn and as a table). Only when a prompt was shown.
void exercises(std::string& out, const ReportData& d) {
  if (d.exercises.empty()) return;
  auto pct = [](double rate) { return rate < 0 ? std::string("-") : fmt("%.0f %%", rate * 100.0); };
  std::vector<std::vector<std::string>> rows, weeks, picks;
  for (const ExerciseStats& e : d.exercises) {
    const ExerciseCounts& c = e.counts;
    const std::string name = e.exercise.empty() ? "(not recorded)" : e.exercise + " (" + e.kind + ")";
    rows.push_back({name, std::to_string(c.runs), std::to_string(c.left), std::to_string(c.continued),
                    std::to_string(c.timed_out), std::to_string(c.open_at_finish), pct(c.leave_rate()),
                    pct(c.return_rate()), e.median_decide_ms < 0 ? "-" : duration_text(e.median_decide_ms)});
    for (const ExerciseStats::Pick& p : e.picks) picks.push_back({name, p.row, std::to_string(p.count)});
    for (const ExerciseWeek& w : e.weeks)
      weeks.push_back({name, iso_week_text(w.monday), std::to_string(w.counts.runs), pct(w.counts.leave_rate()),
                       pct(w.counts.return_rate())});
  }
  out += "<section>\n<h2 id=\"exercises\">Exercises</h2>\n";
  out += "<p>Which exercise made you leave: the leave rate is of the prompts you answered (left or continued); "
         "\"back\" is how often you came back to the app within 10 minutes of leaving.</p>\n";
  exercise_trend(out, d);
  table(out, "Exercises",
        {"exercise", "runs", "left", "continued", "timed out", "open at shutdown", "leave rate", "back within 10 min",
         "median time to decide"},
        rows);
  if (!picks.empty()) table(out, "Rows picked", {"exercise", "picked (intention or fill item)", "times"}, picks);
  table(out, "Exercises per week", {"exercise", "ISO week", "runs", "leave rate", "back within 10 min"}, weeks);
  out += "</section>\n";
}

// Which apps pull at the wearer: notifications per app, and the
// interruptions the breakpoints saved. Only when there were any.
void notifications(std::string& out, const ReportData& d) {
  if (d.notifications.empty()) return;
  int64_t received = 0, saved = 0;
  std::vector<std::vector<std::string>> rows;
  for (const NotificationTally& n : d.notifications) {
    received += n.received;
    saved += n.saved;
    rows.push_back({n.app, std::to_string(n.received), std::to_string(n.held), std::to_string(n.batched),
                    std::to_string(n.delivered), std::to_string(n.dropped), std::to_string(n.expired),
                    std::to_string(n.interruptions), std::to_string(n.saved)});
  }
  out += "<section>\n<h2 id=\"notifications\">Notifications</h2>\n";
  out += "<p data-notifications=\"" + std::to_string(received) + "\" data-saved=\"" + std::to_string(saved) + "\">" +
         std::to_string(received) + " notifications; " + std::to_string(saved) +
         " reached you without interrupting a task (at a breakpoint, batched, dropped or expired).</p>\n";
  table(out, "Notifications per app",
        {"app", "received", "held", "batched", "delivered", "dropped", "expired", "interruptions", "saved"}, rows);
  out += "</section>\n";
}

void top_apps(std::string& out, const ReportData& d) {
  out += "<section>\n<h2 id=\"top\">Top time-consumers</h2>\n";
  if (d.top_apps.empty()) {
    out += "<p>Nothing attended in this period.</p>\n</section>\n";
    return;
  }
  std::vector<HBar> rows;
  std::vector<std::vector<std::string>> cells;
  const size_t n = std::min<size_t>(d.top_apps.size(), 10);
  for (size_t i = 0; i < n; ++i) {
    const UsageTotal& a = d.top_apps[i];
    const int64_t cents = cost_cents(a.attended_ms, d.hourly_value);
    rows.push_back({a.name, a.attended_ms, -1, kAccent, duration_text(a.attended_ms) + " · " + money(cents, d.currency),
                    "data-app=\"" + esc(a.name) + "\" data-ms=\"" + std::to_string(a.attended_ms) + "\""});
    cells.push_back({a.name, duration_text(a.attended_ms), money(cents, d.currency)});
  }
  hbars(out, "c-top", "Top time-consumers", "The apps that took the most attended time in the period, longest first.",
        rows);
  table(out, "top time-consumers", {"App", "Attended", "Worth"}, cells);
  out += "</section>\n";
}

// The [diversify] groups week by week, and the wearer's reset notes.
void diversify(std::string& out, const ReportData& d) {
  if (d.concentration.empty() && d.resets.empty()) return;
  out += "<section>\n<h2 id=\"diversify\">Where your attention concentrates</h2>\n";
  if (!d.concentration.empty()) {
    out += "<p>For each group of categories, the share of its week that went to the top app, and the "
           "Herfindahl index (1 = one app has it all; 1/n = n apps share it equally).</p>\n";
    std::vector<std::vector<std::string>> cells;
    for (const GroupWeek& w : d.concentration) {
      const Concentration& c = w.concentration;
      const std::string verdict = c.group_ms == 0   ? "nothing attended"
                                  : c.concentrated ? "concentrated"
                                  : c.judged       ? "varied"
                                                   : "too little time to judge";
      cells.push_back({w.group->name + " · week " + date_text(w.monday), duration_text(c.group_ms),
                       c.group_ms ? c.top_app : "-", c.group_ms ? fmt("%.0f %%", c.top_share * 100.0) : "-",
                       c.group_ms ? fmt("%.2f", c.hhi) : "-", verdict});
    }
    table(out, "concentration per group and week", {"Group and week", "Attended", "Top app", "Top share", "HHI", ""},
          cells);
  }
  if (!d.resets.empty()) {
    out += "<p>Your reminders to reset recommendations:</p>\n<ul>\n";
    for (const RecommendationReset& r : d.resets)
      out += "<li data-reset-app=\"" + esc(r.app) + "\"><strong>" + esc(r.app) + "</strong>, every " +
             std::to_string(r.every_days) + " days: " + esc(r.note) + "</li>\n";
    out += "</ul>\n";
  }
  out += "</section>\n";
}

constexpr const char* kStyle = R"css(
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1d21; --muted: #4d535c; --grid: #d5d8dd;
  --card: #f3f4f6; --over: #c0262d; --limit: #1b1d21; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #15171a; --fg: #eceef1; --muted: #b3b9c2; --grid: #3a3f46; --card: #1f2226; --over: #ff6b6b;
    --limit: #eceef1; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.15rem; margin: 28px 0 8px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 0; padding: 0; }
.tiles div { background: var(--card); border-radius: 8px; padding: 10px 12px; }
.tiles dt { color: var(--muted); font-size: .85rem; }
.tiles dd { margin: 2px 0 0; font-size: 1.25rem; font-weight: 600; }
figure { margin: 0; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg .grid { stroke: var(--grid); stroke-width: 1; }
svg .tick { fill: var(--muted); font-size: 12px; }
svg .label { fill: var(--fg); font-size: 13px; }
svg .value { fill: var(--fg); font-size: 12px; font-weight: 600; }
svg .small { font-size: 11px; }
svg .over { fill: var(--over); }
svg .limit { stroke: var(--limit); stroke-width: 2; stroke-dasharray: 4 3; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 16px; padding: 0; margin: 6px 0 4px 64px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
details { margin: 4px 0 0; color: var(--muted); }
table { border-collapse: collapse; margin: 6px 0; color: var(--fg); font-size: .9rem; }
th, td { border-bottom: 1px solid var(--grid); padding: 3px 10px; text-align: right; }
th[scope=row], thead th:first-child { text-align: left; }
footer { color: var(--muted); font-size: .85rem; margin-top: 32px; }
)css";

}  // namespace

std::string_view category_colour(size_t index) {
  return index < std::size(kPalette) ? kPalette[index] : kRest;
}

std::string render_report_html(const ReportData& d) {
  std::string out;
  out.reserve(64 * 1024);
  const std::string period = d.first_day == d.last_day
                                 ? long_day_label(d.first_day)
                                 : long_day_label(d.first_day) + " – " + long_day_label(d.last_day);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"color-scheme\" content=\"light dark\">\n";
  out += "<title>Timewall report: " + esc(period) + "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n";
  out += "<body>\n<main>\n<h1>Where your time went</h1>\n";
  out += "<p class=\"sub\">" + esc(period) + " · local time " + esc(d.timezone) + " · one hour of your time is worth " +
         money(cost_cents(3'600'000, d.hourly_value), d.currency) + "</p>\n";
  out += "<dl class=\"tiles\">";
  out += "<div><dt>Attended</dt><dd data-total-ms=\"" + std::to_string(d.attended_ms) + "\">" +
         duration_text(d.attended_ms) + "</dd></div>";
  out += "<div><dt>Worth</dt><dd data-total-cents=\"" + std::to_string(cost_cents(d.attended_ms, d.hourly_value)) +
         "\">" + money(cost_cents(d.attended_ms, d.hourly_value), d.currency) + "</dd></div>";
  out += "<div><dt>Time protected</dt><dd>" + duration_text(d.protected_ms) + "</dd></div>";
  out += "<div><dt>Time filled</dt><dd>" + duration_text(d.filled_ms) + "</dd></div>";
  out += "<div><dt>Bypasses</dt><dd>" + std::to_string(d.bypasses) + "</dd></div>";
  out += "</dl>\n";
  stacked_days(out, d);
  budgets(out, d);
  costs(out, d);
  idle(out, d);
  friction(out, d);
  exercises(out, d);
  notifications(out, d);
  top_apps(out, d);
  diversify(out, d);
  out += "<footer>Made by <code>timewall report</code> from the wearer's own ledger. This page loads nothing from "
         "anywhere: no scripts, fonts or images.</footer>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace tw::report
