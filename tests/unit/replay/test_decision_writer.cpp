// The decision writer: a golden line, null handling and escaping.
#include "tw_catch.hpp"

#include <string>

#include "core/replay/decision_writer.hpp"

TEST_CASE("a decision becomes the golden JSON line", "[decision_writer]") {
  tw::Interner apps;
  tw::Interner categories;
  tw::Policy policy;
  policy.budgets.push_back({.id = "social-daily", .target = "social", .limit_s = 1800});
  tw::Decision d;
  d.unix_ms = 1772433660LL * 1000;  // 2026-03-02T06:41:00Z
  d.kind = tw::DecisionKind::show;
  d.overlay = tw::OverlayKind::warning;
  d.reason = tw::Reason::budget_warn_fraction;
  d.app = apps.intern("com.example.feed");
  d.category = categories.intern("social");
  d.budget = 0;
  d.remaining_s = 540;
  std::string out;
  tw::append_decision_json(out, d, 3600, {&apps, &categories, &policy});
  CHECK(out ==
        R"({"t":"2026-03-02T07:41:00+01:00","kind":"show","overlay":"warning","app":"com.example.feed",)"
        R"("category":"social","budget":"social-daily","remaining_s":540,"reason":"budget_warn_fraction"})"
        "\n");
}

TEST_CASE("absent ids are null and state decisions name no overlay", "[decision_writer]") {
  tw::Decision d;
  d.unix_ms = 1772433660LL * 1000 + 250;
  d.kind = tw::DecisionKind::state;
  d.reason = tw::Reason::away;
  std::string out;
  tw::append_decision_json(out, d, 0, {});
  CHECK(out == R"({"t":"2026-03-02T06:41:00.250Z","kind":"state","overlay":null,"app":null,)"
               R"("category":null,"budget":null,"remaining_s":null,"reason":"away"})"
               "\n");
}

TEST_CASE("JSON strings escape quotes, backslashes and control bytes", "[decision_writer]") {
  std::string out;
  tw::append_json_string(out, "a\"b\\c\n\x01 é");
  CHECK(out == "\"a\\\"b\\\\c\\n\\u0001 é\"");
}
