#include "device_service.hpp"

#include <time.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "commands.hpp"
#include "monado/monado_ctl.hpp"
#include "monado/shield_process.hpp"

namespace tw::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_stop(int) { g_stop = 1; }

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: the bus wait (or the pause) returns at once
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

// The poll cadence is the machine's, not the engine's: a manual engine
// clock (tests) stands still while the client list is still read.
int64_t steady_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

// An error said once until it changes (a missing monado-ctl, a failing ledger).
struct SaidOnce {
  std::string said;
  void say(const char* name, const std::string& now_failing) {
    if (now_failing != said && !now_failing.empty()) std::fprintf(stderr, "timewall %s: %s\n", name, now_failing.c_str());
    said = now_failing;
  }
};

void print_events(Enforcer& enforcer) {
  for (const EnforceEvent& e : enforcer.take_events()) std::printf("%s\n", to_line(e).c_str());
  std::fflush(stdout);
}

}  // namespace

std::optional<std::string> read_enforce_args(const Args& parsed, EnforceArgs& out) {
  if (!parsed.has("shield")) {
    for (const OptionSpec& s : kEnforceSpecs)
      if (parsed.has(s.name)) return "--" + std::string(s.name) + " goes with --shield PROGRAM (enforcing on Monado)";
    return std::nullopt;
  }
  out.shield = std::string(parsed.value("shield"));
  out.shield_log = std::string(parsed.value("shield-log"));
  out.monado_ctl = std::string(parsed.value("monado-ctl"));
  out.input_cuts = std::string(parsed.value("input-cuts"));
  // The layer's map, so an app is one id in the service and in its layer.
  out.app_map = parsed.has("app-map") ? std::string(parsed.value("app-map")) : default_app_map_path();
  if (out.shield.empty()) return "--shield needs a program (timewall-shield)";
  if (parsed.has("poll-ms")) {
    const std::string v(parsed.value("poll-ms"));
    char* end = nullptr;
    out.poll_ms = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || out.poll_ms < 20 || out.poll_ms > 10'000)
      return "--poll-ms is a whole number of milliseconds from 20 to 10000";
  }
  return std::nullopt;
}

int run_device_loop(DeviceLoop& loop) {
  Runtime& rt = loop.runtime;
  std::optional<MonadoCtl> control;
  std::optional<ShieldProcess> shield;
  std::optional<InputCutFile> cuts;
  std::optional<Enforcer> enforcer;
  long poll_ms = 100;
  if (const EnforceArgs* ea = loop.enforce) {
    poll_ms = ea->poll_ms;
    control.emplace(MonadoCtlDesc{.program = ea->monado_ctl});
    shield.emplace(ShieldProcessDesc{.program = ea->shield, .log_path = ea->shield_log});
    // Where the input cuts are recorded: asked, else next to the ledger, else
    // nowhere (a killed service's cuts then stay until someone toggles them).
    std::string cuts_path = ea->input_cuts;
    if (cuts_path.empty() && !loop.ledger_path.empty()) cuts_path = loop.ledger_path + ".input-cuts";
    if (cuts_path.empty())
      std::fprintf(stderr, "timewall %s: no --ledger or --input-cuts: input cuts are not recorded, and a "
                           "killed service's cuts are not given back by the next one\n", loop.name);
    cuts.emplace(cuts_path);
    enforcer.emplace(rt, *control, *shield, cuts_path.empty() ? nullptr : &*cuts);
    auto map = AppIdOverrides::load(ea->app_map);
    if (!map) std::fprintf(stderr, "timewall %s: %s (apps count under their own names)\n", loop.name,
                           map.error().message.c_str());
    if (map) {
      for (const std::string& w : map->warnings()) std::fprintf(stderr, "timewall %s: %s\n", loop.name, w.c_str());
      enforcer->use_app_map(std::move(map.value()));
    }
  }
  Enforcer* enf = enforcer ? &*enforcer : nullptr;
  if (loop.bus) loop.bus->watch(enf);
  install_stop_handlers();
  if (enf) {
    std::printf("enforce started unix_ms %lld poll_ms %ld\n", static_cast<long long>(loop.clock.now().unix_ms), poll_ms);
    std::fflush(stdout);
  }

  int code = kExitOk;
  SaidOnce list_said, ledger_said, overlay_said;
  int64_t next_poll_ms = steady_ms();
  while (!g_stop && !(loop.bus && loop.bus->lost())) {
    const int64_t wait_ms = enf ? std::clamp<int64_t>(next_poll_ms - steady_ms(), 0, 100) : 100;
    if (loop.bus) {
      if (Status st = loop.bus->process(static_cast<uint64_t>(wait_ms) * 1000); !st) {
        std::fprintf(stderr, "timewall %s: %s\n", loop.name, st.error().message.c_str());
        code = kExitFailed;
        break;
      }
    } else if (wait_ms > 0) {
      const timespec pause{wait_ms / 1000, (wait_ms % 1000) * 1'000'000};
      nanosleep(&pause, nullptr);
    }
    // One tick a turn: the Enforcer's step when a poll is due (it ticks
    // with the client list's signals), else the Runtime's own.
    const TickOutput* out = nullptr;
    if (enf && steady_ms() >= next_poll_ms) {
      const Status st = enf->step(loop.clock.now());
      list_said.say(loop.name, st ? "" : st.error().message);
      print_events(*enf);
      out = enf->last_output();
      next_poll_ms = steady_ms() + poll_ms;
    } else if (!loop.manual_clock) {
      out = &rt.tick(loop.clock.now());
    }
    if (loop.bus) {
      if (Status st = loop.bus->publish(out); !st) {
        std::fprintf(stderr, "timewall %s: %s\n", loop.name, st.error().message.c_str());
        code = kExitFailed;
        break;
      }
    }
    const Status& led = rt.last_ledger_error();
    ledger_said.say(loop.name, led ? "" : led.error().message);
    if (loop.overlay && !loop.overlay->raised()) {
      const Status st = loop.overlay->raise({});
      overlay_said.say(loop.name, st ? "" : "overlay: " + st.error().message);
      if (st) {
        std::printf("overlay started unix_ms %lld\n", static_cast<long long>(loop.clock.now().unix_ms));
        std::fflush(stdout);
      }
    }
  }
  if (loop.overlay) loop.overlay->lower();
  if (loop.bus) loop.bus->watch(nullptr);
  if (enf) {
    enf->release(loop.clock.now());
    print_events(*enf);
    std::printf("enforce stopped unix_ms %lld\n", static_cast<long long>(loop.clock.now().unix_ms));
    std::fflush(stdout);
  }
  if (Status st = rt.finish(loop.clock.now()); !st) {
    std::fprintf(stderr, "timewall %s: %s\n", loop.name, st.error().message.c_str());
    code = kExitFailed;
  }
  return code;
}

}  // namespace tw::cli
