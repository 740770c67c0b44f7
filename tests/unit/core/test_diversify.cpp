// [diversify]: the policy section (values, errors by place and key, the
// canonical text round trip) and the concentration measure (top share and
// Herfindahl index on known numbers, group membership by the [apps] map,
// ties, thresholds).
#include "tw_catch.hpp"

#include <vector>

#include "core/diversify/concentration.hpp"
#include "core/policy/policy_canonical.hpp"
#include "core/policy/policy_loader.hpp"

namespace {

const std::string kPolicy = R"(schema = 1
[apps]
"com.example.clips" = "short_video"
"com.example.feed" = "social"
"com.example.game" = "games"
"com.example.mail" = "work"

[diversify]
remind_every_days = 14

[[diversify.group]]
name = "leisure"
categories = ["social", "short_video", "games"]
max_top_share = 0.5
min_week_min = 30

[[diversify.reset]]
app = "Com.Example.Clips"
every_days = 21
note = "Profile > Settings > Refresh your feed"
)";

tw::Policy load(const std::string& text) {
  auto r = tw::parse_policy(text, "p.toml");
  INFO(r.error().message);
  REQUIRE(r.ok());
  return r.value();
}

constexpr int64_t kMin = 60'000;

}  // namespace

TEST_CASE("diversify: the section loads, and its canonical text loads back equal", "[policy][diversify]") {
  const tw::Policy p = load(kPolicy);
  CHECK(p.diversify.remind_every_days == 14);
  REQUIRE(p.diversify.groups.size() == 1);
  CHECK(p.diversify.groups[0].name == "leisure");
  CHECK(p.diversify.groups[0].categories == std::vector<std::string>{"social", "short_video", "games"});
  CHECK(p.diversify.groups[0].max_top_share == 0.5);
  CHECK(p.diversify.groups[0].min_week_s == 30 * 60);
  REQUIRE(p.diversify.resets.size() == 1);
  CHECK(p.diversify.resets[0].app == "com.example.clips");  // the app id rule
  CHECK(p.diversify.resets[0].every_days == 21);
  CHECK(p.diversify.resets[0].note == "Profile > Settings > Refresh your feed");
  CHECK(load(tw::canonical_policy_text(p)) == p);
  CHECK(load("schema = 1\n").diversify == tw::Diversify{});
}

TEST_CASE("diversify: each mistake is named by line and key", "[policy][diversify]") {
  struct Case {
    std::string text;
    int line;
    std::string key;
  };
  const std::vector<Case> cases = {
      {"schema = 1\n[[diversify.group]]\nname = \"a\"\ncategories = [\"other\"]\nmax_top_share = 1.5\n", 5,
       "diversify.group[0].max_top_share"},
      {"schema = 1\n[[diversify.group]]\nname = \"a\"\n", 2, "diversify.group[0].categories"},
      {"schema = 1\n[[diversify.group]]\nname = \"a\"\ncategories = [\"nope\"]\n", 4,
       "diversify.group[0].categories[0]"},
      {"schema = 1\n[[diversify.group]]\nname = \"a\"\ncategories = [\"other\"]\n"
       "[[diversify.group]]\nname = \"a\"\ncategories = [\"other\"]\n",
       6, "diversify.group[1].name"},
      {"schema = 1\n[[diversify.reset]]\napp = \"x.y\"\n", 2, "diversify.reset[0].note"},
      {"schema = 1\n[[diversify.reset]]\napp = \"x.y\"\nnote = \"n\"\n[[diversify.reset]]\napp = \"X.Y\"\nnote = \"m\"\n",
       6, "diversify.reset[1].app"},
      {"schema = 1\n[diversify]\nremind_every_days = 0\n", 3, "diversify.remind_every_days"},
      {"schema = 1\n[diversify]\nremind_evry_days = 3\n", 3, "diversify.remind_evry_days"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    auto r = tw::parse_policy(c.text, "p.toml");
    REQUIRE_FALSE(r.ok());
    REQUIRE_FALSE(r.errors().empty());
    CHECK(r.errors()[0].line == c.line);
    CHECK(r.errors()[0].key == c.key);
  }
}

TEST_CASE("diversify: the top app's share and the Herfindahl index on known numbers", "[diversify]") {
  const tw::Policy p = load(kPolicy);
  const tw::DiversifyGroup& leisure = p.diversify.groups[0];
  // 50 / 30 / 20 minutes in the group; mail (work) and nothing else counted.
  const std::vector<tw::UsageTotal> week = {{"com.example.feed", 30 * kMin},
                                            {"com.example.mail", 300 * kMin},
                                            {"com.example.clips", 50 * kMin},
                                            {"com.example.game", 20 * kMin}};
  const tw::Concentration c = tw::concentration(p, leisure, week);
  CHECK(c.group_ms == 100 * kMin);
  CHECK(c.top_app == "com.example.clips");
  CHECK(c.apps == 3);
  CHECK(c.top_share == Approx(0.5));
  CHECK(c.hhi == Approx(0.25 + 0.09 + 0.04));
  CHECK(c.judged);
  CHECK_FALSE(c.concentrated);  // 0.5 is not above max_top_share 0.5

  // One app with it all; split entries of one app count once.
  const std::vector<tw::UsageTotal> one = {{"com.example.clips", 20 * kMin}, {"com.example.clips", 20 * kMin}};
  const tw::Concentration all = tw::concentration(p, leisure, one);
  CHECK(all.apps == 1);
  CHECK(all.top_share == 1.0);
  CHECK(all.hhi == 1.0);
  CHECK(all.concentrated);

  // Four equal apps: 1/n. A tie goes to the id that sorts first, whatever the order.
  const std::vector<tw::UsageTotal> even = {{"com.example.game", 10 * kMin},
                                            {"com.example.feed", 10 * kMin},
                                            {"com.example.clips", 10 * kMin}};
  CHECK(tw::concentration(p, leisure, even).hhi == Approx(1.0 / 3.0));
  CHECK(tw::concentration(p, leisure, even).top_app == "com.example.clips");
  const std::vector<tw::UsageTotal> reversed(even.rbegin(), even.rend());
  CHECK(tw::concentration(p, leisure, reversed).top_app == "com.example.clips");

  // Too little time: measured, not judged.
  const std::vector<tw::UsageTotal> little = {{"com.example.clips", 10 * kMin}};
  const tw::Concentration l = tw::concentration(p, leisure, little);
  CHECK(l.top_share == 1.0);
  CHECK_FALSE(l.judged);
  CHECK_FALSE(l.concentrated);
  CHECK(tw::concentration(p, leisure, {}).group_ms == 0);
  // An app the policy does not map is "other": in a group only if it lists other.
  CHECK(tw::category_of(p, "some-app") == "other");
  CHECK(tw::concentration(p, leisure, std::vector<tw::UsageTotal>{{"some-app", 60 * kMin}}).group_ms == 0);
}
