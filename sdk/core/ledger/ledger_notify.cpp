// Ledger queries over notifications: what is still open after a restart,
// and the per-app tally the report shows.
#include <algorithm>
#include <map>
#include <mutex>

#include "core/ledger/ledger_impl.hpp"

namespace tw {

using ledger_detail::Stmt;

Result<std::vector<OpenNotification>> Ledger::open_notifications() const {
  ledger_detail::LedgerState& im = *impl_;
  std::lock_guard lock(im.db_mu);
  auto st = Stmt::prepare(im.db.get(), im.path,
      "SELECT n.id, a.name, n.app_name, n.summary, n.body, n.actions, n.urgency, n.expire_timeout_ms, "
      "n.received_ms, n.state FROM notification n JOIN app a ON a.id = n.app_id "
      "WHERE n.state != 'ended' AND n.id <= ?1 ORDER BY n.id");
  if (!st) return st.error();
  st->bind(1, im.opened_notification_id);
  std::vector<OpenNotification> rows;
  int rc = SQLITE_ROW;
  while ((rc = st->step()) == SQLITE_ROW) {
    rows.push_back({.id = st->int64(0),
                    .app = std::string(st->text(1)),
                    .app_name = std::string(st->text(2)),
                    .summary = std::string(st->text(3)),
                    .body = std::string(st->text(4)),
                    .actions = std::string(st->text(5)),
                    .urgency = static_cast<int32_t>(st->int64(6)),
                    .expire_timeout_ms = static_cast<int32_t>(st->int64(7)),
                    .received_ms = st->int64(8),
                    .shown = st->text(9) == "shown"});
  }
  if (rc != SQLITE_DONE) return ledger_detail::sqlite_error(im.db.get(), rc, im.path, "open_notifications");
  return rows;
}

Result<std::vector<NotificationTally>> Ledger::notification_tallies(int64_t from_ms, int64_t to_ms) const {
  ledger_detail::LedgerState& im = *impl_;
  std::lock_guard lock(im.db_mu);
  auto st = Stmt::prepare(im.db.get(), im.path,
      "SELECT a.name, COUNT(*), SUM(h), SUM(b), SUM(d), SUM(dr), SUM(ex), SUM(resolved) FROM ("
      " SELECT n.app_id,"
      "  EXISTS(SELECT 1 FROM notification_event e WHERE e.notification_id = n.id AND e.kind = 'held') AS h,"
      "  EXISTS(SELECT 1 FROM notification_event e WHERE e.notification_id = n.id AND e.kind = 'batched') AS b,"
      "  EXISTS(SELECT 1 FROM notification_event e WHERE e.notification_id = n.id AND e.kind = 'delivered') AS d,"
      "  EXISTS(SELECT 1 FROM notification_event e WHERE e.notification_id = n.id AND e.kind = 'dropped') AS dr,"
      "  EXISTS(SELECT 1 FROM notification_event e WHERE e.notification_id = n.id AND e.kind = 'expired') AS ex,"
      "  n.state != 'pending' AS resolved"
      " FROM notification n WHERE n.received_ms >= ?1 AND n.received_ms < ?2) x"
      " JOIN app a ON a.id = x.app_id GROUP BY x.app_id ORDER BY 2 DESC, a.name");
  if (!st) return st.error();
  st->bind(1, from_ms);
  st->bind(2, to_ms);
  std::vector<NotificationTally> rows;
  std::vector<int64_t> resolved;
  int rc = SQLITE_ROW;
  while ((rc = st->step()) == SQLITE_ROW) {
    rows.push_back({.app = std::string(st->text(0)),
                    .received = st->int64(1),
                    .held = st->int64(2),
                    .batched = st->int64(3),
                    .delivered = st->int64(4),
                    .dropped = st->int64(5),
                    .expired = st->int64(6)});
    resolved.push_back(st->int64(7));
  }
  if (rc != SQLITE_DONE) return ledger_detail::sqlite_error(im.db.get(), rc, im.path, "notification_tallies");
  auto cards = Stmt::prepare(im.db.get(), im.path,
      "SELECT a.name, COUNT(DISTINCT e.card) FROM notification_event e JOIN notification n ON n.id = e.notification_id "
      "JOIN app a ON a.id = n.app_id WHERE e.kind = 'delivered' AND e.detail NOT LIKE 'breakpoint%' "
      "AND n.received_ms >= ?1 AND n.received_ms < ?2 GROUP BY n.app_id");
  if (!cards) return cards.error();
  cards->bind(1, from_ms);
  cards->bind(2, to_ms);
  std::map<std::string, int64_t, std::less<>> interruptions;
  while ((rc = cards->step()) == SQLITE_ROW) interruptions[std::string(cards->text(0))] = cards->int64(1);
  if (rc != SQLITE_DONE) return ledger_detail::sqlite_error(im.db.get(), rc, im.path, "notification_tallies");
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto it = interruptions.find(rows[i].app);
    rows[i].interruptions = it == interruptions.end() ? 0 : it->second;
    rows[i].saved = std::max<int64_t>(0, resolved[i] - rows[i].interruptions);
  }
  return rows;
}

}  // namespace tw
