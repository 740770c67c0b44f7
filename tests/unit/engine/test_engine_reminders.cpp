// Engine: the [diversify] reminders in the ledger (schema v11). Each card
// delivered and each answer to a reset card is a reminder row; a restart
// seeds the scheduler from them, so a reset marked done stays done and a
// concentration card is not repeated before remind_every_days.
#include "tw_catch.hpp"

#include <filesystem>
#include <string>

#include "core/engine/engine.hpp"

namespace {

constexpr int64_t kMonday_ms = 1'795'392'000'000;  // 2026-11-23 00:00 UTC

tw::Instant at_s(int64_t s) { return {s * 1'000'000'000, kMonday_ms + s * 1000}; }

tw::Policy policy() {
  tw::Policy p;
  p.attention.afk_after_s = 3600;
  p.idle.min_idle_s = 3000;
  p.apps = {{"feed", "social"}, {"clips", "video"}, {"chat", "messaging"}};
  tw::DiversifyGroup g;
  g.name = "leisure";
  g.categories = {"social", "video"};
  g.max_top_share = 0.6;
  g.min_week_s = 600;
  p.diversify.groups = {g};
  p.diversify.resets = {{"clips", 30, "Settings > History > Clear"}};
  return p;
}

std::string fresh_path(const char* name) {
  const std::string path = std::string(TW_BINARY_DIR) + "/" + name;
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  return path;
}

struct Run {
  explicit Run(const std::string& path) : engine(tw::Engine::create({.policy = policy(), .ledger_path = path}).value()) {}
  tw::Signal sig(int64_t s, tw::SignalKind k, const char* app = nullptr) {
    tw::Signal x;
    x.at = at_s(s);
    x.kind = k;
    if (app) x.app = engine.apps().intern(app);
    return x;
  }
  // The reminder cards this tick delivered.
  std::vector<int32_t> tick(int64_t s, std::vector<tw::Signal> signals = {}) {
    std::vector<int32_t> cards;
    for (const tw::Decision& d : engine.tick(at_s(s), signals).decisions)
      if (d.kind == tw::DecisionKind::deliver && d.reminder > 0) cards.push_back(d.reminder);
    return cards;
  }
  tw::Engine engine;
};

}  // namespace

TEST_CASE("Engine records reminders and answers, and a restart keeps a reset done", "[engine][diversify]") {
  const std::string path = fresh_path("engine_reminders.db");
  const int32_t reset = tw::reset_reminder(0);
  {
    Run r(path);
    CHECK(r.tick(0, {r.sig(0, tw::SignalKind::app_focus, "feed")}) == std::vector<int32_t>{reset});
    tw::Signal done = r.sig(3, tw::SignalKind::reminder_done);
    done.reminder = reset;
    r.tick(3, {done});
    for (int64_t s = 60; s <= 720; s += 60) r.tick(s);
    CHECK(r.tick(720, {r.sig(720, tw::SignalKind::app_focus, "chat")}) ==
          std::vector<int32_t>{tw::concentration_reminder(0)});
    REQUIRE(r.engine.finish(at_s(721)).ok());
    auto rows = r.engine.ledger()->reminders(INT64_MIN, INT64_MAX);
    REQUIRE(rows.ok());
    REQUIRE(rows.value().size() == 3);
    CHECK(rows.value()[0].kind == "reset_shown");
    CHECK(rows.value()[0].subject == "clips");
    CHECK(rows.value()[0].at_ms == kMonday_ms);
    CHECK(rows.value()[1].kind == "reset_done");
    CHECK(rows.value()[1].at_ms == kMonday_ms + 3000);
    CHECK(rows.value()[2].kind == "concentration");
    CHECK(rows.value()[2].subject == "leisure");
    CHECK(rows.value()[2].app == "feed");
    CHECK(rows.value()[2].top_ms == 720'000);
    CHECK(rows.value()[2].group_ms == 720'000);
  }
  {
    // A restart the same week: neither card comes back at its breakpoints.
    Run r(path);
    CHECK(r.tick(800, {r.sig(800, tw::SignalKind::app_focus, "feed")}).empty());
    CHECK(r.tick(900, {r.sig(900, tw::SignalKind::app_focus, "chat")}).empty());
    CHECK(r.engine.scheduler().reminders().reset_due_ms(r.engine.policy(), 0) == kMonday_ms + 3000 + 30 * 86'400'000LL);
    REQUIRE(r.engine.finish(at_s(901)).ok());
  }
}

TEST_CASE("Engine: a reset left unanswered, or put off with Later, is due again after a restart", "[engine][diversify]") {
  const std::string path = fresh_path("engine_reminders_later.db");
  const int32_t reset = tw::reset_reminder(0);
  {
    Run r(path);
    CHECK(r.tick(0, {r.sig(0, tw::SignalKind::app_focus, "chat")}) == std::vector<int32_t>{reset});
    tw::Signal later = r.sig(2, tw::SignalKind::reminder_later);
    later.reminder = reset;
    r.tick(2, {later});
    REQUIRE(r.engine.finish(at_s(3)).ok());
  }
  {
    Run r(path);
    CHECK(r.tick(10, {r.sig(10, tw::SignalKind::app_focus, "feed")}) == std::vector<int32_t>{reset});
    REQUIRE(r.engine.finish(at_s(30)).ok());  // unanswered
  }
  {
    Run r(path);  // the same day: not again; the next day: again
    CHECK(r.tick(40, {r.sig(40, tw::SignalKind::app_focus, "chat")}).empty());
    CHECK(r.tick(86'400 + 5, {r.sig(86'400 + 5, tw::SignalKind::app_focus, "feed")}) == std::vector<int32_t>{reset});
  }
}
