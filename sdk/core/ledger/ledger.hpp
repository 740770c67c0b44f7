// ledger.hpp: the record of how the wearer's time was spent, in SQLite.
//
// What it does: records attended intervals per app and category (merged from
// heartbeats as in ActivityWatch), idle moments (filled or protected),
// friction outcomes (shown, left, continued anyway = bypass), blocks and
// policy changes, and keeps daily-per-app, daily-per-category and
// weekly-per-category rollups keyed by the wearer's local day (local
// midnight, DST-aware), updated in the same transaction as the raw rows.
//
// Durability contract (unlike ActivityWatch, which acknowledges before it
// commits): record_*() appends to a pending batch and returns a sequence
// number; commit() writes the whole batch in ONE transaction (group commit);
// an event is recorded once durable_seq() >= its sequence number. A failed
// commit (disk full, read-only, damaged file) returns the error and keeps the
// batch in a bounded memory buffer; the next commit retries it. When the
// buffer overflows the oldest events are dropped, counted in lost_events()
// and reported through LedgerDesc::on_error — never silently.
//
// The file is owner-only (0600, and SQLite gives -wal and -shm the same mode).
// Policy changes, refused youth changes and bypasses also go into an
// append-only audit log chained by BLAKE2b hashes; verify_audit_chain() names
// any edited or deleted row. A policy change keeps the accepted policy's
// canonical text, so last_accepted_policy() survives restarts.
//
// A damaged file (not a database, truncated, failing PRAGMA quick_check)
// gives Errc::ledger_corrupt naming the file and is never modified; a file
// from a newer Timewall gives Errc::schema_too_new.
//
// What it does not do: read a clock (every time is a Unix ms parameter), talk
// to other threads (one owner; not thread-safe), or include pending events in
// queries (queries read what is committed).
//
//   auto tz = tw::TimeZone::load("Europe/Berlin");
//   auto ledger = tw::Ledger::open({.path = "timewall.db", .pulse_s = 30}, *tz);
//   if (!ledger) return ledger.error();
//   auto seq = ledger->record_heartbeat({.app = "feed", .category = "social",
//                                        .start_ms = now_ms, .duration_ms = 0});
//   if (auto st = ledger->commit(); !st) log(st.error().message);  // events stay held
//   auto today = ledger->today_per_app(now_ms / 1000);              // committed data
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/policy.hpp"
#include "core/result.hpp"
#include "core/timezone.hpp"

namespace tw {

namespace ledger_detail {
struct LedgerState;  // ledger_impl.hpp
}

// NORMAL (default): in WAL mode a commit survives an application crash and
// never corrupts the file, without an fsync per commit; the last commits can
// be lost on power loss or an OS crash. FULL: an fsync per commit, which also
// survives power loss, at roughly 3.5 ms per commit on consumer NVMe.
enum class LedgerSync : uint8_t { normal, full };

// Zero-initialised = defaults.
struct LedgerDesc {
  std::string path{};
  int64_t pulse_s = 0;           // heartbeats merge across gaps up to this; 0 = 30 s
  LedgerSync sync = LedgerSync::normal;
  int32_t busy_timeout_ms = 0;   // wait for another writer; 0 = 5000 ms
  int64_t max_pending = 0;       // events held while commits fail; 0 = 10000
  int64_t max_size_bytes = 0;    // size cap; beyond it commits fail with ledger_full; 0 = none
  bool read_only = false;        // open for queries only; commits fail with ledger_readonly
  // Keys the audit chain's BLAKE2b hashes (16..64 bytes), so rewriting the
  // chain needs it; keep it outside the ledger. Empty = an unkeyed chain.
  std::string audit_key{};
  // Receives what cannot be returned: dropped events and destructor commit
  // failures. Empty = one line on stderr, once per Ledger.
  std::function<void(const Error&)> on_error{};
};

// The wearer attended `app` from start_ms for duration_ms (0 = seen at
// start_ms). Merges into the previous interval when app and category are equal
// and start_ms <= previous end + pulse; otherwise opens a new interval. A
// heartbeat for another app that starts before the previous interval's end is
// clipped to that end, so attended time is never counted twice.
struct Heartbeat {
  std::string_view app{};
  std::string_view category{};
  int64_t start_ms = 0;
  int64_t duration_ms = 0;
};

struct IdleMoment {
  int64_t start_ms = 0;
  int64_t duration_ms = 0;
  IdleMode mode = IdleMode::protect;
  std::string_view item_id{};  // the fill item shown; empty when protected
  std::string_view reason{};   // machine-readable, e.g. to_string(Reason)
};

enum class FrictionOutcome : uint8_t {
  shown,      // a friction prompt appeared
  left,       // the wearer took the easy way out
  continued,  // "continue anyway": a bypass, granting extension_s
};

struct FrictionEvent {
  int64_t at_ms = 0;
  std::string_view app{};
  std::string_view category{};
  FrictionOutcome outcome = FrictionOutcome::shown;
  int64_t extension_s = 0;  // continued only
  std::string_view budget{};  // the budget id whose prompt this was; empty for a window prompt
};

struct BlockEvent {
  int64_t at_ms = 0;
  std::string_view app{};
  std::string_view category{};
  std::string_view reason{};
};

struct PolicyChange {
  int64_t at_ms = 0;
  std::string_view old_hash{};  // hex digest of the previous policy file; empty for the first
  std::string_view new_hash{};
  // canonical_policy_text() of the policy accepted (its hash is new_hash), so
  // the next start can hold an edited file against it; empty = not kept.
  std::string_view policy_text{};
};

// A policy file refused because it changes [youth] without the guardian PIN
// (or with a wrong one). Audited only: the policy in force did not change.
struct PolicyRefusal {
  int64_t at_ms = 0;
  std::string_view source{};       // the file (or name) refused
  std::string_view code{};         // to_string(Errc): pin_required, pin_wrong, pin_backoff
  std::string_view active_hash{};  // the policy that stays in force
};

// The newest recorded policy change (committed).
struct AcceptedPolicy {
  int64_t at_ms = 0;
  std::string hash;  // its new_hash
  std::string text;  // its canonical text; empty for a row written before schema v5
  // Wrong guardian PINs audited since (policy_refused, code=pin_wrong), so a
  // host can restore the PIN back-off across restarts (GuardianGate).
  int64_t wrong_pins = 0;
};

// One row of the audit log, in chain order.
struct AuditEntry {
  int64_t id = 0;
  int64_t at_ms = 0;
  std::string kind;  // policy_change, bypass, policy_refused
  std::string body;  // "old=<hash> new=<hash>", "app=.. category=.. extension_s=..", "source=.. code=.. active=.."
};

struct UsageTotal {
  std::string name;  // app id or category name
  int64_t attended_ms = 0;
};

// "Continue anyway" grants of one budget in a time range.
struct BudgetBypasses {
  std::string budget;  // Budget::id
  int64_t count = 0;
  int64_t extension_s = 0;
};

struct DaySummary {
  int64_t day = 0;  // TimeZone::local_day_number
  int64_t protected_ms = 0;
  int64_t filled_ms = 0;
  int64_t friction_shown = 0;
  int64_t friction_left = 0;
  int64_t bypasses = 0;
  int64_t bypass_extension_s = 0;
  int64_t blocks = 0;
};

// One attended interval as stored: the app and category names and its span.
struct AttendedInterval {
  std::string app;
  std::string category;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
};

// The first and last local day with anything recorded (attended time, idle
// moments, friction or blocks).
struct DayRange {
  int64_t first = 0;
  int64_t last = 0;
};

// What import_intervals() did: `added_ms` of attended time entered the
// ledger; `skipped_ms` was already covered by recorded intervals.
struct ImportStats {
  int64_t intervals = 0;  // rows written (an input split by covered time gives several)
  int64_t added_ms = 0;
  int64_t skipped_ms = 0;
};

// The result of checking the audit chain of policy changes and bypasses.
struct AuditCheck {
  int64_t rows = 0;
  std::vector<std::string> problems;  // each names the row: "audit row 5: was edited ..."
  bool intact() const { return problems.empty(); }
};

class Ledger {
 public:
  using Seq = uint64_t;

  static Result<Ledger> open(const LedgerDesc& desc, const TimeZone& tz);

  Ledger(Ledger&&) noexcept;
  Ledger& operator=(Ledger&&) noexcept;
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;
  // Commits what is pending (best effort); a failure goes to on_error. Never throws.
  ~Ledger();

  // Each returns the event's sequence number, or invalid_argument (nothing
  // recorded) for an empty name, a negative duration, a heartbeat that
  // starts before the current interval, or a heartbeat or idle moment not
  // inside years 0001..9999 (tw::kMinUnixMs..kMaxUnixMs).
  Result<Seq> record_heartbeat(const Heartbeat& hb);
  Result<Seq> record_idle(const IdleMoment& idle);
  Result<Seq> record_friction(const FrictionEvent& ev);
  Result<Seq> record_block(const BlockEvent& ev);
  Result<Seq> record_policy_change(const PolicyChange& ev);
  Result<Seq> record_policy_refusal(const PolicyRefusal& ev);

  // Writes every pending event in one transaction. On failure the events stay
  // pending and the error (ledger_full / ledger_readonly / ledger_corrupt /
  // io, with SQLite's message) is returned.
  Status commit();

  Seq last_seq() const noexcept;     // the newest sequence number handed out
  Seq durable_seq() const noexcept;  // every event <= this is committed (or counted lost)
  int64_t pending_events() const noexcept;
  uint64_t lost_events() const noexcept;  // dropped from a full buffer, ever
  const std::string& path() const noexcept;

  // Rollup queries over committed events; rows sorted by time, longest first.
  Result<std::vector<UsageTotal>> day_per_app(int64_t day) const;
  Result<std::vector<UsageTotal>> today_per_app(int64_t unix_s) const;
  Result<std::vector<UsageTotal>> day_per_category(int64_t day) const;
  Result<std::vector<UsageTotal>> week_per_category(int64_t unix_s) const;  // local week from Monday
  Result<DaySummary> day_summary(int64_t day) const;
  // Bypasses ("continue anyway") per budget id with from_ms <= at_ms < to_ms,
  // sorted by budget id. Window-prompt bypasses and rows written before
  // schema v4 name no budget and are not counted.
  Result<std::vector<BudgetBypasses>> bypasses_per_budget(int64_t from_ms, int64_t to_ms) const;
  // The slow reference: SUM over the raw intervals clipped to the local day.
  // For audits, tests and the benchmark against the rollup.
  Result<std::vector<UsageTotal>> day_per_app_raw(int64_t day) const;

  // Every committed interval overlapping [from_ms, to_ms), in time order,
  // unclipped (an interval running across from_ms starts before it).
  Result<std::vector<AttendedInterval>> intervals(int64_t from_ms, int64_t to_ms) const;
  // nullopt for a ledger with nothing recorded.
  Result<std::optional<DayRange>> recorded_days() const;

  // Adds history recorded elsewhere (an ActivityWatch export) in ONE
  // transaction, after committing what is pending. Attended time is never
  // counted twice: each input keeps only the parts not already covered by a
  // recorded interval or by an earlier input, so importing the same history
  // twice adds nothing the second time. Inputs need not be sorted; an input
  // with an empty name or end_ms < start_ms is invalid_argument and nothing
  // is written. Meant for closed history: heartbeats that later extend the
  // open interval are not clipped against imported time.
  Result<ImportStats> import_intervals(std::span<const AttendedInterval> input);

  // Policy changes and bypasses are also appended to a hash-chained audit
  // log in the same transaction. This walks the chain and reports every row
  // that was edited or deleted (an error only if the file cannot be read).
  Result<AuditCheck> verify_audit_chain() const;
  // Every committed audit row, oldest first.
  Result<std::vector<AuditEntry>> audit_entries() const;

  // The policy the ledger last recorded as accepted, as the audit log says
  // (a policy_change row added by hand is not in the chain and is ignored);
  // nullopt when none was; ledger_corrupt when the audit log names a change
  // whose policy_change row is gone.
  // Hosts seed their PolicyStore with it at start (PolicyStore::remember), so
  // youth mode survives a restart with an edited file.
  Result<std::optional<AcceptedPolicy>> last_accepted_policy() const;
  // The same, read from the file at `path` without keeping it open and
  // without a time zone (the host needs the policy to pick its zone).
  // nullopt when the file does not exist or predates schema v5.
  static Result<std::optional<AcceptedPolicy>> read_last_accepted_policy(const std::string& path);

 private:
  explicit Ledger(std::unique_ptr<ledger_detail::LedgerState> impl);
  std::unique_ptr<ledger_detail::LedgerState> impl_;
};

}  // namespace tw
