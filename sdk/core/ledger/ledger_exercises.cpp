// Ledger queries over friction outcomes: the rows the report groups per
// exercise, and the per-exercise tallies that seed the exercise picker.
#include <mutex>

#include "core/ledger/ledger_impl.hpp"

namespace tw {

using ledger_detail::Stmt;

Result<std::vector<ExerciseOutcomeRow>> Ledger::exercise_outcomes(int64_t from_ms, int64_t to_ms) const {
  ledger_detail::LedgerState& im = *impl_;
  std::lock_guard lock(im.db_mu);
  auto st = Stmt::prepare(im.db.get(), im.path,
      "SELECT o.shown_ms, o.answered_ms, a.name, o.exercise_id, o.exercise_kind, o.answer, "
      "IFNULL(o.decide_ms, -1), IFNULL(o.returned, -1), IFNULL(o.picked, '') "
      "FROM friction_outcome o JOIN app a ON a.id = o.app_id "
      "WHERE o.shown_ms >= ?1 AND o.shown_ms < ?2 ORDER BY o.shown_ms, o.id");
  if (!st) return st.error();
  st->bind(1, from_ms);
  st->bind(2, to_ms);
  std::vector<ExerciseOutcomeRow> rows;
  int rc = SQLITE_ROW;
  while ((rc = st->step()) == SQLITE_ROW) {
    rows.push_back({.shown_ms = st->int64(0),
                    .answered_ms = st->int64(1),
                    .app = std::string(st->text(2)),
                    .exercise = std::string(st->text(3)),
                    .kind = std::string(st->text(4)),
                    .answer = std::string(st->text(5)),
                    .decide_ms = st->int64(6),
                    .returned = static_cast<int32_t>(st->int64(7)),
                    .picked = std::string(st->text(8))});
  }
  if (rc != SQLITE_DONE) return ledger_detail::sqlite_error(im.db.get(), rc, im.path, "exercise_outcomes");
  return rows;
}

Result<std::vector<ExerciseTally>> Ledger::exercise_tallies() const {
  ledger_detail::LedgerState& im = *impl_;
  std::lock_guard lock(im.db_mu);
  auto st = Stmt::prepare(im.db.get(), im.path,
      "SELECT exercise_id, SUM(answer = 'left'), SUM(answer IN ('left', 'continued')), COUNT(*), "
      "exercise_id = (SELECT exercise_id FROM friction_outcome WHERE exercise_id != '' "
      "               ORDER BY shown_ms DESC, id DESC LIMIT 1) "
      "FROM friction_outcome WHERE exercise_id != '' GROUP BY exercise_id ORDER BY exercise_id");
  if (!st) return st.error();
  std::vector<ExerciseTally> rows;
  int rc = SQLITE_ROW;
  while ((rc = st->step()) == SQLITE_ROW)
    rows.push_back({.exercise = std::string(st->text(0)),
                    .left = st->int64(1),
                    .answered = st->int64(2),
                    .shown = st->int64(3),
                    .last = st->int64(4) != 0});
  if (rc != SQLITE_DONE) return ledger_detail::sqlite_error(im.db.get(), rc, im.path, "exercise_tallies");
  return rows;
}

Result<std::vector<OpenReturn>> Ledger::resolve_returns(int64_t now_ms, int64_t window_ms) {
  ledger_detail::LedgerState& im = *impl_;
  std::lock_guard lock(im.db_mu);
  sqlite3* db = im.db.get();
  using ledger_detail::exec;
  std::vector<OpenReturn> open;
  {  // Most starts have nothing to decide: no write lock for them.
    auto any = Stmt::prepare(db, im.path,
        "SELECT EXISTS(SELECT 1 FROM friction_outcome WHERE answer = 'left' AND returned IS NULL)");
    if (!any) return any.error();
    const int rc = any->step();
    if (rc != SQLITE_ROW) return ledger_detail::sqlite_error(db, rc, im.path, "read open returns");
    if (any->int64(0) == 0) return open;
  }
  if (auto st = exec(db, im.path, "BEGIN IMMEDIATE"); !st) return st.error();
  auto body = [&]() -> Status {
    auto decide = Stmt::prepare(db, im.path,
        "UPDATE friction_outcome SET returned = CASE WHEN EXISTS ("
        "  SELECT 1 FROM interval i WHERE i.app_id = friction_outcome.app_id "
        "  AND i.start_ms > friction_outcome.answered_ms AND i.start_ms <= friction_outcome.answered_ms + ?2) "
        "THEN 1 ELSE 0 END "
        "WHERE answer = 'left' AND returned IS NULL AND (answered_ms + ?2 < ?1 OR EXISTS ("
        "  SELECT 1 FROM interval i WHERE i.app_id = friction_outcome.app_id "
        "  AND i.start_ms > friction_outcome.answered_ms AND i.start_ms <= friction_outcome.answered_ms + ?2))");
    if (!decide) return decide.error();
    decide->bind(1, now_ms);
    decide->bind(2, window_ms);
    if (Status st = ledger_detail::run(decide.value(), db, im.path, "decide friction_outcome.returned"); !st) return st;
    auto left = Stmt::prepare(db, im.path,
        "SELECT a.name, o.shown_ms, o.answered_ms FROM friction_outcome o JOIN app a ON a.id = o.app_id "
        "WHERE o.answer = 'left' AND o.returned IS NULL ORDER BY o.answered_ms, o.id");
    if (!left) return left.error();
    int rc = SQLITE_ROW;
    while ((rc = left->step()) == SQLITE_ROW)
      open.push_back({.app = std::string(left->text(0)), .shown_ms = left->int64(1), .left_ms = left->int64(2)});
    if (rc != SQLITE_DONE) return ledger_detail::sqlite_error(db, rc, im.path, "read open returns");
    return {};
  };
  Status st = body();
  if (st) st = exec(db, im.path, "COMMIT");
  if (!st) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return st.error();
  }
  return open;
}

}  // namespace tw
