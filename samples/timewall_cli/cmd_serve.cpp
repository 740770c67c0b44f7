// `timewall serve [--policy FILE] --ledger FILE [--clock system|manual:ISO]
//  [--bus ADDRESS] [--replace] [--guardian-uid UID] [--shield PROGRAM
//  [--monado-ctl PROGRAM] [--input-cuts FILE] [--shield-log FILE] [--poll-ms N] [--app-map FILE]]
//  [--overlay PROGRAM [--overlay-log FILE]]`:
// timewalld, Timewall's one long-running process on the device: one Runtime
// behind the notification server (org.freedesktop.Notifications, with the
// Inbox1 and, on a manual clock, Clock1 interfaces; platform/dbus) and, with
// --shield, enforcing the device's blocks on Monado with that same Runtime
// in the same loop (device_service.hpp). In the foreground until SIGINT or
// SIGTERM, or until another server takes the name. With --overlay it runs
// timewall-overlay beside it (its ring, prompts and cards over every app,
// and the answers to them: Device1.Shown, PolicyText, Answer).
// docs/notifications.md, docs/device-service.md.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "common/local_timezone.hpp"
#include "common/system_clock.hpp"
#include "core/replay/iso8601.hpp"
#include "core/runtime/device_paths.hpp"
#include "core/runtime/runtime.hpp"
#include "dbus/notify_server.hpp"
#include "device_service.hpp"

namespace tw::cli {
namespace {

// The notification server as the device loop's bus.
class ServerBus final : public LoopBus {
 public:
  explicit ServerBus(dbus::NotifyServer& server) : server_(server) {}
  Status process(uint64_t wait_us) override { return server_.process(wait_us); }
  Status publish(const TickOutput* out) override { return server_.publish(out); }
  bool lost() const override { return server_.lost_name(); }
  void watch(const Enforcer* enforcer) override { server_.watch(enforcer); }

 private:
  dbus::NotifyServer& server_;
};

}  // namespace

int serve_command(std::span<const std::string_view> args) {
  static constexpr OptionSpec kSpecs[] = {
      {"policy", true},       {"ledger", true},     {"clock", true},      {"bus", true},
      {"replace", false},     {"guardian-uid", true}, {"shield", true},   {"shield-log", true},
      {"monado-ctl", true},   {"input-cuts", true}, {"poll-ms", true},   {"app-map", true},
      {"overlay", true},      {"overlay-log", true}};
  auto parsed = parse_args(args, kSpecs);
  if (!parsed) return usage_error("serve: " + parsed.error().message);
  if (!parsed->positional.empty())
    return usage_error("serve: unexpected argument '" + std::string(parsed->positional[0]) + "'");
  if (!parsed->has("ledger")) return usage_error("serve: --ledger FILE is required (notifications are kept there)");
  EnforceArgs ea;
  if (auto bad = read_enforce_args(parsed.value(), ea)) return usage_error("serve: " + *bad);
  const bool enforcing = parsed->has("shield");
  if (parsed->has("overlay-log") && !parsed->has("overlay"))
    return usage_error("serve: --overlay-log goes with --overlay PROGRAM");
  if (parsed->has("overlay") && parsed->value("overlay").empty())
    return usage_error("serve: --overlay needs a program (timewall-overlay)");

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
  // Enforcing, the service counts every app: a SIGKILL loses at most 2 s of it.
  if (enforcing) desc.commit_every_s = 2;
  desc.log = [](std::string_view m) { std::fprintf(stderr, "timewall serve: %.*s\n", int(m.size()), m.data()); };
  std::vector<PolicyError> problems;
  auto rt = Runtime::create(desc, &problems);
  if (!rt) {
    for (const PolicyError& p : problems) std::fprintf(stderr, "%s\n", to_string(p).c_str());
    std::fprintf(stderr, "timewall serve: %s\n", rt.error().message.c_str());
    return kExitFailed;
  }
  if (rt->start_refusal()) std::fprintf(stderr, "timewall serve: %s\n", rt->start_refusal()->message.c_str());
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
  std::fprintf(stderr, "timewall serve: serving %s (%s clock)%s\n", dbus::kNotifyName, manual ? "manual" : "system",
               enforcing ? ", enforcing on the XR runtime" : "");
  ServerBus bus(server.value());
  // The overlay client draws the ring, prompts and cards over every app and
  // takes the answers, the block card on the shield's slate included: the
  // shield (which inherits this environment) then draws the slate alone.
  std::optional<ShieldProcess> overlay;
  if (parsed->has("overlay")) {
    std::vector<std::string> overlay_args;
    if (parsed->has("bus")) overlay_args = {"--bus", std::string(parsed->value("bus"))};
    overlay.emplace(ShieldProcessDesc{.program = std::string(parsed->value("overlay")),
                                      .log_path = std::string(parsed->value("overlay-log")),
                                      .fixed_args = true,
                                      .args = std::move(overlay_args)});
    setenv("TIMEWALL_SHIELD_CARD", "0", 1);
  }
  DeviceLoop loop{.name = "serve",
                  .runtime = rt.value(),
                  .clock = clock,
                  .manual_clock = manual,
                  .enforce = enforcing ? &ea : nullptr,
                  .ledger_path = desc.ledger_path,
                  .bus = &bus,
                  .overlay = overlay ? &*overlay : nullptr};
  const int code = run_device_loop(loop);
  if (server->lost_name()) std::fprintf(stderr, "timewall serve: another server took %s\n", dbus::kNotifyName);
  return code;
}

}  // namespace tw::cli
