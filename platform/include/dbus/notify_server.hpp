// notify_server.hpp: Timewall as the notification server of the headset.
//
// What it does: owns an sd-bus connection (the session bus, or the address
// given) and serves, on /org/freedesktop/Notifications:
//   - org.freedesktop.Notifications (Desktop Notifications Specification
//     1.2): Notify, CloseNotification, GetCapabilities, GetServerInformation,
//     and the NotificationClosed and ActionInvoked signals. Notify admits the
//     cleaned notification into the Runtime's inbox, which records and
//     commits it before the reply carries its id; a replaces_id that is
//     still open keeps its id and gets the new content in place.
//   - org.timewall.Inbox1, for hosts that draw the cards (the simulator, the
//     API layer) in other processes: Cards() a(usssuas) (id, app name,
//     summary, body, notifications on the card, actions as key, label
//     pairs), InvokeAction(u id, s key), the wearer's choice of an action,
//     and Dismiss(u id), the wearer putting the card away (closed, 2).
//   - org.timewall.Device1 (dbus/device_bus.hpp): Status(), what the
//     service sees on the device now, and AppDecision(u pid, s app_id), one
//     app's part for the layer inside it; from the Runtime and, where the
//     service enforces, the Enforcer given to watch().
//   - org.timewall.Clock1, only with ServeDesc::manual_clock: the engine's
//     time moves only by Advance(t ms) and signals come by Signal(s kind,
//     s app, d value), so tests and replays are deterministic and fast.
// Only the wearer's uid (the server's own) and the guardian's may call any
// of them: the sender's uid comes from the bus (peer credentials, asked
// once per connection) and anyone else gets AccessDenied, a bus that lets
// other users connect notwithstanding.
// step() processes what the bus has queued, ticks the Runtime at the
// clock's now, and emits the signals the inbox's steps call for; a host
// that ticks the Runtime itself (`timewall serve --shield`, whose Enforcer
// ticks it) calls process(), ticks, then publish() with that tick's output.
// What it does not do: draw, read policy files (the Runtime does), or run
// its own loop (the caller calls step(), e.g. `timewall serve`).
//
//   auto server = tw::dbus::NotifyServer::create({}, runtime, clock);
//   if (!server) return fail(server.error());
//   while (!stop) if (auto st = server->step(100'000); !st) return fail(st.error());
#pragma once

#include <systemd/sd-bus.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/device/enforcer.hpp"
#include "core/result.hpp"
#include "core/runtime/runtime.hpp"

namespace tw::dbus {

inline constexpr const char* kNotifyName = "org.freedesktop.Notifications";
inline constexpr const char* kNotifyPath = "/org/freedesktop/Notifications";

struct ServeDesc {
  std::string bus_address{};  // "" = the session bus ($DBUS_SESSION_BUS_ADDRESS)
  bool replace = false;       // take the name from a server that allows it
  bool manual_clock = false;  // org.timewall.Clock1 drives the time (the clock must be a ManualClock)
  // Who may call: the server's own effective uid (the wearer's) and this
  // one (the guardian's; -1: none). Every other caller's method call gets
  // org.freedesktop.DBus.Error.AccessDenied, from its peer credentials.
  int64_t guardian_uid = -1;
};

class NotifyServer {
 public:
  // Fails when the bus cannot be reached or the name is owned (by a desktop
  // shell's notification daemon, say) and cannot be taken.
  static Result<NotifyServer> create(const ServeDesc& desc, Runtime& runtime, Clock& clock);
  NotifyServer(NotifyServer&&) noexcept;
  NotifyServer& operator=(NotifyServer&&) noexcept;
  ~NotifyServer();

  // Waits up to wait_us for a message, handles all queued ones, ticks and
  // emits signals (process, tick unless the clock is manual, publish). An
  // error: the connection is gone.
  Status step(uint64_t wait_us);
  // Waits up to wait_us for a message and handles all queued ones.
  Status process(uint64_t wait_us);
  // After the host's own tick: the cards Inbox1 lists are `out`'s (null:
  // those of the server's last tick), the inbox's signals go out, and the
  // connection is flushed.
  Status publish(const TickOutput* out);
  // The name was lost to another server (it asked to replace us).
  bool lost_name() const;
  // Device1 reads this Enforcer's client list (null: the service does not
  // enforce); it must outlive the server or be unwatched first.
  void watch(const Enforcer* enforcer);

  struct State;

 private:
  explicit NotifyServer(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

}  // namespace tw::dbus
