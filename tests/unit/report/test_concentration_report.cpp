// The report's [diversify] section on a real ledger: per group and week, the
// top app's share and the Herfindahl index from the recorded intervals, in
// the data, the text and the HTML, with the trend against the week before;
// the wearer's reset notes listed, and the resets marked done and the
// concentration cards shown (the ledger's reminder table).
#include <fstream>

#include "core/policy/policy_loader.hpp"
#include "report/report_data.hpp"
#include "report/report_html.hpp"
#include "report/report_text.hpp"
#include "report_test_ledger.hpp"

using namespace tw_test;

TEST_CASE("report: concentration per group and week, from the ledger", "[report][diversify]") {
  TempDir dir{"tw_report_diversify"};
  const std::string ledger_path = dir.file("l.db");
  auto tz = tw::TimeZone::load("Europe/Berlin").value();
  // Week of 2 March: clips 3 h, feed 1 h (leisure 75 % clips); mail 2 h (work, outside the group).
  // Week of 9 March: clips 1 h, feed 1 h: even.
  write_ledger(ledger_path, {{"com.example.clips", "short_video", local_ms(tz, kMonday, 20), local_ms(tz, kMonday, 23)},
                             {"com.example.feed", "social", local_ms(tz, kMonday + 1, 20), local_ms(tz, kMonday + 1, 21)},
                             {"com.example.mail", "work", local_ms(tz, kMonday + 2, 9), local_ms(tz, kMonday + 2, 11)},
                             {"com.example.clips", "short_video", local_ms(tz, kMonday + 7, 20), local_ms(tz, kMonday + 7, 21)},
                             {"com.example.feed", "social", local_ms(tz, kMonday + 8, 20), local_ms(tz, kMonday + 8, 21)}});
  // The demo policy's [diversify]: "leisure" is social and short video, above 60 % is concentrated.
  std::ifstream in(kDemoPolicy);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto policy = tw::parse_policy(text, "policy.toml");
  INFO(policy.error().message);
  REQUIRE(policy.ok());
  auto ledger = tw::Ledger::open({.path = ledger_path, .read_only = true}, tz);
  REQUIRE(ledger.ok());
  auto data = tw::report::build_report(ledger.value(), policy.value(), tz, kMonday, kMonday + 13);
  REQUIRE(data.ok());
  REQUIRE(data->concentration.size() == 2);
  const tw::Concentration& first = data->concentration[0].concentration;
  CHECK(data->concentration[0].monday == kMonday);
  CHECK(first.group_ms == 4 * 3'600'000);
  CHECK(first.top_app == "com.example.clips");
  CHECK(first.top_share == Approx(0.75));
  CHECK(first.hhi == Approx(0.75 * 0.75 + 0.25 * 0.25));
  CHECK(first.concentrated);
  const tw::Concentration& second = data->concentration[1].concentration;
  CHECK(second.hhi == Approx(0.5));
  CHECK_FALSE(second.concentrated);

  const std::string txt = tw::report::render_report_text(data.value());
  CHECK(txt.find("75 % com.example.clips, HHI 0.62, 2 app(s)  CONCENTRATED") != std::string::npos);
  CHECK(txt.find("50 % com.example.clips, HHI 0.50, 2 app(s) (-25 pts)\n") != std::string::npos);
  CHECK(txt.find("Content preferences > Refresh your feed") != std::string::npos);
  const std::string html = tw::report::render_report_html(data.value());
  CHECK(html.find("id=\"diversify\"") != std::string::npos);
  CHECK(html.find("data-reset-app=\"com.example.clips\"") != std::string::npos);
  CHECK(html.find("Content preferences &gt; Refresh your feed") != std::string::npos);
  CHECK(html.find("<td>-25 pts</td>") != std::string::npos);
  CHECK(data->resets_done.empty());
  CHECK(html.find("data-reset-done") == std::string::npos);
}

TEST_CASE("report: the resets marked done and the concentration cards shown, from the ledger",
          "[report][diversify]") {
  TempDir dir{"tw_report_resets"};
  const std::string ledger_path = dir.file("l.db");
  auto tz = tw::TimeZone::load("Europe/Berlin").value();
  write_ledger(ledger_path, {{"com.example.clips", "short_video", local_ms(tz, kMonday, 20), local_ms(tz, kMonday, 23)}});
  {
    auto ledger = tw::Ledger::open({.path = ledger_path}, tz);
    REQUIRE(ledger.ok());
    const int64_t t = local_ms(tz, kMonday + 1, 7);  // Tuesday 07:00 local
    REQUIRE(ledger->record_reminder({.at_ms = t, .kind = "reset_shown", .subject = "com.example.clips",
                                     .app = "com.example.clips"}).ok());
    REQUIRE(ledger->record_reminder({.at_ms = t + 60'000, .kind = "reset_done", .subject = "com.example.clips",
                                     .app = "com.example.clips"}).ok());
    REQUIRE(ledger->record_reminder({.at_ms = t + 3'600'000, .kind = "concentration", .subject = "leisure",
                                     .app = "com.example.clips", .top_ms = 3 * 3'600'000, .group_ms = 4 * 3'600'000}).ok());
    // Outside the period: not listed.
    REQUIRE(ledger->record_reminder({.at_ms = local_ms(tz, kMonday + 20, 7), .kind = "reset_done",
                                     .subject = "com.example.clips", .app = "com.example.clips"}).ok());
    // Refused, and nothing written: a kind the table does not know.
    CHECK_FALSE(ledger->record_reminder({.at_ms = t, .kind = "reset_maybe", .subject = "x", .app = "x"}).ok());
    REQUIRE(ledger->commit().ok());
  }
  auto policy = tw::load_policy_file(kDemoPolicy);
  REQUIRE(policy.ok());
  auto ledger = tw::Ledger::open({.path = ledger_path, .read_only = true}, tz);
  REQUIRE(ledger.ok());
  auto data = tw::report::build_report(ledger.value(), policy.value(), tz, kMonday, kMonday + 6);
  REQUIRE(data.ok());
  REQUIRE(data->resets_done.size() == 1);
  CHECK(data->resets_done[0].app == "com.example.clips");
  CHECK(data->resets_done[0].when == "2026-03-03 07:01");
  REQUIRE(data->concentration_cards.size() == 1);
  CHECK(data->concentration_cards[0].subject == "leisure");

  const std::string txt = tw::report::render_report_text(data.value());
  CHECK(txt.find("Resets you marked done:") != std::string::npos);
  CHECK(txt.find("2026-03-03 07:01") != std::string::npos);
  CHECK(txt.find("com.example.clips took 75 % of the week so far") != std::string::npos);
  const std::string html = tw::report::render_report_html(data.value());
  CHECK(html.find("<li data-reset-done=\"com.example.clips\">2026-03-03 07:01: <strong>com.example.clips</strong></li>") !=
        std::string::npos);
  CHECK(html.find("com.example.clips took 75 % of your leisure time that week") != std::string::npos);
}
