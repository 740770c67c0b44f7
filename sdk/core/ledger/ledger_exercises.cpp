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
      "IFNULL(o.decide_ms, -1), IFNULL(o.returned, -1) FROM friction_outcome o JOIN app a ON a.id = o.app_id "
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
                    .returned = static_cast<int32_t>(st->int64(7))});
  }
  if (rc != SQLITE_DONE) return ledger_detail::sqlite_error(im.db.get(), rc, im.path, "exercise_outcomes");
  return rows;
}

Result<std::vector<ExerciseTally>> Ledger::exercise_tallies() const {
  ledger_detail::LedgerState& im = *impl_;
  std::lock_guard lock(im.db_mu);
  auto st = Stmt::prepare(im.db.get(), im.path,
      "SELECT exercise_id, SUM(answer = 'left'), SUM(answer != 'timed_out') FROM friction_outcome "
      "WHERE exercise_id != '' GROUP BY exercise_id ORDER BY exercise_id");
  if (!st) return st.error();
  std::vector<ExerciseTally> rows;
  int rc = SQLITE_ROW;
  while ((rc = st->step()) == SQLITE_ROW)
    rows.push_back({.exercise = std::string(st->text(0)), .left = st->int64(1), .answered = st->int64(2)});
  if (rc != SQLITE_DONE) return ledger_detail::sqlite_error(im.db.get(), rc, im.path, "exercise_tallies");
  return rows;
}

Result<std::vector<ReminderRow>> Ledger::reminders(int64_t from_ms, int64_t to_ms) const {
  ledger_detail::LedgerState& im = *impl_;
  std::lock_guard lock(im.db_mu);
  auto st = Stmt::prepare(im.db.get(), im.path,
      "SELECT at_ms, kind, subject, app, top_ms, group_ms FROM reminder WHERE at_ms >= ?1 AND at_ms < ?2 "
      "ORDER BY at_ms, id");
  if (!st) return st.error();
  st->bind(1, from_ms);
  st->bind(2, to_ms);
  std::vector<ReminderRow> rows;
  int rc = SQLITE_ROW;
  while ((rc = st->step()) == SQLITE_ROW)
    rows.push_back({.at_ms = st->int64(0),
                    .kind = std::string(st->text(1)),
                    .subject = std::string(st->text(2)),
                    .app = std::string(st->text(3)),
                    .top_ms = st->int64(4),
                    .group_ms = st->int64(5)});
  if (rc != SQLITE_DONE) return ledger_detail::sqlite_error(im.db.get(), rc, im.path, "reminders");
  return rows;
}

}  // namespace tw
