// [notifications] in the policy: routes per app and category, the flood
// limit, and an error with file:line:column: key for each bad rule.
#include <string>

#include "core/notify/inbox.hpp"
#include "core/policy/policy_canonical.hpp"
#include "core/policy/policy_loader.hpp"
#include "tw_catch.hpp"

namespace {

std::string all(const std::vector<tw::PolicyError>& v) {
  std::string s;
  for (const auto& e : v) s += tw::to_string(e) + "\n";
  return s;
}

const char* kGood =
    "schema = 1\n"
    "[apps]\n\"Org.Example.Feed\" = \"social\"\n\"mail\" = \"work\"\n"
    "[notifications]\ndefault = \"hold\"\nflood_per_min = 5\n"
    "[[notifications.rule]]\ncategory = \"social\"\nroute = \"drop\"\n"
    "[[notifications.rule]]\napp = \"Org.Example.Feed\"\nroute = \"deliver\"\n";

}  // namespace

TEST_CASE("notification rules load, app rules first", "[notify][policy]") {
  const tw::PolicyLoadResult r = tw::parse_policy(kGood, "p.toml");
  INFO(all(r.ok() ? std::vector<tw::PolicyError>{} : r.errors()));
  REQUIRE(r.ok());
  const tw::Notifications& n = r.value().notifications;
  CHECK(n.default_route == tw::NotifyRoute::hold);
  CHECK(n.flood_per_min == 5);
  REQUIRE(n.rules.size() == 2);
  CHECK(n.rules[0].app == "org.example.feed");
  CHECK(tw::notify_route(n, "org.example.feed", "social") == tw::NotifyRoute::deliver);
  CHECK(tw::notify_route(n, "other.social.app", "social") == tw::NotifyRoute::drop);
  CHECK(tw::notify_route(n, "mail", "work") == tw::NotifyRoute::hold);
  CHECK(tw::notify_route(tw::Notifications{}, "mail", "work") == tw::NotifyRoute::batch);
}

TEST_CASE("notification rules survive the canonical text, defaults leave it as before", "[notify][policy]") {
  const tw::PolicyLoadResult r = tw::parse_policy(kGood, "p.toml");
  REQUIRE(r.ok());
  const std::string text = tw::canonical_policy_text(r.value());
  CHECK(text.find("[[notifications.rule]]") != std::string::npos);
  const tw::PolicyLoadResult back = tw::parse_policy(text, "canonical");
  REQUIRE(back.ok());
  CHECK(back.value() == r.value());
  CHECK(tw::canonical_policy_text(tw::Policy{}).find("notifications") == std::string::npos);
}

TEST_CASE("bad notification rules: file:line:column: key for each", "[notify][policy]") {
  const tw::PolicyLoadResult r = tw::parse_policy(
      "schema = 1\n"
      "[notifications]\n"
      "default = \"maybe\"\n"
      "flood_per_min = 0\n"
      "[[notifications.rule]]\n"
      "app = \"a\"\ncategory = \"social\"\nroute = \"drop\"\n"
      "[[notifications.rule]]\n"
      "category = \"socail\"\nroute = \"drop\"\n"
      "[[notifications.rule]]\n"
      "app = \"b\"\n"
      "[[notifications.rule]]\n"
      "app = \"c\"\nroute = \"later\"\nwhen = 3\n",
      "p.toml");
  REQUIRE(!r.ok());
  const std::string e = all(r.errors());
  INFO(e);
  CHECK(e.find("p.toml:3:11: notifications.default:") != std::string::npos);
  CHECK(e.find("p.toml:4:17: notifications.flood_per_min:") != std::string::npos);
  CHECK(e.find("p.toml:7:12: notifications.rule[0]: set exactly one of app or category") != std::string::npos);
  CHECK(e.find("p.toml:10:12: notifications.rule[1].category: no app in [apps] has category \"socail\"") !=
        std::string::npos);
  CHECK(e.find("notifications.rule[2].route") != std::string::npos);
  CHECK(e.find("p.toml:16:9: notifications.rule[3].route:") != std::string::npos);
  CHECK(e.find("p.toml:17:1: notifications.rule[3].when:") != std::string::npos);
}
