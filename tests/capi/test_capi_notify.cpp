// Notifications through the C ABI (issue 16 §4): an engine submits a nudge
// with title, body, source and urgency; it waits for a breakpoint (or passes
// as urgent) and is read back as a card with its text.
#include "tw_catch.hpp"

#include <string>

#include "timewall/timewall.h"

namespace {

const tw_card* card(tw_engine* e, uint32_t id) {
  const tw_card* cards = nullptr;
  size_t n = 0;
  REQUIRE(tw_engine_cards(e, &cards, &n) == TW_OK);
  for (size_t i = 0; i < n; ++i)
    if (cards[i].id == id) return &cards[i];
  return nullptr;
}

}  // namespace

TEST_CASE("C ABI: a notification waits for a breakpoint and shows as a card", "[capi][notify]") {
  tw_engine_desc desc{};
  desc.struct_size = sizeof desc;
  desc.policy_text = "schema = 1\n[apps]\n\"editor\" = \"work\"\n\"chat\" = \"messaging\"\n";
  tw_engine* e = nullptr;
  REQUIRE(tw_engine_create(&desc, &e, nullptr) == TW_OK);
  const tw_instant t0{1'000'000'000, 1'795'435'200'000};  // a Monday, 12:00 UTC
  auto at = [&](int64_t s) { return tw_instant{t0.mono_ns + s * 1'000'000'000, t0.unix_ms + s * 1000}; };
  tw_signal focus{};
  focus.at = t0;
  focus.kind = TW_SIGNAL_APP_FOCUS;
  focus.app = "editor";
  REQUIRE(tw_engine_feed(e, &focus, 1) == TW_OK);
  REQUIRE(tw_engine_tick(e, t0) == TW_OK);

  tw_notification n{};
  n.struct_size = sizeof n;
  n.source = "Chat";
  n.title = "Ana";
  n.body = "<b>lunch</b> at 12 &amp; then?";
  uint32_t id = 0;
  REQUIRE(tw_engine_notify(e, &n, at(1), &id) == TW_OK);
  CHECK(id == 1);
  REQUIRE(tw_engine_tick(e, at(2)) == TW_OK);
  CHECK(card(e, id) == nullptr);  // mid-task: held

  focus.at = at(10);
  focus.app = "chat";
  REQUIRE(tw_engine_feed(e, &focus, 1) == TW_OK);
  REQUIRE(tw_engine_tick(e, at(10)) == TW_OK);  // an app switch: a breakpoint
  const tw_card* c = card(e, id);
  REQUIRE(c != nullptr);
  CHECK(std::string(c->source) == "Chat");
  CHECK(std::string(c->title) == "Ana");
  CHECK(std::string(c->body) == "lunch at 12 & then?");
  CHECK(c->count == 1);

  n.title = "Urgent";
  n.body = nullptr;
  n.urgency = 2;
  uint32_t urgent = 0;
  REQUIRE(tw_engine_notify(e, &n, at(11), &urgent) == TW_OK);
  REQUIRE(tw_engine_tick(e, at(11)) == TW_OK);
  REQUIRE(card(e, urgent) != nullptr);
  CHECK(std::string(card(e, urgent)->body).empty());

  tw_notification bad{};
  bad.struct_size = sizeof bad;
  bad.source = "x";
  CHECK(tw_engine_notify(e, &bad, at(12), &id) == TW_ERROR_INVALID_ARGUMENT);  // no title
  bad.title = "t";
  bad.struct_size = 3;
  CHECK(tw_engine_notify(e, &bad, at(12), &id) == TW_ERROR_INVALID_ARGUMENT);
  CHECK(tw_engine_notify(nullptr, &n, at(12), &id) == TW_ERROR_NULL_HANDLE);
  CHECK(tw_engine_cards(nullptr, nullptr, nullptr) == TW_ERROR_NULL_HANDLE);
  tw_engine_destroy(e);
}
