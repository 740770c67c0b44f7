// capi_engine.cpp: tw_engine_* of timewall.h on top of tw::Engine and
// tw::PolicyStore. Every function body runs inside guard().
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>

#include "capi_internal.hpp"

using tw::capi::guard;
using tw::capi::report;
using tw::capi::to_result;

namespace {

constexpr const char* kDefaultPolicyName = "<policy>";
constexpr const char* kDefaultZoneinfo = "/usr/share/zoneinfo";
constexpr int32_t kMaxSignalKind = static_cast<int32_t>(tw::SignalKind::nudge);
constexpr int32_t kMaxContext = static_cast<int32_t>(tw::Context::in_conversation);

// Times the core's arithmetic (instant + policy durations of up to weeks, in
// ns) can never overflow on: mono_ns in [0, 2^62) (146 years of uptime),
// unix_ms from 1970 to the end of 9999.
constexpr int64_t kMaxMonoNs = int64_t{1} << 62;
constexpr int64_t kMaxUnixMs = 253'402'300'799'999;

bool valid(tw_instant t) {
  return t.mono_ns >= 0 && t.mono_ns < kMaxMonoNs && t.unix_ms >= 0 && t.unix_ms <= kMaxUnixMs;
}

bool valid(const tw_signal& s) {
  return s.kind >= 0 && s.kind <= kMaxSignalKind && s.context >= 0 && s.context <= kMaxContext &&
         valid(s.at) && std::isfinite(s.linear_mps) && std::isfinite(s.angular_dps) &&
         s.planned_end_unix_ms >= 0 && s.planned_end_unix_ms <= kMaxUnixMs;
}

const char* or_default(const char* s, const char* fallback) { return s ? s : fallback; }

// Loads text or a file into `store`; exactly one of the two must be given.
tw_result load_into(tw::PolicyStore& store, const char* text, const char* path, const char* name,
                    const char* pin, tw::Instant now, tw_diagnostics* diag) {
  if (text && path)
    return report(diag, TW_ERROR_INVALID_ARGUMENT, "", "", "give the policy as text or as a path, not both");
  const std::string_view guardian = pin ? pin : "";
  auto r = text ? store.reload_text(text, or_default(name, kDefaultPolicyName), guardian, now)
                : store.reload(path, guardian, now);
  if (r) return TW_OK;
  tw::capi::report(diag, store.last_errors());
  return to_result(r.error().code);
}

const char* cached_name(tw::Interner& names, std::deque<std::string>& cache, uint32_t id) {
  if (id == tw::kNoId || id >= names.size()) return "";
  while (cache.size() <= id) cache.emplace_back(names.name(static_cast<uint32_t>(cache.size())));
  return cache[id].c_str();
}

void convert(tw_engine& e, const tw::TickOutput& out) {
  e.overlays.clear();
  e.decisions.clear();
  for (const tw::Overlay& o : out.overlays) {
    e.overlays.push_back({.kind = static_cast<int32_t>(o.kind),
                          .reason = static_cast<int32_t>(o.reason),
                          .app = cached_name(e.engine.apps(), e.app_names, o.app),
                          .category = cached_name(e.engine.categories(), e.category_names, o.category),
                          .budget = o.budget,
                          .window = o.window,
                          .fill_item = o.fill_item,
                          .exercise = o.exercise,
                          .nudge_id = o.nudge_id,
                          .used_s = o.used_s,
                          .limit_s = o.limit_s,
                          .remaining_s = o.remaining_s,
                          .countdown_s = o.countdown_s,
                          .cost_today = o.cost_today,
                          .bypass_available = o.bypass_available ? 1 : 0});
  }
  for (const tw::Decision& d : out.decisions) {
    e.decisions.push_back({.unix_ms = d.unix_ms,
                           .kind = static_cast<int32_t>(d.kind),
                           .overlay = static_cast<int32_t>(d.overlay),
                           .reason = static_cast<int32_t>(d.reason),
                           .app = cached_name(e.engine.apps(), e.app_names, d.app),
                           .category = cached_name(e.engine.categories(), e.category_names, d.category),
                           .budget = d.budget,
                           .remaining_s = d.remaining_s,
                           .window = d.window,
                           .fill_item = d.fill_item,
                           .exercise = d.exercise,
                           .nudge_id = d.nudge_id});
  }
}

tw::Result<tw::DayReport> query_day(const tw_engine& e, int64_t unix_ms) {
  return e.engine.day_report(e.engine.local_day(tw::Instant{.mono_ns = 0, .unix_ms = unix_ms}));
}

// Copies a report's rows into handle-owned storage (names first, so the
// pointers taken afterwards stay put).
void keep_rows(tw_engine& e, const tw::DayReport& r) {
  e.row_names.clear();
  e.row_names.reserve(r.per_app.size() + r.per_category.size());
  for (const auto& l : r.per_app) e.row_names.push_back(l.name);
  for (const auto& l : r.per_category) e.row_names.push_back(l.name);
  e.rows_app.clear();
  e.rows_category.clear();
  size_t i = 0;
  for (const auto& l : r.per_app) e.rows_app.push_back({e.row_names[i++].c_str(), l.attended_ms, l.cost});
  for (const auto& l : r.per_category)
    e.rows_category.push_back({e.row_names[i++].c_str(), l.attended_ms, l.cost});
}

}  // namespace

extern "C" {

tw_result tw_engine_create(const tw_engine_desc* desc, tw_engine** out_engine, tw_diagnostics* diag) {
  return guard([&]() -> tw_result {
    tw::capi::clear(diag);
    if (!out_engine) return report(diag, TW_ERROR_INVALID_ARGUMENT, "", "", "out_engine is NULL");
    *out_engine = nullptr;
    if (!desc) return report(diag, TW_ERROR_INVALID_ARGUMENT, "", "", "desc is NULL");
    if (desc->struct_size != sizeof(tw_engine_desc))
      return report(diag, TW_ERROR_STRUCT_SIZE, "", "", "tw_engine_desc.struct_size must be sizeof(tw_engine_desc)");
    if (desc->commit_every_s < 0)
      return report(diag, TW_ERROR_INVALID_ARGUMENT, "", "", "tw_engine_desc.commit_every_s must be >= 0");

    // Loaded through a store so that later reloads are gated like the CLI's,
    // starting from the policy the ledger last accepted: a [youth] edited
    // while the app was closed needs the PIN (tw_engine_load_policy).
    auto store = std::make_unique<tw::PolicyStore>();
    bool remembered = false;
    int64_t wrong_pins = 0;
    if (desc->ledger_path) {
      auto seeded = tw::remember_accepted_policy(*store, desc->ledger_path);
      if (!seeded)
        return report(diag, to_result(seeded.error().code), desc->ledger_path, "", seeded.error().message);
      remembered = seeded.value().has_value();
      if (remembered) wrong_pins = seeded.value()->wrong_pins;
    }
    tw_result refused = TW_OK;
    if (desc->policy_text || desc->policy_path) {
      const tw_result r = load_into(*store, desc->policy_text, desc->policy_path, desc->policy_name,
                                    nullptr, tw::Instant{}, diag);
      const bool pin_refusal = r == TW_ERROR_PIN_REQUIRED || r == TW_ERROR_PIN_WRONG || r == TW_ERROR_PIN_BACKOFF;
      if (r != TW_OK && !(remembered && pin_refusal)) return r;
      refused = r;  // the remembered policy stays in force; diagnostics say why
    }
    const auto active = store->active();  // keeps the snapshot alive below
    const tw::Policy& policy = *active;
    const std::string zone = desc->timezone ? desc->timezone : policy.time_value.timezone;
    auto tz = tw::TimeZone::load(zone, or_default(desc->zoneinfo_dir, kDefaultZoneinfo));
    if (!tz)
      return report(diag, to_result(tz.error().code), or_default(desc->policy_path, ""),
                    desc->timezone ? "" : "time_value.timezone", tz.error().message);

    auto engine = tw::Engine::create({.policy = policy,
                                      .timezone = tz.value(),
                                      .ledger_path = or_default(desc->ledger_path, ""),
                                      .commit_every_s = desc->commit_every_s,
                                      .sync = desc->ledger_sync_full ? tw::LedgerSync::full
                                                                      : tw::LedgerSync::normal});
    if (!engine)
      return report(diag, to_result(engine.error().code), or_default(desc->ledger_path, ""), "",
                    engine.error().message);
    auto handle = std::make_unique<tw_engine>(std::move(engine).value(), std::move(store));
    handle->queue.reserve(64);
    handle->wrong_pins = wrong_pins;
    if (refused != TW_OK) {
      handle->refused_source = desc->policy_path ? desc->policy_path : or_default(desc->policy_name, kDefaultPolicyName);
      handle->refused_code = static_cast<tw::Errc>(refused);
    }
    *out_engine = handle.release();
    return TW_OK;
  });
}

void tw_engine_destroy(tw_engine* engine) {
  (void)guard([&] {
    delete engine;
    return TW_OK;
  });
}

tw_result tw_engine_load_policy(tw_engine* engine, const tw_policy_desc* desc, tw_diagnostics* diag) {
  return guard([&]() -> tw_result {
    tw::capi::clear(diag);
    if (!engine) return report(diag, TW_ERROR_NULL_HANDLE, "", "", "engine is NULL");
    if (!desc) return report(diag, TW_ERROR_INVALID_ARGUMENT, "", "", "desc is NULL");
    if (desc->struct_size != sizeof(tw_policy_desc))
      return report(diag, TW_ERROR_STRUCT_SIZE, "", "", "tw_policy_desc.struct_size must be sizeof(tw_policy_desc)");
    if (!desc->text && !desc->path)
      return report(diag, TW_ERROR_INVALID_ARGUMENT, "", "", "give the policy as text or as a path");
    const tw::Instant now{.mono_ns = desc->now.mono_ns, .unix_ms = desc->now.unix_ms};
    if (engine->wrong_pins > 0) {  // the back-off of earlier runs, from the first time given
      engine->store->restore_guardian_failures(static_cast<int>(std::min<int64_t>(engine->wrong_pins, 64)), now);
      engine->wrong_pins = 0;
    }
    const tw_result r = load_into(*engine->store, desc->text, desc->path, desc->name,
                                  desc->guardian_pin, now, diag);
    if (r != TW_OK) {
      engine->engine.record_policy_refusal(desc->path ? desc->path : or_default(desc->name, kDefaultPolicyName),
                                           static_cast<tw::Errc>(r), now);
      return r;
    }
    engine->engine.set_policy(*engine->store->active(), now);
    return TW_OK;
  });
}

tw_result tw_engine_feed(tw_engine* engine, const tw_signal* signals, size_t count) {
  return guard([&]() -> tw_result {
    if (!engine) return TW_ERROR_NULL_HANDLE;
    if (count == 0) return TW_OK;
    if (!signals) return TW_ERROR_INVALID_ARGUMENT;
    for (size_t i = 0; i < count; ++i)
      if (!valid(signals[i])) return TW_ERROR_INVALID_ARGUMENT;
    for (size_t i = 0; i < count; ++i) {
      const tw_signal& s = signals[i];
      tw::AppId app = tw::kNoId;
      if (s.app) {
        const std::string_view name = s.app;
        auto found = engine->engine.apps().find(name);
        app = found ? *found : engine->engine.apps().intern(name);
      }
      engine->queue.push_back({.at = {.mono_ns = s.at.mono_ns, .unix_ms = s.at.unix_ms},
                               .kind = static_cast<tw::SignalKind>(s.kind),
                               .app = app,
                               .context = static_cast<tw::Context>(s.context),
                               .linear_mps = s.linear_mps,
                               .angular_dps = s.angular_dps,
                               .planned_end_unix_ms = s.planned_end_unix_ms,
                               .nudge_id = s.nudge_id,
                               .urgent = s.urgent != 0});
    }
    return TW_OK;
  });
}

tw_result tw_engine_tick(tw_engine* engine, tw_instant now) {
  return guard([&]() -> tw_result {
    if (!engine) return TW_ERROR_NULL_HANDLE;
    if (!valid(now)) return TW_ERROR_INVALID_ARGUMENT;
    const tw::Instant at{.mono_ns = now.mono_ns, .unix_ms = now.unix_ms};
    if (engine->refused_code != tw::Errc::ok) {
      engine->engine.record_policy_refusal(engine->refused_source, engine->refused_code, at);
      engine->refused_code = tw::Errc::ok;
    }
    const tw::TickOutput& out = engine->engine.tick(at, engine->queue);
    engine->queue.clear();
    convert(*engine, out);
    return TW_OK;
  });
}

tw_result tw_engine_overlays(const tw_engine* engine, const tw_overlay** out, size_t* count) {
  return guard([&]() -> tw_result {
    if (!engine) return TW_ERROR_NULL_HANDLE;
    if (!out || !count) return TW_ERROR_INVALID_ARGUMENT;
    *out = engine->overlays.data();
    *count = engine->overlays.size();
    return TW_OK;
  });
}

tw_result tw_engine_decisions(const tw_engine* engine, const tw_decision** out, size_t* count) {
  return guard([&]() -> tw_result {
    if (!engine) return TW_ERROR_NULL_HANDLE;
    if (!out || !count) return TW_ERROR_INVALID_ARGUMENT;
    *out = engine->decisions.data();
    *count = engine->decisions.size();
    return TW_OK;
  });
}

tw_result tw_engine_policy_string(const tw_engine* engine, int32_t what, int32_t index, const char** out) {
  return guard([&]() -> tw_result {
    if (!engine) return TW_ERROR_NULL_HANDLE;
    if (!out) return TW_ERROR_INVALID_ARGUMENT;
    const tw::Policy& p = engine->engine.policy();
    auto pick = [&](const auto& items, auto field) -> tw_result {
      if (index < 0 || static_cast<size_t>(index) >= items.size()) return TW_ERROR_OUT_OF_RANGE;
      *out = (items[static_cast<size_t>(index)].*field).c_str();
      return TW_OK;
    };
    switch (what) {
      case TW_POLICY_CURRENCY: *out = p.time_value.currency.c_str(); return TW_OK;
      case TW_POLICY_BUDGET_ID: return pick(p.budgets, &tw::Budget::id);
      case TW_POLICY_WINDOW_NAME: return pick(p.windows, &tw::ProtectedWindow::name);
      case TW_POLICY_FILL_TITLE: return pick(p.idle.items, &tw::FillItem::title);
      case TW_POLICY_FILL_BODY: return pick(p.idle.items, &tw::FillItem::body);
      case TW_POLICY_EXERCISE_TEXT: return pick(p.friction.exercises, &tw::Exercise::text);
      default: return TW_ERROR_INVALID_ARGUMENT;
    }
  });
}

tw_result tw_engine_finish(tw_engine* engine, tw_instant now) {
  return guard([&]() -> tw_result {
    if (!engine) return TW_ERROR_NULL_HANDLE;
    if (!valid(now)) return TW_ERROR_INVALID_ARGUMENT;
    if (!engine->engine.ledger()) return TW_ERROR_NO_LEDGER;
    tw::Status st = engine->engine.finish({.mono_ns = now.mono_ns, .unix_ms = now.unix_ms});
    return st ? TW_OK : to_result(st.error().code);
  });
}

tw_result tw_engine_ledger_status(const tw_engine* engine, tw_diagnostics* diag) {
  return guard([&]() -> tw_result {
    tw::capi::clear(diag);
    if (!engine) return report(diag, TW_ERROR_NULL_HANDLE, "", "", "engine is NULL");
    const tw::Ledger* ledger = engine->engine.ledger();
    if (!ledger) return report(diag, TW_ERROR_NO_LEDGER, "", "", "the engine was made without a ledger_path");
    const tw::Status& st = engine->engine.last_ledger_error();
    if (st) return TW_OK;
    return report(diag, to_result(st.error().code), ledger->path(), "", st.error().message);
  });
}

tw_result tw_engine_usage_today(tw_engine* engine, int64_t unix_ms, int32_t group, const tw_usage** out,
                                size_t* count) {
  return guard([&]() -> tw_result {
    if (!engine) return TW_ERROR_NULL_HANDLE;
    if (!out || !count || (group != TW_GROUP_APP && group != TW_GROUP_CATEGORY))
      return TW_ERROR_INVALID_ARGUMENT;
    if (!engine->engine.ledger()) return TW_ERROR_NO_LEDGER;
    auto r = query_day(*engine, unix_ms);
    if (!r) return to_result(r.error().code);
    keep_rows(*engine, r.value());
    const auto& rows = group == TW_GROUP_APP ? engine->rows_app : engine->rows_category;
    *out = rows.data();
    *count = rows.size();
    return TW_OK;
  });
}

tw_result tw_engine_day_report(tw_engine* engine, int64_t unix_ms, tw_day_report* out) {
  return guard([&]() -> tw_result {
    if (!engine) return TW_ERROR_NULL_HANDLE;
    if (!out) return TW_ERROR_INVALID_ARGUMENT;
    if (!engine->engine.ledger()) return TW_ERROR_NO_LEDGER;
    auto got = query_day(*engine, unix_ms);
    if (!got) return to_result(got.error().code);
    const tw::DayReport& r = got.value();
    keep_rows(*engine, r);
    *out = tw_day_report{.day = r.day,
                         .attended_ms = r.attended_ms,
                         .cost = r.cost,
                         .currency = engine->engine.policy().time_value.currency.c_str(),
                         .protected_ms = r.protected_ms,
                         .filled_ms = r.filled_ms,
                         .friction_shown = r.friction_shown,
                         .friction_left = r.friction_left,
                         .bypasses = r.bypasses,
                         .bypass_extension_s = r.bypass_extension_s,
                         .blocks = r.blocks,
                         .per_app = engine->rows_app.data(),
                         .per_app_count = engine->rows_app.size(),
                         .per_category = engine->rows_category.data(),
                         .per_category_count = engine->rows_category.size()};
    return TW_OK;
  });
}

}  // extern "C"
