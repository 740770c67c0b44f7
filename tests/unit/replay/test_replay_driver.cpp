// The replay clock: ticks at every record instant and on the cadence between.
#include "tw_catch.hpp"

#include <string>
#include <vector>

#include "core/replay/replay_driver.hpp"

namespace {

struct TickSeen {
  tw::Instant at;
  size_t batch = 0;
};

std::vector<TickSeen> drive(const std::string& text, int64_t cadence_ms) {
  tw::Interner apps;
  auto tl = tw::parse_timeline(text, "t.jsonl", apps);
  REQUIRE(tl.ok());
  std::vector<TickSeen> seen;
  const tw::Status s = tw::drive_timeline(tl.value(), cadence_ms, [&](tw::Instant now, std::span<const tw::Signal> b) {
    for (const tw::Signal& sig : b) CHECK(sig.at.unix_ms == now.unix_ms);
    seen.push_back({now, b.size()});
    return tw::Status{};
  });
  REQUIRE(s.ok());
  return seen;
}

}  // namespace

TEST_CASE("ticks at records (batched) and every cadence step until the end", "[replay_driver]") {
  const auto seen = drive(R"({"t":"2026-03-02T07:00:00Z","type":"worn"})" "\n"
                          R"({"t":"2026-03-02T07:00:00Z","type":"app_focus","app":"a"})" "\n"
                          R"({"t":"2026-03-02T07:00:02.500Z","type":"interaction","app":"a"})" "\n"
                          R"({"t":"2026-03-02T07:00:02.500Z","type":"app_blur","app":"a"})" "\n"
                          R"({"t":"2026-03-02T07:00:04Z","type":"end"})",
                          1000);
  const int64_t start = 1772434800LL * 1000;
  const std::vector<std::pair<int64_t, size_t>> want = {{0, 2}, {1000, 0}, {2000, 0}, {2500, 2}, {3000, 0}, {4000, 0}};
  REQUIRE(seen.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    INFO("tick " << i);
    CHECK(seen[i].at.unix_ms == start + want[i].first);
    CHECK(seen[i].at.mono_ns == want[i].first * 1'000'000);
    CHECK(seen[i].batch == want[i].second);
  }
}

TEST_CASE("without an end record the last tick is the last record", "[replay_driver]") {
  const auto seen = drive(R"({"t":"2026-03-02T07:00:00Z","type":"worn"})" "\n"
                          R"({"t":"2026-03-02T07:00:01.200Z","type":"not_worn"})",
                          500);
  REQUIRE(seen.size() == 4);  // 0, 500, 1000, 1200
  CHECK(seen[3].at.mono_ns == 1'200'000'000);
  CHECK(seen[3].batch == 1);
}

TEST_CASE("a tick's error stops the replay and is returned", "[replay_driver]") {
  tw::Interner apps;
  auto tl = tw::parse_timeline(R"({"t":"2026-03-02T07:00:00Z","type":"worn"})" "\n"
                               R"({"t":"2026-03-02T07:01:00Z","type":"end"})",
                               "t.jsonl", apps);
  REQUIRE(tl.ok());
  int ticks = 0;
  const tw::Status s = tw::drive_timeline(tl.value(), 1000, [&](tw::Instant, std::span<const tw::Signal>) {
    return ++ticks == 3 ? tw::Status{tw::Errc::io, "disk full"} : tw::Status{};
  });
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message == "disk full");
  CHECK(ticks == 3);
  CHECK_FALSE(tw::drive_timeline(tl.value(), 0, [](tw::Instant, std::span<const tw::Signal>) { return tw::Status{}; }).ok());
}

TEST_CASE("a notification is admitted just before the tick at its time", "[replay]") {
  tw::Interner apps;
  auto tl = tw::parse_timeline(
      R"({"t":"2026-03-02T07:00:00Z","type":"worn"})" "\n"
      R"({"t":"2026-03-02T07:00:02.500Z","type":"notification","app":"a","summary":"x"})" "\n"
      R"({"t":"2026-03-02T07:00:04Z","type":"not_worn"})" "\n"
      R"({"t":"2026-03-02T07:00:06Z","type":"notification","app":"a","summary":"late"})" "\n",
      "t.jsonl", apps);
  REQUIRE(tl.ok());
  std::vector<std::string> steps;
  const tw::Status s = tw::drive_timeline(
      tl.value(), 1000,
      [&](tw::Instant now, std::span<const tw::Signal>) {
        steps.push_back("tick " + std::to_string(now.mono_ns / 1'000'000));
        return tw::Status{};
      },
      [&](tw::Instant now, const tw::TimelineNotification& n) {
        CHECK(now.unix_ms == n.at.unix_ms);
        steps.push_back("notify " + n.summary + " " + std::to_string(now.mono_ns / 1'000'000));
        return tw::Status{};
      });
  REQUIRE(s.ok());
  // 2500 ms is a tick of its own; the replay runs on to the last notification.
  CHECK(steps == std::vector<std::string>{"tick 0", "tick 1000", "tick 2000", "notify x 2500", "tick 2500", "tick 3000",
                                          "tick 4000", "tick 5000", "notify late 6000", "tick 6000"});
}

TEST_CASE("a timeline with notifications is refused by a replay that takes none", "[replay]") {
  tw::Interner apps;
  auto tl = tw::parse_timeline(
      R"({"t":"2026-03-02T07:00:00Z","type":"worn"})" "\n"
      R"({"t":"2026-03-02T07:00:01Z","type":"notification","app":"a","summary":"x"})" "\n",
      "t.jsonl", apps);
  REQUIRE(tl.ok());
  int ticks = 0;
  const tw::Status s = tw::drive_timeline(tl.value(), 1000, [&](tw::Instant, std::span<const tw::Signal>) {
    ++ticks;
    return tw::Status{};
  });
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == tw::Errc::invalid_argument);
  CHECK(s.error().message.find("line 2") != std::string::npos);
  CHECK(ticks == 0);
}
