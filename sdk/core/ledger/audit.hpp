// audit.hpp: the append-only, hash-chained audit log (internal).
//
// What it does: every policy change, every refused youth change and every
// bypass ("continue anyway") goes into `audit`, one row each, in the same transaction as the raw
// row. Row n stores hash_n = BLAKE2b-256(key, hash_{n-1} | id | at_ms | kind |
// body), and meta.audit_head stores the last id and hash. Editing a row,
// deleting one in the middle or cutting the tail off breaks the chain, and
// verify() says which row. Triggers refuse UPDATE and DELETE on `audit`.
// What it does not do: stop someone who can rewrite the whole file and knows
// the key. Without LedgerDesc::audit_key the chain is unkeyed, so a tamperer
// who recomputes every hash goes unnoticed; with a key kept outside the
// ledger (the guardian's), recomputing needs that key.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ledger/ledger.hpp"
#include "core/ledger/sqlite_db.hpp"

namespace tw::ledger_detail {

using AuditDigest = std::array<unsigned char, 32>;

struct AuditCursor {
  int64_t next_id = 1;
  AuditDigest head{};  // all zeros before the first row
};

class AuditLog {
 public:
  static Result<AuditLog> create(sqlite3* db, const std::string& path, std::string key);

  Result<AuditCursor> load_cursor(sqlite3* db, const std::string& path);
  // Inserts one row after `cur` and advances it (inside the caller's transaction).
  Status append(sqlite3* db, const std::string& path, AuditCursor& cur, int64_t at_ms, std::string_view kind,
                std::string_view body);
  // Stores cur as meta.audit_head (inside the caller's transaction).
  Status write_head(sqlite3* db, const std::string& path, const AuditCursor& cur);
  Result<AuditCheck> verify(sqlite3* db, const std::string& path) const;

 private:
  AuditDigest hash(const AuditDigest& prev, int64_t id, int64_t at_ms, std::string_view kind,
                   std::string_view body) const;
  std::string key_;
  Stmt insert_;
  Stmt write_head_;
};

std::string bypass_body(std::string_view app, std::string_view category, int64_t extension_s);
std::string policy_body(std::string_view old_hash, std::string_view new_hash);
std::string refusal_body(std::string_view source, std::string_view code, std::string_view active_hash);

}  // namespace tw::ledger_detail
