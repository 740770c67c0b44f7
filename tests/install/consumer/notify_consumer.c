/* notify_consumer.c: a C host's notification with actions, through the C ABI
 * of an installed prefix (timewall.h, Timewall::capi or pkg-config's
 * timewall): it submits a notification with four actions, reads its card's
 * actions back (the first TW_MAX_CARD_BUTTON_ACTIONS are the buttons), and
 * answers with an action's key, after which the card is gone. Exit 0 = all
 * good. */
#include <stdio.h>
#include <string.h>

#include "timewall/timewall.h"

static int bad = 0;
static void expect(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "notify_consumer: %s\n", what);
    ++bad;
  }
}

static const tw_card* find_card(tw_engine* e, uint32_t id) {
  const tw_card* cards = NULL;
  size_t n = 0;
  if (tw_engine_cards(e, &cards, &n) != TW_OK) return NULL;
  for (size_t i = 0; i < n; ++i)
    if (cards[i].id == id) return &cards[i];
  return NULL;
}

int main(void) {
  expect(tw_abi_version() == TW_ABI_VERSION, "library ABI != header ABI");
  tw_engine_desc desc;
  memset(&desc, 0, sizeof desc);
  desc.struct_size = sizeof desc;
  desc.policy_text = "schema = 1\n[[notifications.rule]]\napp = \"chat\"\nroute = \"deliver\"\n";
  tw_engine* e = NULL;
  if (tw_engine_create(&desc, &e, NULL) != TW_OK) {
    fprintf(stderr, "notify_consumer: tw_engine_create failed\n");
    return 1;
  }
  const tw_instant t0 = {1000000000, 1795435200000};
  const tw_instant t1 = {2000000000, 1795435201000};
  expect(tw_engine_tick(e, t0) == TW_OK, "tick");

  const tw_notification_action actions[4] = {{"yes", "Yes"}, {"no", "No"}, {"call", "Call"}, {"default", NULL}};
  tw_notification n;
  memset(&n, 0, sizeof n);
  n.struct_size = sizeof n;
  n.source = "Chat";
  n.title = "Dinner at 7?";
  n.actions = actions;
  n.action_count = 4;
  uint32_t id = 0;
  expect(tw_engine_notify(e, &n, t0, &id) == TW_OK && id > 0, "notify");
  expect(tw_engine_tick(e, t0) == TW_OK, "tick");
  const tw_card* card = find_card(e, id);
  expect(card != NULL, "the delivered notification has no card");
  if (card != NULL) {
    expect(card->action_count == 4, "the card does not list the four actions");
    expect(card->action_count == 4 && strcmp(card->actions[2].key, "call") == 0 &&
               strcmp(card->actions[2].label, "Call") == 0,
           "the third action is not call/Call");
    expect(card->action_count == 4 && strcmp(card->actions[3].label, "Open") == 0,
           "\"default\" without a label is not labelled Open");
    printf("notify_consumer: card %u \"%s\" buttons:", card->id, card->title);
    for (uint32_t i = 0; i < card->action_count && i < TW_MAX_CARD_BUTTON_ACTIONS; ++i)
      printf(" [%s]", card->actions[i].label);
    printf(" [Dismiss]\n");
  }
  expect(tw_engine_invoke_action(e, id, "maybe", t1) == TW_ERROR_NOT_FOUND, "a key the card lacks was taken");
  expect(tw_engine_invoke_action(e, id, "call", t1) == TW_OK, "the wearer's choice was refused");
  expect(find_card(e, id) == NULL, "the card stays after the wearer chose");
  tw_engine_destroy(e);
  if (bad == 0) printf("notify_consumer: actions in, on the card, answered\n");
  return bad == 0 ? 0 : 1;
}
