// `timewall report`: the chart's numbers, read back from the rendered HTML,
// equal the ledger's (raw intervals, rollups and the demo's day summary).
#include <map>
#include <regex>
#include <sstream>

#include "cli_test_ledger.hpp"
#include "core/civil_days.hpp"
#include "core/replay/iso8601.hpp"
#include "report/figures_text.hpp"
#include "report/history.hpp"
#include "report/period.hpp"
#include "report/report_data.hpp"
#include "report/report_html.hpp"
#include "report/report_text.hpp"
#include "summary.hpp"

using namespace tw_test;

namespace {

const int64_t kDemoDayNumber = tw::days_from_civil(2026, 3, 2);

// (day, name) -> value of every mark matching `pattern` (groups: day, name, value).
std::map<std::pair<std::string, std::string>, int64_t> marks(const std::string& html, const std::string& pattern) {
  std::map<std::pair<std::string, std::string>, int64_t> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator(); ++it) {
    out[{(*it)[1].str(), (*it)[2].str()}] += std::stoll((*it)[3].str());
  }
  return out;
}

// The summary line for `name`: "    name   <duration>   <cost>".
bool summary_has(const std::string& summary, const std::string& name, const std::string& duration,
                 const std::string& cost) {
  std::istringstream in(summary);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("    " + name + " ", 0) == 0 && line.find(" " + duration + " ") != std::string::npos &&
        line.find(cost) != std::string::npos)
      return true;
  }
  return false;
}

int64_t total_of(const std::vector<tw::UsageTotal>& rows, const std::string& name) {
  for (const auto& r : rows)
    if (r.name == name) return r.attended_ms;
  return 0;
}

}  // namespace

TEST_CASE("report: chart data equals the ledger for the replayed demo day", "[cli][report]") {
  CliTempDir dir;
  const std::string ledger_path = dir.file("demo.db");
  replay_demo_into(ledger_path, dir);
  auto h = tw::report::open_history(kDemoPolicy, ledger_path, true);
  REQUIRE(h.ok());
  const tw::Ledger& ledger = h->ledger;

  const auto recorded = ledger.recorded_days().value();
  REQUIRE(recorded.has_value());
  CHECK(recorded->first == kDemoDayNumber);
  CHECK(recorded->last == kDemoDayNumber);

  const int64_t monday = kDemoDayNumber;  // 2 March 2026 was a Monday
  REQUIRE(tw::weekday_from_days(monday) == 0);
  auto data = tw::report::build_report(ledger, h->policy, h->tz, monday, monday + 6);
  REQUIRE(data.ok());
  REQUIRE(data->days.size() == 7);
  const std::string html = tw::report::render_report_html(data.value());

  // Independent of the rollups: the raw intervals, clipped to the local day.
  const int64_t from_ms = tw::report::day_start_ms(h->tz, kDemoDayNumber);
  const int64_t to_ms = tw::report::day_start_ms(h->tz, kDemoDayNumber + 1);
  std::map<std::string, int64_t> raw_category, raw_app;
  int64_t raw_total = 0;
  const auto intervals = ledger.intervals(from_ms, to_ms);
  REQUIRE(intervals.ok());
  for (const tw::AttendedInterval& iv : intervals.value()) {
    const int64_t ms = std::min(iv.end_ms, to_ms) - std::max(iv.start_ms, from_ms);
    raw_category[iv.category] += ms;
    raw_app[iv.app] += ms;
    raw_total += ms;
  }
  REQUIRE(raw_category.size() >= 3);
  REQUIRE(raw_total > 0);

  const auto stacked = marks(html, R"re(data-day="([0-9-]+)" data-category="([^"]+)" data-ms="([0-9]+)")re");
  std::map<std::string, int64_t> chart_category;
  for (const auto& [key, ms] : stacked) {
    CHECK(key.first == "2026-03-02");  // only the demo day has attended time
    chart_category[key.second] += ms;
  }
  CHECK(chart_category == raw_category);
  for (const auto& [name, ms] : raw_category) {
    INFO(name);
    CHECK(total_of(ledger.day_per_category(kDemoDayNumber).value(), name) == ms);
  }

  // Top time-consumers: every app with its attended ms, equal to the raw sum.
  const auto apps = marks(html, R"re(()data-app="([^"]+)" data-ms="([0-9]+)")re");
  std::map<std::string, int64_t> chart_app;
  for (const auto& [key, ms] : apps) chart_app[key.second] = ms;
  CHECK(chart_app == raw_app);

  // Cost per category in whole cents, and the total tile.
  const auto cents = marks(html, R"re(()data-category="([^"]+)" data-cents="([0-9]+)")re");
  int64_t cents_sum = 0;
  for (const auto& [name, ms] : raw_category) {
    CHECK(cents.at({"", name}) == tw::report::cost_cents(ms, h->policy.time_value.hourly_value));
    cents_sum += cents.at({"", name});
  }
  CHECK(html.find("data-total-ms=\"" + std::to_string(raw_total) + "\"") != std::string::npos);
  CHECK(std::abs(cents_sum - tw::report::cost_cents(raw_total, h->policy.time_value.hourly_value)) <=
        static_cast<int64_t>(raw_category.size()));  // per-category rounding

  // Budget against use: social-daily is the social category's time on the day.
  const auto budget = marks(html, R"re(data-budget="([^"]+)" data-day="([0-9-]+)" data-ms="([0-9]+)")re");
  CHECK(budget.at({"social-daily", "2026-03-02"}) == raw_category.at("social"));
  CHECK(budget.at({"clips-daily", "2026-03-02"}) == raw_category.at("short_video"));
  CHECK(budget.size() == 2);  // daily budgets only on days with something recorded

  // Protected, filled and bypasses per day equal the day summary.
  const tw::DaySummary sum = ledger.day_summary(kDemoDayNumber).value();
  CHECK(sum.protected_ms > 0);
  CHECK(sum.filled_ms > 0);
  CHECK(sum.bypasses == 1);
  CHECK(html.find("data-day=\"2026-03-02\" data-protected-ms=\"" + std::to_string(sum.protected_ms) + "\"") !=
        std::string::npos);
  CHECK(html.find("data-day=\"2026-03-02\" data-filled-ms=\"" + std::to_string(sum.filled_ms) + "\"") !=
        std::string::npos);
  CHECK(html.find("data-day=\"2026-03-02\" data-bypasses=\"1\"") != std::string::npos);
  CHECK(html.find("data-day=\"2026-03-03\" data-bypasses=\"0\"") != std::string::npos);
  // ... and per budget: the demo's one bypass is of social-daily.
  const auto per_budget = ledger.bypasses_per_budget(from_ms, to_ms).value();
  REQUIRE(per_budget.size() == 1);
  CHECK(per_budget[0].budget == "social-daily");
  CHECK(html.find("data-budget-bypasses=\"social-daily\" data-count=\"1\"") != std::string::npos);

  // The demo's day report (append_summary) shows the same figures.
  std::string summary;
  REQUIRE(tw::cli::append_summary(summary, ledger, h->policy, h->tz, from_ms / 1000, to_ms / 1000 - 1).ok());
  for (const auto& [name, ms] : raw_category) {
    INFO(name << "\n" << summary);
    CHECK(summary_has(summary, name, tw::report::duration_text(ms),
                      tw::report::cost_text(ms, h->policy.time_value.hourly_value, h->policy.time_value.currency)));
  }
  CHECK(summary.find("time protected    " + tw::report::duration_text(sum.protected_ms)) != std::string::npos);
  CHECK(summary.find("time filled       " + tw::report::duration_text(sum.filled_ms)) != std::string::npos);

  // The text format carries the same totals.
  const std::string text = tw::report::render_report_text(data.value());
  CHECK(text.find("2026-03-02  " + tw::report::duration_text(raw_total)) != std::string::npos);
  CHECK(text.find(tw::report::cost_text(raw_total, h->policy.time_value.hourly_value, "EUR")) != std::string::npos);
}

TEST_CASE("report: the page is self-contained and escapes names from the ledger", "[cli][report]") {
  CliTempDir dir;
  const std::string ledger_path = dir.file("l.db");
  auto h = tw::report::open_history(kDemoPolicy, ledger_path, false);
  REQUIRE(h.ok());
  const int64_t t0 = tw::report::day_start_ms(h->tz, kDemoDayNumber) + 9 * 3'600'000;
  REQUIRE(h->ledger.record_heartbeat({"<script>alert(1)</script>", "a&b \"q\"", t0, 600'000}).ok());
  REQUIRE(h->ledger.commit().ok());
  auto data = tw::report::build_report(h->ledger, h->policy, h->tz, kDemoDayNumber, kDemoDayNumber);
  REQUIRE(data.ok());
  const std::string html = tw::report::render_report_html(data.value());
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("a&amp;b &quot;q&quot;") != std::string::npos);
  for (const char* external : {"http://", "https://", "src=", "href=", "url(", "@import", "<link", "<img"}) {
    INFO(external);
    CHECK(html.find(external) == std::string::npos);
  }
}

TEST_CASE("report: dates parse strictly", "[cli][report]") {
  CHECK(tw::report::parse_date("2026-03-02").value() == kDemoDayNumber);
  CHECK(tw::report::date_text(kDemoDayNumber) == "2026-03-02");
  CHECK_FALSE(tw::report::parse_date("2026-02-30").ok());
  CHECK_FALSE(tw::report::parse_date("2026-3-2").ok());
  CHECK_FALSE(tw::report::parse_date("2026-03-02x").ok());
  CHECK_FALSE(tw::report::parse_date("").ok());
}
