// ledger.hpp: the record of how the wearer's time was spent, in SQLite.
//
// What it does: records attended intervals per app and category (merged from
// heartbeats as in ActivityWatch), idle moments (filled or protected),
// friction outcomes (shown, left, continued anyway = bypass; and per
// prompt its exercise, answer, time to decide and return), blocks and
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
// Threads: recording (record_*) never waits for SQLite. commit() and the
// queries may run on another thread than recording (the Engine's background
// committer does); recording only ever waits for the moment a commit takes
// the pending batch or, after a failure, puts it back.
// Processes: several may write one file at once (one Ledger each; WAL, a
// busy timeout, each commit one IMMEDIATE transaction). Names and intervals
// get the file's ids inside the commit that writes them, rollups are added
// to, and the audit chain continues from the file's head, so no row is lost,
// overwritten or counted twice. A Ledger merges heartbeats only into an
// interval it wrote itself: the gap before another writer's interval, or
// before one from an earlier run, is not filled. usage_elsewhere() tells
// what the other writers added.
// What it does not do: read a clock (every time is a Unix ms parameter),
// clip one writer's intervals against another's (two processes that both
// count the same moment both record it), or include pending events in
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
// start_ms). Merges into the previous interval this Ledger recorded when app
// and category are equal and start_ms <= previous end + pulse; otherwise opens
// a new interval. A heartbeat for another app that starts before the previous
// interval's end is clipped to that end, so this Ledger never counts attended
// time twice.
// `exact`: the caller reports exact attended spans (the Engine does): a
// heartbeat merges only when it starts where the interval ends, so a gap
// (the app lost focus; another app, maybe in another process, had it) is
// never filled.
struct Heartbeat {
  std::string_view app{};
  std::string_view category{};
  int64_t start_ms = 0;
  int64_t duration_ms = 0;
  bool exact = false;
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

// What came of one friction prompt (core/scheduler/exercise_outcomes.hpp):
// the exercise it showed, the answer, and the visible time to decide. Names
// are the core's stable ones (to_string(ExerciseKind), to_string(ExerciseAnswer)).
struct ExerciseOutcomeEvent {
  int64_t shown_ms = 0;  // with app: the prompt's key (ExerciseReturnEvent)
  int64_t answered_ms = 0;
  std::string_view app{};
  std::string_view category{};
  std::string_view exercise{};  // the exercise id; empty: none was shown
  std::string_view kind{};      // "breathe", "intention", "wait", "alternative"; empty with no exercise
  std::string_view answer{};    // "left", "continued", "timed_out", "open_at_finish"
  int64_t decide_ms = 0;
  std::string_view picked{};    // intention or alternative: the row picked (an intention, a fill item's id); empty: none
};

// Whether the wearer came back to `app` within 10 minutes of leaving the
// prompt shown at shown_ms (decided later than the outcome).
struct ExerciseReturnEvent {
  std::string_view app{};
  int64_t shown_ms = 0;
  bool returned = false;
};

// One committed friction outcome, as stored.
struct ExerciseOutcomeRow {
  int64_t shown_ms = 0;
  int64_t answered_ms = 0;
  std::string app;
  std::string exercise;  // empty: none recorded (no exercise, or a row migrated from before schema v9)
  std::string kind;      // likewise empty
  std::string answer;    // "left", "continued", "timed_out", "open_at_finish"
  int64_t decide_ms = -1;  // -1: unknown (migrated and unanswered)
  int32_t returned = -1;   // 1, 0, or -1: not decided (not a left, or not known)
  std::string picked;      // the row picked (schema v10); empty: none
};

// Answers to one exercise over the whole ledger (the picker's prior).
struct ExerciseTally {
  std::string exercise;
  int64_t left = 0;
  int64_t answered = 0;  // left or continued
  int64_t shown = 0;     // prompts that showed it (every outcome row): the picker's picks so far
  bool last = false;     // the most recent prompt with an exercise showed this one
};

// A left whose return within 10 minutes is still undecided after
// Ledger::resolve_returns: its 10 minutes are not over yet.
struct OpenReturn {
  std::string app;
  int64_t shown_ms = 0;
  int64_t left_ms = 0;  // the outcome's answered_ms
};

// The wearer answered a card (Decision::answer): what, on which card, and
// what came of it. Names are the core's stable ones (to_string(Answer),
// to_string(OverlayKind), to_string(Reason)).
struct AnswerEvent {
  int64_t at_ms = 0;
  std::string_view app{};       // the focused app (a nudge's: its app); empty = none
  std::string_view category{};  // empty when app is
  std::string_view card{};      // "friction_prompt", "block_shield", "nudge", "fill_card"
  std::string_view answer{};    // "continue_anyway", "prompt_leave", "block_leave", ...
  std::string_view outcome{};   // "bypass_granted", "prompt_left", "block_left", "dismissed", "not_offered", ...
  std::string_view budget{};    // the budget id the card was about; empty for none
  std::string_view item{};      // the nudge id (decimal) or the fill item id; empty for none
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

// The guardian set or changed the PIN (`timewall guardian set-pin`; audited
// only, in the guardian's audit log: docs/youth.md).
struct GuardianPinChange {
  int64_t at_ms = 0;
  std::string_view pin_id{};  // names the new hash without giving it away (a digest of it)
};

// A notification the firewall received (core/notify), cleaned. `actions`
// is key US(0x1f) label RS(0x1e) per action (cleaned text holds no control
// characters).
struct NotificationRecord {
  int64_t id = 0;  // > every id recorded before (last_notification_id)
  std::string_view app{};  // normalised app id
  std::string_view app_name{};
  std::string_view summary{};
  std::string_view body{};
  int32_t urgency = 1;  // 0..2
  std::string_view actions{};
  int32_t expire_timeout_ms = -1;
  int64_t received_ms = 0;
};

// One step of a notification: kind is to_string(InboxEventKind) ("held",
// "delivered", ...); detail the reason (a Reason name for held and
// delivered, a close reason for dropped, expired and closed, the action key).
struct NotificationStep {
  int64_t id = 0;
  int64_t at_ms = 0;
  std::string_view kind{};
  std::string_view detail{};
  int64_t card = 0;  // batched, delivered: the notification whose card carries it
};

// A notification still open (committed): waiting, or shown when the ledger
// was last written.
struct OpenNotification {
  int64_t id = 0;
  std::string app, app_name, summary, body, actions;
  int32_t urgency = 1;
  int32_t expire_timeout_ms = -1;
  int64_t received_ms = 0;
  bool shown = false;
};

// Per app over a time range: what the firewall did with its notifications.
// interruptions: cards shown mid-task (at once or at the deferral bound,
// not at a breakpoint), each card once; saved: notifications that ended or
// showed without one.
struct NotificationTally {
  std::string app;
  int64_t received = 0, held = 0, batched = 0, delivered = 0, dropped = 0, expired = 0;
  int64_t interruptions = 0, saved = 0;
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
  std::string kind;  // policy_change, bypass, policy_refused, guardian_pin
  std::string body;  // "old=<hash> new=<hash>", "app=.. category=.. extension_s=..", "source=.. code=.. active=.."
};

struct UsageTotal {
  std::string name;  // app id or category name
  int64_t attended_ms = 0;
};

// Attended time per app that other writers of the file committed.
struct UsageElsewhere {
  std::string app;
  int64_t day_ms = 0;   // on the local day asked for
  int64_t week_ms = 0;  // from the week's first day through that day
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
  // starts before this Ledger's current interval, or a heartbeat or idle moment not
  // inside years 0001..9999 (tw::kMinUnixMs..kMaxUnixMs).
  Result<Seq> record_heartbeat(const Heartbeat& hb);
  Result<Seq> record_idle(const IdleMoment& idle);
  Result<Seq> record_friction(const FrictionEvent& ev);
  Result<Seq> record_block(const BlockEvent& ev);
  Result<Seq> record_answer(const AnswerEvent& ev);
  // invalid_argument for an empty app or category, an unknown answer or
  // kind, an exercise without kind (or the reverse), answered_ms before
  // shown_ms, or a negative decide_ms.
  Result<Seq> record_exercise_outcome(const ExerciseOutcomeEvent& ev);
  // Sets `returned` on the left outcome of (app, shown_ms), committed or in
  // the same batch; nothing when there is none (its outcome was dropped from
  // a full buffer, or it was not a left). A return once recorded stays: a
  // later "not returned" from another writer does not undo it.
  Result<Seq> record_exercise_return(const ExerciseReturnEvent& ev);
  Result<Seq> record_policy_change(const PolicyChange& ev);
  Result<Seq> record_policy_refusal(const PolicyRefusal& ev);
  Result<Seq> record_guardian_pin(const GuardianPinChange& ev);

  // Notifications (core/notify): the content once, then each step; a step
  // that ends one (dropped, expired, closed) or shows it (delivered) also
  // sets its state.
  Result<Seq> record_notification(const NotificationRecord& n);
  // The sender replaced recorded notification n.id's content in place
  // (app name, summary, body, urgency, actions, expiry; its app and
  // received_ms stay): invalid_argument for an id never recorded.
  Result<Seq> record_notification_replacement(const NotificationRecord& n);
  Result<Seq> record_notification_event(const NotificationStep& ev);
  // Notification ids are the recording process's (the Engine hands them to
  // senders): they start above the file's highest id at open and go up. A
  // commit gives each new notification the file's next id (another process
  // may have used the same number) and writes its steps under that id; an id
  // up to the file's highest at open is the file's own (one restored from
  // open_notifications). A step whose notification was dropped unwritten
  // from a full buffer is not written.
  // The highest notification id: the file's at open, then this Ledger's
  // (pending included); 0 for none.
  int64_t last_notification_id() const noexcept;
  // Committed notifications not ended, in id order, among those the file
  // held when it was opened (a later one is another writer's).
  Result<std::vector<OpenNotification>> open_notifications() const;
  // Received in [from_ms, to_ms), per app, most received first.
  Result<std::vector<NotificationTally>> notification_tallies(int64_t from_ms, int64_t to_ms) const;

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
  // Friction outcomes with from_ms <= shown_ms < to_ms, in time order.
  Result<std::vector<ExerciseOutcomeRow>> exercise_outcomes(int64_t from_ms, int64_t to_ms) const;
  // Left and answered per exercise id over every committed outcome, by id.
  Result<std::vector<ExerciseTally>> exercise_tallies() const;
  // Decides the lefts whose return is still NULL (their process ended
  // before the window did; core/scheduler/exercise_outcomes.hpp's
  // kReturnWindowMs): returned = 1 where the file holds attended time in
  // that app starting within `window_ms` after the left (any writer's),
  // else 0 once the window ended before `now_ms`. Returns the ones still
  // running (to be watched on), oldest first. One transaction.
  Result<std::vector<OpenReturn>> resolve_returns(int64_t now_ms, int64_t window_ms);
  // Bypasses ("continue anyway") per budget id with from_ms <= at_ms < to_ms,
  // sorted by budget id. Window-prompt bypasses and rows written before
  // schema v4 name no budget and are not counted.
  Result<std::vector<BudgetBypasses>> bypasses_per_budget(int64_t from_ms, int64_t to_ms) const;
  // Attended time per app committed to this file by other writers (other
  // processes, or other Ledgers on the file): on local day `day`, and from
  // local day `week_first` through `day`; what this Ledger committed is
  // subtracted. Apps with none are left out; sorted by name. `out` is
  // cleared first (its capacity is reused).
  Status usage_elsewhere(int64_t day, int64_t week_first, std::vector<UsageElsewhere>& out) const;
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
