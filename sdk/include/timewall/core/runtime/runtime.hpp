// runtime.hpp: the one way a host stands up Timewall.
//
// What it does: owns what every host (the C ABI, the OpenXR layer, the CLI,
// the simulator) needs, wired one way:
//   - the PolicyStore with its guardian gate, seeded with the policy the
//     ledger last accepted (so a [youth] edited while the host was closed
//     needs the PIN) and with the wrong-PIN count audited since then;
//   - the start policy (a file, made owner-only, or text in memory); a youth
//     change refused at start keeps the remembered policy in force and is
//     kept in start_refusal();
//   - the refusal audit: every refusal (at start and later) goes into the
//     ledger's audit chain through Engine::record_policy_refusal;
//   - the zone: RuntimeDesc::timezone if set, else the policy's
//     time_value.timezone when it names one other than the default "UTC",
//     else the host's device zone;
//   - the Engine (scheduler) and its Ledger, committed inline or on a
//     background thread (background_commit), reading other processes'
//     usage back at every commit;
//   - optionally the hot reload of the policy file (policy_check_ms);
//   - the guardian's device policy, which where it exists replaces the
//     wearer's (RuntimeDesc::device_policy_path, docs/youth.md).
// Two ways to start: create() fails on any problem (the CLI, the C ABI, the
// simulator report it); create_resilient() never fails and degrades (the
// API layer must never stop its app): a broken or missing policy leaves the
// remembered one or the defaults, a zone that does not load leaves the
// device zone, a ledger that cannot be opened leaves nothing recorded (the
// file is not touched). Either way each notice goes to RuntimeDesc::log.
// What needs a time (auditing a refusal at start, restoring the wrong-PIN
// back-off) happens at the first Instant the host gives: start(), tick,
// finish or a load_policy.
// What it does not do: read a clock, throw, find default paths or the device
// zone (platform code does), or allocate in a steady-state tick.
//
//   auto rt = tw::Runtime::create({.policy_path = "policy.toml", .ledger_path = "ledger.db"});
//   if (!rt) return rt.error();
//   tw::AppId feed = rt->apps().intern("com.example.feed");
//   const tw::TickOutput& out = rt->tick(clock.now(), signals);
//   auto r = rt->load_policy("policy.toml", pin, clock.now());   // gated, audited
//   if (!r) show(rt->policy_errors());                           // the old policy stays
//   rt->finish(clock.now());
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/engine/engine.hpp"
#include "core/policy/policy_error.hpp"
#include "core/policy/policy_store.hpp"
#include "core/result.hpp"
#include "core/runtime/file_stamp.hpp"
#include "core/signals.hpp"
#include "core/timezone.hpp"

namespace tw {

// One setup notice (what was not as asked, and what applies instead).
using RuntimeLog = std::function<void(std::string_view)>;

// The name policy text goes by in errors when RuntimeDesc::policy_name is empty.
inline constexpr std::string_view kPolicyTextName = "<policy>";

struct RuntimeDesc {
  // The start policy: a file or text, not both; neither: the policy the
  // ledger last accepted, else the defaults of tw::Policy.
  std::string policy_path{};   // made owner-only (PolicyStore::reload)
  std::optional<std::string> policy_text{};  // "" is text too (and lacks `schema`)
  std::string policy_name{};   // the text's name in errors; "" = kPolicyTextName
  std::string guardian_pin{};  // for a [youth] change against the remembered policy
  // The guardian's device policy (docs/youth.md; hosts pass
  // tw::kDevicePolicyPath). Where that file exists it is the policy in force
  // and the wearer's (policy_path, policy_text) is not read; it needs no PIN,
  // since only the guardian can write there, and load_policy*() refuse while
  // it is in force. With policy_check_ms it is watched too, so a device
  // policy the guardian applies while the host runs takes over. "" = none.
  std::string device_policy_path{};
  std::string ledger_path{};   // "" = nothing recorded
  std::string timezone{};      // forces a zone; "" = the policy's, else device_zone
  std::string zoneinfo_dir{};  // "" = /usr/share/zoneinfo
  TimeZone device_zone = TimeZone::utc();  // the host's, for a policy that names no zone
  int64_t commit_every_s = 0;              // see EngineDesc; 0 = 10 s
  LedgerSync sync = LedgerSync::normal;
  // Ledger commits, and the reads of other processes' usage that follow
  // each, on a background thread (EngineDesc::background_commit): tick()
  // then never waits for SQLite or another process. The OpenXR layer and
  // samples/openxr_app set it; the C ABI, the CLI and the simulator commit
  // inside tick() (deterministic, and a C host owns its threads).
  bool background_commit = false;
  bool restore_notifications = true;  // see EngineDesc; the layer, openxr_app and enforce clear it
  bool observer = false;              // see EngineDesc: records nothing (timewall status)
  // > 0: tick() stat()s policy_path at most this often (of Instant::mono_ns)
  // and reloads a file that changed, logging a broken one once per change.
  int64_t policy_check_ms = 0;
  RuntimeLog log{};  // null: notices are dropped
};

class Runtime {
 public:
  // Fails on the first problem: a policy that does not load (every line in
  // `problems`), a zone that does not load, a ledger that cannot be read or
  // opened. A youth change refused by the guardian gate is not a failure:
  // see start_refusal(). `problems`, where given, gets one entry per problem
  // with its place (policy errors: file, line, column, key; the zone:
  // the policy's source and key time_value.timezone; the ledger: its path,
  // line 0), also on success for a refusal.
  static Result<Runtime> create(const RuntimeDesc& desc, std::vector<PolicyError>* problems = nullptr);
  // Never fails: each problem is logged and the runtime starts with what it
  // has (a desc with both text and path uses the path; a negative
  // commit_every_s the default).
  static Runtime create_resilient(RuntimeDesc desc);

  Runtime(Runtime&&) noexcept = default;
  Runtime& operator=(Runtime&&) noexcept = default;

  // Does what waited for a time (see above) at `now`, for a host that knows
  // the time at start; later calls do nothing.
  void start(Instant now) {
    if (!timed_) first_instant(now);
  }
  // Checks the policy file when due, then Engine::tick. Steady state: no
  // allocation, no file access between checks.
  const TickOutput& tick(Instant now, std::span<const Signal> signals = {});
  // Closes an open idle moment and commits (Engine::finish).
  Status finish(Instant now);

  // Loads a policy through the store's guardian gate and puts it in force
  // (Engine::set_policy, audited). On failure the old policy stays, the
  // error's code is returned (not_found, io, parse, invalid_policy,
  // pin_required, pin_wrong, pin_backoff, ...), every line is in
  // policy_errors(), and a guardian refusal is audited.
  Result<PolicyReload> load_policy(const std::string& path, std::string_view guardian_pin, Instant now);
  Result<PolicyReload> load_policy_text(std::string_view text, std::string_view name, std::string_view guardian_pin,
                                        Instant now);

  // The guardian's refusal of the start policy (the remembered one stays),
  // or nullopt. The host may report it or give up (the CLI does).
  const std::optional<Error>& start_refusal() const { return start_refusal_; }
  // The errors of the last failed load, for display; empty after a success.
  std::vector<PolicyError> policy_errors() const { return store_->last_errors(); }
  // The store started from the policy the ledger last accepted.
  bool remembered() const { return remembered_; }
  // The guardian's device policy is in force (RuntimeDesc::device_policy_path).
  bool device_policy() const { return device_; }

  // Notifications (Engine::notify and its neighbours, core/notify).
  Result<uint32_t> notify(Notification n, Instant now, uint32_t replaces_id = 0) {
    return engine_.notify(std::move(n), now, replaces_id);
  }
  Status close_notification(uint32_t id, Instant now) { return engine_.close_notification(id, now); }
  Status invoke_action(uint32_t id, std::string_view key, Instant now) { return engine_.invoke_action(id, key, now); }
  std::vector<InboxEvent> take_notify_events() { return engine_.take_notify_events(); }

  // Read only: policies come in through load_policy, so through the gate.
  const Engine& engine() const { return engine_; }
  Interner& apps() { return engine_.apps(); }
  Interner& categories() { return engine_.categories(); }
  const Policy& policy() const { return engine_.policy(); }
  uint64_t policy_version() const { return store_->version(); }
  const TimeZone& zone() const { return engine_.scheduler().calendar().zone(); }
  bool recording() const { return engine_.ledger() != nullptr; }
  const Status& last_ledger_error() const { return engine_.last_ledger_error(); }

 private:
  Runtime(Engine engine, std::unique_ptr<PolicyStore> store, const RuntimeDesc& desc);
  static Result<Runtime> build(const RuntimeDesc& desc, bool resilient, std::vector<PolicyError>* problems);
  void log(std::string_view message) const;
  void first_instant(Instant now);
  Result<PolicyReload> put_in_force(Result<PolicyReload> r, std::string_view source, Instant now);
  void check_policy_file(Instant now);
  Error device_policy_in_force() const;
  void watch_ledger();

  std::unique_ptr<PolicyStore> store_;  // not movable itself (mutexes)
  Engine engine_;
  RuntimeLog log_;
  std::string policy_path_;  // watched when check_every_ns_ > 0: the device policy's once in force
  std::string device_policy_path_;
  bool device_ = false;      // policy_path_ is the guardian's device policy
  std::string ledger_path_;
  int64_t check_every_ns_ = 0;
  int64_t checked_ns_ = 0;
  FileStamp seen_;
  bool timed_ = false;  // an Instant was given: the start's pending work is done
  std::optional<Error> start_refusal_;
  std::string refused_source_;
  int wrong_pins_ = 0;  // audited since the remembered policy; restored at the first Instant
  bool remembered_ = false;
  bool zone_change_logged_ = false;
  bool ledger_failing_ = false;
};

}  // namespace tw
