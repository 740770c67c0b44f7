// tw::report::import_activitywatch_file: an export imported into a fresh
// ledger gives the same intervals, a second import adds nothing, and a bad
// file touches nothing.
#include <filesystem>
#include <fstream>

#include "report/files.hpp"
#include "report/import.hpp"
#include "report/render.hpp"
#include "report_test_ledger.hpp"

using namespace tw_test;

TEST_CASE("import: an ActivityWatch export counts once in a fresh ledger", "[report][import]") {
  TempDir dir{"tw_report"};
  auto tz = tw::TimeZone::load("Europe/Berlin").value();
  const std::vector<tw::AttendedInterval> written = {
      {"com.example.chat", "messages", local_ms(tz, kMonday, 8), local_ms(tz, kMonday, 8, 20)},
      {"com.example.docs", "work", local_ms(tz, kMonday, 10), local_ms(tz, kMonday, 11, 5)}};
  write_ledger(dir.file("a.db"), written);
  auto a = tw::report::open_history(kDemoPolicy, dir.file("a.db"), true);
  REQUIRE(a.ok());
  auto json = tw::report::render(a->ledger, a->policy, a->tz, {.format = tw::report::Format::activitywatch});
  REQUIRE(json.ok());
  REQUIRE(tw::report::write_file_atomic(dir.file("aw.json"), json.value()).ok());

  auto first = tw::report::import_activitywatch_file(dir.file("aw.json"), kDemoPolicy, dir.file("b.db"));
  REQUIRE(first.ok());
  CHECK(first->parsed.events_used == 2);
  CHECK(first->stats.added_ms == 85 * 60'000);
  auto again = tw::report::import_activitywatch_file(dir.file("aw.json"), kDemoPolicy, dir.file("b.db"));
  REQUIRE(again.ok());
  CHECK(again->stats.added_ms == 0);
  CHECK(again->stats.skipped_ms == 85 * 60'000);

  auto b = tw::report::open_history(kDemoPolicy, dir.file("b.db"), true);
  REQUIRE(b.ok());
  auto got = b->ledger.intervals(INT64_MIN / 2, INT64_MAX / 2);
  REQUIRE(got.ok());
  REQUIRE(got->size() == written.size());
  for (size_t i = 0; i < written.size(); ++i) {
    CHECK(got.value()[i].app == written[i].app);
    CHECK(got.value()[i].category == written[i].category);
    CHECK(got.value()[i].start_ms == written[i].start_ms);
    CHECK(got.value()[i].end_ms == written[i].end_ms);
  }
}

TEST_CASE("import: a bad or missing file leaves no ledger behind", "[report][import]") {
  TempDir dir{"tw_report"};
  {
    std::ofstream(dir.file("bad.json")) << R"({"buckets": {"x": {"type": "currentwindow", "events": [{"duration": "1"}]}}})";
  }
  auto bad = tw::report::import_activitywatch_file(dir.file("bad.json"), kDemoPolicy, dir.file("n.db"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.ends_with("(nothing imported)"));
  CHECK_FALSE(std::filesystem::exists(dir.file("n.db")));
  auto missing = tw::report::import_activitywatch_file(dir.file("none.json"), kDemoPolicy, dir.file("n.db"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == tw::Errc::not_found);
  CHECK_FALSE(std::filesystem::exists(dir.file("n.db")));
}
