// `timewall enforce --shield PROGRAM [--policy FILE] [--ledger FILE]
//  [--input-cuts FILE] [--monado-ctl PROGRAM] [--shield-log FILE] [--poll-ms N] [--app-map FILE]`:
// timewalld's enforcing half without a bus: the same loop as `timewall serve
// --shield` (device_service.hpp), for builds without sd-bus (arm64) and for
// a device that wants no notification server. The device's blocks made a
// runtime fact on Monado (issue 15 §3): one Runtime counts every app in the
// runtime's client list, with or without Timewall's API layer in it; a
// blocked app loses its input and the shield takes primary; when the block
// lifts, primary and input go back. docs/device-service.md.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "args.hpp"
#include "commands.hpp"
#include "common/local_timezone.hpp"
#include "common/system_clock.hpp"
#include "core/runtime/device_paths.hpp"
#include "core/runtime/runtime.hpp"
#include "device_service.hpp"

namespace tw::cli {

int enforce_command(std::span<const std::string_view> args) {
  static constexpr OptionSpec kSpecs[] = {{"policy", true},     {"ledger", true},     {"shield", true},
                                          {"shield-log", true}, {"monado-ctl", true}, {"poll-ms", true},
                                          {"input-cuts", true}, {"app-map", true}};
  auto parsed = parse_args(args, kSpecs);
  if (!parsed) return usage_error("enforce: " + parsed.error().message);
  if (!parsed->positional.empty())
    return usage_error("enforce: unexpected argument '" + std::string(parsed->positional[0]) + "'");
  if (!parsed->has("shield")) return usage_error("enforce: --shield PROGRAM is required (timewall-shield)");
  EnforceArgs ea;
  if (auto bad = read_enforce_args(parsed.value(), ea)) return usage_error("enforce: " + *bad);

  SystemClock clock;
  auto zone = load_local_timezone(std::getenv("TZ"));
  RuntimeDesc desc;
  desc.policy_path = std::string(parsed->value("policy"));
  desc.ledger_path = std::string(parsed->value("ledger"));
  desc.device_policy_path = device_file(kDeviceDir, kDevicePolicyFile);
  desc.device_zone = zone ? std::move(zone).value() : TimeZone::utc();
  desc.policy_check_ms = 1000;
  desc.commit_every_s = 2;  // inline commits; a SIGKILL loses at most this much attended time
  desc.restore_notifications = false;  // no bus here: `timewall serve`'s
  desc.log = [](std::string_view m) { std::fprintf(stderr, "timewall enforce: %.*s\n", int(m.size()), m.data()); };
  std::vector<PolicyError> problems;
  auto rt = Runtime::create(desc, &problems);
  if (!rt) {
    for (const PolicyError& p : problems) std::fprintf(stderr, "%s\n", to_string(p).c_str());
    std::fprintf(stderr, "timewall enforce: %s\n", rt.error().message.c_str());
    return kExitFailed;
  }
  if (rt->start_refusal()) std::fprintf(stderr, "timewall enforce: %s\n", rt->start_refusal()->message.c_str());
  rt->start(clock.now());
  DeviceLoop loop{.name = "enforce", .runtime = rt.value(), .clock = clock, .enforce = &ea,
                  .ledger_path = desc.ledger_path};
  return run_device_loop(loop);
}

}  // namespace tw::cli
