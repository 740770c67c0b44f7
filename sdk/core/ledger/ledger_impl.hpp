// ledger_impl.hpp: the state behind tw::Ledger (internal).
//
// What it does: holds the connection, the prepared statements, the interned
// names, the interval heartbeats are merging into, and the pending batch.
// Two locks: `rec_mu` guards what recording touches (names, the open
// interval, the pending batch, the counters) and is held only for in-memory
// work; `db_mu` guards the connection and everything a commit or a query
// uses, and is never taken while recording. So a thread that records never
// waits for SQLite while another thread commits.
// Several processes may write one file: ids of new names and new intervals
// are provisional (negative) until a commit learns the file's own ids in its
// transaction, and heartbeats merge only into an interval this Ledger wrote.
// What it does not do: anything on its own; ledger.cpp drives it.
#pragma once

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "core/ledger/audit.hpp"
#include "core/ledger/ledger.hpp"
#include "core/ledger/rollup.hpp"
#include "core/ledger/sqlite_db.hpp"

namespace tw::ledger_detail {

// Name -> id for the app or category table. A new name gets a provisional
// (negative) id here, so pending rows can refer to it before it exists on
// disk; the commit that writes it finds the file's id (another process may
// have written the name first) and the table then hands that id out.
struct NameTable {
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, int64_t, Hash, std::equal_to<>> ids;
  std::unordered_map<int64_t, const std::string*> names;  // into ids' keys (stable nodes)
  std::vector<std::pair<int64_t, std::string>> unsaved;  // provisional id, name
  int64_t next_provisional = -1;

  int64_t intern(std::string_view name) {
    if (auto it = ids.find(name); it != ids.end()) return it->second;
    const int64_t id = next_provisional--;
    add(std::string(name), id);
    unsaved.emplace_back(id, std::string(name));
    return id;
  }
  void add(std::string name, int64_t id) {
    const auto it = ids.emplace(std::move(name), id).first;
    names[id] = &it->first;
  }
  // A commit wrote `name` (provisional id `provisional`) as the file's `id`.
  void saved(const std::string& name, int64_t provisional, int64_t id) {
    const auto it = ids.find(name);
    if (it == ids.end() || it->second != provisional) return;
    it->second = id;
    names[id] = &it->first;
  }
  std::string_view name(int64_t id) const {
    const auto it = names.find(id);
    return it == names.end() ? std::string_view() : std::string_view(*it->second);
  }
};

// The rollups already account for [start_ms, from_ms) of this interval; the
// op adds [from_ms, to_ms). Written as an upsert of the row, so an op whose
// creating op was dropped from a full buffer still lands consistently.
struct IntervalOp {
  int64_t id, app_id, category_id, from_ms, to_ms;
};
struct IdleOp {
  int64_t start_ms, end_ms;
  IdleMode mode;
  std::string item_id, reason;
};
struct FrictionOp {
  int64_t at_ms, app_id, category_id;
  FrictionOutcome outcome;
  int64_t extension_s;
  std::string budget;
  std::string audit_body;  // a bypass's audit row (names, not ids), made when recorded
};
struct BlockOp {
  int64_t at_ms, app_id, category_id;
  std::string reason;
};
struct AnswerOp {
  int64_t at_ms, app_id, category_id;  // 0: none
  std::string card, answer, outcome, budget, item;
};
struct ExerciseOutcomeOp {
  int64_t shown_ms, answered_ms, app_id, category_id;
  std::string exercise, kind, answer;
  int64_t decide_ms;
  std::string picked;
};
struct ExerciseReturnOp {
  int64_t app_id, shown_ms;
  bool returned;
};
struct PolicyOp {
  int64_t at_ms;
  std::string old_hash, new_hash, policy_text;
};
// An audit row with no table of its own: policy_refused, guardian_pin.
struct AuditOp {
  int64_t at_ms;
  std::string_view kind;  // a literal
  std::string body;
};
struct NotificationOp {
  int64_t id, app_id;  // id: this Ledger's (the Engine's)
  std::string app_name, summary, body, actions;
  int64_t urgency, expire_timeout_ms, received_ms;
  bool replace = false;  // UPDATE the row in place (Notify's replaces_id)
};
struct NotificationEventOp {
  int64_t id, at_ms;  // id: this Ledger's, or the file's for a restored one
  std::string kind, detail;
  int64_t card;  // likewise; 0: none
};

struct Op {
  Ledger::Seq seq = 0;  // the newest event folded into this op
  int64_t events = 1;   // heartbeats extending one interval fold into one op
  std::variant<IntervalOp, IdleOp, FrictionOp, BlockOp, AnswerOp, ExerciseOutcomeOp, ExerciseReturnOp, PolicyOp,
               AuditOp, NotificationOp, NotificationEventOp>
      body;
};

// The interval this Ledger's heartbeats merge into. Its id is provisional
// (negative); the commit that first writes it learns the file's id.
struct OpenInterval {
  int64_t id = 0;  // 0: none yet
  int64_t app_id = 0, category_id = 0, start_ms = 0, end_ms = 0;
};

// Provisional id -> the file's id, for names and intervals.
using IdMap = std::unordered_map<int64_t, int64_t>;

struct LedgerState {
  using Seq = Ledger::Seq;
  std::string path;
  TimeZone tz;
  int64_t pulse_ms = 0;
  size_t max_pending = 0;
  bool read_only = false;
  std::function<void(const Error&)> on_error;
  std::string audit_key;
  bool logged_once = false;

  // Guarded by rec_mu: what recording touches.
  std::mutex rec_mu;
  NameTable apps, categories;
  OpenInterval open;
  int64_t next_interval = -1;  // provisional interval ids count down
  std::deque<ledger_detail::Op> pending;
  int64_t pending_events = 0;
  Seq last_seq = 0;
  Seq durable_seq = 0;
  uint64_t lost = 0;
  uint64_t lost_unreported = 0;
  Errc last_failure = Errc::ledger_full;
  int64_t last_notification_id = 0;  // this Ledger's, committed or pending
  // The file's highest notification id when it was opened: an id up to it is
  // the file's own (a notification restored from it); one above it is this
  // Ledger's and gets the file's id when a commit writes it. Set once.
  int64_t opened_notification_id = 0;

  // Guarded by db_mu: the connection and what commits and queries use.
  std::mutex db_mu;
  DbPtr db;
  std::deque<ledger_detail::Op> in_flight;  // the batch being written (swapped with pending)
  std::vector<std::pair<int64_t, std::string>> saving_apps, saving_categories;
  IdMap app_ids, category_ids, interval_ids;  // provisional -> file ids, learnt by commits
  // This Ledger's notification ids (the Engine's, > opened_notification_id)
  // -> the file's: another writer may have taken the same number.
  IdMap notification_ids;
  // Attended ms this Ledger committed, per (local day, app id in the file):
  // subtracted from the file's rollups, it leaves what other writers added.
  std::map<std::pair<int64_t, int64_t>, int64_t> own_ms;

  Stmt insert_app, insert_category, select_app, select_category, upsert_interval, insert_idle, insert_friction,
      insert_block, insert_answer, insert_exercise_outcome, set_exercise_return, insert_policy, insert_notification, insert_notification_event,
      set_notification_state, update_notification, q_elsewhere;
  Stmt q_day_app, q_day_category, q_week_category, q_day_totals, q_raw_day_app, q_bypasses;
  RollupBatch rollups;
  AuditLog audit;
  AuditCursor audit_cursor;  // advanced only when a commit succeeds
};

// Writes each new name (provisional id, name) unless the file has it, and
// learns the file's id for it (inside the caller's transaction).
Status save_names(LedgerState& im, const std::vector<std::pair<int64_t, std::string>>& names, Stmt& insert,
                  Stmt& select, IdMap& learnt);

}  // namespace tw::ledger_detail
