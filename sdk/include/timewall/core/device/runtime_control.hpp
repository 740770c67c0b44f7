// runtime_control.hpp: what Timewall asks of the device's XR runtime, and
// what it reads back about its clients.
//
// What it does: one small interface between the core and a runtime's client
// control: list the clients (id, application name, pid, session active,
// displayed, focused, input, overlay, z order), turn a client's input on or
// off, make a client primary (the one normal app the runtime displays and
// focuses). Errors are values; a backend never throws and never crashes on
// output it does not understand.
// What it does not do: talk to any runtime itself (platform/monado drives
// `monado-ctl`; libmonado where a runtime ships it would be another backend),
// include an XR or graphics header, or decide anything (the Enforcer does).
//
//   tw::Result<std::vector<tw::RuntimeClient>> list = control.clients();
//   for (const tw::RuntimeClient& c : list.value())
//     if (c.primary() && blocked(c.name)) control.set_input(c.id, false);
//   control.make_primary(app_id);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace tw {

struct RuntimeClient {
  int32_t id = -1;        // the runtime's client id (monado-ctl's `id`)
  std::string name;       // the application name it reported (XrApplicationInfo)
  int32_t pid = 0;        // its process, 0 where unknown
  bool active = false;    // it has a running session (monado-ctl `act`)
  bool displayed = false; // its frames reach the display (`disp`): VISIBLE or FOCUSED
  bool focused = false;   // its session is FOCUSED (`foc`)
  bool io = false;        // it receives input (`io`)
  bool overlay = false;   // an XR_EXTX_overlay session (`ovly`)
  int32_t z_order = 0;    // overlays' order (`z`)

  // The primary app: a normal (non-overlay) session that is displayed. A
  // runtime displays one normal session at a time; Monado does not print
  // the flag, so it is derived here.
  bool primary() const { return active && displayed && !overlay; }
};

class RuntimeControl {
 public:
  virtual ~RuntimeControl() = default;
  // Every client the runtime knows, in its order.
  virtual Result<std::vector<RuntimeClient>> clients() = 0;
  // Input on or off for client `id` (not_found: no such client). Setting
  // what is already so does nothing.
  virtual Status set_input(int32_t id, bool on) = 0;
  // Makes client `id`, a normal app, the primary one.
  virtual Status make_primary(int32_t id) = 0;
};

}  // namespace tw
