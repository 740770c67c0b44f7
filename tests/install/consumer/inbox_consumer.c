/* inbox_consumer.c: timewall_inbox.h from an installed prefix, as a C host
 * would build it (find_package's Timewall::inbox, or pkg-config's
 * timewall-inbox). With no server on the given bus the inbox must stay empty
 * and say why, and misuse must give the documented error values. Exit 0 =
 * all good. */
#define _POSIX_C_SOURCE 200809L /* nanosleep under -std=c11 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "timewall/timewall_inbox.h"

static int bad = 0;
static void expect(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "inbox_consumer: %s\n", what);
    ++bad;
  }
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: inbox_consumer UNUSED-SOCKET-PATH\n");
    return 2;
  }
  tw_inbox* inbox = NULL;
  expect(tw_inbox_create(NULL, &inbox) == TW_ERROR_INVALID_ARGUMENT, "a NULL desc is not INVALID_ARGUMENT");
  tw_inbox_desc desc;
  memset(&desc, 0, sizeof desc);
  desc.struct_size = sizeof desc;
  desc.poll_ms = 5;
  expect(tw_inbox_create(&desc, &inbox) == TW_ERROR_INVALID_ARGUMENT, "poll_ms 5 is not INVALID_ARGUMENT");
  desc.struct_size = 3;
  desc.poll_ms = 0;
  expect(tw_inbox_create(&desc, &inbox) == TW_ERROR_STRUCT_SIZE, "a foreign struct_size is not STRUCT_SIZE");

  char address[512];
  snprintf(address, sizeof address, "unix:path=%s", argv[1]);
  desc.struct_size = sizeof desc;
  desc.bus_address = address;
  desc.poll_ms = 10;
  if (tw_inbox_create(&desc, &inbox) != TW_OK || inbox == NULL) {
    fprintf(stderr, "inbox_consumer: tw_inbox_create failed\n");
    return 1;
  }
  /* No bus answers there: within 2 s the inbox says so, and shows nothing. */
  const char* message = NULL;
  tw_result status = TW_OK;
  for (int i = 0; i < 200 && status == TW_OK; ++i) {
    struct timespec ten_ms = {0, 10 * 1000 * 1000};
    nanosleep(&ten_ms, NULL);
    status = tw_inbox_status(inbox, &message);
  }
  expect(status == TW_ERROR_IO, "no bus, yet the status is not IO");
  expect(message != NULL && message[0] != '\0', "no bus, yet no message says why");
  char why[256] = "";
  if (message != NULL) snprintf(why, sizeof why, "%s", message);
  /* The first snapshot may count as a change; polls that find the same
   * (no) cards after it must not, or a host would redraw every poll. */
  int changed = 1;
  expect(tw_inbox_refresh(inbox, &changed) == TW_OK, "refresh failed");
  struct timespec fifty_ms = {0, 50 * 1000 * 1000};
  nanosleep(&fifty_ms, NULL); /* five polls */
  expect(tw_inbox_refresh(inbox, &changed) == TW_OK && changed == 0, "polls that found nothing new reported a change");
  const tw_inbox_card* cards = NULL;
  size_t count = 99;
  expect(tw_inbox_cards(inbox, &cards, &count) == TW_OK && count == 0, "cards without a server");
  expect(tw_inbox_dismiss(inbox, 7) == TW_ERROR_NOT_FOUND, "dismissing an unknown card is not NOT_FOUND");
  expect(tw_inbox_refresh(NULL, NULL) == TW_ERROR_NULL_HANDLE, "a NULL inbox is not NULL_HANDLE");
  /* A card's actions are timewall.h's tw_notification_action. */
  const tw_notification_action* as_notification = (const tw_inbox_action*)NULL;
  expect(as_notification == NULL && TW_MAX_CARD_BUTTON_ACTIONS == 3u, "tw_inbox_action");
  tw_inbox_destroy(inbox);
  if (bad == 0) printf("inbox_consumer: no server -> %s; no change reported by idle polls; misuse refused\n", why);
  return bad == 0 ? 0 : 1;
}
