#include "core/ledger/schema.hpp"

#include "core/ledger/audit.hpp"
#include "core/ledger/rollup.hpp"
#include "core/ledger/sqlite_db.hpp"

namespace tw::ledger_detail {
namespace {

// v1: raw events. tests/data/ledger/v1.sql is a v1 file and must stay in step.
constexpr const char* kV1 = R"sql(
CREATE TABLE app(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE category(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE interval(
  id INTEGER PRIMARY KEY,
  app_id INTEGER NOT NULL REFERENCES app(id),
  category_id INTEGER NOT NULL REFERENCES category(id),
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL CHECK (end_ms >= start_ms));
CREATE INDEX interval_start ON interval(start_ms);
CREATE TABLE idle_moment(
  id INTEGER PRIMARY KEY,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL CHECK (end_ms >= start_ms),
  mode TEXT NOT NULL CHECK (mode IN ('fill', 'protect')),
  item_id TEXT NOT NULL,
  reason TEXT NOT NULL);
CREATE TABLE friction(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  app_id INTEGER NOT NULL REFERENCES app(id),
  category_id INTEGER NOT NULL REFERENCES category(id),
  outcome TEXT NOT NULL CHECK (outcome IN ('shown', 'left', 'continued')),
  extension_s INTEGER NOT NULL);
CREATE TABLE block(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  app_id INTEGER NOT NULL REFERENCES app(id),
  category_id INTEGER NOT NULL REFERENCES category(id),
  reason TEXT NOT NULL);
CREATE TABLE policy_change(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  old_hash TEXT NOT NULL,
  new_hash TEXT NOT NULL);
PRAGMA user_version = 1;
)sql";

// v2: rollups keyed by local day number (TimeZone::local_day_number) and by
// the day number of the local week's Monday. `meta.rollup_zone` names the
// zone they were computed in, so a change of zone rebuilds them.
constexpr const char* kV2 = R"sql(
CREATE TABLE day_usage(
  day INTEGER NOT NULL, app_id INTEGER NOT NULL, category_id INTEGER NOT NULL,
  attended_ms INTEGER NOT NULL,
  PRIMARY KEY (day, app_id, category_id)) WITHOUT ROWID;
CREATE TABLE week_category(
  week_day INTEGER NOT NULL, category_id INTEGER NOT NULL, attended_ms INTEGER NOT NULL,
  PRIMARY KEY (week_day, category_id)) WITHOUT ROWID;
CREATE TABLE day_totals(
  day INTEGER PRIMARY KEY, protected_ms INTEGER NOT NULL, filled_ms INTEGER NOT NULL,
  friction_shown INTEGER NOT NULL, friction_left INTEGER NOT NULL, bypasses INTEGER NOT NULL,
  bypass_extension_s INTEGER NOT NULL, blocks INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
PRAGMA user_version = 2;
)sql";

// v3: append-only audit log. The triggers stop accidents and casual edits;
// the hash chain makes the rest detectable.
constexpr const char* kV3 = R"sql(
CREATE TABLE audit(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('policy_change', 'bypass')),
  body TEXT NOT NULL,
  prev_hash BLOB NOT NULL,
  hash BLOB NOT NULL);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
PRAGMA user_version = 3;
)sql";

// v4: a friction event names the budget whose prompt it was (empty for a
// protected-window prompt and for rows from before v4), so "continue anyway"
// grants can be counted per budget when the Engine restarts.
constexpr const char* kV4 = R"sql(
ALTER TABLE friction ADD COLUMN budget TEXT NOT NULL DEFAULT '';
CREATE INDEX friction_at ON friction(at_ms);
PRAGMA user_version = 4;
)sql";

// v5: a policy change keeps the canonical text of the policy it accepted, so
// a restart can hold the wearer's last accepted youth settings against an
// edited file (Ledger::last_accepted_policy); the audit log also takes
// 'policy_refused' rows (a youth change without the guardian PIN). SQLite
// cannot change a CHECK in place: the table is copied row for row (ids and
// hashes unchanged, so the chain still verifies) with its triggers.
constexpr const char* kV5 = R"sql(
ALTER TABLE policy_change ADD COLUMN policy TEXT NOT NULL DEFAULT '';
CREATE TABLE audit_v5(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('policy_change', 'bypass', 'policy_refused')),
  body TEXT NOT NULL,
  prev_hash BLOB NOT NULL,
  hash BLOB NOT NULL);
INSERT INTO audit_v5(id, at_ms, kind, body, prev_hash, hash)
  SELECT id, at_ms, kind, body, prev_hash, hash FROM audit ORDER BY id;
DROP TRIGGER audit_no_update;
DROP TRIGGER audit_no_delete;
DROP TABLE audit;
ALTER TABLE audit_v5 RENAME TO audit;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
PRAGMA user_version = 5;
)sql";

// v6: the audit log takes any lower-case kind (code names them: audit.hpp),
// so a new kind (the guardian's 'guardian_pin', docs/youth.md) needs no copy
// of the table; the hash chain, not the CHECK, is what shows an edit.
// Copied row for row as in v5.
constexpr const char* kV6 = R"sql(
CREATE TABLE audit_v6(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 32 AND kind NOT GLOB '*[^a-z_]*'),
  body TEXT NOT NULL,
  prev_hash BLOB NOT NULL,
  hash BLOB NOT NULL);
INSERT INTO audit_v6(id, at_ms, kind, body, prev_hash, hash)
  SELECT id, at_ms, kind, body, prev_hash, hash FROM audit ORDER BY id;
DROP TRIGGER audit_no_update;
DROP TRIGGER audit_no_delete;
DROP TABLE audit;
ALTER TABLE audit_v6 RENAME TO audit;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
PRAGMA user_version = 6;
)sql";

// v7: the wearer's answers to cards (core/overlay.hpp Answer): continue or
// leave on a friction prompt, leave or extend on a block, dismiss on a nudge
// or fill card, each with its outcome (a Reason name). No app (a fill card
// with nothing focused): NULL.
constexpr const char* kV7 = R"sql(
CREATE TABLE answer(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  app_id INTEGER REFERENCES app(id),
  category_id INTEGER REFERENCES category(id),
  card TEXT NOT NULL,
  answer TEXT NOT NULL,
  outcome TEXT NOT NULL,
  budget TEXT NOT NULL,
  item TEXT NOT NULL);
CREATE INDEX answer_at ON answer(at_ms);
PRAGMA user_version = 7;
)sql";

// v8: each notification the firewall received, with its content, and one
// row per step (received, held, batched, delivered, dropped, expired, closed,
// action). `state` says what is still open after a restart: 'pending'
// (waiting), 'shown' (a card showed it), 'ended'. Older ledgers had no
// notifications: the tables start empty.
constexpr const char* kV8 = R"sql(
CREATE TABLE notification(
  id INTEGER PRIMARY KEY,
  app_id INTEGER NOT NULL REFERENCES app(id),
  app_name TEXT NOT NULL,
  summary TEXT NOT NULL,
  body TEXT NOT NULL,
  urgency INTEGER NOT NULL CHECK (urgency BETWEEN 0 AND 2),
  actions TEXT NOT NULL,
  expire_timeout_ms INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'shown', 'ended')));
CREATE INDEX notification_open ON notification(state) WHERE state != 'ended';
CREATE TABLE notification_event(
  id INTEGER PRIMARY KEY,
  notification_id INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('received', 'held', 'batched', 'delivered', 'dropped', 'expired', 'closed',
                                     'action')),
  detail TEXT NOT NULL,
  card INTEGER NOT NULL);
CREATE INDEX notification_event_at ON notification_event(at_ms);
CREATE INDEX notification_event_of ON notification_event(notification_id);
PRAGMA user_version = 8;
)sql";

// v9: one row per friction prompt: the exercise it showed (id and kind),
// the answer (left, continued, timed_out: closed without one), the visible
// time to decide, and for a left whether the wearer came back to the app
// within 10 minutes (NULL until decided; stays NULL when not a left or not
// known). The prompt's key is (app_id, shown_ms): the return is decided later
// and set by it. Older friction rows become outcomes too: each 'shown' paired
// with the same app's next 'left' or 'continued' before its next 'shown'
// (else timed_out); their exercise was never recorded (empty id and kind),
// their time to decide is the wall time between the two rows (NULL when
// unanswered) and their return is unknown.
constexpr const char* kV9 = R"sql(
CREATE TABLE friction_outcome(
  id INTEGER PRIMARY KEY,
  shown_ms INTEGER NOT NULL,
  answered_ms INTEGER NOT NULL CHECK (answered_ms >= shown_ms),
  app_id INTEGER NOT NULL REFERENCES app(id),
  category_id INTEGER NOT NULL REFERENCES category(id),
  exercise_id TEXT NOT NULL,
  exercise_kind TEXT NOT NULL CHECK (exercise_kind IN ('breathe', 'intention', 'wait', 'alternative', '')),
  answer TEXT NOT NULL CHECK (answer IN ('left', 'continued', 'timed_out')),
  decide_ms INTEGER CHECK (decide_ms >= 0),
  returned INTEGER CHECK (returned IS NULL OR (returned IN (0, 1) AND answer = 'left')));
CREATE INDEX friction_outcome_prompt ON friction_outcome(app_id, shown_ms);
CREATE INDEX friction_outcome_exercise ON friction_outcome(exercise_id);
INSERT INTO friction_outcome(shown_ms, answered_ms, app_id, category_id, exercise_id, exercise_kind, answer, decide_ms)
  SELECT s.at_ms, MAX(s.at_ms, COALESCE(a.at_ms, s.at_ms)), s.app_id, s.category_id, '', '',
         COALESCE(a.outcome, 'timed_out'), MAX(a.at_ms - s.at_ms, 0)
  FROM friction s LEFT JOIN friction a ON a.id = (
    SELECT f.id FROM friction f
    WHERE f.app_id = s.app_id AND f.id > s.id AND f.outcome != 'shown'
      AND NOT EXISTS (SELECT 1 FROM friction g
                      WHERE g.app_id = s.app_id AND g.outcome = 'shown' AND g.id > s.id AND g.id < f.id)
    ORDER BY f.id LIMIT 1)
  WHERE s.outcome = 'shown' ORDER BY s.id;
PRAGMA user_version = 9;
)sql";

// v10: friction_outcome.picked, the row the wearer picked on an intention or
// alternative exercise (the intention's text, or the fill item's id; NULL:
// none), and the answer 'open_at_finish' (the host shut down while the
// prompt was up). SQLite cannot widen a CHECK in place: the table is copied
// into a new one, every row and id kept (picked NULL).
constexpr const char* kV10 = R"sql(
CREATE TABLE friction_outcome_v10(
  id INTEGER PRIMARY KEY,
  shown_ms INTEGER NOT NULL,
  answered_ms INTEGER NOT NULL CHECK (answered_ms >= shown_ms),
  app_id INTEGER NOT NULL REFERENCES app(id),
  category_id INTEGER NOT NULL REFERENCES category(id),
  exercise_id TEXT NOT NULL,
  exercise_kind TEXT NOT NULL CHECK (exercise_kind IN ('breathe', 'intention', 'wait', 'alternative', '')),
  answer TEXT NOT NULL CHECK (answer IN ('left', 'continued', 'timed_out', 'open_at_finish')),
  decide_ms INTEGER CHECK (decide_ms >= 0),
  returned INTEGER CHECK (returned IS NULL OR (returned IN (0, 1) AND answer = 'left')),
  picked TEXT CHECK (picked IS NULL OR (picked != '' AND exercise_kind IN ('intention', 'alternative'))));
INSERT INTO friction_outcome_v10(id, shown_ms, answered_ms, app_id, category_id, exercise_id, exercise_kind, answer,
                                 decide_ms, returned)
  SELECT id, shown_ms, answered_ms, app_id, category_id, exercise_id, exercise_kind, answer, decide_ms, returned
  FROM friction_outcome ORDER BY id;
DROP TABLE friction_outcome;
ALTER TABLE friction_outcome_v10 RENAME TO friction_outcome;
CREATE INDEX friction_outcome_prompt ON friction_outcome(app_id, shown_ms);
CREATE INDEX friction_outcome_exercise ON friction_outcome(exercise_id);
PRAGMA user_version = 10;
)sql";

// Existing policy changes and bypasses enter the chain in time order.
Status fill_audit(sqlite3* db, const std::string& path, const std::string& key) {
  auto log = AuditLog::create(db, path, key);
  if (!log) return log.error();
  auto rows = Stmt::prepare(db, path,
      "SELECT at_ms, 'policy_change', old_hash, new_hash, 0 FROM policy_change "
      "UNION ALL SELECT f.at_ms, 'bypass', a.name, c.name, f.extension_s FROM friction f "
      "JOIN app a ON a.id = f.app_id JOIN category c ON c.id = f.category_id WHERE f.outcome = 'continued' "
      "ORDER BY 1, 2");
  if (!rows) return rows.error();
  AuditCursor cur;
  int rc = SQLITE_ROW;
  while ((rc = rows->step()) == SQLITE_ROW) {
    const bool policy = rows->text(1) == "policy_change";
    const std::string body = policy ? policy_body(rows->text(2), rows->text(3))
                                    : bypass_body(rows->text(2), rows->text(3), rows->int64(4));
    if (auto st = log->append(db, path, cur, rows->int64(0), rows->text(1), body); !st) return st;
  }
  if (rc != SQLITE_DONE) return sqlite_error(db, rc, path, "read events for the audit log");
  return log->write_head(db, path, cur);
}

Result<int> schema_version_of(sqlite3* db, const std::string& path);

// One migration step to version `to`, skipped when another process that
// opened the file at the same time has already made it.
Status in_transaction(sqlite3* db, const std::string& path, int to, const auto& body) {
  if (auto st = exec(db, path, "BEGIN IMMEDIATE"); !st) return st;
  auto version = schema_version_of(db, path);
  Status st = !version ? Status(version.error()) : version.value() >= to ? Status() : body();
  if (st) st = exec(db, path, "COMMIT");
  if (!st) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return st;
}

Result<int> schema_version_of(sqlite3* db, const std::string& path) {
  auto st = Stmt::prepare(db, path, "PRAGMA user_version");
  if (!st) return st.error();
  const int rc = st->step();
  if (rc != SQLITE_ROW) return sqlite_error(db, rc, path, "read user_version");
  return static_cast<int>(st->int64(0));
}

}  // namespace

Result<int> schema_version(sqlite3* db, const std::string& path) { return schema_version_of(db, path); }

Status rebuild_rollups(sqlite3* db, const std::string& path, const TimeZone& tz) {
  if (auto st = exec(db, path,
          "DELETE FROM day_usage; DELETE FROM week_category; DELETE FROM day_totals;");
      !st) {
    return st;
  }
  auto batch = RollupBatch::create(db, path, tz);
  if (!batch) return batch.error();
  auto intervals = Stmt::prepare(db, path, "SELECT app_id, category_id, start_ms, end_ms FROM interval");
  if (!intervals) return intervals.error();
  int rc = SQLITE_ROW;
  while ((rc = intervals->step()) == SQLITE_ROW) {
    batch->add_attended(intervals->int64(0), intervals->int64(1), intervals->int64(2), intervals->int64(3));
  }
  if (rc != SQLITE_DONE) return sqlite_error(db, rc, path, "read interval");
  auto idle = Stmt::prepare(db, path, "SELECT mode, start_ms, end_ms FROM idle_moment");
  if (!idle) return idle.error();
  while ((rc = idle->step()) == SQLITE_ROW) {
    batch->add_idle(idle->text(0) == "fill" ? IdleMode::fill : IdleMode::protect, idle->int64(1),
                    idle->int64(2));
  }
  if (rc != SQLITE_DONE) return sqlite_error(db, rc, path, "read idle_moment");
  auto friction = Stmt::prepare(db, path, "SELECT outcome, at_ms, extension_s FROM friction");
  if (!friction) return friction.error();
  while ((rc = friction->step()) == SQLITE_ROW) {
    const auto outcome = friction->text(0);
    batch->add_friction(friction->int64(1),
                        outcome == "shown"  ? FrictionOutcome::shown
                        : outcome == "left" ? FrictionOutcome::left
                                            : FrictionOutcome::continued,
                        friction->int64(2));
  }
  if (rc != SQLITE_DONE) return sqlite_error(db, rc, path, "read friction");
  auto blocks = Stmt::prepare(db, path, "SELECT at_ms FROM block");
  if (!blocks) return blocks.error();
  while ((rc = blocks->step()) == SQLITE_ROW) batch->add_block(blocks->int64(0));
  if (rc != SQLITE_DONE) return sqlite_error(db, rc, path, "read block");
  if (auto st = batch->flush(db, path); !st) return st;

  auto zone = Stmt::prepare(db, path, "INSERT OR REPLACE INTO meta(key, value) VALUES('rollup_zone', ?1)");
  if (!zone) return zone.error();
  zone->bind(1, std::string_view(tz.name()));
  return run(zone.value(), db, path, "write meta.rollup_zone");
}

Status migrate(sqlite3* db, const std::string& path, const TimeZone& tz, const std::string& audit_key, int from) {
  if (from < 1) {
    if (auto st = in_transaction(db, path, 1, [&] { return exec(db, path, kV1); }); !st) return st;
  }
  if (from < 2) {
    auto st = in_transaction(db, path, 2, [&]() -> Status {
      if (auto s = exec(db, path, kV2); !s) return s;
      return rebuild_rollups(db, path, tz);
    });
    if (!st) return st;
  }
  if (from < 3) {
    auto st = in_transaction(db, path, 3, [&]() -> Status {
      if (auto s = exec(db, path, kV3); !s) return s;
      return fill_audit(db, path, audit_key);
    });
    if (!st) return st;
  }
  if (from < 4) {
    if (auto st = in_transaction(db, path, 4, [&] { return exec(db, path, kV4); }); !st) return st;
  }
  if (from < 5) {
    if (auto st = in_transaction(db, path, 5, [&] { return exec(db, path, kV5); }); !st) return st;
  }
  if (from < 6) {
    if (auto st = in_transaction(db, path, 6, [&] { return exec(db, path, kV6); }); !st) return st;
  }
  if (from < 7) {
    if (auto st = in_transaction(db, path, 7, [&] { return exec(db, path, kV7); }); !st) return st;
  }
  if (from < 8) {
    if (auto st = in_transaction(db, path, 8, [&] { return exec(db, path, kV8); }); !st) return st;
  }
  if (from < 9) {
    if (auto st = in_transaction(db, path, 9, [&] { return exec(db, path, kV9); }); !st) return st;
  }
  if (from < 10) {
    if (auto st = in_transaction(db, path, 10, [&] { return exec(db, path, kV10); }); !st) return st;
  }
  return {};
}

}  // namespace tw::ledger_detail
