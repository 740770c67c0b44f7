// The demo's story tells why a block shield lifts (issue 18), not why it went
// up: the window ended (its indicator went), the budget period turned over
// since it went up (a new day or week), or else the wearer left the app.
#include <string>
#include <vector>

#include "core/policy/policy_loader.hpp"
#include "story.hpp"
#include "tw_catch.hpp"

namespace {

struct Fixture {
  tw::Policy policy;
  tw::TimeZone tz = tw::TimeZone::utc();
  tw::Interner apps, categories;
  tw::AppId clips = apps.intern("com.example.clips");
  tw::cli::Story story{policy, tz, apps, categories};

  explicit Fixture(tw::Policy p) : policy(std::move(p)) {}

  // The line the story tells for a shield's show and then its hide.
  std::string lift(tw::Decision up, int64_t down_ms, std::vector<tw::Overlay> visible_up,
                   std::vector<tw::Overlay> visible_down) {
    std::string out;
    up.kind = tw::DecisionKind::show;
    up.overlay = tw::OverlayKind::block_shield;
    up.app = clips;
    story.add(up, visible_up, out);
    tw::Decision down = up;
    down.kind = tw::DecisionKind::hide;
    down.unix_ms = down_ms;
    out.clear();
    story.add(down, visible_down, out);
    return out.substr(out.rfind("  block shield"));
  }
};

tw::Policy policy() {
  auto r = tw::parse_policy(
      "schema = 1\n[apps]\n\"com.example.clips\" = \"short_video\"\n"
      "[[budget]]\nid = \"clips-daily\"\ncategory = \"short_video\"\nlimit_min = 15\nat_limit = \"block\"\n"
      "[[budget]]\nid = \"clips-weekly\"\ncategory = \"short_video\"\nperiod = \"weekly\"\nlimit_min = 60\n"
      "at_limit = \"block\"\n"
      "[[focus]]\nname = \"deep work\"\nfrom = \"09:30\"\nto = \"11:30\"\nblock = [\"short_video\"]\n",
      "p.toml");
  INFO(r.error().message);
  REQUIRE(r.ok());
  return std::move(r).value();
}

constexpr int64_t kMonday_ms = 1'772'409'600'000;  // 2026-03-02 00:00 UTC, a Monday
constexpr int64_t kHour_ms = 3'600'000;

}  // namespace

TEST_CASE("story: a shield lifts because its window ended, or the wearer left", "[cli][story]") {
  Fixture f(policy());
  const tw::Overlay indicator{.kind = tw::OverlayKind::protect_indicator, .window = 0};
  const tw::Decision up{.unix_ms = kMonday_ms + 10 * kHour_ms, .reason = tw::Reason::focus_window, .window = 0};
  CHECK(f.lift(up, kMonday_ms + 11 * kHour_ms + kHour_ms / 2, {indicator}, {}) ==
        "  block shield over com.example.clips lifts  <- the window \"deep work\" ended [went up for focus_window]\n");
  CHECK(f.lift(up, kMonday_ms + 10 * kHour_ms + 5000, {indicator}, {indicator}) ==
        "  block shield over com.example.clips lifts  <- the wearer left com.example.clips [went up for focus_window]\n");
}

TEST_CASE("story: a budget's shield lifts with a new period, or because the wearer left", "[cli][story]") {
  Fixture f(policy());
  const tw::Decision daily{.unix_ms = kMonday_ms + 23 * kHour_ms, .reason = tw::Reason::budget_reached, .budget = 0};
  CHECK(f.lift(daily, kMonday_ms + 24 * kHour_ms, {}, {}) ==
        "  block shield over com.example.clips lifts  <- a new day: the budget period turned over "
        "[went up for budget_reached]\n");
  CHECK(f.lift(daily, kMonday_ms + 23 * kHour_ms + 10'000, {}, {}) ==
        "  block shield over com.example.clips lifts  <- the wearer left com.example.clips [went up for budget_reached]\n");
  const tw::Decision weekly{.unix_ms = kMonday_ms + 6 * 24 * kHour_ms, .reason = tw::Reason::budget_reached, .budget = 1};
  CHECK(f.lift(weekly, kMonday_ms + 6 * 24 * kHour_ms + 2 * kHour_ms, {}, {}) ==
        "  block shield over com.example.clips lifts  <- the wearer left com.example.clips [went up for budget_reached]\n");
  CHECK(f.lift(weekly, kMonday_ms + 7 * 24 * kHour_ms, {}, {}) ==
        "  block shield over com.example.clips lifts  <- a new week: the budget period turned over "
        "[went up for budget_reached]\n");
}
