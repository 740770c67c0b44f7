// Decision times do not depend on the tick rate: the bundled demo day (budget
// warnings, friction and block thresholds, focus and sleep windows with
// wind-down, idle moments, deferred nudges, motion, away, reclaimed time)
// replayed with ticks every 0.25 s, 1 s, 2 s and 7 s gives the same decision
// log, each decision at the instant its rule fired. Signals are handed to the
// first tick at or after their own time, as a host with a slow tick would.
#include "tw_catch.hpp"

#include <string>
#include <vector>

#include "core/policy/policy_loader.hpp"
#include "core/replay/decision_writer.hpp"
#include "core/replay/timeline.hpp"
#include "core/scheduler/scheduler.hpp"

namespace {

struct Run {
  std::vector<std::string> lines;  // the decision log, one JSON object per decision
  size_t ticks = 0;
};

Run replay_at(int64_t cadence_ms) {
  auto policy = tw::load_policy_file(std::string(TW_SOURCE_DIR) + "/data/demo/policy.toml");
  REQUIRE(policy.ok());
  auto tz = tw::TimeZone::load(policy.value().time_value.timezone);
  REQUIRE(tz.ok());
  tw::Scheduler s(policy.value(), tz.value());
  auto timeline = tw::read_timeline(std::string(TW_SOURCE_DIR) + "/data/demo/day.jsonl", s.apps());
  REQUIRE(timeline.ok());
  const tw::Timeline& tl = timeline.value();
  const tw::DecisionNames names{&s.apps(), &s.categories(), &s.policy()};
  Run run;
  std::vector<tw::Signal> batch;
  size_t next = 0;
  const int64_t span_ms = tl.end_unix_ms - tl.start_unix_ms;
  for (int64_t t_ms = 0;; t_ms = std::min(t_ms + cadence_ms, span_ms)) {
    const tw::Instant now{t_ms * 1'000'000, tl.start_unix_ms + t_ms};
    batch.clear();
    while (next < tl.records.size() && tl.records[next].signal.at.mono_ns <= now.mono_ns)
      batch.push_back(tl.records[next++].signal);
    for (const tw::Decision& d : s.tick(now, batch).decisions) {
      std::string line;
      tw::append_decision_json(line, d, tz.value().utc_offset_s(d.unix_ms / 1000), names);
      run.lines.push_back(line);
    }
    ++run.ticks;
    if (t_ms == span_ms) break;
  }
  REQUIRE(next == tl.records.size());
  return run;
}

}  // namespace

TEST_CASE("replay: the same day at 4, 1, 0.5 and 1/7 Hz gives identical decision logs", "[replay][tick_rate]") {
  const Run base = replay_at(1000);
  REQUIRE(base.lines.size() >= 100);
  for (const int64_t cadence_ms : {250, 2000, 7000}) {
    INFO("cadence " << cadence_ms << " ms");
    const Run other = replay_at(cadence_ms);
    CHECK(other.ticks != base.ticks);
    // The first difference, if any, names the decision.
    const size_t n = std::min(base.lines.size(), other.lines.size());
    size_t i = 0;
    while (i < n && base.lines[i] == other.lines[i]) ++i;
    if (i < n) {
      INFO("first difference, line " << i + 1);
      CHECK(other.lines[i] == base.lines[i]);
    }
    CHECK(other.lines.size() == base.lines.size());
  }
}
