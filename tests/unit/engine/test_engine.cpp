// Engine: scheduler + ledger. What it records (attended time, idle moments,
// friction outcomes, bypasses, blocks), the day report the demo prints, and
// seeding usage from the ledger after a restart.
#include "tw_catch.hpp"

#include <filesystem>
#include <string>

#include "core/engine/engine.hpp"

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
  p.friction.exercises = {{"breathe", tw::ExerciseKind::breathing, "Breathe"}};
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
