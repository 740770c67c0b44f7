// Ledger: recording into the pending batch, and the group commit.
#include "core/ledger/ledger.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <mutex>
#include <utility>

#include "core/ledger/ledger_impl.hpp"

namespace tw {
namespace {

using ledger_detail::AnswerOp;
using ledger_detail::ExerciseOutcomeOp;
using ledger_detail::ExerciseReturnOp;
using ledger_detail::BlockOp;
using ledger_detail::FrictionOp;
using ledger_detail::IdleOp;
using ledger_detail::IntervalOp;
using ledger_detail::NotificationEventOp;
using ledger_detail::NotificationOp;
using ledger_detail::Op;
using ledger_detail::PolicyOp;
using ledger_detail::AuditOp;
using ledger_detail::Stmt;

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

// Ids a batch learns from the file; kept only if its transaction commits.
struct Learnt {
  ledger_detail::IdMap apps, categories, intervals, notifications;
  std::map<std::pair<int64_t, int64_t>, int64_t> own_ms;
};

// The file's id for a provisional (negative) one, learnt by this batch or an
// earlier commit; a file id stays as it is.
int64_t file_id(int64_t id, const ledger_detail::IdMap& now, const ledger_detail::IdMap& before) {
  if (id >= 0) return id;
  if (const auto it = now.find(id); it != now.end()) return it->second;
  if (const auto it = before.find(id); it != before.end()) return it->second;
  return 0;  // cannot happen: a provisional id is saved in the batch that first uses it
}

Status apply(ledger_detail::LedgerState& im, const Op& op, ledger_detail::AuditCursor& audit, Learnt& learnt) {
  sqlite3* db = im.db.get();
  using ledger_detail::run;
  const auto app_of = [&](int64_t id) { return file_id(id, learnt.apps, im.app_ids); };
  const auto category_of = [&](int64_t id) { return file_id(id, learnt.categories, im.category_ids); };
  // A notification id up to the file's highest at open is the file's (a
  // restored one); above it, this Ledger's, written by this or an earlier
  // commit. 0: none (or one whose notification was dropped unwritten).
  const auto notification_of = [&](int64_t id) -> int64_t {
    if (id <= im.opened_notification_id) return id;
    if (const auto it = learnt.notifications.find(id); it != learnt.notifications.end()) return it->second;
    if (const auto it = im.notification_ids.find(id); it != im.notification_ids.end()) return it->second;
    return 0;
  };
  if (const auto* iv = std::get_if<IntervalOp>(&op.body)) {
    const int64_t app = app_of(iv->app_id);
    const int64_t category = category_of(iv->category_id);
    // A new interval (or one whose creating op was dropped from a full
    // buffer) gets the file's next id; later ops extend that row.
    const int64_t row = file_id(iv->id, learnt.intervals, im.interval_ids);
    if (row > 0) im.upsert_interval.bind(1, row);
    else im.upsert_interval.bind_null(1);
    im.upsert_interval.bind(2, app);
    im.upsert_interval.bind(3, category);
    im.upsert_interval.bind(4, iv->from_ms);
    im.upsert_interval.bind(5, iv->to_ms);
    im.rollups.add_attended(app, category, iv->from_ms, iv->to_ms);
    if (auto st = run(im.upsert_interval, db, im.path, "write interval"); !st) return st;
    if (row == 0) learnt.intervals[iv->id] = sqlite3_last_insert_rowid(db);
    return {};
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
    im.insert_friction.bind(2, app_of(fr->app_id));
    im.insert_friction.bind(3, category_of(fr->category_id));
    im.insert_friction.bind(4, outcome_name(fr->outcome));
    im.insert_friction.bind(5, fr->extension_s);
    im.insert_friction.bind(6, std::string_view(fr->budget));
    im.rollups.add_friction(fr->at_ms, fr->outcome, fr->extension_s);
    if (auto st = run(im.insert_friction, db, im.path, "write friction"); !st) return st;
    if (fr->outcome != FrictionOutcome::continued) return {};
    return im.audit.append(db, im.path, audit, fr->at_ms, "bypass", fr->audit_body);
  }
  if (const auto* bl = std::get_if<BlockOp>(&op.body)) {
    im.insert_block.bind(1, bl->at_ms);
    im.insert_block.bind(2, app_of(bl->app_id));
    im.insert_block.bind(3, category_of(bl->category_id));
    im.insert_block.bind(4, std::string_view(bl->reason));
    im.rollups.add_block(bl->at_ms);
    return run(im.insert_block, db, im.path, "write block");
  }
  if (const auto* a = std::get_if<AuditOp>(&op.body)) return im.audit.append(db, im.path, audit, a->at_ms, a->kind, a->body);
  if (const auto* an = std::get_if<AnswerOp>(&op.body)) {
    im.insert_answer.bind(1, an->at_ms);
    im.insert_answer.bind(2, app_of(an->app_id));  // 0: none
    im.insert_answer.bind(3, category_of(an->category_id));
    im.insert_answer.bind(4, std::string_view(an->card));
    im.insert_answer.bind(5, std::string_view(an->answer));
    im.insert_answer.bind(6, std::string_view(an->outcome));
    im.insert_answer.bind(7, std::string_view(an->budget));
    im.insert_answer.bind(8, std::string_view(an->item));
    return run(im.insert_answer, db, im.path, "write answer");
  }
  if (const auto* ex = std::get_if<ExerciseOutcomeOp>(&op.body)) {
    Stmt& st = im.insert_exercise_outcome;
    st.bind(1, ex->shown_ms);
    st.bind(2, ex->answered_ms);
    st.bind(3, app_of(ex->app_id));
    st.bind(4, category_of(ex->category_id));
    st.bind(5, std::string_view(ex->exercise));
    st.bind(6, std::string_view(ex->kind));
    st.bind(7, std::string_view(ex->answer));
    st.bind(8, ex->decide_ms);
    st.bind(9, std::string_view(ex->picked));
    return run(st, db, im.path, "write friction_outcome");
  }
  if (const auto* ret = std::get_if<ExerciseReturnOp>(&op.body)) {
    Stmt& st = im.set_exercise_return;
    st.bind(1, app_of(ret->app_id));
    st.bind(2, ret->shown_ms);
    st.bind(3, int64_t{ret->returned ? 1 : 0});
    return run(st, db, im.path, "write friction_outcome.returned");
  }
  if (const auto* n = std::get_if<NotificationOp>(&op.body); n && n->replace) {
    const int64_t id = notification_of(n->id);
    if (id == 0) return {};  // its notification was dropped from a full buffer (counted in lost_events)
    Stmt& st = im.update_notification;
    st.bind(1, id);
    st.bind(2, std::string_view(n->app_name));
    st.bind(3, std::string_view(n->summary));
    st.bind(4, std::string_view(n->body));
    st.bind(5, n->urgency);
    st.bind(6, std::string_view(n->actions));
    st.bind(7, n->expire_timeout_ms);
    return run(st, db, im.path, "replace notification");
  }
  if (const auto* n = std::get_if<NotificationOp>(&op.body)) {
    Stmt& st = im.insert_notification;
    st.bind_null(1);  // the file's next id: another writer may have used this Ledger's number
    st.bind(2, app_of(n->app_id));
    st.bind(3, std::string_view(n->app_name));
    st.bind(4, std::string_view(n->summary));
    st.bind(5, std::string_view(n->body));
    st.bind(6, n->urgency);
    st.bind(7, std::string_view(n->actions));
    st.bind(8, n->expire_timeout_ms);
    st.bind(9, n->received_ms);
    if (auto s = run(st, db, im.path, "write notification"); !s) return s;
    learnt.notifications[n->id] = sqlite3_last_insert_rowid(db);
    return {};
  }
  if (const auto* ev = std::get_if<NotificationEventOp>(&op.body)) {
    const int64_t id = notification_of(ev->id);
    if (id == 0) return {};  // its notification was dropped from a full buffer (counted in lost_events)
    Stmt& st = im.insert_notification_event;
    st.bind(1, id);
    st.bind(2, ev->at_ms);
    st.bind(3, std::string_view(ev->kind));
    st.bind(4, std::string_view(ev->detail));
    st.bind(5, notification_of(ev->card));
    if (auto s = run(st, db, im.path, "write notification_event"); !s) return s;
    const std::string_view state = ev->kind == "delivered" ? "shown"
                                   : ev->kind == "dropped" || ev->kind == "expired" || ev->kind == "closed"
                                       ? "ended"
                                       : "";
    if (state.empty()) return {};
    im.set_notification_state.bind(1, id);
    im.set_notification_state.bind(2, state);
    return run(im.set_notification_state, db, im.path, "write notification state");
  }
  const auto& pc = std::get<PolicyOp>(op.body);
  im.insert_policy.bind(1, pc.at_ms);
  im.insert_policy.bind(2, std::string_view(pc.old_hash));
  im.insert_policy.bind(3, std::string_view(pc.new_hash));
  im.insert_policy.bind(4, std::string_view(pc.policy_text));
  if (auto st = run(im.insert_policy, db, im.path, "write policy_change"); !st) return st;
  return im.audit.append(db, im.path, audit, pc.at_ms, "policy_change",
                         ledger_detail::policy_body(pc.old_hash, pc.new_hash));
}

bool writes_audit(const Op& op) {
  if (const auto* fr = std::get_if<FrictionOp>(&op.body)) return fr->outcome == FrictionOutcome::continued;
  return std::holds_alternative<PolicyOp>(op.body) || std::holds_alternative<AuditOp>(op.body);
}

}  // namespace

namespace ledger_detail {

// The file's id of each new name: another writer may have added it first.
Status save_names(LedgerState& im, const std::vector<std::pair<int64_t, std::string>>& names, Stmt& insert,
                  Stmt& select, IdMap& learnt) {
  for (const auto& [provisional, name] : names) {
    insert.bind(1, std::string_view(name));
    if (auto st = run(insert, im.db.get(), im.path, "write name"); !st) return st;
    select.bind(1, std::string_view(name));
    const int rc = select.step();
    const int64_t id = rc == SQLITE_ROW ? select.int64(0) : 0;
    select.reset();
    if (rc != SQLITE_ROW) return sqlite_error(im.db.get(), rc == SQLITE_DONE ? SQLITE_INTERNAL : rc, im.path, "read name id");
    learnt[provisional] = id;
  }
  return {};
}

}  // namespace ledger_detail

namespace {

Status write_batch(ledger_detail::LedgerState& im, Learnt& learnt) {
  using ledger_detail::exec;
  if (auto st = exec(im.db.get(), im.path, "BEGIN IMMEDIATE"); !st) return st;
  Status st = ledger_detail::save_names(im, im.saving_apps, im.insert_app, im.select_app, learnt.apps);
  if (st) st = ledger_detail::save_names(im, im.saving_categories, im.insert_category, im.select_category,
                                         learnt.categories);
  // Another writer may have extended the chain since this one last did.
  ledger_detail::AuditCursor audit = im.audit_cursor;
  if (st && std::any_of(im.in_flight.begin(), im.in_flight.end(), writes_audit)) {
    auto head = im.audit.load_cursor(im.db.get(), im.path);
    if (head) audit = head.value();
    else st = head.error();
  }
  const int64_t audit_from = audit.next_id;
  for (const Op& op : im.in_flight) {
    if (!st) break;
    st = apply(im, op, audit, learnt);
  }
  if (st) im.rollups.add_day_usage_to(learnt.own_ms);
  if (st) st = im.rollups.flush(im.db.get(), im.path);
  if (st && audit.next_id != audit_from) st = im.audit.write_head(im.db.get(), im.path, audit);
  if (st) st = exec(im.db.get(), im.path, "COMMIT");
  if (st) {
    im.audit_cursor = audit;
  } else {
    im.rollups.clear();
    sqlite3_exec(im.db.get(), "ROLLBACK", nullptr, nullptr, nullptr);  // fails harmlessly if SQLite already did
  }
  return st;
}

// What a successful commit learnt becomes the Ledger's (db_mu held).
void keep(ledger_detail::LedgerState& im, Learnt& learnt) {
  im.app_ids.merge(learnt.apps);
  im.category_ids.merge(learnt.categories);
  im.interval_ids.merge(learnt.intervals);
  im.notification_ids.merge(learnt.notifications);
  for (const auto& [key, ms] : learnt.own_ms) im.own_ms[key] += ms;
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
  std::lock_guard lock(im.rec_mu);
  ledger_detail::OpenInterval& open = im.open;
  if (open.id != 0 && hb.start_ms < open.start_ms) {
    return bad(im, "heartbeat at " + std::to_string(hb.start_ms) + " ms starts before the current interval (" +
                       std::to_string(open.start_ms) + " ms)");
  }
  const int64_t app = im.apps.intern(hb.app);
  const int64_t category = im.categories.intern(hb.category);
  const int64_t end_ms = hb.start_ms + hb.duration_ms;
  const Seq seq = ++im.last_seq;

  if (open.id != 0 && open.app_id == app && open.category_id == category &&
      hb.start_ms <= open.end_ms + (hb.exact ? 0 : im.pulse_ms)) {
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
  const int64_t start_ms = open.id != 0 ? std::max(hb.start_ms, open.end_ms) : hb.start_ms;
  open = {im.next_interval--, app, category, start_ms, std::max(end_ms, start_ms)};
  push(im, Op{seq, 1, IntervalOp{open.id, app, category, open.start_ms, open.end_ms}});
  return seq;
}

Result<Ledger::Seq> Ledger::record_idle(const IdleMoment& idle) {
  ledger_detail::LedgerState& im = *impl_;
  if (idle.duration_ms < 0) return bad(im, "idle moment with negative duration_ms");
  if (!in_unix_range(idle.start_ms, idle.duration_ms)) return bad(im, "idle moment outside years 0001..9999");
  IdleOp op{idle.start_ms, idle.start_ms + idle.duration_ms, idle.mode, std::string(idle.item_id),
            std::string(idle.reason)};
  std::lock_guard lock(im.rec_mu);
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1, std::move(op)});
  return seq;
}

Result<Ledger::Seq> Ledger::record_friction(const FrictionEvent& ev) {
  ledger_detail::LedgerState& im = *impl_;
  if (ev.app.empty() || ev.category.empty()) return bad(im, "friction event without app or category");
  if (ev.extension_s < 0) return bad(im, "friction event with negative extension_s");
  std::string audit_body = ev.outcome == FrictionOutcome::continued
                               ? ledger_detail::bypass_body(ev.app, ev.category, ev.extension_s)
                               : std::string();
  std::lock_guard lock(im.rec_mu);
  const int64_t app = im.apps.intern(ev.app);
  const int64_t category = im.categories.intern(ev.category);
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1,
              FrictionOp{ev.at_ms, app, category, ev.outcome, ev.extension_s, std::string(ev.budget),
                         std::move(audit_body)}});
  return seq;
}

Result<Ledger::Seq> Ledger::record_block(const BlockEvent& ev) {
  ledger_detail::LedgerState& im = *impl_;
  if (ev.app.empty() || ev.category.empty()) return bad(im, "block event without app or category");
  std::lock_guard lock(im.rec_mu);
  const int64_t app = im.apps.intern(ev.app);
  const int64_t category = im.categories.intern(ev.category);
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1, BlockOp{ev.at_ms, app, category, std::string(ev.reason)}});
  return seq;
}

Result<Ledger::Seq> Ledger::record_answer(const AnswerEvent& ev) {
  ledger_detail::LedgerState& im = *impl_;
  if (ev.card.empty() || ev.answer.empty() || ev.outcome.empty()) return bad(im, "answer without card, answer or outcome");
  if (ev.app.empty() != ev.category.empty()) return bad(im, "answer with an app but no category, or the reverse");
  std::lock_guard lock(im.rec_mu);
  const int64_t app = ev.app.empty() ? 0 : im.apps.intern(ev.app);
  const int64_t category = ev.category.empty() ? 0 : im.categories.intern(ev.category);
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1,
              AnswerOp{ev.at_ms, app, category, std::string(ev.card), std::string(ev.answer), std::string(ev.outcome),
                       std::string(ev.budget), std::string(ev.item)}});
  return seq;
}

Result<Ledger::Seq> Ledger::record_exercise_outcome(const ExerciseOutcomeEvent& ev) {
  ledger_detail::LedgerState& im = *impl_;
  if (ev.app.empty() || ev.category.empty()) return bad(im, "friction outcome without app or category");
  if (ev.answer != "left" && ev.answer != "continued" && ev.answer != "timed_out" && ev.answer != "open_at_finish")
    return bad(im, "friction outcome answer '" + std::string(ev.answer) +
                       "' is not left, continued, timed_out or open_at_finish");
  if (!ev.kind.empty() && ev.kind != "breathe" && ev.kind != "intention" && ev.kind != "wait" &&
      ev.kind != "alternative")
    return bad(im, "friction outcome kind '" + std::string(ev.kind) + "' is not an exercise kind");
  if (ev.exercise.empty() != ev.kind.empty()) return bad(im, "friction outcome with an exercise but no kind, or the reverse");
  if (!ev.picked.empty() && ev.kind != "intention" && ev.kind != "alternative")
    return bad(im, "friction outcome with a picked row, but its exercise is not an intention or alternative one");
  if (ev.answered_ms < ev.shown_ms || ev.decide_ms < 0)
    return bad(im, "friction outcome answered before it was shown, or with a negative time to decide");
  std::lock_guard lock(im.rec_mu);
  const int64_t app = im.apps.intern(ev.app);
  const int64_t category = im.categories.intern(ev.category);
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1,
              ExerciseOutcomeOp{ev.shown_ms, ev.answered_ms, app, category, std::string(ev.exercise),
                                std::string(ev.kind), std::string(ev.answer), ev.decide_ms, std::string(ev.picked)}});
  return seq;
}

Result<Ledger::Seq> Ledger::record_exercise_return(const ExerciseReturnEvent& ev) {
  ledger_detail::LedgerState& im = *impl_;
  if (ev.app.empty()) return bad(im, "friction return without app");
  std::lock_guard lock(im.rec_mu);
  const int64_t app = im.apps.intern(ev.app);
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1, ExerciseReturnOp{app, ev.shown_ms, ev.returned}});
  return seq;
}

Result<Ledger::Seq> Ledger::record_policy_change(const PolicyChange& ev) {
  ledger_detail::LedgerState& im = *impl_;
  if (ev.new_hash.empty()) return bad(im, "policy change without new_hash");
  PolicyOp op{ev.at_ms, std::string(ev.old_hash), std::string(ev.new_hash), std::string(ev.policy_text)};
  std::lock_guard lock(im.rec_mu);
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1, std::move(op)});
  return seq;
}

Result<Ledger::Seq> Ledger::record_policy_refusal(const PolicyRefusal& ev) {
  ledger_detail::LedgerState& im = *impl_;
  if (ev.source.empty() || ev.code.empty()) return bad(im, "policy refusal without source or code");
  AuditOp op{ev.at_ms, "policy_refused", ledger_detail::refusal_body(ev.source, ev.code, ev.active_hash)};
  std::lock_guard lock(im.rec_mu);
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1, std::move(op)});
  return seq;
}

Result<Ledger::Seq> Ledger::record_guardian_pin(const GuardianPinChange& ev) {
  ledger_detail::LedgerState& im = *impl_;
  if (ev.pin_id.empty()) return bad(im, "guardian PIN change without pin_id");
  AuditOp op{ev.at_ms, "guardian_pin", "pin=" + std::string(ev.pin_id)};
  std::lock_guard lock(im.rec_mu);
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1, std::move(op)});
  return seq;
}

Result<Ledger::Seq> Ledger::record_notification(const NotificationRecord& n) {
  ledger_detail::LedgerState& im = *impl_;
  if (n.id <= 0 || n.app.empty()) return bad(im, "notification without id or app");
  if (n.urgency < 0 || n.urgency > 2) return bad(im, "notification urgency outside 0..2");
  NotificationOp op{n.id, 0, std::string(n.app_name), std::string(n.summary), std::string(n.body),
                    std::string(n.actions), n.urgency, n.expire_timeout_ms, n.received_ms, false};
  std::lock_guard lock(im.rec_mu);
  if (n.id <= im.last_notification_id)
    return bad(im, "notification id " + std::to_string(n.id) + " is not after the last one (" +
                       std::to_string(im.last_notification_id) + ")");
  im.last_notification_id = n.id;
  op.app_id = im.apps.intern(n.app);
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1, std::move(op)});
  return seq;
}

Result<Ledger::Seq> Ledger::record_notification_replacement(const NotificationRecord& n) {
  ledger_detail::LedgerState& im = *impl_;
  if (n.urgency < 0 || n.urgency > 2) return bad(im, "notification urgency outside 0..2");
  NotificationOp op{n.id, 0, std::string(n.app_name), std::string(n.summary), std::string(n.body),
                    std::string(n.actions), n.urgency, n.expire_timeout_ms, n.received_ms, true};
  std::lock_guard lock(im.rec_mu);
  if (n.id <= 0 || n.id > im.last_notification_id)
    return bad(im, "replacement of notification " + std::to_string(n.id) + ", which was never recorded");
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1, std::move(op)});
  return seq;
}

Result<Ledger::Seq> Ledger::record_notification_event(const NotificationStep& ev) {
  ledger_detail::LedgerState& im = *impl_;
  if (ev.id <= 0 || ev.kind.empty()) return bad(im, "notification event without id or kind");
  if (ev.card < 0) return bad(im, "notification event with a negative card");
  NotificationEventOp op{ev.id, ev.at_ms, std::string(ev.kind), std::string(ev.detail), ev.card};
  std::lock_guard lock(im.rec_mu);
  const Seq seq = ++im.last_seq;
  push(im, Op{seq, 1, std::move(op)});
  return seq;
}

int64_t Ledger::last_notification_id() const noexcept {
  std::lock_guard lock(impl_->rec_mu);
  return impl_->last_notification_id;
}

// Takes the pending batch (recording goes on into an empty one), writes it
// without holding rec_mu, and on failure puts it back in front of what was
// recorded meanwhile.
Status Ledger::commit() {
  ledger_detail::LedgerState& im = *impl_;
  std::lock_guard db_lock(im.db_mu);
  uint64_t unreported = 0, lost = 0;
  int64_t events = 0;
  Seq batch_seq = 0;
  {
    std::lock_guard lock(im.rec_mu);
    unreported = std::exchange(im.lost_unreported, 0);
    lost = im.lost;
    batch_seq = im.last_seq;
    std::swap(im.pending, im.in_flight);
    events = std::exchange(im.pending_events, 0);
    std::swap(im.apps.unsaved, im.saving_apps);
    std::swap(im.categories.unsaved, im.saving_categories);
  }
  if (unreported > 0) {
    report(im, Error{im.last_failure, "ledger " + im.path + ": memory buffer full (" +
                                          std::to_string(im.max_pending) + " entries) while commits failed: dropped " +
                                          std::to_string(unreported) + " oldest events (" + std::to_string(lost) +
                                          " in total)"});
  }
  Status st;
  Learnt learnt;
  if (!im.in_flight.empty() || !im.saving_apps.empty() || !im.saving_categories.empty()) st = write_batch(im, learnt);
  std::lock_guard lock(im.rec_mu);
  if (st) {
    keep(im, learnt);
    for (const auto& [provisional, name] : im.saving_apps) {
      const int64_t id = im.app_ids[provisional];
      im.apps.saved(name, provisional, id);
      if (im.open.app_id == provisional) im.open.app_id = id;  // so the next heartbeat still merges
    }
    for (const auto& [provisional, name] : im.saving_categories) {
      const int64_t id = im.category_ids[provisional];
      im.categories.saved(name, provisional, id);
      if (im.open.category_id == provisional) im.open.category_id = id;
    }
    // Only the open interval can still be extended: the others' ids are done with.
    std::erase_if(im.interval_ids, [&](const auto& e) {
      if (e.first == im.open.id) return false;
      return std::none_of(im.pending.begin(), im.pending.end(), [&](const Op& op) {
        const auto* iv = std::get_if<IntervalOp>(&op.body);
        return iv && iv->id == e.first;
      });
    });
    im.in_flight.clear();
    im.saving_apps.clear();
    im.saving_categories.clear();
    im.durable_seq = std::max(im.durable_seq, batch_seq);
    return {};
  }
  im.last_failure = st.error().code;
  // Back in front, oldest first; a full buffer still drops the oldest.
  while (!im.in_flight.empty()) {
    im.pending.push_front(std::move(im.in_flight.back()));
    im.in_flight.pop_back();
  }
  im.pending_events += events;
  while (im.pending.size() > im.max_pending) {
    const Op& oldest = im.pending.front();
    im.lost += static_cast<uint64_t>(oldest.events);
    im.lost_unreported += static_cast<uint64_t>(oldest.events);
    im.pending_events -= oldest.events;
    im.pending.pop_front();
  }
  im.saving_apps.insert(im.saving_apps.end(), std::make_move_iterator(im.apps.unsaved.begin()),
                        std::make_move_iterator(im.apps.unsaved.end()));
  im.apps.unsaved = std::move(im.saving_apps);
  im.saving_apps.clear();
  im.saving_categories.insert(im.saving_categories.end(), std::make_move_iterator(im.categories.unsaved.begin()),
                              std::make_move_iterator(im.categories.unsaved.end()));
  im.categories.unsaved = std::move(im.saving_categories);
  im.saving_categories.clear();
  return Error{st.error().code, st.error().message + "; " + std::to_string(im.pending_events) +
                                    " events held in memory for the next commit, " + std::to_string(im.lost) +
                                    " dropped so far"};
}

Ledger::Seq Ledger::last_seq() const noexcept {
  std::lock_guard lock(impl_->rec_mu);
  return impl_->last_seq;
}
Ledger::Seq Ledger::durable_seq() const noexcept {
  std::lock_guard lock(impl_->rec_mu);
  return impl_->durable_seq;
}
int64_t Ledger::pending_events() const noexcept {
  std::lock_guard lock(impl_->rec_mu);
  return impl_->pending_events;
}
uint64_t Ledger::lost_events() const noexcept {
  std::lock_guard lock(impl_->rec_mu);
  return impl_->lost;
}
const std::string& Ledger::path() const noexcept { return impl_->path; }

}  // namespace tw
