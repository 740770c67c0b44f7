// Ledger: recording into the pending batch, and the group commit.
#include "core/ledger/ledger.hpp"

#include <algorithm>
#include <cstdio>

#include "core/ledger/ledger_impl.hpp"

namespace tw {
namespace {

using ledger_detail::BlockOp;
using ledger_detail::FrictionOp;
using ledger_detail::IdleOp;
using ledger_detail::IntervalOp;
using ledger_detail::Op;
using ledger_detail::PolicyOp;
using ledger_detail::RefusalOp;

// [start_ms, start_ms + duration_ms] inside the instants the core supports
// (clock.hpp), so no end computed from it can overflow.
bool in_unix_range(int64_t start_ms, int64_t duration_ms) {
  return start_ms >= kMinUnixMs && start_ms <= kMaxUnixMs && duration_ms <= kMaxUnixMs - start_ms;
}

Error bad(const ledger_detail::LedgerState& im, std::string what) {
  return Error{Errc::invalid_argument, "ledger " + im.path + ": " + std::move(what)};
}

std::string_view outcome_name(FrictionOutcome o) {
  switch (o) {
    case FrictionOutcome::shown: return "shown";
    case FrictionOutcome::left: return "left";
    case FrictionOutcome::continued: return "continued";
  }
  return "shown";
}

void report(ledger_detail::LedgerState& im, const Error& e) noexcept {
  try {
    if (im.on_error) {
      im.on_error(e);
    } else if (!im.logged_once) {
      im.logged_once = true;
      std::fprintf(stderr, "timewall: %s\n", e.message.c_str());
    }
  } catch (...) {
    // A throwing callback must not take the host down.
  }
}

void push(ledger_detail::LedgerState& im, Op op) {
  if (im.pending.size() >= im.max_pending) {
    const Op& oldest = im.pending.front();
    im.lost += static_cast<uint64_t>(oldest.events);
    im.lost_unreported += static_cast<uint64_t>(oldest.events);
    im.pending_events -= oldest.events;
    im.pending.pop_front();
  }
  im.pending_events += op.events;
  im.pending.push_back(std::move(op));
}

Status apply(ledger_detail::LedgerState& im, const Op& op, ledger_detail::AuditCursor& audit) {
  sqlite3* db = im.db.get();
  using ledger_detail::run;
  if (const auto* iv = std::get_if<IntervalOp>(&op.body)) {
    im.upsert_interval.bind(1, iv->id);
    im.upsert_interval.bind(2, iv->app_id);
    im.upsert_interval.bind(3, iv->category_id);
    im.upsert_interval.bind(4, iv->from_ms);
    im.upsert_interval.bind(5, iv->to_ms);
    im.rollups.add_attended(iv->app_id, iv->category_id, iv->from_ms, iv->to_ms);
    return run(im.upsert_interval, db, im.path, "write interval");
  }
  if (const auto* idle = std::get_if<IdleOp>(&op.body)) {
    im.insert_idle.bind(1, idle->start_ms);
    im.insert_idle.bind(2, idle->end_ms);
    im.insert_idle.bind(3, std::string_view(idle->mode == IdleMode::fill ? "fill" : "protect"));
    im.insert_idle.bind(4, std::string_view(idle->item_id));
    im.insert_idle.bind(5, std::string_view(idle->reason));
    im.rollups.add_idle(idle->mode, idle->start_ms, idle->end_ms);
    return run(im.insert_idle, db, im.path, "write idle_moment");
  }
  if (const auto* fr = std::get_if<FrictionOp>(&op.body)) {
    im.insert_friction.bind(1, fr->at_ms);
    im.insert_friction.bind(2, fr->app_id);
    im.insert_friction.bind(3, fr->category_id);
    im.insert_friction.bind(4, outcome_name(fr->outcome));
    im.insert_friction.bind(5, fr->extension_s);
    im.insert_friction.bind(6, std::string_view(fr->budget));
    im.rollups.add_friction(fr->at_ms, fr->outcome, fr->extension_s);
    if (auto st = run(im.insert_friction, db, im.path, "write friction"); !st) return st;
    if (fr->outcome != FrictionOutcome::continued) return {};
    return im.audit.append(db, im.path, audit, fr->at_ms, "bypass",
                           ledger_detail::bypass_body(im.apps.name(fr->app_id), im.categories.name(fr->category_id),
                                                      fr->extension_s));
  }
  if (const auto* bl = std::get_if<BlockOp>(&op.body)) {
    im.insert_block.bind(1, bl->at_ms);
    im.insert_block.bind(2, bl->app_id);
    im.insert_block.bind(3, bl->category_id);
    im.insert_block.bind(4, std::string_view(bl->reason));
    im.rollups.add_block(bl->at_ms);
    return run(im.insert_block, db, im.path, "write block");
  }
  if (const auto* rf = std::get_if<RefusalOp>(&op.body))
    return im.audit.append(db, im.path, audit, rf->at_ms, "policy_refused", rf->body);
  const auto& pc = std::get<PolicyOp>(op.body);
  im.insert_policy.bind(1, pc.at_ms);
  im.insert_policy.bind(2, std::string_view(pc.old_hash));
  im.insert_policy.bind(3, std::string_view(pc.new_hash));
  im.insert_policy.bind(4, std::string_view(pc.policy_text));
  if (auto st = run(im.insert_policy, db, im.path, "write policy_change"); !st) return st;
  return im.audit.append(db, im.path, audit, pc.at_ms, "policy_change",
                         ledger_detail::policy_body(pc.old_hash, pc.new_hash));
}

Status save_names(ledger_detail::LedgerState& im, ledger_detail::NameTable& t, ledger_detail::Stmt& insert) {
  for (const auto& [id, name] : t.unsaved) {
    insert.bind(1, id);
    insert.bind(2, std::string_view(name));
    if (auto st = ledger_detail::run(insert, im.db.get(), im.path, "write name"); !st) return st;
  }
  return {};
}

Status write_batch(ledger_detail::LedgerState& im) {
  using ledger_detail::exec;
  if (auto st = exec(im.db.get(), im.path, "BEGIN IMMEDIATE"); !st) return st;
  Status st = save_names(im, im.apps, im.insert_app);
  if (st) st = save_names(im, im.categories, im.insert_category);
  ledger_detail::AuditCursor audit = im.audit_cursor;
  for (const Op& op : im.pending) {
    if (!st) break;
    st = apply(im, op, audit);
  }
  if (st) st = im.rollups.flush(im.db.get(), im.path);
  if (st && audit.next_id != im.audit_cursor.next_id) st = im.audit.write_head(im.db.get(), im.path, audit);
  if (st) st = exec(im.db.get(), im.path, "COMMIT");
  if (st) {
    im.audit_cursor = audit;
  } else {
    im.rollups.clear();
    sqlite3_exec(im.db.get(), "ROLLBACK", nullptr, nullptr, nullptr);  // fails harmlessly if SQLite already did
  }
  return st;
}

}  // namespace

Ledger::Ledger(std::unique_ptr<ledger_detail::LedgerState> impl) : impl_(std::move(impl)) {}
Ledger::Ledger(Ledger&&) noexcept = default;

Ledger& Ledger::operator=(Ledger&& other) noexcept {
  if (this != &other) {
    Ledger old(std::move(*this));  // commits what this one held, in its destructor
    impl_ = std::move(other.impl_);
  }
  return *this;
}

Ledger::~Ledger() {
  if (!impl_ || impl_->pending.empty()) return;
  try {
    if (auto st = commit(); !st) {
      report(*impl_, Error{st.error().code, st.error().message + " (at close: these events are lost)"});
    }
  } catch (...) {
    // Out of memory while building a message: nothing more can be done here.
  }
}

Result<Ledger::Seq> Ledger::record_heartbeat(const Heartbeat& hb) {
  ledger_detail::LedgerState& im = *impl_;
  if (hb.app.empty() || hb.category.empty()) return bad(im, "heartbeat without app or category");
  if (hb.duration_ms < 0) return bad(im, "heartbeat with negative duration_ms");
  if (!in_unix_range(hb.start_ms, hb.duration_ms)) return bad(im, "heartbeat outside years 0001..9999");
  ledger_detail::OpenInterval& open = im.open;
  if (open.id >= 0 && hb.start_ms < open.start_ms) {
    return bad(im, "heartbeat at " + std::to_string(hb.start_ms) + " ms starts before the current interval (" +
                       std::to_string(open.start_ms) + " ms)");
  }
  const int64_t app = im.apps.intern(hb.app);
  const int64_t category = im.categories.intern(hb.category);
  const int64_t end_ms = hb.start_ms + hb.duration_ms;
  const Seq seq = ++im.last_seq;

  if (open.id >= 0 && open.app_id == app && open.category_id == category &&
      hb.start_ms <= open.end_ms + im.pulse_ms) {
    // Same data within the pulse: the interval now reaches this heartbeat's
    // end. A zero-duration heartbeat still extends it to its start (the
    // ActivityWatch bug left such intervals at zero length).
    if (end_ms <= open.end_ms) return seq;  // already covered; durable with the next commit
    const int64_t from_ms = open.end_ms;
    open.end_ms = end_ms;
    if (!im.pending.empty()) {
      Op& last = im.pending.back();
      if (auto* iv = std::get_if<IntervalOp>(&last.body); iv && iv->id == open.id) {
        iv->to_ms = end_ms;
        last.seq = seq;
        ++last.events;
        ++im.pending_events;
        return seq;
      }
    }
    push(im, Op{seq, 1, IntervalOp{open.id, app, category, from_ms, end_ms}});
    return seq;
  }
  // A new interval; clipped so it never overlaps the previous one.
  const int64_t start_ms = open.id >= 0 ? std::max(hb.start_ms, open.end_ms) : hb.start_ms;
  open = {im.next_interval_id++, app, category, start_ms, std::max(end_ms, start_ms)};
  push(im, Op{seq, 1, IntervalOp{open.id, app, category, open.start_ms, open.end_ms}});
  return seq;
}

Result<Ledger::Seq> Ledger::record_idle(const IdleMoment& idle) {
  ledger_detail::LedgerState& im = *impl_;
  if (idle.duration_ms < 0) return bad(im, "idle moment with negative duration_ms");
  if (!in_unix_range(idle.start_ms, idle.duration_ms)) return bad(im, "idle moment outside years 0001..9999");
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1,
              IdleOp{idle.start_ms, idle.start_ms + idle.duration_ms, idle.mode, std::string(idle.item_id),
                     std::string(idle.reason)}});
  return seq;
}

Result<Ledger::Seq> Ledger::record_friction(const FrictionEvent& ev) {
  ledger_detail::LedgerState& im = *impl_;
  if (ev.app.empty() || ev.category.empty()) return bad(im, "friction event without app or category");
  if (ev.extension_s < 0) return bad(im, "friction event with negative extension_s");
  const int64_t app = im.apps.intern(ev.app);
  const int64_t category = im.categories.intern(ev.category);
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1, FrictionOp{ev.at_ms, app, category, ev.outcome, ev.extension_s, std::string(ev.budget)}});
  return seq;
}

Result<Ledger::Seq> Ledger::record_block(const BlockEvent& ev) {
  ledger_detail::LedgerState& im = *impl_;
  if (ev.app.empty() || ev.category.empty()) return bad(im, "block event without app or category");
  const int64_t app = im.apps.intern(ev.app);
  const int64_t category = im.categories.intern(ev.category);
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1, BlockOp{ev.at_ms, app, category, std::string(ev.reason)}});
  return seq;
}

Result<Ledger::Seq> Ledger::record_policy_change(const PolicyChange& ev) {
  ledger_detail::LedgerState& im = *impl_;
  if (ev.new_hash.empty()) return bad(im, "policy change without new_hash");
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1,
              PolicyOp{ev.at_ms, std::string(ev.old_hash), std::string(ev.new_hash), std::string(ev.policy_text)}});
  return seq;
}

Result<Ledger::Seq> Ledger::record_policy_refusal(const PolicyRefusal& ev) {
  ledger_detail::LedgerState& im = *impl_;
  if (ev.source.empty() || ev.code.empty()) return bad(im, "policy refusal without source or code");
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1, RefusalOp{ev.at_ms, ledger_detail::refusal_body(ev.source, ev.code, ev.active_hash)}});
  return seq;
}

Status Ledger::commit() {
  ledger_detail::LedgerState& im = *impl_;
  if (im.lost_unreported > 0) {
    report(im, Error{im.last_failure, "ledger " + im.path + ": memory buffer full (" +
                                          std::to_string(im.max_pending) + " entries) while commits failed: dropped " +
                                          std::to_string(im.lost_unreported) + " oldest events (" +
                                          std::to_string(im.lost) + " in total)"});
    im.lost_unreported = 0;
  }
  if (im.pending.empty() && im.apps.unsaved.empty() && im.categories.unsaved.empty()) {
    im.durable_seq = im.last_seq;
    return {};
  }
  if (auto st = write_batch(im); !st) {
    im.last_failure = st.error().code;
    return Error{st.error().code, st.error().message + "; " + std::to_string(im.pending_events) +
                                      " events held in memory for the next commit, " + std::to_string(im.lost) +
                                      " dropped so far"};
  }
  im.pending.clear();
  im.pending_events = 0;
  im.apps.unsaved.clear();
  im.categories.unsaved.clear();
  im.durable_seq = im.last_seq;
  return {};
}

Ledger::Seq Ledger::last_seq() const noexcept { return impl_->last_seq; }
Ledger::Seq Ledger::durable_seq() const noexcept { return impl_->durable_seq; }
int64_t Ledger::pending_events() const noexcept { return impl_->pending_events; }
uint64_t Ledger::lost_events() const noexcept { return impl_->lost; }
const std::string& Ledger::path() const noexcept { return impl_->path; }

}  // namespace tw
