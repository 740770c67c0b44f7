// libFuzzer target: the notification server's message handling. The bytes
// build an org.freedesktop.Notifications.Notify call the way a sender could:
// the right signature or a wrong one (types appended from the input),
// arbitrary strings (D-Bus strings are valid UTF-8 without NUL; other bytes
// are refused by sd-bus when appended, as the bus daemon refuses them),
// actions, hints of any type under "urgency", "desktop-entry" and other keys,
// any expiry. The sealed message goes through read_notify_call(),
// clean_notification() and an in-memory Engine (notify, ticks, an action,
// a close) as `timewall serve` does.
// Properties: nothing crashes, leaks or trips a sanitizer; a call that reads
// gives cleaned texts within their limits; the engine accounts for every
// notification it admitted (each ends at most once).
#include <sys/socket.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

#include "core/engine/engine.hpp"
#include "core/notify/text_clean.hpp"
#include "dbus/notify_call.hpp"

namespace {

struct Input {
  const uint8_t* p;
  size_t n;
  uint8_t byte() { return n ? (--n, *p++) : 0; }
  uint32_t u32() { return uint32_t(byte()) | uint32_t(byte()) << 8 | uint32_t(byte()) << 16 | uint32_t(byte()) << 24; }
  std::string str() {
    const size_t len = std::min<size_t>(byte() | size_t(byte() & 0x0F) << 8, n);
    std::string s(reinterpret_cast<const char*>(p), len);
    p += len;
    n -= len;
    return s;
  }
};

// One bus object in a started state (a socket pair nobody answers): sd-bus
// creates messages only on a bus that is not unset.
sd_bus* fuzz_bus() {
  static sd_bus* bus = [] {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0) std::abort();
    sd_bus* b = nullptr;
    if (sd_bus_new(&b) < 0 || sd_bus_set_fd(b, fds[0], fds[0]) < 0 || sd_bus_start(b) < 0) std::abort();
    return b;
  }();
  return bus;
}

int append_variant(sd_bus_message* m, Input& in) {
  switch (in.byte() % 6) {
    case 0: return sd_bus_message_append(m, "v", "y", in.byte());
    case 1: return sd_bus_message_append(m, "v", "i", static_cast<int32_t>(in.u32()));
    case 2: return sd_bus_message_append(m, "v", "u", in.u32());
    case 3: return sd_bus_message_append(m, "v", "s", in.str().c_str());
    case 4: return sd_bus_message_append(m, "v", "b", in.byte() & 1);
    default: return sd_bus_message_append(m, "v", "as", 2, in.str().c_str(), in.str().c_str());
  }
}

// The Notify arguments, or (when the input says so) wrong ones.
int build(sd_bus_message* m, Input& in) {
  if (in.byte() % 8 == 0) {  // a wrong signature
    const uint8_t k = in.byte();
    return k % 3 == 0 ? sd_bus_message_append(m, "s", in.str().c_str())
           : k % 3 == 1 ? sd_bus_message_append(m, "susss", "a", 0u, "", "", "")
                        : sd_bus_message_append(m, "uuu", in.u32(), in.u32(), in.u32());
  }
  int r = sd_bus_message_append(m, "susss", in.str().c_str(), in.u32(), in.str().c_str(), in.str().c_str(),
                                in.str().c_str());
  if (r < 0) return r;
  if ((r = sd_bus_message_open_container(m, 'a', "s")) < 0) return r;
  for (int i = in.byte() % 24; i > 0; --i)
    if ((r = sd_bus_message_append(m, "s", in.str().c_str())) < 0) return r;
  if ((r = sd_bus_message_close_container(m)) < 0) return r;
  if ((r = sd_bus_message_open_container(m, 'a', "{sv}")) < 0) return r;
  for (int i = in.byte() % 6; i > 0; --i) {
    static const char* const kKeys[] = {"urgency", "desktop-entry", "category", "x-other"};
    if ((r = sd_bus_message_open_container(m, 'e', "sv")) < 0) return r;
    const uint8_t k = in.byte();
    const std::string key = k < 200 ? kKeys[k % 4] : in.str();
    if ((r = sd_bus_message_append(m, "s", key.c_str())) < 0) return r;
    if ((r = append_variant(m, in)) < 0) return r;
    if ((r = sd_bus_message_close_container(m)) < 0) return r;
  }
  if ((r = sd_bus_message_close_container(m)) < 0) return r;
  return sd_bus_message_append(m, "i", static_cast<int32_t>(in.u32()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Input in{data, size};
  sd_bus_message* m = nullptr;
  if (sd_bus_message_new_method_call(fuzz_bus(), &m, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                                     "org.freedesktop.Notifications", "Notify") < 0)
    std::abort();
  const int built = build(m, in);
  if (built < 0 || sd_bus_message_seal(m, 1, 0) < 0 || sd_bus_message_rewind(m, 1) < 0) {
    sd_bus_message_unref(m);
    return 0;  // sd-bus refused the arguments (invalid UTF-8, an embedded NUL): no sender can send them
  }
  tw::dbus::NotifyCall call;
  const int r = tw::dbus::read_notify_call(m, call);
  if (r < 0) {
    sd_bus_message_unref(m);
    return 0;
  }
  const tw::Notification n = tw::clean_notification(call.in);
  sd_bus_message_unref(m);
  if (n.summary.size() > tw::kMaxNotifySummaryBytes || n.body.size() > tw::kMaxNotifyBodyBytes ||
      n.app_name.size() > tw::kMaxNotifyAppBytes || n.actions.size() > tw::kMaxActions || n.app.empty() ||
      tw::valid_utf8(n.body) != n.body || tw::valid_utf8(n.summary) != n.summary)
    std::abort();

  static tw::Policy policy = [] {
    tw::Policy p;
    p.notifications.flood_per_min = 3;
    p.notifications.rules = {{.app = "drop-me", .route = tw::NotifyRoute::drop}};
    return p;
  }();
  auto engine = tw::Engine::create({.policy = policy});
  if (!engine) std::abort();
  tw::Instant t{1'000'000'000'000, 1'795'435'200'000};
  std::map<uint32_t, int> ends;
  auto account = [&] {
    for (const tw::InboxEvent& e : engine->take_notify_events())
      if (e.ends() && ++ends[e.id] > 1) std::abort();  // ended twice
  };
  const uint8_t copies = 1 + in.byte() % 8;
  uint32_t last = 0;
  for (uint8_t i = 0; i < copies; ++i) {
    auto id = engine->notify(n, t);
    if (!id) std::abort();
    last = id.value();
    t = tw::plus_ns(t, 1'000'000);
  }
  account();
  for (int step = 0; step < 4; ++step) {
    t = tw::plus_ns(t, static_cast<int64_t>(in.byte()) * 1'000'000'000);
    engine->tick(t);
    if (!n.actions.empty()) (void)engine->invoke_action(last, n.actions[0].key, t);
    if (in.byte() & 1) (void)engine->close_notification(1, t);
    account();
  }
  engine->tick(tw::plus_ns(t, 3'600'000'000'000));
  account();
  if (engine->inbox().open() + ends.size() != copies) std::abort();  // every one accounted for
  return 0;
}
