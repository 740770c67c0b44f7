/* capi_end_to_end.c: a C11 host that drives Timewall through timewall.h only.
 *
 * It lives a morning with a social feed against a real ledger in a fresh temp
 * folder: the budget ring, the warning, the friction prompt and "continue
 * anyway", an idle moment, then reads the day back from the ledger (and as
 * CSV through tw_report_write), restarts the engine on the same file (the
 * budget continues), and checks the error paths: a broken policy gives
 * file:line:column:key, a bad reload keeps the old policy, a damaged ledger
 * is refused, NULL handles give error codes.
 * Built with -std=c11 -Wall -Wextra -pedantic -Werror, both in the build tree
 * and against an installed prefix through pkg-config (tests/install).
 * Usage: capi_end_to_end [TEMP_PARENT]   exit 0 = every check passed. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <timewall/timewall.h>

static int failures = 0;
#define CHECK(cond)                                                         \
  do {                                                                      \
    if (!(cond)) {                                                          \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                           \
    }                                                                       \
  } while (0)
#define CHECK_RESULT(expr, want)                                            \
  do {                                                                      \
    tw_result got_ = (expr);                                                \
    if (got_ != (want)) {                                                   \
      fprintf(stderr, "%s:%d: %s gave %s, want %s\n", __FILE__, __LINE__, #expr, \
              tw_result_to_string(got_), tw_result_to_string(want));         \
      ++failures;                                                           \
    }                                                                       \
  } while (0)

static const char kPolicy[] =
    "schema = 1\n"
    "[time_value]\n"
    "hourly = 36.0\n"
    "currency = \"EUR\"\n"
    "timezone = \"Europe/Berlin\"\n"
    "[apps]\n"
    "\"com.example.feed\" = \"social\"\n"
    "[[budget]]\n"
    "id = \"social-daily\"\n"
    "category = \"social\"\n"
    "limit_min = 2\n"
    "warn_at = [0.5]\n"
    "at_limit = \"friction\"\n"
    "extension_min = 1\n"
    "max_extensions = 1\n"
    "[friction]\n"
    "pause_s = 5\n"
    "intentions = [\"reply to Ana\"]\n"
    "[[friction.exercise]]\n"
    "id = \"box\"\n"
    "kind = \"breathe\"\n"
    "breaths = 1\n"
    "text = \"Breathe in 4, out 6.\"\n"
    "[idle]\n"
    "min_idle_s = 20\n"
    "default = \"protect\"\n";

/* Line 11, column 13: a string where minutes are wanted. */
static const char kBrokenPolicy[] =
    "schema = 1\n"
    "[time_value]\n"
    "hourly = 36.0\n"
    "currency = \"EUR\"\n"
    "timezone = \"Europe/Berlin\"\n"
    "[apps]\n"
    "\"com.example.feed\" = \"social\"\n"
    "[[budget]]\n"
    "id = \"social-daily\"\n"
    "category = \"social\"\n"
    "limit_min = \"two\"\n";

static const char kFeed[] = "com.example.feed";
/* 2026-11-25 10:00 in Europe/Berlin. */
static const int64_t kStartMs = 1795597200000LL;

/* dir + "/" + name into out, or exit: a truncated path would test the wrong file. */
static void join(char* out, size_t size, const char* dir, const char* name) {
  int n = snprintf(out, size, "%s/%s", dir, name);
  if (n < 0 || (size_t)n >= size) {
    fprintf(stderr, "path too long: %s/%s\n", dir, name);
    exit(2);
  }
}

static tw_instant at_s(int64_t s) {
  tw_instant t;
  t.mono_ns = s * 1000000000LL;
  t.unix_ms = kStartMs + s * 1000;
  return t;
}

static tw_signal signal_at(int64_t s, int32_t kind, const char* app) {
  tw_signal sig;
  memset(&sig, 0, sizeof sig);
  sig.at = at_s(s);
  sig.kind = kind;
  sig.app = app;
  return sig;
}

/* What was read back as a day report, exported as CSV through tw_report_write
 * (the header's example: ask the size, then fill a buffer of size + 1). */
static void check_csv_export(tw_engine* e, tw_diagnostics* diag) {
  tw_report_desc r;
  size_t size = 0, again = 0;
  char* csv;
  char tiny[4] = "xyz";
  memset(&r, 0, sizeof r);
  r.struct_size = sizeof r;
  r.format = TW_REPORT_CSV;
  CHECK_RESULT(tw_report_write(e, &r, NULL, 0, &size, diag), TW_OK);
  CHECK(size > 0);
  CHECK_RESULT(tw_report_write(e, &r, tiny, sizeof tiny, &again, diag), TW_ERROR_BUFFER_TOO_SMALL);
  CHECK(again == size && strcmp(tiny, "xyz") == 0);
  csv = malloc(size + 1);
  if (!csv) return;
  CHECK_RESULT(tw_report_write(e, &r, csv, size + 1, &again, diag), TW_OK);
  CHECK(again == size && strlen(csv) == size);
  CHECK(strncmp(csv, "local_date,start,end,", 21) == 0);
  CHECK(strstr(csv, ",com.example.feed,social\r\n") != NULL);
  free(csv);
}

/* What the run saw, summed over every tick. */
struct seen {
  int ring_ticks;
  int64_t max_used_s;
  int64_t limit_s; /* the ring's limit on the last tick that showed it */
  int warning_deferred;
  int warning_shown;
  int prompt_shown;
  int prompt_visible_ticks;
  int extend;
  int protect;
  int bypass_offered;
  int answers;
  int64_t max_exercise_ms;
};

static void feed1(tw_engine* e, int64_t s, int32_t kind, const char* app) {
  tw_signal sig = signal_at(s, kind, app);
  CHECK_RESULT(tw_engine_feed(e, &sig, 1), TW_OK);
}

static void observe(tw_engine* e, struct seen* seen) {
  const tw_overlay* ov = NULL;
  const tw_decision* dec = NULL;
  size_t n = 0, m = 0, i;
  CHECK_RESULT(tw_engine_overlays(e, &ov, &n), TW_OK);
  CHECK_RESULT(tw_engine_decisions(e, &dec, &m), TW_OK);
  for (i = 0; i < n; ++i) {
    if (ov[i].kind == TW_OVERLAY_BUDGET_RING && strcmp(ov[i].app, kFeed) == 0) {
      ++seen->ring_ticks;
      CHECK(strcmp(ov[i].category, "social") == 0);
      CHECK(ov[i].limit_s >= 120);
      if (ov[i].used_s > seen->max_used_s) seen->max_used_s = ov[i].used_s;
      seen->limit_s = ov[i].limit_s;
    }
    if (ov[i].kind == TW_OVERLAY_FRICTION_PROMPT) {
      const char* text = NULL;
      ++seen->prompt_visible_ticks;
      if (ov[i].bypass_available) seen->bypass_offered = 1;
      CHECK_RESULT(tw_engine_policy_string(e, TW_POLICY_EXERCISE_TEXT, ov[i].exercise, &text), TW_OK);
      CHECK(text && strncmp(text, "Breathe", 7) == 0);
      CHECK(ov[i].exercise_kind == TW_EXERCISE_BREATHE);
      CHECK(ov[i].exercise_ms >= 0);
      if (ov[i].exercise_ms > seen->max_exercise_ms) seen->max_exercise_ms = ov[i].exercise_ms;
    }
  }
  for (i = 0; i < m; ++i) {
    if (dec[i].kind == TW_DECISION_DEFER && dec[i].overlay == TW_OVERLAY_WARNING) ++seen->warning_deferred;
    if (dec[i].kind == TW_DECISION_SHOW && dec[i].overlay == TW_OVERLAY_WARNING) ++seen->warning_shown;
    if (dec[i].kind == TW_DECISION_SHOW && dec[i].overlay == TW_OVERLAY_FRICTION_PROMPT) {
      const char* id = NULL;
      ++seen->prompt_shown;
      CHECK(dec[i].reason == TW_REASON_BUDGET_REACHED);
      CHECK_RESULT(tw_engine_policy_string(e, TW_POLICY_BUDGET_ID, dec[i].budget, &id), TW_OK);
      CHECK(id && strcmp(id, "social-daily") == 0);
    }
    if (dec[i].kind == TW_DECISION_EXTEND) {
      ++seen->extend;
      CHECK(dec[i].reason == TW_REASON_BYPASS_GRANTED);
    }
    if (dec[i].kind == TW_DECISION_PROTECT) ++seen->protect;
    if (dec[i].kind == TW_DECISION_ANSWER) {
      ++seen->answers;
      CHECK(dec[i].answer == TW_ANSWER_CONTINUE_ANYWAY);
      CHECK(dec[i].reason == TW_REASON_BYPASS_GRANTED);
      CHECK(dec[i].overlay == TW_OVERLAY_FRICTION_PROMPT);
      CHECK(!tw_decision_wearer_left(&dec[i]));
    } else {
      CHECK(dec[i].answer == TW_ANSWER_NONE);
    }
  }
}

/* Ticks once a second from `from` to `to` (exclusive); interaction in the feed
 * every 5 s when `active`. */
static void run(tw_engine* e, int64_t from, int64_t to, int active, struct seen* seen) {
  int64_t s;
  for (s = from; s < to; ++s) {
    if (active && s % 5 == 0) feed1(e, s, TW_SIGNAL_INTERACTION, kFeed);
    CHECK_RESULT(tw_engine_tick(e, at_s(s)), TW_OK);
    observe(e, seen);
  }
}

static tw_engine* make_engine(const char* ledger, tw_diagnostics* diag) {
  tw_engine_desc desc;
  tw_engine* e = NULL;
  memset(&desc, 0, sizeof desc);
  desc.struct_size = sizeof desc;
  desc.policy_text = kPolicy;
  desc.policy_name = "wearer.toml";
  desc.ledger_path = ledger;
  CHECK_RESULT(tw_engine_create(&desc, &e, diag), TW_OK);
  CHECK(e != NULL);
  return e;
}

static void day_from_ledger(const char* dir) {
  char ledger[4096];
  tw_diagnostics* diag = NULL;
  tw_engine* e;
  struct seen seen;
  tw_day_report rep;
  const tw_usage* rows = NULL;
  size_t nrows = 0;
  int64_t used_before;
  double want_cost;

  join(ledger, sizeof ledger, dir, "ledger.db");
  CHECK_RESULT(tw_diagnostics_create(&diag), TW_OK);
  e = make_engine(ledger, diag);
  if (!e) return;
  memset(&seen, 0, sizeof seen);
  {
    const char* intention = NULL;
    CHECK_RESULT(tw_engine_policy_string(e, TW_POLICY_INTENTION, 0, &intention), TW_OK);
    CHECK(intention && strcmp(intention, "reply to Ana") == 0);
    CHECK_RESULT(tw_engine_policy_string(e, TW_POLICY_INTENTION, 1, &intention), TW_ERROR_OUT_OF_RANGE);
  }

  feed1(e, 0, TW_SIGNAL_WORN, NULL);
  feed1(e, 0, TW_SIGNAL_APP_FOCUS, kFeed);
  run(e, 0, 125, 1, &seen); /* over the 2 min budget: the prompt appears */
  CHECK(seen.ring_ticks > 100);
  CHECK(seen.warning_deferred == 1); /* held for a breakpoint while scrolling */
  CHECK(seen.warning_shown == 0);
  CHECK(seen.prompt_shown == 1);
  run(e, 125, 131, 1, &seen); /* the breath (10 s, longer than the 5 s pause) runs out */
  CHECK(seen.bypass_offered);
  CHECK(seen.max_exercise_ms >= 10000);
  feed1(e, 131, TW_SIGNAL_CONTINUE_ANYWAY, kFeed);
  run(e, 131, 160, 1, &seen);
  CHECK(seen.extend == 1);
  CHECK(seen.answers == 1);
  feed1(e, 160, TW_SIGNAL_APP_BLUR, kFeed);
  run(e, 160, 200, 0, &seen); /* no interaction: an idle moment, protected */
  CHECK(seen.warning_shown == 1); /* delivered at the app switch */
  CHECK(seen.protect >= 1);
  CHECK_RESULT(tw_engine_finish(e, at_s(200)), TW_OK);
  CHECK_RESULT(tw_engine_ledger_status(e, diag), TW_OK);

  CHECK_RESULT(tw_engine_day_report(e, at_s(200).unix_ms, &rep), TW_OK);
  printf("day %lld: attended %lld ms, cost %.4f %s, protected %lld ms, filled %lld ms, "
         "friction shown %lld left %lld, bypasses %lld (+%lld s), blocks %lld\n",
         (long long)rep.day, (long long)rep.attended_ms, rep.cost, rep.currency,
         (long long)rep.protected_ms, (long long)rep.filled_ms, (long long)rep.friction_shown,
         (long long)rep.friction_left, (long long)rep.bypasses, (long long)rep.bypass_extension_s,
         (long long)rep.blocks);
  CHECK(rep.day == (kStartMs / 1000 + 3600) / 86400);
  /* Focused and interacting from 0 to 160 s: all of it attended, nothing more. */
  CHECK(rep.attended_ms >= 150000 && rep.attended_ms <= 160000);
  want_cost = (double)rep.attended_ms / 3.6e6 * 36.0;
  CHECK(rep.cost > want_cost - 1e-9 && rep.cost < want_cost + 1e-9);
  CHECK(strcmp(rep.currency, "EUR") == 0);
  CHECK(rep.friction_shown == 1);
  CHECK(rep.bypasses == 1);
  CHECK(rep.bypass_extension_s == 60);
  CHECK(rep.protected_ms >= 20000 && rep.protected_ms <= 40000);
  CHECK(rep.filled_ms == 0);
  CHECK(rep.per_app_count == 1 && strcmp(rep.per_app[0].name, kFeed) == 0);
  CHECK(rep.per_category_count == 1 && strcmp(rep.per_category[0].name, "social") == 0);
  CHECK(rep.per_app_count == 1 && rep.per_app[0].attended_ms == rep.attended_ms);

  CHECK_RESULT(tw_engine_usage_today(e, at_s(200).unix_ms, TW_GROUP_CATEGORY, &rows, &nrows), TW_OK);
  CHECK(nrows == 1 && strcmp(rows[0].name, "social") == 0 && rows[0].attended_ms == rep.attended_ms);
  CHECK_RESULT(tw_engine_usage_today(e, at_s(200).unix_ms, TW_GROUP_APP, &rows, &nrows), TW_OK);
  CHECK(nrows == 1 && strcmp(rows[0].name, kFeed) == 0);
  /* The next day is empty. */
  CHECK_RESULT(tw_engine_usage_today(e, at_s(200).unix_ms + 86400000LL, TW_GROUP_APP, &rows, &nrows), TW_OK);
  CHECK(nrows == 0);
  check_csv_export(e, diag);
  used_before = rep.attended_ms / 1000;
  tw_engine_destroy(e);

  /* A restart on the same ledger: the budget continues where it stopped. */
  e = make_engine(ledger, diag);
  if (!e) return;
  memset(&seen, 0, sizeof seen);
  feed1(e, 300, TW_SIGNAL_WORN, NULL);
  feed1(e, 300, TW_SIGNAL_APP_FOCUS, kFeed);
  run(e, 300, 303, 1, &seen);
  printf("after restart: ring used %lld s (before: %lld s)\n", (long long)seen.max_used_s,
         (long long)used_before);
  CHECK(seen.max_used_s >= used_before);
  /* The one extension used before the restart is restored from the ledger:
   * 120 s + 60 s, so about 20 s are left and no prompt (nor a fresh bypass). */
  CHECK(seen.limit_s == 180);
  CHECK(seen.max_used_s < 180);
  CHECK(seen.prompt_shown == 0);

  /* A broken reload: the old policy stays, with the error's position. */
  {
    tw_policy_desc pd;
    tw_diagnostic d;
    const char* id = NULL;
    memset(&pd, 0, sizeof pd);
    pd.struct_size = sizeof pd;
    pd.text = kBrokenPolicy;
    pd.name = "edited.toml";
    pd.now = at_s(303);
    CHECK_RESULT(tw_engine_load_policy(e, &pd, diag), TW_ERROR_INVALID_POLICY);
    CHECK(tw_diagnostics_count(diag) >= 1);
    CHECK_RESULT(tw_diagnostics_get(diag, 0, &d), TW_OK);
    CHECK(strcmp(d.file, "edited.toml") == 0 && d.line == 11 && strcmp(d.key, "budget[0].limit_min") == 0);
    CHECK_RESULT(tw_engine_policy_string(e, TW_POLICY_BUDGET_ID, 0, &id), TW_OK);
    CHECK(id && strcmp(id, "social-daily") == 0);
    CHECK_RESULT(tw_engine_tick(e, at_s(304)), TW_OK);
    /* A good reload with no budget: the ring goes. */
    pd.text = "schema = 1\n[time_value]\ntimezone = \"Europe/Berlin\"\n";
    CHECK_RESULT(tw_engine_load_policy(e, &pd, diag), TW_OK);
    CHECK(tw_diagnostics_count(diag) == 0);
    CHECK_RESULT(tw_engine_policy_string(e, TW_POLICY_BUDGET_ID, 0, &id), TW_ERROR_OUT_OF_RANGE);
  }
  CHECK_RESULT(tw_engine_finish(e, at_s(305)), TW_OK);
  tw_engine_destroy(e);
  tw_diagnostics_destroy(diag);
}

static void broken_policy(const char* dir) {
  tw_diagnostics* diag = NULL;
  tw_engine_desc desc;
  tw_engine* e = (tw_engine*)&desc; /* must be reset to NULL on failure */
  tw_diagnostic d;
  char path[4096];
  FILE* f;

  CHECK_RESULT(tw_diagnostics_create(&diag), TW_OK);
  join(path, sizeof path, dir, "broken.toml");
  f = fopen(path, "w");
  CHECK(f != NULL);
  if (!f) return;
  fputs(kBrokenPolicy, f);
  fclose(f);

  memset(&desc, 0, sizeof desc);
  desc.struct_size = sizeof desc;
  desc.policy_path = path;
  CHECK_RESULT(tw_engine_create(&desc, &e, diag), TW_ERROR_INVALID_POLICY);
  CHECK(e == NULL);
  CHECK(tw_diagnostics_count(diag) == 1);
  CHECK_RESULT(tw_diagnostics_get(diag, 0, &d), TW_OK);
  printf("broken policy: %s:%d:%d: %s: %s (%s)\n", d.file, d.line, d.column, d.key, d.message,
         tw_result_to_string(d.code));
  CHECK(strcmp(d.file, path) == 0);
  CHECK(d.line == 11 && d.column == 13);
  CHECK(strcmp(d.key, "budget[0].limit_min") == 0);
  CHECK(d.code == TW_ERROR_INVALID_POLICY && strlen(d.message) > 0);
  CHECK_RESULT(tw_diagnostics_get(diag, 1, &d), TW_ERROR_OUT_OF_RANGE);

  /* TOML syntax: an unterminated string on line 2. */
  desc.policy_path = NULL;
  desc.policy_text = "schema = 1\ncurrency = \"EUR\n";
  CHECK_RESULT(tw_engine_create(&desc, &e, diag), TW_ERROR_PARSE);
  CHECK_RESULT(tw_diagnostics_get(diag, 0, &d), TW_OK);
  CHECK(strcmp(d.file, "<policy>") == 0 && d.line == 2 && d.column > 0);

  /* A missing file, a missing zone, text and path together. */
  desc.policy_text = NULL;
  join(path, sizeof path, dir, "missing.toml");
  desc.policy_path = path;
  CHECK_RESULT(tw_engine_create(&desc, &e, diag), TW_ERROR_NOT_FOUND);
  CHECK_RESULT(tw_diagnostics_get(diag, 0, &d), TW_OK);
  CHECK(strcmp(d.file, path) == 0);
  desc.policy_path = NULL;
  desc.timezone = "Mars/Olympus_Mons";
  CHECK_RESULT(tw_engine_create(&desc, &e, diag), TW_ERROR_NOT_FOUND);
  desc.timezone = NULL;
  desc.policy_text = kPolicy;
  desc.policy_path = path;
  CHECK_RESULT(tw_engine_create(&desc, &e, diag), TW_ERROR_INVALID_ARGUMENT);

  /* A damaged ledger is refused, named and left as it was. */
  join(path, sizeof path, dir, "damaged.db");
  f = fopen(path, "w");
  CHECK(f != NULL);
  if (f) {
    fputs("this is not an SQLite database, and it is long enough to look like a header....", f);
    fclose(f);
  }
  desc.policy_path = NULL;
  desc.ledger_path = path;
  CHECK_RESULT(tw_engine_create(&desc, &e, diag), TW_ERROR_LEDGER_CORRUPT);
  CHECK_RESULT(tw_diagnostics_get(diag, 0, &d), TW_OK);
  CHECK(strcmp(d.file, path) == 0);
  printf("damaged ledger: %s: %s\n", d.file, d.message);
  tw_diagnostics_destroy(diag);
}

static void bad_calls(void) {
  tw_engine_desc desc;
  tw_engine* e = NULL;
  tw_signal sig = signal_at(0, TW_SIGNAL_APP_FOCUS, kFeed);
  const tw_overlay* ov;
  const tw_usage* rows;
  size_t n;
  tw_day_report rep;
  tw_diagnostic d;
  const char* text;
  int i;

  CHECK_RESULT(tw_engine_tick(NULL, at_s(0)), TW_ERROR_NULL_HANDLE);
  CHECK_RESULT(tw_engine_feed(NULL, &sig, 1), TW_ERROR_NULL_HANDLE);
  CHECK_RESULT(tw_engine_overlays(NULL, &ov, &n), TW_ERROR_NULL_HANDLE);
  CHECK_RESULT(tw_engine_finish(NULL, at_s(0)), TW_ERROR_NULL_HANDLE);
  CHECK_RESULT(tw_engine_day_report(NULL, 0, &rep), TW_ERROR_NULL_HANDLE);
  CHECK_RESULT(tw_engine_load_policy(NULL, NULL, NULL), TW_ERROR_NULL_HANDLE);
  CHECK_RESULT(tw_engine_ledger_status(NULL, NULL), TW_ERROR_NULL_HANDLE);
  CHECK_RESULT(tw_engine_policy_string(NULL, TW_POLICY_CURRENCY, 0, &text), TW_ERROR_NULL_HANDLE);
  CHECK_RESULT(tw_diagnostics_get(NULL, 0, &d), TW_ERROR_NULL_HANDLE);
  CHECK(tw_diagnostics_count(NULL) == 0);
  tw_engine_destroy(NULL);
  tw_diagnostics_destroy(NULL);

  CHECK_RESULT(tw_engine_create(NULL, &e, NULL), TW_ERROR_INVALID_ARGUMENT);
  memset(&desc, 0, sizeof desc);
  CHECK_RESULT(tw_engine_create(&desc, NULL, NULL), TW_ERROR_INVALID_ARGUMENT);
  CHECK_RESULT(tw_engine_create(&desc, &e, NULL), TW_ERROR_STRUCT_SIZE); /* struct_size left 0 */
  desc.struct_size = sizeof desc;
  desc.timezone = "UTC";
  CHECK_RESULT(tw_engine_create(&desc, &e, NULL), TW_OK); /* defaults, no ledger */
  if (!e) return;
  CHECK_RESULT(tw_engine_usage_today(e, 0, TW_GROUP_APP, &rows, &n), TW_ERROR_NO_LEDGER);
  CHECK_RESULT(tw_engine_usage_today(e, 0, 7, &rows, &n), TW_ERROR_INVALID_ARGUMENT);
  CHECK_RESULT(tw_engine_finish(e, at_s(0)), TW_ERROR_NO_LEDGER);
  CHECK_RESULT(tw_engine_overlays(e, NULL, &n), TW_ERROR_INVALID_ARGUMENT);
  CHECK_RESULT(tw_engine_feed(e, NULL, 1), TW_ERROR_INVALID_ARGUMENT);
  CHECK_RESULT(tw_engine_policy_string(e, 99, 0, &text), TW_ERROR_INVALID_ARGUMENT);
  CHECK_RESULT(tw_engine_policy_string(e, TW_POLICY_CURRENCY, 0, &text), TW_OK);
  CHECK(strcmp(text, "EUR") == 0);
  sig.kind = 99; /* rejects the whole batch */
  CHECK_RESULT(tw_engine_feed(e, &sig, 1), TW_ERROR_INVALID_ARGUMENT);
  sig.kind = TW_SIGNAL_EXERCISE_PICK + 1; /* one past the last */
  CHECK_RESULT(tw_engine_feed(e, &sig, 1), TW_ERROR_INVALID_ARGUMENT);
  sig.kind = TW_SIGNAL_EXERCISE_PICK; /* the row (in nudge_id) is 0..3 */
  sig.nudge_id = 4;
  CHECK_RESULT(tw_engine_feed(e, &sig, 1), TW_ERROR_INVALID_ARGUMENT);
  sig.nudge_id = 0;
  sig.kind = TW_SIGNAL_CONTEXT_HINT;
  sig.context = -1;
  CHECK_RESULT(tw_engine_feed(e, &sig, 1), TW_ERROR_INVALID_ARGUMENT);
  {
    /* A C host answers a card: no block is up, so "leave" is not offered and
     * the host must not end its session. */
    const tw_decision* dec = NULL;
    size_t m = 0, k, answers = 0;
    tw_signal leave = signal_at(0, TW_SIGNAL_BLOCK_LEAVE, kFeed);
    CHECK_RESULT(tw_engine_feed(e, &leave, 1), TW_OK);
    CHECK_RESULT(tw_engine_tick(e, at_s(0)), TW_OK);
    CHECK_RESULT(tw_engine_decisions(e, &dec, &m), TW_OK);
    for (k = 0; k < m; ++k) {
      if (dec[k].kind != TW_DECISION_ANSWER) continue;
      ++answers;
      CHECK(dec[k].answer == TW_ANSWER_BLOCK_LEAVE && dec[k].overlay == TW_OVERLAY_BLOCK_SHIELD);
      CHECK(dec[k].reason == TW_REASON_NOT_OFFERED && !tw_decision_wearer_left(&dec[k]));
    }
    CHECK(answers == 1);
  }
  CHECK_RESULT(tw_engine_tick(e, at_s(0)), TW_OK);
  CHECK_RESULT(tw_engine_overlays(e, &ov, &n), TW_OK);
  CHECK(n == 0);
  tw_engine_destroy(e);

  for (i = -1; i < 110; ++i) CHECK(tw_result_to_string((tw_result)i) != NULL);
  CHECK(strcmp(tw_result_to_string(TW_ERROR_NULL_HANDLE), "null_handle") == 0);
  CHECK(strcmp(tw_result_to_string(TW_ERROR_INVALID_POLICY), "invalid_policy") == 0);
  CHECK(strcmp(tw_result_to_string((tw_result)55), "unknown") == 0);
  /* 15 and 16 are the GPU and XR layers' codes, named here though the core leaves them free. */
  CHECK(strcmp(tw_result_to_string(TW_ERROR_PIN_BACKOFF), "pin_backoff") == 0);
  CHECK(strcmp(tw_result_to_string(TW_ERROR_VULKAN), "vulkan") == 0);
  CHECK(strcmp(tw_result_to_string(TW_ERROR_OPENXR), "openxr") == 0);
  CHECK(strcmp(tw_result_to_string(TW_ERROR_INTERNAL), "internal") == 0);
  CHECK(strcmp(tw_reason_to_string(-3), "unknown") == 0);
  CHECK(strcmp(tw_reason_to_string(TW_REASON_BUDGET_REACHED), "budget_reached") == 0);
  /* tw_reason names every core reason: the one after the last is unknown. */
  CHECK(strcmp(tw_reason_to_string(TW_REASON_PROMPT_LEFT), "prompt_left") == 0);
  CHECK(strcmp(tw_reason_to_string(TW_REASON_NOT_OFFERED), "not_offered") == 0);
  CHECK(strcmp(tw_reason_to_string(TW_REASON_PICKED), "picked") == 0);
  CHECK(strcmp(tw_reason_to_string(TW_REASON_PICKED + 1), "unknown") == 0);
  CHECK(strcmp(tw_answer_to_string(TW_ANSWER_BLOCK_EXTEND), "block_extend") == 0);
  CHECK(strcmp(tw_answer_to_string(TW_ANSWER_EXERCISE_PICK), "exercise_pick") == 0);
  CHECK(strcmp(tw_answer_to_string(TW_ANSWER_EXERCISE_PICK + 1), "unknown") == 0);
  CHECK(strcmp(tw_decision_kind_to_string(TW_DECISION_ANSWER), "answer") == 0);
  {
    /* "Leave" on a prompt or a block, and nothing else, ends the session. */
    tw_decision d;
    memset(&d, 0, sizeof d);
    d.kind = TW_DECISION_ANSWER;
    d.reason = TW_REASON_BLOCK_LEFT;
    CHECK(tw_decision_wearer_left(&d) == 1);
    d.reason = TW_REASON_PROMPT_LEFT;
    CHECK(tw_decision_wearer_left(&d) == 1);
    d.reason = TW_REASON_NOT_OFFERED;
    CHECK(tw_decision_wearer_left(&d) == 0);
    d.kind = TW_DECISION_HIDE;
    d.reason = TW_REASON_PROMPT_LEFT;
    CHECK(tw_decision_wearer_left(&d) == 0);
    CHECK(tw_decision_wearer_left(NULL) == 0);
  }
  CHECK(strcmp(tw_overlay_kind_to_string(TW_OVERLAY_FRICTION_PROMPT), "friction_prompt") == 0);
  CHECK(strcmp(tw_decision_kind_to_string(TW_DECISION_EXTEND), "extend") == 0);
}

int main(int argc, char** argv) {
  char dir[4096];
  char cmd[4200];
  snprintf(dir, sizeof dir, "%s/timewall-capi-XXXXXX", argc > 1 ? argv[1] : "/tmp");
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 2;
  }
  CHECK(tw_abi_version() == TW_ABI_VERSION);
  CHECK(strcmp(tw_version_string(), TIMEWALL_VERSION_STRING) == 0);
  printf("timewall %s, C ABI %u\n", tw_version_string(), (unsigned)tw_abi_version());

  day_from_ledger(dir);
  broken_policy(dir);
  bad_calls();

  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
  else printf("all C ABI checks passed\n");
  return failures ? 1 : 0;
}
