// The wearer's answers to cards: each gives one answer decision, with what
// came of it; "leave" is the host's cue (wearer_left), "extend" on a block
// runs through a friction prompt, "dismiss" puts a nudge or fill card away.
#include "tw_catch.hpp"

#include "sim.hpp"

namespace {

using tw::Answer;
using tw::DecisionKind;
using tw::OverlayKind;
using tw::Reason;
using tw::SignalKind;

tw::Budget app_budget(const char* id, const char* app, int64_t limit_s, tw::LimitAction action) {
  tw::Budget b;
  b.id = id;
  b.scope = tw::BudgetScope::app;
  b.target = app;
  b.limit_s = limit_s;
  b.warn_at = {};
  b.at_limit = action;
  return b;
}

// The answer decisions of the last tick.
std::vector<tw::Decision> answers(const sim::Sim& sim) {
  std::vector<tw::Decision> v;
  for (const tw::Decision& d : sim.last->decisions)
    if (d.kind == DecisionKind::answer) v.push_back(d);
  return v;
}

tw::Signal nudge_dismiss(sim::Sim& sim, double sec, uint32_t id) {
  tw::Signal x = sim.sig(sec, SignalKind::nudge_dismiss);
  x.nudge_id = id;
  return x;
}

}  // namespace

TEST_CASE("friction answers: one answer decision each, leave is the host's cue", "[scheduler][answer]") {
  tw::Policy p = sim::quiet_policy();
  p.budgets = {app_budget("feed", "feed", 10, tw::LimitAction::friction)};
  p.friction.pause_s = 5;
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "feed")});
  sim.tick(10);
  REQUIRE(sim.overlay(OverlayKind::friction_prompt) != nullptr);

  sim.tick(11, {sim.sig(11, SignalKind::continue_anyway)});
  auto a = answers(sim);
  REQUIRE(a.size() == 1);
  CHECK(a[0].answer == Answer::continue_anyway);
  CHECK(a[0].overlay == OverlayKind::friction_prompt);
  CHECK(a[0].reason == Reason::pause_not_over);
  CHECK(a[0].budget == 0);
  CHECK_FALSE(tw::wearer_left(a[0]));

  sim.tick(12, {sim.sig(12, SignalKind::prompt_leave)});
  a = answers(sim);
  REQUIRE(a.size() == 1);
  CHECK(a[0].answer == Answer::prompt_leave);
  CHECK(a[0].reason == Reason::prompt_left);
  CHECK(a[0].app == sim.app("feed"));
  CHECK(tw::wearer_left(a[0]));
  CHECK(sim.decided_now(DecisionKind::hide, OverlayKind::friction_prompt, Reason::prompt_left));

  // A second "leave" with no prompt up: not offered, and not a cue to end anything.
  sim.tick(13, {sim.sig(13, SignalKind::prompt_leave)});
  a = answers(sim);
  REQUIRE(a.size() == 1);
  CHECK(a[0].reason == Reason::not_offered);
  CHECK_FALSE(tw::wearer_left(a[0]));
}

TEST_CASE("block: leave is the cue, other answers to it are not", "[scheduler][answer]") {
  tw::Policy p = sim::quiet_policy();
  p.budgets = {app_budget("game", "game", 10, tw::LimitAction::block)};
  p.budgets[0].max_extensions = 0;  // a hard block: no "extend"
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "game")});
  sim.tick(10);
  const tw::Overlay* shield = sim.overlay(OverlayKind::block_shield);
  REQUIRE(shield != nullptr);
  CHECK_FALSE(shield->bypass_available);

  sim.tick(11, {sim.sig(11, SignalKind::block_extend)});
  auto a = answers(sim);
  REQUIRE(a.size() == 1);
  CHECK(a[0].answer == Answer::block_extend);
  CHECK(a[0].reason == Reason::not_offered);
  CHECK(sim.overlay(OverlayKind::block_shield) != nullptr);
  CHECK(sim.overlay(OverlayKind::friction_prompt) == nullptr);

  sim.tick(12, {sim.sig(12, SignalKind::block_leave)});
  a = answers(sim);
  REQUIRE(a.size() == 1);
  CHECK(a[0].answer == Answer::block_leave);
  CHECK(a[0].overlay == OverlayKind::block_shield);
  CHECK(a[0].reason == Reason::block_left);
  CHECK(tw::wearer_left(a[0]));
  CHECK(sim.s.blocks(sim.app("game")));  // leaving ends nothing in the core: the host ends the session

  // "Leave" on a block while none is in force: not offered.
  sim.tick(13, {sim.focus(13, "chat"), sim.sig(13, SignalKind::block_leave)});
  a = answers(sim);
  REQUIRE(a.size() == 1);
  CHECK(a[0].reason == Reason::not_offered);
  CHECK_FALSE(tw::wearer_left(a[0]));
}

TEST_CASE("block: extend opens a friction prompt whose continue grants the extension", "[scheduler][answer]") {
  tw::Policy p = sim::quiet_policy();
  p.budgets = {app_budget("game", "game", 10, tw::LimitAction::block)};
  p.budgets[0].extension_s = 20;
  p.budgets[0].max_extensions = 1;
  p.friction.pause_s = 5;
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "game")});
  sim.tick(10);
  const tw::Overlay* shield = sim.overlay(OverlayKind::block_shield);
  REQUIRE(shield != nullptr);
  CHECK(shield->bypass_available);  // "extend" is offered

  sim.tick(11, {sim.sig(11, SignalKind::block_extend)});
  auto a = answers(sim);
  REQUIRE(a.size() == 1);
  CHECK(a[0].reason == Reason::extension_requested);
  CHECK_FALSE(tw::wearer_left(a[0]));
  // The prompt stands in for the shield; the block stays in force meanwhile.
  const tw::Overlay* prompt = sim.overlay(OverlayKind::friction_prompt);
  REQUIRE(prompt != nullptr);
  CHECK(prompt->reason == Reason::extension_requested);
  CHECK(prompt->budget == 0);
  CHECK(prompt->countdown_s == 5);
  CHECK_FALSE(prompt->bypass_available);
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
  CHECK(sim.decided_now(DecisionKind::hide, OverlayKind::block_shield, Reason::extension_requested));
  CHECK(sim.decided_now(DecisionKind::show, OverlayKind::friction_prompt, Reason::extension_requested));
  CHECK(sim.s.blocks(sim.app("game")));

  // Asked again while it is up: the same prompt.
  sim.tick(12, {sim.sig(12, SignalKind::block_extend)});
  CHECK(answers(sim).at(0).reason == Reason::extension_requested);
  CHECK(sim.overlay(OverlayKind::friction_prompt)->countdown_s == 4);

  // "Continue" before the pause ran its course is refused.
  sim.tick(13, {sim.sig(13, SignalKind::continue_anyway)});
  CHECK(answers(sim).at(0).reason == Reason::pause_not_over);
  sim.run(13, 16);
  REQUIRE(sim.overlay(OverlayKind::friction_prompt) != nullptr);
  CHECK(sim.overlay(OverlayKind::friction_prompt)->bypass_available);

  // After it: granted, the block lifts for extension_s of use.
  sim.tick(17, {sim.sig(17, SignalKind::continue_anyway)});
  a = answers(sim);
  REQUIRE(a.size() == 1);
  CHECK(a[0].answer == Answer::continue_anyway);
  CHECK(a[0].reason == Reason::bypass_granted);
  CHECK(sim.decided_now(DecisionKind::extend, OverlayKind::friction_prompt, Reason::bypass_granted));
  CHECK(sim.s.extensions_used(0) == 1);
  CHECK_FALSE(sim.s.blocks(sim.app("game")));
  CHECK(sim.overlay(OverlayKind::block_shield) == nullptr);
  CHECK(sim.overlay(OverlayKind::friction_prompt) == nullptr);
  CHECK(sim.overlay(OverlayKind::budget_ring)->limit_s == 30);

  // The extension used up: blocked again, with no extension left.
  sim.run(17, 30);
  CHECK(sim.s.blocks(sim.app("game")));
  shield = sim.overlay(OverlayKind::block_shield);
  REQUIRE(shield != nullptr);
  CHECK_FALSE(shield->bypass_available);
  sim.tick(31, {sim.sig(31, SignalKind::block_extend)});
  a = answers(sim);
  REQUIRE(a.size() == 1);
  CHECK(a[0].reason == Reason::bypass_exhausted);
  CHECK(sim.decided_now(DecisionKind::deny, OverlayKind::block_shield, Reason::bypass_exhausted));
  CHECK(sim.overlay(OverlayKind::friction_prompt) == nullptr);
  CHECK(sim.overlay(OverlayKind::block_shield) != nullptr);
}

TEST_CASE("block: leaving the extension prompt is leaving", "[scheduler][answer]") {
  tw::Policy p = sim::quiet_policy();
  p.budgets = {app_budget("game", "game", 10, tw::LimitAction::block)};
  p.friction.pause_s = 5;
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "game")});
  sim.tick(10);
  sim.tick(11, {sim.sig(11, SignalKind::block_extend)});
  REQUIRE(sim.overlay(OverlayKind::friction_prompt) != nullptr);
  sim.tick(12, {sim.sig(12, SignalKind::prompt_leave)});
  auto a = answers(sim);
  REQUIRE(a.size() == 1);
  CHECK(tw::wearer_left(a[0]));
  CHECK(sim.overlay(OverlayKind::friction_prompt) == nullptr);
  // The shield is back, without "extend" until the app is opened again.
  const tw::Overlay* shield = sim.overlay(OverlayKind::block_shield);
  REQUIRE(shield != nullptr);
  CHECK_FALSE(shield->bypass_available);
  sim.tick(13, {sim.sig(13, SignalKind::block_extend)});
  CHECK(answers(sim).at(0).reason == Reason::not_offered);
  CHECK(sim.s.extensions_used(0) == 0);
}

TEST_CASE("nudge dismiss puts that card away, an unknown id is not offered", "[scheduler][answer]") {
  tw::Policy p = sim::quiet_policy();
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "feed")});
  sim.tick(1, {sim.nudge(1, 7, true, "chat"), sim.nudge(1, 8, true)});
  REQUIRE(sim.count(OverlayKind::nudge) == 2);

  sim.tick(2, {nudge_dismiss(sim, 2, 9)});
  auto a = answers(sim);
  REQUIRE(a.size() == 1);
  CHECK(a[0].answer == Answer::nudge_dismiss);
  CHECK(a[0].reason == Reason::not_offered);
  CHECK(a[0].nudge_id == 9);
  CHECK(sim.count(OverlayKind::nudge) == 2);

  sim.tick(3, {nudge_dismiss(sim, 3, 7)});
  a = answers(sim);
  REQUIRE(a.size() == 1);
  CHECK(a[0].reason == Reason::dismissed);
  CHECK(a[0].nudge_id == 7);
  CHECK(a[0].app == sim.app("chat"));  // the nudge's app
  REQUIRE(sim.count(OverlayKind::nudge) == 1);
  CHECK(sim.overlay(OverlayKind::nudge)->nudge_id == 8);
  const auto hidden = sim.decided(DecisionKind::hide, OverlayKind::nudge, Reason::dismissed);
  REQUIRE(hidden.size() == 1);
  CHECK(hidden[0].nudge_id == 7);
}

TEST_CASE("fill dismiss puts the fill card away with its idle moment", "[scheduler][answer]") {
  tw::Policy p = sim::quiet_policy();
  p.idle.default_mode = tw::IdleMode::fill;
  sim::Sim sim(p);
  sim.tick(0, {sim.focus(0, "feed")});
  sim.tick(1, {sim.hint(1, tw::Context::waiting)});
  const tw::Overlay* fill = sim.overlay(OverlayKind::fill_card);
  REQUIRE(fill != nullptr);
  const int32_t item = fill->fill_item;

  sim.tick(2, {sim.sig(2, SignalKind::fill_dismiss)});
  auto a = answers(sim);
  REQUIRE(a.size() == 1);
  CHECK(a[0].answer == Answer::fill_dismiss);
  CHECK(a[0].reason == Reason::dismissed);
  CHECK(a[0].fill_item == item);
  CHECK(sim.overlay(OverlayKind::fill_card) == nullptr);
  CHECK(sim.decided_now(DecisionKind::hide, OverlayKind::fill_card, Reason::dismissed));

  sim.tick(3, {sim.sig(3, SignalKind::fill_dismiss)});
  a = answers(sim);
  REQUIRE(a.size() == 1);
  CHECK(a[0].reason == Reason::not_offered);
}
