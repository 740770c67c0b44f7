// The report's [diversify] section on a real ledger: per group and week, the
// top app's share and the Herfindahl index from the recorded intervals, in
// the data, the text and the HTML; the wearer's reset notes listed.
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
  std::ifstream in(kDemoPolicy);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text += "\n[diversify]\n[[diversify.group]]\nname = \"leisure\"\ncategories = [\"social\", \"short_video\"]\n"
          "[[diversify.reset]]\napp = \"com.example.clips\"\nnote = \"Settings > Refresh your feed\"\n";
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
  CHECK(txt.find("50 % com.example.clips, HHI 0.50, 2 app(s)\n") != std::string::npos);
  CHECK(txt.find("Settings > Refresh your feed") != std::string::npos);
  const std::string html = tw::report::render_report_html(data.value());
  CHECK(html.find("id=\"diversify\"") != std::string::npos);
  CHECK(html.find("data-reset-app=\"com.example.clips\"") != std::string::npos);
  CHECK(html.find("Settings &gt; Refresh your feed") != std::string::npos);
}
