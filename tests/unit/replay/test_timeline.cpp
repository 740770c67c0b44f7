// The JSONL signal-timeline reader: good records, and every error kind with
// the exact file:line:col it reports.
#include "tw_catch.hpp"

#include <filesystem>
#include <fstream>
#include <string>

#include "core/replay/timeline.hpp"

namespace {

tw::Result<tw::Timeline> parse(const std::string& text, const tw::TimelineLimits& limits = {}) {
  static tw::Interner apps;
  return tw::parse_timeline(text, "day.jsonl", apps, limits);
}

std::string error_of(const std::string& text, const tw::TimelineLimits& limits = {}) {
  auto r = parse(text, limits);
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

const std::string kWorn = R"({"t":"2026-03-02T07:00:00+01:00","type":"worn"})" "\n";

}  // namespace

TEST_CASE("every signal type parses into its Signal", "[timeline]") {
  tw::Interner apps;
  const std::string text =
      "# a comment, then a blank line\n"
      "\n"
      R"({"t":"2026-03-02T07:00:00+01:00","type":"worn"})" "\n"
      R"({"t":"2026-03-02T07:00:01+01:00","type":"app_focus","app":"com.example.feed"})" "\r\n"
      R"({"type":"interaction","t":"2026-03-02T07:00:01.250+01:00","app":"com.example.feed"})" "\n"
      R"({"t":"2026-03-02T07:00:02+01:00","type":"head_motion","linear_mps":1.25,"angular_dps":30})" "\n"
      R"({"t":"2026-03-02T07:00:03+01:00","type":"context","context":"waiting"})" "\n"
      R"({"t":"2026-03-02T07:00:04+01:00","type":"task_done","planned_end":"2026-03-02T08:00:00+01:00"})" "\n"
      R"({"t":"2026-03-02T07:00:05+01:00","type":"continue_anyway","app":"com.example.feed"})" "\n"
      R"({"t":"2026-03-02T07:00:06+01:00","type":"prompt_leave"})" "\n"
      R"({"t":"2026-03-02T07:00:07+01:00","type":"nudge","id":42,"urgent":true})" "\n"
      R"({"t":"2026-03-02T07:00:08+01:00","type":"nudge","id":43})" "\n"
      R"({"t":"2026-03-02T07:00:09+01:00","type":"app_blur","app":"com.example.feed"})" "\n"
      R"(  {"t":"2026-03-02T07:00:10+01:00","type":"not_worn"})" "\n"
      R"({"t":"2026-03-02T07:00:11+01:00","type":"present","app":"com.example.feed"})" "\n"
      R"({"t":"2026-03-02T07:00:12+01:00","type":"exercise_pick","row":3})" "\n"
      R"({"t":"2026-03-02T07:30:00+01:00","type":"end"})";
  auto r = tw::parse_timeline(text, "day.jsonl", apps);
  INFO((r.ok() ? std::string() : r.error().message));
  REQUIRE(r.ok());
  const tw::Timeline& tl = r.value();
  REQUIRE(tl.records.size() == 14);
  CHECK(tl.records[13].signal.kind == tw::SignalKind::exercise_pick);
  CHECK(tl.records[13].signal.row == 3);
  const int64_t start = 1772431200LL * 1000;  // 2026-03-02T06:00:00Z
  CHECK(tl.start_unix_ms == start);
  CHECK(tl.end_unix_ms == start + 30 * 60 * 1000);
  CHECK(tl.end_utc_offset_s == 3600);

  const tw::AppId feed = apps.find("com.example.feed").value();
  CHECK(tl.records[0].signal.kind == tw::SignalKind::worn);
  CHECK(tl.records[0].signal.at.mono_ns == 0);
  CHECK(tl.records[0].line == 3);
  CHECK(tl.records[1].signal.kind == tw::SignalKind::app_focus);
  CHECK(tl.records[1].signal.app == feed);
  CHECK(tl.records[1].signal.at.mono_ns == 1'000'000'000);
  CHECK(tl.records[2].signal.kind == tw::SignalKind::interaction);
  CHECK(tl.records[2].signal.at.unix_ms == start + 1250);
  CHECK(tl.records[2].signal.at.mono_ns == 1'250'000'000);
  CHECK(tl.records[3].signal.linear_mps == 1.25f);
  CHECK(tl.records[3].signal.angular_dps == 30.f);
  CHECK(tl.records[4].signal.context == tw::Context::waiting);
  CHECK(tl.records[5].signal.planned_end_unix_ms == start + 3600 * 1000);
  CHECK(tl.records[6].signal.kind == tw::SignalKind::continue_anyway);
  CHECK(tl.records[7].signal.kind == tw::SignalKind::prompt_leave);
  CHECK(tl.records[7].signal.app == tw::kNoId);
  CHECK(tl.records[8].signal.nudge_id == 42);
  CHECK(tl.records[8].signal.urgent);
  CHECK_FALSE(tl.records[9].signal.urgent);
  CHECK(tl.records[10].signal.kind == tw::SignalKind::app_blur);
  CHECK(tl.records[11].signal.kind == tw::SignalKind::not_worn);
  CHECK(tl.records[11].line == 14);
  CHECK(tl.records[12].signal.kind == tw::SignalKind::present);
  CHECK(tl.records[12].signal.app == feed);
}

TEST_CASE("without an end record the timeline ends at its last record", "[timeline]") {
  auto r = parse(kWorn + R"({"t":"2026-03-02T07:05:00+01:00","type":"not_worn"})");
  REQUIRE(r.ok());
  CHECK(r.value().end_unix_ms - r.value().start_unix_ms == 5 * 60 * 1000);
}

TEST_CASE("a DST change between records is not time going backwards", "[timeline][dst]") {
  auto r = parse(R"({"t":"2026-10-25T02:30:00+02:00","type":"worn"})" "\n"
                 R"({"t":"2026-10-25T02:10:00+01:00","type":"not_worn"})" "\n");
  REQUIRE(r.ok());
  CHECK(r.value().records[1].signal.at.mono_ns == 40LL * 60 * 1'000'000'000);
  CHECK(r.value().records[0].utc_offset_s == 7200);
  CHECK(r.value().records[1].utc_offset_s == 3600);
}

TEST_CASE("timeline errors name file:line:col", "[timeline]") {
  // Line 2 of each case is the bad one; columns are 1-based bytes.
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T06:59:59+01:00","type":"worn"})") ==
        "day.jsonl:2:6: time goes backwards: before the previous record (line 1)");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T25:00:00+01:00","type":"worn"})") ==
        "day.jsonl:2:18: \"t\": hour out of range 00..23");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00","type":"worn"})") ==
        "day.jsonl:2:26: \"t\": expected a UTC offset: 'Z' or +hh:mm / -hh:mm");
  CHECK(error_of(kWorn + R"({"t":1772431200,"type":"worn"})") ==
        "day.jsonl:2:6: \"t\" must be an ISO-8601 string");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"wron"})") ==
        "day.jsonl:2:41: unknown type \"wron\"; expected one of: app_focus app_blur interaction head_motion "
        "worn not_worn context task_done continue_anyway prompt_leave nudge present block_leave "
                      "block_extend nudge_dismiss fill_dismiss exercise_pick notification end");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"exercise_pick","row":4})") ==
        "day.jsonl:2:63: \"row\" must be an integer 0..3");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"exercise_pick"})") ==
        "day.jsonl:2:1: missing key \"row\" for type \"exercise_pick\"");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"worn","app":"x"})") ==
        "day.jsonl:2:48: unknown key \"app\" for type \"worn\"");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"app_focus"})") ==
        "day.jsonl:2:1: missing key \"app\" for type \"app_focus\"");
  CHECK(error_of(kWorn + R"(  {"type":"worn"})") == "day.jsonl:2:3: missing key \"t\"");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00+01:00"})") == "day.jsonl:2:1: missing key \"type\"");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"worn","t":"x"})") ==
        "day.jsonl:2:48: duplicate key");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"worn",})") ==
        "day.jsonl:2:48: invalid JSON: syntax error while parsing object key - unexpected '}'; expected string literal");
  CHECK(error_of(kWorn + R"(["t","type"])") == "day.jsonl:2:1: a record must be a JSON object");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"head_motion","linear_mps":-1,"angular_dps":0})") ==
        "day.jsonl:2:68: \"linear_mps\" must be a number 0..100");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"context","context":"sleeping"})") ==
        "day.jsonl:2:61: \"context\" must be one of: waiting commuting in_conversation none");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"nudge","id":0})") ==
        "day.jsonl:2:54: \"id\" must be an integer 1..4294967295");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"nudge","id":7,"urgent":"yes"})") ==
        "day.jsonl:2:65: \"urgent\" must be true or false");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"task_done","planned_end":"2026-03-02T06:00:00+01:00"})") ==
        "day.jsonl:2:67: \"planned_end\" must be after \"t\"");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"app_focus","app":""})") ==
        "day.jsonl:2:59: \"app\" must be a string of 1..255 bytes");
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"end"})" "\n" + kWorn) ==
        "day.jsonl:3:1: record after the \"end\" record");
  CHECK(error_of("# only a comment\n") == "day.jsonl:1:1: the timeline has no signal records");
  CHECK(error_of("") == "day.jsonl:1:1: the timeline has no signal records");
}

TEST_CASE("nesting deeper than the limit is refused before parsing", "[timeline][limits]") {
  // Depth 9 (the object and 8 arrays): the eighth '[' at col 59. Two million
  // brackets must not recurse: the ninth byte of the line is refused.
  const std::string nine = kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"worn","x":[[[[[[[[1]]]]]]]]})";
  const auto r = parse(nine);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == tw::Errc::too_deep);
  CHECK(r.error().message == "day.jsonl:2:59: nesting deeper than the limit (8)");
  tw::TimelineLimits big_lines;
  big_lines.max_line_bytes = 4u << 20;
  const std::string bomb = kWorn + std::string(2'000'000, '[');
  CHECK(error_of(bomb, big_lines) == "day.jsonl:2:9: nesting deeper than the limit (8)");
}

TEST_CASE("line and file size limits", "[timeline][limits]") {
  tw::TimelineLimits small;
  small.max_line_bytes = 64;
  const std::string long_line = kWorn + R"({"t":"2026-03-02T07:00:00+01:00","type":"app_focus","app":"com.example.a.very.long.name"})";
  auto r = parse(long_line, small);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == tw::Errc::too_large);
  CHECK(r.error().message == "day.jsonl:2:65: line longer than 64 bytes");

  tw::TimelineLimits tiny_file;
  tiny_file.max_file_bytes = 40;
  r = parse(kWorn, tiny_file);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == tw::Errc::too_large);
  CHECK(r.error().message == "day.jsonl:1:1: file larger than 40 bytes");
}

TEST_CASE("read_timeline reads files and reports missing ones", "[timeline]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(TW_BINARY_DIR) / "test-tmp" / "timeline";
  fs::create_directories(dir);
  const fs::path good = dir / "good.jsonl";
  std::ofstream(good) << kWorn;
  tw::Interner apps;
  auto r = tw::read_timeline(good.string(), apps);
  REQUIRE(r.ok());
  CHECK(r.value().records.size() == 1);

  r = tw::read_timeline((dir / "missing.jsonl").string(), apps);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == tw::Errc::not_found);
  r = tw::read_timeline(dir.string(), apps);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == tw::Errc::io);

  tw::TimelineLimits tiny;
  tiny.max_file_bytes = 10;
  r = tw::read_timeline(good.string(), apps, tiny);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == tw::Errc::too_large);
}

TEST_CASE("a notification record keeps what its sender sent, on the signals' clock", "[timeline]") {
  tw::Interner apps;
  const std::string text =
      R"({"t":"2026-03-02T15:00:00+01:00","type":"worn"})" "\n"
      R"({"t":"2026-03-02T15:01:20+01:00","type":"notification","app":"com.example.chat","summary":"Dinner at 7?",)"
      R"("body":"Bring bread","urgency":"critical","actions":["yes","Yes","later","Later"]})" "\n"
      R"({"t":"2026-03-02T15:02:00+01:00","type":"notification","app":"Mail","summary":"2 new"})" "\n"
      R"({"t":"2026-03-02T15:03:00+01:00","type":"interaction"})" "\n";
  auto r = tw::parse_timeline(text, "day.jsonl", apps);
  REQUIRE(r.ok());
  const tw::Timeline& tl = r.value();
  REQUIRE(tl.records.size() == 2);  // notifications are not signals
  REQUIRE(tl.notifications.size() == 2);
  const tw::TimelineNotification& n = tl.notifications[0];
  CHECK(n.at.mono_ns == 80'000'000'000);
  CHECK(n.line == 2);
  CHECK(n.app_name == "com.example.chat");
  CHECK(n.summary == "Dinner at 7?");
  CHECK(n.body == "Bring bread");
  CHECK(n.urgency == 2);
  CHECK(n.actions == std::vector<std::string>{"yes", "Yes", "later", "Later"});
  const tw::Notification clean = tw::clean_notification(n.in());
  REQUIRE(clean.actions.size() == 2);
  CHECK(clean.actions[1].label == "Later");
  CHECK(clean.urgency == tw::Urgency::critical);
  CHECK(tl.notifications[1].urgency == 1);  // normal unless said
  CHECK(tl.notifications[1].body.empty());
  CHECK(tl.end_unix_ms == tl.records.back().signal.at.unix_ms);
}

TEST_CASE("a bad notification record names its key", "[timeline]") {
  const std::string head = kWorn + R"({"t":"2026-03-02T07:00:01+01:00","type":"notification",)";
  CHECK(error_of(head + R"("summary":"x"})") == "day.jsonl:2:1: missing key \"app\" for type \"notification\"");
  CHECK(error_of(head + R"("app":"","summary":"x"})") == "day.jsonl:2:62: \"app\" must be a string of 1..128 bytes");
  CHECK(error_of(head + R"("app":"a","summary":"x","urgency":"loud"})") ==
        "day.jsonl:2:90: \"urgency\" must be one of: low normal critical");
  CHECK(error_of(head + R"("app":"a","summary":"x","actions":["yes"]})").find(
            "day.jsonl:2:90: \"actions\" must be an array of key, label pairs") == 0);
  CHECK(error_of(head + R"("app":"a","summary":"x","id":3})") ==
        "day.jsonl:2:80: unknown key \"id\" for type \"notification\"");
  // Time order holds across signals and notifications.
  CHECK(error_of(kWorn + R"({"t":"2026-03-02T08:00:00+01:00","type":"notification","app":"a","summary":"x"})" "\n"
                 R"({"t":"2026-03-02T07:30:00+01:00","type":"worn"})")
            .find("day.jsonl:3:6: time goes backwards: before the previous record (line 2)") == 0);
}
