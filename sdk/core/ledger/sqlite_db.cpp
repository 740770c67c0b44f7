#include "core/ledger/sqlite_db.hpp"

namespace tw::ledger_detail {

Errc errc_from_sqlite(int rc) noexcept {
  switch (rc & 0xFF) {
    case SQLITE_FULL: return Errc::ledger_full;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH: return Errc::ledger_readonly;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Errc::ledger_corrupt;
    default: return Errc::io;
  }
}

Error sqlite_error(sqlite3* db, int rc, const std::string& path, std::string_view what) {
  std::string msg = "ledger " + path + ": " + std::string(what) + ": ";
  // The connection's message is more specific, but only if it belongs to rc.
  if (db && (sqlite3_extended_errcode(db) & 0xFF) == (rc & 0xFF)) {
    msg += sqlite3_errmsg(db);
  } else {
    msg += sqlite3_errstr(rc);
  }
  msg += " (SQLite code " + std::to_string(rc) + ")";
  return Error{errc_from_sqlite(rc), std::move(msg)};
}

Status exec(sqlite3* db, const std::string& path, const char* sql) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db, rc, path, sql);
  return {};
}

Result<Stmt> Stmt::prepare(sqlite3* db, const std::string& path, const char* sql) {
  Stmt st;
  const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st.s_, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db, rc, path, std::string("prepare ") + sql);
  return st;
}

Status run(Stmt& st, sqlite3* db, const std::string& path, std::string_view what) {
  const int rc = st.step();
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    Error e = sqlite_error(db, rc, path, what);
    st.reset();
    return e;
  }
  st.reset();
  return {};
}

}  // namespace tw::ledger_detail
