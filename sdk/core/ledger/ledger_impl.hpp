// ledger_impl.hpp: the state behind tw::Ledger (internal).
//
// What it does: holds the connection, the prepared statements, the interned
// names, the interval heartbeats are merging into, and the pending batch.
// What it does not do: anything on its own; ledger.cpp drives it.
#pragma once

#include <algorithm>
#include <deque>
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

// Name -> id for the app or category table. New names are written at the
// start of the next commit; ids are handed out here so pending rows can
// refer to them before they exist on disk.
struct NameTable {
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, int64_t, Hash, std::equal_to<>> ids;
  std::unordered_map<int64_t, const std::string*> names;  // into ids' keys (stable nodes)
  std::vector<std::pair<int64_t, std::string>> unsaved;
  int64_t next_id = 1;

  int64_t intern(std::string_view name) {
    if (auto it = ids.find(name); it != ids.end()) return it->second;
    const int64_t id = next_id++;
    add(std::string(name), id);
    unsaved.emplace_back(id, std::string(name));
    return id;
  }
  void add(std::string name, int64_t id) {
    const auto it = ids.emplace(std::move(name), id).first;
    names[id] = &it->first;
    next_id = std::max(next_id, id + 1);
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
};
struct BlockOp {
  int64_t at_ms, app_id, category_id;
  std::string reason;
};
struct PolicyOp {
  int64_t at_ms;
  std::string old_hash, new_hash, policy_text;
};
struct RefusalOp {
  int64_t at_ms;
  std::string body;
};

struct Op {
  Ledger::Seq seq = 0;  // the newest event folded into this op
  int64_t events = 1;   // heartbeats extending one interval fold into one op
  std::variant<IntervalOp, IdleOp, FrictionOp, BlockOp, PolicyOp, RefusalOp> body;
};

struct OpenInterval {
  int64_t id = -1;  // -1: none yet
  int64_t app_id = 0, category_id = 0, start_ms = 0, end_ms = 0;
};

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

  DbPtr db;
  NameTable apps, categories;
  OpenInterval open;
  int64_t next_interval_id = 1;

  std::deque<ledger_detail::Op> pending;
  int64_t pending_events = 0;
  Seq last_seq = 0;
  Seq durable_seq = 0;
  uint64_t lost = 0;
  uint64_t lost_unreported = 0;
  Errc last_failure = Errc::ledger_full;

  Stmt insert_app, insert_category, upsert_interval, insert_idle, insert_friction,
      insert_block, insert_policy;
  Stmt q_day_app, q_day_category, q_week_category, q_day_totals, q_raw_day_app, q_bypasses;
  RollupBatch rollups;
  AuditLog audit;
  AuditCursor audit_cursor;  // advanced only when a commit succeeds
};

}  // namespace tw::ledger_detail
