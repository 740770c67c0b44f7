// device_service.hpp: the loop of timewalld, the one Timewall process of a
// device (`timewall serve`, and `timewall enforce`, its alias without a bus).
//
// What it does: runs one Runtime until SIGINT or SIGTERM (or until the bus
// is lost), ticking it once per turn on the host's clock: through the
// Enforcer when the device's runtime is enforced (--shield: it polls the
// client list every poll_ms and its step is the tick), else directly. A bus
// (the notification server and the device interface, cmd_serve.cpp) is
// served between ticks and shown each tick's output. Enforcement lines go to
// stdout (tw::to_line), framed by "enforce started" and "enforce stopped";
// at the end it gives the runtime back what it took (Enforcer::release) and
// finishes the Runtime (a last commit).
// What it does not do: parse the bus's options or own the bus (cmd_serve.cpp
// does), or draw.
//
//   tw::cli::EnforceArgs ea;
//   if (auto bad = tw::cli::read_enforce_args(parsed, ea)) return usage_error(*bad);
//   tw::cli::DeviceLoop loop{.name = "serve", .runtime = rt, .clock = clock, .enforce = &ea};
//   return tw::cli::run_device_loop(loop);
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "args.hpp"
#include "core/clock.hpp"
#include "core/device/enforcer.hpp"
#include "core/result.hpp"
#include "core/runtime/runtime.hpp"
#include "monado/shield_process.hpp"

namespace tw::cli {

// --shield, --shield-log, --monado-ctl, --input-cuts, --poll-ms.
struct EnforceArgs {
  std::string shield;      // the shield program (samples/timewall_shield)
  std::string shield_log;  // its stdout and stderr; "" = inherited
  std::string monado_ctl;  // "" = monado-ctl on $PATH
  std::string input_cuts;  // "" = LEDGER.input-cuts, else none
  std::string app_map;     // the wearer's app map (default_app_map_path() when not given)
  long poll_ms = 200;
};
// The options enforcing takes. Enforcing is on when --shield is given;
// the rest without it is an error (the text, for usage_error).
inline constexpr OptionSpec kEnforceSpecs[] = {
    {"shield", true},    {"shield-log", true}, {"monado-ctl", true},
    {"input-cuts", true}, {"poll-ms", true},   {"app-map", true}};
std::optional<std::string> read_enforce_args(const Args& parsed, EnforceArgs& out);

// What the loop serves between ticks: the D-Bus side of `timewall serve`.
class LoopBus {
 public:
  virtual ~LoopBus() = default;
  virtual Status process(uint64_t wait_us) = 0;    // handle what came, waiting up to wait_us
  virtual Status publish(const TickOutput* out) = 0;  // after a tick (null: none this turn)
  virtual bool lost() const = 0;                      // another process took the bus name
  // The Enforcer (null: none, or no longer), for the device interface.
  virtual void watch(const Enforcer* enforcer) = 0;
};

struct DeviceLoop {
  const char* name = "serve";  // in messages: "timewall <name>: ..."
  Runtime& runtime;
  Clock& clock;
  bool manual_clock = false;            // the Runtime ticks only when the bus moves the clock (or a poll)
  const EnforceArgs* enforce = nullptr;  // null: no enforcement
  std::string ledger_path{};            // for the default input-cuts file
  LoopBus* bus = nullptr;               // null: no bus (enforce, builds without sd-bus)
  // timewall-overlay (serve --overlay): started before the first turn,
  // started again when it ended (at most once a second), ended last.
  ShieldProcess* overlay = nullptr;
};

// Returns the process exit code (kExitOk, or kExitFailed when the bus or
// the last commit failed).
int run_device_loop(DeviceLoop& loop);

}  // namespace tw::cli
