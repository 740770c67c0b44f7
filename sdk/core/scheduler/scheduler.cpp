#include "core/scheduler/scheduler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/civil_days.hpp"
#include "core/cost.hpp"
#include "core/scheduler/time_rules.hpp"

namespace tw {
namespace {

constexpr int64_t kNsPerS = 1'000'000'000;
constexpr int64_t kCardShowNs = 10 * kNsPerS;  // warnings and nudges stay this long (visible time)
constexpr size_t kMaxCards = 8;                // more at once: the oldest goes first
constexpr size_t kMaxPending = 64;             // more held: the oldest is delivered at once
constexpr size_t kOverlayCapacity = 32;
constexpr size_t kDecisionCapacity = 64;

constexpr uint32_t bit(OverlayKind k) { return 1u << static_cast<unsigned>(k); }

// Only these stay on screen while the wearer walks or turns fast.
bool peripheral(OverlayKind k) {
  return k == OverlayKind::budget_ring || k == OverlayKind::protect_indicator;
}

Reason window_reason(WindowKind k) {
  switch (k) {
    case WindowKind::sleep: return Reason::sleep_window;
    case WindowKind::focus: return Reason::focus_window;
    case WindowKind::schedule: return Reason::schedule_window;
  }
  return Reason::schedule_window;
}

bool contains(const std::vector<uint32_t>& v, uint32_t id) {
  return std::find(v.begin(), v.end(), id) != v.end();
}

int64_t ceil_s(int64_t ns) { return ns <= 0 ? 0 : (ns + kNsPerS - 1) / kNsPerS; }

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
         a.bypass_available == b.bypass_available && a.reason == b.reason &&
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
  pending_.reserve(kMaxPending);
  cards_.reserve(kMaxCards + 1);
  usage_.reserve(64, 16);
  other_ = categories_.intern("other");
  set_policy(policy);
}

// ---------------------------------------------------------------- policy ---

void Scheduler::set_policy(const Policy& policy) {
  // Carry per-budget state across by id, so a reload neither re-warns nor
  // refunds "continue anyway".
  std::vector<BudgetRt> old_rt = std::move(budgets_);
  std::vector<Budget> old_budgets = std::move(policy_.budgets);
  auto remap = [&](int32_t b) -> int32_t {
    if (b < 0 || b >= static_cast<int32_t>(old_budgets.size())) return -1;
    for (size_t i = 0; i < policy.budgets.size(); ++i)
      if (policy.budgets[i].id == old_budgets[b].id) return static_cast<int32_t>(i);
    return -1;
  };
  if (prompt_.budget >= 0) {
    prompt_.budget = remap(prompt_.budget);
    if (prompt_.budget < 0) prompt_.active = false;
  }
  if (prompt_.window >= 0) prompt_.active = false;
  std::erase_if(pending_, [&](Pending& p) {
    if (p.budget < 0) return false;
    p.budget = remap(p.budget);
    return p.budget < 0;
  });
  std::erase_if(cards_, [&](Card& c) {
    if (c.budget < 0) return false;
    c.budget = remap(c.budget);
    return c.budget < 0;
  });

  policy_ = policy;
  attention_.set_config(AttentionState::config_from(policy_));

  app_category_.assign(apps_.size(), other_);
  for (const AppCategory& ac : policy_.apps) {
    const AppId a = apps_.intern(ac.app);
    const CategoryId c = categories_.intern(ac.category);
    if (a >= app_category_.size()) app_category_.resize(a + 1, other_);
    app_category_[a] = c;
  }
  usage_.rebuild_categories(app_category_, other_);

  budgets_.assign(policy_.budgets.size(), BudgetRt{});
  for (size_t i = 0; i < policy_.budgets.size(); ++i) {
    const Budget& b = policy_.budgets[i];
    budgets_[i].target =
        b.scope == BudgetScope::app ? apps_.intern(b.target) : categories_.intern(b.target);
    for (size_t j = 0; j < old_budgets.size(); ++j) {
      if (old_budgets[j].id != b.id) continue;
      budgets_[i].warned = old_rt[j].warned & ((1u << std::min<size_t>(b.warn_at.size(), 31)) - 1);
      budgets_[i].extensions = old_rt[j].extensions;
      budgets_[i].notified = old_rt[j].notified;
    }
  }
  windows_.assign(policy_.windows.size(), WindowRt{});
  windows_active_.assign(policy_.windows.size(), 0);
  for (size_t i = 0; i < policy_.windows.size(); ++i) {
    for (const auto& c : policy_.windows[i].block_categories)
      windows_[i].block.push_back(categories_.intern(c));
    for (const auto& c : policy_.windows[i].friction_categories)
      windows_[i].friction.push_back(categories_.intern(c));
  }
  youth_allow_.clear();
  for (const auto& a : policy_.youth.allow) youth_allow_.push_back(apps_.intern(a));
  // Local minutes at which a window, a wind-down or youth night starts or ends.
  edge_minutes_.clear();
  auto edge = [&](int m) {
    m = ((m % 1440) + 1440) % 1440;
    if (std::find(edge_minutes_.begin(), edge_minutes_.end(), m) == edge_minutes_.end())
      edge_minutes_.push_back(m);
  };
  for (const ProtectedWindow& w : policy_.windows) {
    edge(w.start);
    edge(w.end);
    if (w.kind == WindowKind::sleep && w.wind_down_min > 0) edge(w.start - w.wind_down_min);
  }
  if (policy_.youth.enabled) {
    edge(policy_.youth.night_start);
    edge(policy_.youth.night_end);
  }
  edge_cache_minute_ = std::numeric_limits<int64_t>::min();
  reclaim_categories_.clear();
  for (const auto& c : policy_.reclaim.protect_categories)
    reclaim_categories_.push_back(categories_.intern(c));
  // New budgets start "already warned" for fractions crossed before the swap.
  if (started_) mark_crossed_silently();
}

void Scheduler::seed_usage(AppId app, int64_t day_s, int64_t week_s) {
  usage_.seed(app, category_of(app), day_s * kNsPerS, week_s * kNsPerS);
}

void Scheduler::seed_extensions(int32_t budget, int32_t used) {
  if (budget >= 0 && budget < static_cast<int32_t>(budgets_.size()))
    budgets_[budget].extensions = std::max(budgets_[budget].extensions, used);
}

void Scheduler::mark_crossed_silently() {
  for (size_t i = 0; i < budgets_.size(); ++i) {
    const auto b = static_cast<int32_t>(i);
    const Budget& pb = policy_.budgets[i];
    const int64_t used = used_ns(b);
    for (size_t f = 0; f < pb.warn_at.size() && f < 31; ++f)
      if (used >= warn_ns(b, f)) budgets_[i].warned |= 1u << f;
    if (pb.at_limit == LimitAction::notify && used >= pb.limit_s * kNsPerS)
      budgets_[i].notified = true;
  }
}

// ---------------------------------------------------------------- queries ---

CategoryId Scheduler::category_of(AppId app) const {
  if (app == kNoId) return kNoId;
  return app < app_category_.size() ? app_category_[app] : other_;
}

int32_t Scheduler::extensions_used(int32_t budget) const {
  return budget >= 0 && budget < static_cast<int32_t>(budgets_.size())
             ? budgets_[budget].extensions
             : 0;
}

int64_t Scheduler::used_ns(int32_t b) const {
  const Budget& pb = policy_.budgets[b];
  return pb.scope == BudgetScope::app ? usage_.app_ns(pb.period, budgets_[b].target)
                                      : usage_.category_ns(pb.period, budgets_[b].target);
}

int64_t Scheduler::limit_ns(int32_t b) const {
  const Budget& pb = policy_.budgets[b];
  int64_t s = pb.limit_s;
  if (pb.at_limit == LimitAction::friction)
    s = sat_add(s, sat_mul(budgets_[b].extensions, pb.extension_s));
  return sat_mul(s, kNsPerS);
}

int64_t Scheduler::warn_ns(int32_t b, size_t fraction) const {
  const Budget& pb = policy_.budgets[b];
  return static_cast<int64_t>(std::ceil(pb.warn_at[fraction] * static_cast<double>(pb.limit_s) * 1e9));
}

// Attended time still to go before the next threshold of a budget counting
// `app` (a warning fraction, a limit, the youth cap, or a whole minute of
// used or remaining time, which the ring shows); 0 when none is ahead.
// Accrual stops there, so a limit is met, and the ring's minute changes, at
// the exact instant whatever the tick rate. `display_only`: the nearest one
// only changes a displayed minute (no rule fires there). Displayed minutes
// less than `skip_display_ns` of attended time ahead are coalesced (a long
// gap only shows its last minute).
int64_t Scheduler::ns_to_next_threshold(AppId app, bool& display_only, int64_t skip_display_ns) const {
  const CategoryId cat = category_of(app);
  int64_t best = 0;
  display_only = false;
  auto consider = [&](int64_t threshold_ns, int64_t used, bool display = false) {
    if (threshold_ns <= used) return;
    const int64_t d = threshold_ns - used;
    if (display && d < skip_display_ns) return;
    if (best == 0 || d < best || (d == best && !display)) {
      if (best == 0 || d < best) display_only = display;
      else display_only = display_only && display;
      best = d;
    }
  };
  constexpr int64_t kMinNs = 60 * kNsPerS;
  for (int32_t b = 0; b < static_cast<int32_t>(budgets_.size()); ++b) {
    if (!budget_counts(b, app, cat)) continue;
    const int64_t used = used_ns(b);
    const Budget& pb = policy_.budgets[b];
    for (size_t f = 0; f < pb.warn_at.size() && f < 31; ++f)
      if (!(budgets_[b].warned & (1u << f))) consider(warn_ns(b, f), used);
    const int64_t limit = limit_ns(b);
    consider(limit, used);
    // Displayed minutes: used_s / 60 and (limit_s - used_s) / 60, in whole
    // seconds; the first ones at least skip_display_ns ahead.
    const int64_t u = sat_add(used, std::max<int64_t>(0, skip_display_ns - 1));
    consider(sat_mul(u / kMinNs + 1, kMinNs), used, true);
    const int64_t left_s = limit / kNsPerS - u / kNsPerS;
    if (left_s > 0) consider(sat_mul(limit / kNsPerS - (left_s / 60) * 60 + 1, kNsPerS), used, true);
  }
  if (policy_.youth.enabled) consider(policy_.youth.daily_cap_s * kNsPerS, usage_.day_total_ns());
  return best;
}

bool Scheduler::budget_counts(int32_t b, AppId app, CategoryId category) const {
  const Budget& pb = policy_.budgets[b];
  return pb.scope == BudgetScope::app ? budgets_[b].target == app : budgets_[b].target == category;
}

bool Scheduler::any_window_active() const {
  return std::find(windows_active_.begin(), windows_active_.end(), 1) != windows_active_.end();
}

bool Scheduler::holds_nudges() const {
  return any_window_active() || attention_.context() == Context::in_conversation;
}

bool Scheduler::youth_allowed(AppId app) const { return contains(youth_allow_, app); }

// The strongest restriction on the focused app: blocks before friction.
Scheduler::Gate Scheduler::gate_for(AppId app) const {
  Gate g;
  if (app == kNoId) return g;
  const CategoryId cat = category_of(app);
  const auto nb = static_cast<int32_t>(budgets_.size());
  const auto nw = static_cast<int32_t>(windows_.size());
  if (policy_.youth.enabled && !youth_allowed(app)) {
    if (youth_night_) return {OverlayKind::block_shield, Reason::youth_night, -1, -1};
    if (usage_.day_total_ns() >= policy_.youth.daily_cap_s * kNsPerS)
      return {OverlayKind::block_shield, Reason::youth_daily_cap, -1, -1};
  }
  for (int32_t w = 0; w < nw; ++w)
    if (window_active(w) && contains(windows_[w].block, cat))
      return {OverlayKind::block_shield, window_reason(policy_.windows[w].kind), -1, w};
  if (reclaim_active(last_step_) && contains(reclaim_categories_, cat))
    return {OverlayKind::block_shield, Reason::reclaimed_time, -1, -1};
  for (int32_t b = 0; b < nb; ++b)
    if (policy_.budgets[b].at_limit == LimitAction::block && budget_counts(b, app, cat) &&
        used_ns(b) >= limit_ns(b))
      return {OverlayKind::block_shield, Reason::budget_reached, b, -1};
  if (!window_bypass_)
    for (int32_t w = 0; w < nw; ++w)
      if (window_active(w) && contains(windows_[w].friction, cat))
        return {OverlayKind::friction_prompt, window_reason(policy_.windows[w].kind), -1, w};
  for (int32_t b = 0; b < nb; ++b)
    if (policy_.budgets[b].at_limit == LimitAction::friction && budget_counts(b, app, cat) &&
        used_ns(b) >= limit_ns(b))
      return {OverlayKind::friction_prompt, Reason::budget_reached, b, -1};
  return g;
}

int32_t Scheduler::next_exercise() {
  const auto n = static_cast<uint32_t>(policy_.friction.exercises.size());
  if (n == 0) return -1;
  auto i = static_cast<int32_t>(exercise_counter_++ % n);
  if (n > 1 && i == last_exercise_) i = static_cast<int32_t>(exercise_counter_++ % n);
  last_exercise_ = i;
  return i;
}

int32_t Scheduler::next_fill_item() {
  const auto n = static_cast<uint32_t>(policy_.idle.items.size());
  if (n == 0) return -1;
  return static_cast<int32_t>(fill_counter_++ % n);
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
  if (budget >= 0) d.remaining_s = std::max<int64_t>(0, (limit_ns(budget) - used_ns(budget)) / kNsPerS);
  out_.decisions.push_back(d);
}

// ------------------------------------------------------------------- time ---

void Scheduler::start(Instant t) {
  started_ = true;
  last_step_ = t;
  calendar_.reset(t.unix_ms);
  mark_crossed_silently();
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
  summary_visible_ = true;
  summary_seen_ = false;
  summary_used_s_ = day_ns / kNsPerS;
  summary_cost_ = attended_cost(day_ns, policy_.time_value.hourly_value);
  const int64_t old_week = calendar_.week_start_ms();
  calendar_.reset(t.unix_ms);
  const bool new_week = calendar_.week_start_ms() != old_week;
  usage_.reset_day();
  if (new_week) usage_.reset_week();
  for (size_t i = 0; i < budgets_.size(); ++i) {
    if (policy_.budgets[i].period == BudgetPeriod::weekly && !new_week) continue;
    budgets_[i].warned = 0;
    budgets_[i].extensions = 0;
    budgets_[i].notified = false;
  }
}

// Countdowns and card lifetimes run only while visible (not held by motion).
void Scheduler::pass_time(Instant t) {
  const int64_t dt = t.mono_ns - last_step_.mono_ns;
  if (dt > 0) {
    if (!moving_) {
      if (prompt_.active) prompt_.shown_ns += dt;
      for (Card& c : cards_) c.left_ns -= dt;
      std::erase_if(cards_, [](const Card& c) { return c.left_ns <= 0; });
    }
    last_step_ = t;
  }
}

void Scheduler::step(Instant t) {
  pass_time(t);
  roll_to(t);
  calendar_.move_to(t.unix_ms);
  const int wd = calendar_.weekday();
  const int m = calendar_.minute_of_day();
  for (size_t w = 0; w < windows_.size(); ++w) {
    const ProtectedWindow& pw = policy_.windows[w];
    windows_active_[w] = in_weekly_range(pw.days, pw.start, pw.end, wd, m) ? 1 : 0;
  }
  youth_night_ = policy_.youth.enabled &&
                 in_weekly_range(kEveryDay, policy_.youth.night_start, policy_.youth.night_end, wd, m);
  evaluate_budgets(t);
  evaluate_prompt(t);
  evaluate_idle(t);
  deliver_due(t);
}

// ------------------------------------------------------------------ rules ---

void Scheduler::evaluate_budgets(Instant t) {
  for (size_t i = 0; i < budgets_.size(); ++i) {
    const auto b = static_cast<int32_t>(i);
    const Budget& pb = policy_.budgets[i];
    BudgetRt& rt = budgets_[i];
    const int64_t used = used_ns(b);
    const int64_t base_limit = pb.limit_s * kNsPerS;
    // Highest newly crossed fraction: one warning even if several were crossed.
    int crossed = -1;
    for (size_t f = 0; f < pb.warn_at.size() && f < 31; ++f) {
      if (rt.warned & (1u << f)) continue;
      if (used >= warn_ns(b, f)) {
        rt.warned |= 1u << f;
        crossed = static_cast<int>(f);
      }
    }
    if (crossed >= 0 && used < base_limit && !youth_night_) {
      if (pending_.size() >= kMaxPending) {
        const Pending oldest = pending_.front();
        pending_.erase(pending_.begin());
        deliver(oldest, t, Reason::deferral_bound);
      }
      pending_.push_back({.since = t, .nudge_id = 0, .budget = b, .app = kNoId});
      decide(t, DecisionKind::defer, OverlayKind::warning, Reason::budget_warn_fraction, kNoId, b);
    }
    if (pb.at_limit == LimitAction::notify && !rt.notified && used >= base_limit) {
      rt.notified = true;
      if (!youth_night_) {
        if (cards_.size() >= kMaxCards) cards_.erase(cards_.begin());
        cards_.push_back({OverlayKind::warning, Reason::budget_reached, 0, b, kNoId, kCardShowNs});
      }
    }
  }
}

void Scheduler::evaluate_prompt(Instant) {
  const AppId app = attention_.focused();
  const Gate g = gate_for(app);
  if (g.kind != OverlayKind::friction_prompt || prompt_left_) {
    prompt_.active = false;
    return;
  }
  if (prompt_.active && prompt_.app == app && prompt_.budget == g.budget &&
      prompt_.window == g.window)
    return;
  prompt_ = {.active = true, .budget = g.budget, .window = g.window, .reason = g.reason,
             .app = app, .shown_ns = 0, .exercise = next_exercise()};
}

void Scheduler::evaluate_idle(Instant t) {
  if (idle_mode_ != IdleMode_::fill) return;
  // A fill never runs into a protected window or a conversation.
  Reason r = Reason::none;
  if (any_window_active()) r = Reason::idle_protect_window;
  else if (attention_.context() == Context::in_conversation) r = Reason::in_conversation;
  if (r == Reason::none) return;
  idle_mode_ = IdleMode_::protect;
  idle_reason_ = r;
  fill_item_ = -1;
  decide(t, DecisionKind::protect, OverlayKind::protect_indicator, r);
}

void Scheduler::start_idle(Instant t) {
  // Protected windows, conversations and motion rule out a fill; then the
  // first matching rule, then the default.
  IdleMode mode = policy_.idle.default_mode;
  Reason reason = mode == IdleMode::fill ? Reason::idle_fill_default : Reason::idle_protect_default;
  const int wd = calendar_.weekday();
  const int m = calendar_.minute_of_day();
  for (const IdleRule& r : policy_.idle.rules) {
    if (r.match_context && r.context != static_cast<uint8_t>(attention_.context())) continue;
    if (r.match_time && !in_weekly_range(r.days, r.start, r.end, wd, m)) continue;
    if (!r.match_context && !r.match_time) continue;
    mode = r.mode;
    if (r.match_context)
      reason = mode == IdleMode::fill ? Reason::idle_fill_context : Reason::idle_protect_context;
    else
      reason = mode == IdleMode::fill ? Reason::idle_fill_schedule : Reason::idle_protect_schedule;
    break;
  }
  if (any_window_active()) {
    mode = IdleMode::protect;
    reason = Reason::idle_protect_window;
  } else if (attention_.context() == Context::in_conversation) {
    mode = IdleMode::protect;
    reason = Reason::in_conversation;
  } else if (mode == IdleMode::fill && moving_) {
    mode = IdleMode::protect;
    reason = motion_reason_;
  } else if (mode == IdleMode::fill && policy_.idle.items.empty()) {
    mode = IdleMode::protect;
    reason = Reason::idle_protect_default;
  }
  idle_reason_ = reason;
  if (mode == IdleMode::fill) {
    idle_mode_ = IdleMode_::fill;
    fill_item_ = next_fill_item();
    decide(t, DecisionKind::fill, OverlayKind::fill_card, reason);
    out_.decisions.back().fill_item = fill_item_;
    release_at_breakpoint(t, Reason::breakpoint_idle_start);
  } else {
    idle_mode_ = IdleMode_::protect;
    fill_item_ = -1;
    decide(t, DecisionKind::protect, OverlayKind::protect_indicator, reason);
  }
}

void Scheduler::deliver(const Pending& p, Instant t, Reason reason) {
  const OverlayKind kind = p.budget >= 0 ? OverlayKind::warning : OverlayKind::nudge;
  if (youth_night_ && !(p.budget < 0 && youth_allowed(p.app))) {
    decide(t, DecisionKind::deny, kind, Reason::youth_night, p.app, p.budget);
    out_.decisions.back().nudge_id = p.nudge_id;
    return;
  }
  decide(t, DecisionKind::deliver, kind, reason, p.app, p.budget);
  out_.decisions.back().nudge_id = p.nudge_id;
  if (cards_.size() >= kMaxCards) cards_.erase(cards_.begin());
  const Reason shown = p.budget >= 0 ? Reason::budget_warn_fraction : reason;
  cards_.push_back({kind, shown, p.nudge_id, p.budget, p.app, kCardShowNs});
}

void Scheduler::deliver_due(Instant t) {
  if (pending_.empty() || holds_nudges()) return;
  const int64_t bound_ns = sat_mul(policy_.deferral.max_defer_s, kNsPerS);
  // pending_ is in arrival order, so the overdue ones are a prefix.
  size_t n = 0;
  while (n < pending_.size() && t.mono_ns - pending_[n].since.mono_ns >= bound_ns) ++n;
  for (size_t i = 0; i < n; ++i) deliver(pending_[i], t, Reason::deferral_bound);
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
}

void Scheduler::release_at_breakpoint(Instant t, Reason reason) {
  if (pending_.empty() || holds_nudges()) return;
  if (attention_.idle() && idle_mode_ == IdleMode_::protect) return;
  for (const Pending& p : pending_) deliver(p, t, reason);
  pending_.clear();
}

void Scheduler::nudge(const Signal& s, Instant t) {
  const Pending p{.since = t, .nudge_id = s.nudge_id, .budget = -1, .app = s.app};
  if (s.urgent || youth_night_) {
    deliver(p, t, Reason::urgent);
    return;
  }
  if (pending_.size() >= kMaxPending) {
    const Pending oldest = pending_.front();
    pending_.erase(pending_.begin());
    deliver(oldest, t, Reason::deferral_bound);
  }
  pending_.push_back(p);
  Reason why = Reason::awaiting_breakpoint;
  for (size_t w = 0; w < windows_.size(); ++w)
    if (windows_active_[w]) {
      why = window_reason(policy_.windows[w].kind);
      break;
    }
  if (why == Reason::awaiting_breakpoint && attention_.context() == Context::in_conversation)
    why = Reason::in_conversation;
  if (why == Reason::awaiting_breakpoint && attention_.idle() && idle_mode_ == IdleMode_::protect)
    why = idle_reason_;
  decide(t, DecisionKind::defer, OverlayKind::nudge, why, s.app);
  out_.decisions.back().nudge_id = s.nudge_id;
}

void Scheduler::grant_or_deny(Instant t) {
  const AppId app = attention_.focused();
  if (!prompt_.active) {
    const Gate g = gate_for(app);
    if (g.kind == OverlayKind::block_shield)
      decide(t, DecisionKind::deny, OverlayKind::block_shield, g.reason, app, g.budget);
    return;
  }
  const int32_t b = prompt_.budget;
  if (prompt_.shown_ns < policy_.friction.pause_s * kNsPerS) {
    decide(t, DecisionKind::deny, OverlayKind::friction_prompt, Reason::pause_not_over, app, b);
    return;
  }
  if (b >= 0 && budgets_[b].extensions >= policy_.budgets[b].max_extensions) {
    decide(t, DecisionKind::deny, OverlayKind::friction_prompt, Reason::bypass_exhausted, app, b);
    return;
  }
  if (b >= 0) ++budgets_[b].extensions;
  else window_bypass_ = true;
  decide(t, DecisionKind::extend, OverlayKind::friction_prompt, Reason::bypass_granted, app, b);
  out_.decisions.back().window = prompt_.window;
  out_.decisions.back().exercise = prompt_.exercise;
  prompt_.active = false;
  hide_reason_[static_cast<size_t>(OverlayKind::friction_prompt)] = Reason::bypass_granted;
}

void Scheduler::leave_prompt(Instant t) {
  if (!prompt_.active) return;
  decide(t, DecisionKind::hide, OverlayKind::friction_prompt, Reason::prompt_left, prompt_.app,
         prompt_.budget);
  out_.decisions.back().window = prompt_.window;
  out_.decisions.back().exercise = prompt_.exercise;
  prompt_.active = false;
  prompt_left_ = true;
  // Recorded here even if motion hid the prompt; the diff must not repeat it.
  std::erase_if(previous_, [](const Overlay& o) { return o.kind == OverlayKind::friction_prompt; });
}

void Scheduler::handle_signal(const Signal& s, Instant t) {
  switch (s.kind) {
    case SignalKind::nudge: nudge(s, t); break;
    case SignalKind::continue_anyway: grant_or_deny(t); break;
    case SignalKind::prompt_leave: leave_prompt(t); break;
    case SignalKind::task_done:
      if (s.planned_end_unix_ms > t.unix_ms)
        reclaim_until_ms_ = std::max(reclaim_until_ms_, s.planned_end_unix_ms);
      break;
    case SignalKind::interaction:
    case SignalKind::app_focus:
      if (summary_seen_) summary_visible_ = false;
      break;
    default: break;
  }
}

void Scheduler::on_event(const AttentionEvent& e) {
  pass_time(e.at);
  roll_to(e.at);
  calendar_.move_to(e.at.unix_ms);
  switch (e.kind) {
    case AttentionEventKind::app_switch:
      prompt_left_ = false;
      window_bypass_ = false;
      release_at_breakpoint(e.at, Reason::breakpoint_app_switch);
      break;
    case AttentionEventKind::idle_started: start_idle(e.at); break;
    case AttentionEventKind::idle_ended:
      idle_ended_at_ = e.at;
      idle_mode_ = IdleMode_::none;
      fill_item_ = -1;
      break;
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
  if (!edge_minutes_.empty()) at_unix(next_edge_ms(from.unix_ms));
  if (reclaim_until_ms_ > from.unix_ms) at_unix(reclaim_until_ms_);
  if (!pending_.empty() && !holds_nudges())
    at_mono(sat_add(pending_.front().since.mono_ns, sat_mul(policy_.deferral.max_defer_s, kNsPerS)));
  // Display only: a wind-down minute, a countdown second; near `limit` only.
  const int64_t skip_ns = std::max<int64_t>(0, display_from_ns_ - from.mono_ns);
  if (wind_down_shown_) {
    const int64_t after_ms = sat_add(from.unix_ms, skip_ns / 1'000'000);
    at_unix(sat_mul(floor_div(after_ms, 60'000) + 1, 60'000));
  }
  if (!moving_) {
    for (const Card& c : cards_) at_mono(from.mono_ns + c.left_ns);
    const int64_t left = sat_mul(policy_.friction.pause_s, kNsPerS) - prompt_.shown_ns;
    if (prompt_.active && left > skip_ns)
      at_mono(from.mono_ns + left - (ceil_s(left - skip_ns) - 1) * kNsPerS);
  }
  return plus_ns(from, best - from.mono_ns);
}

// The first instant after `from_ms` whose local minute of day is a window,
// wind-down or youth-night edge; a DST change before it comes first (the
// local minute is found again from there). Cached per UTC minute, so a
// steady-state tick makes no TimeZone call.
int64_t Scheduler::next_edge_ms(int64_t from_ms) {
  const int64_t minute = floor_div(from_ms, 60'000);
  if (minute == edge_cache_minute_) return edge_cache_ms_;
  const int m = calendar_.minute_of_day();
  int delta = 1440;
  for (const int e : edge_minutes_) {
    const int d = (e - m + 1440) % 1440;
    delta = std::min(delta, d == 0 ? 1440 : d);
  }
  int64_t edge_ms = (minute + delta) * 60'000;
  const TimeZone& tz = calendar_.zone();
  const int64_t from_s = floor_div(from_ms, 1000);
  const int32_t offset = tz.utc_offset_s(from_s);
  if (tz.utc_offset_s(edge_ms / 1000) != offset) {
    // The offset changes in (from_s, edge]: stop at the change instead.
    int64_t lo = from_s, hi = edge_ms / 1000;
    while (hi - lo > 1) {
      const int64_t mid = lo + (hi - lo) / 2;
      (tz.utc_offset_s(mid) == offset ? lo : hi) = mid;
    }
    edge_ms = hi * 1000;
  }
  edge_cache_minute_ = minute;
  edge_cache_ms_ = edge_ms;
  return edge_ms;
}

Overlay Scheduler::budget_overlay(OverlayKind kind, Reason reason, int32_t b, AppId app) const {
  Overlay o;
  o.kind = kind;
  o.reason = reason;
  o.app = app;
  o.category = category_of(app);
  o.budget = b;
  if (b < 0) return o;
  const Budget& pb = policy_.budgets[b];
  o.used_s = used_ns(b) / kNsPerS;
  o.limit_s = limit_ns(b) / kNsPerS;
  o.remaining_s = std::max<int64_t>(0, o.limit_s - o.used_s);
  // Cost of today's use of what this budget counts (weekly budgets too).
  const int64_t today_ns = pb.scope == BudgetScope::app
                               ? usage_.app_ns(BudgetPeriod::daily, budgets_[b].target)
                               : usage_.category_ns(BudgetPeriod::daily, budgets_[b].target);
  o.cost_today = attended_cost(today_ns, policy_.time_value.hourly_value);
  return o;
}

void Scheduler::build(Instant now) {
  auto& out = out_.overlays;
  out.clear();
  held_kinds_ = 0;
  wind_down_shown_ = false;
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
  if (g.kind == OverlayKind::block_shield) {
    Overlay o = budget_overlay(OverlayKind::block_shield, g.reason, g.budget, app);
    o.window = g.window;
    push(o);
  }
  if (prompt_.active) {
    Overlay o = budget_overlay(OverlayKind::friction_prompt, prompt_.reason, prompt_.budget, app);
    o.window = prompt_.window;
    o.exercise = prompt_.exercise;
    o.countdown_s = ceil_s(policy_.friction.pause_s * kNsPerS - prompt_.shown_ns);
    o.bypass_available =
        o.countdown_s == 0 &&
        (prompt_.budget < 0 ||
         budgets_[prompt_.budget].extensions < policy_.budgets[prompt_.budget].max_extensions);
    push(o);
  }
  for (size_t w = 0; w < windows_.size(); ++w) {
    const ProtectedWindow& pw = policy_.windows[w];
    if (pw.kind != WindowKind::sleep || pw.wind_down_min <= 0) continue;
    const int until_min =
        minutes_until_start(pw.days, pw.start, calendar_.weekday(), calendar_.minute_of_day());
    if (until_min > pw.wind_down_min) continue;
    Overlay o;
    wind_down_shown_ = true;
    o.kind = OverlayKind::wind_down;
    o.reason = Reason::wind_down;
    o.window = static_cast<int32_t>(w);
    o.countdown_s = until_min * 60 - calendar_.second_of_minute();
    push(o);
  }
  if (idle_mode_ == IdleMode_::fill) {
    Overlay o;
    o.kind = OverlayKind::fill_card;
    o.reason = idle_reason_;
    o.fill_item = fill_item_;
    push(o);
  }
  for (const Card& c : cards_) {
    Overlay o = budget_overlay(c.kind, c.reason, c.budget, c.app);
    o.nudge_id = c.nudge_id;
    push(o);
  }
  if (summary_visible_) {
    Overlay o;
    o.kind = OverlayKind::daily_summary;
    o.reason = Reason::day_end_summary;
    o.used_s = summary_used_s_;
    o.cost_today = summary_cost_;
    if (push(o)) summary_seen_ = true;
  }
  {
    Overlay o;
    o.kind = OverlayKind::protect_indicator;
    for (size_t w = 0; w < windows_.size() && o.reason == Reason::none; ++w)
      if (windows_active_[w]) {
        o.reason = window_reason(policy_.windows[w].kind);
        o.window = static_cast<int32_t>(w);
      }
    if (o.reason == Reason::none && reclaim_active(now)) o.reason = Reason::reclaimed_time;
    if (o.reason == Reason::none && idle_mode_ == IdleMode_::protect) o.reason = idle_reason_;
    if (o.reason != Reason::none) push(o);
  }
  if (app != kNoId) {
    // The ring shows the tightest budget counting the focused app.
    const CategoryId cat = category_of(app);
    int32_t best = -1;
    int64_t best_left = 0;
    for (int32_t b = 0; b < static_cast<int32_t>(budgets_.size()); ++b) {
      if (!budget_counts(b, app, cat)) continue;
      const int64_t left = limit_ns(b) - used_ns(b);
      if (best < 0 || left < best_left) {
        best = b;
        best_left = left;
      }
    }
    if (best >= 0)
      push(budget_overlay(OverlayKind::budget_ring,
                          best_left <= 0 ? Reason::budget_reached : Reason::budget_tracking, best,
                          app));
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
    if (b >= 0 && b < static_cast<int32_t>(budgets_.size()))
      out_.decisions.back().remaining_s = std::max<int64_t>(0, (limit_ns(b) - used_ns(b)) / kNsPerS);
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
