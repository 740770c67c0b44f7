// `timewall serve [--policy FILE] --ledger FILE [--clock system|manual:ISO]
//  [--bus ADDRESS] [--replace] [--guardian-uid UID]`: Timewall's long-running process on the
// device: the notification server (org.freedesktop.Notifications, with the
// Inbox1 and, on a manual clock, Clock1 interfaces; platform/dbus) in front
// of one Runtime, in the foreground until SIGINT or SIGTERM, or until
// another server takes the name. docs/notifications.md.
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "args.hpp"
#include "commands.hpp"
#include "common/local_timezone.hpp"
#include "common/system_clock.hpp"
#include "core/replay/iso8601.hpp"
#include "core/runtime/device_paths.hpp"
#include "core/runtime/runtime.hpp"
#include "dbus/notify_server.hpp"

namespace tw::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_stop(int) { g_stop = 1; }

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: the bus wait returns at once
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

}  // namespace

int serve_command(std::span<const std::string_view> args) {
  static constexpr OptionSpec kSpecs[] = {
      {"policy", true}, {"ledger", true}, {"clock", true}, {"bus", true}, {"replace", false}, {"guardian-uid", true}};
  auto parsed = parse_args(args, kSpecs);
  if (!parsed) return usage_error("serve: " + parsed.error().message);
  if (!parsed->positional.empty())
    return usage_error("serve: unexpected argument '" + std::string(parsed->positional[0]) + "'");
  if (!parsed->has("ledger")) return usage_error("serve: --ledger FILE is required (notifications are kept there)");

  SystemClock system_clock;
  ManualClock manual_clock;
  const std::string_view clock_arg = parsed->has("clock") ? parsed->value("clock") : "system";
  const bool manual = clock_arg.starts_with("manual:");
  if (manual) {
    const IsoParse start = parse_iso8601(clock_arg.substr(7));
    if (!start.ok)
      return usage_error("serve: --clock manual:TIME needs an ISO 8601 time such as 2026-11-23T12:00:00Z (" +
                         std::string(start.error) + ")");
    // Monotonic time starts at the wall time, as if the device booted at the
    // epoch: a restored notification's wait (Signal::waited_ns) then never
    // reaches before zero, and a restart at a later TIME is later in both.
    manual_clock.set({std::max<int64_t>(0, start.unix_ms) * 1'000'000, start.unix_ms});
  } else if (clock_arg != "system") {
    return usage_error("serve: --clock is system or manual:ISO-TIME");
  }
  Clock& clock = manual ? static_cast<Clock&>(manual_clock) : static_cast<Clock&>(system_clock);
  int64_t guardian_uid = -1;
  if (parsed->has("guardian-uid")) {
    const std::string text(parsed->value("guardian-uid"));
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || v < 0 || v > 0xfffffffeLL)
      return usage_error("serve: --guardian-uid is a user id (a number), not '" + text + "'");
    guardian_uid = v;
  }

  auto zone = load_local_timezone(std::getenv("TZ"));
  RuntimeDesc desc;
  desc.policy_path = std::string(parsed->value("policy"));
  desc.ledger_path = std::string(parsed->value("ledger"));
  desc.device_policy_path = device_file(kDeviceDir, kDevicePolicyFile);  // the guardian's, as in every host
  desc.device_zone = zone ? std::move(zone).value() : TimeZone::utc();
  desc.policy_check_ms = manual ? 0 : 1000;
  std::vector<PolicyError> problems;
  auto rt = Runtime::create(desc, &problems);
  if (!rt) {
    for (const PolicyError& p : problems) std::fprintf(stderr, "%s\n", to_string(p).c_str());
    std::fprintf(stderr, "timewall serve: %s\n", rt.error().message.c_str());
    return kExitFailed;
  }
  rt->start(clock.now());
  auto server = dbus::NotifyServer::create(
      {.bus_address = std::string(parsed->value("bus")),
       .replace = parsed->has("replace"),
       .manual_clock = manual,
       .guardian_uid = guardian_uid},
      rt.value(), clock);
  if (!server) {
    std::fprintf(stderr, "timewall serve: %s\n", server.error().message.c_str());
    return kExitFailed;
  }
  install_stop_handlers();
  std::fprintf(stderr, "timewall serve: serving %s (%s clock)\n", dbus::kNotifyName, manual ? "manual" : "system");
  int code = kExitOk;
  std::string said;  // the ledger error said last, so it is said once
  while (!g_stop && !server->lost_name()) {
    if (Status st = server->step(100'000); !st) {
      std::fprintf(stderr, "timewall serve: %s\n", st.error().message.c_str());
      code = kExitFailed;
      break;
    }
    const Status& led = rt->last_ledger_error();
    const std::string now_failing = led ? "" : led.error().message;
    if (now_failing != said && !now_failing.empty())
      std::fprintf(stderr, "timewall serve: %s\n", now_failing.c_str());
    said = now_failing;
  }
  if (server->lost_name()) std::fprintf(stderr, "timewall serve: another server took %s\n", dbus::kNotifyName);
  if (Status st = rt->finish(clock.now()); !st) {
    std::fprintf(stderr, "timewall serve: %s\n", st.error().message.c_str());
    code = kExitFailed;
  }
  return code;
}

}  // namespace tw::cli
