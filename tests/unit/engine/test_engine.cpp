// Engine: scheduler + ledger. What it records (attended time, idle moments,
// friction outcomes, bypasses, blocks), the day report the demo prints, and
// seeding usage from the ledger after a restart.
#include "tw_catch.hpp"

#include <filesystem>
#include <string>

#include "core/engine/engine.hpp"
#include "core/policy/policy_canonical.hpp"

#include <sqlite3.h>

namespace {

constexpr int64_t kMonday_ms = 1'795'392'000'000;  // 2026-11-23 00:00 UTC

tw::Instant at_s(int64_t s) { return {s * 1'000'000'000, kMonday_ms + s * 1000}; }

tw::Policy policy() {
  tw::Policy p;
  p.time_value.hourly_value = 30.0;
  p.attention.afk_after_s = 600;
  p.idle.min_idle_s = 20;
  p.apps = {{"feed", "social"}, {"chat", "messaging"}};
  tw::Budget b;
  b.id = "feed";
  b.scope = tw::BudgetScope::app;
  b.target = "feed";
  b.limit_s = 60;
  b.warn_at = {};
  b.at_limit = tw::LimitAction::friction;
  b.extension_s = 60;
  p.budgets = {b};
  p.friction.pause_s = 5;
  p.friction.exercises = {{.id = "wait", .kind = tw::ExerciseKind::wait, .text = "Wait", .wait_s = 5}};
  return p;
}

std::string fresh_path(const char* name) {
  const std::string path = std::string(TW_BINARY_DIR) + "/" + name;
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  return path;
}

}  // namespace

TEST_CASE("Engine records the day in the ledger and reports it", "[engine]") {
  const std::string path = fresh_path("engine_test.db");
  auto created = tw::Engine::create({.policy = policy(), .ledger_path = path});
  REQUIRE(created.ok());
  tw::Engine& e = created.value();
  const tw::AppId feed = e.apps().intern("feed");
  const tw::AppId chat = e.apps().intern("chat");
  auto tick = [&](int64_t s, std::vector<tw::Signal> sig = {}) { return e.tick(at_s(s), sig); };
  auto signal = [](int64_t s, tw::SignalKind k, tw::AppId a = tw::kNoId) {
    tw::Signal x;
    x.at = at_s(s);
    x.kind = k;
    x.app = a;
    return x;
  };
  tick(0, {signal(0, tw::SignalKind::app_focus, feed)});
  for (int64_t s = 1; s <= 70; ++s)  // interactions keep idle moments away
    tick(s, {signal(s, tw::SignalKind::interaction)});
  tick(71, {signal(71, tw::SignalKind::continue_anyway)});  // friction since 60: a bypass
  tick(80, {signal(80, tw::SignalKind::app_focus, chat)});
  tick(100);  // idle moment (protect) from 100 s
  tick(130, {signal(130, tw::SignalKind::interaction)});
  tick(140, {signal(140, tw::SignalKind::app_blur, chat)});
  REQUIRE(e.finish(at_s(140)).ok());

  auto report = e.day_report(e.local_day(at_s(0)));
  REQUIRE(report.ok());
  const tw::DayReport& r = report.value();
  REQUIRE(r.per_app.size() == 2);
  CHECK(r.per_app[0].name == "feed");
  CHECK(r.per_app[0].attended_ms == 80'000);
  CHECK(r.per_app[0].cost == Approx(80.0 / 3600 * 30));
  CHECK(r.per_app[1].attended_ms == 60'000);
  CHECK(r.attended_ms == 140'000);
  REQUIRE(r.per_category.size() == 2);
  CHECK(r.per_category[0].name == "social");
  CHECK(r.friction_shown == 1);
  CHECK(r.bypasses == 1);
  CHECK(r.bypass_extension_s == 60);
  CHECK(r.protected_ms == 30'000);
  CHECK(r.filled_ms == 0);
  CHECK(e.ledger()->durable_seq() == e.ledger()->last_seq());
}

TEST_CASE("Engine seeds today's usage from the ledger after a restart", "[engine]") {
  const std::string path = fresh_path("engine_seed_test.db");
  {
    auto e = tw::Engine::create({.policy = policy(), .ledger_path = path});
    REQUIRE(e.ok());
    tw::Signal focus;
    focus.at = at_s(0);
    focus.kind = tw::SignalKind::app_focus;
    focus.app = e.value().apps().intern("feed");
    e.value().tick(at_s(0), {&focus, 1});
    e.value().tick(at_s(40));
    REQUIRE(e.value().finish(at_s(40)).ok());
  }
  auto e = tw::Engine::create({.policy = policy(), .ledger_path = path});
  REQUIRE(e.ok());
  tw::Signal focus;
  focus.at = at_s(50);
  focus.kind = tw::SignalKind::app_focus;
  focus.app = e.value().apps().intern("feed");
  const tw::TickOutput& out = e.value().tick(at_s(50), {&focus, 1});
  const tw::Overlay* ring = nullptr;
  for (const auto& o : out.overlays)
    if (o.kind == tw::OverlayKind::budget_ring) ring = &o;
  REQUIRE(ring != nullptr);
  CHECK(ring->used_s == 40);
  CHECK(ring->remaining_s == 20);
}

TEST_CASE("Engine without a ledger still schedules, and says why it cannot report", "[engine]") {
  auto e = tw::Engine::create({.policy = policy()});
  REQUIRE(e.ok());
  CHECK(e.value().ledger() == nullptr);
  e.value().tick(at_s(0), {});
  CHECK(e.value().finish(at_s(1)).ok());
  auto r = e.value().day_report(0);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == tw::Errc::invalid_argument);
}

TEST_CASE("Engine::create reports a ledger it cannot open", "[engine]") {
  auto e = tw::Engine::create({.policy = policy(), .ledger_path = "/nonexistent-dir/x/ledger.db"});
  REQUIRE_FALSE(e.ok());
  CHECK_FALSE(e.error().message.empty());
}

namespace {

// Berlin, around the spring-forward day Sunday 2026-03-29 (23 local hours).
constexpr int64_t kSun0030_ms = 1774740600000;  // 2026-03-29 00:30 CET  = 03-28 23:30Z
constexpr int64_t kSun2330_ms = 1774819800000;  // 2026-03-29 23:30 CEST = 03-29 21:30Z
constexpr int64_t kMon0010_ms = 1774822200000;  // 2026-03-30 00:10 CEST = 03-29 22:10Z

tw::Policy one_bypass_policy(tw::BudgetPeriod period) {
  tw::Policy p = policy();
  p.time_value.timezone = "Europe/Berlin";
  p.budgets[0].period = period;
  p.budgets[0].max_extensions = 1;
  return p;
}

// Ticks every second from `from_ms` for `seconds`, the feed focused and
// interacted with, "continue anyway" at each offset in `bypass_at_s`; returns
// the decisions on friction prompts.
std::vector<tw::Decision> use_feed(tw::Engine& e, int64_t from_ms, int64_t seconds,
                                   std::initializer_list<int64_t> bypass_at_s) {
  std::vector<tw::Decision> seen;
  const tw::AppId feed = e.apps().intern("feed");
  const int64_t mono0 = from_ms * 1'000'000;  // any monotonic origin will do
  for (int64_t s = 0; s <= seconds; ++s) {
    const tw::Instant t{mono0 + s * 1'000'000'000, from_ms + s * 1000};
    std::vector<tw::Signal> sig;
    tw::Signal x;
    x.at = t;
    x.kind = s == 0 ? tw::SignalKind::app_focus : tw::SignalKind::interaction;
    x.app = feed;
    sig.push_back(x);
    for (int64_t b : bypass_at_s)
      if (b == s) {
        x.kind = tw::SignalKind::continue_anyway;
        sig.push_back(x);
      }
    for (const tw::Decision& d : e.tick(t, sig).decisions)
      if (d.overlay == tw::OverlayKind::friction_prompt) seen.push_back(d);
  }
  REQUIRE(e.finish(tw::Instant{mono0 + seconds * 1'000'000'000, from_ms + seconds * 1000}).ok());
  return seen;
}

bool has(const std::vector<tw::Decision>& ds, tw::DecisionKind k, tw::Reason r) {
  for (const tw::Decision& d : ds)
    if (d.kind == k && d.reason == r) return true;
  return false;
}

tw::Engine restart(const std::string& path, const tw::Policy& p) {
  auto tz = tw::TimeZone::load("Europe/Berlin");
  REQUIRE(tz.ok());
  auto e = tw::Engine::create({.policy = p, .timezone = tz.value(), .ledger_path = path});
  REQUIRE(e.ok());
  return std::move(e).value();
}

}  // namespace

TEST_CASE("Engine restores used bypasses after a restart the same local day, across DST", "[engine][bypass]") {
  const std::string path = fresh_path("engine_bypass_day.db");
  const tw::Policy p = one_bypass_policy(tw::BudgetPeriod::daily);
  {
    // 00:30 on the DST day: 60 s reach the limit, the one bypass at 66 s
    // (after the 5 s pause) adds 60 s; at 121 s the prompt is back, exhausted.
    tw::Engine e = restart(path, p);
    const auto seen = use_feed(e, kSun0030_ms, 130, {66, 127});
    CHECK(has(seen, tw::DecisionKind::extend, tw::Reason::bypass_granted));
    CHECK(has(seen, tw::DecisionKind::deny, tw::Reason::bypass_exhausted));
    CHECK(e.scheduler().extensions_used(0) == 1);
  }
  SECTION("23:30 the same local day (22 h later, a UTC day later): the bypass stays used") {
    tw::Engine e = restart(path, p);
    const auto seen = use_feed(e, kSun2330_ms, 10, {7});
    CHECK(e.scheduler().extensions_used(0) == 1);
    // 130 s used of 60 + 1 x 60: the prompt is at once, and has no way through.
    CHECK(has(seen, tw::DecisionKind::show, tw::Reason::budget_reached));
    CHECK(has(seen, tw::DecisionKind::deny, tw::Reason::bypass_exhausted));
    CHECK_FALSE(has(seen, tw::DecisionKind::extend, tw::Reason::bypass_granted));
  }
  SECTION("00:10 the next local day (under 24 h later): fresh usage and a fresh bypass") {
    tw::Engine e = restart(path, p);
    const auto seen = use_feed(e, kMon0010_ms, 70, {67});
    CHECK(has(seen, tw::DecisionKind::extend, tw::Reason::bypass_granted));
    CHECK(e.scheduler().extensions_used(0) == 1);
  }
}

TEST_CASE("Engine restores a weekly budget's bypasses until the local week ends", "[engine][bypass]") {
  const std::string path = fresh_path("engine_bypass_week.db");
  const tw::Policy p = one_bypass_policy(tw::BudgetPeriod::weekly);
  {
    tw::Engine e = restart(path, p);
    const auto seen = use_feed(e, kSun0030_ms, 70, {66});
    CHECK(has(seen, tw::DecisionKind::extend, tw::Reason::bypass_granted));
  }
  SECTION("the same week (Sunday 23:30): still used") {
    tw::Engine e = restart(path, p);
    e.tick(tw::Instant{0, kSun2330_ms});
    CHECK(e.scheduler().extensions_used(0) == 1);
  }
  SECTION("Monday 00:10, a new week: fresh") {
    tw::Engine e = restart(path, p);
    e.tick(tw::Instant{0, kMon0010_ms});
    CHECK(e.scheduler().extensions_used(0) == 0);
  }
}

TEST_CASE("Engine records which budget a bypass belongs to", "[engine][bypass]") {
  const std::string path = fresh_path("engine_bypass_budget.db");
  const tw::Policy p = one_bypass_policy(tw::BudgetPeriod::daily);
  tw::Engine e = restart(path, p);
  use_feed(e, kSun0030_ms, 70, {66});
  auto rows = e.ledger()->bypasses_per_budget(kSun0030_ms, kSun0030_ms + 3'600'000);
  REQUIRE(rows.ok());
  REQUIRE(rows.value().size() == 1);
  CHECK(rows.value()[0].budget == "feed");
  CHECK(rows.value()[0].count == 1);
  CHECK(rows.value()[0].extension_s == 60);
}

TEST_CASE("Engine records each distinct policy in force once, with its text", "[engine][youth]") {
  const std::string path = fresh_path("engine_policy_test.db");
  auto audit_kinds = [&](std::string_view kind) {
    auto ledger = tw::Ledger::open({.path = path}, tw::TimeZone::utc());
    REQUIRE(ledger.ok());
    REQUIRE(ledger.value().verify_audit_chain().value().intact());
    const auto rows = ledger.value().audit_entries();
    REQUIRE(rows.ok());
    size_t n = 0;
    for (const auto& r : rows.value()) n += r.kind == kind;
    return n;
  };
  {
    auto e = tw::Engine::create({.policy = policy(), .ledger_path = path});
    REQUIRE(e.ok());
    e.value().tick(at_s(0));                  // the first policy, at the first tick
    e.value().set_policy(policy(), at_s(1));  // the same: nothing new
    tw::Policy cheaper = policy();
    cheaper.time_value.hourly_value = 10.0;
    e.value().set_policy(cheaper, at_s(2));
    e.value().record_policy_refusal("p.toml", tw::Errc::pin_required, at_s(3));
    e.value().record_policy_refusal("p.toml", tw::Errc::parse, at_s(3));  // not an audit event
    REQUIRE(e.value().finish(at_s(4)).ok());
    const auto last = e.value().ledger()->last_accepted_policy();
    REQUIRE(last.ok());
    REQUIRE(last.value().has_value());
    CHECK(last.value()->text == tw::canonical_policy_text(cheaper));
    CHECK(last.value()->hash == tw::policy_hash(cheaper));
    CHECK(last.value()->at_ms == kMonday_ms + 2000);
  }
  CHECK(audit_kinds("policy_change") == 2);
  CHECK(audit_kinds("policy_refused") == 1);
  {
    // Restarted with the policy last recorded: nothing new. Without a ledger: nothing at all.
    tw::Policy cheaper = policy();
    cheaper.time_value.hourly_value = 10.0;
    auto e = tw::Engine::create({.policy = cheaper, .ledger_path = path});
    REQUIRE(e.ok());
    REQUIRE(e.value().finish(at_s(10)).ok());
    auto bare = tw::Engine::create({.policy = policy()});
    REQUIRE(bare.ok());
    bare.value().set_policy(cheaper, at_s(11));
    bare.value().record_policy_refusal("p.toml", tw::Errc::pin_wrong, at_s(11));
  }
  CHECK(audit_kinds("policy_change") == 2);
}

// Every answer lands in the ledger's answer table, with its card, button and
// outcome, as the simulator's and the headset's answers do.
TEST_CASE("Engine records each answer the wearer gives a card", "[engine][answer]") {
  const std::string path = fresh_path("engine_answers.db");
  tw::Policy p = policy();
  p.idle.default_mode = tw::IdleMode::fill;
  p.idle.items = {{"w1", tw::FillKind::vocabulary, "hola", "hello"}};
  {
    auto created = tw::Engine::create({.policy = p, .ledger_path = path});
    REQUIRE(created.ok());
    tw::Engine& e = created.value();
    const tw::AppId feed = e.apps().intern("feed");
    auto signal = [](int64_t s, tw::SignalKind k, tw::AppId a = tw::kNoId, uint32_t id = 0) {
      tw::Signal x;
      x.at = at_s(s);
      x.kind = k;
      x.app = a;
      x.nudge_id = id;
      x.urgent = k == tw::SignalKind::nudge;
      if (k == tw::SignalKind::context_hint) x.context = tw::Context::waiting;
      return x;
    };
    auto tick = [&](int64_t s, std::vector<tw::Signal> sig = {}) { return e.tick(at_s(s), sig); };
    tick(0, {signal(0, tw::SignalKind::app_focus, feed)});
    for (int64_t s = 1; s <= 60; ++s) tick(s, {signal(s, tw::SignalKind::interaction)});
    tick(61, {signal(61, tw::SignalKind::continue_anyway)});  // the pause is not over
    tick(62, {signal(62, tw::SignalKind::prompt_leave)});
    tick(63, {signal(63, tw::SignalKind::nudge, tw::kNoId, 7)});
    tick(64, {signal(64, tw::SignalKind::nudge_dismiss, tw::kNoId, 7)});
    tick(65, {signal(65, tw::SignalKind::context_hint)});
    tick(66, {signal(66, tw::SignalKind::fill_dismiss)});
    tick(67, {signal(67, tw::SignalKind::block_leave)});  // no block: not offered
    REQUIRE(e.finish(at_s(70)).ok());
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT ifnull(a.name, '-'), x.card, x.answer, x.outcome, x.budget, x.item, x.at_ms "
                             "FROM answer x LEFT JOIN app a ON a.id = x.app_id ORDER BY x.id",
                             -1, &st, nullptr) == SQLITE_OK);
  std::string rows;
  while (sqlite3_step(st) == SQLITE_ROW) {
    for (int c = 0; c < 6; ++c) rows += std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, c))) + " ";
    rows += std::to_string((sqlite3_column_int64(st, 6) - kMonday_ms) / 1000) + "\n";
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  CHECK(rows ==
        "feed friction_prompt continue_anyway pause_not_over feed  61\n"
        "feed friction_prompt prompt_leave prompt_left feed  62\n"
        "feed nudge nudge_dismiss dismissed  7 64\n"
        "feed fill_card fill_dismiss dismissed  w1 66\n"
        "feed block_shield block_leave not_offered   67\n");
}

// Each prompt's exercise, answer, time to decide and return reach the
// ledger; the next start's picker learns on from them.
TEST_CASE("Engine records friction outcomes per exercise and seeds the picker from them", "[engine][exercise]") {
  const std::string path = fresh_path("engine_exercises.db");
  {
    auto created = tw::Engine::create({.policy = policy(), .ledger_path = path});
    REQUIRE(created.ok());
    tw::Engine& e = created.value();
    const tw::AppId feed = e.apps().intern("feed");
    const tw::AppId chat = e.apps().intern("chat");
    auto signal = [](int64_t s, tw::SignalKind k, tw::AppId a = tw::kNoId) {
      tw::Signal x;
      x.at = at_s(s);
      x.kind = k;
      x.app = a;
      return x;
    };
    e.tick(at_s(0), std::vector{signal(0, tw::SignalKind::app_focus, feed)});
    for (int64_t s = 1; s <= 60; ++s) e.tick(at_s(s), std::vector{signal(s, tw::SignalKind::interaction)});
    // The prompt came up at 60 s: left after 6 s, back on the feed 30 s later.
    e.tick(at_s(66), std::vector{signal(66, tw::SignalKind::prompt_leave), signal(66, tw::SignalKind::app_focus, chat)});
    e.tick(at_s(96), std::vector{signal(96, tw::SignalKind::app_focus, feed)});
    // That prompt is let through after 10 s.
    e.tick(at_s(106), std::vector{signal(106, tw::SignalKind::continue_anyway)});
    REQUIRE(e.finish(at_s(110)).ok());
    const auto rows = e.ledger()->exercise_outcomes(kMonday_ms, kMonday_ms + 3'600'000);
    REQUIRE(rows.ok());
    REQUIRE(rows.value().size() == 2);
    const auto& r = rows.value();
    CHECK(r[0].exercise == "wait");
    CHECK(r[0].kind == "wait");
    CHECK(r[0].answer == "left");
    CHECK(r[0].shown_ms == kMonday_ms + 60'000);
    CHECK(r[0].decide_ms == 6'000);
    CHECK(r[0].returned == 1);
    CHECK(r[1].answer == "continued");
    CHECK(r[1].decide_ms == 10'000);
    CHECK(r[1].returned == -1);
  }
  auto again = tw::Engine::create({.policy = policy(), .ledger_path = path});
  REQUIRE(again.ok());
  again.value().start(at_s(200));
  const auto counts = again.value().scheduler().exercise_counts("wait");
  CHECK(counts.left == 1);
  CHECK(counts.answered == 2);
}

namespace {
tw::Signal sig_at(int64_t s, tw::SignalKind k, tw::AppId a = tw::kNoId) {
  tw::Signal x;
  x.at = at_s(s);
  x.kind = k;
  x.app = a;
  return x;
}
}  // namespace

// A prompt still up at finish() is an outcome (open_at_finish); a left whose
// 10 minutes outlive the process is decided at the next start, from the
// ledger, or watched on there; the picker counts the earlier process's picks.
TEST_CASE("Engine: a prompt open at finish is recorded, and a return watch outlives the process",
          "[engine][exercise]") {
  const std::string path = fresh_path("engine_open_at_finish.db");
  {
    auto created = tw::Engine::create({.policy = policy(), .ledger_path = path});
    REQUIRE(created.ok());
    tw::Engine& e = created.value();
    const tw::AppId feed = e.apps().intern("feed");
    e.tick(at_s(0), std::vector{sig_at(0, tw::SignalKind::app_focus, feed)});
    for (int64_t s = 1; s <= 60; ++s) e.tick(at_s(s), std::vector{sig_at(s, tw::SignalKind::interaction)});
    e.tick(at_s(66), std::vector{sig_at(66, tw::SignalKind::prompt_leave), sig_at(66, tw::SignalKind::app_blur, feed)});
    e.tick(at_s(70), std::vector{sig_at(70, tw::SignalKind::app_focus, feed)});  // the prompt again
    e.tick(at_s(73));
    REQUIRE(e.finish(at_s(74)).ok());  // shut down with it up
  }
  auto book = tw::Ledger::open({.path = path}, tw::TimeZone::utc());
  REQUIRE(book.ok());
  auto rows = book.value().exercise_outcomes(kMonday_ms, kMonday_ms + 3'600'000).value();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].answer == "left");
  CHECK(rows[0].returned == 1);  // back at 70 s, in the same process
  CHECK(rows[1].answer == "open_at_finish");
  CHECK(rows[1].shown_ms == kMonday_ms + 70'000);
  CHECK(rows[1].answered_ms == kMonday_ms + 74'000);
  CHECK(rows[1].decide_ms >= 3'000);

  // A second run: left at 200 s, then the process ends within the 10 minutes.
  {
    auto created = tw::Engine::create({.policy = policy(), .ledger_path = path});
    REQUIRE(created.ok());
    tw::Engine& e = created.value();
    e.start(at_s(100));
    CHECK(e.scheduler().exercise_counts("wait").picks == 2);  // the first run's two prompts
    const tw::AppId feed = e.apps().intern("feed");
    e.tick(at_s(100), std::vector{sig_at(100, tw::SignalKind::app_focus, feed)});
    e.tick(at_s(101));  // the budget is spent: the prompt at once
    e.tick(at_s(110), std::vector{sig_at(110, tw::SignalKind::prompt_leave), sig_at(110, tw::SignalKind::app_blur, feed)});
    REQUIRE(e.finish(at_s(111)).ok());
  }
  rows = book.value().exercise_outcomes(kMonday_ms, kMonday_ms + 3'600'000).value();
  REQUIRE(rows.size() == 3);
  CHECK(rows[2].answer == "left");
  CHECK(rows[2].returned == -1);  // undecided at the end of its process

  SECTION("the next start, 2 minutes later, watches on: the wearer comes back") {
    auto created = tw::Engine::create({.policy = policy(), .ledger_path = path});
    REQUIRE(created.ok());
    tw::Engine& e = created.value();
    const tw::AppId feed = e.apps().intern("feed");
    e.tick(at_s(230));
    CHECK(book.value().exercise_outcomes(kMonday_ms, kMonday_ms + 3'600'000).value()[2].returned == -1);
    e.tick(at_s(240), std::vector{sig_at(240, tw::SignalKind::app_focus, feed)});
    REQUIRE(e.finish(at_s(241)).ok());
    CHECK(book.value().exercise_outcomes(kMonday_ms, kMonday_ms + 3'600'000).value()[2].returned == 1);
  }
  SECTION("the next start, 20 minutes later, decides it from the ledger: not back") {
    auto created = tw::Engine::create({.policy = policy(), .ledger_path = path});
    REQUIRE(created.ok());
    created.value().start(at_s(1'310));
    CHECK(book.value().exercise_outcomes(kMonday_ms, kMonday_ms + 3'600'000).value()[2].returned == 0);
  }
}

// A row picked on an intention exercise: recorded with its outcome and as an answer.
TEST_CASE("Engine records the row picked on an intention exercise", "[engine][exercise]") {
  const std::string path = fresh_path("engine_pick.db");
  tw::Policy p = policy();
  p.friction.intentions = {"reply to Ana", "check the train"};
  p.friction.exercises = {{.id = "why", .kind = tw::ExerciseKind::intention, .text = "Why now?"}};
  {
    auto created = tw::Engine::create({.policy = p, .ledger_path = path});
    REQUIRE(created.ok());
    tw::Engine& e = created.value();
    const tw::AppId feed = e.apps().intern("feed");
    e.tick(at_s(0), std::vector{sig_at(0, tw::SignalKind::app_focus, feed)});
    for (int64_t s = 1; s <= 60; ++s) e.tick(at_s(s), std::vector{sig_at(s, tw::SignalKind::interaction)});
    tw::Signal pick = sig_at(63, tw::SignalKind::exercise_pick);
    pick.row = 1;
    e.tick(at_s(63), std::vector{pick});
    e.tick(at_s(66), std::vector{sig_at(66, tw::SignalKind::continue_anyway)});
    REQUIRE(e.finish(at_s(67)).ok());
  }
  auto book = tw::Ledger::open({.path = path}, tw::TimeZone::utc());
  REQUIRE(book.ok());
  const auto rows = book.value().exercise_outcomes(kMonday_ms, kMonday_ms + 3'600'000).value();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].answer == "continued");
  CHECK(rows[0].picked == "check the train");
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT x.card, x.answer, x.outcome, x.item FROM answer x ORDER BY x.id", -1, &st,
                             nullptr) == SQLITE_OK);
  std::string answers;
  while (sqlite3_step(st) == SQLITE_ROW)
    for (int c = 0; c < 4; ++c) answers += std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, c))) + "|";
  sqlite3_finalize(st);
  sqlite3_close(db);
  CHECK(answers == "friction_prompt|exercise_pick|picked|check the train|"
                   "friction_prompt|continue_anyway|bypass_granted||");
}
