// tw::ServiceDeferral: the layer's core stops counting this app the
// instant timewalld counts it, and counts again the instant it is gone;
// meanwhile the layer draws the service's ring and shield. With a real
// Runtime: the time the layer's core records is the time it was not
// deferring, once.
#include "tw_catch.hpp"

#include <vector>

#include "core/runtime/runtime.hpp"
#include "core/device/service_deferral.hpp"

namespace {

const tw::AppDecision kCounted{.accounted = true};
const tw::AppDecision kNotCounted{};

constexpr int64_t kNoon_ms = 1'795'435'200'000;  // 2026-11-23 12:00 UTC
tw::Instant at_s(int64_t s) { return {s * 1'000'000'000, kNoon_ms + s * 1000}; }

const char* kGames =
    "schema = 1\n[apps]\n\"openxr.helloxr\" = \"games\"\n[[budget]]\nid = \"g\"\ncategory = \"games\"\n"
    "period = \"daily\"\nlimit_min = 1\nat_limit = \"block\"\n";

}  // namespace

TEST_CASE("ServiceDeferral: blur when the service counts the app, focus when it is gone (if focused)") {
  tw::ServiceDeferral d;
  CHECK(d.update(true, kNotCounted, true, 3, at_s(0)).empty());
  auto turn = d.update(true, kCounted, true, 3, at_s(1));
  REQUIRE(turn.size() == 1);
  CHECK(turn[0].kind == tw::SignalKind::app_blur);
  CHECK(turn[0].app == 3);
  CHECK(turn[0].at.unix_ms == at_s(1).unix_ms);
  CHECK(d.deferring());
  CHECK(d.update(true, kCounted, true, 3, at_s(2)).empty());
  turn = d.update(true, kNotCounted, true, 3, at_s(5));
  REQUIRE(turn.size() == 1);
  CHECK(turn[0].kind == tw::SignalKind::app_focus);
  CHECK_FALSE(d.deferring());
  CHECK(d.update(true, kCounted, false, 3, at_s(6)).size() == 1);
  CHECK(d.update(true, kNotCounted, false, 3, at_s(7)).empty());  // not focused: nothing to count again
}

TEST_CASE("ServiceDeferral: filter keeps everything but the session's focus changes") {
  tw::ServiceDeferral d;
  auto turn = d.update(true, kCounted, true, 3, at_s(1));
  const std::vector<tw::Signal> session = {{.at = at_s(1), .kind = tw::SignalKind::app_focus, .app = 3},
                                           {.at = at_s(1), .kind = tw::SignalKind::interaction, .app = 3},
                                           {.at = at_s(1), .kind = tw::SignalKind::app_blur, .app = 3},
                                           {.at = at_s(1), .kind = tw::SignalKind::not_worn}};
  auto out = d.filter(turn, session);
  REQUIRE(out.size() == 3);
  CHECK(out[0].kind == tw::SignalKind::app_blur);  // the turn first
  CHECK(out[1].kind == tw::SignalKind::interaction);
  CHECK(out[2].kind == tw::SignalKind::not_worn);
  std::vector<tw::Signal> many(100, {.at = at_s(2), .kind = tw::SignalKind::interaction, .app = 3});
  many.back().kind = tw::SignalKind::task_done;
  out = d.filter({}, many);
  REQUIRE(out.size() == tw::ServiceDeferral::kMaxSignals);
  CHECK(out.back().kind == tw::SignalKind::task_done);  // the newest kept
}

TEST_CASE("ServiceDeferral: the core counts only the time it was not deferring") {
  auto rt = tw::Runtime::create({.policy_text = std::string(kGames)});
  REQUIRE(rt);
  const tw::AppId app = rt->apps().intern("openxr.helloxr");
  tw::ServiceDeferral d;
  const tw::Signal focus{.at = at_s(0), .kind = tw::SignalKind::app_focus, .app = app};
  rt->tick(at_s(0), std::span(&focus, 1));
  rt->tick(at_s(10));
  rt->tick(at_s(10), d.update(true, kCounted, true, app, at_s(10)));  // the service counts from 10 s
  for (int s = 11; s <= 40; ++s) {  // the session keeps saying FOCUSED and the wearer interacts
    const tw::Signal session[] = {{.at = at_s(s), .kind = tw::SignalKind::app_focus, .app = app},
                                  {.at = at_s(s), .kind = tw::SignalKind::interaction, .app = app}};
    rt->tick(at_s(s), d.filter(d.update(true, kCounted, true, app, at_s(s)), session));
  }
  rt->tick(at_s(40), d.update(true, kNotCounted, true, app, at_s(40)));  // gone at 40 s: the layer counts again
  rt->tick(at_s(45));
  const tw::Scheduler& sc = rt->engine().scheduler();
  CHECK(sc.usage().app_ns(tw::BudgetPeriod::daily, app) == 15'000'000'000);  // 10 s + 5 s, not 45 s
  CHECK_FALSE(sc.blocks(app));  // the core never saw enough to block
}

TEST_CASE("ServiceDeferral: compose draws the service's ring and shield, not the core's") {
  tw::Policy policy;
  policy.budgets.push_back({.id = "g", .scope = tw::BudgetScope::category, .target = "games"});
  tw::ServiceDeferral d;
  std::vector<tw::Overlay> own(3);
  own[0].kind = tw::OverlayKind::budget_ring;
  own[1].kind = tw::OverlayKind::nudge;
  own[1].nudge_id = 7;
  own[2].kind = tw::OverlayKind::block_shield;
  tw::AppDecision dec{true, "openxr.helloxr", {"block", "budget_reached", "g"}, 62'000, 60'000, "g", false};
  auto shown = d.compose(own, dec, policy, 3, 1);
  REQUIRE(shown.size() == 3);
  CHECK(shown[0].kind == tw::OverlayKind::nudge);  // the core's other overlays stay
  CHECK(shown[1].kind == tw::OverlayKind::budget_ring);
  CHECK(shown[1].budget == 0);
  CHECK(shown[1].used_s == 62);
  CHECK(shown[1].limit_s == 60);
  CHECK(shown[1].remaining_s == 0);
  CHECK(shown[2].kind == tw::OverlayKind::block_shield);
  CHECK(shown[2].reason == tw::Reason::budget_reached);
  CHECK(shown[2].budget == 0);
  CHECK(shown[2].app == 3);
  CHECK_FALSE(d.blocks());  // not deferring: the core's own block decides
  CHECK(d.update(true, dec, true, 3, at_s(0)).size() == 1);
  CHECK(d.blocks());
  CHECK(d.update(false, dec, true, 3, at_s(1)).size() == 1);  // no answer: the service is gone
  CHECK_FALSE(d.blocks());
  REQUIRE(d.update(true, dec, true, 3, at_s(2)).size() == 1);
  dec.gate = {};
  dec.ring_rule = "not-in-this-policy";
  shown = d.compose(own, dec, policy, 3, 1);
  REQUIRE(shown.size() == 1);  // no shield; a ring without a budget of the layer's: not drawn
  CHECK(shown[0].kind == tw::OverlayKind::nudge);
  CHECK(d.update(true, dec, true, 3, at_s(3)).empty());
  CHECK_FALSE(d.blocks());
}

TEST_CASE("ServiceDeferral: when the service's overlay client draws, the layer draws none of the service's") {
  tw::Policy policy;
  policy.budgets.push_back({.id = "g", .scope = tw::BudgetScope::category, .target = "games"});
  tw::ServiceDeferral d;
  std::vector<tw::Overlay> own(3);
  own[0].kind = tw::OverlayKind::budget_ring;
  own[1].kind = tw::OverlayKind::fill_card;
  own[2].kind = tw::OverlayKind::friction_prompt;
  const tw::AppDecision drawn{true, "openxr.helloxr", {"block", "budget_reached", "g"}, 62'000, 60'000, "g", true};
  REQUIRE(d.update(true, drawn, true, 3, at_s(0)).size() == 1);
  auto shown = d.compose(own, drawn, policy, 3, 1);
  REQUIRE(shown.size() == 1);  // no ring, prompt or shield: timewall-overlay draws them over the app
  CHECK(shown[0].kind == tw::OverlayKind::fill_card);
  CHECK(d.blocks());  // the app's own layers are still held back under the service's block
  tw::AppDecision not_drawn = drawn;
  not_drawn.drawn = false;
  shown = d.compose(own, not_drawn, policy, 3, 1);
  REQUIRE(shown.size() == 3);  // the client stopped asking: the layer draws the service's ring and shield again
  CHECK(shown[1].kind == tw::OverlayKind::budget_ring);
  CHECK(shown[2].kind == tw::OverlayKind::block_shield);
}
