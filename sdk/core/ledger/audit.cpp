#include "core/ledger/audit.hpp"

#include <sodium.h>

#include <cstring>

namespace tw::ledger_detail {
namespace {

std::string to_hex(const AuditDigest& d) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (const unsigned char b : d) {
    s += kHex[b >> 4];
    s += kHex[b & 0xF];
  }
  return s;
}

bool digest_from_blob(const void* blob, int bytes, AuditDigest& out) {
  if (blob == nullptr || bytes != static_cast<int>(out.size())) return false;
  std::memcpy(out.data(), blob, out.size());
  return true;
}

void put_le64(unsigned char* p, int64_t v) {
  const auto u = static_cast<uint64_t>(v);
  for (int i = 0; i < 8; ++i) p[i] = static_cast<unsigned char>(u >> (8 * i));
}

}  // namespace

std::string bypass_body(std::string_view app, std::string_view category, int64_t extension_s) {
  return "app=" + std::string(app) + " category=" + std::string(category) +
         " extension_s=" + std::to_string(extension_s);
}

std::string policy_body(std::string_view old_hash, std::string_view new_hash) {
  return "old=" + std::string(old_hash) + " new=" + std::string(new_hash);
}

std::string refusal_body(std::string_view source, std::string_view code, std::string_view active_hash) {
  return "source=" + std::string(source) + " code=" + std::string(code) + " active=" + std::string(active_hash);
}

Result<AuditLog> AuditLog::create(sqlite3* db, const std::string& path, std::string key) {
  if (sodium_init() < 0) return Error{Errc::internal, "libsodium failed to initialise"};
  AuditLog log;
  log.key_ = std::move(key);
  auto insert = Stmt::prepare(db, path,
      "INSERT INTO audit(id, at_ms, kind, body, prev_hash, hash) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  if (!insert) return insert.error();
  auto head = Stmt::prepare(db, path, "INSERT OR REPLACE INTO meta(key, value) VALUES('audit_head', ?1)");
  if (!head) return head.error();
  log.insert_ = std::move(insert.value());
  log.write_head_ = std::move(head.value());
  return log;
}

AuditDigest AuditLog::hash(const AuditDigest& prev, int64_t id, int64_t at_ms, std::string_view kind,
                           std::string_view body) const {
  crypto_generichash_state st;
  const auto* key = reinterpret_cast<const unsigned char*>(key_.data());
  crypto_generichash_init(&st, key_.empty() ? nullptr : key, key_.size(), 32);
  crypto_generichash_update(&st, prev.data(), prev.size());
  unsigned char nums[16];
  put_le64(nums, id);
  put_le64(nums + 8, at_ms);
  crypto_generichash_update(&st, nums, sizeof nums);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(kind.data()), kind.size());
  const unsigned char sep = '\n';
  crypto_generichash_update(&st, &sep, 1);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  AuditDigest out{};
  crypto_generichash_final(&st, out.data(), out.size());
  return out;
}

Result<AuditCursor> AuditLog::load_cursor(sqlite3* db, const std::string& path) {
  auto last = Stmt::prepare(db, path, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
  if (!last) return last.error();
  AuditCursor cur;
  const int rc = last->step();
  if (rc == SQLITE_ROW) {
    cur.next_id = last->int64(0) + 1;
    // A damaged hash here is reported by verify(); the chain continues from it.
    digest_from_blob(last->blob(1), last->blob_bytes(1), cur.head);
  } else if (rc != SQLITE_DONE) {
    return sqlite_error(db, rc, path, "read audit head");
  }
  return cur;
}

Status AuditLog::append(sqlite3* db, const std::string& path, AuditCursor& cur, int64_t at_ms,
                        std::string_view kind, std::string_view body) {
  const AuditDigest h = hash(cur.head, cur.next_id, at_ms, kind, body);
  insert_.bind(1, cur.next_id);
  insert_.bind(2, at_ms);
  insert_.bind(3, kind);
  insert_.bind(4, body);
  insert_.bind_blob(5, cur.head.data(), cur.head.size());
  insert_.bind_blob(6, h.data(), h.size());
  if (auto st = run(insert_, db, path, "write audit"); !st) return st;
  cur.head = h;
  ++cur.next_id;
  return {};
}

Status AuditLog::write_head(sqlite3* db, const std::string& path, const AuditCursor& cur) {
  write_head_.bind(1, std::to_string(cur.next_id - 1) + ":" + to_hex(cur.head));
  return run(write_head_, db, path, "write meta.audit_head");
}

Result<AuditCheck> AuditLog::verify(sqlite3* db, const std::string& path) const {
  auto rows = Stmt::prepare(db, path, "SELECT id, at_ms, kind, body, prev_hash, hash FROM audit ORDER BY id");
  if (!rows) return rows.error();
  AuditCheck check;
  AuditDigest prev{};
  int64_t expect_id = 1;
  int rc = SQLITE_ROW;
  while ((rc = rows->step()) == SQLITE_ROW) {
    ++check.rows;
    const int64_t id = rows->int64(0);
    const std::string row = "audit row " + std::to_string(id);
    if (id != expect_id) {
      check.problems.push_back(row + ": rows " + std::to_string(expect_id) + ".." + std::to_string(id - 1) +
                               " were deleted");
    }
    AuditDigest stored_prev{}, stored{};
    const bool blobs_ok = digest_from_blob(rows->blob(4), rows->blob_bytes(4), stored_prev) &&
                          digest_from_blob(rows->blob(5), rows->blob_bytes(5), stored);
    if (!blobs_ok) {
      check.problems.push_back(row + ": hash columns were damaged");
    } else {
      if (id == expect_id && stored_prev != prev) {
        check.problems.push_back(row + ": does not follow the row before it (that row was edited or replaced)");
      }
      if (hash(stored_prev, id, rows->int64(1), rows->text(2), rows->text(3)) != stored) {
        check.problems.push_back(row + ": was edited (its hash does not match its contents)");
      }
    }
    prev = stored;
    expect_id = id + 1;
  }
  if (rc != SQLITE_DONE) return sqlite_error(db, rc, path, "read audit");

  auto head = Stmt::prepare(db, path, "SELECT value FROM meta WHERE key = 'audit_head'");
  if (!head) return head.error();
  rc = head->step();
  const std::string expected = std::to_string(expect_id - 1) + ":" + to_hex(prev);
  if (rc == SQLITE_ROW && head->text(0) != expected) {
    const std::string_view stored = head->text(0);
    check.problems.push_back("audit head: meta.audit_head says the log ends at row " +
                             std::string(stored.substr(0, stored.find(':'))) + ", it ends at row " +
                             std::to_string(expect_id - 1) +
                             " or with another hash: rows at the end were deleted or edited");
  } else if (rc == SQLITE_DONE && check.rows > 0) {
    check.problems.push_back("audit head: meta.audit_head is missing");
  } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    return sqlite_error(db, rc, path, "read meta.audit_head");
  }
  return check;
}

}  // namespace tw::ledger_detail
