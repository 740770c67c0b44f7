#include "core/ledger/rollup.hpp"

#include <algorithm>

namespace tw::ledger_detail {

Result<RollupBatch> RollupBatch::create(sqlite3* db, const std::string& path, const TimeZone& tz) {
  RollupBatch b;
  b.tz_ = &tz;
  auto day = Stmt::prepare(db, path,
      "INSERT INTO day_usage(day, app_id, category_id, attended_ms) VALUES(?1, ?2, ?3, ?4) "
      "ON CONFLICT(day, app_id, category_id) DO UPDATE SET attended_ms = attended_ms + excluded.attended_ms");
  if (!day) return day.error();
  auto week = Stmt::prepare(db, path,
      "INSERT INTO week_category(week_day, category_id, attended_ms) VALUES(?1, ?2, ?3) "
      "ON CONFLICT(week_day, category_id) DO UPDATE SET attended_ms = attended_ms + excluded.attended_ms");
  if (!week) return week.error();
  auto totals = Stmt::prepare(db, path,
      "INSERT INTO day_totals(day, protected_ms, filled_ms, friction_shown, friction_left, bypasses, "
      "bypass_extension_s, blocks) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
      "ON CONFLICT(day) DO UPDATE SET protected_ms = protected_ms + excluded.protected_ms, "
      "filled_ms = filled_ms + excluded.filled_ms, friction_shown = friction_shown + excluded.friction_shown, "
      "friction_left = friction_left + excluded.friction_left, bypasses = bypasses + excluded.bypasses, "
      "bypass_extension_s = bypass_extension_s + excluded.bypass_extension_s, blocks = blocks + excluded.blocks");
  if (!totals) return totals.error();
  b.upsert_day_ = std::move(day.value());
  b.upsert_week_ = std::move(week.value());
  b.upsert_totals_ = std::move(totals.value());
  return b;
}

const RollupBatch::LocalDay& RollupBatch::day_of(int64_t ms) {
  if (ms >= cached_.start_ms && ms < cached_.end_ms) return cached_;
  const int64_t s = floor_s(ms);
  cached_.day = tz_->local_day_number(s);
  cached_.week = tz_->local_day_number(tz_->local_week_start(s));
  cached_.start_ms = tz_->local_day_start(s) * 1000;
  cached_.end_ms = tz_->next_local_day_start(s) * 1000;
  return cached_;
}

void RollupBatch::add_attended(int64_t app_id, int64_t category_id, int64_t from_ms, int64_t to_ms) {
  while (from_ms < to_ms) {
    const LocalDay& d = day_of(from_ms);
    const int64_t piece_end = std::min(to_ms, d.end_ms);
    day_usage_[{d.day, app_id, category_id}] += piece_end - from_ms;
    week_usage_[{d.week, category_id}] += piece_end - from_ms;
    from_ms = piece_end;
  }
}

void RollupBatch::add_idle(IdleMode mode, int64_t from_ms, int64_t to_ms) {
  while (from_ms < to_ms) {
    const LocalDay& d = day_of(from_ms);
    const int64_t piece_end = std::min(to_ms, d.end_ms);
    DaySummary& t = totals_[d.day];
    (mode == IdleMode::fill ? t.filled_ms : t.protected_ms) += piece_end - from_ms;
    from_ms = piece_end;
  }
}

void RollupBatch::add_friction(int64_t at_ms, FrictionOutcome outcome, int64_t extension_s) {
  DaySummary& t = totals_[day_of(at_ms).day];
  switch (outcome) {
    case FrictionOutcome::shown: ++t.friction_shown; break;
    case FrictionOutcome::left: ++t.friction_left; break;
    case FrictionOutcome::continued:
      ++t.bypasses;
      t.bypass_extension_s += extension_s;
      break;
  }
}

void RollupBatch::add_block(int64_t at_ms) { ++totals_[day_of(at_ms).day].blocks; }

void RollupBatch::add_day_usage_to(std::map<std::pair<int64_t, int64_t>, int64_t>& into) const {
  for (const auto& [key, ms] : day_usage_) into[{std::get<0>(key), std::get<1>(key)}] += ms;
}

void RollupBatch::clear() {
  day_usage_.clear();
  week_usage_.clear();
  totals_.clear();
}

Status RollupBatch::flush(sqlite3* db, const std::string& path) {
  Status st;
  for (const auto& [key, ms] : day_usage_) {
    upsert_day_.bind(1, std::get<0>(key));
    upsert_day_.bind(2, std::get<1>(key));
    upsert_day_.bind(3, std::get<2>(key));
    upsert_day_.bind(4, ms);
    if (st = run(upsert_day_, db, path, "update day_usage"); !st) break;
  }
  for (const auto& [key, ms] : week_usage_) {
    if (!st) break;
    upsert_week_.bind(1, key.first);
    upsert_week_.bind(2, key.second);
    upsert_week_.bind(3, ms);
    st = run(upsert_week_, db, path, "update week_category");
  }
  for (const auto& [day, t] : totals_) {
    if (!st) break;
    upsert_totals_.bind(1, day);
    upsert_totals_.bind(2, t.protected_ms);
    upsert_totals_.bind(3, t.filled_ms);
    upsert_totals_.bind(4, t.friction_shown);
    upsert_totals_.bind(5, t.friction_left);
    upsert_totals_.bind(6, t.bypasses);
    upsert_totals_.bind(7, t.bypass_extension_s);
    upsert_totals_.bind(8, t.blocks);
    st = run(upsert_totals_, db, path, "update day_totals");
  }
  clear();
  return st;
}

}  // namespace tw::ledger_detail
