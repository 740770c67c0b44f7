// capi_engine.cpp: tw_engine_* of timewall.h on top of tw::Runtime. Every
// function body runs inside guard().
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "capi_internal.hpp"
#include "core/app_id.hpp"
#include "core/runtime/device_paths.hpp"
#include "core/scheduler/exercise_course.hpp"

using tw::capi::guard;
using tw::capi::report;
using tw::capi::to_result;

namespace {

constexpr int32_t kMaxSignalKind = static_cast<int32_t>(tw::SignalKind::exercise_pick);
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
         s.planned_end_unix_ms >= 0 && s.planned_end_unix_ms <= kMaxUnixMs &&
         (s.kind != TW_SIGNAL_EXERCISE_PICK || s.nudge_id < static_cast<uint32_t>(tw::kMaxExerciseRows));
}

const char* or_default(const char* s, const char* fallback) { return s ? s : fallback; }

// Loads text or a file through the runtime's guardian gate; exactly one of
// the two must be given.
tw_result load_into(tw::Runtime& runtime, const char* text, const char* path, const char* name, const char* pin,
                    tw::Instant now, tw_diagnostics* diag) {
  if (text && path)
    return report(diag, TW_ERROR_INVALID_ARGUMENT, "", "", "give the policy as text or as a path, not both");
  const std::string_view guardian = pin ? pin : "";
  auto r = text ? runtime.load_policy_text(text, or_default(name, ""), guardian, now)
                : runtime.load_policy(path, guardian, now);
  if (r) return TW_OK;
  tw::capi::report(diag, runtime.policy_errors());
  return to_result(r.error().code);
}

const char* cached_name(tw::Interner& names, std::deque<std::string>& cache, uint32_t id) {
  if (id == tw::kNoId || id >= names.size()) return "";
  while (cache.size() <= id) cache.emplace_back(names.name(static_cast<uint32_t>(cache.size())));
  return cache[id].c_str();
}

// The notification cards among the overlays, pointing into the inbox's
// entries (stable until the next tick or notify).
void convert_cards(tw_engine& e) {
  e.cards.clear();
  const tw::Inbox& inbox = e.runtime.engine().inbox();
  for (const tw_overlay& o : e.overlays) {
    if (o.kind != static_cast<int32_t>(tw::OverlayKind::nudge) || !tw::is_notify_nudge(o.nudge_id)) continue;
    const uint32_t id = tw::notify_id_of(o.nudge_id);
    const tw::InboxEntry* entry = inbox.find(id);
    if (!entry) continue;
    e.cards.push_back({.id = id,
                       .source = entry->content.app_name.c_str(),
                       .title = entry->content.summary.c_str(),
                       .body = entry->content.body.c_str(),
                       .count = static_cast<uint32_t>(inbox.on_card(id))});
  }
}

int32_t exercise_kind(const tw_engine& e, int32_t exercise) {
  const auto& list = e.runtime.policy().friction.exercises;
  if (exercise < 0 || static_cast<size_t>(exercise) >= list.size()) return -1;
  return static_cast<int32_t>(list[static_cast<size_t>(exercise)].kind);
}

void convert(tw_engine& e, const tw::TickOutput& out) {
  e.overlays.clear();
  e.decisions.clear();
  for (const tw::Overlay& o : out.overlays) {
    e.overlays.push_back({.kind = static_cast<int32_t>(o.kind),
                          .reason = static_cast<int32_t>(o.reason),
                          .app = cached_name(e.runtime.apps(), e.app_names, o.app),
                          .category = cached_name(e.runtime.categories(), e.category_names, o.category),
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
                          .bypass_available = o.bypass_available ? 1 : 0,
                          .exercise_kind = exercise_kind(e, o.exercise),
                          .exercise_ms = o.exercise_ms});
  }
  for (const tw::Decision& d : out.decisions) {
    e.decisions.push_back({.unix_ms = d.unix_ms,
                           .kind = static_cast<int32_t>(d.kind),
                           .overlay = static_cast<int32_t>(d.overlay),
                           .reason = static_cast<int32_t>(d.reason),
                           .app = cached_name(e.runtime.apps(), e.app_names, d.app),
                           .category = cached_name(e.runtime.categories(), e.category_names, d.category),
                           .budget = d.budget,
                           .remaining_s = d.remaining_s,
                           .window = d.window,
                           .fill_item = d.fill_item,
                           .exercise = d.exercise,
                           .nudge_id = d.nudge_id,
                           .answer = static_cast<int32_t>(d.answer)});
  }
}

tw::Result<tw::DayReport> query_day(const tw_engine& e, int64_t unix_ms) {
  const tw::Engine& engine = e.runtime.engine();
  return engine.day_report(engine.local_day(tw::Instant{.mono_ns = 0, .unix_ms = unix_ms}));
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

    // A youth change refused here (no PIN at create) keeps the policy the
    // ledger last accepted: TW_OK, the refusal in diagnostics, audited at the
    // first time the host gives.
    std::vector<tw::PolicyError> problems;
    auto runtime = tw::Runtime::create({.policy_path = or_default(desc->policy_path, ""),
                                        .policy_text = desc->policy_text ? std::optional<std::string>(desc->policy_text)
                                                                         : std::nullopt,
                                        .policy_name = or_default(desc->policy_name, ""),
                                        .device_policy_path = tw::device_file(tw::kDeviceDir, tw::kDevicePolicyFile),
                                        .ledger_path = or_default(desc->ledger_path, ""),
                                        .timezone = or_default(desc->timezone, ""),
                                        .zoneinfo_dir = or_default(desc->zoneinfo_dir, ""),
                                        .commit_every_s = desc->commit_every_s,
                                        .sync = desc->ledger_sync_full ? tw::LedgerSync::full
                                                                        : tw::LedgerSync::normal},
                                       &problems);
    tw::capi::report(diag, problems);
    if (!runtime) {
      const tw::Error& e = runtime.error();
      return problems.empty() ? report(diag, to_result(e.code), "", "", e.message) : to_result(e.code);
    }
    auto handle = std::make_unique<tw_engine>(std::move(runtime).value());
    handle->queue.reserve(64);
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
    return load_into(engine->runtime, desc->text, desc->path, desc->name, desc->guardian_pin, now, diag);
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
        // The app id rule (core/app_id.hpp); ids already in its form are not copied.
        const std::string_view name = s.app;
        if (tw::is_normalized_app_id(name)) {
          auto found = engine->runtime.apps().find(name);
          app = found ? *found : engine->runtime.apps().intern(name);
        } else {
          app = engine->runtime.apps().intern(tw::normalize_app_id(name));
        }
      }
      engine->queue.push_back({.at = {.mono_ns = s.at.mono_ns, .unix_ms = s.at.unix_ms},
                               .kind = static_cast<tw::SignalKind>(s.kind),
                               .app = app,
                               .context = static_cast<tw::Context>(s.context),
                               .linear_mps = s.linear_mps,
                               .angular_dps = s.angular_dps,
                               .planned_end_unix_ms = s.planned_end_unix_ms,
                               .nudge_id = s.kind == TW_SIGNAL_EXERCISE_PICK ? 0 : s.nudge_id,
                               .urgent = s.urgent != 0,
                               .row = static_cast<uint8_t>(s.kind == TW_SIGNAL_EXERCISE_PICK ? s.nudge_id : 0)});
    }
    return TW_OK;
  });
}

tw_result tw_engine_tick(tw_engine* engine, tw_instant now) {
  return guard([&]() -> tw_result {
    if (!engine) return TW_ERROR_NULL_HANDLE;
    if (!valid(now)) return TW_ERROR_INVALID_ARGUMENT;
    const tw::Instant at{.mono_ns = now.mono_ns, .unix_ms = now.unix_ms};
    const tw::TickOutput& out = engine->runtime.tick(at, engine->queue);
    engine->queue.clear();
    convert(*engine, out);
    convert_cards(*engine);
    (void)engine->runtime.take_notify_events();  // the steps are in the ledger; C hosts read the cards
    return TW_OK;
  });
}

tw_result tw_engine_notify(tw_engine* engine, const tw_notification* n, tw_instant now, uint32_t* out_id) {
  return guard([&]() -> tw_result {
    if (!engine) return TW_ERROR_NULL_HANDLE;
    if (!n || !out_id || n->struct_size != sizeof(tw_notification) || !n->title || !n->source || !valid(now))
      return TW_ERROR_INVALID_ARGUMENT;
    tw::NotificationIn in{.app_name = n->source,
                          .summary = n->title,
                          .body = n->body ? std::string_view(n->body) : std::string_view(),
                          .urgency = n->urgency,
                          .expire_timeout_ms = n->expire_timeout_ms > 0 ? n->expire_timeout_ms : -1};
    auto id = engine->runtime.notify(tw::clean_notification(in), {.mono_ns = now.mono_ns, .unix_ms = now.unix_ms});
    if (!id) return to_result(id.error().code);
    (void)engine->runtime.take_notify_events();  // C hosts read the cards; the events are in the ledger
    convert_cards(*engine);
    *out_id = id.value();
    return TW_OK;
  });
}

tw_result tw_engine_cards(const tw_engine* engine, const tw_card** out, size_t* count) {
  return guard([&]() -> tw_result {
    if (!engine) return TW_ERROR_NULL_HANDLE;
    if (!out || !count) return TW_ERROR_INVALID_ARGUMENT;
    *out = engine->cards.data();
    *count = engine->cards.size();
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
    const tw::Policy& p = engine->runtime.policy();
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
      case TW_POLICY_INTENTION:
        if (index < 0 || static_cast<size_t>(index) >= p.friction.intentions.size()) return TW_ERROR_OUT_OF_RANGE;
        *out = p.friction.intentions[static_cast<size_t>(index)].c_str();
        return TW_OK;
      default: return TW_ERROR_INVALID_ARGUMENT;
    }
  });
}

tw_result tw_engine_finish(tw_engine* engine, tw_instant now) {
  return guard([&]() -> tw_result {
    if (!engine) return TW_ERROR_NULL_HANDLE;
    if (!valid(now)) return TW_ERROR_INVALID_ARGUMENT;
    if (!engine->runtime.recording()) return TW_ERROR_NO_LEDGER;
    tw::Status st = engine->runtime.finish({.mono_ns = now.mono_ns, .unix_ms = now.unix_ms});
    return st ? TW_OK : to_result(st.error().code);
  });
}

tw_result tw_engine_ledger_status(const tw_engine* engine, tw_diagnostics* diag) {
  return guard([&]() -> tw_result {
    tw::capi::clear(diag);
    if (!engine) return report(diag, TW_ERROR_NULL_HANDLE, "", "", "engine is NULL");
    const tw::Ledger* ledger = engine->runtime.engine().ledger();
    if (!ledger) return report(diag, TW_ERROR_NO_LEDGER, "", "", "the engine was made without a ledger_path");
    const tw::Status& st = engine->runtime.last_ledger_error();
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
    if (!engine->runtime.recording()) return TW_ERROR_NO_LEDGER;
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
    if (!engine->runtime.recording()) return TW_ERROR_NO_LEDGER;
    auto got = query_day(*engine, unix_ms);
    if (!got) return to_result(got.error().code);
    const tw::DayReport& r = got.value();
    keep_rows(*engine, r);
    *out = tw_day_report{.day = r.day,
                         .attended_ms = r.attended_ms,
                         .cost = r.cost,
                         .currency = engine->runtime.policy().time_value.currency.c_str(),
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
