// monado_ctl.hpp: tw::RuntimeControl for Monado, through its `monado-ctl` tool.
//
// What it does: clients() runs `monado-ctl` and parses its list
// (monado_ctl_parse.hpp); set_input(id, on) lists, and runs `monado-ctl -i ID`
// (a toggle) only where the client's input differs; make_primary(id) runs
// `monado-ctl -p ID`. Each run is bounded (CommandLimits); a non-zero exit
// status is an error carrying what monado-ctl printed.
// What it does not do: link libmonado (Debian 13 ships none), or keep
// anything between calls. Each call is a process start and an IPC connection
// to monado-service (about 10 ms here); it is meant for a few polls a second,
// not a frame loop. monado-ctl itself shows up in the list while it runs
// (act 0): the Enforcer skips clients without an active session.
// Monado must run without IPC_EXIT_ON_DISCONNECT, or the first listing ends it.
//
//   tw::MonadoCtl ctl({});                      // "monado-ctl" from PATH
//   auto clients = ctl.clients();
//   ctl.set_input(3, false);
#pragma once

#include <string>

#include "core/device/runtime_control.hpp"
#include "monado/command_runner.hpp"

namespace tw {

struct MonadoCtlDesc {
  std::string program{};     // "" = "monado-ctl" (found on PATH)
  int64_t timeout_ms = 0;    // per run; 0 = 2000
};

class MonadoCtl final : public RuntimeControl {
 public:
  explicit MonadoCtl(MonadoCtlDesc desc);
  Result<std::vector<RuntimeClient>> clients() override;
  Status set_input(int32_t id, bool on) override;
  Status make_primary(int32_t id) override;

 private:
  Result<CommandOutput> run(std::vector<std::string> args);
  MonadoCtlDesc desc_;
};

}  // namespace tw
