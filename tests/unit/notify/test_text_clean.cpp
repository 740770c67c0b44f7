// Notification content from outside: invalid UTF-8 replaced, markup
// stripped to plain text, texts truncated to their documented limits.
#include <string>

#include "core/notify/notification.hpp"
#include "core/notify/text_clean.hpp"
#include "tw_catch.hpp"

namespace {
const std::string kFffd = "\xEF\xBF\xBD";
}

TEST_CASE("valid_utf8 replaces each invalid sequence and keeps valid text", "[notify][text]") {
  CHECK(tw::valid_utf8("caf\xC3\xA9 \xE2\x9C\x93") == "caf\xC3\xA9 \xE2\x9C\x93");
  CHECK(tw::valid_utf8("a\xFF" "b") == "a" + kFffd + "b");
  CHECK(tw::valid_utf8("\xC0\xAF") == kFffd + kFffd);           // overlong '/'
  CHECK(tw::valid_utf8("\xED\xA0\x80") == kFffd + kFffd + kFffd);  // a surrogate
  CHECK(tw::valid_utf8("\xF4\x90\x80\x80") == kFffd + kFffd + kFffd + kFffd);  // past U+10FFFF
  CHECK(tw::valid_utf8("cut \xE2\x9C") == "cut " + kFffd + kFffd);
  CHECK(tw::valid_utf8(std::string("a\0b\x1b[2Jc\nd\te", 12)) == "a b [2Jc\nd\te");
}

TEST_CASE("strip_markup leaves the text of the specification's markup", "[notify][text]") {
  CHECK(tw::strip_markup("<b>Ana</b>: <i>lunch</i> at <u>12</u>?") == "Ana: lunch at 12?");
  CHECK(tw::strip_markup("<a href=\"https://x.org/?a=1&amp;b=2\">the link</a>") == "the link");
  CHECK(tw::strip_markup("look <img src=\"cat.png\" alt=\"a cat\"/> here") == "look a cat here");
  CHECK(tw::strip_markup("line<br>next") == "line\nnext");
  CHECK(tw::strip_markup("fish &amp; chips &lt;3 &quot;ok&quot; &apos;x&apos;") == "fish & chips <3 \"ok\" 'x'");
  CHECK(tw::strip_markup("&#233;&#x2713;") == "\xC3\xA9\xE2\x9C\x93");
  CHECK(tw::strip_markup("&#0;&#xD800;&#99999999;") == " " + kFffd + "&#99999999;");
  // Not markup: stays as written.
  CHECK(tw::strip_markup("a < b and c > d") == "a < b and c > d");
  CHECK(tw::strip_markup("1 <2") == "1 <2");
  CHECK(tw::strip_markup("<b unclosed") == "<b unclosed");
  CHECK(tw::strip_markup("AT&T &unknown;") == "AT&T &unknown;");
}

TEST_CASE("truncate_utf8 cuts on a code point and says so", "[notify][text]") {
  CHECK(tw::truncate_utf8("short", 10) == "short");
  CHECK(tw::truncate_utf8("abcdefghij", 10) == "abcdefghij");
  CHECK(tw::truncate_utf8("abcdefghijk", 10) == "abcdefg\xE2\x80\xA6");
  // "é" is 2 bytes: the cut never splits it.
  const std::string s = tw::truncate_utf8("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 6);
  CHECK(s == "\xC3\xA9\xE2\x80\xA6");
  CHECK(tw::valid_utf8(s) == s);
}

TEST_CASE("clean_notification: app id, limits, urgency, actions, expiry", "[notify][text]") {
  const std::string huge(100'000, 'x');
  std::vector<std::string_view> actions;
  for (int i = 0; i < 20; ++i) actions.push_back(i % 2 ? "Label" : "key");
  actions.push_back("odd");
  const tw::Notification n = tw::clean_notification({.app_name = "  My Chat ",
                                                     .summary = huge,
                                                     .body = "<b>" + huge + "</b>",
                                                     .urgency = 7,
                                                     .actions = actions,
                                                     .expire_timeout_ms = -50});
  CHECK(n.app == "my-chat");
  CHECK(n.app_name == "  My Chat ");
  CHECK(n.summary.size() == tw::kMaxNotifySummaryBytes);
  CHECK(n.body.size() == tw::kMaxNotifyBodyBytes);
  CHECK(n.body.find('<') == std::string::npos);
  CHECK(n.urgency == tw::Urgency::normal);
  CHECK(n.actions.size() == tw::kMaxActions);
  CHECK(n.expire_timeout_ms == -1);

  const tw::Notification d = tw::clean_notification(
      {.app_name = "Chat", .desktop_entry = "org.Example.Chat", .urgency = 2, .actions = {"", "x", "reply", "Reply", "k"}});
  CHECK(d.app == "org.example.chat");
  CHECK(d.urgency == tw::Urgency::critical);
  REQUIRE(d.actions.size() == 2);
  CHECK(d.actions[0] == tw::NotifyAction{"reply", "Reply"});
  CHECK(d.actions[1] == tw::NotifyAction{"k", "k"});  // no label: the key is the button's text
  const tw::Notification open = tw::clean_notification({.app_name = "Mail", .actions = {"default", "", "archive", ""}});
  REQUIRE(open.actions.size() == 2);
  CHECK(open.actions[0] == tw::NotifyAction{"default", "Open"});  // the activation action
  CHECK(open.actions[1] == tw::NotifyAction{"archive", "archive"});
  CHECK(tw::clean_notification({}).app == "unknown");
}
