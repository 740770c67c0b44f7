// The same policy, signals and instants give byte-identical output.
#include "tw_catch.hpp"

#include "sim.hpp"

using tw::SignalKind;
using sim::kHour;
using sim::kMin;

namespace {

std::string run_script() {
  tw::Policy p = sim::quiet_policy();
  p.time_value.hourly_value = 42.5;
  p.idle.min_idle_s = 20;
  p.attention.afk_after_s = 90;
  p.deferral.max_defer_s = 45;
  p.friction.pause_s = 4;
  tw::Budget social;
  social.id = "social";
  social.target = "social";
  social.limit_s = 5 * 60;
  social.warn_at = {0.25, 0.5, 0.75};
  social.at_limit = tw::LimitAction::friction;
  social.extension_s = 60;
  tw::Budget game = social;
  game.id = "game";
  game.scope = tw::BudgetScope::app;
  game.target = "game";
  game.at_limit = tw::LimitAction::block;
  p.budgets = {social, game};
  tw::IdleRule waiting;
  waiting.match_context = true;
  waiting.context = static_cast<uint8_t>(tw::Context::waiting);
  waiting.mode = tw::IdleMode::fill;
  p.idle.rules = {waiting};
  tw::ProtectedWindow sleep;
  sleep.name = "sleep";
  sleep.kind = tw::WindowKind::sleep;
  sleep.start = 23 * 60 + 30;
  sleep.end = 6 * 60;
  sleep.wind_down_min = 20;
  sleep.block_categories = {"social", "games"};
  p.windows = {sleep};
  p.reclaim.protect_categories = {"games"};

  sim::Sim sim(p, tw::TimeZone::fixed(3600));
  // A scripted day: a commute, a feed binge through the ladder, a task done
  // early, an evening into the sleep window and past midnight.
  double t = 7 * kHour;
  const char* apps[] = {"feed", "chat", "feed2", "video", "game", "reader"};
  uint32_t nudge = 1;
  for (int i = 0; i < 3000; ++i) {
    std::vector<tw::Signal> s;
    switch (i % 17) {
      case 0: s.push_back(sim.focus(t, apps[(i / 17) % 6])); break;
      case 3: s.push_back(sim.sig(t, SignalKind::interaction)); break;
      case 5: s.push_back(sim.motion(t, (i % 3) ? 1.2f : 0.1f, (i % 5) ? 20.f : 140.f)); break;
      case 7: s.push_back(sim.hint(t, (i % 2) ? tw::Context::waiting : tw::Context::none)); break;
      case 9: s.push_back(sim.nudge(t, nudge++, i % 4 == 0)); break;
      case 11: s.push_back(sim.sig(t, SignalKind::continue_anyway)); break;
      case 13: s.push_back(sim.sig(t, (i % 2) ? SignalKind::prompt_leave : SignalKind::not_worn)); break;
      case 14: s.push_back(sim.sig(t, SignalKind::worn)); break;
      case 15: {
        tw::Signal d = sim.sig(t, SignalKind::task_done);
        d.planned_end_unix_ms = sim.ms(t + 10 * kMin);
        s.push_back(d);
        break;
      }
      default: break;
    }
    sim.tick(t, s);
    t += (i % 7) * 12.5 + 1;
  }
  return sim.text;
}

}  // namespace

TEST_CASE("replaying the same script twice gives byte-identical output", "[scheduler][determinism]") {
  const std::string a = run_script();
  const std::string b = run_script();
  CHECK(a.size() > 10'000);
  CHECK(a == b);
  // The script exercises the rules it claims to.
  for (const char* reason : {"budget_warn_fraction", "budget_reached", "bypass_granted",
                             "idle_fill_context", "motion_walking", "motion_settled",
                             "deferral_bound", "urgent", "reclaimed_time", "day_end_summary"}) {
    INFO(reason);
    CHECK(a.find(reason) != std::string::npos);
  }
}
