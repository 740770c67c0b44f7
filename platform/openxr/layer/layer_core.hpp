// layer_core.hpp: the Timewall core as the API layer runs it inside an app.
//
// What it does: stands up a tw::Runtime (policy store and guardian gate,
// remembered policy, refusal audit, zone, engine, ledger) for one OpenXR
// instance with create_resilient(), so the layer keeps running whatever goes
// wrong, every problem logged once:
//   - policy: the file at LayerCoreConfig::policy_path; missing (or no path):
//     the policy the ledger last accepted, else the built-in defaults
//     (tw::Policy{}: attended time is recorded, no budget, so no ring) until
//     the file appears. With youth mode on, a file whose [youth] was edited
//     while the app was closed is refused (no PIN reaches the layer; the
//     guardian applies youth changes with a host that takes the PIN) and the
//     refusal is audited. Hot reload: the file is stat()ed at most once per
//     kPolicyCheckMs of frame time and re-read only when it changed; a broken
//     file keeps the policy in force and is logged once per change;
//   - ledger: opened at ledger_path (its folder is created, 0700); when it
//     cannot be opened the engine runs without it, and a failing commit keeps
//     the events in memory and retries. Commits run every kCommitEveryS on
//     the Runtime's background committer thread, never in the frame, and
//     each reads back what the other apps' layers committed, so a category
//     budget or the youth cap binds on the sum across apps within
//     2 x kCommitEveryS (docs/architecture.md, "Several apps at once");
//     finish() and the destructor wait for the last commit;
//   - zone: the policy's time_value.timezone when it names one other than
//     the default "UTC", else the device zone (TZ, /etc/localtime) passed in.
// What it does not do: read a clock (Instants come in), touch OpenXR or
// Vulkan, lock (the layer serialises calls), or throw.
//
//   tw::xr::LayerCore core(tw::xr::layer_core_config_from_env("openxr.helloxr", log), clock.now(), log);
//   const tw::TickOutput& out = core.tick(clock.now(), binding.signals());
//   binding.set_overlays(out.overlays, {&core.policy(), &core.apps(), &core.categories()});
//   core.finish(clock.now());                                  // session ends
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/runtime/runtime.hpp"

namespace tw::xr {

struct LayerCoreConfig {
  std::string policy_path;  // "" = the built-in defaults, nothing to reload
  std::string ledger_path;  // "" = nothing recorded
  TimeZone device_zone = TimeZone::utc();
  std::string ledger_id;    // this app's id in the ledger and the policy
  // The guardian's device policy (docs/youth.md): in force instead of
  // policy_path where it exists. "" = none (tests); from the environment:
  // always the system folder's, which no variable can move.
  std::string device_policy_path{};
};

// $TIMEWALL_POLICY, else $XDG_CONFIG_HOME/timewall/policy.toml, else
// ~/.config/timewall/policy.toml; "" without HOME.
std::string default_policy_path();
// $TIMEWALL_LEDGER, else $XDG_DATA_HOME/timewall/ledger.db, else
// ~/.local/share/timewall/ledger.db; "" without HOME.
std::string default_ledger_path();

// Problems in the layer's setup, one message each.
using LayerLog = RuntimeLog;

// Both default paths ("none" for either: no policy file / no ledger, said
// nowhere; no path at all for want of HOME: logged), and the device zone from
// TZ or /etc/localtime (UTC, logged, when neither loads).
LayerCoreConfig layer_core_config_from_env(std::string ledger_id, const LayerLog& log);

class LayerCore {
 public:
  static constexpr int64_t kPolicyCheckMs = 1000;
  static constexpr int64_t kCommitEveryS = 4;

  LayerCore(const LayerCoreConfig& config, Instant now, LayerLog log);
  LayerCore(const LayerCore&) = delete;
  LayerCore& operator=(const LayerCore&) = delete;

  // This app's id in the engine's interner: the `app` of its signals.
  AppId app() const { return app_; }

  // Runtime::tick: a changed policy file is reloaded (at most once per
  // kPolicyCheckMs of `now`). Steady state: no allocation, no file access.
  const TickOutput& tick(Instant now, std::span<const Signal> signals);
  // Closes an open idle moment and commits (session or instance ends).
  void finish(Instant now);

  // The budget ring of the last tick (the focused app's tightest budget), or null.
  const Overlay* ring() const;
  const TickOutput& last() const { return *last_; }

  // The wearer walks or turns fast: only peripheral panels stay.
  bool fast_motion() const { return runtime_.engine().scheduler().attention().moving(); }
  // A block is in force on this app (also while its shield is held by motion).
  bool blocked() const { return runtime_.engine().scheduler().blocks(app_); }
  const Policy& policy() const { return runtime_.policy(); }
  const Interner& apps() { return runtime_.apps(); }
  const Interner& categories() { return runtime_.categories(); }
  const TimeZone& zone() const { return runtime_.zone(); }
  uint64_t policy_version() const { return runtime_.policy_version(); }
  bool recording() const { return runtime_.recording(); }
  // What the layer runs on (tests drive it with signals of other apps).
  Runtime& runtime() { return runtime_; }

 private:
  Runtime runtime_;
  AppId app_ = kNoId;
  const TickOutput* last_ = nullptr;
  TickOutput empty_;
};

}  // namespace tw::xr
