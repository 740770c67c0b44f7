// schema.hpp: the ledger's tables, versioned with PRAGMA user_version (internal).
//
// What it does: creates a new ledger at the current version and migrates an
// older one step by step, each step in its own transaction with its version
// bump, so a crash mid-migration leaves the previous version intact.
//   v1: raw event tables (app and category names interned to ids).
//   v2: rollup tables, filled from the existing v1 rows by the migration.
//   v3: the hash-chained audit log, filled from existing policy changes and
//       bypasses in time order (audit.hpp).
//   v4: friction.budget (bypasses per budget survive restarts).
//   v5: policy_change.policy (the accepted policy's canonical text) and the
//       audit kind 'policy_refused'.
//   v6: the audit log takes any lower-case kind (the guardian's, docs/youth.md).
//   v7: answer (every answer the wearer gave a card, and what came of it).
//   v8: notifications (the firewall's, core/notify) and what became of each.
//   v9: friction_outcome (per prompt: exercise, answer, time to decide,
//       return within 10 min), filled from the older friction rows.
//   v10: friction_outcome.picked (the row picked on an intention or
//       alternative exercise) and the answer 'open_at_finish'.
// What it does not do: downgrade. A newer file gives Errc::schema_too_new.
#pragma once

#include <sqlite3.h>

#include <string>

#include "core/result.hpp"
#include "core/timezone.hpp"

namespace tw::ledger_detail {

inline constexpr int kSchemaVersion = 10;

Result<int> schema_version(sqlite3* db, const std::string& path);

// Brings a database at `from` (0 = empty) to kSchemaVersion.
Status migrate(sqlite3* db, const std::string& path, const TimeZone& tz, const std::string& audit_key, int from);

// Empties the rollups and refills them from the raw rows (inside the
// caller's transaction). The v2 migration uses it; so does a change of zone.
Status rebuild_rollups(sqlite3* db, const std::string& path, const TimeZone& tz);

}  // namespace tw::ledger_detail
