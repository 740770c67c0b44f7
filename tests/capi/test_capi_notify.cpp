// Notifications through the C ABI (issue 16 §4): an engine submits a nudge
// with title, body, source and urgency; it waits for a breakpoint (or passes
// as urgent) and is read back as a card with its text.
#include "tw_catch.hpp"

#include <cstddef>
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

TEST_CASE("C ABI: a notification's actions reach its card, and the wearer's choice closes it", "[capi][notify]") {
  tw_engine_desc desc{};
  desc.struct_size = sizeof desc;
  desc.policy_text = "schema = 1\n[[notifications.rule]]\napp = \"chat\"\nroute = \"deliver\"\n";
  tw_engine* e = nullptr;
  REQUIRE(tw_engine_create(&desc, &e, nullptr) == TW_OK);
  const tw_instant t0{1'000'000'000, 1'795'435'200'000};
  auto at = [&](int64_t s) { return tw_instant{t0.mono_ns + s * 1'000'000'000, t0.unix_ms + s * 1000}; };
  REQUIRE(tw_engine_tick(e, t0) == TW_OK);

  // Ten actions: the first 8 are kept; an empty label becomes the key, "default"'s "Open";
  // one without a key is dropped.
  const tw_notification_action actions[] = {{"yes", "Yes"}, {"default", nullptr}, {"", "no key"}, {"later", ""},
                                            {"a4", "4"},    {"a5", "5"},          {"a6", "6"},     {"a7", "7"},
                                            {"a8", "8"},    {"a9", "9"}};
  tw_notification n{};
  n.struct_size = sizeof n;
  n.source = "Chat";
  n.title = "Ana";
  n.actions = actions;
  n.action_count = 10;
  uint32_t id = 0;
  REQUIRE(tw_engine_notify(e, &n, at(1), &id) == TW_OK);
  REQUIRE(tw_engine_tick(e, at(1)) == TW_OK);
  const tw_card* c = card(e, id);
  REQUIRE(c != nullptr);
  REQUIRE(c->action_count == TW_MAX_NOTIFICATION_ACTIONS);
  const char* keys[] = {"yes", "default", "later", "a4", "a5", "a6", "a7", "a8"};
  const char* labels[] = {"Yes", "Open", "later", "4", "5", "6", "7", "8"};
  for (uint32_t i = 0; i < c->action_count; ++i) {
    INFO(i);
    CHECK(std::string(c->actions[i].key) == keys[i]);
    CHECK(std::string(c->actions[i].label) == labels[i]);
  }
  const tw_overlay* overlays = nullptr;
  size_t count = 0;

  CHECK(tw_engine_invoke_action(e, id, "maybe", at(2)) == TW_ERROR_NOT_FOUND);  // not on the card
  CHECK(tw_engine_invoke_action(e, id + 1, "yes", at(2)) == TW_ERROR_NOT_FOUND);  // no such card
  CHECK(tw_engine_invoke_action(e, id, nullptr, at(2)) == TW_ERROR_INVALID_ARGUMENT);
  CHECK(tw_engine_invoke_action(nullptr, id, "yes", at(2)) == TW_ERROR_NULL_HANDLE);
  REQUIRE(card(e, id) != nullptr);  // refusals change nothing
  CHECK(tw_engine_invoke_action(e, id, "a8", at(2)) == TW_OK);  // past the buttons: still the sender's key
  CHECK(card(e, id) == nullptr);  // closed at once
  CHECK(tw_engine_invoke_action(e, id, "yes", at(2)) == TW_ERROR_NOT_FOUND);  // answered once
  REQUIRE(tw_engine_tick(e, at(3)) == TW_OK);
  REQUIRE(tw_engine_overlays(e, &overlays, &count) == TW_OK);
  for (size_t i = 0; i < count; ++i) CHECK(overlays[i].nudge_id != (0x80000000u | id));  // the overlay went too

  // NULL actions with a count: refused; ABI 3's shorter struct: taken, without actions.
  n.actions = nullptr;
  CHECK(tw_engine_notify(e, &n, at(4), &id) == TW_ERROR_INVALID_ARGUMENT);
  n.struct_size = static_cast<uint32_t>(offsetof(tw_notification, actions));
  REQUIRE(tw_engine_notify(e, &n, at(4), &id) == TW_OK);
  REQUIRE(tw_engine_tick(e, at(4)) == TW_OK);
  REQUIRE(card(e, id) != nullptr);
  CHECK(card(e, id)->action_count == 0);
  CHECK(card(e, id)->actions == nullptr);
  tw_engine_destroy(e);
}
