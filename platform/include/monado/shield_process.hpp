// shield_process.hpp: tw::ShieldHost as a process: `timewall-shield`, a
// normal OpenXR session of its own (samples/timewall_shield), started when
// the Enforcer raises the shield and ended when it lowers it.
//
// What it does: raise() starts PROGRAM --label L --reason R with the
// caller's environment, stdout and stderr going to `log_path` (or
// inherited); the shield never outlives the thread that raised it
// (PR_SET_PDEATHSIG, SIGKILL: a killed enforce leaves no shield holding
// primary; raise from the thread that lives as long as the host); raised() reaps it when it has ended (a crashed shield reads as
// lowered, so the Enforcer raises it again, at most once per
// respawn_after_ms); lower() sends SIGTERM (the shield ends its session
// cleanly) and waits up to stop_timeout_ms, then SIGKILL; owns(pid) is true
// for the running shield's pid. The destructor lowers. With desc.args the
// same process handling runs timewall-overlay (`timewall serve --overlay`).
// What it does not do: give primary back (the Enforcer does, first), or read
// the shield's output.
//
//   tw::ShieldProcess shield({.program = "/usr/bin/timewall-shield"});
//   shield.raise({.label = "games", .reason = "budget_reached"});
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/device/shield_host.hpp"

namespace tw {

struct ShieldProcessDesc {
  std::string program{};              // the shield executable (path or name on PATH); required
  std::string log_path{};             // "" = inherit stdout and stderr
  int64_t stop_timeout_ms = 0;        // 0 = 3000
  int64_t respawn_after_ms = 0;       // 0 = 1000
  // With fixed_args, the program gets `args` instead of the request's
  // --label L --reason R (timewall-overlay, which runs beside every app).
  bool fixed_args = false;
  std::vector<std::string> args{};
};

class ShieldProcess final : public ShieldHost {
 public:
  explicit ShieldProcess(ShieldProcessDesc desc);
  ~ShieldProcess() override;
  ShieldProcess(const ShieldProcess&) = delete;
  ShieldProcess& operator=(const ShieldProcess&) = delete;

  Status raise(const ShieldRequest& request) override;
  void lower() override;
  bool raised() override;
  bool owns(int32_t pid) const override { return pid_ > 0 && pid == pid_; }

 private:
  ShieldProcessDesc desc_;
  pid_t pid_ = 0;
  int64_t spawned_ms_ = 0;  // CLOCK_MONOTONIC, for the respawn bound
};

}  // namespace tw
