// shield_host.hpp: the "shield": a normal XR session of Timewall's own that
// takes the runtime's primary slot while an app is blocked.
//
// What it does: one small interface the Enforcer raises and lowers. A
// runtime that displays one normal session at a time (Monado) shows the
// newest one; the blocked app drops to SYNCHRONIZED, neither displayed nor
// focused, while the shield shows the block card.
// What it does not do: start any process or session itself (platform/monado's
// ShieldProcess starts `timewall-shield`), or give primary back (the Enforcer
// does that through RuntimeControl before it lowers the shield).
//
//   if (!shield.raised()) shield.raise({.label = "games", .reason = "budget_reached"});
//   if (shield.owns(client.pid)) continue;  // not an app to count or block
//   shield.lower();
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"

namespace tw {

struct ShieldRequest {
  std::string label;   // what is paused: the category, else the app
  std::string reason;  // tw::to_string(Reason) of the block
};

class ShieldHost {
 public:
  virtual ~ShieldHost() = default;
  virtual Status raise(const ShieldRequest& request) = 0;
  // Ends the shield's session (a no-op when none is up).
  virtual void lower() = 0;
  // A shield is up (its process still runs).
  virtual bool raised() = 0;
  // `pid` is the shield's process: its client is Timewall's, not an app.
  virtual bool owns(int32_t pid) const = 0;
};

}  // namespace tw
