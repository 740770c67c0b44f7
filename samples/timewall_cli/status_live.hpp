// status_live.hpp: `timewall status` from the running service (timewalld's
// org.timewall.Device1.Status) rather than from the ledger.
//
// What it does: renders a tw::DeviceStatus as text (one screen, the same
// sections as the ledger view: apps, budgets, youth cap, decision in force;
// each app with its state as the service sees it) or as one JSON line.
// What it does not do: ask the bus (dbus/device_bus.hpp does), or read the
// ledger (cmd_status.cpp does that when no service answers).
//
//   auto live = tw::dbus::query_device_status("", 500'000);
//   if (live) std::fputs(tw::cli::render_live_text(*live, zone).c_str(), stdout);
#pragma once

#include <string>

#include "core/device/device_status.hpp"
#include "core/timezone.hpp"

namespace tw::cli {

std::string render_live_text(const DeviceStatus& s, const TimeZone& zone);
std::string render_live_json(const DeviceStatus& s, const TimeZone& zone);

}  // namespace tw::cli
