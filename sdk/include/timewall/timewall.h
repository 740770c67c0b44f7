/* timewall.h: the Timewall C ABI, for engines (Unity, Godot, Unreal) and C hosts.
 *
 * What it does: drives one Timewall engine from C. Create it from a policy
 * (TOML text or a file), a timezone and a ledger file; load or replace the
 * policy (every problem comes back with file, line, column, key and message);
 * feed signals (app focus, interaction, head motion, worn, ...); tick it with
 * a time the host supplies; read the overlays that should be visible now and
 * the decisions of the last tick; and query the ledger (today per app and per
 * category, a day's report with time protected, filled, friction and blocks).
 * What it does not do: read a clock (every tick and signal carries the time),
 * start threads, draw (the host draws the overlays, or uses the OpenXR API
 * layer), print, or let a C++ exception out: every entry point catches all and
 * returns a tw_result. It is not thread-safe per handle: use one tw_engine from
 * one thread at a time; separate engines are independent.
 *
 * The rules, stated once for the whole header:
 * - Ownership: a handle made by tw_X_create is released by tw_X_destroy, which
 *   accepts NULL. Pointers the library hands out (strings, arrays) belong to
 *   the handle they came from and stay valid until the call named at each
 *   function, and never after the handle is destroyed. The library keeps no
 *   pointer the caller passed in: strings and arrays are copied before the
 *   call returns.
 * - Strings, in and out: UTF-8, NUL-terminated. An optional input string may be
 *   NULL ("not given"); an output string is never NULL ("" when absent).
 * - *_desc structs: zero-initialise, set struct_size = sizeof(the struct); a
 *   zero field takes its documented default. An unknown struct_size gives
 *   TW_ERROR_STRUCT_SIZE; later versions accept every earlier size.
 *   Other structs (signals, overlays, reports) change only with
 *   TW_ABI_VERSION: check tw_abi_version() == TW_ABI_VERSION once at startup.
 * - Errors: a NULL handle gives TW_ERROR_NULL_HANDLE, a NULL required pointer or
 *   an out-of-range value TW_ERROR_INVALID_ARGUMENT; nothing is changed then.
 *   Functions that take a tw_diagnostics* (optional, may be NULL) clear it and
 *   fill it with every problem found.
 * - Time: a tw_instant is monotonic nanoseconds (durations) plus Unix
 *   milliseconds (calendar, ledger), read by the host from its own clocks.
 *
 *   tw_engine_desc desc = {0};
 *   desc.struct_size = sizeof desc;
 *   desc.policy_path = "policy.toml";
 *   desc.ledger_path = "timewall.db";
 *   tw_diagnostics* diag = NULL;
 *   tw_diagnostics_create(&diag);
 *   tw_engine* engine = NULL;
 *   if (tw_engine_create(&desc, &engine, diag) != TW_OK) {
 *     tw_diagnostic d;
 *     for (size_t i = 0; tw_diagnostics_get(diag, i, &d) == TW_OK; ++i)
 *       fprintf(stderr, "%s:%d:%d: %s: %s\n", d.file, d.line, d.column, d.key, d.message);
 *   }
 *   tw_signal s = {0};
 *   s.at = now; s.kind = TW_SIGNAL_APP_FOCUS; s.app = "com.example.feed";
 *   tw_engine_feed(engine, &s, 1);
 *   tw_engine_tick(engine, now);
 *   const tw_overlay* overlays; size_t n;
 *   tw_engine_overlays(engine, &overlays, &n);   // valid until the next tick
 *   tw_engine_finish(engine, now);               // commit, then query
 *   tw_engine_destroy(engine);
 *   tw_diagnostics_destroy(diag);
 */
#ifndef TIMEWALL_TIMEWALL_H
#define TIMEWALL_TIMEWALL_H

#include <stddef.h>
#include <stdint.h>

#include "timewall/version.h"

#if defined(_WIN32)
#  if defined(TW_CAPI_BUILD)
#    define TW_API __declspec(dllexport)
#  else
#    define TW_API __declspec(dllimport)
#  endif
#else
#  define TW_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a non-desc struct or an enum value changes meaning. */
#define TW_ABI_VERSION 1u

typedef enum tw_result {
  TW_OK = 0,
  /* The SDK's own error codes (tw::Errc), in the same order. */
  TW_ERROR_INVALID_ARGUMENT = 1,
  TW_ERROR_IO = 2,
  TW_ERROR_NOT_FOUND = 3,
  TW_ERROR_PARSE = 4,
  TW_ERROR_INVALID_POLICY = 5,
  TW_ERROR_TOO_LARGE = 6,
  TW_ERROR_TOO_DEEP = 7,
  TW_ERROR_LEDGER_CORRUPT = 8,
  TW_ERROR_LEDGER_READONLY = 9,
  TW_ERROR_LEDGER_FULL = 10,
  TW_ERROR_SCHEMA_TOO_NEW = 11,
  TW_ERROR_PIN_REQUIRED = 12,
  TW_ERROR_PIN_WRONG = 13,
  TW_ERROR_PIN_BACKOFF = 14,
  TW_ERROR_VULKAN = 15,
  TW_ERROR_OPENXR = 16,
  TW_ERROR_INTERNAL = 17,
  /* The C ABI's own. */
  TW_ERROR_NULL_HANDLE = 100,
  TW_ERROR_STRUCT_SIZE = 101,   /* a desc's struct_size is not one this library knows */
  TW_ERROR_OUT_OF_MEMORY = 102,
  TW_ERROR_NO_LEDGER = 103,     /* a ledger query on an engine made without ledger_path */
  TW_ERROR_OUT_OF_RANGE = 104   /* an index past the end (tw_diagnostics_get, policy strings) */
} tw_result;

/* A stable lowercase name ("ok", "invalid_policy", "null_handle"); "unknown"
 * for a value not listed. Static storage. */
TW_API const char* tw_result_to_string(tw_result result);
TW_API uint32_t tw_abi_version(void);
/* TIMEWALL_VERSION_STRING of the library actually loaded. Static storage. */
TW_API const char* tw_version_string(void);

/* Valid: mono_ns in [0, 2^62), unix_ms from 0 (1970) to the end of year 9999.
 * Others are refused (TW_ERROR_INVALID_ARGUMENT) so no arithmetic can overflow. */
typedef struct tw_instant {
  int64_t mono_ns; /* monotonic nanoseconds: never jumps */
  int64_t unix_ms; /* wall time, UTC */
} tw_instant;

/* ---- diagnostics: every problem a call found ---------------------------- */

typedef struct tw_diagnostics tw_diagnostics;

typedef struct tw_diagnostic {
  tw_result code;
  const char* file;    /* the policy file (or the name given for text); "" when none */
  int32_t line;        /* 1-based; 0 when the problem has no position */
  int32_t column;      /* 1-based, in code points; 0 when no position */
  const char* key;     /* dotted policy key, e.g. "budget[0].limit_min"; "" when none */
  const char* message; /* what is wrong and, where it can tell, how to fix it */
} tw_diagnostic;

TW_API tw_result tw_diagnostics_create(tw_diagnostics** out_diagnostics);
TW_API void tw_diagnostics_destroy(tw_diagnostics* diagnostics);
/* 0 for NULL. */
TW_API size_t tw_diagnostics_count(const tw_diagnostics* diagnostics);
/* Strings stay valid until `diagnostics` is passed to another call or destroyed.
 * TW_ERROR_OUT_OF_RANGE when index >= count. */
TW_API tw_result tw_diagnostics_get(const tw_diagnostics* diagnostics, size_t index,
                                    tw_diagnostic* out_diagnostic);

/* ---- engine ------------------------------------------------------------- */

typedef struct tw_engine tw_engine;

typedef struct tw_engine_desc {
  uint32_t struct_size;     /* sizeof(tw_engine_desc) */
  const char* policy_text;  /* TOML policy; or */
  const char* policy_path;  /* a policy file. Neither: the built-in defaults. Both: invalid */
  const char* policy_name;  /* names policy_text in diagnostics; NULL = "<policy>" */
  const char* timezone;     /* IANA name; NULL = the policy's time_value.timezone */
  const char* zoneinfo_dir; /* NULL = "/usr/share/zoneinfo" */
  const char* ledger_path;  /* SQLite file (created 0600); NULL = record nothing */
  int64_t commit_every_s;   /* group commit at least this often (host time); 0 = 10 s */
  int32_t ledger_sync_full; /* 0: WAL, survives app crashes; 1: fsync per commit */
} tw_engine_desc;

/* Loads the policy and timezone, opens (or creates) the ledger. On failure
 * *out_engine is NULL and `diagnostics` lists why. The ledger is read on the
 * first tick, so budgets continue where the last session stopped.
 * Youth mode survives restarts: the policy starts from the one the ledger
 * last accepted, so a policy whose [youth] differs from it while youth mode
 * is on needs the guardian PIN. Without it the engine is still created
 * (TW_OK) with the remembered policy in force, the refusal is in
 * `diagnostics` (TW_ERROR_PIN_REQUIRED, file:1:1, key "youth") and in the
 * ledger's audit log at the first tick; give the PIN with
 * tw_engine_load_policy. Every policy put in force is recorded in the
 * ledger's hash-chained audit log. */
TW_API tw_result tw_engine_create(const tw_engine_desc* desc, tw_engine** out_engine,
                                  tw_diagnostics* diagnostics);
/* Commits what is pending (best effort; call tw_engine_finish first to learn
 * whether it worked and to record an idle moment still open). */
TW_API void tw_engine_destroy(tw_engine* engine);

typedef struct tw_policy_desc {
  uint32_t struct_size;     /* sizeof(tw_policy_desc) */
  const char* text;         /* TOML policy; or */
  const char* path;         /* a policy file: exactly one of the two */
  const char* name;         /* names `text` in diagnostics; NULL = "<policy>" */
  const char* guardian_pin; /* needed to change [youth] while youth mode is on */
  tw_instant now;           /* for the guardian PIN's back-off after wrong PINs */
} tw_policy_desc;

/* Replaces the policy if the new one is valid (and, for a youth change, the
 * PIN is right); otherwise the old one stays in force and `diagnostics` lists
 * every problem. Usage counted so far stays. The timezone stays as created.
 * A change is recorded in the ledger's audit log at `now`; so is a youth
 * change refused for a missing or wrong PIN.
 * Invalidates the strings of tw_engine_policy_string. */
TW_API tw_result tw_engine_load_policy(tw_engine* engine, const tw_policy_desc* desc,
                                       tw_diagnostics* diagnostics);

/* ---- signals ------------------------------------------------------------ */

typedef enum tw_signal_kind {
  TW_SIGNAL_APP_FOCUS = 0,       /* `app` came to the foreground */
  TW_SIGNAL_APP_BLUR = 1,        /* `app` left the foreground */
  TW_SIGNAL_INTERACTION = 2,     /* input in `app` */
  TW_SIGNAL_HEAD_MOTION = 3,     /* linear_mps, angular_dps */
  TW_SIGNAL_WORN = 4,
  TW_SIGNAL_NOT_WORN = 5,
  TW_SIGNAL_CONTEXT_HINT = 6,    /* the situation changed to `context` */
  TW_SIGNAL_TASK_DONE = 7,       /* a task ended before planned_end_unix_ms */
  TW_SIGNAL_CONTINUE_ANYWAY = 8, /* "continue anyway" on a friction prompt */
  TW_SIGNAL_PROMPT_LEAVE = 9,    /* the easy way out of a friction prompt */
  TW_SIGNAL_NUDGE = 10           /* a host message nudge_id, urgent or not */
} tw_signal_kind;

typedef enum tw_context {
  TW_CONTEXT_NONE = 0,
  TW_CONTEXT_WAITING = 1,
  TW_CONTEXT_COMMUTING = 2,
  TW_CONTEXT_IN_CONVERSATION = 3 /* never fill, never nudge */
} tw_context;

typedef struct tw_signal {
  tw_instant at;
  int32_t kind;                /* tw_signal_kind */
  int32_t context;             /* tw_context, for TW_SIGNAL_CONTEXT_HINT */
  const char* app;             /* app id; NULL = none */
  float linear_mps;
  float angular_dps;
  int64_t planned_end_unix_ms;
  uint32_t nudge_id;
  int32_t urgent;              /* 0 or 1 */
} tw_signal;

/* Copies `count` signals into the queue for the next tick. An unknown kind or
 * context, a time out of range or a non-finite speed rejects the whole batch
 * (TW_ERROR_INVALID_ARGUMENT). Signals older than the last tick count as now. */
TW_API tw_result tw_engine_feed(tw_engine* engine, const tw_signal* signals, size_t count);

/* Runs the scheduler up to `now` with the queued signals, records what
 * happened in the ledger and empties the queue. A ledger failure does not fail
 * the tick (see tw_engine_ledger_status). After warm-up a tick allocates nothing. */
TW_API tw_result tw_engine_tick(tw_engine* engine, tw_instant now);

/* ---- the last tick's output: owned by the engine, valid until the next
 *      tw_engine_tick, tw_engine_load_policy or tw_engine_destroy ---------- */

typedef enum tw_overlay_kind {
  TW_OVERLAY_BUDGET_RING = 0,
  TW_OVERLAY_PROTECT_INDICATOR = 1,
  TW_OVERLAY_WARNING = 2,
  TW_OVERLAY_FRICTION_PROMPT = 3,
  TW_OVERLAY_BLOCK_SHIELD = 4,
  TW_OVERLAY_FILL_CARD = 5,
  TW_OVERLAY_WIND_DOWN = 6,
  TW_OVERLAY_DAILY_SUMMARY = 7,
  TW_OVERLAY_NUDGE = 8
} tw_overlay_kind;

typedef enum tw_decision_kind {
  TW_DECISION_SHOW = 0,
  TW_DECISION_UPDATE = 1,
  TW_DECISION_HIDE = 2,
  TW_DECISION_DEFER = 3,
  TW_DECISION_DELIVER = 4,
  TW_DECISION_FILL = 5,
  TW_DECISION_PROTECT = 6,
  TW_DECISION_EXTEND = 7,
  TW_DECISION_DENY = 8,
  TW_DECISION_STATE = 9
} tw_decision_kind;

/* Indices (budget, window, fill_item, exercise) point into the policy in
 * force, -1 = none; tw_engine_policy_string gives their text. App and
 * category names stay valid for the engine's lifetime. */
typedef struct tw_overlay {
  int32_t kind;        /* tw_overlay_kind */
  int32_t reason;      /* tw_reason_to_string */
  const char* app;
  const char* category;
  int32_t budget;
  int32_t window;
  int32_t fill_item;
  int32_t exercise;
  uint32_t nudge_id;
  int64_t used_s;
  int64_t limit_s;
  int64_t remaining_s;
  int64_t countdown_s;
  double cost_today;   /* in the policy's currency (TW_POLICY_CURRENCY) */
  int32_t bypass_available;
} tw_overlay;

typedef struct tw_decision {
  int64_t unix_ms;
  int32_t kind;        /* tw_decision_kind */
  int32_t overlay;     /* tw_overlay_kind */
  int32_t reason;
  const char* app;
  const char* category;
  int32_t budget;
  int64_t remaining_s;
  int32_t window;
  int32_t fill_item;
  int32_t exercise;
  uint32_t nudge_id;
} tw_decision;

/* Visible now, in drawing priority order. */
TW_API tw_result tw_engine_overlays(const tw_engine* engine, const tw_overlay** out_overlays,
                                    size_t* out_count);
/* What changed during the last tick, in time order. */
TW_API tw_result tw_engine_decisions(const tw_engine* engine, const tw_decision** out_decisions,
                                     size_t* out_count);

/* Stable names ("budget_reached", "friction_prompt", "show"); "unknown" when
 * out of range. Static storage. */
TW_API const char* tw_reason_to_string(int32_t reason);
TW_API const char* tw_overlay_kind_to_string(int32_t kind);
TW_API const char* tw_decision_kind_to_string(int32_t kind);

typedef enum tw_policy_string {
  TW_POLICY_CURRENCY = 0,      /* index ignored */
  TW_POLICY_BUDGET_ID = 1,
  TW_POLICY_WINDOW_NAME = 2,
  TW_POLICY_FILL_TITLE = 3,
  TW_POLICY_FILL_BODY = 4,
  TW_POLICY_EXERCISE_TEXT = 5
} tw_policy_string;

/* Text the overlays refer to by index. Valid until the next
 * tw_engine_load_policy or tw_engine_destroy. */
TW_API tw_result tw_engine_policy_string(const tw_engine* engine, int32_t what, int32_t index,
                                         const char** out_text);

/* ---- the ledger --------------------------------------------------------- */

/* Records an idle moment still open up to `now` and commits every pending
 * event; returns the commit's result. Queries read committed data only. */
TW_API tw_result tw_engine_finish(tw_engine* engine, tw_instant now);

/* The last ledger failure (TW_OK once a later commit succeeded); its message
 * goes to `diagnostics`. Failed events are held and retried, never dropped
 * silently. TW_ERROR_NO_LEDGER without a ledger. */
TW_API tw_result tw_engine_ledger_status(const tw_engine* engine, tw_diagnostics* diagnostics);

typedef enum tw_group { TW_GROUP_APP = 0, TW_GROUP_CATEGORY = 1 } tw_group;

typedef struct tw_usage {
  const char* name;    /* app id or category */
  int64_t attended_ms;
  double cost;         /* attended hours * the policy's hourly value */
} tw_usage;

typedef struct tw_day_report {
  int64_t day;          /* local days since 1970-01-01 */
  int64_t attended_ms;
  double cost;
  const char* currency;
  int64_t protected_ms; /* idle moments protected */
  int64_t filled_ms;    /* idle moments filled with the wearer's items */
  int64_t friction_shown;
  int64_t friction_left;
  int64_t bypasses;     /* "continue anyway" */
  int64_t bypass_extension_s;
  int64_t blocks;
  const tw_usage* per_app;      /* longest first */
  size_t per_app_count;
  const tw_usage* per_category; /* longest first */
  size_t per_category_count;
} tw_day_report;

/* The wearer's local day containing unix_ms, per app or category, longest
 * first. Rows and strings are owned by the engine, valid until its next ledger
 * query (usage or report), tw_engine_load_policy or tw_engine_destroy. */
TW_API tw_result tw_engine_usage_today(tw_engine* engine, int64_t unix_ms, int32_t group,
                                       const tw_usage** out_rows, size_t* out_count);
/* The whole day containing unix_ms; same lifetime as tw_engine_usage_today. */
TW_API tw_result tw_engine_day_report(tw_engine* engine, int64_t unix_ms,
                                      tw_day_report* out_report);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TIMEWALL_TIMEWALL_H */
