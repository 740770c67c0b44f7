// LayerCore: the Engine as the API layer runs it. Default paths, the
// built-in defaults without a policy file, attended time in a real SQLite
// ledger under the app's ledger id, the ring from the policy's budget, hot
// reload (throttled to once a second of frame time, broken files keep the old
// policy and are logged once), a ledger that cannot open, budgets surviving a
// restart, and the time zone rule.
#include "tw_catch.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "layer_core_test_support.hpp"
#include "openxr/layer/layer_core.hpp"

namespace {

using tw_test::at_ms;
using tw_test::attended_ms;
using tw_test::kMonday_ms;
using tw_test::Log;
using tw_test::write;

std::string fresh_dir(const char* name) { return tw_test::fresh_dir("layer_core_test", name); }

std::string budget_policy(int limit_min, const char* zone = "UTC") {
  return std::string("schema = 1\n[time_value]\ntimezone = \"") + zone +
         "\"\n[apps]\n\"com.khronos.hello_xr\" = \"games\"\n"
         "[[budget]]\nid = \"games-daily\"\ncategory = \"games\"\nperiod = \"daily\"\nlimit_min = " +
         std::to_string(limit_min) + "\nat_limit = \"notify\"\n";
}

tw::Signal signal(int64_t ms, tw::SignalKind kind, tw::AppId app) {
  return {.at = at_ms(ms), .kind = kind, .app = app};
}

// Focus at 0, then one tick per 100 ms up to end_ms with an interaction each second.
void run(tw::xr::LayerCore& core, int64_t start_ms, int64_t end_ms) {
  const tw::Signal focus = signal(start_ms, tw::SignalKind::app_focus, core.app());
  core.tick(at_ms(start_ms), {&focus, 1});
  for (int64_t t = start_ms + 100; t <= end_ms; t += 100) {
    const tw::Signal touch = signal(t, tw::SignalKind::interaction, core.app());
    core.tick(at_ms(t), t % 1000 == 0 ? std::span<const tw::Signal>(&touch, 1) : std::span<const tw::Signal>());
  }
}

}  // namespace

TEST_CASE("the layer's default paths follow TIMEWALL_*, then XDG, then HOME", "[openxr][layer_core]") {
  ::setenv("HOME", "/home/wearer", 1);
  ::unsetenv("XDG_CONFIG_HOME");
  ::unsetenv("XDG_DATA_HOME");
  ::unsetenv("TIMEWALL_POLICY");
  ::unsetenv("TIMEWALL_LEDGER");
  CHECK(tw::xr::default_policy_path() == "/home/wearer/.config/timewall/policy.toml");
  CHECK(tw::xr::default_ledger_path() == "/home/wearer/.local/share/timewall/ledger.db");
  ::setenv("XDG_CONFIG_HOME", "/cfg", 1);
  ::setenv("XDG_DATA_HOME", "/data", 1);
  CHECK(tw::xr::default_policy_path() == "/cfg/timewall/policy.toml");
  CHECK(tw::xr::default_ledger_path() == "/data/timewall/ledger.db");
  ::setenv("TIMEWALL_POLICY", "/p.toml", 1);
  ::setenv("TIMEWALL_LEDGER", "/l.db", 1);
  CHECK(tw::xr::default_policy_path() == "/p.toml");
  CHECK(tw::xr::default_ledger_path() == "/l.db");
  for (const char* v : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "TIMEWALL_POLICY", "TIMEWALL_LEDGER", "HOME"})
    ::unsetenv(v);
  CHECK(tw::xr::default_policy_path().empty());
  CHECK(tw::xr::default_ledger_path().empty());
}

TEST_CASE("'none' turns the policy file or the ledger off without a word", "[openxr][layer_core]") {
  ::setenv("TIMEWALL_POLICY", "none", 1);
  ::setenv("TIMEWALL_LEDGER", "none", 1);
  ::setenv("TZ", "Asia/Tokyo", 1);
  Log log;
  tw::xr::LayerCoreConfig c = tw::xr::layer_core_config_from_env("openxr.helloxr", log.sink());
  CHECK(c.policy_path.empty());
  CHECK(c.ledger_path.empty());
  CHECK(c.device_zone.name() == "Asia/Tokyo");
  CHECK(c.ledger_id == "openxr.helloxr");
  tw::xr::LayerCore core(std::move(c), at_ms(0), log.sink());
  CHECK_FALSE(core.recording());
  CHECK(core.zone().name() == "Asia/Tokyo");
  CHECK(log.lines.empty());

  ::unsetenv("TIMEWALL_POLICY");
  ::unsetenv("TIMEWALL_LEDGER");
  ::unsetenv("XDG_CONFIG_HOME");
  ::unsetenv("XDG_DATA_HOME");
  ::unsetenv("HOME");
  ::setenv("TZ", "Nowhere/Atlantis", 1);
  c = tw::xr::layer_core_config_from_env("x", log.sink());
  CHECK(c.device_zone.name() == "UTC");
  REQUIRE(log.lines.size() == 3);
  CHECK(log.count("no policy path") == 1);
  CHECK(log.count("no ledger path") == 1);
  CHECK(log.count("TZ=Nowhere/Atlantis") == 1);
  ::unsetenv("TZ");
}

TEST_CASE("without a policy file the defaults apply: time is recorded, no ring", "[openxr][layer_core]") {
  const std::string dir = fresh_dir("no_policy");
  Log log;
  tw::xr::LayerCore core({.policy_path = dir + "/policy.toml",
                          .ledger_path = dir + "/data/timewall/ledger.db",
                          .ledger_id = "openxr.helloxr"},
                         at_ms(0), log.sink());
  CHECK(log.count("no policy at " + dir + "/policy.toml") == 1);
  CHECK(core.recording());
  run(core, 0, 30'000);
  CHECK(core.ring() == nullptr);
  core.finish(at_ms(30'000));
  CHECK(log.lines.size() == 1);
  CHECK(attended_ms(dir + "/data/timewall/ledger.db", "openxr.helloxr") == 30'000);
  struct stat st{};
  REQUIRE(::stat((dir + "/data/timewall").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);  // the folder it made is the wearer's only
}

TEST_CASE("the ring shows the policy's budget for the app's category", "[openxr][layer_core]") {
  const std::string dir = fresh_dir("ring");
  write(dir + "/policy.toml", budget_policy(45));
  Log log;
  tw::xr::LayerCore core({.policy_path = dir + "/policy.toml", .ledger_path = dir + "/ledger.db",
                          .ledger_id = "com.khronos.hello_xr"},
                         at_ms(0), log.sink());
  CHECK(log.lines.empty());
  CHECK(core.policy_version() == 1);
  run(core, 0, 90'000);
  const tw::Overlay* ring = core.ring();
  REQUIRE(ring != nullptr);
  CHECK(ring->limit_s == 45 * 60);
  CHECK(ring->used_s == 90);
  CHECK(ring->remaining_s == 45 * 60 - 90);
  CHECK(core.policy().budgets[static_cast<size_t>(ring->budget)].target == "games");
}

TEST_CASE("a changed policy is picked up at most once a second of frame time", "[openxr][layer_core]") {
  const std::string dir = fresh_dir("reload");
  const std::string path = dir + "/policy.toml";
  write(path, budget_policy(45));
  Log log;
  tw::xr::LayerCore core({.policy_path = path, .ledger_id = "com.khronos.hello_xr"}, at_ms(0), log.sink());
  CHECK_FALSE(core.recording());
  run(core, 0, 2'000);
  REQUIRE(core.ring() != nullptr);
  CHECK(core.ring()->limit_s == 45 * 60);

  write(path, budget_policy(20));
  core.tick(at_ms(2'500), {});  // half a second after the last check: not looked at yet
  CHECK(core.ring()->limit_s == 45 * 60);
  core.tick(at_ms(3'000), {});
  CHECK(core.ring()->limit_s == 20 * 60);
  CHECK(core.policy_version() == 2);

  // Broken: the 20-minute policy stays; logged once, however many checks follow.
  write(path, budget_policy(20) + "limit_hours = 3\n[[[broken\n");
  for (int64_t t = 3'100; t <= 10'000; t += 100) core.tick(at_ms(t), {});
  CHECK(core.ring()->limit_s == 20 * 60);
  CHECK(log.count("was not applied, the previous policy stays") == 1);

  // Removed: the policy in force stays, said once.
  std::filesystem::remove(path);
  for (int64_t t = 10'100; t <= 13'000; t += 100) core.tick(at_ms(t), {});
  CHECK(core.ring()->limit_s == 20 * 60);
  CHECK(log.count("was removed") == 1);

  // Back and fixed.
  write(path, budget_policy(25));
  for (int64_t t = 13'100; t <= 15'000; t += 100) core.tick(at_ms(t), {});
  CHECK(core.ring()->limit_s == 25 * 60);
  CHECK(log.lines.size() == 2);
}

TEST_CASE("a broken policy at start: the defaults apply, logged once", "[openxr][layer_core]") {
  const std::string dir = fresh_dir("broken_start");
  write(dir + "/policy.toml", "schema = 1\n[[budget]]\nid = 3\n");
  Log log;
  tw::xr::LayerCore core({.policy_path = dir + "/policy.toml", .ledger_id = "x"}, at_ms(0), log.sink());
  run(core, 0, 5'000);
  CHECK(core.ring() == nullptr);
  CHECK(core.policy_version() == 0);
  REQUIRE(log.lines.size() == 1);
  CHECK(log.count("was not applied, the built-in defaults apply") == 1);
  CHECK(log.count("policy.toml:") == 1);  // the loader's file:line:column
}

TEST_CASE("a ledger that cannot be opened: the ring still runs, said once", "[openxr][layer_core]") {
  const std::string dir = fresh_dir("bad_ledger");
  write(dir + "/policy.toml", budget_policy(45));
  write(dir + "/not_a_folder", "a file where the ledger's folder should be\n");
  Log log;
  tw::xr::LayerCore core({.policy_path = dir + "/policy.toml", .ledger_path = dir + "/not_a_folder/ledger.db",
                          .ledger_id = "com.khronos.hello_xr"},
                         at_ms(0), log.sink());
  CHECK_FALSE(core.recording());
  run(core, 0, 10'000);
  REQUIRE(core.ring() != nullptr);
  CHECK(core.ring()->used_s == 10);
  core.finish(at_ms(10'000));
  REQUIRE(log.lines.size() == 1);
  CHECK(log.count("cannot be opened, nothing is recorded") == 1);
}

TEST_CASE("budgets continue across app runs through the ledger", "[openxr][layer_core]") {
  const std::string dir = fresh_dir("restart");
  write(dir + "/policy.toml", budget_policy(45));
  const tw::xr::LayerCoreConfig config{.policy_path = dir + "/policy.toml", .ledger_path = dir + "/ledger.db",
                                       .ledger_id = "com.khronos.hello_xr"};
  Log log;
  {
    tw::xr::LayerCore first(config, at_ms(0), log.sink());
    run(first, 0, 120'000);
    first.finish(at_ms(120'000));
  }
  tw::xr::LayerCore second(config, at_ms(600'000), log.sink());
  run(second, 600'000, 660'000);
  REQUIRE(second.ring() != nullptr);
  CHECK(second.ring()->used_s == 180);
  CHECK(log.lines.empty());
  second.finish(at_ms(660'000));
  CHECK(attended_ms(config.ledger_path, "com.khronos.hello_xr") == 180'000);
}

TEST_CASE("the zone: the policy's when it names one, else the device's", "[openxr][layer_core]") {
  const std::string dir = fresh_dir("zone");
  auto device = tw::TimeZone::load("America/New_York");
  REQUIRE(device.ok());
  Log log;
  write(dir + "/utc.toml", budget_policy(45));
  tw::xr::LayerCore a({.policy_path = dir + "/utc.toml", .device_zone = device.value(), .ledger_id = "x"},
                      at_ms(0), log.sink());
  CHECK(a.zone().name() == "America/New_York");
  write(dir + "/berlin.toml", budget_policy(45, "Europe/Berlin"));
  tw::xr::LayerCore b({.policy_path = dir + "/berlin.toml", .device_zone = device.value(), .ledger_id = "x"},
                      at_ms(0), log.sink());
  CHECK(b.zone().name() == "Europe/Berlin");
  CHECK(log.lines.empty());
}

// The layer's answering path at the core: the wearer answers a friction
// prompt with "continue" (after the pause) and the next one with "leave";
// only the leave is the cue for xrRequestExitSession (what the layer's
// run_core looks for), and the ledger holds both answers.
TEST_CASE("answers through LayerCore: continue, then leave ends the session, both in the ledger",
          "[openxr][layer_core][answer]") {
  const std::string dir = fresh_dir("answers");
  write(dir + "/policy.toml",
        "schema = 1\n[apps]\n\"com.khronos.hello_xr\" = \"games\"\n"
        "[friction]\npause_s = 2\n[[friction.exercise]]\nid = \"b\"\nkind = \"wait\"\nwait_s = 2\ntext = \"Breathe\"\n"
        "[[budget]]\nid = \"games-daily\"\ncategory = \"games\"\nlimit_min = 1\nat_limit = \"friction\"\n"
        "extension_min = 1\nmax_extensions = 1\nwarn_at = []\n");
  Log log;
  {
    tw::xr::LayerCore core({.policy_path = dir + "/policy.toml", .ledger_path = dir + "/ledger.db",
                            .ledger_id = "com.khronos.hello_xr"},
                           at_ms(0), log.sink());
    const std::string first_line = log.lines.empty() ? std::string() : log.lines.front();
    INFO(first_line);
    REQUIRE(log.lines.empty());
    int left = 0, answers = 0;
    auto answer = [&](int64_t ms, tw::SignalKind k) {
      const tw::Signal s = signal(ms, k, core.app());
      for (const tw::Decision& d : core.tick(at_ms(ms), {&s, 1}).decisions) {
        answers += d.kind == tw::DecisionKind::answer;
        left += tw::wearer_left(d) && d.app == core.app();
      }
    };
    auto prompt_up = [&] {
      for (const tw::Overlay& o : core.last().overlays)
        if (o.kind == tw::OverlayKind::friction_prompt) return true;
      return false;
    };
    run(core, 0, 60'000);
    REQUIRE(prompt_up());
    answer(60'500, tw::SignalKind::continue_anyway);  // during the pause: refused
    CHECK(prompt_up());
    run(core, 60'600, 63'000);
    answer(63'100, tw::SignalKind::continue_anyway);  // granted
    CHECK_FALSE(prompt_up());
    CHECK(left == 0);
    run(core, 63'200, 125'000);  // the extension used up: a new prompt, no bypass left
    REQUIRE(prompt_up());
    answer(125'100, tw::SignalKind::prompt_leave);
    CHECK(left == 1);
    CHECK(answers == 3);
    core.finish(at_ms(126'000));
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2((dir + "/ledger.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT a.name || ' ' || x.answer || ' ' || x.outcome FROM answer x "
                             "JOIN app a ON a.id = x.app_id ORDER BY x.id",
                             -1, &st, nullptr) == SQLITE_OK);
  std::string rows;
  while (sqlite3_step(st) == SQLITE_ROW) rows += std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) + "\n";
  sqlite3_finalize(st);
  sqlite3_close(db);
  CHECK(rows ==
        "com.khronos.hello_xr continue_anyway pause_not_over\n"
        "com.khronos.hello_xr continue_anyway bypass_granted\n"
        "com.khronos.hello_xr prompt_leave prompt_left\n");
}
