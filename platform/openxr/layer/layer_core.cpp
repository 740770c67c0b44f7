#include "openxr/layer/layer_core.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "common/local_timezone.hpp"
#include "core/runtime/device_paths.hpp"

namespace tw::xr {

namespace {

// $var, else $xdg/timewall/leaf, else $HOME/home_rel/timewall/leaf.
std::string config_path(const char* var, const char* xdg, const char* home_rel, const char* leaf) {
  if (const char* p = std::getenv(var); p && *p) return p;
  if (const char* x = std::getenv(xdg); x && *x) return std::string(x) + "/timewall/" + leaf;
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/" + home_rel + "/timewall/" + leaf;
  return {};
}

}  // namespace

std::string default_policy_path() {
  return config_path("TIMEWALL_POLICY", "XDG_CONFIG_HOME", ".config", "policy.toml");
}

std::string default_ledger_path() {
  return config_path("TIMEWALL_LEDGER", "XDG_DATA_HOME", ".local/share", "ledger.db");
}

LayerCoreConfig layer_core_config_from_env(std::string ledger_id, const LayerLog& log) {
  LayerCoreConfig c{.policy_path = default_policy_path(),
                    .ledger_path = default_ledger_path(),
                    .device_zone = TimeZone::utc(),
                    .ledger_id = std::move(ledger_id),
                    .device_policy_path = device_file(kDeviceDir, kDevicePolicyFile)};
  // "none" turns a file off on purpose (tests, a wearer who keeps no ledger).
  if (c.policy_path == "none") c.policy_path.clear();
  else if (c.policy_path.empty())
    log("no policy path (neither TIMEWALL_POLICY, XDG_CONFIG_HOME nor HOME is set): the built-in defaults apply");
  if (c.ledger_path == "none") c.ledger_path.clear();
  else if (c.ledger_path.empty())
    log("no ledger path (neither TIMEWALL_LEDGER, XDG_DATA_HOME nor HOME is set): nothing is recorded");
  auto zone = load_local_timezone(std::getenv("TZ"));
  if (zone) c.device_zone = std::move(zone).value();
  else log("the device time zone is unknown, UTC is used: " + zone.error().message);
  return c;
}

namespace {

Runtime start(const LayerCoreConfig& config, Instant now, LayerLog log) {
  if (!config.ledger_path.empty()) {
    std::error_code ec;
    const std::filesystem::path dir = std::filesystem::path(config.ledger_path).parent_path();
    if (!dir.empty() && std::filesystem::create_directories(dir, ec))
      std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  }
  Runtime runtime = Runtime::create_resilient({.policy_path = config.policy_path,
                                               .device_policy_path = config.device_policy_path,
                                               .ledger_path = config.ledger_path,
                                               .device_zone = config.device_zone,
                                               .commit_every_s = LayerCore::kCommitEveryS,
                                               .background_commit = true,
                                               .restore_notifications = false,  // timewall serve's
                                               .policy_check_ms = LayerCore::kPolicyCheckMs,
                                               .log = std::move(log)});
  runtime.start(now);  // a refusal of the file is audited now
  return runtime;
}

}  // namespace

LayerCore::LayerCore(const LayerCoreConfig& config, Instant now, LayerLog log)
    : runtime_(start(config, now, std::move(log))), app_(runtime_.apps().intern(config.ledger_id)), last_(&empty_) {}

const TickOutput& LayerCore::tick(Instant now, std::span<const Signal> signals) {
  last_ = &runtime_.tick(now, signals);
  return *last_;
}

void LayerCore::finish(Instant now) {
  (void)runtime_.finish(now);  // a failure is logged by the runtime
}

const Overlay* LayerCore::ring() const {
  for (const Overlay& o : last_->overlays)
    if (o.kind == OverlayKind::budget_ring) return &o;
  return nullptr;
}

}  // namespace tw::xr
