// The layer under a block: LayerCore reports the block the core put in force
// (also while the wearer walks and the scheduler holds the card), and the
// frame plan hides the app's layers, with the backdrop on opaque displays
// only and never while walking; a policy reloaded with a bigger budget lifts
// the block on the next tick.
#include "tw_catch.hpp"

#include <string>

#include "layer_core_test_support.hpp"
#include "openxr/layer/layer_shield.hpp"

namespace {

using tw_test::at_ms;

std::string games_policy(int limit_min) {
  return "schema = 1\n[apps]\n\"openxr.helloxr\" = \"games\"\n"
         "[[budget]]\nid = \"games-daily\"\ncategory = \"games\"\nperiod = \"daily\"\nlimit_min = " +
         std::to_string(limit_min) + "\nat_limit = \"block\"\n";
}

bool shows(const tw::xr::LayerCore& core, tw::OverlayKind kind) {
  for (const tw::Overlay& o : core.last().overlays)
    if (o.kind == kind) return true;
  return false;
}

tw::Signal head(int64_t ms, tw::AppId app, float linear_mps) {
  return {.at = at_ms(ms), .kind = tw::SignalKind::head_motion, .app = app, .linear_mps = linear_mps};
}

}  // namespace

TEST_CASE("a 0-minute games budget blocks hello_xr, walking keeps it hidden, a reload lifts it",
          "[openxr][shield]") {
  const std::string dir = tw_test::fresh_dir("layer_shield_test", "block");
  const std::string path = dir + "/policy.toml";
  tw_test::write(path, games_policy(0));
  tw_test::Log log;
  tw::xr::LayerCore core({.policy_path = path, .ledger_id = "openxr.helloxr"}, at_ms(0), log.sink());
  const tw::AppId app = core.app();
  const tw::Signal focus{.at = at_ms(0), .kind = tw::SignalKind::app_focus, .app = app};
  CHECK(core.blocked());  // from the first frame: the app never shows before its focus
  core.tick(at_ms(0), {&focus, 1});
  REQUIRE(core.blocked());
  CHECK(shows(core, tw::OverlayKind::block_shield));

  using tw::layout::DisplayBlend;
  auto plan = tw::xr::shield_plan(core, XR_ENVIRONMENT_BLEND_MODE_OPAQUE);
  CHECK_FALSE(plan.app_layers);
  CHECK(plan.backdrop);
  plan = tw::xr::shield_plan(core, XR_ENVIRONMENT_BLEND_MODE_ADDITIVE);
  CHECK_FALSE(plan.app_layers);
  CHECK_FALSE(plan.backdrop);  // the world and the small card
  CHECK_FALSE(tw::xr::shield_plan(core, XR_ENVIRONMENT_BLEND_MODE_ALPHA_BLEND).backdrop);
  CHECK(tw::xr::display_blend(static_cast<XrEnvironmentBlendMode>(0x7fffffff)) == DisplayBlend::opaque);

  // Walking: the card is held by the scheduler, the block is not.
  for (int64_t t = 100; t <= 1'000; t += 100) {
    const tw::Signal walk = head(t, app, 1.4f);
    core.tick(at_ms(t), {&walk, 1});
  }
  REQUIRE(core.fast_motion());
  CHECK_FALSE(shows(core, tw::OverlayKind::block_shield));
  CHECK(core.blocked());
  plan = tw::xr::shield_plan(core, XR_ENVIRONMENT_BLEND_MODE_OPAQUE);
  CHECK_FALSE(plan.app_layers);
  CHECK_FALSE(plan.backdrop);  // shrunk to the peripheral indicator

  // Still again, then the wearer gives the games an hour: the app comes back.
  for (int64_t t = 1'100; t <= 6'000; t += 100) {
    const tw::Signal still = head(t, app, 0.f);
    core.tick(at_ms(t), {&still, 1});
  }
  CHECK_FALSE(core.fast_motion());
  CHECK(shows(core, tw::OverlayKind::block_shield));
  CHECK(tw::xr::shield_plan(core, XR_ENVIRONMENT_BLEND_MODE_OPAQUE).backdrop);
  tw_test::write(path, games_policy(60));
  core.tick(at_ms(7'000), {});
  CHECK_FALSE(core.blocked());
  CHECK_FALSE(shows(core, tw::OverlayKind::block_shield));
  plan = tw::xr::shield_plan(core, XR_ENVIRONMENT_BLEND_MODE_OPAQUE);
  CHECK(plan.app_layers);
  CHECK_FALSE(plan.backdrop);
}
