// engine.hpp: the scheduler and its ledger, as tw::Runtime drives them.
//
// What it does: owns the Scheduler and, optionally, the Ledger. Each tick it
// runs the scheduler and records what happened: attended intervals as ledger
// heartbeats, idle moments (filled or protected), friction outcomes (shown,
// left, continued = bypass) and blocks. Events are committed in groups: at
// the end of any tick that recorded an outcome or ended a day, and at least
// every commit_every_s of simulated time. On the first tick it seeds today's
// and this week's usage per app, and the "continue anyway" extensions each
// budget already used in its period (day or week), from the ledger, so
// budgets and their bypass limits survive restarts.
// Policy audit: every policy put in force (the one it was created with, on
// the first tick, and each set_policy) that differs from the ledger's last
// recorded one is recorded as a policy change with its canonical text, in
// the ledger's hash-chained audit log; a youth change refused for want of
// the guardian PIN is audited by record_policy_refusal. At the next start
// remember_accepted_policy() seeds the host's PolicyStore with that text.
// Hosts do not wire these themselves: tw::Runtime (runtime/runtime.hpp)
// holds the store, the engine and the ledger and calls each in its place.
// What it does not do: read a clock, load policy files (policy/ does) or
// throw. A ledger failure never stops the scheduler: tick() still returns
// the overlays, and last_ledger_error() says what was not recorded yet (the
// ledger keeps failed batches and retries them on the next commit).
//
//   auto engine = tw::Engine::create({.policy = policy, .timezone = tz,
//                                     .ledger_path = "timewall.db"});
//   if (!engine) return engine.error();
//   tw::AppId feed = engine->apps().intern("com.example.feed");
//   const tw::TickOutput& out = engine->tick(clock.now(), signals);
//   engine->finish(clock.now());                     // closes an idle moment, commits
//   auto report = engine->day_report(engine->local_day(clock.now()));
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/ledger/ledger.hpp"
#include "core/policy.hpp"
#include "core/policy/policy_store.hpp"
#include "core/result.hpp"
#include "core/scheduler/scheduler.hpp"
#include "core/signals.hpp"
#include "core/timezone.hpp"

namespace tw {

struct EngineDesc {
  Policy policy{};
  TimeZone timezone = TimeZone::utc();
  std::string ledger_path{};   // empty: nothing is recorded
  int64_t commit_every_s = 0;  // group commit at least this often (simulated time); 0 = 10 s
  LedgerSync sync = LedgerSync::normal;
};

// What the demo summary shows for one local day, from the ledger.
struct DayReport {
  struct Line {
    std::string name;  // app id or category
    int64_t attended_ms = 0;
    double cost = 0.0;  // attended hours * hourly value, in policy currency
  };
  int64_t day = 0;  // TimeZone::local_day_number
  std::vector<Line> per_app;       // longest first
  std::vector<Line> per_category;  // longest first
  int64_t attended_ms = 0;
  double cost = 0.0;
  int64_t protected_ms = 0;  // idle moments protected
  int64_t filled_ms = 0;     // idle moments filled
  int64_t friction_shown = 0;
  int64_t friction_left = 0;
  int64_t bypasses = 0;
  int64_t bypass_extension_s = 0;
  int64_t blocks = 0;
};

// Seeds `store` (before its first reload) with the policy the ledger at
// `ledger_path` last accepted, so an edited file needs the guardian PIN to
// change [youth] across a restart. Returns what it remembered (its
// wrong_pins: restore them with PolicyStore::restore_guardian_failures once
// the host has a time); nullopt when there is nothing to remember (no ledger
// yet, or one from before schema v5); an error (unreadable ledger, a
// remembered text that does not match its hash) leaves the store as it was
// for the host to report.
Result<std::optional<AcceptedPolicy>> remember_accepted_policy(PolicyStore& store, const std::string& ledger_path);

class Engine final : private SchedulerObserver {
 public:
  static Result<Engine> create(const EngineDesc& desc);

  Engine(Engine&&) noexcept = default;
  Engine& operator=(Engine&&) noexcept = default;

  // Any instant is accepted: out-of-range ones are clamped and one before
  // the last tick counts as the last tick (the rule in clock.hpp).
  const TickOutput& tick(Instant now, std::span<const Signal> signals = {});
  // Hot swap: usage counters stay (see Scheduler::set_policy). Recorded in
  // the ledger (old and new hash, canonical text, `now`) when it differs from
  // the last policy recorded.
  void set_policy(const Policy& policy, Instant now);
  // Audits a policy refused by a PolicyStore for a youth change without the
  // right guardian PIN (Errc::pin_required, pin_wrong, pin_backoff); other
  // codes are not audit events and are ignored.
  void record_policy_refusal(std::string_view source, Errc code, Instant now);
  // Records an idle moment still open and commits everything pending.
  Status finish(Instant now);

  Interner& apps() { return scheduler_.apps(); }
  Interner& categories() { return scheduler_.categories(); }
  const Policy& policy() const { return scheduler_.policy(); }
  const Scheduler& scheduler() const { return scheduler_; }
  const Ledger* ledger() const { return ledger_ ? &*ledger_ : nullptr; }
  int64_t local_day(Instant t) const;
  // Committed data only: call finish() (or let a commit happen) first.
  Result<DayReport> day_report(int64_t day) const;
  // The last ledger failure; ok() once a later commit succeeded.
  const Status& last_ledger_error() const { return ledger_error_; }

 private:
  Engine(const EngineDesc& desc, std::optional<Ledger> ledger);
  void on_attended(AppId app, CategoryId category, Instant from, Instant to) override;
  void on_day_end(int64_t day_number, int64_t attended_ns) override;
  void seed(Instant now);
  void seed_extensions(Instant now);
  void record_policy(Instant now);
  void record(const TickOutput& out, Instant now);
  void close_idle(int64_t end_ms);
  void commit(Instant now);
  template <class T>
  void check(const Result<T>& r);

  Scheduler scheduler_;
  std::optional<Ledger> ledger_;
  int64_t commit_every_ms_ = 10'000;
  bool seeded_ = false;
  bool must_commit_ = false;
  int64_t last_commit_ms_ = 0;
  Status ledger_error_;
  // The ledger's newest policy change: its hash, and whether it kept the text.
  std::string recorded_hash_;
  bool recorded_text_ = false;
  bool policy_recorded_ = false;  // the policy in force was checked against the ledger
  // The idle moment being recorded.
  bool idle_open_ = false;
  int64_t idle_start_ms_ = 0;
  IdleMode idle_mode_ = IdleMode::protect;
  int32_t idle_item_ = -1;
  Reason idle_reason_ = Reason::none;
};

}  // namespace tw
