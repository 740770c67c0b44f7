#include "core/engine/engine.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <map>
#include <utility>

#include "core/app_id.hpp"
#include "core/cost.hpp"
#include "core/policy/policy_canonical.hpp"
#include "core/scheduler/exercise_course.hpp"

namespace tw {
namespace {

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

Result<std::optional<AcceptedPolicy>> remember_accepted_policy(PolicyStore& store, const std::string& ledger_path) {
  if (ledger_path.empty()) return std::optional<AcceptedPolicy>();
  auto last = Ledger::read_last_accepted_policy(ledger_path);
  if (!last) return last.error();
  if (!last.value() || last.value()->text.empty()) return std::optional<AcceptedPolicy>();
  if (Status st = store.remember(last.value()->text, last.value()->hash, ledger_path); !st) return st.error();
  return last;
}

Result<Engine> Engine::create(const EngineDesc& desc) {
  if (desc.commit_every_s < 0)
    return Error{Errc::invalid_argument, "EngineDesc.commit_every_s: must be >= 0"};
  std::optional<Ledger> ledger;
  if (!desc.ledger_path.empty()) {
    auto opened = Ledger::open({.path = desc.ledger_path,
                                .pulse_s = desc.policy.attention.heartbeat_pulse_s,
                                .sync = desc.sync},
                               desc.timezone);
    if (!opened) return opened.error();
    ledger.emplace(std::move(opened).value());
  }
  Engine engine(desc, std::move(ledger));
  if (engine.committer_) {
    // An edited audit trail must not stop recording: said, and the policy in
    // force is recorded afresh.
    auto last = engine.book()->last_accepted_policy();
    if (!last) engine.ledger_error_ = last.error();
    else if (last.value()) {
      engine.recorded_hash_ = last.value()->hash;
      engine.recorded_text_ = !last.value()->text.empty();
    }
  }
  return engine;
}

Engine::Engine(const EngineDesc& desc, std::optional<Ledger> ledger) : scheduler_(desc.policy, desc.timezone) {
  if (ledger) committer_ = std::make_unique<Committer>(std::move(*ledger), desc.background_commit);
  if (desc.commit_every_s > 0) commit_every_ms_ = desc.commit_every_s * 1000;
  observer_ = desc.observer;
  restore_notifications_ = desc.restore_notifications && !desc.observer;
  if (committer_) last_notify_id_ = static_cast<uint32_t>(std::min<int64_t>(book()->last_notification_id(), kMaxNotifyId));
}

namespace {

std::string encode_actions(const std::vector<NotifyAction>& actions) {
  std::string out;
  for (const NotifyAction& a : actions) out += a.key + '\x1f' + a.label + '\x1e';
  return out;
}

std::vector<NotifyAction> decode_actions(std::string_view s) {
  std::vector<NotifyAction> out;
  size_t at = 0;
  while (at < s.size()) {
    const size_t rs = s.find('\x1e', at);
    const std::string_view one = s.substr(at, rs == std::string_view::npos ? s.size() - at : rs - at);
    const size_t us = one.find('\x1f');
    out.push_back({std::string(one.substr(0, us)), us == std::string_view::npos ? "" : std::string(one.substr(us + 1))});
    if (rs == std::string_view::npos) break;
    at = rs + 1;
  }
  return out;
}

std::string_view close_name(CloseReason r) {
  switch (r) {
    case CloseReason::expired: return "expired";
    case CloseReason::dismissed: return "dismissed";
    case CloseReason::closed_by_call: return "closed_by_call";
    case CloseReason::undefined: return "undefined";
  }
  return "undefined";
}

}  // namespace

void Engine::admit(uint32_t id, Notification n, Instant now, int64_t received_ms, bool restored) {
  const AppId app = scheduler_.apps().intern(n.app);
  const std::string_view category = scheduler_.categories().name(scheduler_.category_of(app));
  if (auto s = inbox_.admit(id, std::move(n), category, app, now, received_ms, scheduler_.policy().notifications,
                            scheduler_.holds_nudges(), restored))
    notify_signals_.push_back(*s);
}

// The inbox's new steps into the ledger and the host's queue.
void Engine::record_notify_events() {
  if (inbox_.events().empty()) return;
  for (InboxEvent& e : inbox_.take_events()) {
    if (committer_) {
      std::string_view detail;
      if (e.kind == InboxEventKind::held || e.kind == InboxEventKind::delivered) detail = to_string(e.reason);
      else if (e.kind == InboxEventKind::action) detail = e.action_key;
      else if (e.ends()) detail = e.reason == Reason::youth_night ? to_string(e.reason) : close_name(e.close);
      // A replacement is the content received again (the schema's kinds
      // stay v8's): 'received', detail 'replaced'.
      std::string_view kind = to_string(e.kind);
      if (e.kind == InboxEventKind::replaced) kind = "received", detail = "replaced";
      check(book()->record_notification_event(
          {.id = e.id, .at_ms = e.at_ms, .kind = kind, .detail = detail, .card = e.card}));
      must_commit_ = true;
    }
    notify_events_.push_back(std::move(e));
  }
}

Result<uint32_t> Engine::notify(Notification n, Instant at, uint32_t replaces_id) {
  const Instant now = clamp_instant(at);
  if (replaces_id != 0 && inbox_.find(replaces_id) && !inbox_.find(replaces_id)->closed) {
    if (committer_) {
      check(book()->record_notification_replacement({.id = replaces_id,
                                                      .app = n.app,
                                                      .app_name = n.app_name,
                                                      .summary = n.summary,
                                                      .body = n.body,
                                                      .urgency = static_cast<int32_t>(n.urgency),
                                                      .actions = encode_actions(n.actions),
                                                      .expire_timeout_ms = n.expire_timeout_ms,
                                                      .received_ms = now.unix_ms}));
    }
    inbox_.replace(replaces_id, std::move(n), now);
    record_notify_events();
    if (committer_) commit(now, true);  // durable before the sender learns it took
    return replaces_id;
  }
  if (last_notify_id_ >= kMaxNotifyId)
    return Error{Errc::too_large, "notification ids are used up (" + std::to_string(kMaxNotifyId) + ")"};
  const uint32_t id = ++last_notify_id_;
  if (committer_) {
    check(book()->record_notification({.id = id,
                                        .app = n.app,
                                        .app_name = n.app_name,
                                        .summary = n.summary,
                                        .body = n.body,
                                        .urgency = static_cast<int32_t>(n.urgency),
                                        .actions = encode_actions(n.actions),
                                        .expire_timeout_ms = n.expire_timeout_ms,
                                        .received_ms = now.unix_ms}));
  }
  admit(id, std::move(n), now, now.unix_ms, false);
  record_notify_events();
  if (committer_) commit(now, true);  // durable before the sender learns its id
  return id;
}

Status Engine::close_notification(uint32_t id, Instant at) {
  const Instant now = clamp_instant(at);
  const std::optional<uint32_t> withdraw = inbox_.close(id, now);
  if (!withdraw) return Error{Errc::not_found, "notification " + std::to_string(id) + " is not open"};
  if (*withdraw) scheduler_.withdraw_nudge(*withdraw);
  std::erase_if(notify_signals_, [&](const Signal& s) { return s.nudge_id == *withdraw; });
  record_notify_events();
  return {};
}

Status Engine::invoke_action(uint32_t id, std::string_view key, Instant at) {
  const Instant now = clamp_instant(at);
  const std::optional<uint32_t> withdraw = inbox_.invoke_action(id, key, now);
  if (!withdraw)
    return Error{Errc::not_found, "notification " + std::to_string(id) + " does not show an action \"" +
                                      std::string(key) + "\""};
  scheduler_.withdraw_nudge(*withdraw);
  record_notify_events();
  return {};
}

// Notifications a previous process left open: waiting ones are admitted
// again as received; one that showed is closed, its card is gone.
void Engine::restore_notifications(Instant now) {
  if (!committer_ || !restore_notifications_) return;
  auto open = book()->open_notifications();
  if (!open) {
    ledger_error_ = open.error();
    return;
  }
  for (OpenNotification& o : open.value()) {
    const auto id = static_cast<uint32_t>(o.id);
    if (o.shown) {
      check(book()->record_notification_event(
          {.id = o.id, .at_ms = now.unix_ms, .kind = "closed", .detail = "expired"}));
      notify_events_.push_back({.id = id, .kind = InboxEventKind::closed, .at_ms = now.unix_ms});
      must_commit_ = true;
      continue;
    }
    Notification n{.app = std::move(o.app),
                   .app_name = std::move(o.app_name),
                   .summary = std::move(o.summary),
                   .body = std::move(o.body),
                   .urgency = static_cast<Urgency>(std::clamp(o.urgency, 0, 2)),
                   .actions = decode_actions(o.actions),
                   .expire_timeout_ms = o.expire_timeout_ms};
    admit(id, std::move(n), now, o.received_ms, true);
  }
  record_notify_events();
}

// Before the scheduler: expiries; after it: what its decisions and cards
// mean for the inbox.
void Engine::run_notify_steps(Instant now) {
  for (const uint32_t nudge : inbox_.expire_due(now)) {
    scheduler_.withdraw_nudge(nudge);
    std::erase_if(notify_signals_, [&](const Signal& s) { return s.nudge_id == nudge; });
  }
}

int64_t Engine::week_first_day() const {
  const TimeZone& tz = scheduler_.calendar().zone();
  return tz.local_day_number(floor_div(scheduler_.calendar().week_start_ms(), 1000));
}

int64_t Engine::local_day(Instant t) const {
  return scheduler_.calendar().zone().local_day_number(floor_div(t.unix_ms, 1000));
}

template <class T>
void Engine::check(const Result<T>& r) {
  if (!r) ledger_error_ = r.error();
}

void Engine::set_policy(const Policy& policy, Instant now) {
  scheduler_.set_policy(policy);
  record_policy(now);
}

// The policy in force, unless the ledger's newest change already is it.
void Engine::record_policy(Instant now) {
  policy_recorded_ = true;
  if (!committer_ || observer_) return;
  const Policy& p = scheduler_.policy();
  std::string hash = policy_hash(p);
  if (hash == recorded_hash_ && recorded_text_) return;
  const std::string text = canonical_policy_text(p);
  check(book()->record_policy_change(
      {.at_ms = now.unix_ms, .old_hash = recorded_hash_, .new_hash = hash, .policy_text = text}));
  recorded_hash_ = std::move(hash);
  recorded_text_ = true;
  must_commit_ = true;
}

void Engine::record_policy_refusal(std::string_view source, Errc code, Instant now) {
  if (!committer_ || observer_ || (code != Errc::pin_required && code != Errc::pin_wrong && code != Errc::pin_backoff)) return;
  check(book()->record_policy_refusal(
      {.at_ms = now.unix_ms, .source = source, .code = to_string(code), .active_hash = policy_hash(policy())}));
  must_commit_ = true;
}

// Today's and this week's attended time per app, so budgets continue where
// the last session stopped (and include what other apps recorded).
void Engine::seed(Instant now) {
  seeded_ = true;
  if (!committer_) return;
  const TimeZone& tz = scheduler_.calendar().zone();
  const int64_t now_s = floor_div(now.unix_ms, 1000);
  const int64_t today = tz.local_day_number(now_s);
  const int64_t monday = tz.local_day_number(tz.local_week_start(now_s));
  if (Status st = Committer::read_elsewhere(*book(), today, monday, round_.elsewhere); !st) {
    ledger_error_ = std::move(st);
    return;
  }
  elsewhere_day_ = today;
  elsewhere_week_ = monday;
  for (const UsageElsewhere& u : round_.elsewhere) {
    const AppId app = scheduler_.apps().intern(u.app);
    scheduler_.seed_usage(app, u.day_ms / 1000, u.week_ms / 1000);
    if (app >= elsewhere_.size()) elsewhere_.resize(app + 1);
    elsewhere_[app] = {u.day_ms, u.week_ms};
  }
  round_.elsewhere.clear();
  seed_extensions(now);
  seed_exercises(now);
}

// Every exercise's answers and showings so far: the picker learns on from
// them, and its floor share and "not twice in a row" span every process.
// Lefts whose return watch ended with an earlier process are decided from
// the ledger; those whose 10 minutes still run are watched on here.
void Engine::seed_exercises(Instant now) {
  auto tallies = book()->exercise_tallies();
  if (!tallies) {
    ledger_error_ = tallies.error();
    return;
  }
  for (const ExerciseTally& t : tallies.value()) {
    scheduler_.seed_exercise_outcomes(t.exercise, t.left, t.answered);
    scheduler_.seed_exercise_picks(t.exercise, t.shown, t.last);
  }
  auto open = book()->resolve_returns(now.unix_ms, kReturnWindowMs);
  if (!open) {
    ledger_error_ = open.error();
    return;
  }
  for (const OpenReturn& r : open.value())
    scheduler_.resume_return_watch(scheduler_.apps().intern(r.app), r.shown_ms, r.left_ms);
}

// What other writers committed since the last round: added to the
// scheduler's counters once, for the day and week the round read.
void Engine::add_elsewhere(const CommitRound& round) {
  if (!round.read || round.day != scheduler_.calendar().day_number()) return;  // midnight passed meanwhile
  if (round.week_first != elsewhere_week_) {
    std::fill(elsewhere_.begin(), elsewhere_.end(), Elsewhere{});
    elsewhere_week_ = round.week_first;
  } else if (round.day != elsewhere_day_) {
    for (Elsewhere& e : elsewhere_) e.day_ms = 0;
  }
  elsewhere_day_ = round.day;
  for (const UsageElsewhere& u : round.elsewhere) {
    const AppId app = scheduler_.apps().intern(u.app);
    if (app >= elsewhere_.size()) elsewhere_.resize(app + 1);
    Elsewhere& e = elsewhere_[app];
    const int64_t day_ms = std::max<int64_t>(0, u.day_ms - e.day_ms);
    const int64_t week_ms = std::max<int64_t>(0, u.week_ms - e.week_ms);
    if (day_ms == 0 && week_ms == 0) continue;
    scheduler_.add_usage_elsewhere(app, day_ms * 1'000'000, week_ms * 1'000'000);
    e.day_ms = std::max(e.day_ms, u.day_ms);
    e.week_ms = std::max(e.week_ms, u.week_ms);
  }
}

// "Continue anyway" grants already used in each budget's current period
// (this local day, or this local week from Monday), so a restart does not
// hand the wearer fresh ones.
void Engine::seed_extensions(Instant now) {
  const TimeZone& tz = scheduler_.calendar().zone();
  const int64_t now_s = floor_div(now.unix_ms, 1000);
  auto today = book()->bypasses_per_budget(tz.local_day_start(now_s) * 1000, now.unix_ms + 1);
  auto week = book()->bypasses_per_budget(tz.local_week_start(now_s) * 1000, now.unix_ms + 1);
  if (!today || !week) {
    ledger_error_ = !today ? today.error() : week.error();
    return;
  }
  const std::vector<Budget>& budgets = scheduler_.policy().budgets;
  for (size_t i = 0; i < budgets.size(); ++i) {
    const auto& rows = budgets[i].period == BudgetPeriod::daily ? today.value() : week.value();
    for (const BudgetBypasses& r : rows)
      if (r.budget == budgets[i].id)
        scheduler_.seed_extensions(static_cast<int32_t>(i), static_cast<int32_t>(std::min<int64_t>(r.count, INT32_MAX)));
  }
}

void Engine::on_attended(AppId app, CategoryId category, Instant from, Instant to) {
  if (!committer_ || observer_) return;
  check(book()->record_heartbeat({.app = scheduler_.apps().name(app),
                                   .category = scheduler_.categories().name(category),
                                   .start_ms = from.unix_ms,
                                   .duration_ms = std::max<int64_t>(0, to.unix_ms - from.unix_ms),
                                   .exact = true}));
}

void Engine::on_day_end(int64_t, int64_t) { must_commit_ = true; }

void Engine::close_idle(int64_t end_ms) {
  if (!idle_open_) return;
  idle_open_ = false;
  if (!committer_ || observer_) return;
  const Policy& p = scheduler_.policy();
  std::string_view item;
  if (idle_item_ >= 0 && idle_item_ < static_cast<int32_t>(p.idle.items.size()))
    item = p.idle.items[idle_item_].id;
  check(book()->record_idle({.start_ms = idle_start_ms_,
                              .duration_ms = std::max<int64_t>(0, end_ms - idle_start_ms_),
                              .mode = idle_mode_,
                              .item_id = item,
                              .reason = to_string(idle_reason_)}));
  must_commit_ = true;
}

void Engine::record(const TickOutput& out, Instant now) {
  const Policy& p = scheduler_.policy();
  for (const Decision& d : out.decisions) {
    const std::string_view app = scheduler_.apps().name(d.app);
    const std::string_view cat = scheduler_.categories().name(d.category);
    if (d.kind == DecisionKind::fill || d.kind == DecisionKind::protect) {
      // A fill that turns into protect (a window began) closes the fill part.
      close_idle(d.unix_ms);
      idle_open_ = true;
      idle_start_ms_ = d.unix_ms;
      idle_mode_ = d.kind == DecisionKind::fill ? IdleMode::fill : IdleMode::protect;
      idle_item_ = d.fill_item;
      idle_reason_ = d.reason;
      continue;
    }
    if (!committer_ || observer_) continue;
    if (d.kind == DecisionKind::answer) {
      record_answer(d, app, cat);
      continue;
    }
    if (d.overlay == OverlayKind::friction_prompt) {
      FrictionEvent ev{.at_ms = d.unix_ms, .app = app, .category = cat};
      if (d.budget >= 0 && d.budget < static_cast<int32_t>(p.budgets.size())) ev.budget = p.budgets[d.budget].id;
      if (d.kind == DecisionKind::show && d.reason != Reason::motion_settled) {
        ev.outcome = FrictionOutcome::shown;
      } else if (d.kind == DecisionKind::hide && d.reason == Reason::prompt_left) {
        ev.outcome = FrictionOutcome::left;
      } else if (d.kind == DecisionKind::extend) {
        ev.outcome = FrictionOutcome::continued;
        if (d.budget >= 0 && d.budget < static_cast<int32_t>(p.budgets.size()))
          ev.extension_s = p.budgets[d.budget].extension_s;
      } else {
        continue;
      }
      if (ev.app.empty()) continue;
      check(book()->record_friction(ev));
      must_commit_ = true;
    } else if (d.overlay == OverlayKind::block_shield && d.kind == DecisionKind::show &&
               d.reason != Reason::motion_settled && !app.empty()) {
      check(book()->record_block(
          {.at_ms = d.unix_ms, .app = app, .category = cat, .reason = to_string(d.reason)}));
      must_commit_ = true;
    }
  }
  if (committer_ && !observer_) record_exercises(out);
  if (idle_open_ && !scheduler_.attention().idle())
    close_idle(std::min(now.unix_ms, std::max(idle_start_ms_, scheduler_.idle_ended_at().unix_ms)));
}

void Engine::record_outcome(const ExerciseOutcome& o) {
  const std::string_view app = scheduler_.apps().name(o.app);
  if (app.empty()) return;
  check(book()->record_exercise_outcome({.shown_ms = o.shown_ms,
                                          .answered_ms = o.answered_ms,
                                          .app = app,
                                          .category = scheduler_.categories().name(o.category),
                                          .exercise = o.exercise_id,
                                          .kind = o.exercise_id.empty() ? std::string_view{} : to_string(o.kind),
                                          .answer = to_string(o.answer),
                                          .decide_ms = o.decide_ms,
                                          .picked = o.picked}));
  must_commit_ = true;
}

void Engine::record_exercises(const TickOutput& out) {
  for (const ExerciseOutcome& o : out.outcomes) record_outcome(o);
  for (const ExerciseReturn& r : out.returns) {
    const std::string_view app = scheduler_.apps().name(r.app);
    if (app.empty()) continue;
    check(book()->record_exercise_return({.app = app, .shown_ms = r.shown_ms, .returned = r.returned}));
    must_commit_ = true;
  }
}

void Engine::record_answer(const Decision& d, std::string_view app, std::string_view cat) {
  const Policy& p = scheduler_.policy();
  AnswerEvent ev{.at_ms = d.unix_ms,
                 .app = app,
                 .category = app.empty() ? std::string_view{} : cat,
                 .card = to_string(d.overlay),
                 .answer = to_string(d.answer),
                 .outcome = to_string(d.reason)};
  if (d.budget >= 0 && d.budget < static_cast<int32_t>(p.budgets.size())) ev.budget = p.budgets[d.budget].id;
  std::array<char, 16> id{};  // a nudge's id in decimal
  if (d.answer == Answer::nudge_dismiss) {
    const auto r = std::to_chars(id.data(), id.data() + id.size(), d.nudge_id);
    ev.item = {id.data(), static_cast<size_t>(r.ptr - id.data())};
  } else if (d.answer == Answer::exercise_pick) {
    ev.item = exercise_row_id(p, d.exercise, d.row);  // an intention, or a fill item's id
  } else if (d.fill_item >= 0 && d.fill_item < static_cast<int32_t>(p.idle.items.size())) {
    ev.item = p.idle.items[d.fill_item].id;
  }
  check(book()->record_answer(ev));
  must_commit_ = true;
}

// Inline: the round runs here and is taken at once. In the background it is
// only asked for (or, with `wait`, waited for); the tick takes it when done.
void Engine::commit(Instant now, bool wait) {
  const int64_t day = scheduler_.calendar().day_number();
  if (wait) committer_->flush(day, week_first_day());
  else committer_->request(day, week_first_day());
  must_commit_ = false;
  last_commit_ms_ = now.unix_ms;
  if (wait) {
    if (committer_->take(round_, true)) take_round_done();
  } else {
    take_round();
  }
}

void Engine::wait_for_commits() {
  if (!committer_) return;
  committer_->wait();
  if (committer_->take(round_, true)) take_round_done();
}

void Engine::take_round() {
  if (committer_ && committer_->take(round_)) take_round_done();
}

// A failed round keeps its events in the ledger's memory; the next tick asks again.
void Engine::take_round_done() {
  if (round_.status) {
    if (!ledger_error_) ledger_error_ = Status{};
  } else {
    ledger_error_ = std::move(round_.status);
    must_commit_ = true;
  }
  add_elsewhere(round_);
}

void Engine::start(Instant at) {
  if (!seeded_) seed(clamp_instant(at));
}

const TickOutput& Engine::tick(Instant at, std::span<const Signal> signals) {
  // Out-of-range instants are clamped; one before the last is the last (clock.hpp).
  Instant now = clamp_instant(at);
  if (started_ && now.mono_ns < scheduler_.attention().now().mono_ns) now = scheduler_.attention().now();
  if (!started_) {
    started_ = true;
    if (!seeded_) seed(now);
    restore_notifications(now);
    if (!policy_recorded_) record_policy(now);
    last_commit_ms_ = now.unix_ms;
  }
  take_round();  // what the committer thread finished since the last tick
  run_notify_steps(now);
  if (!notify_signals_.empty()) {
    merged_.assign(signals.begin(), signals.end());
    merged_.insert(merged_.end(), notify_signals_.begin(), notify_signals_.end());
    notify_signals_.clear();
    std::stable_sort(merged_.begin(), merged_.end(),
                     [](const Signal& a, const Signal& b) { return a.at.mono_ns < b.at.mono_ns; });
    signals = merged_;
  }
  const TickOutput& out = scheduler_.tick(now, signals, this);
  for (const Decision& d : out.decisions) inbox_.on_decision(d);
  inbox_.on_cards(scheduler_.cards(), now);
  record_notify_events();
  record(out, now);
  if (committer_ && (must_commit_ || now.unix_ms - last_commit_ms_ >= commit_every_ms_)) commit(now, false);
  return with_actions(out);
}

// A notification's card offers its first actions as buttons: the count
// goes on its overlay (the scheduler knows nothing of the content). The
// copy reuses annotated_'s capacity: no allocation in a steady tick.
const TickOutput& Engine::with_actions(const TickOutput& out) {
  const auto notification_card = [](const Overlay& o) {
    return o.kind == OverlayKind::nudge && is_notify_nudge(o.nudge_id);
  };
  if (std::none_of(out.overlays.begin(), out.overlays.end(), notification_card)) return out;
  annotated_.overlays.assign(out.overlays.begin(), out.overlays.end());
  annotated_.decisions.assign(out.decisions.begin(), out.decisions.end());
  for (Overlay& o : annotated_.overlays) {
    if (!notification_card(o)) continue;
    const InboxEntry* e = inbox_.find(notify_id_of(o.nudge_id));
    o.actions = e ? static_cast<uint8_t>(std::min<size_t>(e->content.actions.size(), kMaxCardActions)) : 0;
  }
  return annotated_;
}

Status Engine::finish(Instant at) {
  const Instant now = clamp_instant(at);
  if (!policy_recorded_) record_policy(now);
  close_idle(now.unix_ms);
  // A friction prompt still up is recorded as open at finish (its return
  // watches stay undecided: the next start decides them from the ledger).
  finish_outcomes_.clear();
  scheduler_.finish(now, finish_outcomes_);
  if (committer_ && !observer_)
    for (const ExerciseOutcome& o : finish_outcomes_) record_outcome(o);
  if (committer_) commit(now, true);
  return ledger_error_;
}

Result<DayReport> Engine::day_report(int64_t day) const {
  if (!committer_) return Error{Errc::invalid_argument, "Engine::day_report: no ledger (EngineDesc.ledger_path is empty)"};
  const double hourly = scheduler_.policy().time_value.hourly_value;
  DayReport r;
  r.day = day;
  auto apps = book()->day_per_app(day);
  if (!apps) return apps.error();
  for (const UsageTotal& u : apps.value()) {
    r.per_app.push_back({u.name, u.attended_ms, attended_cost_ms(u.attended_ms, hourly)});
    r.attended_ms += u.attended_ms;
  }
  auto cats = book()->day_per_category(day);
  if (!cats) return cats.error();
  for (const UsageTotal& u : cats.value())
    r.per_category.push_back({u.name, u.attended_ms, attended_cost_ms(u.attended_ms, hourly)});
  r.cost = attended_cost_ms(r.attended_ms, hourly);
  auto s = book()->day_summary(day);
  if (!s) return s.error();
  r.protected_ms = s.value().protected_ms;
  r.filled_ms = s.value().filled_ms;
  r.friction_shown = s.value().friction_shown;
  r.friction_left = s.value().friction_left;
  r.bypasses = s.value().bypasses;
  r.bypass_extension_s = s.value().bypass_extension_s;
  r.blocks = s.value().blocks;
  return r;
}

}  // namespace tw
