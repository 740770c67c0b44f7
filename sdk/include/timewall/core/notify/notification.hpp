// notification.hpp: a notification as the core keeps it: a nudge with content.
//
// What it does: NotificationIn is what a sender handed over (a D-Bus Notify
// call, a C host's tw_engine_notify); clean_notification() turns it into a
// Notification that is safe to store and show: every text valid UTF-8
// (invalid bytes replaced by U+FFFD), the body's markup stripped to plain
// text, each text truncated to its limit below (ending in "…"), at most
// kMaxActions actions (an action without a key is dropped), the app id
// derived by the one app-id rule (normalize_app_id of the desktop entry, else
// of the app name; "unknown" when both are empty), and the urgency and expiry
// clamped to what the specification defines.
// What it does not do: route, defer or record (Inbox and Engine do).
//
//   tw::Notification n = tw::clean_notification({.app_name = "Chat", .summary = "Ana",
//                                                 .body = "<b>lunch?</b>", .urgency = 1});
//   // n.app == "chat", n.body == "lunch?"
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tw {

// Limits, in bytes of UTF-8 (docs/notifications.md).
inline constexpr size_t kMaxNotifyAppBytes = 128;
inline constexpr size_t kMaxNotifySummaryBytes = 256;
inline constexpr size_t kMaxNotifyBodyBytes = 4096;
inline constexpr size_t kMaxNotifyActionKeyBytes = 64;
inline constexpr size_t kMaxNotifyActionLabelBytes = 64;
inline constexpr size_t kMaxActions = 8;

// The specification's urgency byte: 0 low, 1 normal, 2 critical.
enum class Urgency : uint8_t { low = 0, normal = 1, critical = 2 };

struct NotifyAction {
  std::string key;    // sent back in ActionInvoked; "default" = the card itself
  std::string label;  // the button's text

  bool operator==(const NotifyAction&) const = default;
};

struct NotificationIn {
  std::string_view app_name{};
  std::string_view desktop_entry{};  // the "desktop-entry" hint, if any
  std::string_view summary{};
  std::string_view body{};
  int urgency = 1;  // out-of-range values count as normal
  // Flat key, label pairs as D-Bus sends them (an odd last key gets no label).
  std::vector<std::string_view> actions{};
  int32_t expire_timeout_ms = -1;  // -1: the server's default, 0: never
};

struct Notification {
  std::string app;       // normalised app id: the policy's rules match it
  std::string app_name;  // as the sender named itself, cleaned
  std::string summary;
  std::string body;  // plain text
  Urgency urgency = Urgency::normal;
  std::vector<NotifyAction> actions;
  int32_t expire_timeout_ms = -1;  // -1 or >= 0

  bool operator==(const Notification&) const = default;
};

Notification clean_notification(const NotificationIn& in);

}  // namespace tw
