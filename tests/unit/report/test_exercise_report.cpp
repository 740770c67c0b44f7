// The report per friction exercise (exercise_stats.hpp): runs, leave rate,
// return rate, median time to decide and the ISO-week trend, from the
// ledger's outcomes to the text and HTML reports.
#include "report/exercise_stats.hpp"
#include "report/report_html.hpp"
#include "report/report_data.hpp"
#include "report/report_text.hpp"
#include "report_test_ledger.hpp"

using namespace tw_test;

namespace {

tw::ExerciseOutcomeRow row(int64_t shown_ms, const char* exercise, const char* answer, int64_t decide_ms,
                           int32_t returned = -1) {
  return {.shown_ms = shown_ms, .answered_ms = shown_ms + std::max<int64_t>(decide_ms, 0), .app = "feed",
          .exercise = exercise, .kind = *exercise ? "breathe" : "", .answer = answer, .decide_ms = decide_ms,
          .returned = returned, .picked = {}};
}

}  // namespace

TEST_CASE("iso_week_text: the week of the week's Thursday, across year ends", "[report][exercise]") {
  CHECK(tw::report::iso_week_text(kMonday) == "2026-W10");
  CHECK(tw::report::iso_week_text(tw::days_from_civil(2026, 12, 28)) == "2026-W53");
  CHECK(tw::report::iso_week_text(tw::days_from_civil(2024, 12, 30)) == "2025-W01");
  CHECK(tw::report::iso_week_text(tw::days_from_civil(2020, 12, 28)) == "2020-W53");
  CHECK(tw::report::iso_week_text(tw::days_from_civil(2021, 1, 4)) == "2021-W01");
}

TEST_CASE("exercise stats: counts, rates, median and weeks per exercise", "[report][exercise]") {
  const tw::TimeZone tz = tw::TimeZone::load("Europe/Berlin").value();
  const int64_t mon = local_ms(tz, kMonday, 10), next = local_ms(tz, kMonday + 7, 10);
  const std::vector<tw::ExerciseOutcomeRow> rows = {
      row(mon, "breathe-3", "left", 9'000, 1),   row(mon + 1, "breathe-3", "left", 3'000, 0),
      row(mon + 2, "breathe-3", "continued", 20'000), row(mon + 3, "breathe-3", "timed_out", 60'000),
      row(next, "breathe-3", "continued", 5'000), row(mon + 4, "wait", "left", 12'000, -1),
      row(mon + 5, "", "timed_out", -1),
  };
  const auto stats = tw::report::exercise_stats(rows, tz);
  REQUIRE(stats.size() == 3);
  const auto& b = stats[0];
  CHECK(b.exercise == "breathe-3");
  CHECK(b.kind == "breathe");
  CHECK(b.counts.runs == 5);
  CHECK(b.counts.left == 2);
  CHECK(b.counts.continued == 2);
  CHECK(b.counts.timed_out == 1);
  CHECK(b.counts.leave_rate() == 0.5);         // 2 of 4 answered
  CHECK(b.counts.return_rate() == 0.5);        // 1 of 2 decided
  CHECK(b.median_decide_ms == 5'000);          // of 3, 5, 9, 20 s (answered only): the lower middle
  REQUIRE(b.weeks.size() == 2);
  CHECK(b.weeks[0].monday == kMonday);
  CHECK(b.weeks[0].counts.runs == 4);
  CHECK(b.weeks[0].counts.leave_rate() == 2.0 / 3.0);
  CHECK(b.weeks[1].monday == kMonday + 7);
  CHECK(b.weeks[1].counts.leave_rate() == 0.0);
  CHECK(stats[1].exercise == "wait");
  CHECK(stats[1].counts.return_rate() == -1.0);  // its return not decided
  CHECK(stats[2].exercise.empty());              // not recorded: last
  CHECK(stats[2].counts.leave_rate() == -1.0);
  CHECK(stats[2].median_decide_ms == -1);
}

TEST_CASE("report: per exercise and per week in the text and HTML reports", "[report][exercise]") {
  TempDir dir{"tw_report_ex"};
  const std::string path = dir.file("t.db");
  write_ledger(path, {});
  {
    auto h = tw::report::open_history(kDemoPolicy, path, false);
    REQUIRE(h.ok());
    const int64_t t = local_ms(h->tz, kMonday + 1, 10);
    auto record = [&](int64_t shown, const char* answer, int64_t decide_ms) {
      REQUIRE(h->ledger
                  .record_exercise_outcome({.shown_ms = shown, .answered_ms = shown + decide_ms, .app = "feed",
                                            .category = "social", .exercise = "slow-breath", .kind = "breathe",
                                            .answer = answer, .decide_ms = decide_ms})
                  .ok());
    };
    record(t, "left", 8'000);
    record(t + 60'000, "left", 4'000);
    record(t + 120'000, "continued", 31'000);
    REQUIRE(h->ledger.record_exercise_return({.app = "feed", .shown_ms = t, .returned = true}).ok());
    REQUIRE(h->ledger.record_exercise_return({.app = "feed", .shown_ms = t + 60'000, .returned = false}).ok());
    REQUIRE(h->ledger.commit().ok());
  }
  auto h = tw::report::open_history(kDemoPolicy, path, true);
  REQUIRE(h.ok());
  auto data = tw::report::build_report(h->ledger, h->policy, h->tz, kMonday, kMonday + 6);
  REQUIRE(data.ok());
  REQUIRE(data->exercises.size() == 1);
  CHECK(data->exercises[0].counts.runs == 3);
  const std::string text = tw::report::render_report_text(data.value());
  INFO(text);
  CHECK(text.find("slow-breath (breathe)") != std::string::npos);
  CHECK(text.find("left 2 of 3 (67 %), back 1 of 2 (50 %), decide 8 s") != std::string::npos);
  CHECK(text.find("2026-W10") != std::string::npos);
  const std::string html = tw::report::render_report_html(data.value());
  CHECK(html.find("id=\"exercises\"") != std::string::npos);
  CHECK(html.find("<td>67 %</td><td>50 %</td>") != std::string::npos);
}

TEST_CASE("report: the rows picked per exercise, and prompts open at shutdown", "[report][exercise]") {
  TempDir dir{"tw_report_picks"};
  const std::string path = dir.file("t.db");
  write_ledger(path, {});
  {
    auto h = tw::report::open_history(kDemoPolicy, path, false);
    REQUIRE(h.ok());
    const int64_t t = local_ms(h->tz, kMonday + 1, 10);
    auto record = [&](int64_t shown, const char* answer, const char* picked) {
      REQUIRE(h->ledger
                  .record_exercise_outcome({.shown_ms = shown, .answered_ms = shown + 5'000, .app = "feed",
                                            .category = "social", .exercise = "why-now", .kind = "intention",
                                            .answer = answer, .decide_ms = 5'000, .picked = picked})
                  .ok());
    };
    record(t, "continued", "look one thing up");
    record(t + 60'000, "left", "I am bored");
    record(t + 120'000, "continued", "look one thing up");
    record(t + 180'000, "open_at_finish", "");
    REQUIRE(h->ledger.commit().ok());
  }
  auto h = tw::report::open_history(kDemoPolicy, path, true);
  REQUIRE(h.ok());
  auto data = tw::report::build_report(h->ledger, h->policy, h->tz, kMonday, kMonday + 6);
  REQUIRE(data.ok());
  REQUIRE(data->exercises.size() == 1);
  const auto& e = data->exercises[0];
  CHECK(e.counts.runs == 4);
  CHECK(e.counts.open_at_finish == 1);
  CHECK(e.counts.timed_out == 0);
  CHECK(e.counts.leave_rate() == 1.0 / 3.0);  // open at shutdown is no answer
  REQUIRE(e.picks.size() == 2);
  CHECK(e.picks[0].row == "look one thing up");
  CHECK(e.picks[0].count == 2);
  const std::string text = tw::report::render_report_text(data.value());
  INFO(text);
  CHECK(text.find("1 open at shutdown") != std::string::npos);
  CHECK(text.find("look one thing up 2, I am bored 1") != std::string::npos);
  const std::string html = tw::report::render_report_html(data.value());
  CHECK(html.find("Rows picked") != std::string::npos);
  CHECK(html.find("<td>look one thing up</td><td>2</td>") != std::string::npos);
}

TEST_CASE("report: the leave-rate trend per exercise is an inline SVG chart by ISO week", "[report][exercise]") {
  TempDir dir{"tw_report_trend"};
  const std::string path = dir.file("t.db");
  write_ledger(path, {});
  {
    auto h = tw::report::open_history(kDemoPolicy, path, false);
    REQUIRE(h.ok());
    auto record = [&](int64_t shown, const char* exercise, const char* answer) {
      REQUIRE(h->ledger
                  .record_exercise_outcome({.shown_ms = shown, .answered_ms = shown + 5'000, .app = "feed",
                                            .category = "social", .exercise = exercise, .kind = "breathe",
                                            .answer = answer, .decide_ms = 5'000})
                  .ok());
    };
    const int64_t w10 = local_ms(h->tz, kMonday + 1, 10), w11 = local_ms(h->tz, kMonday + 8, 10);
    record(w10, "slow-breath", "left");
    record(w10 + 60'000, "slow-breath", "continued");
    record(w10 + 120'000, "box", "left");
    record(w11, "slow-breath", "left");
    record(w11 + 60'000, "box", "timed_out");  // no answer: no point that week
    REQUIRE(h->ledger.commit().ok());
  }
  auto h = tw::report::open_history(kDemoPolicy, path, true);
  REQUIRE(h.ok());
  auto data = tw::report::build_report(h->ledger, h->policy, h->tz, kMonday, kMonday + 13);
  REQUIRE(data.ok());
  const std::string html = tw::report::render_report_html(data.value());
  const auto chart = html.find("id=\"c-exercise-trend-t\"");
  REQUIRE(chart != std::string::npos);
  CHECK(html.find("data-exercise=\"slow-breath\" data-week=\"2026-W10\" data-leave-rate=\"0.500\"") != std::string::npos);
  CHECK(html.find("data-exercise=\"slow-breath\" data-week=\"2026-W11\" data-leave-rate=\"1.000\"") != std::string::npos);
  CHECK(html.find("data-exercise=\"box\" data-week=\"2026-W10\" data-leave-rate=\"1.000\"") != std::string::npos);
  CHECK(html.find("data-exercise=\"box\" data-week=\"2026-W11\"") == std::string::npos);
  CHECK(html.find("<polyline", chart) != std::string::npos);
  CHECK(html.find(">2026-W11</text>", chart) != std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
}
