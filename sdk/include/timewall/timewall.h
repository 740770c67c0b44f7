/* timewall.h: the Timewall C ABI, for engines (Unity, Godot, Unreal) and C hosts.
 *
 * What it does: drives one Timewall engine from C. Create it from a policy
 * (TOML text or a file), a timezone and a ledger file; load or replace the
 * policy (every problem comes back with file, line, column, key and message);
 * feed signals (app focus, interaction, head motion, worn, ...); tick it with
 * a time the host supplies; read the overlays that should be visible now and
 * the decisions of the last tick; and query the ledger (today per app and per
 * category, a day's report with time protected, filled, friction and blocks;
 * a period's report or export as text, HTML, JSON or CSV: tw_report_write).
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
#define TW_ABI_VERSION 3u  /* 2: tw_decision.answer; 3: tw_overlay.exercise_kind, exercise_ms */

typedef enum tw_result {
  TW_OK = 0,                     /* success */
  /* The SDK's own error codes (tw::Errc), in the same order. */
  TW_ERROR_INVALID_ARGUMENT = 1, /* a pointer, value or combination the call rejects */
  TW_ERROR_IO = 2,               /* a file could not be read or written */
  TW_ERROR_NOT_FOUND = 3,        /* a file, timezone or key does not exist */
  TW_ERROR_PARSE = 4,            /* a syntax error in TOML, JSON or a TZif file */
  TW_ERROR_INVALID_POLICY = 5,   /* the policy parsed but breaks a rule */
  TW_ERROR_TOO_LARGE = 6,        /* input exceeds a size limit */
  TW_ERROR_TOO_DEEP = 7,         /* input nests deeper than the parser allows */
  TW_ERROR_LEDGER_CORRUPT = 8,   /* the ledger file is damaged; it is left untouched */
  TW_ERROR_LEDGER_READONLY = 9,  /* the ledger cannot be written; events are held */
  TW_ERROR_LEDGER_FULL = 10,     /* the disk is full; events are held and retried */
  TW_ERROR_SCHEMA_TOO_NEW = 11,  /* the ledger was written by a newer Timewall */
  TW_ERROR_PIN_REQUIRED = 12,    /* a [youth] change while youth mode is on needs the guardian PIN */
  TW_ERROR_PIN_WRONG = 13,       /* the guardian PIN did not match */
  TW_ERROR_PIN_BACKOFF = 14,     /* too many wrong PINs: wait, then try again */
  TW_ERROR_VULKAN = 15,          /* a Vulkan call failed: the renderer's; libtimewall never returns it */
  TW_ERROR_OPENXR = 16,          /* an OpenXR call failed: the XR binding's; never returned here */
  TW_ERROR_INTERNAL = 17,        /* a bug: an invariant of the SDK broke (please report) */
  /* The C ABI's own. */
  TW_ERROR_NULL_HANDLE = 100,   /* the handle argument was NULL */
  TW_ERROR_STRUCT_SIZE = 101,   /* a desc's struct_size is not one this library knows */
  TW_ERROR_OUT_OF_MEMORY = 102, /* an allocation failed; nothing was changed */
  TW_ERROR_NO_LEDGER = 103,     /* a ledger query on an engine made without ledger_path */
  TW_ERROR_OUT_OF_RANGE = 104,  /* an index past the end (tw_diagnostics_get, policy strings) */
  TW_ERROR_BUFFER_TOO_SMALL = 105 /* the caller's buffer cannot hold the output; the size needed is returned */
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
  TW_SIGNAL_INTERACTION = 2,     /* input in `app` (controller, hand, gaze dwell, touch) */
  TW_SIGNAL_HEAD_MOTION = 3,     /* linear_mps, angular_dps sampled at `at` */
  TW_SIGNAL_WORN = 4,            /* the glasses went on */
  TW_SIGNAL_NOT_WORN = 5,        /* the glasses came off */
  TW_SIGNAL_CONTEXT_HINT = 6,    /* the situation changed to `context` */
  TW_SIGNAL_TASK_DONE = 7,       /* a task ended before planned_end_unix_ms */
  TW_SIGNAL_CONTINUE_ANYWAY = 8, /* "continue anyway" on a friction prompt */
  TW_SIGNAL_PROMPT_LEAVE = 9,    /* the easy way out of a friction prompt */
  TW_SIGNAL_NUDGE = 10,          /* a host message nudge_id, urgent or not */
  TW_SIGNAL_PRESENT = 11,        /* the head moved beyond sensor noise: someone wears the glasses */
  /* The wearer's answers to cards. Each gives one TW_DECISION_ANSWER saying
   * what came of it; the host ends the app's session only on a decision for
   * which tw_decision_wearer_left() is 1 (a friction prompt's or a block's
   * "leave"), never on its own signal. */
  TW_SIGNAL_BLOCK_LEAVE = 12,    /* "leave" on the block shield */
  TW_SIGNAL_BLOCK_EXTEND = 13,   /* "extend" on the block shield: a friction prompt for the block's budget
                                    whose "continue anyway" grants its extension; refused
                                    (TW_REASON_BYPASS_EXHAUSTED) when none is left */
  TW_SIGNAL_NUDGE_DISMISS = 14,  /* "dismiss" on the nudge card nudge_id */
  TW_SIGNAL_FILL_DISMISS = 15,   /* "dismiss" on the current fill card */
  TW_SIGNAL_EXERCISE_PICK = 16   /* a row of the friction prompt's intention or alternative exercise:
                                    the row (0..3) in nudge_id; "continue anyway" waits for one */
} tw_signal_kind;

typedef enum tw_context {
  TW_CONTEXT_NONE = 0,           /* nothing special: the default */
  TW_CONTEXT_WAITING = 1,        /* a queue, a platform: an idle moment candidate */
  TW_CONTEXT_COMMUTING = 2,      /* on the way; the policy's context rules decide fill or protect */
  TW_CONTEXT_IN_CONVERSATION = 3 /* never fill, never nudge */
} tw_context;

typedef struct tw_signal {
  tw_instant at;
  int32_t kind;                /* tw_signal_kind */
  int32_t context;             /* tw_context, for TW_SIGNAL_CONTEXT_HINT */
  const char* app;             /* app id, under the app id rule (docs/policy-reference.md); NULL = none */
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
  TW_OVERLAY_BUDGET_RING = 0,       /* peripheral arc of budget left: minutes, cost today */
  TW_OVERLAY_PROTECT_INDICATOR = 1, /* peripheral: a protected moment or window is on */
  TW_OVERLAY_WARNING = 2,           /* a budget crossed a warn_at fraction or its limit */
  TW_OVERLAY_FRICTION_PROMPT = 3,   /* pause, exercise, countdown and an easy way out */
  TW_OVERLAY_BLOCK_SHIELD = 4,      /* the app or category is blocked now */
  TW_OVERLAY_FILL_CARD = 5,         /* one wearer-chosen item during an idle moment */
  TW_OVERLAY_WIND_DOWN = 6,         /* bedtime is near */
  TW_OVERLAY_DAILY_SUMMARY = 7,     /* the day's attended time and its value */
  TW_OVERLAY_NUDGE = 8              /* a held host or Timewall message, delivered */
} tw_overlay_kind;

typedef enum tw_decision_kind {
  TW_DECISION_SHOW = 0,    /* an overlay appears */
  TW_DECISION_UPDATE = 1,  /* a shown overlay's displayed value changed */
  TW_DECISION_HIDE = 2,    /* an overlay goes away */
  TW_DECISION_DEFER = 3,   /* a nudge is held for a breakpoint */
  TW_DECISION_DELIVER = 4, /* a held nudge is delivered */
  TW_DECISION_FILL = 5,    /* an idle moment is filled */
  TW_DECISION_PROTECT = 6, /* an idle moment is protected */
  TW_DECISION_EXTEND = 7,  /* "continue anyway" granted an extension */
  TW_DECISION_DENY = 8,    /* a request was refused (no extension left, youth night) */
  TW_DECISION_STATE = 9,   /* the attention state changed (away, back, worn, walking) */
  TW_DECISION_ANSWER = 10  /* the wearer answered a card: `answer` says which, `overlay` the card,
                              `reason` what came of it */
} tw_decision_kind;

/* Which answer a TW_DECISION_ANSWER decision is about (tw::Answer). */
typedef enum tw_answer {
  TW_ANSWER_NONE = 0,            /* not an answer decision */
  TW_ANSWER_CONTINUE_ANYWAY = 1, /* friction prompt: "continue anyway" */
  TW_ANSWER_PROMPT_LEAVE = 2,    /* friction prompt: "leave" */
  TW_ANSWER_BLOCK_LEAVE = 3,     /* block shield: "leave" */
  TW_ANSWER_BLOCK_EXTEND = 4,    /* block shield: "extend" */
  TW_ANSWER_NUDGE_DISMISS = 5,   /* nudge card: "dismiss" */
  TW_ANSWER_FILL_DISMISS = 6,    /* fill card: "dismiss" */
  TW_ANSWER_EXERCISE_PICK = 7    /* friction prompt: a row of its intention or alternative exercise */
} tw_answer;

/* Why an overlay is shown or a decision was taken (tw::Reason, same values).
 * Values are only ever appended; tw_reason_to_string gives the stable name
 * ("budget_reached") used in logs, `timewall replay` output and the ledger. */
typedef enum tw_reason {
  TW_REASON_NONE = 0,                     /* no particular reason */
  TW_REASON_BUDGET_TRACKING = 1,          /* ring: a budget applies to the focused app */
  TW_REASON_BUDGET_WARN_FRACTION = 2,     /* a warn_at fraction was crossed */
  TW_REASON_BUDGET_REACHED = 3,           /* used == limit */
  TW_REASON_BYPASS_GRANTED = 4,           /* "continue anyway" within max_extensions */
  TW_REASON_BYPASS_EXHAUSTED = 5,         /* no extension left */
  TW_REASON_SLEEP_WINDOW = 6,             /* a sleep window is on */
  TW_REASON_WIND_DOWN = 7,                /* the wind-down before a sleep window */
  TW_REASON_FOCUS_WINDOW = 8,             /* a focus window is on */
  TW_REASON_SCHEDULE_WINDOW = 9,          /* another scheduled window is on */
  TW_REASON_RECLAIMED_TIME = 10,          /* the rest of a slot after a task finished early */
  TW_REASON_IDLE_FILL_CONTEXT = 11,       /* fill chosen by a context rule */
  TW_REASON_IDLE_FILL_SCHEDULE = 12,      /* fill chosen by a time rule */
  TW_REASON_IDLE_FILL_DEFAULT = 13,       /* fill: the policy's default for idle moments */
  TW_REASON_IDLE_PROTECT_CONTEXT = 14,    /* protect chosen by a context rule */
  TW_REASON_IDLE_PROTECT_SCHEDULE = 15,   /* protect chosen by a time rule */
  TW_REASON_IDLE_PROTECT_DEFAULT = 16,    /* protect: the default, or nothing to fill with */
  TW_REASON_IDLE_PROTECT_WINDOW = 17,     /* a protected window turns fills off */
  TW_REASON_IN_CONVERSATION = 18,         /* the wearer is in a conversation: no fill, no nudge */
  TW_REASON_MOTION_WALKING = 19,          /* walking: only peripheral overlays */
  TW_REASON_MOTION_TURNING = 20,          /* turning the head quickly */
  TW_REASON_MOTION_SETTLED = 21,          /* the head came to rest again */
  TW_REASON_BREAKPOINT_APP_SWITCH = 22,   /* held nudges released at an app switch */
  TW_REASON_BREAKPOINT_IDLE_START = 23,   /* held nudges released as an idle moment began */
  TW_REASON_BREAKPOINT_MOTION_PAUSE = 24, /* held nudges released as motion paused */
  TW_REASON_DEFERRAL_BOUND = 25,          /* held max_defer_s: delivered anyway */
  TW_REASON_URGENT = 26,                  /* an urgent nudge: delivered without waiting */
  TW_REASON_YOUTH_DAILY_CAP = 27,         /* youth mode: the daily cap is used up */
  TW_REASON_YOUTH_NIGHT = 28,             /* youth mode: night hours */
  TW_REASON_AWAY = 29,                    /* no interaction for the policy's afk_after_s */
  TW_REASON_BACK = 30,                    /* the wearer attends again */
  TW_REASON_WORN = 31,                    /* the glasses went on */
  TW_REASON_NOT_WORN = 32,                /* the glasses came off */
  TW_REASON_DAY_END_SUMMARY = 33,         /* the local day ended: its summary */
  TW_REASON_AWAITING_BREAKPOINT = 34,     /* a non-urgent nudge is held for the next breakpoint */
  TW_REASON_PAUSE_NOT_OVER = 35,          /* "continue anyway" before the friction countdown ended */
  TW_REASON_PROMPT_LEFT = 36,             /* the wearer took the easy way out of a friction prompt */
  TW_REASON_BLOCK_LEFT = 37,              /* "leave" on a block shield: the host ends the app's session */
  TW_REASON_EXTENSION_REQUESTED = 38,     /* "extend" on a block: its friction prompt shows instead */
  TW_REASON_DISMISSED = 39,               /* the wearer put a nudge or fill card away */
  TW_REASON_NOT_OFFERED = 40,             /* an answer to a card that is not up or lacks that button */
  TW_REASON_PICKED = 41                   /* a row of a friction exercise picked (an alternative: its fill card shows) */
} tw_reason;

/* Indices (budget, window, fill_item, exercise) point into the policy in
 * force, -1 = none; tw_engine_policy_string gives their text. App and
 * category names stay valid for the engine's lifetime. */
typedef struct tw_overlay {
  int32_t kind;        /* tw_overlay_kind */
  int32_t reason;      /* tw_reason: compare with TW_REASON_*; tw_reason_to_string names it */
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
  /* ABI 3. A friction prompt's exercise: its tw_exercise_kind (-1 when
   * `exercise` is -1) and the visible time into it, which paces a breathe
   * exercise (4 s in, 6 s out; docs/policy-reference.md). countdown_s is
   * the time until "continue anyway" unlocks: pause_s or the exercise's
   * course (breaths x 10 s, wait_s), whichever is longer. */
  int32_t exercise_kind;
  int64_t exercise_ms;
} tw_overlay;

typedef enum tw_exercise_kind {
  TW_EXERCISE_BREATHE = 0,     /* a paced breath, `breaths` times */
  TW_EXERCISE_INTENTION = 1,   /* pick one of TW_POLICY_INTENTION */
  TW_EXERCISE_WAIT = 2,        /* a countdown (countdown_s) */
  TW_EXERCISE_ALTERNATIVE = 3  /* pick one of the fill items (TW_POLICY_FILL_TITLE) instead */
} tw_exercise_kind;

typedef struct tw_decision {
  int64_t unix_ms;
  int32_t kind;        /* tw_decision_kind */
  int32_t overlay;     /* tw_overlay_kind */
  int32_t reason;      /* tw_reason: compare with TW_REASON_*; tw_reason_to_string names it */
  const char* app;
  const char* category;
  int32_t budget;
  int64_t remaining_s;
  int32_t window;
  int32_t fill_item;
  int32_t exercise;
  uint32_t nudge_id;
  int32_t answer;      /* tw_answer, for TW_DECISION_ANSWER; TW_ANSWER_NONE otherwise */
} tw_decision;

/* 1 when `decision` is the wearer choosing "leave" (on a friction prompt or a
 * block shield): the one decision on which a host ends the app's session
 * (OpenXR: xrRequestExitSession). 0 otherwise, and for NULL. */
TW_API int32_t tw_decision_wearer_left(const tw_decision* decision);

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
TW_API const char* tw_answer_to_string(int32_t answer);

typedef enum tw_policy_string {
  TW_POLICY_CURRENCY = 0,      /* index ignored */
  TW_POLICY_BUDGET_ID = 1,     /* [[budget]] id, for `budget` */
  TW_POLICY_WINDOW_NAME = 2,   /* the protected window's name, for `window` */
  TW_POLICY_FILL_TITLE = 3,    /* the fill item's title, for `fill_item` */
  TW_POLICY_FILL_BODY = 4,     /* the fill item's body text, for `fill_item` */
  TW_POLICY_EXERCISE_TEXT = 5, /* the friction exercise's text, for `exercise` */
  TW_POLICY_INTENTION = 6      /* [friction] intentions[index]; TW_ERROR_OUT_OF_RANGE past the last */
} tw_policy_string;

/* Text the overlays refer to by index. Valid until the next
 * tw_engine_load_policy or tw_engine_destroy. */
TW_API tw_result tw_engine_policy_string(const tw_engine* engine, int32_t what, int32_t index,
                                         const char** out_text);

/* ---- notifications ------------------------------------------------------ */

/* A message for the wearer (docs/notifications.md): it passes the policy's
 * [notifications] rules, waits for a breakpoint unless urgent, and shows as
 * a card. Texts are cleaned as on the notification bus: invalid UTF-8
 * replaced, markup in `body` stripped to plain text, each cut to its limit
 * (title 256, body 4096, source 128 bytes). Zero-initialised = defaults. */
typedef struct tw_notification {
  uint32_t struct_size;      /* sizeof(tw_notification) */
  const char* source;        /* the sending app; its id under the app id rule picks the rules */
  const char* title;
  const char* body;          /* may be NULL */
  int32_t urgency;           /* 0 low, 1 normal (default for other values), 2 critical */
  int32_t expire_timeout_ms; /* 0: the default (no expiry before it shows); > 0: gone unseen after this */
} tw_notification;

/* Admits `n` at `now`; with a ledger it is committed before the id (1 ..
 * 2^31-1) is written to `out_id`. It reaches the scheduler at the next tick.
 * TW_ERROR_INVALID_ARGUMENT: NULL title or source, a wrong struct_size. */
TW_API tw_result tw_engine_notify(tw_engine* engine, const tw_notification* n, tw_instant now, uint32_t* out_id);

/* One notification card visible after the last tick (a nudge overlay whose
 * nudge_id has the top bit set: the id is nudge_id & 0x7fffffff). */
typedef struct tw_card {
  uint32_t id;         /* tw_engine_notify's id */
  const char* source;  /* as the sender named itself */
  const char* title;
  const char* body;
  uint32_t count;      /* notifications on the card: more than 1 for a flood's batch */
} tw_card;

/* The notification cards visible after the last tick, in drawing order.
 * Valid until the next tw_engine_tick, tw_engine_notify or tw_engine_destroy. */
TW_API tw_result tw_engine_cards(const tw_engine* engine, const tw_card** out_cards, size_t* out_count);

/* ---- the ledger --------------------------------------------------------- */

/* Records an idle moment still open up to `now` and commits every pending
 * event; returns the commit's result. Queries read committed data only. */
TW_API tw_result tw_engine_finish(tw_engine* engine, tw_instant now);

/* The last ledger failure (TW_OK once a later commit succeeded); its message
 * goes to `diagnostics`. Failed events are held and retried, never dropped
 * silently. TW_ERROR_NO_LEDGER without a ledger. */
TW_API tw_result tw_engine_ledger_status(const tw_engine* engine, tw_diagnostics* diagnostics);

typedef enum tw_group {
  TW_GROUP_APP = 0,     /* one row per app id */
  TW_GROUP_CATEGORY = 1 /* one row per category of the policy's [apps] */
} tw_group;

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

/* ---- reports and exports of the ledger (as `timewall report` / `export`) -- */

typedef enum tw_report_format {
  TW_REPORT_TEXT = 0, /* the time-value report as plain text (`timewall report --format text`) */
  TW_REPORT_HTML = 1, /* the same report as one self-contained HTML page with charts (`--format html`) */
  TW_REPORT_JSON = 2, /* attended time as an ActivityWatch bucket export (`timewall export --format activitywatch`) */
  TW_REPORT_CSV = 3   /* attended time as CSV, one row per interval and local day (`timewall export --format csv`) */
} tw_report_format;

/* Dates are the wearer's local days, "YYYY-MM-DD", both ends inclusive. Give
 * `week`, or `from` and/or `to`, or none: TEXT and HTML then cover the week
 * (Monday to Sunday) of the last recorded day, JSON and CSV everything
 * recorded. docs/formats.md describes the JSON and CSV formats. */
typedef struct tw_report_desc {
  uint32_t struct_size; /* sizeof(tw_report_desc) */
  int32_t format;       /* tw_report_format */
  const char* week;     /* a day of the week to cover; NULL = none */
  const char* from;     /* the first day; NULL = the first recorded day */
  const char* to;       /* the last day; NULL = the last recorded day */
  const char* hostname; /* TW_REPORT_JSON: the bucket's host name; NULL = "timewall" */
  const char* path;     /* write this file (atomically: a failure leaves an older one whole);
                           NULL = write into the caller's buffer */
} tw_report_desc;

/* Renders the engine's ledger (committed data: call tw_engine_finish first)
 * with its policy in force (hourly value, currency, budgets) and its zone.
 * - With desc->path: writes the file; `buffer` must be NULL and `capacity` 0;
 *   *out_size (out_size may be NULL) is the number of bytes written.
 * - Without: *out_size (required) is the output's length in bytes, without
 *   the terminating NUL. A buffer of at least *out_size + 1 bytes gets the
 *   output and a NUL (TW_OK); a smaller one is left untouched
 *   (TW_ERROR_BUFFER_TOO_SMALL). buffer NULL with capacity 0 asks for the
 *   size only (TW_OK).
 * Errors: TW_ERROR_NO_LEDGER without a ledger; TW_ERROR_INVALID_ARGUMENT for
 * an unknown format, a malformed date, `week` with `from`/`to`, `to` before
 * `from` or a period over 366 days (a malformed date's diagnostic names its
 * field as the key); TW_ERROR_NOT_FOUND when nothing is recorded and no
 * period is given; TW_ERROR_IO when the file cannot be written; the ledger's
 * own errors. Every error's message is in `diagnostics`.
 *
 *   tw_report_desc r = {0};
 *   r.struct_size = sizeof r;
 *   r.format = TW_REPORT_CSV;
 *   r.from = "2026-03-02";
 *   size_t size = 0;
 *   if (tw_report_write(engine, &r, NULL, 0, &size, diag) == TW_OK) {
 *     char* csv = malloc(size + 1);
 *     if (csv && tw_report_write(engine, &r, csv, size + 1, &size, diag) == TW_OK) use(csv, size);
 *     free(csv);
 *   }
 *   r.format = TW_REPORT_HTML; r.from = NULL; r.path = "week.html";  // the last week, to a file
 *   tw_report_write(engine, &r, NULL, 0, NULL, diag);
 */
TW_API tw_result tw_report_write(tw_engine* engine, const tw_report_desc* desc, char* buffer, size_t capacity,
                                 size_t* out_size, tw_diagnostics* diagnostics);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TIMEWALL_TIMEWALL_H */
