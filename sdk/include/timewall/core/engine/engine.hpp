// engine.hpp: the scheduler and its ledger, as tw::Runtime drives them.
//
// What it does: owns the Scheduler and, optionally, the Ledger (through its
// Committer). Each tick it runs the scheduler and records what happened:
// attended intervals as ledger heartbeats, idle moments (filled or
// protected), friction outcomes (shown, left, continued = bypass; per
// prompt its exercise, answer, time to decide and return within 10 min), blocks,
// and every answer the wearer gave a card (the answer table: card, answer,
// outcome). Events are committed in groups: at the end of any tick that
// recorded an outcome or ended a day, and at least every commit_every_s of
// simulated time. At start (start() or the first tick) it seeds today's and
// this week's usage per app, and the "continue anyway" extensions each
// budget already used in its period (day or week), and each exercise's
// answers (the picker's prior), from the ledger, so budgets, their bypass
// limits and what the rotation learnt survive restarts.
// Other processes: every commit also reads the attended time that other
// writers of the ledger (other apps' engines) committed since, and adds it
// to the scheduler's day and week counters, so a category budget or the
// youth daily cap binds on the sum across processes, within one commit
// period of each (commit_every_s). With background_commit the commits and
// those reads run on the Committer's thread: tick() records into memory,
// asks for a commit and picks up the last finished one, and never waits for
// SQLite or another process; finish() waits for its commit.
// Policy audit: every policy put in force (the one it was created with, on
// the first tick, and each set_policy) that differs from the ledger's last
// recorded one is recorded as a policy change with its canonical text, in
// the ledger's hash-chained audit log; a youth change refused for want of
// the guardian PIN is audited by record_policy_refusal. At the next start
// remember_accepted_policy() seeds the host's PolicyStore with that text.
// Hosts do not wire these themselves: tw::Runtime (runtime/runtime.hpp)
// holds the store, the engine and the ledger and calls each in its place.
// Notifications (core/notify): notify() admits a cleaned notification into
// the Inbox under the policy's [notifications] rules, records it and commits
// before it returns the id; the next tick hands its nudge to the scheduler,
// and each step (held, delivered, expired, ...) is recorded and queued for
// the host (take_notify_events: the D-Bus server's NotificationClosed and
// ActionInvoked). On the first tick, notifications still waiting in the
// ledger are admitted again (their max_defer_s and expiry count from when
// they were received); one whose card showed when the last process ended
// is closed (expired).
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

#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/engine/committer.hpp"
#include "core/ledger/ledger.hpp"
#include "core/notify/inbox.hpp"
#include "core/notify/notification.hpp"
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
  // Commits (and reads of other processes' usage) on a thread of their own,
  // so tick() never waits for SQLite; false: inside tick() (deterministic).
  bool background_commit = false;
  // At the first tick, takes over the notifications the ledger holds open
  // (a previous run of this host left them). Only a host that receives
  // notifications itself (timewall serve, a C host calling tw_engine_notify)
  // should: the others share the ledger with it, and would take its open
  // notifications from it (docs/architecture.md, "budgets across processes").
  bool restore_notifications = true;
  // Reads the ledger and records nothing (timewall status): no heartbeat,
  // idle moment, decision, answer or policy is written; commits only read
  // back what the other writers recorded.
  bool observer = false;
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

  // Seeds the usage from the ledger (reads it on this thread) if not done
  // yet; the first tick does it otherwise.
  void start(Instant now);
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
  // With background_commit: waits until the commits asked for so far are
  // done and takes the last (its reads of other processes' usage apply at
  // the next tick), e.g. before a report, or to make a test deterministic.
  // Inline: they are done already.
  void wait_for_commits();
  // Records an idle moment still open and a friction prompt still up (its
  // outcome open_at_finish) and commits everything pending (with
  // background_commit: waits for that commit).
  Status finish(Instant now);

  // Admits `n` (from clean_notification) at `now`: its id, 1 .. 2^31-1.
  // With a ledger it is committed first (with background_commit: this
  // waits for that commit); a failed commit keeps it in memory
  // (last_ledger_error says so) and it is still admitted. Fails only when
  // the ids are used up. `replaces_id` (Notify's): when that notification
  // is open, its content is replaced in place (recorded and committed the
  // same way) and the same id is returned; otherwise it is a new one.
  Result<uint32_t> notify(Notification n, Instant now, uint32_t replaces_id = 0);
  // The sender closed `id`: not_found unless it is open.
  Status close_notification(uint32_t id, Instant now);
  // The wearer chose action `key` on shown notification `id`: not_found
  // unless it shows with that action.
  Status invoke_action(uint32_t id, std::string_view key, Instant now);
  const Inbox& inbox() const { return inbox_; }
  // Steps since the last call, in order (for the host's signals).
  std::vector<InboxEvent> take_notify_events() { return std::exchange(notify_events_, {}); }

  Interner& apps() { return scheduler_.apps(); }
  Interner& categories() { return scheduler_.categories(); }
  const Policy& policy() const { return scheduler_.policy(); }
  const Scheduler& scheduler() const { return scheduler_; }
  const Ledger* ledger() const { return committer_ ? &committer_->ledger() : nullptr; }
  int64_t local_day(Instant t) const;
  // Committed data only: call finish() (or let a commit happen) first.
  Result<DayReport> day_report(int64_t day) const;
  // The last ledger failure; ok() once a later commit succeeded.
  const Status& last_ledger_error() const { return ledger_error_; }
  // Attended ms of other writers added to the scheduler so far, for `app`
  // on the current local day (0 before any).
  int64_t elsewhere_day_ms(AppId app) const { return app < elsewhere_.size() ? elsewhere_[app].day_ms : 0; }

 private:
  struct Elsewhere {
    int64_t day_ms = 0;
    int64_t week_ms = 0;
  };
  Engine(const EngineDesc& desc, std::optional<Ledger> ledger);
  Ledger* book() { return committer_ ? &committer_->ledger() : nullptr; }
  const Ledger* book() const { return ledger(); }
  void on_attended(AppId app, CategoryId category, Instant from, Instant to) override;
  void on_day_end(int64_t day_number, int64_t attended_ns) override;
  void seed(Instant now);
  void seed_extensions(Instant now);
  void seed_exercises(Instant now);
  void record_policy(Instant now);
  void record(const TickOutput& out, Instant now);
  void record_answer(const Decision& d, std::string_view app, std::string_view category);
  void record_exercises(const TickOutput& out);
  void record_outcome(const ExerciseOutcome& o);
  void close_idle(int64_t end_ms);
  void commit(Instant now, bool wait);
  void restore_notifications(Instant now);
  void admit(uint32_t id, Notification n, Instant now, int64_t received_ms, bool restored);
  void record_notify_events();
  void run_notify_steps(Instant now);
  void take_round();
  void take_round_done();
  void add_elsewhere(const CommitRound& round);
  int64_t week_first_day() const;
  const TickOutput& with_actions(const TickOutput& out);
  template <class T>
  void check(const Result<T>& r);

  Scheduler scheduler_;
  std::unique_ptr<Committer> committer_;  // owns the ledger
  CommitRound round_;                     // the last round taken from it
  // Other writers' attended ms already added to the scheduler, per app, for
  // local day elsewhere_day_ and the week starting on elsewhere_week_.
  std::vector<Elsewhere> elsewhere_;
  int64_t elsewhere_day_ = INT64_MIN;
  int64_t elsewhere_week_ = INT64_MIN;
  Inbox inbox_;
  uint32_t last_notify_id_ = 0;
  std::vector<Signal> notify_signals_;  // for the next tick
  std::vector<ExerciseOutcome> finish_outcomes_;  // a prompt open at finish()
  TickOutput annotated_;  // the scheduler's output with Overlay::actions set (notification cards shown)
  std::vector<Signal> merged_;          // the tick's signals with them
  std::vector<InboxEvent> notify_events_;
  int64_t commit_every_ms_ = 10'000;
  bool seeded_ = false;
  bool started_ = false;  // the first tick ran
  bool restore_notifications_ = true;
  bool observer_ = false;
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
