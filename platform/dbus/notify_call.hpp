// notify_call.hpp: one Notify method call, read from its sd-bus message.
//
// What it does: read_notify_call() reads the arguments of
// org.freedesktop.Notifications.Notify (susssasa{sv}i, Desktop Notifications
// Specification 1.2) into a NotifyCall: the texts, replaces_id, the flat
// action list, and the hints Timewall uses ("urgency" as a byte, or as any
// integer type some senders use; "desktop-entry" as a string); every other
// hint, and hints of unexpected types, are skipped. The strings point into
// the message, so the call lives as long as the message.
// What it does not do: clean the texts (clean_notification does), admit the
// notification or reply.
//
//   tw::dbus::NotifyCall call;
//   if (int r = tw::dbus::read_notify_call(m, call); r < 0) return r;   // sd-bus replies with the error
//   tw::Notification n = tw::clean_notification(call.in);
#pragma once

#include <systemd/sd-bus.h>

#include <cstdint>
#include <string_view>

#include "core/notify/notification.hpp"

namespace tw::dbus {

struct NotifyCall {
  NotificationIn in;
  uint32_t replaces_id = 0;
  std::string_view app_icon{};
};

// 0, or a negative errno from sd-bus (a message that does not match the signature).
int read_notify_call(sd_bus_message* m, NotifyCall& out);

}  // namespace tw::dbus
