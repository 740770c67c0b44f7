// Ledger queries: rollups for the fast path, the raw SUM as the reference.
#include <climits>

#include "core/ledger/ledger_impl.hpp"

namespace tw {
namespace {

using ledger_detail::Stmt;

Result<std::vector<UsageTotal>> collect(ledger_detail::LedgerState& im, Stmt& st, std::string_view what) {
  std::vector<UsageTotal> rows;
  int rc = SQLITE_ROW;
  while ((rc = st.step()) == SQLITE_ROW) rows.push_back({std::string(st.text(0)), st.int64(1)});
  if (rc != SQLITE_DONE) {
    Error e = ledger_detail::sqlite_error(im.db.get(), rc, im.path, what);
    st.reset();
    return e;
  }
  st.reset();
  return rows;
}

}  // namespace

Result<std::vector<UsageTotal>> Ledger::day_per_app(int64_t day) const {
  std::lock_guard lock(impl_->db_mu);
  impl_->q_day_app.bind(1, day);
  return collect(*impl_, impl_->q_day_app, "day_per_app");
}

Result<std::vector<UsageTotal>> Ledger::today_per_app(int64_t unix_s) const {
  return day_per_app(impl_->tz.local_day_number(unix_s));
}

Result<std::vector<UsageTotal>> Ledger::day_per_category(int64_t day) const {
  std::lock_guard lock(impl_->db_mu);
  impl_->q_day_category.bind(1, day);
  return collect(*impl_, impl_->q_day_category, "day_per_category");
}

Result<std::vector<UsageTotal>> Ledger::week_per_category(int64_t unix_s) const {
  std::lock_guard lock(impl_->db_mu);
  const TimeZone& tz = impl_->tz;
  impl_->q_week_category.bind(1, tz.local_day_number(tz.local_week_start(unix_s)));
  return collect(*impl_, impl_->q_week_category, "week_per_category");
}

Result<DaySummary> Ledger::day_summary(int64_t day) const {
  std::lock_guard lock(impl_->db_mu);
  ledger_detail::LedgerState& im = *impl_;
  Stmt& st = im.q_day_totals;
  st.bind(1, day);
  DaySummary s;
  s.day = day;
  const int rc = st.step();
  if (rc == SQLITE_ROW) {
    s.protected_ms = st.int64(0);
    s.filled_ms = st.int64(1);
    s.friction_shown = st.int64(2);
    s.friction_left = st.int64(3);
    s.bypasses = st.int64(4);
    s.bypass_extension_s = st.int64(5);
    s.blocks = st.int64(6);
  } else if (rc != SQLITE_DONE) {
    Error e = ledger_detail::sqlite_error(im.db.get(), rc, im.path, "day_summary");
    st.reset();
    return e;
  }
  st.reset();
  return s;
}

Result<std::vector<UsageTotal>> Ledger::day_per_app_raw(int64_t day) const {
  std::lock_guard lock(impl_->db_mu);
  const TimeZone& tz = impl_->tz;
  // Local noon of that date: within the day whatever the zone's offset.
  const int64_t noon_s = day * 86'400 + 43'200 - tz.utc_offset_s(day * 86'400);
  Stmt& st = impl_->q_raw_day_app;
  st.bind(1, tz.local_day_start(noon_s) * 1000);
  st.bind(2, tz.next_local_day_start(noon_s) * 1000);
  return collect(*impl_, st, "day_per_app_raw");
}

Result<std::vector<BudgetBypasses>> Ledger::bypasses_per_budget(int64_t from_ms, int64_t to_ms) const {
  std::lock_guard lock(impl_->db_mu);
  ledger_detail::LedgerState& im = *impl_;
  Stmt& st = im.q_bypasses;
  st.bind(1, from_ms);
  st.bind(2, to_ms);
  std::vector<BudgetBypasses> rows;
  int rc = SQLITE_ROW;
  while ((rc = st.step()) == SQLITE_ROW) rows.push_back({std::string(st.text(0)), st.int64(1), st.int64(2)});
  if (rc != SQLITE_DONE) {
    Error e = ledger_detail::sqlite_error(im.db.get(), rc, im.path, "bypasses_per_budget");
    st.reset();
    return e;
  }
  st.reset();
  return rows;
}

Result<AuditCheck> Ledger::verify_audit_chain() const {
  std::lock_guard lock(impl_->db_mu);
  return impl_->audit.verify(impl_->db.get(), impl_->path);
}

Status Ledger::usage_elsewhere(int64_t day, int64_t week_first, std::vector<UsageElsewhere>& out) const {
  ledger_detail::LedgerState& im = *impl_;
  std::lock_guard lock(im.db_mu);
  out.clear();
  // What this Ledger wrote before the week is of no more use.
  im.own_ms.erase(im.own_ms.begin(), im.own_ms.lower_bound({week_first, INT64_MIN}));
  Stmt& st = im.q_elsewhere;
  st.bind(1, week_first);
  st.bind(2, day);
  int rc = SQLITE_ROW;
  while ((rc = st.step()) == SQLITE_ROW) {
    const int64_t row_day = st.int64(0);
    int64_t ms = st.int64(3);
    if (const auto own = im.own_ms.find({row_day, st.int64(1)}); own != im.own_ms.end()) ms -= own->second;
    if (ms <= 0) continue;
    const std::string_view name = st.text(2);
    if (out.empty() || out.back().app != name) out.push_back({std::string(name), 0, 0});
    out.back().week_ms += ms;
    if (row_day == day) out.back().day_ms += ms;
  }
  if (rc != SQLITE_DONE) {
    Error e = ledger_detail::sqlite_error(im.db.get(), rc, im.path, "usage_elsewhere");
    st.reset();
    out.clear();
    return e;
  }
  st.reset();
  return {};
}

Result<std::vector<AuditEntry>> Ledger::audit_entries() const {
  std::lock_guard lock(impl_->db_mu);
  ledger_detail::LedgerState& im = *impl_;
  auto st = Stmt::prepare(im.db.get(), im.path, "SELECT id, at_ms, kind, body FROM audit ORDER BY id");
  if (!st) return st.error();
  std::vector<AuditEntry> rows;
  int rc = SQLITE_ROW;
  while ((rc = st->step()) == SQLITE_ROW)
    rows.push_back({st->int64(0), st->int64(1), std::string(st->text(2)), std::string(st->text(3))});
  if (rc != SQLITE_DONE) return ledger_detail::sqlite_error(im.db.get(), rc, im.path, "audit_entries");
  return rows;
}

// The audit log decides which change was last, not the policy_change table:
// a row added to policy_change by hand is not in the chain and is ignored.
Result<std::optional<AcceptedPolicy>> Ledger::last_accepted_policy() const {
  std::lock_guard lock(impl_->db_mu);
  ledger_detail::LedgerState& im = *impl_;
  auto audit = Stmt::prepare(im.db.get(), im.path,
                             "SELECT body, (SELECT COUNT(*) FROM audit r WHERE r.id > a.id AND "
                             "r.kind = 'policy_refused' AND r.body LIKE '% code=pin_wrong active=%') "
                             "FROM audit a WHERE kind = 'policy_change' ORDER BY id DESC LIMIT 1");
  if (!audit) return audit.error();
  int rc = audit->step();
  if (rc == SQLITE_DONE) return std::optional<AcceptedPolicy>();
  if (rc != SQLITE_ROW) return ledger_detail::sqlite_error(im.db.get(), rc, im.path, "last_accepted_policy");
  const std::string_view body = audit->text(0);
  const size_t at = body.rfind(" new=");
  if (at == std::string_view::npos)
    return Error{Errc::ledger_corrupt, "ledger " + im.path + ": the last policy change in the audit log is unreadable"};
  const std::string hash(body.substr(at + 5));
  const int64_t wrong_pins = audit->int64(1);
  auto row = Stmt::prepare(im.db.get(), im.path,
                           "SELECT at_ms, new_hash, policy FROM policy_change WHERE new_hash = ?1 "
                           "ORDER BY id DESC LIMIT 1");
  if (!row) return row.error();
  row->bind(1, std::string_view(hash));
  rc = row->step();
  if (rc == SQLITE_DONE)
    return Error{Errc::ledger_corrupt, "ledger " + im.path + ": the policy change to " + hash +
                                           " in the audit log has no policy_change row (it was deleted)"};
  if (rc != SQLITE_ROW) return ledger_detail::sqlite_error(im.db.get(), rc, im.path, "last_accepted_policy");
  return std::optional<AcceptedPolicy>(
      AcceptedPolicy{row->int64(0), std::string(row->text(1)), std::string(row->text(2)), wrong_pins});
}

Result<std::optional<AcceptedPolicy>> Ledger::read_last_accepted_policy(const std::string& path) {
  auto ledger = open({.path = path, .read_only = true}, TimeZone::utc());
  if (!ledger) {
    // No file yet, or one from before v5 (it holds no policy text; the host's
    // own open migrates it and the next accepted policy is kept).
    if (ledger.error().code == Errc::not_found || ledger.error().code == Errc::ledger_readonly)
      return std::optional<AcceptedPolicy>();
    return ledger.error();
  }
  return ledger->last_accepted_policy();
}

}  // namespace tw
