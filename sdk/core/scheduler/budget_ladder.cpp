#include "core/scheduler/budget_ladder.hpp"

#include <algorithm>
#include <cmath>

#include "core/clock.hpp"
#include "core/cost.hpp"
#include "core/scheduler/exercise_course.hpp"

namespace tw {
namespace {

constexpr int64_t kNsPerS = 1'000'000'000;

int64_t ceil_s(int64_t ns) { return ns <= 0 ? 0 : (ns + kNsPerS - 1) / kNsPerS; }

}  // namespace

void NearestThreshold::consider(int64_t threshold_ns, int64_t used_ns, bool display) {
  if (threshold_ns <= used_ns) return;
  const int64_t d = threshold_ns - used_ns;
  if (display && d < skip_display_ns) return;
  if (ns == 0 || d < ns || (d == ns && !display)) {
    if (ns == 0 || d < ns) display_only = display;
    else display_only = display_only && display;
    ns = d;
  }
}

// ---------------------------------------------------------------- policy ---

void BudgetLadder::set_policy(const std::vector<Budget>& old_budgets, const Policy& policy, Interner& apps,
                              Interner& categories) {
  picker_.set_exercises(policy.friction);
  std::vector<State> old = std::move(state_);
  state_.assign(policy.budgets.size(), State{});
  for (size_t i = 0; i < policy.budgets.size(); ++i) {
    const Budget& b = policy.budgets[i];
    state_[i].target = b.scope == BudgetScope::app ? apps.intern(b.target) : categories.intern(b.target);
    // Computed once here rather than on every step (a ceil per fraction).
    for (size_t f = 0; f < b.warn_at.size() && f < 31; ++f)
      state_[i].warn_ns.push_back(static_cast<int64_t>(std::ceil(b.warn_at[f] * static_cast<double>(b.limit_s) * 1e9)));
    for (size_t j = 0; j < old_budgets.size() && j < old.size(); ++j) {
      if (old_budgets[j].id != b.id) continue;
      state_[i].warned = old[j].warned & ((1u << std::min<size_t>(b.warn_at.size(), 31)) - 1);
      state_[i].extensions = old[j].extensions;
      state_[i].notified = old[j].notified;
    }
  }
}

void BudgetLadder::seed_extensions(int32_t budget, int32_t used) {
  if (budget >= 0 && budget < static_cast<int32_t>(state_.size()))
    state_[budget].extensions = std::max(state_[budget].extensions, used);
}

int32_t BudgetLadder::extensions_used(int32_t budget) const {
  return budget >= 0 && budget < static_cast<int32_t>(state_.size()) ? state_[budget].extensions : 0;
}

void BudgetLadder::new_period(const Policy& policy, bool new_week) {
  for (size_t i = 0; i < state_.size(); ++i) {
    if (policy.budgets[i].period == BudgetPeriod::weekly && !new_week) continue;
    state_[i].warned = 0;
    state_[i].extensions = 0;
    state_[i].notified = false;
  }
}

void BudgetLadder::mark_crossed_silently(const Policy& policy, const UsageCounters& usage) {
  for (size_t i = 0; i < state_.size(); ++i) {
    const auto b = static_cast<int32_t>(i);
    const Budget& pb = policy.budgets[i];
    const int64_t used = used_ns(policy, b, usage);
    for (size_t f = 0; f < state_[i].warn_ns.size(); ++f)
      if (used >= state_[i].warn_ns[f]) state_[i].warned |= 1u << f;
    if (pb.at_limit == LimitAction::notify && used >= pb.limit_s * kNsPerS) state_[i].notified = true;
  }
}

// --------------------------------------------------------------- measures ---

bool BudgetLadder::counts(const Policy& policy, int32_t b, AppId app, CategoryId category) const {
  return policy.budgets[b].scope == BudgetScope::app ? state_[b].target == app : state_[b].target == category;
}

int64_t BudgetLadder::used_ns(const Policy& policy, int32_t b, const UsageCounters& usage) const {
  const Budget& pb = policy.budgets[b];
  return pb.scope == BudgetScope::app ? usage.app_ns(pb.period, state_[b].target)
                                      : usage.category_ns(pb.period, state_[b].target);
}

int64_t BudgetLadder::limit_ns(const Policy& policy, int32_t b) const {
  const Budget& pb = policy.budgets[b];
  int64_t s = pb.limit_s;
  if (pb.at_limit != LimitAction::notify) s = sat_add(s, sat_mul(state_[b].extensions, pb.extension_s));
  return sat_mul(s, kNsPerS);
}

int64_t BudgetLadder::remaining_s(const Policy& policy, int32_t b, const UsageCounters& usage) const {
  return std::max<int64_t>(0, (limit_ns(policy, b) - used_ns(policy, b, usage)) / kNsPerS);
}

// ----------------------------------------------------------------- ladder ---

BudgetClimb BudgetLadder::climb(const Policy& policy, int32_t b, const UsageCounters& usage) {
  const Budget& pb = policy.budgets[b];
  State& st = state_[b];
  const int64_t used = used_ns(policy, b, usage);
  const int64_t base_limit = pb.limit_s * kNsPerS;
  BudgetClimb c;
  // Highest newly crossed fraction: one warning even if several were crossed.
  for (size_t f = 0; f < st.warn_ns.size(); ++f) {
    if (st.warned & (1u << f)) continue;
    if (used >= st.warn_ns[f]) {
      st.warned |= 1u << f;
      c.warn_fraction = static_cast<int>(f);
    }
  }
  if (used >= base_limit) c.warn_fraction = -1;
  if (pb.at_limit == LimitAction::notify && !st.notified && used >= base_limit) {
    st.notified = true;
    c.notify = true;
  }
  return c;
}

int32_t BudgetLadder::at_limit(const Policy& policy, LimitAction action, AppId app, CategoryId category,
                               const UsageCounters& usage) const {
  for (int32_t b = 0; b < static_cast<int32_t>(state_.size()); ++b)
    if (policy.budgets[b].at_limit == action && counts(policy, b, app, category) &&
        used_ns(policy, b, usage) >= limit_ns(policy, b))
      return b;
  return -1;
}

int32_t BudgetLadder::tightest(const Policy& policy, AppId app, CategoryId category, const UsageCounters& usage,
                               int64_t& left_ns) const {
  int32_t best = -1;
  left_ns = 0;
  for (int32_t b = 0; b < static_cast<int32_t>(state_.size()); ++b) {
    if (!counts(policy, b, app, category)) continue;
    const int64_t left = limit_ns(policy, b) - used_ns(policy, b, usage);
    if (best < 0 || left < left_ns) {
      best = b;
      left_ns = left;
    }
  }
  return best;
}

// Accrual stops at these, so a limit is met, and the ring's minute changes,
// at the exact instant whatever the tick rate.
void BudgetLadder::thresholds(const Policy& policy, AppId app, CategoryId category, const UsageCounters& usage,
                              NearestThreshold& nearest) const {
  constexpr int64_t kMinNs = 60 * kNsPerS;
  for (int32_t b = 0; b < static_cast<int32_t>(state_.size()); ++b) {
    if (!counts(policy, b, app, category)) continue;
    const int64_t used = used_ns(policy, b, usage);
    const std::vector<int64_t>& warn = state_[b].warn_ns;
    for (size_t f = 0; f < warn.size(); ++f)
      if (!(state_[b].warned & (1u << f))) nearest.consider(warn[f], used);
    const int64_t limit = limit_ns(policy, b);
    nearest.consider(limit, used);
    // Displayed minutes: used_s / 60 and (limit_s - used_s) / 60, in whole
    // seconds; the first ones at least skip_display_ns ahead.
    const int64_t u = sat_add(used, std::max<int64_t>(0, nearest.skip_display_ns - 1));
    nearest.consider(sat_mul(u / kMinNs + 1, kMinNs), used, true);
    const int64_t left_s = limit / kNsPerS - u / kNsPerS;
    if (left_s > 0) nearest.consider(sat_mul(limit / kNsPerS - (left_s / 60) * 60 + 1, kNsPerS), used, true);
  }
}

Overlay BudgetLadder::overlay(const Policy& policy, OverlayKind kind, Reason reason, int32_t b, AppId app,
                              CategoryId category, const UsageCounters& usage) const {
  Overlay o;
  o.kind = kind;
  o.reason = reason;
  o.app = app;
  o.category = category;
  o.budget = b;
  if (b < 0) return o;
  const Budget& pb = policy.budgets[b];
  o.used_s = used_ns(policy, b, usage) / kNsPerS;
  o.limit_s = limit_ns(policy, b) / kNsPerS;
  o.remaining_s = std::max<int64_t>(0, o.limit_s - o.used_s);
  // Cost of today's use of what this budget counts (weekly budgets too).
  const int64_t today_ns = pb.scope == BudgetScope::app ? usage.app_ns(BudgetPeriod::daily, state_[b].target)
                                                        : usage.category_ns(BudgetPeriod::daily, state_[b].target);
  o.cost_today = attended_cost(today_ns, policy.time_value.hourly_value);
  return o;
}

// ----------------------------------------------------------------- prompt ---

void BudgetLadder::update_prompt(const Gate& gate, AppId app) {
  const bool extension = gate.kind == OverlayKind::block_shield && gate.budget >= 0 && gate.budget == extend_budget_;
  if (!extension) extend_budget_ = -1;  // the block it was asked on is over
  if ((gate.kind != OverlayKind::friction_prompt && !extension) || prompt_left_) {
    prompt_.active = false;
    return;
  }
  if (prompt_.active && prompt_.app == app && prompt_.budget == gate.budget && prompt_.window == gate.window) return;
  prompt_ = {.active = true, .budget = gate.budget, .window = gate.window,
             .reason = extension ? Reason::extension_requested : gate.reason, .app = app,
             .shown_ns = 0, .exercise = picker_.pick(), .serial = prompt_.serial + 1};
}

int64_t BudgetLadder::unlock_ns(const Policy& policy) const {
  return sat_mul(unlock_after_ms(policy, prompt_.exercise), 1'000'000);
}

int64_t BudgetLadder::prompt_countdown_s(const Policy& policy) const {
  return ceil_s(unlock_ns(policy) - prompt_.shown_ns);
}

int64_t BudgetLadder::next_countdown_second_ns(const Policy& policy, int64_t skip_ns) const {
  const int64_t left = unlock_ns(policy) - prompt_.shown_ns;
  if (!prompt_.active || left <= skip_ns) return -1;
  return left - (ceil_s(left - skip_ns) - 1) * kNsPerS;
}

bool BudgetLadder::prompt_bypass_available(const Policy& policy) const {
  return prompt_countdown_s(policy) == 0 &&
         (prompt_.budget < 0 || state_[prompt_.budget].extensions < policy.budgets[prompt_.budget].max_extensions);
}

void BudgetLadder::pass_visible_time(int64_t dt_ns) {
  if (prompt_.active) prompt_.shown_ns += dt_ns;
}

bool BudgetLadder::pick_row(const Policy& policy, int32_t row) {
  if (!prompt_.active || row < 0 || row >= exercise_rows(policy, prompt_.exercise)) return false;
  prompt_.picked = row;
  return true;
}

bool BudgetLadder::exercise_done(const Policy& policy) const {
  return prompt_.shown_ns >= unlock_ns(policy) && (prompt_.picked >= 0 || exercise_rows(policy, prompt_.exercise) == 0);
}

BypassAnswer BudgetLadder::continue_anyway(const Policy& policy) {
  const int32_t b = prompt_.budget;
  if (!exercise_done(policy)) return BypassAnswer::pause_not_over;
  if (b >= 0 && state_[b].extensions >= policy.budgets[b].max_extensions) return BypassAnswer::exhausted;
  if (b >= 0) ++state_[b].extensions;
  else window_bypass_ = true;
  prompt_.active = false;
  extend_budget_ = -1;
  return BypassAnswer::granted;
}

bool BudgetLadder::leave_prompt() {
  if (!prompt_.active) return false;
  prompt_.active = false;
  prompt_left_ = true;
  extend_budget_ = -1;
  return true;
}

bool BudgetLadder::extension_offered(const Policy& policy, const Gate& gate) const {
  if (gate.kind != OverlayKind::block_shield || gate.budget < 0 || gate.window >= 0 || prompt_left_) return false;
  if (gate.budget >= static_cast<int32_t>(state_.size())) return false;
  const Budget& pb = policy.budgets[gate.budget];
  return pb.extension_s > 0 && state_[gate.budget].extensions < pb.max_extensions;
}

ExtendAnswer BudgetLadder::request_extension(const Policy& policy, const Gate& gate) {
  if (gate.kind != OverlayKind::block_shield || gate.budget < 0 || gate.window >= 0 || prompt_left_ ||
      policy.budgets[gate.budget].max_extensions <= 0 || policy.budgets[gate.budget].extension_s <= 0)
    return ExtendAnswer::not_offered;
  if (!extension_offered(policy, gate)) return ExtendAnswer::exhausted;
  extend_budget_ = gate.budget;
  return ExtendAnswer::opened;
}

void BudgetLadder::on_app_switch() {
  prompt_left_ = false;
  window_bypass_ = false;
  extend_budget_ = -1;
}

}  // namespace tw
