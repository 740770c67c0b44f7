// layer_core.hpp: the Timewall core as the API layer runs it inside an app.
//
// What it does: owns the tw::Engine (scheduler + ledger) for one OpenXR
// instance, with the wearer's policy, ledger and time zone, and keeps running
// whatever goes wrong:
//   - policy: the file at LayerCoreConfig::policy_path; missing (or no path):
//     the policy the ledger last accepted, else the built-in defaults
//     (tw::Policy{}: attended time is recorded, no budget, so no ring) until
//     the file appears. The store starts from the ledger's last accepted
//     policy, so with youth mode on a file whose [youth] was edited while the
//     app was closed is refused (no PIN reaches the layer; the guardian
//     applies youth changes with a host that takes the PIN) and the refusal
//     is audited. Hot reload through the core's PolicyStore: the file is
//     stat()ed at most once per second of frame time and re-read only when
//     it changed; a broken file keeps the policy in force and is logged once
//     (per change of the file); every change put in force is recorded in the
//     ledger's audit chain (Engine::set_policy);
//   - ledger: opened at ledger_path (its folder is created, 0700); when it
//     cannot be opened, or a commit fails, the engine runs on without it (or
//     keeps the events in memory and retries) and that is logged once;
//   - zone: the policy's time_value.timezone when it names one other than
//     the default "UTC", else the device zone (TZ, /etc/localtime) the layer
//     passes in. A zone change in a reloaded policy applies at the next start.
// What it does not do: read a clock (Instants come in), touch OpenXR or
// Vulkan, lock (the layer serialises calls), or throw.
//
//   tw::xr::LayerCore core(tw::xr::layer_core_config_from_env("openxr.helloxr"), clock.now(), log);
//   const tw::TickOutput& out = core.tick(clock.now(), binding.signals());
//   binding.set_overlays(out.overlays, {&core.policy(), &core.apps(), &core.categories()});
//   core.finish(clock.now());                                  // session ends
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/engine/engine.hpp"
#include "core/policy/policy_store.hpp"

namespace tw::xr {

struct LayerCoreConfig {
  std::string policy_path;  // "" = the built-in defaults, nothing to reload
  std::string ledger_path;  // "" = nothing recorded
  TimeZone device_zone = TimeZone::utc();
  std::string ledger_id;    // this app's id in the ledger and the policy
};

// $TIMEWALL_POLICY, else $XDG_CONFIG_HOME/timewall/policy.toml, else
// ~/.config/timewall/policy.toml; "" without HOME.
std::string default_policy_path();
// $TIMEWALL_LEDGER, else $XDG_DATA_HOME/timewall/ledger.db, else
// ~/.local/share/timewall/ledger.db; "" without HOME.
std::string default_ledger_path();

// Problems in the layer's setup, one message each.
using LayerLog = std::function<void(std::string_view)>;

// Both default paths ("none" for either: no policy file / no ledger, said
// nowhere; no path at all for want of HOME: logged), and the device zone from
// TZ or /etc/localtime (UTC, logged, when neither loads).
LayerCoreConfig layer_core_config_from_env(std::string ledger_id, const LayerLog& log);

class LayerCore {
 public:
  static constexpr int64_t kPolicyCheckNs = 1'000'000'000;

  LayerCore(LayerCoreConfig config, Instant now, LayerLog log);
  LayerCore(const LayerCore&) = delete;
  LayerCore& operator=(const LayerCore&) = delete;

  // This app's id in the engine's interner: the `app` of its signals.
  AppId app() const { return app_; }

  // Reloads a changed policy (at most once per kPolicyCheckNs of `now`), then
  // Engine::tick. Steady state: no allocation, no file access.
  const TickOutput& tick(Instant now, std::span<const Signal> signals);
  // Closes an open idle moment and commits (session or instance ends).
  void finish(Instant now);

  // The budget ring of the last tick (the focused app's tightest budget), or null.
  const Overlay* ring() const;
  const TickOutput& last() const { return *last_; }

  // The wearer walks or turns fast: only peripheral panels stay.
  bool fast_motion() const { return engine_->scheduler().attention().moving(); }
  const Policy& policy() const { return engine_->policy(); }
  const Interner& apps() { return engine_->apps(); }
  const Interner& categories() { return engine_->categories(); }
  const TimeZone& zone() const { return zone_; }
  uint64_t policy_version() const { return store_.version(); }
  bool recording() const { return engine_->ledger() != nullptr; }

 private:
  struct FileStamp {
    bool exists = false;
    int64_t mtime_ns = 0;
    int64_t size = 0;
    ino_t inode = 0;
    bool operator==(const FileStamp&) const = default;
  };
  static FileStamp stamp(const std::string& path);
  // The reload's error (refusals are audited by the caller at start).
  std::optional<Error> load_policy(Instant now, bool first);
  std::string in_force() const;
  void check_policy(Instant now);
  void check_ledger();

  LayerCoreConfig config_;
  LayerLog log_;
  PolicyStore store_;
  TimeZone zone_;
  std::optional<Engine> engine_;
  AppId app_ = kNoId;
  const TickOutput* last_ = nullptr;
  TickOutput empty_;
  FileStamp seen_;
  int64_t checked_ns_ = 0;
  bool zone_change_logged_ = false;
  bool ledger_failing_ = false;
  bool remembered_ = false;  // the store started from the ledger's last accepted policy
};

}  // namespace tw::xr
