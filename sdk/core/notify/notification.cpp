#include "core/notify/notification.hpp"

#include "core/app_id.hpp"
#include "core/notify/text_clean.hpp"

namespace tw {
namespace {

std::string clean(std::string_view raw, size_t max_bytes) {
  // Cut the raw text first so a huge input costs no more than a few limits.
  return truncate_utf8(valid_utf8(raw.substr(0, 4 * max_bytes)), max_bytes);
}

}  // namespace

Notification clean_notification(const NotificationIn& in) {
  Notification n;
  n.app_name = clean(in.app_name, kMaxNotifyAppBytes);
  const std::string entry = clean(in.desktop_entry, kMaxNotifyAppBytes);
  n.app = normalize_app_id(entry.empty() ? n.app_name : entry);
  if (n.app.empty()) n.app = "unknown";
  n.summary = clean(in.summary, kMaxNotifySummaryBytes);
  // Markup is stripped before the cut so a tag is never cut in half.
  n.body = truncate_utf8(strip_markup(valid_utf8(in.body.substr(0, 4 * kMaxNotifyBodyBytes))), kMaxNotifyBodyBytes);
  n.urgency = in.urgency == 0 ? Urgency::low : in.urgency == 2 ? Urgency::critical : Urgency::normal;
  for (size_t i = 0; i < in.actions.size() && n.actions.size() < kMaxActions; i += 2) {
    NotifyAction a{clean(in.actions[i], kMaxNotifyActionKeyBytes),
                   i + 1 < in.actions.size() ? clean(in.actions[i + 1], kMaxNotifyActionLabelBytes) : std::string()};
    if (a.key.empty()) continue;
    // A button needs words: the key itself, or "Open" for the activation action.
    if (a.label.empty()) a.label = a.key == kDefaultActionKey ? "Open" : a.key;
    n.actions.push_back(std::move(a));
  }
  n.expire_timeout_ms = in.expire_timeout_ms < -1 ? -1 : in.expire_timeout_ms;
  return n;
}

}  // namespace tw
