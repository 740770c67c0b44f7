#include "dbus/notify_server.hpp"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/app_id.hpp"
#include "core/device/device_status.hpp"
#include "core/notify/inbox.hpp"
#include "core/policy/policy_canonical.hpp"
#include "dbus/device_bus.hpp"
#include "dbus/device_shown.hpp"
#include "dbus/notify_call.hpp"

namespace tw::dbus {

struct NotifyServer::State {
  Runtime* rt = nullptr;
  Clock* clock = nullptr;
  ManualClock* manual = nullptr;
  sd_bus* bus = nullptr;
  std::vector<sd_bus_slot*> slots;
  bool lost = false;
  std::vector<Signal> signals;  // Clock1.Signal, for the next tick
  std::vector<Overlay> overlays;  // visible after the last tick
  uid_t own_uid = 0;
  int64_t guardian_uid = -1;
  std::unordered_map<std::string, bool> allowed;  // by unique sender name: never reused on a bus
  const Enforcer* enforcer = nullptr;             // Device1: the client list, where the service enforces
  // Inbox1.CardsChanged: the cards as last announced, and how many changes so far.
  struct SeenCard {
    uint32_t id = 0;
    size_t on_card = 0;
    Notification content;
  };
  std::vector<SeenCard> seen;
  uint32_t cards_generation = 0;
  // Device1.Shown/PolicyText: the canonical text of the policy in force and
  // its hash (hashed again only when the text changed).
  std::string policy_text, policy_hash;
  int64_t shown_asked_ms = -1;  // CLOCK_MONOTONIC of the last Device1.Shown (an overlay client draws)

  ~State() {
    for (sd_bus_slot* s : slots) sd_bus_slot_unref(s);
    if (bus) sd_bus_flush_close_unref(bus);
  }
  Instant now() const { return clock->now(); }
  // The cards Inbox1 lists now, in drawing order: f(id, entry, on_card).
  template <class F>
  void each_card(F&& f) const {
    const Engine& engine = rt->engine();
    for (const Overlay& o : overlays) {
      if (o.kind != OverlayKind::nudge || !is_notify_nudge(o.nudge_id)) continue;
      const uint32_t id = notify_id_of(o.nudge_id);
      if (const InboxEntry* e = engine.inbox().find(id)) f(id, *e, engine.inbox().on_card(id));
    }
  }
  // CardsChanged(u generation) when what Cards would answer differs from
  // what was last announced: a card came or went, or one's content or count
  // changed. Compared field by field; a steady tick allocates nothing.
  int announce_cards() {
    size_t i = 0;
    bool same = true;
    each_card([&](uint32_t id, const InboxEntry& e, size_t on_card) {
      if (i >= seen.size() || seen[i].id != id || seen[i].on_card != on_card || !(seen[i].content == e.content))
        same = false;
      ++i;
    });
    if (same && i == seen.size()) return 0;
    seen.clear();
    each_card([&](uint32_t id, const InboxEntry& e, size_t on_card) { seen.push_back({id, on_card, e.content}); });
    ++cards_generation;
    return sd_bus_emit_signal(bus, kNotifyPath, kInboxInterface, "CardsChanged", "u", cards_generation);
  }
  // The inbox's steps as the specification's signals, then CardsChanged.
  int emit_events() {
    for (const InboxEvent& e : rt->take_notify_events()) {
      int r = 0;
      if (e.kind == InboxEventKind::action) {
        r = sd_bus_emit_signal(bus, kNotifyPath, kNotifyName, "ActionInvoked", "us", e.id, e.action_key.c_str());
      } else if (e.ends()) {
        r = sd_bus_emit_signal(bus, kNotifyPath, kNotifyName, "NotificationClosed", "uu", e.id,
                               static_cast<uint32_t>(e.close));
      }
      if (r < 0) return r;
    }
    return announce_cards();
  }
  void tick() {
    overlays = rt->tick(now(), signals).overlays;
    signals.clear();
  }
  // A reload may change the policy in place: its text is made at each ask
  // (a client asks every 100 ms; microseconds for a policy).
  void hash_policy() {
    std::string text = canonical_policy_text(rt->policy());
    if (text != policy_text || policy_hash.empty()) {
      policy_text = std::move(text);
      policy_hash = policy_text_hash(policy_text);
    }
  }
};

namespace {

using State = NotifyServer::State;

// The machine's time, not the engine's: a manual engine clock stands still
// while a client polls.
int64_t steady_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}
// A client that asked for Shown within this long draws what it got. It asks
// every 100 ms; the margin covers a stalled client or serve on a loaded
// machine (a false "not drawn" shows the ring twice). A client that died is
// noticed this much later (serve starts it again within a second).
constexpr int64_t kDrawnWithinMs = 3000;

State& state(void* userdata) { return *static_cast<State*>(userdata); }

int method_notify(sd_bus_message* m, void* userdata, sd_bus_error* /*error*/) {
  State& s = state(userdata);
  NotifyCall call;
  if (int r = read_notify_call(m, call); r < 0) return r;
  // A live replaces_id keeps its id and gets the new content in place; one
  // that is gone (or 0) gives a new id (the specification, "replaces_id").
  auto id = s.rt->notify(clean_notification(call.in), s.now(), call.replaces_id);
  if (!id) return -ENOSPC;  // ids used up: nothing else fails here
  const int r = sd_bus_reply_method_return(m, "u", id.value());
  if (r < 0) return r;
  return s.emit_events();
}

int method_close(sd_bus_message* m, void* userdata, sd_bus_error* error) {
  State& s = state(userdata);
  uint32_t id = 0;
  if (int r = sd_bus_message_read(m, "u", &id); r < 0) return r;
  if (Status st = s.rt->close_notification(id, s.now()); !st) {
    // The specification: "If the notification no longer exists, an empty
    // D-BUS Error message is sent back."
    return sd_bus_error_set(error, "org.freedesktop.Notifications.Error.NotFound", nullptr);
  }
  const int r = sd_bus_reply_method_return(m, "");
  if (r < 0) return r;
  return s.emit_events();
}

int method_capabilities(sd_bus_message* m, void*, sd_bus_error*) {
  sd_bus_message* reply = nullptr;
  int r = sd_bus_message_new_method_return(m, &reply);
  if (r >= 0) r = sd_bus_message_append(reply, "as", 3, "actions", "body", "body-markup");
  if (r >= 0) r = sd_bus_send(nullptr, reply, nullptr);
  sd_bus_message_unref(reply);
  return r;
}

int method_server_information(sd_bus_message* m, void*, sd_bus_error*) {
  return sd_bus_reply_method_return(m, "ssss", "Timewall", "Timewall", "0.1", "1.2");
}

int method_cards(sd_bus_message* m, void* userdata, sd_bus_error*) {
  State& s = state(userdata);
  sd_bus_message* reply = nullptr;
  int r = sd_bus_message_new_method_return(m, &reply);
  if (r >= 0) r = sd_bus_message_open_container(reply, 'a', "(usssuas)");
  s.each_card([&](uint32_t id, const InboxEntry& e, size_t on_card) {
    if (r < 0) return;
    r = sd_bus_message_open_container(reply, 'r', "usssuas");
    if (r >= 0)
      r = sd_bus_message_append(reply, "usssu", id, e.content.app_name.c_str(), e.content.summary.c_str(),
                                e.content.body.c_str(), static_cast<uint32_t>(on_card));
    if (r >= 0) r = sd_bus_message_open_container(reply, 'a', "s");
    for (const NotifyAction& a : e.content.actions) {
      if (r >= 0) r = sd_bus_message_append(reply, "ss", a.key.c_str(), a.label.c_str());
    }
    if (r >= 0) r = sd_bus_message_close_container(reply);
    if (r >= 0) r = sd_bus_message_close_container(reply);
  });
  if (r >= 0) r = sd_bus_message_close_container(reply);
  if (r >= 0) r = sd_bus_send(nullptr, reply, nullptr);
  sd_bus_message_unref(reply);
  if (r < 0) return r;
  return s.emit_events();
}

int method_invoke_action(sd_bus_message* m, void* userdata, sd_bus_error* error) {
  State& s = state(userdata);
  uint32_t id = 0;
  const char* key = nullptr;
  if (int r = sd_bus_message_read(m, "us", &id, &key); r < 0) return r;
  if (Status st = s.rt->invoke_action(id, key ? key : "", s.now()); !st)
    return sd_bus_error_set(error, "org.timewall.Inbox1.Error.NotFound", st.error().message.c_str());
  const int r = sd_bus_reply_method_return(m, "");
  if (r < 0) return r;
  return s.emit_events();
}

// The wearer put a shown card away (the hosts' "Dismiss"): the core's
// nudge_dismiss answer, which closes its notifications as dismissed (2).
int method_dismiss(sd_bus_message* m, void* userdata, sd_bus_error* error) {
  State& s = state(userdata);
  uint32_t id = 0;
  if (int r = sd_bus_message_read(m, "u", &id); r < 0) return r;
  const bool shows = std::any_of(s.overlays.begin(), s.overlays.end(), [&](const Overlay& o) {
    return o.kind == OverlayKind::nudge && o.nudge_id == notify_nudge_id(id) && is_notify_nudge(o.nudge_id);
  });
  if (id == 0 || id > kMaxNotifyId || !shows)
    return sd_bus_error_setf(error, "org.timewall.Inbox1.Error.NotFound", "no card of notification %u shows", id);
  Signal sig;
  sig.at = s.now();
  sig.kind = SignalKind::nudge_dismiss;
  sig.nudge_id = notify_nudge_id(id);
  s.signals.push_back(sig);
  s.tick();
  const int r = sd_bus_reply_method_return(m, "");
  if (r < 0) return r;
  return s.emit_events();
}

int method_advance(sd_bus_message* m, void* userdata, sd_bus_error* error) {
  State& s = state(userdata);
  int64_t ms = 0;
  if (int r = sd_bus_message_read(m, "t", &ms); r < 0) return r;
  if (ms < 0 || ms > 366LL * 86'400'000) return sd_bus_error_set(error, SD_BUS_ERROR_INVALID_ARGS, "0 .. 1 year of ms");
  s.manual->advance_ms(ms);
  s.tick();
  const int r = sd_bus_reply_method_return(m, "");
  if (r < 0) return r;
  return s.emit_events();
}

int method_signal(sd_bus_message* m, void* userdata, sd_bus_error* error) {
  State& s = state(userdata);
  const char *kind = nullptr, *app = nullptr;
  double value = 0;
  if (int r = sd_bus_message_read(m, "ssd", &kind, &app, &value); r < 0) return r;
  Signal sig;
  sig.at = s.now();
  const std::string_view k = kind ? kind : "";
  if (k == "app_focus") sig.kind = SignalKind::app_focus;
  else if (k == "interaction") sig.kind = SignalKind::interaction;
  else if (k == "head_motion") sig.kind = SignalKind::head_motion, sig.linear_mps = static_cast<float>(value);
  else return sd_bus_error_set(error, SD_BUS_ERROR_INVALID_ARGS, "kind: app_focus, interaction or head_motion");
  if (app && *app) sig.app = s.rt->apps().intern(normalize_app_id(app));
  s.signals.push_back(sig);
  s.tick();
  const int r = sd_bus_reply_method_return(m, "");
  if (r < 0) return r;
  return s.emit_events();
}

// Device1.Status: what the service sees now (core/device/device_status.hpp).
int method_status(sd_bus_message* m, void* userdata, sd_bus_error*) {
  State& s = state(userdata);
  const DeviceStatus status = device_status(*s.rt, s.enforcer, s.now());
  sd_bus_message* reply = nullptr;
  int r = sd_bus_message_new_method_return(m, &reply);
  if (r >= 0) r = append_device_status(reply, status);
  if (r >= 0) r = sd_bus_send(nullptr, reply, nullptr);
  sd_bus_message_unref(reply);
  return r;
}

// Device1.AppDecision(u pid, s app_id): one app's part, for its layer.
int method_app_decision(sd_bus_message* m, void* userdata, sd_bus_error*) {
  State& s = state(userdata);
  uint32_t pid = 0;
  const char* app = nullptr;
  if (int r = sd_bus_message_read(m, "us", &pid, &app); r < 0) return r;
  const int32_t p = pid > 0x7fffffffu ? -1 : static_cast<int32_t>(pid);
  AppDecision d = app_decision(*s.rt, s.enforcer, p, app ? app : "");
  d.drawn = d.accounted && s.shown_asked_ms >= 0 && steady_ms() - s.shown_asked_ms <= kDrawnWithinMs;
  sd_bus_message* reply = nullptr;
  int r = sd_bus_message_new_method_return(m, &reply);
  if (r >= 0) r = append_app_decision(reply, d);
  if (r >= 0) r = sd_bus_send(nullptr, reply, nullptr);
  sd_bus_message_unref(reply);
  return r;
}

// Device1.Shown: the overlays of the service's last tick, for a client that
// draws them (samples/timewall_overlay), with the policy's hash.
int method_shown(sd_bus_message* m, void* userdata, sd_bus_error*) {
  State& s = state(userdata);
  s.hash_policy();
  s.shown_asked_ms = steady_ms();
  sd_bus_message* reply = nullptr;
  int r = sd_bus_message_new_method_return(m, &reply);
  if (r >= 0) r = append_shown(reply, s.policy_hash, s.overlays, s.rt->apps(), s.rt->categories());
  if (r >= 0) r = sd_bus_send(nullptr, reply, nullptr);
  sd_bus_message_unref(reply);
  return r;
}

// Device1.PolicyText: the policy in force, canonical, with its hash.
int method_policy_text(sd_bus_message* m, void* userdata, sd_bus_error*) {
  State& s = state(userdata);
  s.hash_policy();
  return sd_bus_reply_method_return(m, "ss", s.policy_hash.c_str(), s.policy_text.c_str());
}

// Device1.Answer(s answer, u nudge_id): the wearer answered a card the
// service shows, in a client that draws it. The answer goes to the engine
// as the signal a host with the layer would give, on the app the card is
// about, and is applied at once (a tick); one that no shown card takes is
// NotFound and changes nothing.
int method_answer(sd_bus_message* m, void* userdata, sd_bus_error* error) {
  State& s = state(userdata);
  const char* name = nullptr;
  uint32_t nudge_id = 0;
  if (int r = sd_bus_message_read(m, "su", &name, &nudge_id); r < 0) return r;
  const std::optional<SignalKind> kind = answer_kind(name ? name : "");
  if (!kind)
    return sd_bus_error_set(error, SD_BUS_ERROR_INVALID_ARGS,
                            "answer: continue_anyway, prompt_leave, block_leave, block_extend, nudge_dismiss or "
                            "fill_dismiss");
  const OverlayKind card = answered_card(*kind);
  const auto shown = std::find_if(s.overlays.begin(), s.overlays.end(), [&](const Overlay& o) {
    if (o.kind != card) return false;
    return card != OverlayKind::nudge || (o.nudge_id == nudge_id && !is_notify_nudge(o.nudge_id));
  });
  if (shown == s.overlays.end())
    return sd_bus_error_setf(error, "org.timewall.Device1.Error.NotFound", "no %s shows",
                             std::string(to_string(card)).c_str());
  Signal sig;
  sig.at = s.now();
  sig.kind = *kind;
  sig.app = shown->app;
  sig.nudge_id = card == OverlayKind::nudge ? nudge_id : 0;
  s.signals.push_back(sig);
  s.tick();
  const int r = sd_bus_reply_method_return(m, "");
  if (r < 0) return r;
  return s.emit_events();
}

// Every method call on the server's path passes this first: a sender whose
// uid is neither the wearer's nor the guardian's gets AccessDenied and the
// call goes no further. The uid is asked of the bus once per connection.
int check_caller(sd_bus_message* m, void* userdata, sd_bus_error*) {
  State& s = state(userdata);
  if (!sd_bus_message_is_method_call(m, nullptr, nullptr)) return 0;
  const char* path = sd_bus_message_get_path(m);
  const char* sender = sd_bus_message_get_sender(m);
  if (path == nullptr || std::strcmp(path, kNotifyPath) != 0) return 0;
  if (sender == nullptr) return 0;  // a direct (peer-to-peer) connection: no bus between, the socket is ours
  auto known = s.allowed.find(sender);
  if (known == s.allowed.end()) {
    sd_bus_creds* creds = nullptr;
    uid_t uid = 0;
    const bool asked = sd_bus_query_sender_creds(m, SD_BUS_CREDS_EUID, &creds) >= 0 &&
                       sd_bus_creds_get_euid(creds, &uid) >= 0;
    sd_bus_creds_unref(creds);
    const bool ok = asked && (uid == s.own_uid || (s.guardian_uid >= 0 && uid == static_cast<uid_t>(s.guardian_uid)));
    if (s.allowed.size() >= 4096) s.allowed.clear();  // a bound; it only costs a fresh ask
    known = s.allowed.emplace(sender, ok).first;
  }
  if (known->second) return 0;
  sd_bus_reply_method_errorf(m, SD_BUS_ERROR_ACCESS_DENIED,
                             "Timewall answers only the wearer's and the guardian's user ids");
  return 1;  // handled: no method runs
}

int on_name_lost(sd_bus_message*, void* userdata, sd_bus_error*) {
  state(userdata).lost = true;
  return 0;
}

const sd_bus_vtable kNotifyVtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Notify", "susssasa{sv}i", "u", method_notify, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("CloseNotification", "u", "", method_close, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("GetCapabilities", "", "as", method_capabilities, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("GetServerInformation", "", "ssss", method_server_information, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_SIGNAL("NotificationClosed", "uu", 0),
    SD_BUS_SIGNAL("ActionInvoked", "us", 0),
    SD_BUS_VTABLE_END};

const sd_bus_vtable kInboxVtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Cards", "", "a(usssuas)", method_cards, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("InvokeAction", "us", "", method_invoke_action, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Dismiss", "u", "", method_dismiss, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_SIGNAL("CardsChanged", "u", 0),
    SD_BUS_VTABLE_END};

const sd_bus_vtable kDeviceVtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Status", "", kStatusSignature, method_status, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("AppDecision", "us", kAppDecisionSignature, method_app_decision, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Shown", "", kShownSignature, method_shown, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("PolicyText", "", kPolicyTextSignature, method_policy_text, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Answer", "su", "", method_answer, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END};

const sd_bus_vtable kClockVtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Advance", "t", "", method_advance, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Signal", "ssd", "", method_signal, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END};

Error bus_error(int r, const std::string& what) {
  return Error{Errc::io, "D-Bus: " + what + ": " + std::strerror(-r)};
}

}  // namespace

NotifyServer::NotifyServer(std::unique_ptr<State> s) : s_(std::move(s)) {}
NotifyServer::NotifyServer(NotifyServer&&) noexcept = default;
NotifyServer& NotifyServer::operator=(NotifyServer&&) noexcept = default;
NotifyServer::~NotifyServer() = default;

Result<NotifyServer> NotifyServer::create(const ServeDesc& desc, Runtime& runtime, Clock& clock) {
  auto s = std::make_unique<State>();
  s->rt = &runtime;
  s->clock = &clock;
  s->own_uid = ::geteuid();
  s->guardian_uid = desc.guardian_uid;
  if (desc.manual_clock) {
    s->manual = dynamic_cast<ManualClock*>(&clock);
    if (!s->manual) return Error{Errc::invalid_argument, "ServeDesc::manual_clock needs a ManualClock"};
  }
  int r = 0;
  if (desc.bus_address.empty()) {
    r = sd_bus_open_user(&s->bus);
    if (r < 0) return bus_error(r, "connect to the session bus ($DBUS_SESSION_BUS_ADDRESS)");
  } else {
    r = sd_bus_new(&s->bus);
    if (r >= 0) r = sd_bus_set_address(s->bus, desc.bus_address.c_str());
    if (r >= 0) r = sd_bus_set_bus_client(s->bus, 1);
    if (r >= 0) r = sd_bus_start(s->bus);
    if (r < 0) return bus_error(r, "connect to " + desc.bus_address);
  }
  sd_bus_slot* filter = nullptr;
  if ((r = sd_bus_add_filter(s->bus, &filter, check_caller, s.get())) < 0) return bus_error(r, "add the caller check");
  s->slots.push_back(filter);
  auto add = [&](const char* iface, const sd_bus_vtable* vt) {
    sd_bus_slot* slot = nullptr;
    const int rr = sd_bus_add_object_vtable(s->bus, &slot, kNotifyPath, iface, vt, s.get());
    if (rr >= 0) s->slots.push_back(slot);
    return rr;
  };
  if ((r = add(kNotifyName, kNotifyVtable)) < 0) return bus_error(r, "add org.freedesktop.Notifications");
  if ((r = add(kInboxInterface, kInboxVtable)) < 0) return bus_error(r, "add org.timewall.Inbox1");
  if ((r = add(kDeviceInterface, kDeviceVtable)) < 0) return bus_error(r, "add org.timewall.Device1");
  if (desc.manual_clock && (r = add("org.timewall.Clock1", kClockVtable)) < 0)
    return bus_error(r, "add org.timewall.Clock1");
  sd_bus_slot* lost = nullptr;
  r = sd_bus_match_signal(s->bus, &lost, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "NameLost", on_name_lost, s.get());
  if (r < 0) return bus_error(r, "watch NameLost");
  s->slots.push_back(lost);
  const uint64_t flags = SD_BUS_NAME_ALLOW_REPLACEMENT | (desc.replace ? SD_BUS_NAME_REPLACE_EXISTING : 0);
  r = sd_bus_request_name(s->bus, kNotifyName, flags);
  if (r == -EEXIST || r == -EALREADY) {
    return Error{Errc::io, std::string("D-Bus: ") + kNotifyName +
                               " is owned by another notification server (a desktop shell's?); stop it, or start "
                               "with --replace if it allows replacement (docs/notifications.md)"};
  }
  if (r < 0) return bus_error(r, std::string("request ") + kNotifyName);
  s->tick();  // restores what a previous process left waiting
  if ((r = s->emit_events()) < 0) return bus_error(r, "emit");
  return NotifyServer(std::move(s));
}

bool NotifyServer::lost_name() const { return s_->lost; }

void NotifyServer::watch(const Enforcer* enforcer) { s_->enforcer = enforcer; }

Status NotifyServer::step(uint64_t wait_us) {
  if (Status st = process(wait_us); !st) return st;
  if (!s_->manual) s_->tick();
  return publish(nullptr);
}

Status NotifyServer::process(uint64_t wait_us) {
  int r = sd_bus_wait(s_->bus, wait_us);
  if (r < 0 && r != -EINTR) return bus_error(r, "wait");
  while ((r = sd_bus_process(s_->bus, nullptr)) > 0) {
  }
  if (r < 0) return bus_error(r, "process");
  return {};
}

Status NotifyServer::publish(const TickOutput* out) {
  if (out != nullptr) s_->overlays = out->overlays;
  int r = s_->emit_events();
  if (r < 0) return bus_error(r, "emit");
  if ((r = sd_bus_flush(s_->bus)) < 0) return bus_error(r, "flush");
  return {};
}

}  // namespace tw::dbus
