// Policy loader: the bundled example, defaults, limits, error shape.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/policy/policy_canonical.hpp"
#include "core/policy/policy_limits.hpp"
#include "core/policy/policy_loader.hpp"
#include "core/policy/suggest.hpp"
#include "core/signals.hpp"
#include "tw_catch.hpp"

namespace {

const std::string kExample = std::string(TW_SOURCE_DIR) + "/data/policies/example.toml";

tw::PolicyLoadResult parse(const std::string& text) { return tw::parse_policy(text, "p.toml"); }

}  // namespace

TEST_CASE("the bundled example policy loads with the values it spells out", "[policy]") {
  const tw::PolicyLoadResult r = tw::load_policy_file(kExample);
  INFO(r.error().message);
  REQUIRE(r.ok());
  const tw::Policy& p = r.value();
  CHECK(p.schema == 1);
  CHECK(p.time_value.hourly_value == 30.0);
  CHECK(p.time_value.currency == "EUR");
  CHECK(p.time_value.timezone == "Europe/Berlin");
  CHECK(p.attention.afk_after_s == 120);
  CHECK(p.attention.heartbeat_pulse_s == 30);

  REQUIRE(p.apps.size() == 6);
  CHECK(p.apps[0].app == "com.example.alarm");  // sorted by app id
  CHECK(p.apps[0].category == "utility");

  REQUIRE(p.budgets.size() == 3);
  const tw::Budget& social = p.budgets[0];
  CHECK(social.id == "social-daily");
  CHECK(social.scope == tw::BudgetScope::category);
  CHECK(social.target == "social");
  CHECK(social.period == tw::BudgetPeriod::daily);
  CHECK(social.limit_s == 30 * 60);
  CHECK(social.warn_at == std::vector<double>{0.5, 0.8});
  CHECK(social.at_limit == tw::LimitAction::friction);
  CHECK(social.extension_s == 5 * 60);
  CHECK(social.max_extensions == 2);
  CHECK(p.budgets[1].at_limit == tw::LimitAction::block);
  CHECK(p.budgets[2].scope == tw::BudgetScope::app);
  CHECK(p.budgets[2].target == "com.example.news");
  CHECK(p.budgets[2].period == tw::BudgetPeriod::weekly);
  CHECK(p.budgets[2].limit_s == 180 * 60);

  CHECK(p.friction.pause_s == 10);
  CHECK(p.friction.intentions ==
        std::vector<std::string>{"reply to a message", "look one thing up", "I am bored"});
  REQUIRE(p.friction.exercises.size() == 4);
  CHECK(p.friction.exercises[0].kind == tw::ExerciseKind::wait);
  CHECK(p.friction.exercises[0].wait_s == 16);
  CHECK(p.friction.exercises[1].id == "why-now");
  CHECK(p.friction.exercises[1].kind == tw::ExerciseKind::intention);
  CHECK(p.friction.exercises[2].kind == tw::ExerciseKind::breathe);
  CHECK(p.friction.exercises[2].breaths == 3);
  CHECK(p.friction.exercises[3].kind == tw::ExerciseKind::alternative);

  CHECK(p.idle.min_idle_s == 20);
  CHECK(p.idle.default_mode == tw::IdleMode::protect);
  REQUIRE(p.idle.rules.size() == 3);
  CHECK(p.idle.rules[0].match_context);
  CHECK(p.idle.rules[0].context == static_cast<uint8_t>(tw::Context::waiting));
  CHECK_FALSE(p.idle.rules[0].match_time);
  CHECK(p.idle.rules[0].mode == tw::IdleMode::fill);
  CHECK(p.idle.rules[1].match_time);
  CHECK(p.idle.rules[1].days == 0x1F);  // mon..fri
  CHECK(p.idle.rules[1].start == 7 * 60);
  CHECK(p.idle.rules[1].end == 9 * 60 + 30);
  CHECK(p.idle.rules[2].context == static_cast<uint8_t>(tw::Context::in_conversation));
  REQUIRE(p.idle.items.size() == 4);
  CHECK(p.idle.items[0].title == "el gato");
  CHECK(p.idle.items[0].body == "the cat");
  CHECK(p.idle.items[3].kind == tw::FillKind::note);

  REQUIRE(p.windows.size() == 3);
  const tw::ProtectedWindow& sleep = p.windows[0];
  CHECK(sleep.kind == tw::WindowKind::sleep);
  CHECK(sleep.name == "sleep");
  CHECK(sleep.start == 23 * 60);
  CHECK(sleep.end == 7 * 60);
  CHECK(sleep.days == tw::kEveryDay);
  CHECK(sleep.wind_down_min == 15);
  CHECK(sleep.block_categories == std::vector<std::string>{"social", "short_video"});
  CHECK(sleep.friction_categories == std::vector<std::string>{"messages"});
  CHECK(p.windows[1].kind == tw::WindowKind::focus);
  CHECK(p.windows[1].name == "deep work");
  CHECK(p.windows[1].days == 0x1F);
  CHECK(p.windows[2].kind == tw::WindowKind::schedule);
  CHECK(p.windows[2].start == 18 * 60 + 30);

  CHECK(p.reclaim.protect_categories == std::vector<std::string>{"social", "short_video"});
  CHECK(p.deferral.max_defer_s == 120);
  CHECK(p.motion.walk_mps == 0.7);
  CHECK(p.motion.turn_dps == 90.0);
  CHECK(p.motion.settle_s == 2);
  CHECK_FALSE(p.youth.enabled);
  CHECK(p.youth.daily_cap_s == 120 * 60);
  CHECK(p.youth.night_start == 21 * 60);
  CHECK(p.youth.allow == std::vector<std::string>{"com.example.alarm"});
}

TEST_CASE("a minimal policy takes every default of the model", "[policy]") {
  const tw::PolicyLoadResult r = parse("schema = 1\n");
  REQUIRE(r.ok());
  CHECK(r.value() == tw::Policy{});
}

TEST_CASE("times of day may be TOML local times with zero seconds", "[policy]") {
  const tw::PolicyLoadResult r = parse("schema = 1\n[sleep]\nbedtime = 22:45:00\nwake = \"06:30\"\n");
  REQUIRE(r.ok());
  CHECK(r->windows.at(0).start == 22 * 60 + 45);
  CHECK(r->windows.at(0).end == 6 * 60 + 30);
  CHECK_FALSE(parse("schema = 1\n[sleep]\nbedtime = 22:45:10\nwake = \"06:30\"\n").ok());
}

TEST_CASE("an unknown key names the nearest known key", "[policy]") {
  const tw::PolicyLoadResult r = parse("schema = 1\n[motion]\nwalk_mph = 1.0\n");
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.errors().size() == 1);
  const tw::PolicyError& e = r.errors()[0];
  CHECK(e.file == "p.toml");
  CHECK(e.line == 3);
  CHECK(e.column == 1);
  CHECK(e.key == "motion.walk_mph");
  CHECK(e.message == "unknown key; did you mean \"walk_mps\"?");
  CHECK(tw::to_string(e) == "p.toml:3:1: motion.walk_mph: unknown key; did you mean \"walk_mps\"?");

  // Nothing close enough: no suggestion.
  const tw::PolicyLoadResult far = parse("schema = 1\n[motion]\ncolour = 1\n");
  REQUIRE(far.errors().size() == 1);
  CHECK(far.errors()[0].message == "unknown key");
}

TEST_CASE("edit distance and the typo threshold", "[policy]") {
  CHECK(tw::edit_distance("", "abc") == 3);
  CHECK(tw::edit_distance("kitten", "sitting") == 3);
  CHECK(tw::edit_distance("Limit_Min", "limit_min") == 0);
  CHECK(tw::nearest_word("limt_min", {"period", "limit_min"}) == "limit_min");
  CHECK(tw::nearest_word("xyz", {"id", "app"}).empty());
}

TEST_CASE("errors from the whole file are collected and sorted by position", "[policy]") {
  const tw::PolicyLoadResult r = parse(
      "schema = 1\n"
      "[youth]\nenabled = 3\n"
      "[time_value]\ncurrency = \"eu\"\nhourly = -1\n");
  REQUIRE(r.errors().size() == 3);
  CHECK(r.errors()[0].line == 3);
  CHECK(r.errors()[1].line == 5);
  CHECK(r.errors()[2].line == 6);
  CHECK(r.error().code == tw::Errc::invalid_policy);
  CHECK(r.error().message ==
        tw::to_string(r.errors()[0]) + '\n' + tw::to_string(r.errors()[1]) + '\n' +
            tw::to_string(r.errors()[2]));
}

TEST_CASE("a file over the size limit is refused before parsing", "[policy][limits]") {
  std::string text = "schema = 1\n";
  while (text.size() <= tw::policy_limits::kMaxFileBytes) text += "# padding padding padding\n";
  const tw::PolicyLoadResult r = parse(text);
  REQUIRE(r.errors().size() == 1);
  CHECK(r.errors()[0].code == tw::Errc::too_large);
  CHECK(tw::to_string(r.errors()[0]) ==
        "p.toml:1:1: file is " + std::to_string(text.size()) +
            " bytes; the limit is 262144 (256 KiB)");

  // From a file, too: read no further than the limit.
  const std::string path = std::string(TW_BINARY_DIR) + "/policy_too_large.toml";
  std::ofstream(path, std::ios::binary) << text;
  const tw::PolicyLoadResult f = tw::load_policy_file(path);
  REQUIRE(f.errors().size() == 1);
  CHECK(f.errors()[0].code == tw::Errc::too_large);
  CHECK(f.errors()[0].file == path);
  std::remove(path.c_str());

  // Exactly at the limit is fine.
  std::string at_limit = "schema = 1\n";
  at_limit += std::string(tw::policy_limits::kMaxFileBytes - at_limit.size() - 1, '#') + '\n';
  CHECK(parse(at_limit).ok());
}

TEST_CASE("more budgets than the limit is an error", "[policy][limits]") {
  std::string text = "schema = 1\n[apps]\n\"a.b\" = \"social\"\n";
  for (std::size_t i = 0; i <= tw::policy_limits::kMaxBudgets; ++i) {
    text += "[[budget]]\nid = \"b" + std::to_string(i) + "\"\ncategory = \"social\"\nlimit_min = 10\n";
  }
  const tw::PolicyLoadResult r = parse(text);
  REQUIRE(r.errors().size() == 1);
  CHECK(r.errors()[0].key == "budget[256]");
  CHECK(r.errors()[0].message == "more than 256 entries; the limit is 256");
  CHECK(r.errors()[0].line == 4 + 256 * 4);
}

TEST_CASE("a syntax error is reported with toml++'s position", "[policy]") {
  const tw::PolicyLoadResult r = parse("schema = 1\n[apps\n");
  REQUIRE(r.errors().size() == 1);
  CHECK(r.errors()[0].code == tw::Errc::parse);
  CHECK(r.errors()[0].line == 2);
  CHECK(r.errors()[0].key.empty());
  CHECK(r.errors()[0].message.rfind("TOML syntax: ", 0) == 0);
}

TEST_CASE("missing, unreadable and directory paths are reported, not thrown", "[policy]") {
  const tw::PolicyLoadResult missing = tw::load_policy_file("/nonexistent/policy.toml");
  REQUIRE(missing.errors().size() == 1);
  CHECK(missing.errors()[0].code == tw::Errc::not_found);
  CHECK(tw::to_string(missing.errors()[0]) == "/nonexistent/policy.toml:1:1: cannot open: no such file");
  const tw::PolicyLoadResult dir = tw::load_policy_file(TW_SOURCE_DIR);
  REQUIRE(dir.errors().size() == 1);
  CHECK(dir.errors()[0].code == tw::Errc::io);
}

TEST_CASE("more than 100 errors: the first 100 and a count of the rest", "[policy]") {
  std::string text = "schema = 1\n";
  for (int i = 0; i < 150; ++i) text += "[[idle.item]]\nid = " + std::to_string(i) + "\n";
  const tw::PolicyLoadResult r = parse(text);
  // Each item: id of the wrong type, kind and title missing = 450 errors.
  REQUIRE(r.errors().size() == 101);
  CHECK(std::is_sorted(r.errors().begin(), r.errors().end() - 1,
                       [](const auto& a, const auto& b) { return a.line < b.line; }));
  CHECK(r.errors()[0].line == 2);  // the first item's header: kind, title missing
  CHECK(r.errors().back().message == "350 more errors left out");
  CHECK(r.errors().back().key.empty());
}

TEST_CASE("a load result converts to the SDK's Result<Policy>", "[policy]") {
  tw::Result<tw::Policy> good = tw::parse_policy("schema = 1\n[deferral]\nmax_defer_s = 30\n", "p.toml");
  REQUIRE(good.ok());
  CHECK(good->deferral.max_defer_s == 30);
  tw::Result<tw::Policy> bad = tw::load_policy_file("/nonexistent/p.toml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == tw::Errc::not_found);
  CHECK(bad.error().message == "/nonexistent/p.toml:1:1: cannot open: no such file");
}

TEST_CASE("attention.dwell_s: a number of seconds, 0.2 to 10, default 1.2", "[policy]") {
  CHECK(tw::Policy{}.attention.dwell_s == 1.2);
  const tw::PolicyLoadResult ok = parse("schema = 1\n[attention]\ndwell_s = 0.8\n");
  REQUIRE(ok.ok());
  CHECK(ok->attention.dwell_s == 0.8);
  CHECK(parse("schema = 1\n[attention]\ndwell_s = 2\n")->attention.dwell_s == 2.0);  // an integer is a number
  for (const char* bad : {"0.1", "10.5", "nan", "-1"}) {
    INFO(bad);
    const tw::PolicyLoadResult r = parse(std::string("schema = 1\n[attention]\ndwell_s = ") + bad + "\n");
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.errors().size() == 1);
    CHECK(r.errors()[0].key == "attention.dwell_s");
    CHECK(r.errors()[0].line == 3);
    CHECK(r.errors()[0].message.rfind("must be at least 0.2 and at most 10", 0) == 0);
  }
  const tw::PolicyLoadResult text = parse("schema = 1\n[attention]\ndwell_s = \"1s\"\n");
  REQUIRE_FALSE(text.ok());
  CHECK(text.errors()[0].key == "attention.dwell_s");
}

TEST_CASE("attention.pinch_close_cm and pinch_open_cm: the pinch's thresholds, with a gap between them", "[policy][pinch]") {
  CHECK(tw::Policy{}.attention.pinch_close_cm == 1.5);
  CHECK(tw::Policy{}.attention.pinch_open_cm == 3.0);
  const tw::PolicyLoadResult ok = parse("schema = 1\n[attention]\npinch_close_cm = 2\npinch_open_cm = 4.5\n");
  REQUIRE(ok.ok());
  CHECK(ok->attention.pinch_close_cm == 2.0);
  CHECK(ok->attention.pinch_open_cm == 4.5);
  // Round trip through the canonical text (what the ledger stores).
  const tw::PolicyLoadResult again = parse(tw::canonical_policy_text(ok.value()));
  REQUIRE(again.ok());
  CHECK(again->attention == ok->attention);

  const tw::PolicyLoadResult range = parse("schema = 1\n[attention]\npinch_close_cm = 0.1\n");
  REQUIRE_FALSE(range.ok());
  CHECK(range.errors()[0].key == "attention.pinch_close_cm");
  // No gap: the open threshold is named, at its line.
  const tw::PolicyLoadResult flat = parse("schema = 1\n[attention]\npinch_close_cm = 2\npinch_open_cm = 2\n");
  REQUIRE_FALSE(flat.ok());
  REQUIRE(flat.errors().size() == 1);
  CHECK(flat.errors()[0].key == "attention.pinch_open_cm");
  CHECK(flat.errors()[0].line == 4);
  CHECK(flat.errors()[0].message.find("more than pinch_close_cm (2)") != std::string::npos);
  // Only the close one, above the default open 3 cm: the close one is named.
  const tw::PolicyLoadResult above = parse("schema = 1\n[attention]\npinch_close_cm = 4\n");
  REQUIRE_FALSE(above.ok());
  REQUIRE(above.errors().size() == 1);
  CHECK(above.errors()[0].key == "attention.pinch_close_cm");
  CHECK(above.errors()[0].line == 3);
}

TEST_CASE("exercise kinds: \"breathing\" still reads as breathe, parameters default and round-trip", "[policy]") {
  const auto r = parse(
      "schema = 1\n[friction]\nintentions = [\"reply to Ana\"]\n"
      "[[friction.exercise]]\nid = \"old\"\nkind = \"breathing\"\ntext = \"b\"\n"
      "[[friction.exercise]]\nid = \"plain\"\ntext = \"b\"\n"
      "[[friction.exercise]]\nid = \"w\"\nkind = \"wait\"\nwait_s = 45\ntext = \"w\"\n"
      "[[friction.exercise]]\nid = \"i\"\nkind = \"intention\"\ntext = \"why?\"\n");
  REQUIRE(r.ok());
  const tw::Policy& p = r.value();
  REQUIRE(p.friction.exercises.size() == 4);
  CHECK(p.friction.exercises[0].kind == tw::ExerciseKind::breathe);
  CHECK(p.friction.exercises[0].breaths == 3);
  CHECK(p.friction.exercises[1].kind == tw::ExerciseKind::breathe);
  CHECK(p.friction.exercises[2].kind == tw::ExerciseKind::wait);
  CHECK(p.friction.exercises[2].wait_s == 45);
  CHECK(p.friction.exercises[3].kind == tw::ExerciseKind::intention);
  CHECK(p.friction.intentions == std::vector<std::string>{"reply to Ana"});
  // The canonical text (what the device guardian stores) reads back the same.
  const auto again = parse(tw::canonical_policy_text(p));
  REQUIRE(again.ok());
  CHECK(again.value() == p);
}

TEST_CASE("friction.floor_share and seed: defaults, bounds, and the canonical text only when set", "[policy]") {
  const std::string three =
      "[[friction.exercise]]\nid = \"a\"\ntext = \"a\"\n[[friction.exercise]]\nid = \"b\"\ntext = \"b\"\n"
      "[[friction.exercise]]\nid = \"c\"\ntext = \"c\"\n";
  const auto plain = parse("schema = 1\n[friction]\n" + three);
  REQUIRE(plain.ok());
  CHECK(plain.value().friction.floor_share == 0.1);
  CHECK(plain.value().friction.seed == tw::kDefaultExerciseSeed);
  CHECK(tw::canonical_policy_text(plain.value()).find("floor_share") == std::string::npos);

  const auto set = parse("schema = 1\n[friction]\nfloor_share = 0.25\nseed = 42\n" + three);
  REQUIRE(set.ok());
  CHECK(set.value().friction.floor_share == 0.25);
  CHECK(set.value().friction.seed == 42);
  const auto again = parse(tw::canonical_policy_text(set.value()));
  REQUIRE(again.ok());
  CHECK(again.value() == set.value());

  // Three floors of 0.4 promise more than every prompt.
  const auto over = parse("schema = 1\n[friction]\nfloor_share = 0.4\n" + three);
  REQUIRE_FALSE(over.ok());
  CHECK(over.errors()[0].key == "friction.floor_share");
  CHECK(over.errors()[0].message.find("at most 1/3") != std::string::npos);
  CHECK_FALSE(parse("schema = 1\n[friction]\nfloor_share = 0.6\n" + three).ok());
  CHECK_FALSE(parse("schema = 1\n[friction]\nseed = -1\n" + three).ok());
}
