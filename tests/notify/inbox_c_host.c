/* inbox_c_host: a C host reading the device's one inbox through
 * timewall_inbox.h (libtimewall-inbox.so), the way a C engine's frame loop
 * would: tw_inbox_refresh each "frame" (1 ms apart), never waiting on the
 * bus. notify_bus.sh's c_host case runs it beside `timewall serve`.
 *
 *   inbox_c_host wait SUMMARY [act KEY | dismiss]   wait (<= 10 s) until a
 *       card with SUMMARY shows, print it as
 *       "card ID source SOURCE body BODY count N actions KEY=LABEL,...",
 *       then answer it if asked and wait until serve takes it away
 *   inbox_c_host gone SUMMARY                       wait (<= 10 s) until no
 *       card with SUMMARY shows, print "gone"
 *   inbox_c_host check                              the API's refusals:
 *       print "refusals ok" or the first that was wrong
 * Exit 0 on success, 1 on timeout (with the inbox's status), 2 on bad usage
 * or a refused answer. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "timewall/timewall_inbox.h"

static void sleep_1ms(void) {
  const struct timespec ts = {0, 1000000};
  nanosleep(&ts, NULL);
}

static const tw_inbox_card* find(tw_inbox* inbox, const char* summary) {
  const tw_inbox_card* cards = NULL;
  size_t n = 0;
  if (tw_inbox_cards(inbox, &cards, &n) != TW_OK) return NULL;
  for (size_t i = 0; i < n; ++i)
    if (strcmp(cards[i].title, summary) == 0) return &cards[i];
  return NULL;
}

static int check_refusals(tw_inbox* inbox) {
  tw_inbox_desc bad = {0};
  tw_inbox* out = inbox;
  if (tw_inbox_create(&bad, &out) != TW_ERROR_STRUCT_SIZE || out != NULL) return puts("create: struct_size"), 2;
  bad.struct_size = sizeof bad;
  bad.poll_ms = 5;
  if (tw_inbox_create(&bad, &out) != TW_ERROR_INVALID_ARGUMENT) return puts("create: poll_ms 5"), 2;
  if (tw_inbox_refresh(NULL, NULL) != TW_ERROR_NULL_HANDLE) return puts("refresh: null"), 2;
  if (tw_inbox_dismiss(inbox, 999999) != TW_ERROR_NOT_FOUND) return puts("dismiss: unknown id"), 2;
  if (tw_inbox_invoke_action(inbox, 999999, "yes") != TW_ERROR_NOT_FOUND) return puts("invoke: unknown id"), 2;
  if (tw_inbox_invoke_action(inbox, 1, NULL) != TW_ERROR_INVALID_ARGUMENT) return puts("invoke: null key"), 2;
  tw_inbox_destroy(NULL);
  puts("refusals ok");
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const char* mode = argv[1];
  tw_inbox_desc desc = {sizeof desc, NULL, 20};
  tw_inbox* inbox = NULL;
  if (tw_inbox_create(&desc, &inbox) != TW_OK) return fprintf(stderr, "tw_inbox_create failed\n"), 2;
  int rc = 1;
  if (strcmp(mode, "check") == 0) {
    rc = check_refusals(inbox);
    tw_inbox_destroy(inbox);
    return rc;
  }
  if (argc < 3) return tw_inbox_destroy(inbox), 2;
  const char* summary = argv[2];
  const char* answer = argc > 3 ? argv[3] : "";
  int answered = 0, snapshots = 0;
  for (int frame = 0; frame < 10000; ++frame) {
    int changed = 0;
    if (tw_inbox_refresh(inbox, &changed) != TW_OK) break;
    snapshots += changed;
    const tw_inbox_card* card = find(inbox, summary);
    if (strcmp(mode, "gone") == 0 && card == NULL && snapshots > 0) {
      puts("gone");
      rc = 0;
      break;
    }
    if (strcmp(mode, "wait") == 0 && card != NULL && !answered) {
      printf("card %u source %s body %s count %u actions ", card->id, card->source, card->body, card->count);
      for (uint32_t i = 0; i < card->action_count; ++i) printf("%s=%s,", card->actions[i].key, card->actions[i].label);
      printf("\n");
      fflush(stdout);
      if (answer[0] == '\0') {
        rc = 0;
        break;
      }
      const tw_result r = strcmp(answer, "dismiss") == 0 ? tw_inbox_dismiss(inbox, card->id)
                          : argc > 4                    ? tw_inbox_invoke_action(inbox, card->id, argv[4])
                                                        : TW_ERROR_INVALID_ARGUMENT;
      if (r != TW_OK) {
        printf("answer refused: tw_result %d\n", (int)r);
        rc = 2;
        break;
      }
      answered = 1;
    }
    if (answered && card == NULL) {  /* serve took it away */
      rc = 0;
      break;
    }
    sleep_1ms();
  }
  if (rc == 1) {
    const char* message = "";
    tw_inbox_status(inbox, &message);
    fprintf(stderr, "timeout; last error: %s\n", message);
  }
  tw_inbox_destroy(inbox);
  return rc;
}
