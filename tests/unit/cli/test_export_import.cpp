// `timewall export` and `timewall import`: ActivityWatch round trip, CSV day
// totals, idempotent import, and malformed files rejected whole.
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "report/activitywatch.hpp"
#include "cli_test_ledger.hpp"
#include "core/policy/policy_loader.hpp"
#include "core/replay/iso8601.hpp"
#include "report/history.hpp"

using namespace tw_test;

namespace {

const int64_t kDemoDayNumber = tw::days_from_civil(2026, 3, 2);

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::map<std::string, int64_t> as_map(const std::vector<tw::UsageTotal>& rows) {
  std::map<std::string, int64_t> m;
  for (const auto& r : rows) m[r.name] = r.attended_ms;
  return m;
}

struct Totals {
  std::map<std::string, int64_t> apps, categories;
  size_t intervals = 0;
};

Totals totals(const std::string& ledger_path, int64_t day) {
  auto h = tw::report::open_history(kDemoPolicy, ledger_path, true);
  REQUIRE(h.ok());
  Totals t;
  t.apps = as_map(h->ledger.day_per_app(day).value());
  t.categories = as_map(h->ledger.day_per_category(day).value());
  t.intervals = h->ledger.intervals(INT64_MIN / 2, INT64_MAX / 2).value().size();
  return t;
}

int import_file(const std::string& ledger, const std::string& file) {
  return run_cli(tw::cli::import_command,
                 {"--ledger", ledger, "--policy", kDemoPolicy, "--format", "activitywatch", file});
}

tw::Policy demo_policy() {
  auto p = tw::load_policy_file(kDemoPolicy);
  REQUIRE(p.ok());
  return std::move(p).value();
}

}  // namespace

TEST_CASE("export/import: an ActivityWatch round trip gives the same per-day totals", "[cli][export][import]") {
  CliTempDir dir;
  const std::string a = dir.file("a.db"), b = dir.file("b.db"), aw = dir.file("aw.json");
  replay_demo_into(a, dir);
  REQUIRE(run_cli(tw::cli::export_command, {"--ledger", a, "--policy", kDemoPolicy, "--format", "activitywatch",
                                            "--hostname", "glasses", "--out", aw}) == tw::cli::kExitOk);

  // The file follows aw-server's export model.
  const auto json = nlohmann::json::parse(slurp(aw));
  REQUIRE(json.contains("buckets"));
  REQUIRE(json["buckets"].size() == 1);
  const auto& bucket = json["buckets"]["aw-watcher-timewall_glasses"];
  CHECK(bucket["id"] == "aw-watcher-timewall_glasses");
  CHECK(bucket["type"] == "currentwindow");
  CHECK(bucket["client"] == "timewall");
  CHECK(bucket["hostname"] == "glasses");
  CHECK(bucket["created"].is_string());
  REQUIRE(bucket["events"].is_array());
  REQUIRE(bucket["events"].size() > 5);
  const auto& e0 = bucket["events"][0];
  CHECK(e0["timestamp"].get<std::string>().rfind("2026-03-02T", 0) == 0);
  CHECK(e0["duration"].is_number());
  CHECK(e0["data"]["app"].is_string());
  CHECK(e0["data"]["category"].is_string());

  const Totals before = totals(a, kDemoDayNumber);
  REQUIRE(before.categories.size() >= 3);
  REQUIRE(import_file(b, aw) == tw::cli::kExitOk);
  const Totals after = totals(b, kDemoDayNumber);
  CHECK(after.apps == before.apps);
  CHECK(after.categories == before.categories);
  CHECK(after.intervals == before.intervals);

  SECTION("importing the same file again adds nothing") {
    REQUIRE(import_file(b, aw) == tw::cli::kExitOk);
    const Totals again = totals(b, kDemoDayNumber);
    CHECK(again.apps == before.apps);
    CHECK(again.intervals == before.intervals);
  }
  SECTION("importing into the ledger it came from adds nothing") {
    REQUIRE(import_file(a, aw) == tw::cli::kExitOk);
    CHECK(totals(a, kDemoDayNumber).apps == before.apps);
    CHECK(totals(a, kDemoDayNumber).intervals == before.intervals);
  }
}

TEST_CASE("export: CSV rows summed by local date give the ledger's day totals", "[cli][export]") {
  CliTempDir dir;
  const std::string a = dir.file("a.db"), csv = dir.file("t.csv");
  replay_demo_into(a, dir);
  REQUIRE(run_cli(tw::cli::export_command,
                  {"--ledger", a, "--policy", kDemoPolicy, "--format", "csv", "--out", csv}) == tw::cli::kExitOk);
  std::istringstream in(slurp(csv));
  std::string line;
  REQUIRE(std::getline(in, line));
  CHECK(line == "local_date,start,end,start_unix_ms,end_unix_ms,duration_s,app,category\r");
  std::map<std::string, int64_t> per_category;
  size_t rows = 0;
  while (std::getline(in, line)) {
    REQUIRE(line.back() == '\r');
    line.pop_back();
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string cell; std::getline(ls, cell, ',');) f.push_back(cell);
    REQUIRE(f.size() == 8);
    CHECK(f[0] == "2026-03-02");
    CHECK(f[1].find("+01:00") != std::string::npos);  // local time, Berlin in March
    const int64_t ms = std::stoll(f[4]) - std::stoll(f[3]);
    CHECK(f[5] == std::to_string(ms / 1000) + "." + (ms % 1000 < 100 ? (ms % 1000 < 10 ? "00" : "0") : "") +
                      std::to_string(ms % 1000));
    per_category[f[7]] += ms;
    ++rows;
  }
  CHECK(rows > 5);
  CHECK(per_category == totals(a, kDemoDayNumber).categories);
}

TEST_CASE("import: ActivityWatch window history maps apps by the policy and counts only not-afk time",
          "[cli][import]") {
  const std::string file = R"({"buckets": {
    "aw-watcher-window_laptop": {"id": "aw-watcher-window_laptop", "created": "2026-03-02T08:00:00.000000+00:00",
      "type": "currentwindow", "client": "aw-watcher-window", "hostname": "laptop", "events": [
        {"timestamp": "2026-03-02T09:00:00.123456+00:00", "duration": 600.0, "data": {"app": "COM.EXAMPLE.FEED", "title": "x"}},
        {"timestamp": "2026-03-02T09:10:00+00:00", "duration": 300, "data": {"app": "Firefox", "title": "y"}},
        {"timestamp": "2026-03-02T09:20:00Z", "duration": 0, "data": {"app": "Firefox", "title": "z"}}]},
    "aw-watcher-afk_laptop": {"id": "aw-watcher-afk_laptop", "created": "2026-03-02T08:00:00+00:00",
      "type": "afkstatus", "client": "aw-watcher-afk", "hostname": "laptop", "events": [
        {"timestamp": "2026-03-02T09:00:00+00:00", "duration": 480, "data": {"status": "not-afk"}},
        {"timestamp": "2026-03-02T09:08:00+00:00", "duration": 240, "data": {"status": "afk"}},
        {"timestamp": "2026-03-02T09:12:00+00:00", "duration": 3600, "data": {"status": "not-afk"}}]},
    "aw-watcher-web-firefox": {"id": "aw-watcher-web-firefox", "created": "2026-03-02T08:00:00+00:00",
      "type": "web.tab.current", "client": "aw-client-web", "hostname": "laptop", "events": [
        {"timestamp": "2026-03-02T09:10:00+00:00", "duration": 300, "data": {"url": "x", "title": "y"}}]}}})";
  auto r = tw::report::parse_activitywatch(file, "aw.json", demo_policy());
  REQUIRE(r.ok());
  CHECK(r->buckets_used == 2);
  CHECK(r->events_used == 2);
  CHECK(r->events_skipped == 1);  // the zero-length one
  REQUIRE(r->skipped_buckets.size() == 1);
  CHECK(r->skipped_buckets[0] == "aw-watcher-web-firefox (web.tab.current)");
  const int64_t t9 = tw::parse_iso8601("2026-03-02T09:00:00Z").unix_ms;
  std::map<std::string, int64_t> per_app;
  for (const auto& iv : r->intervals) {
    per_app[iv.app + "/" + iv.category] += iv.end_ms - iv.start_ms;
    CHECK(iv.start_ms >= t9);
  }
  // feed 09:00:00.123-09:10:00.123, not-afk until 09:08: 7 min 59.877 s.
  CHECK(per_app["com.example.feed/social"] == 8 * 60'000 - 123);
  // Firefox 09:10-09:15, not-afk from 09:12: 3 min, category "other", under
  // the app id rule's id.
  CHECK(per_app["firefox/other"] == 3 * 60'000);
  CHECK(per_app.size() == 2);
}

TEST_CASE("import: a malformed file is rejected whole, naming what is wrong, and touches no ledger",
          "[cli][import]") {
  const auto policy = demo_policy();
  struct Bad {
    std::string text, says;
  };
  const std::string ok_event = R"({"timestamp": "2026-03-02T09:00:00+00:00", "duration": 60, "data": {"app": "a"}})";
  auto wrap = [](const std::string& events) {
    return R"({"buckets": {"w": {"id": "w", "type": "currentwindow", "hostname": "h", "events": [)" + events + "]}}}";
  };
  const std::vector<Bad> bad = {
      {"{\"buckets\": {", "aw.json: not JSON: parse error"},
      {"[1, 2]", "(top level): must be an object"},
      {"{\"events\": []}", "no \"buckets\" object: not an ActivityWatch export"},
      {R"({"buckets": {"w": {"id": "w", "type": "currentwindow", "hostname": "h"}}})",
       "buckets[\"w\"].events: missing or not an array"},
      {R"({"buckets": {"w": {"type": "currentwindow", "hostname": "h", "events": []}}})",
       "buckets[\"w\"].id: missing or not a string"},
      {wrap(ok_event + R"(, {"timestamp": "yesterday", "duration": 60, "data": {"app": "a"}})"),
       "buckets[\"w\"].events[1].timestamp: 'yesterday' is not an ISO 8601 time"},
      {wrap(R"({"timestamp": "2026-03-02T09:00:00", "duration": 60, "data": {"app": "a"}})"),
       "events[0].timestamp: '2026-03-02T09:00:00' is not an ISO 8601 time with a UTC offset"},
      {wrap(R"({"timestamp": "2026-03-02T09:00:00Z", "duration": -1, "data": {"app": "a"}})"),
       "events[0].duration: must be between 0 and 366 days of seconds, found -1"},
      {wrap(R"({"timestamp": "2026-03-02T09:00:00Z", "duration": "60", "data": {"app": "a"}})"),
       "events[0].duration: missing or not a number"},
      {wrap(R"({"timestamp": "2026-03-02T09:00:00Z", "duration": 60, "data": {"app": 7}})"),
       "events[0].data.app: missing or not a string"},
      {wrap(R"({"timestamp": "2026-03-02T09:00:00Z", "duration": 60})"), "events[0].data: missing or not an object"},
      {std::string(100, '[') + std::string(100, ']'), "nested deeper than"},
  };
  CliTempDir dir;
  const std::string fresh = dir.file("fresh.db"), used = dir.file("used.db"), f = dir.file("bad.json");
  replay_demo_into(used, dir);
  const Totals before = totals(used, kDemoDayNumber);
  for (const Bad& b : bad) {
    INFO(b.text);
    auto r = tw::report::parse_activitywatch(b.text, "aw.json", policy);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message);
    CHECK(r.error().message.rfind("aw.json: ", 0) == 0);
    CHECK(r.error().message.find(b.says) != std::string::npos);
    spit(f, b.text);
    CHECK(import_file(fresh, f) == tw::cli::kExitFailed);
    CHECK_FALSE(std::filesystem::exists(fresh));
    CHECK(import_file(used, f) == tw::cli::kExitFailed);
    const Totals after = totals(used, kDemoDayNumber);
    CHECK(after.apps == before.apps);
    CHECK(after.intervals == before.intervals);
  }
  CHECK(import_file(used, dir.file("missing.json")) == tw::cli::kExitFailed);
  CHECK(run_cli(tw::cli::import_command, {"--ledger", used, "--policy", kDemoPolicy, f}) == tw::cli::kExitUsage);
}
