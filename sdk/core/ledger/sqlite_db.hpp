// sqlite_db.hpp: thin RAII over the SQLite C API for the ledger (internal).
//
// What it does: owns a connection and prepared statements, and turns SQLite
// result codes into tw::Error with the ledger's Errc and SQLite's message.
// What it does not do: hide SQL. Callers write the statements.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace tw::ledger_detail {

struct DbClose {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbClose>;

// Maps a SQLite result code to the ledger's error kinds.
Errc errc_from_sqlite(int rc) noexcept;

// "ledger PATH: WHAT: SQLite message (code name)".
Error sqlite_error(sqlite3* db, int rc, const std::string& path, std::string_view what);

// Runs SQL without results (several statements allowed).
Status exec(sqlite3* db, const std::string& path, const char* sql);

class Stmt {
 public:
  Stmt() = default;
  Stmt(Stmt&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept {
    if (this != &o) {
      sqlite3_finalize(s_);
      s_ = o.s_;
      o.s_ = nullptr;
    }
    return *this;
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(s_); }

  static Result<Stmt> prepare(sqlite3* db, const std::string& path, const char* sql);

  void bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void bind_null(int i) { sqlite3_bind_null(s_, i); }
  void bind_blob(int i, const void* data, size_t bytes) {
    sqlite3_bind_blob(s_, i, data, static_cast<int>(bytes), SQLITE_TRANSIENT);
  }
  int step() { return sqlite3_step(s_); }  // SQLITE_ROW, SQLITE_DONE or an error
  // Keeps the bindings: every caller binds all of a statement's parameters
  // before each step, and clearing them cost ~260 instructions per ledger
  // event (docs/benchmarks.md, ledger vs raw SQLite).
  void reset() { sqlite3_reset(s_); }
  int64_t int64(int col) const { return sqlite3_column_int64(s_, col); }
  const void* blob(int col) const { return sqlite3_column_blob(s_, col); }
  int blob_bytes(int col) const { return sqlite3_column_bytes(s_, col); }
  std::string_view text(int col) const {
    const auto* p = sqlite3_column_text(s_, col);
    return p ? std::string_view(reinterpret_cast<const char*>(p),
                                static_cast<size_t>(sqlite3_column_bytes(s_, col)))
             : std::string_view();
  }

 private:
  sqlite3_stmt* s_ = nullptr;
};

// Steps a statement without result rows to completion and resets it.
Status run(Stmt& st, sqlite3* db, const std::string& path, std::string_view what);

}  // namespace tw::ledger_detail
