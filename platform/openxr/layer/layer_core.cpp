#include "openxr/layer/layer_core.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "common/local_timezone.hpp"

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
                    .ledger_id = std::move(ledger_id)};
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

LayerCore::LayerCore(LayerCoreConfig config, Instant now, LayerLog log)
    : config_(std::move(config)), log_(std::move(log)), zone_(config_.device_zone), last_(&empty_) {
  checked_ns_ = now.mono_ns;
  // The policy the ledger last accepted comes first, so a file edited while
  // the app was closed meets the guardian PIN gate like a hot reload.
  if (auto seeded = remember_accepted_policy(store_, config_.ledger_path); !seeded)
    log_("the policy last accepted cannot be read from the ledger: " + seeded.error().message);
  else
    remembered_ = seeded.value().has_value();
  std::optional<Error> refused;
  if (!config_.policy_path.empty()) {
    seen_ = stamp(config_.policy_path);
    if (!seen_.exists)
      log_("no policy at " + config_.policy_path + ": " + in_force() + " until the file appears");
    else
      refused = load_policy(now, true);
  }
  const std::shared_ptr<const Policy> policy = store_.active();
  if (const std::string& name = policy->time_value.timezone; name != "UTC") {
    auto zone = TimeZone::load(name);
    if (zone) zone_ = std::move(zone).value();
    else log_("time_value.timezone " + name + " cannot be loaded, the device zone " + zone_.name() +
              " is used: " + zone.error().message);
  }

  EngineDesc desc{.policy = *policy, .timezone = zone_, .ledger_path = config_.ledger_path};
  if (!desc.ledger_path.empty()) {
    std::error_code ec;
    const std::filesystem::path dir = std::filesystem::path(desc.ledger_path).parent_path();
    if (!dir.empty() && std::filesystem::create_directories(dir, ec))
      std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  }
  auto engine = Engine::create(desc);
  if (!engine) {
    log_("the ledger " + desc.ledger_path + " cannot be opened, nothing is recorded: " + engine.error().message);
    desc.ledger_path.clear();
    engine = Engine::create(desc);  // without a ledger it cannot fail
  }
  engine_.emplace(std::move(engine).value());
  app_ = engine_->apps().intern(config_.ledger_id);
  if (refused) engine_->record_policy_refusal(config_.policy_path, refused->code, now);
}

std::string LayerCore::in_force() const {
  return remembered_ ? "the policy last accepted (kept in the ledger) applies"
                     : "the built-in defaults apply (attended time is recorded, no budgets)";
}

LayerCore::FileStamp LayerCore::stamp(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {.exists = true,
          .mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
          .size = static_cast<int64_t>(st.st_size),
          .inode = st.st_ino};
}

std::optional<Error> LayerCore::load_policy(Instant now, bool first) {
  const std::string& path = config_.policy_path;
  if (!seen_.exists) {
    log_("the policy file " + path + " was removed: the policy in force stays");
    return std::nullopt;
  }
  auto r = store_.reload(path, now);
  if (!r) {
    log_("the policy " + path + " was not applied, " + (first ? in_force() : "the previous policy stays") + ": " +
         r.error().message);
    if (!first) engine_->record_policy_refusal(path, r.error().code, now);
    return r.error();
  }
  if (!r.value().notice.empty()) log_(r.value().notice);
  if (first || !r.value().changed) return std::nullopt;
  const std::shared_ptr<const Policy> policy = store_.active();
  engine_->set_policy(*policy, now);
  const std::string& name = policy->time_value.timezone;
  if (name != "UTC" && name != zone_.name() && !zone_change_logged_) {
    zone_change_logged_ = true;
    log_("time_value.timezone changed to " + name + ": it applies when the app next starts");
  }
  return std::nullopt;
}

void LayerCore::check_policy(Instant now) {
  checked_ns_ = now.mono_ns;
  const FileStamp s = stamp(config_.policy_path);
  if (s == seen_) return;
  seen_ = s;
  (void)load_policy(now, false);
}

void LayerCore::check_ledger() {
  const Status& st = engine_->last_ledger_error();
  if (st) {
    ledger_failing_ = false;
  } else if (!ledger_failing_) {
    ledger_failing_ = true;  // once per failure, until a commit succeeds again
    log_("the ledger " + config_.ledger_path + " failed, events are kept in memory and retried: " +
         st.error().message);
  }
}

const TickOutput& LayerCore::tick(Instant now, std::span<const Signal> signals) {
  if (!config_.policy_path.empty() && now.mono_ns - checked_ns_ >= kPolicyCheckNs) check_policy(now);
  last_ = &engine_->tick(now, signals);
  check_ledger();
  return *last_;
}

void LayerCore::finish(Instant now) {
  engine_->finish(now).ok();  // a failure is in last_ledger_error(), reported below
  check_ledger();
}

const Overlay* LayerCore::ring() const {
  for (const Overlay& o : last_->overlays)
    if (o.kind == OverlayKind::budget_ring) return &o;
  return nullptr;
}

}  // namespace tw::xr
