// rollup.hpp: daily and weekly rollup deltas for one transaction (internal).
//
// What it does: splits attended and idle time at local midnight (the
// TimeZone decides, so DST days are 23 or 25 hours), sums the pieces per
// (day, app, category), (week, category) and day totals in memory, then
// writes each key once with an upsert. Used by commit() and by the v1->v2
// migration, so both fill the rollups the same way.
// What it does not do: open transactions; the caller owns the transaction.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "core/ledger/ledger.hpp"
#include "core/ledger/sqlite_db.hpp"
#include "core/timezone.hpp"

namespace tw::ledger_detail {

// Floor division of Unix ms to Unix s (correct before 1970 too).
inline int64_t floor_s(int64_t ms) { return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000); }

class RollupBatch {
 public:
  static Result<RollupBatch> create(sqlite3* db, const std::string& path, const TimeZone& tz);

  void add_attended(int64_t app_id, int64_t category_id, int64_t from_ms, int64_t to_ms);
  void add_idle(IdleMode mode, int64_t from_ms, int64_t to_ms);
  void add_friction(int64_t at_ms, FrictionOutcome outcome, int64_t extension_s);
  void add_block(int64_t at_ms);

  // Adds the attended ms accumulated so far per (local day, app) to `into`.
  void add_day_usage_to(std::map<std::pair<int64_t, int64_t>, int64_t>& into) const;
  // Writes every accumulated delta inside the caller's transaction. The
  // deltas are cleared either way: after a failure the caller rolls back and
  // re-adds the whole batch.
  Status flush(sqlite3* db, const std::string& path);
  void clear();

 private:
  struct LocalDay {
    int64_t day = 0;
    int64_t week = 0;  // day number of that week's Monday
    int64_t start_ms = 0;
    int64_t end_ms = 0;
  };
  const LocalDay& day_of(int64_t ms);  // cached: most pieces fall on the last day seen

  const TimeZone* tz_ = nullptr;
  LocalDay cached_{0, 0, 0, -1};
  std::map<std::tuple<int64_t, int64_t, int64_t>, int64_t> day_usage_;  // day, app, category -> ms
  std::map<std::pair<int64_t, int64_t>, int64_t> week_usage_;          // week, category -> ms
  std::map<int64_t, DaySummary> totals_;
  Stmt upsert_day_;
  Stmt upsert_week_;
  Stmt upsert_totals_;
};

}  // namespace tw::ledger_detail
