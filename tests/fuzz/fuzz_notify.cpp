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
// A quarter of the inputs (first byte % 4 == 3) go to timewalld's device
// interface instead (org.timewall.Device1, dbus/device_bus.hpp): a Status or
// AppDecision reply as a hostile or broken server could send it (the right
// signature with any content, or wrong types) is read back by
// read_device_status() and read_app_decision(), as `timewall status` and the
// layer do; a well-formed one reads back equal to what was written, and any
// read respects the limits. The AppDecision call's app id (any string) goes
// through app_decision(), which must not add it to the engine. A Shown
// reply (timewall-overlay's, dbus/device_shown.hpp) with any kind and
// reason bytes reads back when they are valid and is refused when not.
#include <sys/socket.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "core/device/device_status.hpp"
#include "core/engine/engine.hpp"
#include "core/notify/text_clean.hpp"
#include "core/runtime/runtime.hpp"
#include "dbus/device_bus.hpp"
#include "dbus/device_shown.hpp"
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

// A D-Bus string as a sender holds it: up to its first NUL (sd-bus refuses
// invalid UTF-8 when appending, and the case is dropped).
std::string text(Input& in) { return in.str().c_str(); }

tw::GateStatus fuzz_gate(Input& in) { return {text(in), text(in), text(in)}; }

tw::DeviceStatus fuzz_status(Input& in) {
  tw::DeviceStatus s;
  s.at_ms = static_cast<int64_t>(uint64_t(in.u32()) << 32 | in.u32());
  s.accounting = in.byte() & 1;
  for (int i = in.byte() % 6; i > 0; --i)
    s.apps.push_back({text(in), text(in), text(in), static_cast<int32_t>(in.u32()), static_cast<int64_t>(in.u32()),
                      -static_cast<int64_t>(in.u32()), fuzz_gate(in)});
  for (int i = in.byte() % 4; i > 0; --i)
    s.budgets.push_back({text(in), text(in), text(in), text(in), static_cast<int64_t>(in.u32()),
                         static_cast<int64_t>(in.u32()), text(in)});
  s.youth_enabled = in.byte() & 1;
  s.youth_cap_ms = in.u32();
  s.youth_used_ms = in.u32();
  s.decision_app = text(in);
  s.decision = fuzz_gate(in);
  return s;
}

// Wrong content: basic types and containers in an order the input picks.
int append_junk(sd_bus_message* m, Input& in) {
  int r = 0;
  for (int i = in.byte() % 12; i > 0 && r >= 0; --i) {
    switch (in.byte() % 7) {
      case 0: r = sd_bus_message_append(m, "s", in.str().c_str()); break;
      case 1: r = sd_bus_message_append(m, "x", static_cast<int64_t>(in.u32())); break;
      case 2: r = sd_bus_message_append(m, "b", in.byte() & 1); break;
      case 3: r = sd_bus_message_append(m, "i", static_cast<int32_t>(in.u32())); break;
      case 4: r = sd_bus_message_append(m, "as", 2, in.str().c_str(), in.str().c_str()); break;
      case 5: r = sd_bus_message_append(m, "(sssixxsss)", "a", "b", "c", 1, int64_t{2}, int64_t{3}, "d", "e", "f"); break;
      default: r = append_variant(m, in); break;
    }
  }
  return r;
}

bool within_limits(const tw::DeviceStatus& s) {
  auto ok = [](const std::string& t) { return t.size() <= tw::dbus::kMaxStatusTextBytes; };
  if (s.apps.size() > tw::dbus::kMaxStatusEntries || s.budgets.size() > tw::dbus::kMaxStatusEntries) return false;
  for (const tw::AppStatus& a : s.apps)
    if (!ok(a.app) || !ok(a.category) || !ok(a.state) || !ok(a.gate.kind) || !ok(a.gate.reason) || !ok(a.gate.rule))
      return false;
  return ok(s.decision_app) && ok(s.decision.kind);
}

// A Device1.Shown reply with fuzzed overlays (any kind and reason bytes,
// valid or not) and names; `valid` says whether read_shown() must take it.
int append_fuzz_shown(sd_bus_message* m, Input& in, bool& valid, std::vector<tw::dbus::ShownOverlay>& written) {
  valid = true;
  const std::string hash = text(in);
  int r = sd_bus_message_append(m, "s", hash.c_str());
  if (r >= 0) r = sd_bus_message_open_container(m, 'a', "(yyssiiiiuxxxxxdby)");
  for (int i = in.byte() % 8; i > 0 && r >= 0; --i) {
    tw::dbus::ShownOverlay o;
    const uint8_t kind = in.byte() % 12, reason = in.byte() % 64, actions = in.byte() % 4;
    o.app = text(in);
    o.category = text(in);
    o.overlay.budget = static_cast<int32_t>(in.u32());
    o.overlay.used_s = static_cast<int64_t>(in.u32()) - 5;
    valid = valid && kind < tw::kOverlayKindCount && reason <= static_cast<uint8_t>(tw::Reason::not_offered) &&
            actions <= tw::kMaxCardActions && o.app.size() <= 4096 && o.category.size() <= 4096;
    r = sd_bus_message_append(m, "(yyssiiiiuxxxxxdby)", kind, reason, o.app.c_str(), o.category.c_str(),
                              o.overlay.budget, -1, -1, -1, 0u, o.overlay.used_s, int64_t{0}, int64_t{0}, int64_t{0},
                              int64_t{0}, 0.0, 0, actions);
    written.push_back(o);
  }
  if (r >= 0) r = sd_bus_message_close_container(m);
  return r;
}

int fuzz_device(Input& in) {
  sd_bus_message* m = nullptr;
  if (sd_bus_message_new_method_call(fuzz_bus(), &m, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                                     tw::dbus::kDeviceInterface, "Status") < 0)
    std::abort();
  const uint8_t kind = in.byte() % 4;
  const tw::DeviceStatus written = fuzz_status(in);
  const tw::AppDecision decided{static_cast<bool>(in.byte() & 1), text(in), fuzz_gate(in),
                                -static_cast<int64_t>(in.u32()), static_cast<int64_t>(in.u32()), text(in),
                                static_cast<bool>(in.byte() & 1)};
  int built = 0;
  bool shown_valid = false;
  std::vector<tw::dbus::ShownOverlay> shown_written;
  if (kind == 0) built = tw::dbus::append_device_status(m, written);
  else if (kind == 1) built = tw::dbus::append_app_decision(m, decided);
  else if (kind == 2 && (in.byte() & 1)) built = append_fuzz_shown(m, in, shown_valid, shown_written);
  else built = append_junk(m, in);
  if (built >= 0 && sd_bus_message_seal(m, 1, 0) >= 0) {
    tw::DeviceStatus read;
    const int rs = tw::dbus::read_device_status(m, read);
    if (rs >= 0 && !within_limits(read)) std::abort();
    if (kind == 0 && rs < 0) std::abort();  // a well-formed Status must read
    if (kind == 0 && within_limits(written) && !(read == written)) std::abort();  // and read back equal
    tw::AppDecision d;
    const int rd = tw::dbus::read_app_decision(m, d);
    if (kind == 1 && (rd < 0 || !(d == decided))) std::abort();
    if (kind == 0 && rd >= 0) std::abort();  // a Status is no AppDecision
    // Device1.Shown, as timewall-overlay reads it: a valid one reads back
    // what was written; none reads past the limits or with a bad enum.
    tw::dbus::ShownSet shown;
    const int rw = tw::dbus::read_shown(m, shown);
    if (rw >= 0) {
      if (shown.overlays.size() > tw::dbus::kMaxShownOverlays) std::abort();
      for (const tw::dbus::ShownOverlay& o : shown.overlays)
        if (static_cast<int>(o.overlay.kind) >= tw::kOverlayKindCount || o.overlay.actions > tw::kMaxCardActions)
          std::abort();
    }
    if (kind == 2 && shown_valid && (rw < 0 || shown.overlays.size() != shown_written.size())) std::abort();
    if (kind < 2 && rw >= 0) std::abort();  // a Status or an AppDecision is no Shown
  }
  sd_bus_message_unref(m);

  // The server's side of AppDecision: any caller's app id, any pid.
  static tw::Runtime rt = [] {
    auto r = tw::Runtime::create({.policy_text = std::string("schema = 1\n[apps]\n\"openxr.helloxr\" = \"games\"\n")});
    if (!r) std::abort();
    return std::move(r).value();
  }();
  const size_t known = rt.apps().size();
  const tw::AppDecision d = tw::app_decision(rt, nullptr, static_cast<int32_t>(in.u32()), in.str());
  if (d.accounted || rt.apps().size() != known) std::abort();
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Input in{data, size};
  if (in.byte() % 4 == 3) return fuzz_device(in);
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
