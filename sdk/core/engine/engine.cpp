#include "core/engine/engine.hpp"

#include <algorithm>
#include <climits>
#include <map>

#include "core/app_id.hpp"
#include "core/cost.hpp"
#include "core/policy/policy_canonical.hpp"

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
  if (engine.ledger_) {
    // An edited audit trail must not stop recording: said, and the policy in
    // force is recorded afresh.
    auto last = engine.ledger_->last_accepted_policy();
    if (!last) engine.ledger_error_ = last.error();
    else if (last.value()) {
      engine.recorded_hash_ = last.value()->hash;
      engine.recorded_text_ = !last.value()->text.empty();
    }
  }
  return engine;
}

Engine::Engine(const EngineDesc& desc, std::optional<Ledger> ledger)
    : scheduler_(desc.policy, desc.timezone), ledger_(std::move(ledger)) {
  if (desc.commit_every_s > 0) commit_every_ms_ = desc.commit_every_s * 1000;
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
  if (!ledger_) return;
  const Policy& p = scheduler_.policy();
  std::string hash = policy_hash(p);
  if (hash == recorded_hash_ && recorded_text_) return;
  const std::string text = canonical_policy_text(p);
  check(ledger_->record_policy_change(
      {.at_ms = now.unix_ms, .old_hash = recorded_hash_, .new_hash = hash, .policy_text = text}));
  recorded_hash_ = std::move(hash);
  recorded_text_ = true;
  must_commit_ = true;
}

void Engine::record_policy_refusal(std::string_view source, Errc code, Instant now) {
  if (!ledger_ || (code != Errc::pin_required && code != Errc::pin_wrong && code != Errc::pin_backoff)) return;
  check(ledger_->record_policy_refusal(
      {.at_ms = now.unix_ms, .source = source, .code = to_string(code), .active_hash = policy_hash(policy())}));
  must_commit_ = true;
}

// Today's and this week's attended time per app, so budgets continue where
// the last session stopped.
void Engine::seed(Instant now) {
  seeded_ = true;
  if (!ledger_) return;
  const TimeZone& tz = scheduler_.calendar().zone();
  const int64_t now_s = floor_div(now.unix_ms, 1000);
  const int64_t today = tz.local_day_number(now_s);
  const int64_t monday = tz.local_day_number(tz.local_week_start(now_s));
  std::map<std::string, std::pair<int64_t, int64_t>> ms;  // app -> (today, week)
  for (int64_t d = monday; d <= today; ++d) {
    auto rows = ledger_->day_per_app(d);
    if (!rows) {
      ledger_error_ = rows.error();
      return;
    }
    for (const UsageTotal& u : rows.value()) {
      auto& e = ms[normalize_app_id(u.name)];  // older ledgers may hold other spellings
      e.second += u.attended_ms;
      if (d == today) e.first += u.attended_ms;
    }
  }
  for (const auto& [name, v] : ms)
    scheduler_.seed_usage(scheduler_.apps().intern(name), v.first / 1000, v.second / 1000);
  seed_extensions(now);
}

// "Continue anyway" grants already used in each budget's current period
// (this local day, or this local week from Monday), so a restart does not
// hand the wearer fresh ones.
void Engine::seed_extensions(Instant now) {
  const TimeZone& tz = scheduler_.calendar().zone();
  const int64_t now_s = floor_div(now.unix_ms, 1000);
  auto today = ledger_->bypasses_per_budget(tz.local_day_start(now_s) * 1000, now.unix_ms + 1);
  auto week = ledger_->bypasses_per_budget(tz.local_week_start(now_s) * 1000, now.unix_ms + 1);
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
  if (!ledger_) return;
  check(ledger_->record_heartbeat({.app = scheduler_.apps().name(app),
                                   .category = scheduler_.categories().name(category),
                                   .start_ms = from.unix_ms,
                                   .duration_ms = std::max<int64_t>(0, to.unix_ms - from.unix_ms)}));
}

void Engine::on_day_end(int64_t, int64_t) { must_commit_ = true; }

void Engine::close_idle(int64_t end_ms) {
  if (!idle_open_) return;
  idle_open_ = false;
  if (!ledger_) return;
  const Policy& p = scheduler_.policy();
  std::string_view item;
  if (idle_item_ >= 0 && idle_item_ < static_cast<int32_t>(p.idle.items.size()))
    item = p.idle.items[idle_item_].id;
  check(ledger_->record_idle({.start_ms = idle_start_ms_,
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
    if (!ledger_) continue;
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
      check(ledger_->record_friction(ev));
      must_commit_ = true;
    } else if (d.overlay == OverlayKind::block_shield && d.kind == DecisionKind::show &&
               d.reason != Reason::motion_settled && !app.empty()) {
      check(ledger_->record_block(
          {.at_ms = d.unix_ms, .app = app, .category = cat, .reason = to_string(d.reason)}));
      must_commit_ = true;
    }
  }
  if (idle_open_ && !scheduler_.attention().idle())
    close_idle(std::min(now.unix_ms, std::max(idle_start_ms_, scheduler_.idle_ended_at().unix_ms)));
}

void Engine::commit(Instant now) {
  if (!ledger_) return;
  if (Status st = ledger_->commit(); !st) {
    ledger_error_ = st;
    return;
  }
  ledger_error_ = Status{};
  must_commit_ = false;
  last_commit_ms_ = now.unix_ms;
}

const TickOutput& Engine::tick(Instant at, std::span<const Signal> signals) {
  // Out-of-range instants are clamped; one before the last is the last (clock.hpp).
  Instant now = clamp_instant(at);
  if (seeded_ && now.mono_ns < scheduler_.attention().now().mono_ns) now = scheduler_.attention().now();
  if (!seeded_) {
    seed(now);
    if (!policy_recorded_) record_policy(now);
    last_commit_ms_ = now.unix_ms;
  }
  const TickOutput& out = scheduler_.tick(now, signals, this);
  record(out, now);
  if (ledger_ && (must_commit_ || now.unix_ms - last_commit_ms_ >= commit_every_ms_)) commit(now);
  return out;
}

Status Engine::finish(Instant at) {
  const Instant now = clamp_instant(at);
  if (!policy_recorded_) record_policy(now);
  close_idle(now.unix_ms);
  commit(now);
  return ledger_error_;
}

Result<DayReport> Engine::day_report(int64_t day) const {
  if (!ledger_) return Error{Errc::invalid_argument, "Engine::day_report: no ledger (EngineDesc.ledger_path is empty)"};
  const double hourly = scheduler_.policy().time_value.hourly_value;
  DayReport r;
  r.day = day;
  auto apps = ledger_->day_per_app(day);
  if (!apps) return apps.error();
  for (const UsageTotal& u : apps.value()) {
    r.per_app.push_back({u.name, u.attended_ms, attended_cost_ms(u.attended_ms, hourly)});
    r.attended_ms += u.attended_ms;
  }
  auto cats = ledger_->day_per_category(day);
  if (!cats) return cats.error();
  for (const UsageTotal& u : cats.value())
    r.per_category.push_back({u.name, u.attended_ms, attended_cost_ms(u.attended_ms, hourly)});
  r.cost = attended_cost_ms(r.attended_ms, hourly);
  auto s = ledger_->day_summary(day);
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
