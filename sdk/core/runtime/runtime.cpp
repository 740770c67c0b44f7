#include "core/runtime/runtime.hpp"

#include <algorithm>
#include <utility>

namespace tw {

namespace {

constexpr std::string_view kDefaultZoneinfo = "/usr/share/zoneinfo";
constexpr int kMaxRestoredPins = 64;  // GuardianGate's wait is at its maximum long before

bool is_refusal(Errc code) {
  return code == Errc::pin_required || code == Errc::pin_wrong || code == Errc::pin_backoff;
}

// A problem that has a place but no line (a zone, a ledger).
void note(std::vector<PolicyError>* problems, std::string file, std::string key, const Error& e) {
  if (problems) problems->push_back({std::move(file), 0, 0, std::move(key), e.message, e.code});
}

std::string in_force(bool remembered) {
  return remembered ? "the policy last accepted (kept in the ledger) applies"
                    : "the built-in defaults apply (attended time is recorded, no budgets)";
}

}  // namespace

Runtime::Runtime(Engine engine, std::unique_ptr<PolicyStore> store, const RuntimeDesc& desc)
    : store_(std::move(store)),
      engine_(std::move(engine)),
      log_(desc.log),
      policy_path_(desc.policy_path),
      ledger_path_(engine_.ledger() ? desc.ledger_path : std::string()) {}

Result<Runtime> Runtime::create(const RuntimeDesc& desc, std::vector<PolicyError>* problems) {
  return build(desc, false, problems);
}

Runtime Runtime::create_resilient(RuntimeDesc desc) {
  // Every problem is logged and passed over, and an Engine without a ledger
  // (commit_every_s checked) cannot fail.
  return std::move(build(desc, true, nullptr)).value();
}

Result<Runtime> Runtime::build(const RuntimeDesc& given, bool resilient, std::vector<PolicyError>* problems) {
  RuntimeDesc desc = given;
  auto say = [&](const std::string& m) {
    if (desc.log) desc.log(m);
  };
  if (!desc.policy_path.empty() && desc.policy_text) {
    const Error e{Errc::invalid_argument, "give the policy as text or as a path, not both"};
    if (!resilient) return e;
    say(e.message + ": the path is used");
    desc.policy_text.reset();
  }
  if (desc.commit_every_s < 0) {
    const Error e{Errc::invalid_argument, "RuntimeDesc.commit_every_s must be >= 0"};
    if (!resilient) return e;
    say(e.message + ": the default is used");
    desc.commit_every_s = 0;
  }

  // The policy the ledger last accepted comes first, so a start policy edited
  // while the host was closed meets the guardian gate like a later reload.
  auto store = std::make_unique<PolicyStore>();
  bool remembered = false;
  int wrong_pins = 0;
  if (auto seeded = remember_accepted_policy(*store, desc.ledger_path); !seeded) {
    note(problems, desc.ledger_path, "", seeded.error());
    if (!resilient) return seeded.error();
    say("the policy last accepted cannot be read from the ledger: " + seeded.error().message);
  } else if (seeded.value()) {
    remembered = true;
    wrong_pins = static_cast<int>(std::clamp<int64_t>(seeded.value()->wrong_pins, 0, kMaxRestoredPins));
  }

  // The guardian's device policy, where there is one, instead of the wearer's.
  const bool device = !desc.device_policy_path.empty() && file_stamp(desc.device_policy_path).exists;
  if (device) {
    if (!desc.policy_path.empty() || desc.policy_text)
      say("the guardian's device policy " + desc.device_policy_path + " is in force: the wearer's policy " +
          (desc.policy_path.empty() ? std::string(kPolicyTextName) : desc.policy_path) + " is not read");
    desc.policy_path = desc.device_policy_path;
    desc.policy_text.reset();
  }

  // The start policy. No Instant yet: the gate's restored back-off and the
  // audit of a refusal wait for the host's first one.
  const bool from_file = !desc.policy_path.empty();
  const std::string source = from_file ? desc.policy_path
                             : desc.policy_name.empty() ? std::string(kPolicyTextName)
                                                        : desc.policy_name;
  std::optional<Error> refusal;
  bool applied = false;
  const FileStamp seen = from_file ? file_stamp(desc.policy_path) : FileStamp{};
  if (from_file && resilient && !seen.exists) {
    say("no policy at " + desc.policy_path + ": " + in_force(remembered) + " until the file appears");
  } else if (from_file || desc.policy_text) {
    auto r = device      ? store->reload_device(desc.policy_path, Instant{})
             : from_file ? store->reload(desc.policy_path, desc.guardian_pin, Instant{})
                         : store->reload_text(*desc.policy_text, source, desc.guardian_pin, Instant{});
    if (r) {
      applied = true;
      if (!r.value().notice.empty()) say(r.value().notice);
    } else {
      if (problems)
        for (PolicyError& e : store->last_errors()) problems->push_back(std::move(e));
      if (is_refusal(r.error().code)) refusal = r.error();
      else if (!resilient) return r.error();
      say("the policy " + source + " was not applied, " + in_force(remembered) + ": " + r.error().message);
    }
  }

  // The zone: forced, else the policy's, else the device's.
  const std::shared_ptr<const Policy> policy = store->active();
  const std::string_view zoneinfo = desc.zoneinfo_dir.empty() ? kDefaultZoneinfo : desc.zoneinfo_dir;
  TimeZone zone = desc.device_zone;
  const bool forced = !desc.timezone.empty();
  if (const std::string& name = forced ? desc.timezone : policy->time_value.timezone; forced || name != "UTC") {
    if (auto tz = TimeZone::load(name, zoneinfo); tz) {
      zone = std::move(tz).value();
    } else {
      // A remembered policy (the start one refused or absent) is the ledger's.
      const std::string where = forced ? std::string() : applied ? source : desc.ledger_path;
      const std::string key = forced ? std::string() : std::string("time_value.timezone");
      note(problems, where, key, tz.error());
      if (!resilient)
        return Error{tz.error().code, (forced ? "timezone" : where + ": " + key) + ": " + tz.error().message};
      say((forced ? "the zone " : "time_value.timezone ") + name + " cannot be loaded, the device zone " +
          zone.name() + " is used: " + tz.error().message);
    }
  }

  EngineDesc ed{.policy = *policy,
                .timezone = std::move(zone),
                .ledger_path = desc.ledger_path,
                .commit_every_s = desc.commit_every_s,
                .sync = desc.sync,
                .background_commit = desc.background_commit,
                .restore_notifications = desc.restore_notifications,
                .observer = desc.observer};
  auto engine = Engine::create(ed);
  if (!engine) {
    note(problems, desc.ledger_path, "", engine.error());
    if (!resilient) return engine.error();
    say("the ledger " + desc.ledger_path + " cannot be opened, nothing is recorded: " + engine.error().message);
    ed.ledger_path.clear();
    engine = Engine::create(ed);
    if (!engine) return engine.error();
  }

  Runtime rt(std::move(engine).value(), std::move(store), desc);
  rt.remembered_ = remembered;
  rt.wrong_pins_ = wrong_pins;
  rt.start_refusal_ = std::move(refusal);
  rt.refused_source_ = source;
  rt.device_ = device;
  rt.policy_path_ = desc.policy_path;
  rt.device_policy_path_ = desc.device_policy_path;
  if ((from_file || !desc.device_policy_path.empty()) && desc.policy_check_ms > 0) {
    rt.check_every_ns_ = desc.policy_check_ms * 1'000'000;
    rt.seen_ = seen;
  }
  return rt;
}

void Runtime::log(std::string_view message) const {
  if (log_) log_(message);
}

void Runtime::first_instant(Instant now) {
  timed_ = true;
  checked_ns_ = now.mono_ns;
  if (start_refusal_) engine_.record_policy_refusal(refused_source_, start_refusal_->code, now);
  if (wrong_pins_ > 0) store_->restore_guardian_failures(wrong_pins_, now);
  engine_.start(now);  // the usage so far, read here rather than in the first tick
}

const TickOutput& Runtime::tick(Instant now, std::span<const Signal> signals) {
  if (!timed_) first_instant(now);
  if (check_every_ns_ > 0 && now.mono_ns - checked_ns_ >= check_every_ns_) check_policy_file(now);
  const TickOutput& out = engine_.tick(now, signals);
  watch_ledger();
  return out;
}

Status Runtime::finish(Instant now) {
  if (!timed_) first_instant(now);
  Status st = engine_.finish(now);
  watch_ledger();
  return st;
}

Error Runtime::device_policy_in_force() const {
  return Error{Errc::invalid_argument, "the guardian's device policy " + policy_path_ +
                                           " is in force: the guardian changes it with `timewall guardian apply`"};
}

Result<PolicyReload> Runtime::load_policy(const std::string& path, std::string_view guardian_pin, Instant now) {
  if (!timed_) first_instant(now);
  if (device_) return device_policy_in_force();
  return put_in_force(store_->reload(path, guardian_pin, now), path, now);
}

Result<PolicyReload> Runtime::load_policy_text(std::string_view text, std::string_view name,
                                               std::string_view guardian_pin, Instant now) {
  if (!timed_) first_instant(now);
  if (device_) return device_policy_in_force();
  const std::string_view source = name.empty() ? kPolicyTextName : name;
  return put_in_force(store_->reload_text(text, source, guardian_pin, now), source, now);
}

Result<PolicyReload> Runtime::put_in_force(Result<PolicyReload> r, std::string_view source, Instant now) {
  if (!r) {
    engine_.record_policy_refusal(source, r.error().code, now);  // only refusals are audit events
    return r;
  }
  if (!r.value().notice.empty()) log(r.value().notice);
  if (!r.value().changed) return r;
  const std::shared_ptr<const Policy> policy = store_->active();
  engine_.set_policy(*policy, now);
  const std::string& name = policy->time_value.timezone;
  if (name != "UTC" && name != zone().name() && !zone_change_logged_) {
    zone_change_logged_ = true;
    log("time_value.timezone changed to " + name + ": it applies at the next start");
  }
  return r;
}

void Runtime::check_policy_file(Instant now) {
  checked_ns_ = now.mono_ns;
  if (!device_ && !device_policy_path_.empty() && file_stamp(device_policy_path_).exists) {
    log("the guardian's device policy " + device_policy_path_ + " appeared: it is in force from now on" +
        (policy_path_.empty() ? std::string() : ", instead of " + policy_path_));
    device_ = true;
    policy_path_ = device_policy_path_;
    seen_ = {};
  }
  if (policy_path_.empty()) return;
  const FileStamp s = file_stamp(policy_path_);
  if (s == seen_) return;
  seen_ = s;
  if (!s.exists) {
    log("the policy file " + policy_path_ + " was removed: the policy in force stays");
    return;
  }
  auto r = device_ ? put_in_force(store_->reload_device(policy_path_, now), policy_path_, now)
                   : load_policy(policy_path_, {}, now);
  if (!r) log("the policy " + policy_path_ + " was not applied, the previous policy stays: " + r.error().message);
}

void Runtime::watch_ledger() {
  const Status& st = engine_.last_ledger_error();
  if (st) {
    ledger_failing_ = false;
  } else if (!ledger_failing_) {
    ledger_failing_ = true;  // once per failure, until a commit succeeds again
    log("the ledger " + ledger_path_ + " failed, events are kept in memory and retried: " + st.error().message);
  }
}

}  // namespace tw
