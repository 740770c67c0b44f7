// [diversify] reminders: a group's concentration card and an app's reset
// card go out only at a breakpoint, at most as often as the policy says;
// a reset's "Done" restarts its period, "Later" brings it back at a later
// breakpoint, and nothing of it depends on a clock.
#include "tw_catch.hpp"

#include "sim.hpp"

namespace {

using tw::Answer;
using tw::DecisionKind;
using tw::OverlayKind;
using tw::Reason;
using tw::SignalKind;

constexpr double kDay = 24 * sim::kHour;

tw::Policy leisure_policy() {
  tw::Policy p = sim::quiet_policy();
  p.diversify.remind_every_days = 7;
  tw::DiversifyGroup g;
  g.name = "leisure";
  g.categories = {"social", "video"};
  g.max_top_share = 0.6;
  g.min_week_s = 600;  // judged from 10 minutes on
  p.diversify.groups = {g};
  return p;
}

tw::Policy reset_policy() {
  tw::Policy p = sim::quiet_policy();
  p.diversify.resets = {{"video", 30, "Settings > History > Clear"}};
  return p;
}

// The reminder cards delivered over the whole run.
std::vector<tw::Decision> delivered(const sim::Sim& sim) {
  std::vector<tw::Decision> v;
  for (const tw::Decision& d : sim.all)
    if (d.kind == DecisionKind::deliver && d.reminder > 0) v.push_back(d);
  return v;
}

const tw::Overlay* reminder_card(const sim::Sim& sim, int32_t reminder) {
  for (const tw::Overlay& o : sim.last->overlays)
    if (o.kind == OverlayKind::nudge && o.reminder == reminder) return &o;
  return nullptr;
}

tw::Signal answer(sim::Sim& sim, double sec, SignalKind kind, int32_t reminder) {
  tw::Signal x = sim.sig(sec, kind);
  x.reminder = reminder;
  return x;
}

const tw::Decision* last_answer(const sim::Sim& sim) {
  const tw::Decision* a = nullptr;
  for (const tw::Decision& d : sim.last->decisions)
    if (d.kind == DecisionKind::answer) a = &d;
  return a;
}

}  // namespace

TEST_CASE("concentration: a card at the next breakpoint, never mid-task, once per remind_every_days",
          "[scheduler][diversify]") {
  sim::Sim sim(leisure_policy());
  sim.tick(0, {sim.focus(0, "feed")});
  // 12 minutes in the feed: judged (10 min) and all of it one app, but the
  // wearer is in the middle of it: nothing yet.
  sim.run(0, 12 * sim::kMin, 30);
  CHECK(delivered(sim).empty());
  // Switching to the video app is a breakpoint: the card goes out there.
  sim.tick(12 * sim::kMin, {sim.focus(12 * sim::kMin, "video")});
  auto cards = delivered(sim);
  REQUIRE(cards.size() == 1);
  CHECK(cards[0].unix_ms == sim.ms(12 * sim::kMin));
  CHECK(cards[0].reason == Reason::breakpoint_app_switch);
  CHECK(cards[0].reminder == tw::concentration_reminder(0));
  CHECK(cards[0].app == sim.app("feed"));
  const tw::Overlay* o = reminder_card(sim, tw::concentration_reminder(0));
  REQUIRE(o != nullptr);
  CHECK(o->reason == Reason::concentration);
  CHECK(o->used_s == 12 * 60);  // the top app's week, and the group's
  CHECK(o->limit_s == 12 * 60);
  CHECK(o->actions == 0);  // dismiss only
  CHECK(sim.decided_now(DecisionKind::show, OverlayKind::nudge, Reason::concentration));

  // More breakpoints the same week: no second card within 7 days.
  sim.tick(13 * sim::kMin, {sim.focus(13 * sim::kMin, "feed")});
  sim.tick(14 * sim::kMin, {sim.focus(14 * sim::kMin, "chat")});
  CHECK(delivered(sim).size() == 1);

  // A week later (a new week: its own minutes), concentrated again: a new card.
  const double next = 7 * kDay + sim::kHour;
  sim.tick(next, {sim.focus(next, "feed")});
  sim.run(next, next + 11 * sim::kMin, 60);
  sim.tick(next + 11 * sim::kMin, {sim.focus(next + 11 * sim::kMin, "chat")});
  cards = delivered(sim);
  REQUIRE(cards.size() == 2);
  CHECK(cards[1].unix_ms == sim.ms(next + 11 * sim::kMin));
  CHECK(sim.s.reminders().group_reminded_ms(0) == sim.ms(next + 11 * sim::kMin));
}

TEST_CASE("concentration: a varied week, or one too short to judge, gives no card", "[scheduler][diversify]") {
  sim::Sim sim(leisure_policy());
  // 5 min feed: concentrated but below min_week_min.
  sim.tick(0, {sim.focus(0, "feed")});
  sim.tick(5 * sim::kMin, {sim.focus(5 * sim::kMin, "video")});
  CHECK(delivered(sim).empty());
  // 5 min video too: 10 min judged, 50 % each: not above 0.6.
  sim.tick(10 * sim::kMin, {sim.focus(10 * sim::kMin, "chat")});
  CHECK(delivered(sim).empty());
  // Chat is not in the group: more of it changes nothing.
  sim.tick(40 * sim::kMin, {sim.focus(40 * sim::kMin, "feed")});
  CHECK(delivered(sim).empty());
}

TEST_CASE("concentration: no card in a conversation or while the glasses are off",
          "[scheduler][diversify]") {
  sim::Sim sim(leisure_policy());
  sim.tick(0, {sim.focus(0, "feed")});
  sim.run(0, 12 * sim::kMin, 60);
  sim.tick(12 * sim::kMin, {sim.hint(12 * sim::kMin, tw::Context::in_conversation)});
  sim.tick(13 * sim::kMin, {sim.focus(13 * sim::kMin, "chat")});
  CHECK(delivered(sim).empty());  // a breakpoint, but in conversation
  sim.tick(14 * sim::kMin, {sim.hint(14 * sim::kMin, tw::Context::none)});
  sim.tick(15 * sim::kMin, {sim.sig(15 * sim::kMin, SignalKind::not_worn)});
  sim.tick(16 * sim::kMin, {sim.focus(16 * sim::kMin, "feed")});
  CHECK(delivered(sim).empty());  // glasses off
  sim.tick(17 * sim::kMin, {sim.sig(17 * sim::kMin, SignalKind::worn)});
  sim.tick(18 * sim::kMin, {sim.focus(18 * sim::kMin, "chat")});
  REQUIRE(delivered(sim).size() == 1);
  CHECK(delivered(sim)[0].unix_ms == sim.ms(18 * sim::kMin));
}

TEST_CASE("reset: due at once, Later brings it back at a later breakpoint, Done restarts its period",
          "[scheduler][diversify]") {
  sim::Sim sim(reset_policy());
  const int32_t id = tw::reset_reminder(0);
  sim.tick(0, {sim.focus(0, "feed")});
  REQUIRE(delivered(sim).size() == 1);  // never done: the first breakpoint has it
  const tw::Overlay* o = reminder_card(sim, id);
  REQUIRE(o != nullptr);
  CHECK(o->reason == Reason::reset_due);
  CHECK(o->app == sim.app("video"));
  CHECK(o->actions == 2);  // "Done", "Later"
  CHECK(o->nudge_id == 0);

  sim.tick(2, {answer(sim, 2, SignalKind::reminder_later, id)});
  const tw::Decision* a = last_answer(sim);
  REQUIRE(a != nullptr);
  CHECK(a->answer == Answer::reminder_later);
  CHECK(a->reason == Reason::reset_later);
  CHECK(a->reminder == id);
  CHECK(reminder_card(sim, id) == nullptr);
  CHECK(sim.decided_now(DecisionKind::hide, OverlayKind::nudge, Reason::reset_later));

  sim.tick(4);
  CHECK(delivered(sim).size() == 1);  // no breakpoint: it waits
  sim.tick(5, {sim.focus(5, "chat")});
  REQUIRE(delivered(sim).size() == 2);  // the next breakpoint brings it back
  CHECK(reminder_card(sim, id) != nullptr);

  sim.tick(6, {answer(sim, 6, SignalKind::reminder_done, id)});
  a = last_answer(sim);
  REQUIRE(a != nullptr);
  CHECK(a->answer == Answer::reminder_done);
  CHECK(a->reason == Reason::reset_done);
  CHECK(a->app == sim.app("video"));
  CHECK(reminder_card(sim, id) == nullptr);
  CHECK(sim.s.reminders().reset_due_ms(sim.s.policy(), 0) == sim.ms(6) + 30 * 86'400'000LL);

  sim.tick(10, {sim.focus(10, "feed")});
  sim.tick(29 * kDay, {sim.focus(29 * kDay, "chat")});
  CHECK(delivered(sim).size() == 2);  // not before 30 days
  sim.tick(30 * kDay + 7, {sim.focus(30 * kDay + 7, "feed")});
  REQUIRE(delivered(sim).size() == 3);
  CHECK(delivered(sim)[2].unix_ms == sim.ms(30 * kDay + 7));
}

TEST_CASE("reset: dismissed skips a period, unanswered comes back the next local day", "[scheduler][diversify]") {
  sim::Sim sim(reset_policy());
  const int32_t id = tw::reset_reminder(0);
  sim.tick(0, {sim.focus(0, "feed")});
  REQUIRE(delivered(sim).size() == 1);
  // Unanswered: it goes after its 10 s and is not shown again today.
  sim.run(0, 20, 1);
  CHECK(reminder_card(sim, id) == nullptr);
  sim.tick(sim::kHour, {sim.focus(sim::kHour, "chat")});
  CHECK(delivered(sim).size() == 1);
  sim.tick(kDay + 60, {sim.focus(kDay + 60, "feed")});  // the next local day
  REQUIRE(delivered(sim).size() == 2);

  sim.tick(kDay + 61, {answer(sim, kDay + 61, SignalKind::nudge_dismiss, id)});
  const tw::Decision* a = last_answer(sim);
  REQUIRE(a != nullptr);
  CHECK(a->answer == Answer::nudge_dismiss);
  CHECK(a->reason == Reason::dismissed);
  CHECK(a->reminder == id);
  sim.tick(2 * kDay + 60, {sim.focus(2 * kDay + 60, "chat")});
  CHECK(delivered(sim).size() == 2);  // dismissed: not before every_days
  CHECK(sim.s.reminders().reset_due_ms(sim.s.policy(), 0) == sim.ms(kDay + 61) + 30 * 86'400'000LL);
}

TEST_CASE("reset: answers to a card that is not up, or Done on a concentration card, are not offered",
          "[scheduler][diversify]") {
  tw::Policy p = leisure_policy();
  p.diversify.resets = reset_policy().diversify.resets;
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "feed")});  // the reset card
  sim.tick(1, {answer(sim, 1, SignalKind::reminder_done, tw::reset_reminder(3))});  // no such reset
  REQUIRE(last_answer(sim) != nullptr);
  CHECK(last_answer(sim)->reason == Reason::not_offered);
  sim.tick(2, {answer(sim, 2, SignalKind::reminder_done, tw::concentration_reminder(0))});
  CHECK(last_answer(sim)->reason == Reason::not_offered);
  CHECK(reminder_card(sim, tw::reset_reminder(0)) != nullptr);  // still up
  // A host's own nudge dismiss with id 0 does not take the reminder card.
  tw::Signal d = sim.sig(3, SignalKind::nudge_dismiss);
  sim.tick(3, {d});
  CHECK(last_answer(sim)->reason == Reason::not_offered);
  CHECK(reminder_card(sim, tw::reset_reminder(0)) != nullptr);
}

TEST_CASE("reminders: seeded from history, moved by name across a policy swap", "[scheduler][diversify]") {
  tw::Policy p = leisure_policy();
  p.diversify.resets = reset_policy().diversify.resets;
  sim::Sim sim(p);
  // Done 10 days ago; the group reminded 2 days ago.
  sim.s.seed_reminder(tw::ReminderEvent::reset_done, "video", sim.ms(0) - 10 * 86'400'000LL);
  sim.s.seed_reminder(tw::ReminderEvent::concentration, "leisure", sim.ms(0) - 2 * 86'400'000LL);
  sim.tick(0, {sim.focus(0, "feed")});
  sim.run(0, 12 * sim::kMin, 60);
  sim.tick(12 * sim::kMin, {sim.focus(12 * sim::kMin, "chat")});
  CHECK(delivered(sim).empty());
  CHECK(sim.s.reminders().reset_due_ms(sim.s.policy(), 0) == sim.ms(0) + 20 * 86'400'000LL);

  // A reload that reorders the groups and adds a reset keeps both states.
  tw::Policy q = p;
  tw::DiversifyGroup other;
  other.name = "games";
  other.categories = {"games"};
  q.diversify.groups.insert(q.diversify.groups.begin(), other);
  q.diversify.resets.insert(q.diversify.resets.begin(), tw::RecommendationReset{"feed", 7, "Clear it"});
  sim.s.set_policy(q);
  CHECK(sim.s.reminders().group_reminded_ms(1) == sim.ms(0) - 2 * 86'400'000LL);
  CHECK(sim.s.reminders().reset_due_ms(sim.s.policy(), 1) == sim.ms(0) + 20 * 86'400'000LL);
  sim.tick(13 * sim::kMin, {sim.focus(13 * sim::kMin, "feed")});
  const auto cards = delivered(sim);
  REQUIRE(cards.size() == 1);  // only the new reset, never seen
  CHECK(cards[0].reminder == tw::reset_reminder(0));
}

TEST_CASE("reminders: the same signals give the same decisions", "[scheduler][diversify]") {
  auto run = [] {
    tw::Policy p = leisure_policy();
    p.diversify.resets = reset_policy().diversify.resets;
    sim::Sim sim(p);
    sim.tick(0, {sim.focus(0, "feed")});
    sim.run(0, 12 * sim::kMin, 7);
    sim.tick(12 * sim::kMin, {sim.focus(12 * sim::kMin, "video")});
    std::string text = sim.text;
    for (const tw::Decision& d : sim.all) text += std::to_string(d.reminder) + ' ';
    return text;
  };
  const std::string a = run();
  CHECK(a == run());
  CHECK(a.find("concentration") != std::string::npos);
  CHECK(a.find("reset_due") != std::string::npos);
}
