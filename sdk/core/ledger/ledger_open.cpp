// Ledger::open: check a file without touching it, create it owner-only,
// migrate it, and load the state heartbeats continue from.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/ledger/ledger_impl.hpp"
#include "core/ledger/schema.hpp"

namespace tw {
namespace {

using ledger_detail::DbPtr;
using ledger_detail::exec;
using ledger_detail::sqlite_error;
using ledger_detail::Stmt;

constexpr int64_t kDefaultPulseS = 30;
constexpr int32_t kDefaultBusyTimeoutMs = 5000;
constexpr int64_t kDefaultMaxPending = 10'000;

// "file:" URI for sqlite3_open_v2, escaping what URIs give meaning to.
std::string file_uri(const std::string& path, const char* query) {
  std::string uri = "file:";
  for (const char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      const auto b = static_cast<unsigned char>(c);
      uri += '%';
      uri += kHex[b >> 4];
      uri += kHex[b & 0xF];
    } else {
      uri += c;
    }
  }
  return uri + query;
}

// Reads an existing file through a read-only connection, so nothing (not a
// hot-journal rollback, not a checkpoint) can write to a damaged file. With
// no -wal beside it the file is opened immutable, which also creates no
// -wal or -shm; with one, SQLite must read it (a partly checkpointed file is
// only consistent together with its WAL), still without writing.
// Another writer may hold the file for a moment (a checkpoint, WAL
// recovery): the check waits for it as a write would (busy_ms).
Result<int> check_existing(const std::string& path, int32_t busy_ms) {
  struct stat wal {};
  const bool has_wal = ::stat((path + "-wal").c_str(), &wal) == 0;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file_uri(path, has_wal ? "?mode=ro" : "?mode=ro&immutable=1").c_str(), &raw,
                                 SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) return sqlite_error(db.get(), rc, path, "open for check");
  sqlite3_busy_timeout(db.get(), busy_ms);
  const auto damaged = [&](std::string detail) {
    return Error{Errc::ledger_corrupt, "ledger " + path + " is damaged and was left unchanged (" + detail + ")"};
  };
  sqlite3_stmt* check_raw = nullptr;
  int step = sqlite3_prepare_v2(db.get(), "PRAGMA quick_check", -1, &check_raw, nullptr);
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> check(check_raw, sqlite3_finalize);
  std::string problems;
  if (step == SQLITE_OK) {
    while ((step = sqlite3_step(check.get())) == SQLITE_ROW) {
      const auto* line = reinterpret_cast<const char*>(sqlite3_column_text(check.get(), 0));
      const std::string_view text = line ? line : "";
      if (text != "ok") problems += std::string(problems.empty() ? "" : "; ") + std::string(text);
    }
  }
  if (step != SQLITE_DONE) {
    if (ledger_detail::errc_from_sqlite(step) == Errc::ledger_corrupt) {
      return damaged(std::string("quick_check: ") + sqlite3_errmsg(db.get()));
    }
    return sqlite_error(db.get(), step, path, "quick_check");
  }
  if (!problems.empty()) return damaged("quick_check: " + problems);
  return ledger_detail::schema_version(db.get(), path);
}

Status create_owner_only(const std::string& path) {
  const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST) {
    return Error{Errc::io, "ledger " + path + ": cannot create: " + std::strerror(errno)};
  }
  if (fd >= 0) ::close(fd);
  return {};
}

Status set_pragmas(ledger_detail::LedgerState& im, const LedgerDesc& desc) {
  sqlite3* db = im.db.get();
  const int32_t busy_ms = desc.busy_timeout_ms > 0 ? desc.busy_timeout_ms : kDefaultBusyTimeoutMs;
  sqlite3_busy_timeout(db, busy_ms);
  if (im.read_only) return {};
  auto wal = Stmt::prepare(db, im.path, "PRAGMA journal_mode = WAL");
  if (!wal) return wal.error();
  // Switching a new file to WAL needs it to itself, and SQLite answers BUSY
  // at once, without its busy handler, while another writer (a second app
  // creating the same new ledger) holds it: wait as the busy timeout would.
  constexpr int32_t kRetryMs = 10;
  int rc = wal->step();
  for (int32_t waited_ms = 0; rc == SQLITE_BUSY && waited_ms < busy_ms; waited_ms += kRetryMs) {
    wal->reset();
    sqlite3_sleep(kRetryMs);
    rc = wal->step();
  }
  if (rc != SQLITE_ROW) return sqlite_error(db, rc, im.path, "journal_mode = WAL");
  if (wal->text(0) != "wal") {
    return Error{Errc::io, "ledger " + im.path + ": WAL mode refused (journal_mode is " +
                               std::string(wal->text(0)) + ")"};
  }
  const char* sync = desc.sync == LedgerSync::full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
  if (auto st = exec(db, im.path, sync); !st) return st;
  if (desc.max_size_bytes > 0) {
    auto page = Stmt::prepare(db, im.path, "PRAGMA page_size");
    if (!page) return page.error();
    if (const int page_rc = page->step(); page_rc != SQLITE_ROW) return sqlite_error(db, page_rc, im.path, "page_size");
    const int64_t pages = std::max<int64_t>(1, desc.max_size_bytes / std::max<int64_t>(1, page->int64(0)));
    const std::string cap = "PRAGMA max_page_count = " + std::to_string(pages);
    if (auto st = exec(db, im.path, cap.c_str()); !st) return st;
  }
  return {};
}

// A ledger opened in another zone has rollups keyed by that zone's days.
Status rollups_follow_zone(ledger_detail::LedgerState& im) {
  sqlite3* db = im.db.get();
  auto zone = Stmt::prepare(db, im.path, "SELECT value FROM meta WHERE key = 'rollup_zone'");
  if (!zone) return zone.error();
  const int rc = zone->step();
  if (rc == SQLITE_ROW && zone->text(0) == im.tz.name()) return {};
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sqlite_error(db, rc, im.path, "read meta");
  if (im.read_only) return {};  // cannot rebuild; queries use the stored zone's days
  if (auto st = exec(db, im.path, "BEGIN IMMEDIATE"); !st) return st;
  Status st = ledger_detail::rebuild_rollups(db, im.path, im.tz);
  if (st) st = exec(db, im.path, "COMMIT");
  if (!st) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return st;
}

Status load_names(sqlite3* db, const std::string& path, const char* sql, ledger_detail::NameTable& t) {
  auto st = Stmt::prepare(db, path, sql);
  if (!st) return st.error();
  int rc = SQLITE_ROW;
  while ((rc = st->step()) == SQLITE_ROW) {
    t.add(std::string(st->text(1)), st->int64(0));
  }
  if (rc != SQLITE_DONE) return sqlite_error(db, rc, path, sql);
  return {};
}

// The names the file has and its highest notification id. Heartbeats do not
// continue the file's last interval: another process may be extending it
// (ledger.hpp, "Processes").
Status load_state(ledger_detail::LedgerState& im) {
  sqlite3* db = im.db.get();
  if (auto st = load_names(db, im.path, "SELECT id, name FROM app", im.apps); !st) return st;
  if (auto st = load_names(db, im.path, "SELECT id, name FROM category", im.categories); !st) return st;
  auto last_note = Stmt::prepare(db, im.path, "SELECT IFNULL(MAX(id), 0) FROM notification");
  if (!last_note) return last_note.error();
  if (const int n = last_note->step(); n != SQLITE_ROW) return sqlite_error(db, n, im.path, "read last notification");
  im.last_notification_id = last_note->int64(0);
  im.opened_notification_id = im.last_notification_id;
  return {};
}

Status prepare_all(ledger_detail::LedgerState& im) {
  struct Def {
    Stmt* st;
    const char* sql;
  };
  const Def defs[] = {
      {&im.insert_app, "INSERT OR IGNORE INTO app(name) VALUES(?1)"},
      {&im.insert_category, "INSERT OR IGNORE INTO category(name) VALUES(?1)"},
      {&im.select_app, "SELECT id FROM app WHERE name = ?1"},
      {&im.select_category, "SELECT id FROM category WHERE name = ?1"},
      {&im.upsert_interval,
       "INSERT INTO interval(id, app_id, category_id, start_ms, end_ms) VALUES(?1, ?2, ?3, ?4, ?5) "
       "ON CONFLICT(id) DO UPDATE SET end_ms = excluded.end_ms"},
      {&im.insert_idle,
       "INSERT INTO idle_moment(start_ms, end_ms, mode, item_id, reason) VALUES(?1, ?2, ?3, ?4, ?5)"},
      {&im.insert_friction,
       "INSERT INTO friction(at_ms, app_id, category_id, outcome, extension_s, budget) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
      {&im.insert_block, "INSERT INTO block(at_ms, app_id, category_id, reason) VALUES(?1, ?2, ?3, ?4)"},
      {&im.insert_answer,
       "INSERT INTO answer(at_ms, app_id, category_id, card, answer, outcome, budget, item) "
       "VALUES(?1, NULLIF(?2, 0), NULLIF(?3, 0), ?4, ?5, ?6, ?7, ?8)"},
      {&im.insert_exercise_outcome,
       "INSERT INTO friction_outcome(shown_ms, answered_ms, app_id, category_id, exercise_id, exercise_kind, answer, "
       "decide_ms, picked) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULLIF(?9, ''))"},
      {&im.set_exercise_return,
       "UPDATE friction_outcome SET returned = MAX(IFNULL(returned, 0), ?3) "
       "WHERE app_id = ?1 AND shown_ms = ?2 AND answer = 'left'"},
      {&im.insert_policy, "INSERT INTO policy_change(at_ms, old_hash, new_hash, policy) VALUES(?1, ?2, ?3, ?4)"},
      {&im.insert_notification,
       "INSERT INTO notification(id, app_id, app_name, summary, body, urgency, actions, expire_timeout_ms, "
       "received_ms, state) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'pending')"},
      {&im.insert_notification_event,
       "INSERT INTO notification_event(notification_id, at_ms, kind, detail, card) VALUES(?1, ?2, ?3, ?4, ?5)"},
      {&im.set_notification_state, "UPDATE notification SET state = ?2 WHERE id = ?1"},
      {&im.update_notification,
       "UPDATE notification SET app_name = ?2, summary = ?3, body = ?4, urgency = ?5, actions = ?6, "
       "expire_timeout_ms = ?7 WHERE id = ?1"},
      {&im.q_day_app,
       "SELECT a.name, SUM(u.attended_ms) AS ms FROM day_usage u JOIN app a ON a.id = u.app_id "
       "WHERE u.day = ?1 GROUP BY u.app_id ORDER BY ms DESC, a.name"},
      {&im.q_day_category,
       "SELECT c.name, SUM(u.attended_ms) AS ms FROM day_usage u JOIN category c ON c.id = u.category_id "
       "WHERE u.day = ?1 GROUP BY u.category_id ORDER BY ms DESC, c.name"},
      {&im.q_week_category,
       "SELECT c.name, w.attended_ms AS ms FROM week_category w JOIN category c ON c.id = w.category_id "
       "WHERE w.week_day = ?1 ORDER BY ms DESC, c.name"},
      {&im.q_elsewhere,
       "SELECT u.day, u.app_id, a.name, SUM(u.attended_ms) FROM day_usage u JOIN app a ON a.id = u.app_id "
       "WHERE u.day >= ?1 AND u.day <= ?2 GROUP BY u.day, u.app_id ORDER BY a.name, u.day"},
      {&im.q_day_totals,
       "SELECT protected_ms, filled_ms, friction_shown, friction_left, bypasses, bypass_extension_s, blocks "
       "FROM day_totals WHERE day = ?1"},
      {&im.q_raw_day_app,
       "SELECT a.name, SUM(MIN(i.end_ms, ?2) - MAX(i.start_ms, ?1)) AS ms FROM interval i "
       "JOIN app a ON a.id = i.app_id WHERE i.start_ms < ?2 AND i.end_ms > ?1 "
       "GROUP BY i.app_id HAVING ms > 0 ORDER BY ms DESC, a.name"},
      {&im.q_bypasses,
       "SELECT budget, COUNT(*), SUM(extension_s) FROM friction "
       "WHERE outcome = 'continued' AND budget != '' AND at_ms >= ?1 AND at_ms < ?2 "
       "GROUP BY budget ORDER BY budget"},
  };
  for (const Def& d : defs) {
    auto st = Stmt::prepare(im.db.get(), im.path, d.sql);
    if (!st) return st.error();
    *d.st = std::move(st.value());
  }
  auto rollups = ledger_detail::RollupBatch::create(im.db.get(), im.path, im.tz);
  if (!rollups) return rollups.error();
  im.rollups = std::move(rollups.value());
  auto audit = ledger_detail::AuditLog::create(im.db.get(), im.path, im.audit_key);
  if (!audit) return audit.error();
  im.audit = std::move(audit.value());
  auto cursor = im.audit.load_cursor(im.db.get(), im.path);
  if (!cursor) return cursor.error();
  im.audit_cursor = cursor.value();
  return {};
}

}  // namespace

Result<Ledger> Ledger::open(const LedgerDesc& desc, const TimeZone& tz) {
  if (desc.path.empty()) return Error{Errc::invalid_argument, "ledger: LedgerDesc::path is empty"};
  if (desc.pulse_s < 0 || desc.max_pending < 0 || desc.max_size_bytes < 0 || desc.busy_timeout_ms < 0) {
    return Error{Errc::invalid_argument, "ledger " + desc.path + ": negative value in LedgerDesc"};
  }
  if (!desc.audit_key.empty() && (desc.audit_key.size() < 16 || desc.audit_key.size() > 64)) {
    return Error{Errc::invalid_argument, "ledger " + desc.path + ": audit_key must be 16 to 64 bytes"};
  }
  auto im = std::make_unique<ledger_detail::LedgerState>();
  im->path = desc.path;
  im->tz = tz;
  im->pulse_ms = (desc.pulse_s > 0 ? desc.pulse_s : kDefaultPulseS) * 1000;
  im->max_pending = static_cast<size_t>(desc.max_pending > 0 ? desc.max_pending : kDefaultMaxPending);
  im->read_only = desc.read_only;
  im->on_error = desc.on_error;
  im->audit_key = desc.audit_key;

  struct stat info {};
  const bool exists = ::stat(desc.path.c_str(), &info) == 0;
  int version = 0;
  if (exists && info.st_size > 0) {
    auto v = check_existing(desc.path, desc.busy_timeout_ms > 0 ? desc.busy_timeout_ms : kDefaultBusyTimeoutMs);
    if (!v) return v.error();
    version = v.value();
    if (version > ledger_detail::kSchemaVersion) {
      return Error{Errc::schema_too_new, "ledger " + desc.path + " has schema version " + std::to_string(version) +
                                             "; this Timewall reads up to " +
                                             std::to_string(ledger_detail::kSchemaVersion)};
    }
  } else if (!exists) {
    if (desc.read_only) return Error{Errc::not_found, "ledger " + desc.path + " does not exist"};
    if (auto st = create_owner_only(desc.path); !st) return st.error();
  }
  if (exists && !desc.read_only && (info.st_mode & 077) != 0) {
    ::chmod(desc.path.c_str(), 0600);  // owner-only, even for a file made elsewhere
  }

  sqlite3* raw = nullptr;
  const int flags = desc.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  const int rc = sqlite3_open_v2(desc.path.c_str(), &raw, flags, nullptr);
  im->db.reset(raw);
  if (rc != SQLITE_OK) return sqlite_error(im->db.get(), rc, desc.path, "open");
  if (auto st = set_pragmas(*im, desc); !st) return st.error();
  if (version < ledger_detail::kSchemaVersion) {
    if (desc.read_only) {
      return Error{Errc::ledger_readonly, "ledger " + desc.path + " needs a schema migration but is opened read-only"};
    }
    if (auto st = ledger_detail::migrate(im->db.get(), desc.path, im->tz, desc.audit_key, version); !st) {
      return st.error();
    }
  }
  if (auto st = rollups_follow_zone(*im); !st) return st.error();
  if (auto st = load_state(*im); !st) return st.error();
  if (auto st = prepare_all(*im); !st) return st.error();
  return Ledger(std::move(im));
}

}  // namespace tw
