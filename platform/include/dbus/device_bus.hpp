// device_bus.hpp: org.timewall.Device1, timewalld's device interface, as
// sd-bus messages.
//
// What it does: the wire form of tw::DeviceStatus and tw::AppDecision
// (core/device/device_status.hpp) on /org/freedesktop/Notifications, the
// same object (and the same peer-credential rule) as the notification
// server's interfaces:
//   Status() -> x b a(sssixxsss) a(ssssxxs) (bxx) (sssss)
//     at_ms, accounting, apps (app, category, state, client, today_ms,
//     week_ms, gate kind, reason, rule), budgets (id, scope, target, period,
//     used_ms, limit_ms, at_limit), youth (enabled, cap_ms, used_ms),
//     decision (app, kind, reason, rule, "" reserved);
//   AppDecision(u pid, s app_id) -> b s s s s x x s b
//     accounted, app, gate kind, reason, rule, ring used_ms, ring limit_ms
//     (-1: no budget covers the app), ring budget id, drawn (the service's
//     overlay client draws the ring and cards; an older serve's reply without
//     it reads as false).
// append_*() write them into a reply; read_*() read a reply back, checking
// every count and length, so a hostile or broken server gives an error
// value, never a crash. query_device_status() is a one-shot client
// (`timewall status`).
// What it does not do: decide anything (core does), or serve (NotifyServer).
//
//   tw::DeviceStatus s;
//   if (int r = tw::dbus::read_device_status(reply, s); r < 0) return r;
//   auto live = tw::dbus::query_device_status("", 500'000);
#pragma once

#include <systemd/sd-bus.h>

#include <cstdint>
#include <string>

#include "core/device/device_status.hpp"
#include "core/result.hpp"

namespace tw::dbus {

inline constexpr const char* kDeviceInterface = "org.timewall.Device1";
inline constexpr const char* kStatusSignature = "xba(sssixxsss)a(ssssxxs)(bxx)(sssss)";
inline constexpr const char* kAppDecisionSignature = "bssssxxsb";
// An older serve's AppDecision (no `drawn`): read as drawn = false.
inline constexpr const char* kAppDecisionSignatureV1 = "bssssxxs";
// A reply with more apps or budgets than this is refused by read_*() (the
// service lists what one device runs, and a policy's budgets).
inline constexpr size_t kMaxStatusEntries = 4096;
inline constexpr size_t kMaxStatusTextBytes = 4096;

int append_device_status(sd_bus_message* m, const DeviceStatus& s);
int read_device_status(sd_bus_message* m, DeviceStatus& out);
int append_app_decision(sd_bus_message* m, const AppDecision& d);
int read_app_decision(sd_bus_message* m, AppDecision& out);

// Calls Device1.Status on the bus (the session bus for ""), waiting at most
// timeout_us. not_found: no service on the bus (the name has no owner, or
// its owner has no Device1: an older serve); io: anything else.
Result<DeviceStatus> query_device_status(const std::string& bus_address, uint64_t timeout_us);

}  // namespace tw::dbus
