// Ledger history: raw intervals out (export), the recorded day range, and
// imported intervals in without counting any attended time twice.
#include <algorithm>
#include <iterator>
#include <map>
#include <mutex>

#include "core/ledger/ledger_impl.hpp"

namespace tw {
namespace {

using ledger_detail::Stmt;

Error read_error(ledger_detail::LedgerState& im, int rc, std::string_view what) {
  return ledger_detail::sqlite_error(im.db.get(), rc, im.path, what);
}

// Disjoint covered spans, start -> end. cover() returns the parts of
// [start, end) not yet covered and marks the whole span covered.
class Coverage {
 public:
  void add(int64_t start, int64_t end) {
    if (end <= start) return;
    auto it = spans_.upper_bound(start);
    if (it != spans_.begin() && std::prev(it)->second >= start) --it;
    while (it != spans_.end() && it->first <= end) {
      start = std::min(start, it->first);
      end = std::max(end, it->second);
      it = spans_.erase(it);
    }
    spans_.emplace(start, end);
  }

  std::vector<std::pair<int64_t, int64_t>> uncovered(int64_t start, int64_t end) const {
    std::vector<std::pair<int64_t, int64_t>> out;
    auto it = spans_.upper_bound(start);
    if (it != spans_.begin() && std::prev(it)->second > start) --it;
    int64_t at = start;
    for (; it != spans_.end() && it->first < end && at < end; ++it) {
      if (it->first > at) out.emplace_back(at, it->first);
      at = std::max(at, it->second);
    }
    if (at < end) out.emplace_back(at, end);
    return out;
  }

 private:
  std::map<int64_t, int64_t> spans_;
};

}  // namespace

Result<std::vector<AttendedInterval>> Ledger::intervals(int64_t from_ms, int64_t to_ms) const {
  ledger_detail::LedgerState& im = *impl_;
  std::lock_guard lock(im.db_mu);
  auto st = Stmt::prepare(im.db.get(), im.path,
      "SELECT a.name, c.name, i.start_ms, i.end_ms FROM interval i JOIN app a ON a.id = i.app_id "
      "JOIN category c ON c.id = i.category_id WHERE i.start_ms < ?2 AND i.end_ms > ?1 "
      "ORDER BY i.start_ms, i.id");
  if (!st) return st.error();
  st->bind(1, from_ms);
  st->bind(2, to_ms);
  std::vector<AttendedInterval> rows;
  int rc = SQLITE_ROW;
  while ((rc = st->step()) == SQLITE_ROW) {
    rows.push_back({std::string(st->text(0)), std::string(st->text(1)), st->int64(2), st->int64(3)});
  }
  if (rc != SQLITE_DONE) return read_error(im, rc, "intervals");
  return rows;
}

Result<std::optional<DayRange>> Ledger::recorded_days() const {
  ledger_detail::LedgerState& im = *impl_;
  std::lock_guard lock(im.db_mu);
  auto st = Stmt::prepare(im.db.get(), im.path,
      "SELECT MIN(day), MAX(day), COUNT(*) FROM (SELECT day FROM day_usage UNION ALL SELECT day FROM day_totals)");
  if (!st) return st.error();
  const int rc = st->step();
  if (rc != SQLITE_ROW) return read_error(im, rc, "recorded_days");
  if (st->int64(2) == 0) return std::optional<DayRange>();
  return std::optional<DayRange>(DayRange{st->int64(0), st->int64(1)});
}

Result<ImportStats> Ledger::import_intervals(std::span<const AttendedInterval> input) {
  ledger_detail::LedgerState& im = *impl_;
  for (size_t i = 0; i < input.size(); ++i) {
    const AttendedInterval& in = input[i];
    if (in.app.empty() || in.category.empty() || in.end_ms < in.start_ms) {
      return Error{Errc::invalid_argument, "ledger " + im.path + ": imported interval " + std::to_string(i) +
                                               (in.end_ms < in.start_ms ? " ends before it starts"
                                                                        : " has no app or category")};
    }
    if (in.start_ms < kMinUnixMs || in.end_ms > kMaxUnixMs)
      return Error{Errc::invalid_argument, "ledger " + im.path + ": imported interval " + std::to_string(i) +
                                               " is outside years 0001..9999"};
  }
  if (auto st = commit(); !st) return st.error();
  if (input.empty()) return ImportStats{};
  std::lock_guard db_lock(im.db_mu);

  std::vector<const AttendedInterval*> order;
  order.reserve(input.size());
  int64_t lo = input[0].start_ms, hi = input[0].end_ms;
  for (const AttendedInterval& in : input) {
    order.push_back(&in);
    lo = std::min(lo, in.start_ms);
    hi = std::max(hi, in.end_ms);
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const AttendedInterval* a, const AttendedInterval* b) { return a->start_ms < b->start_ms; });

  sqlite3* db = im.db.get();
  using ledger_detail::exec;
  if (auto st = exec(db, im.path, "BEGIN IMMEDIATE"); !st) return st.error();
  ImportStats stats;
  // The names are written first, so the rows can use the file's ids.
  std::vector<std::pair<int64_t, std::string>> names[2];
  {
    std::lock_guard lock(im.rec_mu);
    for (const AttendedInterval* in : order) {
      im.apps.intern(in->app);
      im.categories.intern(in->category);
    }
    names[0] = im.apps.unsaved;
    names[1] = im.categories.unsaved;
  }
  ledger_detail::IdMap learnt[2];
  auto body = [&]() -> Status {
    if (auto st = ledger_detail::save_names(im, names[0], im.insert_app, im.select_app, learnt[0]); !st) return st;
    if (auto st = ledger_detail::save_names(im, names[1], im.insert_category, im.select_category, learnt[1]); !st)
      return st;
    const auto id_of = [&](const ledger_detail::NameTable& t, const ledger_detail::IdMap& l,
                           const ledger_detail::IdMap& before, const std::string& name) {
      const int64_t id = t.ids.find(name)->second;
      if (id >= 0) return id;
      if (const auto it = l.find(id); it != l.end()) return it->second;
      return before.find(id)->second;
    };
    Coverage covered;
    auto existing = Stmt::prepare(db, im.path, "SELECT start_ms, end_ms FROM interval WHERE end_ms > ?1 AND start_ms < ?2");
    if (!existing) return existing.error();
    existing->bind(1, lo);
    existing->bind(2, hi);
    int rc = SQLITE_ROW;
    while ((rc = existing->step()) == SQLITE_ROW) covered.add(existing->int64(0), existing->int64(1));
    if (rc != SQLITE_DONE) return read_error(im, rc, "read intervals to import against");

    for (const AttendedInterval* in : order) {
      const auto pieces = covered.uncovered(in->start_ms, in->end_ms);
      int64_t added = 0;
      if (!pieces.empty()) {
        int64_t app = 0, category = 0;
        {
          std::lock_guard lock(im.rec_mu);
          app = id_of(im.apps, learnt[0], im.app_ids, in->app);
          category = id_of(im.categories, learnt[1], im.category_ids, in->category);
        }
        for (const auto& [from, to] : pieces) {
          im.upsert_interval.bind_null(1);
          im.upsert_interval.bind(2, app);
          im.upsert_interval.bind(3, category);
          im.upsert_interval.bind(4, from);
          im.upsert_interval.bind(5, to);
          if (auto st = ledger_detail::run(im.upsert_interval, db, im.path, "write imported interval"); !st) return st;
          im.rollups.add_attended(app, category, from, to);
          added += to - from;
          ++stats.intervals;
        }
      }
      stats.added_ms += added;
      stats.skipped_ms += (in->end_ms - in->start_ms) - added;
      covered.add(in->start_ms, in->end_ms);
    }
    if (auto st = im.rollups.flush(db, im.path); !st) return st;
    return exec(db, im.path, "COMMIT");
  };
  if (Status st = body(); !st) {
    im.rollups.clear();
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return st.error();  // interned names stay unsaved and are written by the next commit
  }
  std::lock_guard lock(im.rec_mu);
  im.app_ids.merge(learnt[0]);
  im.category_ids.merge(learnt[1]);
  for (const auto& [provisional, name] : names[0]) {
    im.apps.saved(name, provisional, im.app_ids[provisional]);
    if (im.open.app_id == provisional) im.open.app_id = im.app_ids[provisional];
  }
  for (const auto& [provisional, name] : names[1]) {
    im.categories.saved(name, provisional, im.category_ids[provisional]);
    if (im.open.category_id == provisional) im.open.category_id = im.category_ids[provisional];
  }
  const auto saved = [](auto& unsaved, const auto& done) {
    std::erase_if(unsaved, [&](const auto& e) {
      return std::any_of(done.begin(), done.end(), [&](const auto& d) { return d.first == e.first; });
    });
  };
  saved(im.apps.unsaved, names[0]);
  saved(im.categories.unsaved, names[1]);
  return stats;
}

}  // namespace tw
