/* timewall_inbox.h: the device's one notification inbox for C hosts.
 *
 * What it does: reads the cards `timewall serve` shows now
 * (org.timewall.Inbox1 on the session bus, docs/notifications.md) and sends
 * the wearer's answers back: an action (the sender gets ActionInvoked) or
 * "dismiss" (NotificationClosed, reason 2). It is the InboxClient the API
 * layer and the simulator use: a thread of its own reads serve's cards when
 * serve signals a change (Inbox1.CardsChanged), so none of these calls
 * waits on the bus or on the ledger, and a frame that finds nothing new
 * allocates nothing. Every process on the device that creates a
 * tw_inbox sees the same cards; a card answered in one leaves the others.
 * What it does not do: decide when a card shows (serve does), draw it, or
 * start serve. Built only where libsystemd is (libtimewall-inbox.so; the
 * arm64 build too). Nothing throws across it; errors are tw_result values.
 *
 *   tw_inbox_desc desc = {sizeof desc};            // zero: the session bus, a 2 s fallback poll
 *   tw_inbox* inbox = NULL;
 *   if (tw_inbox_create(&desc, &inbox) != TW_OK) return;
 *   // each frame:
 *   int changed = 0;
 *   tw_inbox_refresh(inbox, &changed);
 *   const tw_inbox_card* cards; size_t n;
 *   tw_inbox_cards(inbox, &cards, &n);             // draw cards[0 .. n)
 *   if (chose_first_action) tw_inbox_invoke_action(inbox, cards[0].id, cards[0].actions[0].key);
 *   tw_inbox_destroy(inbox);
 *
 * Ownership: tw_inbox_create / tw_inbox_destroy; every pointer it hands out
 * belongs to the inbox and is valid until the next tw_inbox_refresh that
 * reports a change, or tw_inbox_destroy. One thread at a time per tw_inbox. */
#ifndef TIMEWALL_INBOX_H
#define TIMEWALL_INBOX_H

#include <stddef.h>
#include <stdint.h>

#include "timewall/timewall.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tw_inbox tw_inbox;

/* Zero-initialised = defaults (only struct_size must be set). */
typedef struct tw_inbox_desc {
  uint32_t struct_size;    /* sizeof(tw_inbox_desc) */
  const char* bus_address; /* NULL or "": the session bus ($DBUS_SESSION_BUS_ADDRESS) */
  int32_t poll_ms;         /* the cards are read on each of serve's CardsChanged signals, and also this
                              long after the last read, in case a signal was lost; 0: 2000; else
                              10 .. 600000 */
} tw_inbox_desc;

/* One of a card's actions: timewall.h's tw_notification_action (key: what
 * tw_inbox_invoke_action takes and the sender gets back; label: the
 * button's text, never empty). */
typedef tw_notification_action tw_inbox_action;

typedef struct tw_inbox_card {
  uint32_t id;         /* the notification id serve gave the sender */
  const char* source;  /* the app name the sender gave */
  const char* title;   /* the summary */
  const char* body;    /* plain text, "" when none */
  uint32_t count;      /* notifications on the card: more than 1 for a flood's batch */
  const tw_inbox_action* actions; /* the notification's actions, in the sender's order; the first
                                     min(action_count, TW_MAX_CARD_BUTTON_ACTIONS) are the card's
                                     buttons, left of "Dismiss" */
  uint32_t action_count;          /* 0 .. TW_MAX_NOTIFICATION_ACTIONS */
} tw_inbox_card;

/* Starts the inbox's thread; serve need not run yet (the cards stay empty
 * and tw_inbox_status says why until it does). TW_ERROR_INVALID_ARGUMENT: a
 * NULL argument or poll_ms out of range; TW_ERROR_STRUCT_SIZE: a
 * struct_size this library does not know. A NULL inbox argument of the
 * calls below is TW_ERROR_NULL_HANDLE. */
TW_API tw_result tw_inbox_create(const tw_inbox_desc* desc, tw_inbox** out_inbox);
/* Stops the thread (after at most one bus call's timeout, 1 s). NULL is a no-op. */
TW_API void tw_inbox_destroy(tw_inbox* inbox);

/* Takes the newest snapshot if one came since the last call; *out_changed
 * (may be NULL) is 1 when the cards changed, and only then are the
 * pointers tw_inbox_cards gave before invalid. Never blocks. */
TW_API tw_result tw_inbox_refresh(tw_inbox* inbox, int* out_changed);
/* The cards serve showed at the last refresh, in its order. */
TW_API tw_result tw_inbox_cards(const tw_inbox* inbox, const tw_inbox_card** out_cards, size_t* out_count);

/* Queue the wearer's answer for the thread to send: tw_inbox_invoke_action
 * sends `key` (one of the card's actions, any of them, not only its
 * buttons) back to the sender as ActionInvoked and closes the card
 * (NotificationClosed, reason 2). TW_ERROR_NOT_FOUND: no
 * card with that id (or no such action on it) at the last refresh;
 * TW_ERROR_TOO_LARGE: the answer queue (16) is full. */
TW_API tw_result tw_inbox_invoke_action(tw_inbox* inbox, uint32_t id, const char* key);
TW_API tw_result tw_inbox_dismiss(tw_inbox* inbox, uint32_t id);

/* TW_OK while the bus answers; else TW_ERROR_IO, and the last bus error in
 * *out_message (valid until the next call on this inbox; may be NULL). */
TW_API tw_result tw_inbox_status(tw_inbox* inbox, const char** out_message);

#ifdef __cplusplus
}
#endif

#endif /* TIMEWALL_INBOX_H */
