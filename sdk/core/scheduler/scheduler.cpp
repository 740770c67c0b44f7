#include "core/scheduler/scheduler.hpp"

#include <algorithm>

#include "core/civil_days.hpp"
#include "core/scheduler/exercise_course.hpp"

namespace tw {
namespace {

constexpr int64_t kNsPerS = 1'000'000'000;
constexpr size_t kOverlayCapacity = 32;
constexpr size_t kDecisionCapacity = 64;

constexpr uint32_t bit(OverlayKind k) { return 1u << static_cast<unsigned>(k); }

// Only these stay on screen while the wearer walks or turns fast.
bool peripheral(OverlayKind k) {
  return k == OverlayKind::budget_ring || k == OverlayKind::protect_indicator;
}

// Two overlays are "the same" one across ticks when they show the same thing;
// the ring keeps its identity while its reason changes (tracking -> reached).
bool same_overlay(const Overlay& a, const Overlay& b) {
  return a.kind == b.kind && a.app == b.app && a.budget == b.budget && a.window == b.window &&
         a.nudge_id == b.nudge_id && a.fill_item == b.fill_item && a.exercise == b.exercise &&
         (a.kind == OverlayKind::budget_ring || a.reason == b.reason);
}

// What a wearer would see change: minutes on the ring and wind-down, seconds
// on a friction countdown, the bypass and the reason.
bool same_display(const Overlay& a, const Overlay& b) {
  const bool countdown_in_s = a.kind == OverlayKind::friction_prompt;
  const int64_t ca = countdown_in_s ? a.countdown_s : (a.countdown_s + 59) / 60;
  const int64_t cb = countdown_in_s ? b.countdown_s : (b.countdown_s + 59) / 60;
  return a.remaining_s / 60 == b.remaining_s / 60 && a.limit_s == b.limit_s && ca == cb &&
         a.bypass_available == b.bypass_available && a.reason == b.reason && a.picked == b.picked &&
         a.used_s / 60 == b.used_s / 60;
}

}  // namespace

struct Scheduler::AttentionSink final : AttentionListener {
  explicit AttentionSink(Scheduler& s) : self(s) {}
  void on_attended(AppId app, Instant from, Instant to) override { self.accrue(app, from, to); }
  void on_attention_event(const AttentionEvent& e) override { self.on_event(e); }
  Scheduler& self;
};

Scheduler::Scheduler(const Policy& policy, TimeZone tz) : calendar_(std::move(tz)) {
  out_.overlays.reserve(kOverlayCapacity);
  out_.decisions.reserve(kDecisionCapacity);
  previous_.reserve(kOverlayCapacity);
  usage_.reserve(64, 16);
  other_ = categories_.intern("other");
  set_policy(policy);
}

// ---------------------------------------------------------------- policy ---

void Scheduler::set_policy(const Policy& policy) {
  // Per-budget state moves by id, so a reload neither re-warns nor refunds
  // "continue anyway"; what refers to a budget that is gone goes with it.
  std::vector<Budget> old_budgets = std::move(policy_.budgets);
  auto remap = [&](int32_t b) -> int32_t {
    if (b < 0 || b >= static_cast<int32_t>(old_budgets.size())) return -1;
    for (size_t i = 0; i < policy.budgets.size(); ++i)
      if (policy.budgets[i].id == old_budgets[b].id) return static_cast<int32_t>(i);
    return -1;
  };
  ladder_.remap_prompt(remap);
  deferral_.remap_budgets(remap);

  policy_ = policy;
  attention_.set_config(AttentionState::config_from(policy_));

  // Interning order is part of the output (ids): apps, budgets, windows.
  app_category_.assign(apps_.size(), other_);
  for (const AppCategory& ac : policy_.apps) {
    const AppId a = apps_.intern(ac.app);
    const CategoryId c = categories_.intern(ac.category);
    if (a >= app_category_.size()) app_category_.resize(a + 1, other_);
    app_category_[a] = c;
  }
  usage_.rebuild_categories(app_category_, other_);
  ladder_.set_policy(old_budgets, policy_, apps_, categories_);
  windows_.set_policy(policy_, apps_, categories_);
  // New budgets start "already warned" for fractions crossed before the swap.
  if (started_) ladder_.mark_crossed_silently(policy_, usage_);
  picked_fill_ = -1;
  for (size_t i = 0; i < policy_.idle.items.size() && !picked_fill_id_.empty(); ++i)
    if (policy_.idle.items[i].id == picked_fill_id_) picked_fill_ = static_cast<int32_t>(i);
  if (picked_fill_ < 0) picked_fill_id_.clear();
}

void Scheduler::seed_usage(AppId app, int64_t day_s, int64_t week_s) {
  usage_.seed(app, category_of(app), day_s * kNsPerS, week_s * kNsPerS);
}

void Scheduler::add_usage_elsewhere(AppId app, int64_t day_ns, int64_t week_ns) {
  usage_.seed(app, category_of(app), day_ns, week_ns);
}

void Scheduler::seed_extensions(int32_t budget, int32_t used) { ladder_.seed_extensions(budget, used); }

void Scheduler::seed_exercise_outcomes(std::string_view id, int64_t left, int64_t answered) {
  ladder_.picker().seed_outcomes(id, left, answered);
}

void Scheduler::seed_exercise_picks(std::string_view id, int64_t picks, bool last) {
  ladder_.picker().seed_picks(id, picks, last);
}

void Scheduler::resume_return_watch(AppId app, int64_t shown_ms, int64_t left_ms) {
  outcomes_.resume_watch(app, shown_ms, left_ms);
}

void Scheduler::finish(Instant at, std::vector<ExerciseOutcome>& out) {
  outcomes_.finish(clamp_instant(at).unix_ms, out);
}

// ---------------------------------------------------------------- queries ---

CategoryId Scheduler::category_of(AppId app) const {
  if (app == kNoId) return kNoId;
  return app < app_category_.size() ? app_category_[app] : other_;
}

int32_t Scheduler::extensions_used(int32_t budget) const { return ladder_.extensions_used(budget); }

// Attended time still to go before the next threshold of a budget counting
// `app` (a warning fraction, a limit, or a whole minute of used or remaining
// time, which the ring shows) or the youth cap; 0 when none is ahead.
// Accrual stops there. `display_only`: the nearest one only changes a
// displayed minute (no rule fires there). Displayed minutes less than
// `skip_display_ns` of attended time ahead are coalesced.
int64_t Scheduler::ns_to_next_threshold(AppId app, bool& display_only, int64_t skip_display_ns) const {
  NearestThreshold nearest;
  nearest.skip_display_ns = skip_display_ns;
  ladder_.thresholds(policy_, app, category_of(app), usage_, nearest);
  if (policy_.youth.enabled) nearest.consider(policy_.youth.daily_cap_s * kNsPerS, usage_.day_total_ns());
  display_only = nearest.display_only;
  return nearest.ns;
}

bool Scheduler::holds_nudges() const {
  return windows_.any_active() || attention_.context() == Context::in_conversation;
}

// The strongest restriction on the focused app: blocks before friction.
Gate Scheduler::gate_for(AppId app) const {
  if (app == kNoId) return {};
  const CategoryId cat = category_of(app);
  if (const Reason r = windows_.youth_block(policy_, app, usage_.day_total_ns()); r != Reason::none)
    return {OverlayKind::block_shield, r, -1, -1};
  if (const WindowHit w = windows_.blocking(policy_, cat); w.window >= 0)
    return {OverlayKind::block_shield, w.reason, -1, w.window};
  if (windows_.reclaim_active(last_step_) && windows_.reclaimed(cat))
    return {OverlayKind::block_shield, Reason::reclaimed_time, -1, -1};
  if (const int32_t b = ladder_.at_limit(policy_, LimitAction::block, app, cat, usage_); b >= 0)
    return {OverlayKind::block_shield, Reason::budget_reached, b, -1};
  if (!ladder_.window_bypass())
    if (const WindowHit w = windows_.adding_friction(policy_, cat); w.window >= 0)
      return {OverlayKind::friction_prompt, w.reason, -1, w.window};
  if (const int32_t b = ladder_.at_limit(policy_, LimitAction::friction, app, cat, usage_); b >= 0)
    return {OverlayKind::friction_prompt, Reason::budget_reached, b, -1};
  return {};
}

void Scheduler::decide(Instant t, DecisionKind kind, OverlayKind overlay, Reason reason,
                       AppId app, int32_t budget) {
  Decision d;
  d.unix_ms = t.unix_ms;
  d.kind = kind;
  d.overlay = overlay;
  d.reason = reason;
  d.app = app;
  d.category = category_of(app);
  d.budget = budget;
  if (budget >= 0) d.remaining_s = ladder_.remaining_s(policy_, budget, usage_);
  out_.decisions.push_back(d);
}

// ------------------------------------------------------------------- time ---

void Scheduler::start(Instant t) {
  started_ = true;
  last_step_ = t;
  calendar_.reset(t.unix_ms);
  ladder_.mark_crossed_silently(policy_, usage_);
}

void Scheduler::accrue(AppId app, Instant from, Instant to) {
  // Pieces end at local midnight (each day's counters get exactly their part)
  // and at budget thresholds (rules run at the instant one is crossed). The
  // observer hears of pieces split only for a displayed minute as one.
  Instant reported = from;
  for (;;) {
    roll_to(from);
    Instant end = to;
    bool at_threshold = false;
    bool display_only = false;
    const int64_t boundary_ms = calendar_.next_day_start_ms();
    if (to.unix_ms > boundary_ms) end = plus_ns(from, sat_mul(boundary_ms - from.unix_ms, 1'000'000));
    if (end.mono_ns > to.mono_ns) end = to;  // wall time ran ahead of mono time
    // Past the stop bound, the rest of the gap is one step (no thresholds).
    const bool may_stop = stops_ < kMaxStopsPerTick;
    const int64_t threshold =
        may_stop ? ns_to_next_threshold(app, display_only, display_from_ns_ - from.mono_ns) : 0;
    if (threshold > 0 && sat_add(from.mono_ns, threshold) < end.mono_ns) {
      end = plus_ns(from, threshold);
      at_threshold = true;
    }
    if (end.mono_ns > from.mono_ns) usage_.add(app, category_of(app), end.mono_ns - from.mono_ns);
    const bool report = !at_threshold || !display_only || end.mono_ns >= to.mono_ns;
    if (report && end.mono_ns > reported.mono_ns) {
      if (observer_) observer_->on_attended(app, category_of(app), reported, end);
      reported = end;
    }
    if (end.mono_ns >= to.mono_ns) break;
    from = end;
    if (at_threshold) {
      ++stops_;
      settle(from);
    }
  }
}

void Scheduler::roll_to(Instant t) {
  if (t.unix_ms < calendar_.next_day_start_ms()) return;
  const int64_t day_ns = usage_.day_total_ns();
  if (observer_) observer_->on_day_end(calendar_.day_number(), day_ns);
  summary_.day_ended(day_ns, policy_.time_value.hourly_value);
  const int64_t old_week = calendar_.week_start_ms();
  calendar_.reset(t.unix_ms);
  const bool new_week = calendar_.week_start_ms() != old_week;
  usage_.reset_day();
  if (new_week) usage_.reset_week();
  ladder_.new_period(policy_, new_week);
}

// Countdowns and card lifetimes run only while visible (not held by motion).
void Scheduler::pass_time(Instant t) {
  const int64_t dt = t.mono_ns - last_step_.mono_ns;
  if (dt > 0) {
    if (!moving_) {
      ladder_.pass_visible_time(dt);
      deferral_.pass_visible_time(dt);
    }
    last_step_ = t;
  }
}

void Scheduler::step(Instant t) {
  pass_time(t);
  roll_to(t);
  calendar_.move_to(t.unix_ms);
  windows_.update(policy_, calendar_.weekday(), calendar_.minute_of_day());
  evaluate_budgets(t);
  ladder_.update_prompt(gate_for(attention_.focused()), attention_.focused());
  follow_prompt(t);
  if (idle_.filling()) {
    const Reason r =
        idle_.protect_running_fill(windows_.any_active(), attention_.context() == Context::in_conversation);
    if (r != Reason::none) decide(t, DecisionKind::protect, OverlayKind::protect_indicator, r);
  }
  deliver_due(t);
}

// ------------------------------------------------------------------ rules ---

void Scheduler::evaluate_budgets(Instant t) {
  for (int32_t b = 0; b < static_cast<int32_t>(policy_.budgets.size()); ++b) {
    const BudgetClimb c = ladder_.climb(policy_, b, usage_);
    if (c.warn_fraction >= 0 && !windows_.youth_night()) {
      hold({.since = t, .nudge_id = 0, .budget = b, .app = kNoId}, t);
      decide(t, DecisionKind::defer, OverlayKind::warning, Reason::budget_warn_fraction, kNoId, b);
    }
    if (c.notify && !windows_.youth_night())
      deferral_.show(OverlayKind::warning, Reason::budget_reached, 0, b, kNoId);
  }
}

void Scheduler::start_idle(Instant t) {
  const IdleStart s = idle_.start(policy_.idle, {.context = attention_.context(),
                                                 .weekday = calendar_.weekday(),
                                                 .minute = calendar_.minute_of_day(),
                                                 .window_active = windows_.any_active(),
                                                 .moving = moving_,
                                                 .motion_reason = motion_reason_});
  if (s.fill) {
    decide(t, DecisionKind::fill, OverlayKind::fill_card, s.reason);
    out_.decisions.back().fill_item = s.fill_item;
    release_at_breakpoint(t, Reason::breakpoint_idle_start);
  } else {
    decide(t, DecisionKind::protect, OverlayKind::protect_indicator, s.reason);
  }
}

// Holds a nudge or warning; a full queue delivers its oldest at once.
void Scheduler::hold(const HeldNudge& n, Instant t) {
  if (const std::optional<HeldNudge> oldest = deferral_.hold(n)) deliver(*oldest, t, Reason::deferral_bound);
}

void Scheduler::deliver(const HeldNudge& n, Instant t, Reason reason) {
  const OverlayKind kind = n.budget >= 0 ? OverlayKind::warning : OverlayKind::nudge;
  if (windows_.youth_night() && !(n.budget < 0 && windows_.youth_allowed(n.app))) {
    decide(t, DecisionKind::deny, kind, Reason::youth_night, n.app, n.budget);
    out_.decisions.back().nudge_id = n.nudge_id;
    return;
  }
  decide(t, DecisionKind::deliver, kind, reason, n.app, n.budget);
  out_.decisions.back().nudge_id = n.nudge_id;
  deferral_.show(kind, n.budget >= 0 ? Reason::budget_warn_fraction : reason, n.nudge_id, n.budget, n.app);
}

void Scheduler::deliver_due(Instant t) {
  if (deferral_.held().empty() || holds_nudges()) return;
  const size_t n = deferral_.overdue(t, policy_.deferral.max_defer_s);
  for (size_t i = 0; i < n; ++i) deliver(deferral_.held()[i], t, Reason::deferral_bound);
  deferral_.drop_held(n);
}

void Scheduler::release_at_breakpoint(Instant t, Reason reason) {
  if (deferral_.held().empty() || holds_nudges()) return;
  if (attention_.idle() && idle_.protecting()) return;
  for (const HeldNudge& n : deferral_.held()) deliver(n, t, reason);
  deferral_.drop_held(deferral_.held().size());
}

void Scheduler::nudge(const Signal& s, Instant t) {
  const HeldNudge n{.since = plus_ns(t, -std::clamp<int64_t>(s.waited_ns, 0, kMaxMonoNs)), .nudge_id = s.nudge_id, .budget = -1, .app = s.app};
  if (s.urgent || windows_.youth_night()) {
    deliver(n, t, Reason::urgent);
    return;
  }
  hold(n, t);
  Reason why = windows_.first_active(policy_).reason;
  if (why == Reason::none) why = Reason::awaiting_breakpoint;
  if (why == Reason::awaiting_breakpoint && attention_.context() == Context::in_conversation)
    why = Reason::in_conversation;
  if (why == Reason::awaiting_breakpoint && attention_.idle() && idle_.protecting()) why = idle_.reason();
  decide(t, DecisionKind::defer, OverlayKind::nudge, why, s.app);
  out_.decisions.back().nudge_id = s.nudge_id;
}

void Scheduler::answered(Instant t, Answer answer, OverlayKind card, Reason outcome, AppId app, int32_t budget) {
  decide(t, DecisionKind::answer, card, outcome, app, budget);
  out_.decisions.back().answer = answer;
}

void Scheduler::follow_prompt(Instant t) {
  outcomes_.pass_time(t.unix_ms, out_.returns);
  const FrictionPrompt& p = ladder_.prompt();
  outcomes_.follow(p, policy_, p.app == kNoId ? kNoId : category_of(p.app), t.unix_ms, out_.outcomes);
}

// The answer ends the prompt's outcome and teaches the picker.
void Scheduler::prompt_answered(ExerciseAnswer answer, Instant t) {
  if (outcomes_.answer(answer, t.unix_ms, ladder_.prompt(), out_.outcomes) && !out_.outcomes.back().exercise_id.empty())
    ladder_.picker().record(out_.outcomes.back().exercise_id, answer == ExerciseAnswer::left);
}

void Scheduler::continue_anyway(Instant t) {
  const AppId app = attention_.focused();
  if (!ladder_.prompt().active) {
    const Gate g = gate_for(app);
    if (g.kind == OverlayKind::block_shield)
      decide(t, DecisionKind::deny, OverlayKind::block_shield, g.reason, app, g.budget);
    answered(t, Answer::continue_anyway, OverlayKind::friction_prompt, Reason::not_offered, app);
    return;
  }
  const int32_t b = ladder_.prompt().budget;
  switch (ladder_.continue_anyway(policy_)) {
    case BypassAnswer::pause_not_over:
      decide(t, DecisionKind::deny, OverlayKind::friction_prompt, Reason::pause_not_over, app, b);
      answered(t, Answer::continue_anyway, OverlayKind::friction_prompt, Reason::pause_not_over, app, b);
      return;
    case BypassAnswer::exhausted:
      decide(t, DecisionKind::deny, OverlayKind::friction_prompt, Reason::bypass_exhausted, app, b);
      answered(t, Answer::continue_anyway, OverlayKind::friction_prompt, Reason::bypass_exhausted, app, b);
      return;
    case BypassAnswer::granted: break;
  }
  prompt_answered(ExerciseAnswer::continued, t);
  if (picked_fill_ >= 0) hide_reason_[static_cast<size_t>(OverlayKind::fill_card)] = Reason::bypass_granted;
  picked_fill_ = -1;  // going on with the app: not the alternative
  picked_fill_id_.clear();
  decide(t, DecisionKind::extend, OverlayKind::friction_prompt, Reason::bypass_granted, app, b);
  out_.decisions.back().window = ladder_.prompt().window;
  out_.decisions.back().exercise = ladder_.prompt().exercise;
  answered(t, Answer::continue_anyway, OverlayKind::friction_prompt, Reason::bypass_granted, app, b);
  hide_reason_[static_cast<size_t>(OverlayKind::friction_prompt)] = Reason::bypass_granted;
}

void Scheduler::leave_prompt(Instant t) {
  const FrictionPrompt p = ladder_.prompt();
  if (!ladder_.leave_prompt()) {
    answered(t, Answer::prompt_leave, OverlayKind::friction_prompt, Reason::not_offered, attention_.focused());
    return;
  }
  prompt_answered(ExerciseAnswer::left, t);
  decide(t, DecisionKind::hide, OverlayKind::friction_prompt, Reason::prompt_left, p.app, p.budget);
  out_.decisions.back().window = p.window;
  out_.decisions.back().exercise = p.exercise;
  answered(t, Answer::prompt_leave, OverlayKind::friction_prompt, Reason::prompt_left, p.app, p.budget);
  // Recorded here even if motion hid the prompt; the diff must not repeat it.
  std::erase_if(previous_, [](const Overlay& o) { return o.kind == OverlayKind::friction_prompt; });
}

void Scheduler::block_leave(Instant t) {
  const AppId app = attention_.focused();
  const Gate g = gate_for(app);
  const bool blocked = g.kind == OverlayKind::block_shield;
  answered(t, Answer::block_leave, OverlayKind::block_shield, blocked ? Reason::block_left : Reason::not_offered, app,
           blocked ? g.budget : -1);
}

void Scheduler::block_extend(Instant t) {
  const AppId app = attention_.focused();
  const Gate g = gate_for(app);
  if (g.kind == OverlayKind::block_shield && ladder_.extending()) {  // asked again: the prompt is up
    answered(t, Answer::block_extend, OverlayKind::block_shield, Reason::extension_requested, app, g.budget);
    return;
  }
  switch (ladder_.request_extension(policy_, g)) {
    case ExtendAnswer::not_offered:
      answered(t, Answer::block_extend, OverlayKind::block_shield, Reason::not_offered, app,
               g.kind == OverlayKind::block_shield ? g.budget : -1);
      return;
    case ExtendAnswer::exhausted:
      decide(t, DecisionKind::deny, OverlayKind::block_shield, Reason::bypass_exhausted, app, g.budget);
      answered(t, Answer::block_extend, OverlayKind::block_shield, Reason::bypass_exhausted, app, g.budget);
      return;
    case ExtendAnswer::opened: break;
  }
  answered(t, Answer::block_extend, OverlayKind::block_shield, Reason::extension_requested, app, g.budget);
  hide_reason_[static_cast<size_t>(OverlayKind::block_shield)] = Reason::extension_requested;
}

// "Dismiss" on a nudge card (by id) or on the fill card. The fill card goes
// with its idle moment: the answer is an interaction, which ends it.
void Scheduler::dismiss(const Signal& s, Instant t) {
  const AppId app = attention_.focused();
  if (s.kind == SignalKind::nudge_dismiss) {
    const std::optional<Card> c = deferral_.dismiss(OverlayKind::nudge, s.nudge_id);
    answered(t, Answer::nudge_dismiss, OverlayKind::nudge, c ? Reason::dismissed : Reason::not_offered,
             c && c->app != kNoId ? c->app : app);
    out_.decisions.back().nudge_id = s.nudge_id;
    if (c) hide_reason_[static_cast<size_t>(OverlayKind::nudge)] = Reason::dismissed;
    return;
  }
  const bool filling = idle_.filling();
  const bool picked = !filling && picked_fill_ >= 0;  // the card of an alternative picked on a prompt
  answered(t, Answer::fill_dismiss, OverlayKind::fill_card, filling || picked ? Reason::dismissed : Reason::not_offered,
           app);
  if (filling || picked) {
    out_.decisions.back().fill_item = filling ? idle_.fill_overlay().fill_item : picked_fill_;
    hide_reason_[static_cast<size_t>(OverlayKind::fill_card)] = Reason::dismissed;
  }
  if (picked) {
    picked_fill_ = -1;
    picked_fill_id_.clear();
  }
}

// A row of the prompt's intention or alternative exercise: the exercise has
// run its course ("continue anyway" unlocks after the pause), the outcome
// keeps the row, and an alternative starts: its fill card shows.
void Scheduler::pick_row(const Signal& s, Instant t) {
  const FrictionPrompt& p = ladder_.prompt();
  if (!ladder_.pick_row(policy_, s.row)) {
    answered(t, Answer::exercise_pick, OverlayKind::friction_prompt, Reason::not_offered, attention_.focused());
    out_.decisions.back().row = s.row;
    return;
  }
  outcomes_.pick(exercise_row_id(policy_, p.exercise, s.row));
  answered(t, Answer::exercise_pick, OverlayKind::friction_prompt, Reason::picked, p.app, p.budget);
  Decision& d = out_.decisions.back();
  d.window = p.window;
  d.exercise = p.exercise;
  d.row = s.row;
  if (policy_.friction.exercises[static_cast<size_t>(p.exercise)].kind == ExerciseKind::alternative) {
    d.fill_item = s.row;  // the rows are the first fill items
    if (picked_fill_ >= 0 && picked_fill_ != s.row)
      hide_reason_[static_cast<size_t>(OverlayKind::fill_card)] = Reason::picked;
    picked_fill_ = s.row;
    picked_fill_id_ = policy_.idle.items[static_cast<size_t>(s.row)].id;
  }
}

void Scheduler::handle_signal(const Signal& s, Instant t) {
  switch (s.kind) {
    case SignalKind::nudge: nudge(s, t); break;
    case SignalKind::continue_anyway: continue_anyway(t); break;
    case SignalKind::prompt_leave: leave_prompt(t); break;
    case SignalKind::block_leave: block_leave(t); break;
    case SignalKind::block_extend: block_extend(t); break;
    case SignalKind::nudge_dismiss:
    case SignalKind::fill_dismiss: dismiss(s, t); break;
    case SignalKind::exercise_pick: pick_row(s, t); break;
    case SignalKind::task_done: windows_.reclaim(s.planned_end_unix_ms, t.unix_ms); break;
    case SignalKind::interaction:
    case SignalKind::app_focus: summary_.on_interaction(); break;
    default: break;
  }
}

void Scheduler::on_event(const AttentionEvent& e) {
  pass_time(e.at);
  roll_to(e.at);
  calendar_.move_to(e.at.unix_ms);
  switch (e.kind) {
    case AttentionEventKind::app_switch:
      ladder_.on_app_switch();
      outcomes_.on_focus(e.app, e.at.unix_ms, out_.returns);
      if (e.app != kNoId && picked_fill_ >= 0 && e.app != ladder_.prompt().app) {
        picked_fill_ = -1;  // another app: the alternative is over
        picked_fill_id_.clear();
      }
      release_at_breakpoint(e.at, Reason::breakpoint_app_switch);
      break;
    case AttentionEventKind::idle_started: start_idle(e.at); break;
    case AttentionEventKind::idle_ended: idle_.end(e.at); break;
    case AttentionEventKind::motion_started:
      moving_ = true;
      motion_reason_ = attention_.motion() == MotionState::walking ? Reason::motion_walking
                                                                   : Reason::motion_turning;
      decide(e.at, DecisionKind::state, OverlayKind::protect_indicator, motion_reason_);
      break;
    case AttentionEventKind::motion_settled:
      moving_ = false;
      decide(e.at, DecisionKind::state, OverlayKind::protect_indicator, Reason::motion_settled);
      release_at_breakpoint(e.at, Reason::breakpoint_motion_pause);
      break;
    case AttentionEventKind::away:
      decide(e.at, DecisionKind::state, OverlayKind::budget_ring, Reason::away);
      break;
    case AttentionEventKind::back:
      decide(e.at, DecisionKind::state, OverlayKind::budget_ring, Reason::back);
      break;
    case AttentionEventKind::worn:
      decide(e.at, DecisionKind::state, OverlayKind::budget_ring, Reason::worn);
      break;
    case AttentionEventKind::not_worn:
      decide(e.at, DecisionKind::state, OverlayKind::budget_ring, Reason::not_worn);
      break;
    case AttentionEventKind::context_changed: break;
  }
}

// ------------------------------------------------------------------- tick ---

const TickOutput& Scheduler::tick(Instant at, std::span<const Signal> signals,
                                  SchedulerObserver* observer) {
  observer_ = observer;
  out_.decisions.clear();
  out_.outcomes.clear();
  out_.returns.clear();
  hide_reason_.fill(Reason::none);
  stops_ = 0;
  AttentionSink sink(*this);
  // Out-of-range instants are clamped and time never runs backwards (clock.hpp).
  Instant now = clamp_instant(at);
  if (!started_) {
    Instant first = now;
    if (!signals.empty() && clamp_instant(signals.front().at).mono_ns < now.mono_ns)
      first = clamp_instant(signals.front().at);
    start(first);
    attention_.advance(first, sink);
  }
  if (now.mono_ns < attention_.now().mono_ns) now = attention_.now();
  // Signals stamped with one instant are one batch: the overlay set is
  // compared once, after the last of them.
  bool unsettled = false;
  Instant batch_at;
  for (const Signal& s : signals) {
    Signal c = s;
    c.at = clamp_instant(s.at);
    c.planned_end_unix_ms = std::clamp(s.planned_end_unix_ms, kMinUnixMs, kMaxUnixMs);
    if (c.at.mono_ns < attention_.now().mono_ns) c.at = attention_.now();
    if (c.at.mono_ns > now.mono_ns) c.at = now;
    if (unsettled && c.at.mono_ns > batch_at.mono_ns) settle(batch_at);
    run_to(c.at, sink);
    step(c.at);
    handle_signal(c, c.at);
    attention_.apply(c, sink);
    step(c.at);
    unsettled = true;
    batch_at = c.at;
  }
  if (unsettled && now.mono_ns > batch_at.mono_ns) settle(batch_at);
  run_to(now, sink);
  settle(now);
  observer_ = nullptr;
  return out_;
}

// The rules at `t`, and what that changed on screen, stamped `t`.
void Scheduler::settle(Instant t) {
  step(t);
  build(t);
  diff(t);
}

// Advances to `t`, settling at every rule boundary on the way, so each
// decision carries the instant its rule fired rather than the next tick's.
// Display-only boundaries count only in the last kDisplayHorizonNs before
// `t`, and a tick stops at most kMaxStopsPerTick times: past that, the rest
// of the gap is one step, as if the host had ticked only at its end.
void Scheduler::run_to(Instant t, AttentionListener& sink) {
  display_from_ns_ = t.mono_ns - kDisplayHorizonNs;
  while (stops_ < kMaxStopsPerTick) {
    const Instant b = next_boundary(t);
    if (b.mono_ns >= t.mono_ns) break;
    ++stops_;
    attention_.advance(b, sink);
    settle(b);
  }
  attention_.advance(t, sink);
}

// The earliest instant after the last step and before `limit` at which a
// rule not driven by attended time may change the output; `limit` if none.
// (Thresholds of attended time stop accrual itself, see accrue.)
Instant Scheduler::next_boundary(Instant limit) {
  const Instant from = last_step_;
  int64_t best = limit.mono_ns;
  auto at_mono = [&](int64_t ns) {
    if (ns > from.mono_ns && ns < best) best = ns;
  };
  auto at_unix = [&](int64_t ms) {
    if (ms > from.unix_ms) at_mono(sat_add(from.mono_ns, sat_mul(ms - from.unix_ms, 1'000'000)));
  };
  at_mono(attention_.next_transition_ns());
  at_unix(calendar_.next_day_start_ms());
  if (windows_.has_edges()) at_unix(windows_.next_edge_ms(calendar_, from.unix_ms));
  if (windows_.reclaim_until_ms() > from.unix_ms) at_unix(windows_.reclaim_until_ms());
  if (!deferral_.held().empty() && !holds_nudges()) at_mono(deferral_.next_bound_ns(policy_.deferral.max_defer_s));
  // Display only: a wind-down minute, a countdown second; near `limit` only.
  const int64_t skip_ns = std::max<int64_t>(0, display_from_ns_ - from.mono_ns);
  if (windows_.wind_down_shown()) {
    const int64_t after_ms = sat_add(from.unix_ms, skip_ns / 1'000'000);
    at_unix(sat_mul(floor_div(after_ms, 60'000) + 1, 60'000));
  }
  if (!moving_) {
    for (const Card& c : deferral_.cards()) at_mono(from.mono_ns + c.left_ns);
    const int64_t second_ns = ladder_.next_countdown_second_ns(policy_, skip_ns);
    if (second_ns >= 0) at_mono(from.mono_ns + second_ns);
  }
  return plus_ns(from, best - from.mono_ns);
}


Overlay Scheduler::budget_overlay(OverlayKind kind, Reason reason, int32_t b, AppId app) const {
  return ladder_.overlay(policy_, kind, reason, b, app, category_of(app), usage_);
}

void Scheduler::build(Instant now) {
  auto& out = out_.overlays;
  out.clear();
  held_kinds_ = 0;
  windows_.clear_shown();
  auto push = [&](const Overlay& o) {
    if (moving_ && !peripheral(o.kind)) {
      held_kinds_ |= bit(o.kind);
      return false;
    }
    out.push_back(o);
    return true;
  };
  const AppId app = attention_.focused();
  const Gate g = gate_for(app);
  // The extension prompt ("extend" on a block) stands in for the shield.
  if (g.kind == OverlayKind::block_shield && !ladder_.extending()) {
    Overlay o = budget_overlay(OverlayKind::block_shield, g.reason, g.budget, app);
    o.window = g.window;
    o.bypass_available = ladder_.extension_offered(policy_, g);
    push(o);
  }
  if (const FrictionPrompt& p = ladder_.prompt(); p.active) {
    Overlay o = budget_overlay(OverlayKind::friction_prompt, p.reason, p.budget, app);
    o.window = p.window;
    o.exercise = p.exercise;
    o.countdown_s = ladder_.prompt_countdown_s(policy_);
    o.exercise_ms = p.shown_ns / 1'000'000;
    o.bypass_available = ladder_.prompt_bypass_available(policy_);
    o.rows = static_cast<uint8_t>(exercise_rows(policy_, p.exercise));
    o.picked = static_cast<int8_t>(o.rows > 0 ? p.picked : -1);
    push(o);
  }
  for (const int32_t w : windows_.wind_down_windows()) {
    const int64_t countdown_s = windows_.wind_down_countdown_s(policy_, w, calendar_);
    if (countdown_s < 0) continue;
    Overlay o;
    o.kind = OverlayKind::wind_down;
    o.reason = Reason::wind_down;
    o.window = w;
    o.countdown_s = countdown_s;
    push(o);
  }
  if (idle_.filling()) {
    push(idle_.fill_overlay());
  } else if (picked_fill_ >= 0) {
    Overlay o;
    o.kind = OverlayKind::fill_card;
    o.reason = Reason::picked;  // of no app: it stays while focus moves
    o.fill_item = picked_fill_;
    push(o);
  }
  for (const Card& c : deferral_.cards()) {
    Overlay o = budget_overlay(c.kind, c.reason, c.budget, c.app);
    o.nudge_id = c.nudge_id;
    push(o);
  }
  if (summary_.wanted() && push(summary_.overlay())) summary_.mark_seen();
  {
    Overlay o;
    o.kind = OverlayKind::protect_indicator;
    const WindowHit w = windows_.first_active(policy_);
    o.reason = w.reason;
    o.window = w.window;
    if (o.reason == Reason::none && windows_.reclaim_active(now)) o.reason = Reason::reclaimed_time;
    if (o.reason == Reason::none && idle_.protecting()) o.reason = idle_.reason();
    if (o.reason != Reason::none) push(o);
  }
  if (app != kNoId) {
    // The ring shows the tightest budget counting the focused app.
    int64_t left_ns = 0;
    const int32_t b = ladder_.tightest(policy_, app, category_of(app), usage_, left_ns);
    if (b >= 0)
      push(budget_overlay(OverlayKind::budget_ring, left_ns <= 0 ? Reason::budget_reached : Reason::budget_tracking,
                          b, app));
  }
}

void Scheduler::diff(Instant now) {
  const auto& cur = out_.overlays;
  auto emit = [&](DecisionKind kind, const Overlay& o, Reason reason) {
    Decision d;
    d.unix_ms = now.unix_ms;
    d.kind = kind;
    d.overlay = o.kind;
    d.reason = reason;
    d.app = o.app;
    d.category = o.category;
    d.budget = o.budget;
    d.remaining_s = o.remaining_s;
    d.window = o.window;
    d.fill_item = o.fill_item;
    d.exercise = o.exercise;
    d.nudge_id = o.nudge_id;
    out_.decisions.push_back(d);
  };
  for (const Overlay& old : previous_) {
    if (std::any_of(cur.begin(), cur.end(), [&](const Overlay& o) { return same_overlay(o, old); }))
      continue;
    Reason r = old.reason;
    if (held_kinds_ & bit(old.kind)) r = motion_reason_;
    else if (hide_reason_[static_cast<size_t>(old.kind)] != Reason::none)
      r = hide_reason_[static_cast<size_t>(old.kind)];
    emit(DecisionKind::hide, old, r);
    // What is left now, not when the overlay was last built (a tick ago).
    const int32_t b = old.budget;
    if (b >= 0 && b < static_cast<int32_t>(policy_.budgets.size()))
      out_.decisions.back().remaining_s = ladder_.remaining_s(policy_, b, usage_);
  }
  for (const Overlay& o : cur) {
    auto it = std::find_if(previous_.begin(), previous_.end(),
                           [&](const Overlay& p) { return same_overlay(o, p); });
    if (it == previous_.end())
      emit(DecisionKind::show, o, (held_kinds_previous_ & bit(o.kind)) ? Reason::motion_settled : o.reason);
    else if (!same_display(o, *it))
      emit(DecisionKind::update, o, o.reason);
  }
  previous_.assign(cur.begin(), cur.end());
  held_kinds_previous_ = held_kinds_;
  hide_reason_.fill(Reason::none);
}

}  // namespace tw
