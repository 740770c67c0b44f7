// Helpers for the ledger tests: a temporary directory, raw SQLite access to
// check what is on disk independently of the Ledger, and file bytes.
#pragma once

#include <sqlite3.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/ledger/ledger.hpp"
#include "temp_dir.hpp"
#include "tw_catch.hpp"

namespace tw_test {

inline tw::Ledger open_ledger(const tw::LedgerDesc& desc, const tw::TimeZone& tz) {
  auto r = tw::Ledger::open(desc, tz);
  INFO((r ? std::string("ok") : r.error().message));
  REQUIRE(r.ok());
  return std::move(r).value();
}

// One integer from a query on a separate, plain SQLite connection.
inline int64_t sql_int(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  INFO(sql << ": " << sqlite3_errmsg(db));
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const int64_t v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

inline void sql_exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) == SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  INFO((err ? err : ""));
  sqlite3_free(err);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

inline std::vector<char> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline int64_t total_ms(const std::vector<tw::UsageTotal>& rows, const std::string& name) {
  for (const auto& r : rows) {
    if (r.name == name) return r.attended_ms;
  }
  return 0;
}

// Local day numbers and instants used across the tests (Europe/Berlin).
inline constexpr int64_t kBerlinMar28Start_s = 1774652400;  // 2026-03-28 00:00 CET
inline constexpr int64_t kBerlinMar29Start_s = 1774738800;  // 2026-03-29 00:00 CET, a 23 h day
inline constexpr int64_t kBerlinMar30Start_s = 1774821600;  // 2026-03-30 00:00 CEST, a Monday
inline constexpr int64_t kDayMar28 = 20540;
inline constexpr int64_t kDayMar29 = 20541;
inline constexpr int64_t kDayMar30 = 20542;

}  // namespace tw_test
