// Every host stands on tw::Runtime, so one policy and one signal timeline
// give the same decisions, byte for byte, in each of them: the demo policy
// (zone Europe/Berlin) and the demo day are driven through the C ABI, the
// API layer's LayerCore (with a device zone of America/New_York, which a
// policy naming its zone must override), the CLI's `timewall replay` command
// and the simulator's SimCore, each with its own ledger, and the decision
// JSONL (the writer `timewall replay` uses) is compared with what a bare
// tw::Runtime gives. A control shows the comparison fails when one thing in
// the wiring differs (the zone).
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "core/replay/decision_writer.hpp"
#include "core/replay/replay_driver.hpp"
#include "core/replay/timeline.hpp"
#include "core/runtime/runtime.hpp"
#include "openxr/layer/layer_core.hpp"
#include "sim_core.hpp"
#include "timewall/timewall.h"
#include "tw_catch.hpp"

namespace {

const std::string kPolicy = std::string(TW_SOURCE_DIR) + "/data/demo/policy.toml";
const std::string kDay = std::string(TW_SOURCE_DIR) + "/data/demo/day.jsonl";
constexpr int64_t kCadenceMs = 1000;  // as `timewall replay`

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Per process: CTest runs this binary's cases side by side (-j), and each
// builds the reference; a shared folder would lose one's ledger to the other.
std::string fresh_dir(const char* name) {
  const std::string dir =
      std::string(TW_BINARY_DIR) + "/hosts_agree_test/" + std::to_string(getpid()) + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

tw::Timeline day(tw::Interner& apps) {
  auto timeline = tw::read_timeline(kDay, apps);
  REQUIRE(timeline.ok());
  return std::move(timeline).value();
}

// Drives the demo day through `tick`, admitting its notifications through
// `notify`, and writes each decision as `timewall replay` does.
template <class Tick, class Notify>
std::string decisions(tw::Interner& apps, Tick&& tick, Notify&& notify) {
  std::string out;
  const tw::Timeline timeline = day(apps);
  REQUIRE_FALSE(timeline.notifications.empty());  // the day must exercise each host's notify path
  const tw::Status run = tw::drive_timeline(
      timeline, kCadenceMs,
      [&](tw::Instant now, std::span<const tw::Signal> b) {
        tick(now, b, out);
        return tw::Status{};
      },
      [&](tw::Instant now, const tw::TimelineNotification& n) { return notify(now, n); });
  INFO((run.ok() ? std::string() : run.error().message));
  REQUIRE(run.ok());
  return out;
}

// A Runtime host admits a notification as serve does.
tw::Status notify_runtime(tw::Runtime& rt, tw::Instant now, const tw::TimelineNotification& n) {
  auto id = rt.notify(tw::clean_notification(n.in()), now);
  if (!id) return id.error();
  (void)rt.take_notify_events();
  return {};
}

void write_all(std::string& out, const tw::TickOutput& tick, const tw::TimeZone& tz, const tw::DecisionNames& names) {
  for (const tw::Decision& d : tick.decisions) tw::append_decision_json(out, d, tz.utc_offset_s(d.unix_ms / 1000), names);
}

std::string with_runtime(const tw::RuntimeDesc& desc) {
  auto rt = tw::Runtime::create(desc);
  REQUIRE(rt.ok());
  const tw::DecisionNames names{&rt->apps(), &rt->categories(), &rt->policy()};
  return decisions(
      rt->apps(),
      [&](tw::Instant now, std::span<const tw::Signal> b, std::string& out) {
        write_all(out, rt->tick(now, b), rt->zone(), names);
      },
      [&](tw::Instant now, const tw::TimelineNotification& n) { return notify_runtime(rt.value(), now, n); });
}

// What a bare tw::Runtime gives: the bytes every host must give.
const std::string& reference() {
  static const std::string bytes = [] {
    const std::string dir = fresh_dir("reference");
    return with_runtime({.policy_text = read(kPolicy), .policy_name = kPolicy, .ledger_path = dir + "/ledger.db"});
  }();
  return bytes;
}

// Shared checks: the reference is a real day, and local time matters to it.
void check_same(const std::string& host) {
  const std::string& want = reference();
  REQUIRE(std::count(want.begin(), want.end(), '\n') >= 50);
  CHECK(want.find(R"({"t":"2026-03-02T10:42:00+01:00","kind":"show","overlay":"block_shield")") != std::string::npos);
  // The day's notification, held mid-task and delivered at the breakpoint.
  CHECK(want.find(R"({"t":"2026-03-02T15:02:30+01:00","kind":"deliver","overlay":"nudge","app":"com.example.chat")") !=
        std::string::npos);
  // The [diversify] reminders: the reset card, its "Later" and "Done", and
  // the concentration card at the evening's breakpoint.
  CHECK(want.find(R"("reason":"reset_later","answer":"reminder_later","reset":"com.example.clips"})") != std::string::npos);
  CHECK(want.find(R"("reason":"reset_done","answer":"reminder_done","reset":"com.example.clips"})") != std::string::npos);
  CHECK(want.find(R"("reason":"concentration","group":"leisure"})") != std::string::npos);
  CHECK(host.size() == want.size());
  CHECK(host == want);
}

tw::Decision from_c(const tw_decision& c, tw::Interner& apps, tw::Interner& categories) {
  return {.unix_ms = c.unix_ms,
          .kind = static_cast<tw::DecisionKind>(c.kind),
          .overlay = static_cast<tw::OverlayKind>(c.overlay),
          .reason = static_cast<tw::Reason>(c.reason),
          .app = *c.app ? apps.intern(c.app) : tw::kNoId,
          .category = *c.category ? categories.intern(c.category) : tw::kNoId,
          .budget = c.budget,
          .remaining_s = c.remaining_s,
          .window = c.window,
          .fill_item = c.fill_item,
          .exercise = c.exercise,
          .nudge_id = c.nudge_id,
          .answer = static_cast<tw::Answer>(c.answer),
          .reminder = c.reminder};
}

}  // namespace

TEST_CASE("hosts agree: the C ABI gives the Runtime's decisions", "[hosts]") {
  const std::string dir = fresh_dir("capi");
  const std::string text = read(kPolicy), ledger = dir + "/ledger.db";
  tw_engine_desc desc{};
  desc.struct_size = sizeof desc;
  desc.policy_text = text.c_str();
  desc.policy_name = kPolicy.c_str();
  desc.ledger_path = ledger.c_str();
  tw_engine* engine = nullptr;
  REQUIRE(tw_engine_create(&desc, &engine, nullptr) == TW_OK);

  // The C host knows names only: the timeline's ids, and the decisions'
  // names, go through interners of its own.
  tw::Interner timeline_apps, apps, categories;
  auto parsed = tw::Runtime::create({.policy_text = text});
  REQUIRE(parsed.ok());
  const tw::DecisionNames names{&apps, &categories, &parsed->policy()};
  const tw::TimeZone& tz = parsed->zone();  // the C ABI does not say its zone
  std::vector<tw_signal> batch;
  const std::string got = decisions(timeline_apps, [&](tw::Instant now, std::span<const tw::Signal> b, std::string& out) {
    batch.clear();
    for (const tw::Signal& s : b)
      batch.push_back({.at = {s.at.mono_ns, s.at.unix_ms},
                       .kind = static_cast<int32_t>(s.kind),
                       .context = static_cast<int32_t>(s.context),
                       .app = s.app == tw::kNoId ? nullptr : timeline_apps.name(s.app).data(),
                       .linear_mps = s.linear_mps,
                       .angular_dps = s.angular_dps,
                       .planned_end_unix_ms = s.planned_end_unix_ms,
                       .nudge_id = s.nudge_id,
                       .urgent = s.urgent ? 1 : 0,
                       .reminder = s.reminder});
    REQUIRE(tw_engine_feed(engine, batch.data(), batch.size()) == TW_OK);
    REQUIRE(tw_engine_tick(engine, {now.mono_ns, now.unix_ms}) == TW_OK);
    const tw_decision* d = nullptr;
    size_t n = 0;
    REQUIRE(tw_engine_decisions(engine, &d, &n) == TW_OK);
    for (size_t i = 0; i < n; ++i)
      tw::append_decision_json(out, from_c(d[i], apps, categories), tz.utc_offset_s(d[i].unix_ms / 1000), names);
  }, [&](tw::Instant now, const tw::TimelineNotification& note) {
    // The actions as a C host hands them over (they do not change decisions).
    std::vector<tw_notification_action> actions;
    for (size_t i = 0; i + 1 < note.actions.size(); i += 2)
      actions.push_back({note.actions[i].c_str(), note.actions[i + 1].c_str()});
    tw_notification cn{};
    cn.struct_size = sizeof cn;
    cn.source = note.app_name.c_str();
    cn.title = note.summary.c_str();
    cn.body = note.body.c_str();
    cn.urgency = note.urgency;
    cn.actions = actions.data();
    cn.action_count = static_cast<uint32_t>(actions.size());
    uint32_t id = 0;
    if (tw_engine_notify(engine, &cn, {now.mono_ns, now.unix_ms}, &id) != TW_OK)
      return tw::Status{tw::Error{tw::Errc::invalid_argument, "tw_engine_notify failed"}};
    return tw::Status{};
  });
  tw_engine_destroy(engine);
  check_same(got);
}

TEST_CASE("hosts agree: the API layer's LayerCore gives the Runtime's decisions", "[hosts]") {
  const std::string dir = fresh_dir("layer");
  // A copy, owner-only as a wearer's is (the layer would make the source tree's so).
  std::filesystem::copy_file(kPolicy, dir + "/policy.toml");
  std::filesystem::permissions(dir + "/policy.toml",
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto device = tw::TimeZone::load("America/New_York");
  REQUIRE(device.ok());
  std::vector<std::string> log;
  tw::xr::LayerCore core({.policy_path = dir + "/policy.toml",
                          .ledger_path = dir + "/ledger.db",
                          .device_zone = device.value(),
                          .ledger_id = "com.example.feed"},
                         {0, 0}, [&](std::string_view m) { log.emplace_back(m); });
  tw::Runtime& rt = core.runtime();
  const tw::DecisionNames names{&rt.apps(), &rt.categories(), &core.policy()};
  const std::string got = decisions(
      rt.apps(),
      [&](tw::Instant now, std::span<const tw::Signal> b, std::string& out) {
        write_all(out, core.tick(now, b), core.zone(), names);
      },
      [&](tw::Instant now, const tw::TimelineNotification& n) { return notify_runtime(rt, now, n); });
  INFO((log.empty() ? std::string() : log.front()));
  CHECK(log.empty());
  check_same(got);
}

TEST_CASE("hosts agree: the CLI's replay command gives the Runtime's decisions", "[hosts]") {
  const std::string dir = fresh_dir("cli");
  const std::string out = dir + "/decisions.jsonl", ledger = dir + "/ledger.db";
  const std::string_view args[] = {"--policy", kPolicy, "--signals", kDay, "--out", out, "--ledger", ledger};
  REQUIRE(tw::cli::replay_command(args) == 0);
  check_same(read(out));
}

TEST_CASE("hosts agree: the simulator's SimCore gives the Runtime's decisions", "[hosts]") {
  const std::string dir = fresh_dir("sim");
  auto core = tw::sim::SimCore::create(read(kPolicy), kPolicy, dir + "/ledger.db");
  REQUIRE(core.ok());
  tw::sim::SimCore& sim = *core.value();
  const tw::DecisionNames names{&sim.apps(), &sim.categories(), &sim.policy()};
  const std::string got = decisions(
      sim.apps(),
      [&](tw::Instant now, std::span<const tw::Signal> b, std::string& out) {
        write_all(out, sim.tick(now, b), sim.zone(), names);
      },
      [&](tw::Instant now, const tw::TimelineNotification& n) { return notify_runtime(sim.runtime(), now, n); });
  check_same(got);
}

TEST_CASE("hosts agree: the comparison fails for a host wired with another zone", "[hosts]") {
  const std::string dir = fresh_dir("other_zone");
  const std::string other = with_runtime(
      {.policy_text = read(kPolicy), .ledger_path = dir + "/ledger.db", .timezone = "America/New_York"});
  CHECK(other != reference());
}
