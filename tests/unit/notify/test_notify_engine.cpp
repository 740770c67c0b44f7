// The notification firewall in the Engine: each notification routed by the
// policy, deferred to a breakpoint within max_defer_s, held through sleep,
// critical passing (but not while walking), flood-batched, expired, closed,
// answered; every step in the ledger, and nothing lost across a restart.
#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/engine/engine.hpp"
#include "tw_catch.hpp"

namespace {

constexpr int64_t kMonday_ms = 1'795'392'000'000;  // 2026-11-23 00:00 UTC
constexpr int64_t kNoon_s = 12 * 3600;

tw::Instant at_s(double s) {
  const auto ns = static_cast<int64_t>(s * 1e9);
  return {ns, kMonday_ms + ns / 1'000'000};
}

tw::Policy policy() {
  tw::Policy p;
  p.attention.afk_after_s = 3600;
  p.idle.min_idle_s = 3000;
  p.apps = {{"editor", "work"}, {"chat", "messaging"}, {"feed", "social"}, {"family", "messaging"}};
  p.deferral.max_defer_s = 120;
  tw::ProtectedWindow sleep;
  sleep.name = "sleep";
  sleep.kind = tw::WindowKind::sleep;
  sleep.start = 23 * 60;
  sleep.end = 7 * 60;
  p.windows = {sleep};
  p.notifications.flood_per_min = 5;
  p.notifications.rules = {{.app = "family", .route = tw::NotifyRoute::deliver},
                           {.app = "feed", .route = tw::NotifyRoute::drop},
                           {.category = "messaging", .route = tw::NotifyRoute::hold}};
  return p;
}

std::string fresh_path(const char* name) {
  const std::string path = std::string(TW_BINARY_DIR) + "/" + name;
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  return path;
}

tw::Notification note(const char* app, const char* summary, int urgency = 1, int32_t expire_ms = -1,
                      std::vector<std::string_view> actions = {}) {
  return tw::clean_notification(
      {.app_name = app, .summary = summary, .urgency = urgency, .actions = actions, .expire_timeout_ms = expire_ms});
}

struct Fixture {
  explicit Fixture(const std::string& path, tw::Policy p = policy()) {
    auto e = tw::Engine::create({.policy = std::move(p), .ledger_path = path});
    REQUIRE(e.ok());
    engine.emplace(std::move(e).value());
  }
  const tw::TickOutput& tick(double s, std::vector<tw::Signal> sig = {}) {
    const tw::TickOutput& out = engine->tick(at_s(s), sig);
    for (tw::InboxEvent& ev : engine->take_notify_events()) events.push_back(std::move(ev));
    return out;
  }
  uint32_t notify(double s, tw::Notification n) {
    auto id = engine->notify(std::move(n), at_s(s));
    REQUIRE(id.ok());
    for (tw::InboxEvent& ev : engine->take_notify_events()) events.push_back(std::move(ev));
    return id.value();
  }
  tw::Signal sig(double s, tw::SignalKind kind, const char* app = nullptr) {
    tw::Signal x;
    x.at = at_s(s);
    x.kind = kind;
    if (app) x.app = engine->apps().intern(app);
    return x;
  }
  bool shows(uint32_t id) const {
    for (const tw::Overlay& o : last_overlays)
      if (o.kind == tw::OverlayKind::nudge && o.nudge_id == tw::notify_nudge_id(id)) return true;
    return false;
  }
  const tw::InboxEvent* event(uint32_t id, tw::InboxEventKind kind) const {
    for (const tw::InboxEvent& e : events)
      if (e.id == id && e.kind == kind) return &e;
    return nullptr;
  }
  void run(double s, std::vector<tw::Signal> sig = {}) { last_overlays = tick(s, std::move(sig)).overlays; }

  std::optional<tw::Engine> engine;
  std::vector<tw::InboxEvent> events;
  std::vector<tw::Overlay> last_overlays;
};

}  // namespace

TEST_CASE("a mid-task notification waits for the next breakpoint, within max_defer_s", "[notify][engine]") {
  Fixture f(fresh_path("notify_breakpoint.db"));
  f.run(kNoon_s, {f.sig(kNoon_s, tw::SignalKind::app_focus, "editor")});
  const uint32_t id = f.notify(kNoon_s + 10, note("mail", "Invoice"));
  f.run(kNoon_s + 10);
  const tw::InboxEvent* held = f.event(id, tw::InboxEventKind::held);
  REQUIRE(held);
  CHECK(held->reason == tw::Reason::awaiting_breakpoint);
  CHECK(!f.shows(id));
  f.run(kNoon_s + 40, {f.sig(kNoon_s + 40, tw::SignalKind::interaction, "editor")});
  CHECK(!f.shows(id));
  // The wearer switches app at +50 s: a breakpoint.
  f.run(kNoon_s + 50, {f.sig(kNoon_s + 50, tw::SignalKind::app_focus, "chat")});
  const tw::InboxEvent* delivered = f.event(id, tw::InboxEventKind::delivered);
  REQUIRE(delivered);
  CHECK(delivered->reason == tw::Reason::breakpoint_app_switch);
  CHECK(delivered->at_ms == at_s(kNoon_s + 50).unix_ms);
  CHECK(f.shows(id));
  // The card's visible time ends: closed, expired.
  f.run(kNoon_s + 70);
  CHECK(!f.shows(id));
  const tw::InboxEvent* closed = f.event(id, tw::InboxEventKind::closed);
  REQUIRE(closed);
  CHECK(closed->close == tw::CloseReason::expired);

  // No breakpoint at all: delivered at the bound, to the millisecond.
  const uint32_t id2 = f.notify(kNoon_s + 100, note("mail", "Reminder"));
  f.run(kNoon_s + 101);
  f.run(kNoon_s + 219);
  CHECK(!f.event(id2, tw::InboxEventKind::delivered));
  f.run(kNoon_s + 300);
  const tw::InboxEvent* bound = f.event(id2, tw::InboxEventKind::delivered);
  REQUIRE(bound);
  CHECK(bound->reason == tw::Reason::deferral_bound);
  CHECK(bound->at_ms == at_s(kNoon_s + 220).unix_ms);
}

TEST_CASE("a notification during the sleep window waits for its end, critical passes, hold holds it",
          "[notify][engine]") {
  Fixture f(fresh_path("notify_sleep.db"));
  f.run(3600);  // 01:00, inside sleep 23:00 -> 07:00
  const uint32_t normal = f.notify(3600, note("mail", "Newsletter"));
  const uint32_t critical = f.notify(3601, note("mail", "Server down", 2));
  const uint32_t held_critical = f.notify(3602, note("chat", "Call me", 2));  // messaging: hold
  f.run(3603);
  CHECK(f.event(normal, tw::InboxEventKind::held)->reason == tw::Reason::sleep_window);
  CHECK(f.event(critical, tw::InboxEventKind::delivered)->reason == tw::Reason::urgent);
  CHECK(f.shows(critical));
  CHECK(f.event(held_critical, tw::InboxEventKind::held)->reason == tw::Reason::sleep_window);
  f.run(7 * 3600 - 1);
  CHECK(!f.event(normal, tw::InboxEventKind::delivered));
  f.run(7 * 3600 + 1);
  // Overdue when the window ends: delivered at its end.
  for (const uint32_t id : {normal, held_critical}) {
    const tw::InboxEvent* d = f.event(id, tw::InboxEventKind::delivered);
    REQUIRE(d);
    CHECK(d->at_ms == at_s(7 * 3600).unix_ms);
  }
}

TEST_CASE("critical passes as urgent, but not while the wearer walks", "[notify][engine]") {
  Fixture f(fresh_path("notify_walk.db"));
  f.run(kNoon_s, {f.sig(kNoon_s, tw::SignalKind::app_focus, "editor")});
  tw::Signal walk = f.sig(kNoon_s + 1, tw::SignalKind::head_motion);
  walk.linear_mps = 1.4f;
  f.run(kNoon_s + 1, {walk});
  const uint32_t id = f.notify(kNoon_s + 2, note("mail", "Fire alarm", 2));
  f.run(kNoon_s + 3, {walk});
  CHECK(f.event(id, tw::InboxEventKind::delivered));
  CHECK(!f.shows(id));  // held by motion
  tw::Signal still = f.sig(kNoon_s + 4, tw::SignalKind::head_motion);
  f.run(kNoon_s + 4, {still});
  f.run(kNoon_s + 7);
  CHECK(f.shows(id));
}

TEST_CASE("deliver and drop rules, the sender closes, an action answers and closes", "[notify][engine]") {
  Fixture f(fresh_path("notify_rules.db"));
  f.run(kNoon_s, {f.sig(kNoon_s, tw::SignalKind::app_focus, "editor")});
  const uint32_t family = f.notify(kNoon_s + 1, note("Family", "Dinner?", 0, -1, {"yes", "Yes", "no", "No"}));
  const uint32_t feed = f.notify(kNoon_s + 1, note("feed", "Someone liked", 2));
  const uint32_t mail = f.notify(kNoon_s + 1, note("mail", "Later"));
  f.run(kNoon_s + 2);
  CHECK(f.shows(family));
  CHECK(f.event(feed, tw::InboxEventKind::dropped)->close == tw::CloseReason::dismissed);
  CHECK(!f.event(feed, tw::InboxEventKind::held));
  // An action on a card that does not show, or a key it lacks: refused.
  CHECK(f.engine->invoke_action(mail, "default", at_s(kNoon_s + 3)).error().code == tw::Errc::not_found);
  CHECK(f.engine->invoke_action(family, "maybe", at_s(kNoon_s + 3)).error().code == tw::Errc::not_found);
  REQUIRE(f.engine->invoke_action(family, "yes", at_s(kNoon_s + 3)).ok());
  f.run(kNoon_s + 3);
  CHECK(f.event(family, tw::InboxEventKind::action)->action_key == "yes");
  CHECK(f.event(family, tw::InboxEventKind::closed)->close == tw::CloseReason::dismissed);
  CHECK(!f.shows(family));
  REQUIRE(f.engine->close_notification(mail, at_s(kNoon_s + 4)).ok());
  f.run(kNoon_s + 4);
  CHECK(f.event(mail, tw::InboxEventKind::closed)->close == tw::CloseReason::closed_by_call);
  CHECK(f.engine->close_notification(mail, at_s(kNoon_s + 5)).error().code == tw::Errc::not_found);
  f.run(kNoon_s + 500);
  CHECK(!f.event(mail, tw::InboxEventKind::delivered));
}

TEST_CASE("a waiting notification expires at its timeout", "[notify][engine]") {
  Fixture f(fresh_path("notify_expire.db"));
  f.run(3600);
  const uint32_t id = f.notify(3600, note("mail", "Flash sale", 1, 30'000));
  f.run(3629);
  CHECK(!f.event(id, tw::InboxEventKind::expired));
  f.run(3630);
  REQUIRE(f.event(id, tw::InboxEventKind::expired));
  f.run(8 * 3600);
  CHECK(!f.event(id, tw::InboxEventKind::delivered));
}

TEST_CASE("a flood from one app is batched onto one card and none is lost", "[notify][engine]") {
  const std::string path = fresh_path("notify_flood.db");
  Fixture f(path);
  f.run(kNoon_s, {f.sig(kNoon_s, tw::SignalKind::app_focus, "editor")});
  std::vector<uint32_t> ids;
  for (int i = 0; i < 1000; ++i) ids.push_back(f.notify(kNoon_s + 1, note("spammer", "buy", 2)));
  f.run(kNoon_s + 1);
  int urgent = 0, batched = 0;
  for (const uint32_t id : ids) {
    if (const tw::InboxEvent* d = f.event(id, tw::InboxEventKind::delivered); d && d->reason == tw::Reason::urgent)
      ++urgent;
    if (f.event(id, tw::InboxEventKind::batched)) ++batched;
  }
  CHECK(urgent == 5);  // the bucket: flood_per_min
  CHECK(batched == 995);
  CHECK(f.engine->inbox().on_card(ids[5]) == 995);
  f.run(kNoon_s + 30, {f.sig(kNoon_s + 30, tw::SignalKind::app_focus, "chat")});
  int delivered = 0;
  for (const uint32_t id : ids) delivered += f.event(id, tw::InboxEventKind::delivered) != nullptr;
  CHECK(delivered == 1000);
  REQUIRE(f.engine->finish(at_s(kNoon_s + 30)).ok());
  auto tally = f.engine->ledger()->notification_tallies(kMonday_ms, kMonday_ms + 86'400'000);
  REQUIRE(tally.ok());
  REQUIRE(tally.value().size() == 1);
  const tw::NotificationTally& t = tally.value()[0];
  CHECK(t.app == "spammer");
  CHECK(t.received == 1000);
  CHECK(t.batched == 995);
  CHECK(t.delivered == 1000);
  CHECK(t.interruptions == 5);  // five urgent cards; the batch came at a breakpoint
}

TEST_CASE("pending notifications survive a restart and keep their bound", "[notify][engine][restart]") {
  const std::string path = fresh_path("notify_restart.db");
  uint32_t waiting = 0, shown = 0, expiring = 0;
  {
    Fixture f(path);
    f.run(kNoon_s, {f.sig(kNoon_s, tw::SignalKind::app_focus, "editor")});
    waiting = f.notify(kNoon_s + 10, note("mail", "Invoice"));
    expiring = f.notify(kNoon_s + 10, note("mail", "Soon gone", 1, 60'000));
    shown = f.notify(kNoon_s + 10, note("Family", "Hi"));
    f.run(kNoon_s + 11);
    REQUIRE(f.shows(shown));
    // The process dies here: no finish(), nothing more committed.
    f.engine->ledger();
    std::filesystem::copy_file(path, path + ".crash", std::filesystem::copy_options::overwrite_existing);
    if (std::filesystem::exists(path + "-wal"))
      std::filesystem::copy_file(path + "-wal", path + ".crash-wal", std::filesystem::copy_options::overwrite_existing);
  }
  Fixture g(path + ".crash");
  g.run(kNoon_s + 40, {g.sig(kNoon_s + 40, tw::SignalKind::app_focus, "editor")});
  CHECK(g.event(shown, tw::InboxEventKind::closed));
  CHECK(!g.event(waiting, tw::InboxEventKind::delivered));
  CHECK(!g.event(waiting, tw::InboxEventKind::received));  // not received twice
  g.run(kNoon_s + 69);
  CHECK(!g.event(expiring, tw::InboxEventKind::expired));
  g.run(kNoon_s + 71);
  CHECK(g.event(expiring, tw::InboxEventKind::expired));
  // Bound: received at +10, so delivered by +130 as if nothing happened.
  g.run(kNoon_s + 200);
  const tw::InboxEvent* d = g.event(waiting, tw::InboxEventKind::delivered);
  REQUIRE(d);
  CHECK(d->reason == tw::Reason::deferral_bound);
  CHECK(d->at_ms == at_s(kNoon_s + 130).unix_ms);
  // New ids continue after the old ones.
  CHECK(g.notify(kNoon_s + 201, note("mail", "next")) == shown + 1);
}

// An app's engine (the OpenXR layer's) shares the ledger with the engine
// that receives notifications (timewall serve's): it must not take over the
// notifications that one holds open; a restarted server must.
TEST_CASE("an engine that does not restore notifications leaves another writer's open ones alone",
          "[notify][engine][restart]") {
  const std::string path = fresh_path("notify_shared.db");
  Fixture server(path);
  server.run(kNoon_s, {server.sig(kNoon_s, tw::SignalKind::app_focus, "editor")});
  const uint32_t waiting = server.notify(kNoon_s + 10, note("mail", "Invoice"));
  const uint32_t shown = server.notify(kNoon_s + 10, note("Family", "Hi"));
  server.run(kNoon_s + 11);
  REQUIRE(server.shows(shown));
  const auto open_states = [&] {
    auto reader = tw::Ledger::open({.path = path}, tw::TimeZone::utc());
    REQUIRE(reader.ok());
    auto open = reader.value().open_notifications();
    REQUIRE(open.ok());
    std::map<int64_t, bool> states;
    for (const tw::OpenNotification& o : open.value()) states[o.id] = o.shown;
    return states;
  };
  REQUIRE(open_states() == std::map<int64_t, bool>{{waiting, false}, {shown, true}});
  {
    auto app = tw::Engine::create({.policy = policy(), .ledger_path = path, .restore_notifications = false});
    REQUIRE(app.ok());
    app.value().tick(at_s(kNoon_s + 12), {});
    CHECK(app.value().take_notify_events().empty());
    CHECK(app.value().finish(at_s(kNoon_s + 13)).ok());
  }
  CHECK(open_states() == std::map<int64_t, bool>{{waiting, false}, {shown, true}});
  {
    auto restarted = tw::Engine::create({.policy = policy(), .ledger_path = path});
    REQUIRE(restarted.ok());
    restarted.value().tick(at_s(kNoon_s + 14), {});
    const auto events = restarted.value().take_notify_events();
    CHECK(std::any_of(events.begin(), events.end(),
                      [&](const tw::InboxEvent& e) { return e.id == shown && e.kind == tw::InboxEventKind::closed; }));
    CHECK(restarted.value().finish(at_s(kNoon_s + 15)).ok());
  }
  CHECK(open_states() == std::map<int64_t, bool>{{waiting, false}});
}

TEST_CASE("the wearer dismissing a notification's card closes it as dismissed, not expired", "[notify][engine]") {
  Fixture f(fresh_path("notify_dismiss.db"));
  f.run(kNoon_s, {f.sig(kNoon_s, tw::SignalKind::app_focus, "editor")});
  const uint32_t id = f.notify(kNoon_s + 1, note("Family", "Dinner?"));
  f.run(kNoon_s + 2);
  REQUIRE(f.shows(id));
  tw::Signal dismiss = f.sig(kNoon_s + 3, tw::SignalKind::nudge_dismiss);
  dismiss.nudge_id = tw::notify_nudge_id(id);
  f.run(kNoon_s + 3, {dismiss});
  CHECK(!f.shows(id));
  const tw::InboxEvent* closed = f.event(id, tw::InboxEventKind::closed);
  REQUIRE(closed);
  CHECK(closed->close == tw::CloseReason::dismissed);
  CHECK(closed->at_ms == at_s(kNoon_s + 3).unix_ms);
  // Control: a card left alone still ends as expired when its time is up.
  const uint32_t other = f.notify(kNoon_s + 4, note("Family", "Later?"));
  f.run(kNoon_s + 5);
  REQUIRE(f.shows(other));
  f.run(kNoon_s + 60);
  REQUIRE(f.event(other, tw::InboxEventKind::closed));
  CHECK(f.event(other, tw::InboxEventKind::closed)->close == tw::CloseReason::expired);
}

TEST_CASE("replaces_id of an open notification keeps its id and replaces its content", "[notify][engine]") {
  const std::string path = fresh_path("notify_replace.db");
  uint32_t waiting = 0, shown = 0;
  {
    Fixture f(path);
    f.run(kNoon_s, {f.sig(kNoon_s, tw::SignalKind::app_focus, "editor")});
    waiting = f.notify(kNoon_s + 1, note("mail", "1 new mail"));
    shown = f.notify(kNoon_s + 1, note("Family", "Dinner?", 1, -1, {"yes", "Yes"}));
    f.run(kNoon_s + 2);
    REQUIRE(f.shows(shown));
    // Waiting: same id, new content, still waiting for its breakpoint.
    auto r = f.engine->notify(note("mail", "2 new mails"), at_s(kNoon_s + 3), waiting);
    REQUIRE(r.ok());
    CHECK(r.value() == waiting);
    CHECK(f.engine->inbox().find(waiting)->content.summary == "2 new mails");
    CHECK(f.engine->inbox().find(waiting)->state == tw::NotifyState::pending);
    // Shown: same id, the card shows the new text and actions.
    auto s = f.engine->notify(note("Family", "Dinner at 8?", 1, -1, {"ok", "OK"}), at_s(kNoon_s + 3), shown);
    REQUIRE(s.ok());
    CHECK(s.value() == shown);
    CHECK(f.engine->inbox().find(shown)->content.summary == "Dinner at 8?");
    CHECK(f.engine->invoke_action(shown, "yes", at_s(kNoon_s + 4)).error().code == tw::Errc::not_found);
    f.run(kNoon_s + 4);
    CHECK(f.shows(shown));
    for (const tw::InboxEvent& e : f.events) CHECK(!(e.id == waiting && e.ends()));
    CHECK(f.event(waiting, tw::InboxEventKind::replaced));
    // Gone (or never there): a new id.
    auto fresh = f.engine->notify(note("mail", "new"), at_s(kNoon_s + 5), 999);
    REQUIRE(fresh.ok());
    CHECK(fresh.value() == shown + 1);
    REQUIRE(f.engine->finish(at_s(kNoon_s + 5)).ok());
  }
  // The ledger holds the replaced content: a restart delivers "2 new mails".
  Fixture g(path);
  g.run(kNoon_s + 40, {g.sig(kNoon_s + 40, tw::SignalKind::app_focus, "editor")});
  REQUIRE(g.engine->inbox().find(waiting));
  CHECK(g.engine->inbox().find(waiting)->content.summary == "2 new mails");
  g.run(kNoon_s + 200);
  const tw::InboxEvent* d = g.event(waiting, tw::InboxEventKind::delivered);
  REQUIRE(d);
  CHECK(d->at_ms == at_s(kNoon_s + 121).unix_ms);
}
