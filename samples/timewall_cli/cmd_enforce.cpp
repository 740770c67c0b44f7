// `timewall enforce --shield PROGRAM [--policy FILE] [--ledger FILE]
//  [--input-cuts FILE] [--monado-ctl PROGRAM] [--shield-log FILE] [--poll-ms N]`: the device's
// blocks made a runtime fact on Monado (issue 15 §3). One Runtime (the
// wearer's policy, or the guardian's device policy where it exists, reloaded
// when the file changes) counts every app in the runtime's client list, with
// or without Timewall's API layer in it; a blocked app loses its input and
// the shield (PROGRAM, samples/timewall_shield) takes primary; when the block
// lifts, primary and input go back. In the foreground until SIGINT or
// SIGTERM, which give everything back first. Killed (SIGKILL), it leaves no
// shield (it dies with enforce) and the input cuts it made in the
// --input-cuts file (default: next to the ledger), which the next enforce
// takes over or gives back. One line per action on stdout (tw::to_line).
// docs/device-service.md.
#include <time.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "args.hpp"
#include "commands.hpp"
#include "common/local_timezone.hpp"
#include "common/system_clock.hpp"
#include "core/device/enforcer.hpp"
#include "core/runtime/device_paths.hpp"
#include "core/runtime/runtime.hpp"
#include "monado/monado_ctl.hpp"
#include "monado/shield_process.hpp"

namespace tw::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_stop(int) { g_stop = 1; }

}  // namespace

int enforce_command(std::span<const std::string_view> args) {
  static constexpr OptionSpec kSpecs[] = {{"policy", true},     {"ledger", true},     {"shield", true},
                                          {"shield-log", true}, {"monado-ctl", true}, {"poll-ms", true},
                                          {"input-cuts", true}};
  auto parsed = parse_args(args, kSpecs);
  if (!parsed) return usage_error("enforce: " + parsed.error().message);
  if (!parsed->positional.empty())
    return usage_error("enforce: unexpected argument '" + std::string(parsed->positional[0]) + "'");
  if (!parsed->has("shield")) return usage_error("enforce: --shield PROGRAM is required (timewall-shield)");
  long poll_ms = 200;
  if (parsed->has("poll-ms")) {
    const std::string v(parsed->value("poll-ms"));
    char* end = nullptr;
    poll_ms = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || poll_ms < 20 || poll_ms > 10'000)
      return usage_error("enforce: --poll-ms is a whole number of milliseconds from 20 to 10000");
  }

  SystemClock clock;
  auto zone = load_local_timezone(std::getenv("TZ"));
  RuntimeDesc desc;
  desc.policy_path = std::string(parsed->value("policy"));
  desc.ledger_path = std::string(parsed->value("ledger"));
  desc.device_policy_path = device_file(kDeviceDir, kDevicePolicyFile);
  desc.device_zone = zone ? std::move(zone).value() : TimeZone::utc();
  desc.policy_check_ms = 1000;
  desc.commit_every_s = 2;  // inline commits; a SIGKILL loses at most this much attended time
  desc.restore_notifications = false;  // timewall serve's, not this process's
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

  MonadoCtl control({.program = std::string(parsed->value("monado-ctl"))});
  ShieldProcess shield({.program = std::string(parsed->value("shield")),
                        .log_path = std::string(parsed->value("shield-log"))});
  // Where the input cuts are recorded: asked, else next to the ledger, else
  // nowhere (a killed enforce's cuts then stay until someone toggles them).
  std::string cuts_path(parsed->value("input-cuts"));
  if (cuts_path.empty() && !desc.ledger_path.empty()) cuts_path = desc.ledger_path + ".input-cuts";
  if (cuts_path.empty())
    std::fprintf(stderr, "timewall enforce: no --ledger or --input-cuts: input cuts are not recorded, and a "
                         "killed enforce's cuts are not given back by the next one\n");
  InputCutFile cuts(cuts_path);
  Enforcer enforcer(rt.value(), control, shield, cuts_path.empty() ? nullptr : &cuts);

  struct sigaction sa {};
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::printf("enforce started unix_ms %lld poll_ms %ld\n", static_cast<long long>(clock.now().unix_ms), poll_ms);
  std::fflush(stdout);

  std::string said;  // the list error said last, so it is said once
  const timespec pause{poll_ms / 1000, (poll_ms % 1000) * 1'000'000};
  while (!g_stop) {
    const Status st = enforcer.step(clock.now());
    const std::string now_failing = st ? "" : st.error().message;
    if (now_failing != said && !now_failing.empty()) std::fprintf(stderr, "timewall enforce: %s\n", now_failing.c_str());
    said = now_failing;
    for (const EnforceEvent& e : enforcer.take_events()) std::printf("%s\n", to_line(e).c_str());
    std::fflush(stdout);
    nanosleep(&pause, nullptr);
  }
  enforcer.release(clock.now());
  for (const EnforceEvent& e : enforcer.take_events()) std::printf("%s\n", to_line(e).c_str());
  std::printf("enforce stopped unix_ms %lld\n", static_cast<long long>(clock.now().unix_ms));
  std::fflush(stdout);
  if (Status s = rt->finish(clock.now()); !s) {
    std::fprintf(stderr, "timewall enforce: %s\n", s.error().message.c_str());
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace tw::cli
