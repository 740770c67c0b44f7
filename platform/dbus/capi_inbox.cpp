// capi_inbox.cpp: timewall_inbox.h over tw::dbus::InboxClient. The C view of
// the cards (tw_inbox_card, tw_inbox_action) is rebuilt only when a refresh
// brings a new snapshot, so a frame with nothing new allocates nothing.
// Nothing throws across the boundary: every entry point catches.
#include "timewall/timewall_inbox.h"

#include <new>
#include <string_view>
#include <vector>

#include "dbus/inbox_client.hpp"

struct tw_inbox {
  tw::dbus::InboxClient client;
  std::vector<tw_inbox_card> cards;
  std::vector<tw_inbox_action> actions;  // every card's, in order; cards point into it
  std::string status;
};

namespace {

void rebuild_view(tw_inbox& inbox) {
  const std::span<const tw::dbus::RemoteCard> remote = inbox.client.cards();
  size_t action_total = 0;
  for (const tw::dbus::RemoteCard& c : remote) action_total += c.actions.size();
  inbox.cards.clear();
  inbox.actions.clear();
  inbox.actions.reserve(action_total);  // no reallocation below: the cards point into it
  for (const tw::dbus::RemoteCard& c : remote) {
    const size_t first = inbox.actions.size();
    for (const tw::NotifyAction& a : c.actions) inbox.actions.push_back({a.key.c_str(), a.label.c_str()});
    inbox.cards.push_back({.id = c.id,
                           .source = c.app_name.c_str(),
                           .title = c.summary.c_str(),
                           .body = c.body.c_str(),
                           .count = c.on_card,
                           .actions = c.actions.empty() ? nullptr : inbox.actions.data() + first,
                           .action_count = static_cast<uint32_t>(c.actions.size())});
  }
}

const tw::dbus::RemoteCard* find_card(const tw_inbox& inbox, uint32_t id) {
  for (const tw::dbus::RemoteCard& c : inbox.client.cards())
    if (c.id == id) return &c;
  return nullptr;
}

}  // namespace

extern "C" {

TW_API tw_result tw_inbox_create(const tw_inbox_desc* desc, tw_inbox** out_inbox) {
  if (desc == nullptr || out_inbox == nullptr) return TW_ERROR_INVALID_ARGUMENT;
  *out_inbox = nullptr;
  if (desc->struct_size != sizeof(tw_inbox_desc)) return TW_ERROR_STRUCT_SIZE;
  try {
    tw::dbus::InboxClientDesc d;
    if (desc->bus_address != nullptr) d.bus_address = desc->bus_address;
    if (desc->poll_ms != 0) d.poll_ms = desc->poll_ms;
    auto client = tw::dbus::InboxClient::start(d);
    if (!client) return TW_ERROR_INVALID_ARGUMENT;  // the only way start fails: a bad desc
    *out_inbox = new tw_inbox{std::move(client.value()), {}, {}, {}};
    return TW_OK;
  } catch (const std::bad_alloc&) {
    return TW_ERROR_OUT_OF_MEMORY;
  } catch (...) {
    return TW_ERROR_INTERNAL;
  }
}

TW_API void tw_inbox_destroy(tw_inbox* inbox) {
  try {
    delete inbox;
  } catch (...) {
  }
}

TW_API tw_result tw_inbox_refresh(tw_inbox* inbox, int* out_changed) {
  if (out_changed != nullptr) *out_changed = 0;
  if (inbox == nullptr) return TW_ERROR_NULL_HANDLE;
  try {
    if (!inbox->client.refresh()) return TW_OK;
    rebuild_view(*inbox);
    if (out_changed != nullptr) *out_changed = 1;
    return TW_OK;
  } catch (const std::bad_alloc&) {
    inbox->cards.clear();  // never hand out a half-built view
    return TW_ERROR_OUT_OF_MEMORY;
  } catch (...) {
    inbox->cards.clear();
    return TW_ERROR_INTERNAL;
  }
}

TW_API tw_result tw_inbox_cards(const tw_inbox* inbox, const tw_inbox_card** out_cards, size_t* out_count) {
  if (inbox == nullptr) return TW_ERROR_NULL_HANDLE;
  if (out_cards == nullptr || out_count == nullptr) return TW_ERROR_INVALID_ARGUMENT;
  *out_cards = inbox->cards.data();
  *out_count = inbox->cards.size();
  return TW_OK;
}

TW_API tw_result tw_inbox_invoke_action(tw_inbox* inbox, uint32_t id, const char* key) {
  if (inbox == nullptr) return TW_ERROR_NULL_HANDLE;
  if (key == nullptr) return TW_ERROR_INVALID_ARGUMENT;
  const tw::dbus::RemoteCard* card = find_card(*inbox, id);
  if (card == nullptr) return TW_ERROR_NOT_FOUND;
  bool offered = false;
  for (const tw::NotifyAction& a : card->actions) offered = offered || a.key == std::string_view(key);
  if (!offered) return TW_ERROR_NOT_FOUND;
  return inbox->client.invoke_action(id, key) ? TW_OK : TW_ERROR_TOO_LARGE;
}

TW_API tw_result tw_inbox_dismiss(tw_inbox* inbox, uint32_t id) {
  if (inbox == nullptr) return TW_ERROR_NULL_HANDLE;
  if (find_card(*inbox, id) == nullptr) return TW_ERROR_NOT_FOUND;
  return inbox->client.dismiss(id) ? TW_OK : TW_ERROR_TOO_LARGE;
}

TW_API tw_result tw_inbox_status(tw_inbox* inbox, const char** out_message) {
  if (out_message != nullptr) *out_message = "";
  if (inbox == nullptr) return TW_ERROR_NULL_HANDLE;
  try {
    inbox->status = inbox->client.error();
    if (out_message != nullptr) *out_message = inbox->status.c_str();
    return inbox->status.empty() ? TW_OK : TW_ERROR_IO;
  } catch (...) {
    return TW_ERROR_INTERNAL;
  }
}

}  // extern "C"
