#include "dbus/inbox_client.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>
#include <utility>

#include "dbus/device_bus.hpp"
#include "dbus/notify_server.hpp"

namespace tw::dbus {
namespace {

constexpr size_t kMaxQueued = 16;

struct Command {
  uint32_t id = 0;
  bool dismiss = false;
  char key[kMaxNotifyActionKeyBytes + 1] = {};
};

std::string bus_message(const char* what, int r, const sd_bus_error& e) {
  std::string m = std::string(what) + ": ";
  if (e.message) m += e.message;
  else m += std::strerror(-r);
  return m;
}

// Inbox1.Cards' a(usssuas) into `out`; a negative errno on a malformed reply.
int read_cards(sd_bus_message* reply, std::vector<RemoteCard>& out) {
  out.clear();
  int r = sd_bus_message_enter_container(reply, 'a', "(usssuas)");
  if (r < 0) return r;
  while ((r = sd_bus_message_enter_container(reply, 'r', "usssuas")) > 0) {
    RemoteCard c;
    const char *app = nullptr, *summary = nullptr, *body = nullptr;
    if ((r = sd_bus_message_read(reply, "usssu", &c.id, &app, &summary, &body, &c.on_card)) < 0) return r;
    c.app_name = app ? app : "";
    c.summary = summary ? summary : "";
    c.body = body ? body : "";
    if ((r = sd_bus_message_enter_container(reply, 'a', "s")) < 0) return r;
    const char* s = nullptr;
    bool key = true;
    while ((r = sd_bus_message_read(reply, "s", &s)) > 0) {
      if (key) c.actions.push_back({s ? s : "", ""});
      else c.actions.back().label = s ? s : "";
      key = !key;
    }
    if (r < 0) return r;
    if ((r = sd_bus_message_exit_container(reply)) < 0) return r;
    if ((r = sd_bus_message_exit_container(reply)) < 0) return r;
    out.push_back(std::move(c));
  }
  if (r < 0) return r;
  return sd_bus_message_exit_container(reply);
}

}  // namespace

struct InboxClient::State {
  InboxClientDesc desc;
  mutable std::mutex m;
  int wake_fd = -1;  // eventfd: a queued answer or stop wakes the thread from poll()
  bool stop = false;
  std::vector<RemoteCard> shared, front;  // the thread's newest published; the frame's
  ServiceView shared_view, front_view;
  CardsRead shared_cause = CardsRead::none, front_cause = CardsRead::none;
  uint32_t shared_server_gen = 0, front_server_gen = 0;
  uint64_t gen = 0, seen = 0;
  std::array<Command, kMaxQueued> queue{};
  size_t queued = 0;
  std::string err;
  InboxStats counts;
  std::thread thread;
  // The thread's alone (the signal callbacks run on it, inside sd_bus_process).
  bool dirty = false;          // a CardsChanged (or an owner change) came since the last read
  uint32_t server_gen = 0;     // the last CardsChanged's generation
  uint64_t signals = 0;

  ~State() {
    if (wake_fd >= 0) ::close(wake_fd);
  }

  void wake() const {
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t w = ::write(wake_fd, &one, sizeof one);  // full only after 2^64 wakes
  }

  bool push(const Command& c) {
    std::lock_guard lk(m);  // held only for copies and swaps, never across a bus call
    if (queued == queue.size()) return false;
    queue[queued++] = c;
    wake();
    return true;
  }

  static int on_cards_changed(sd_bus_message* msg, void* userdata, sd_bus_error*) {
    State& s = *static_cast<State*>(userdata);
    uint32_t g = 0;
    if (sd_bus_message_read(msg, "u", &g) >= 0) s.server_gen = g;  // a restarted serve counts from 1 again
    ++s.signals;
    s.dirty = true;
    return 0;
  }
  // Serve came, went or was replaced: its cards are others now.
  static int on_owner_changed(sd_bus_message*, void* userdata, sd_bus_error*) {
    static_cast<State*>(userdata)->dirty = true;
    return 0;
  }

  // Runs the callbacks for what the bus has queued; closes a broken connection.
  void dispatch(sd_bus*& bus, std::string& failure) {
    int r = 0;
    while ((r = sd_bus_process(bus, nullptr)) > 0) {
    }
    if (r >= 0 && sd_bus_is_open(bus) > 0) return;
    failure = std::string("bus: ") + std::strerror(r < 0 ? -r : ENOTCONN);
    bus = sd_bus_flush_close_unref(bus);
  }

  // The thread: connect and listen, send what was queued, read the cards
  // when told (or when the fallback poll is due), publish, wait.
  void run() {
    using Clock = std::chrono::steady_clock;
    sd_bus* bus = nullptr;
    std::vector<RemoteCard> cards;  // the thread's newest read
    ServiceView view;
    CardsRead cause = CardsRead::none;
    uint32_t read_server_gen = 0;
    std::array<Command, kMaxQueued> cmds{};
    const auto poll_period = std::chrono::milliseconds(desc.poll_ms);
    const auto decision_period = std::chrono::milliseconds(desc.decision_poll_ms);
    const auto reconnect_period = std::min(poll_period, std::chrono::milliseconds(1000));
    Clock::time_point next_cards = Clock::now(), next_decision = next_cards, next_connect = next_cards;
    bool attempted = false;  // the bus has been tried at least once (generation() > 0 after)
    for (;;) {
      size_t n = 0;
      {
        std::lock_guard lk(m);
        if (stop) break;
        n = std::exchange(queued, 0);
        std::copy_n(queue.begin(), n, cmds.begin());
      }
      std::string failure;
      bool acted = n > 0;
      CardsRead why = CardsRead::none;
      if (!bus && Clock::now() >= next_connect) {
        acted = true;
        failure = connect(bus);
        if (bus) why = CardsRead::connect;
        next_connect = Clock::now() + reconnect_period;
      }
      for (size_t i = 0; bus && i < n; ++i) {
        sd_bus_error e = SD_BUS_ERROR_NULL;
        const int r = cmds[i].dismiss ? sd_bus_call_method(bus, kNotifyName, kNotifyPath, kInboxInterface, "Dismiss",
                                                           &e, nullptr, "u", cmds[i].id)
                                      : sd_bus_call_method(bus, kNotifyName, kNotifyPath, kInboxInterface,
                                                           "InvokeAction", &e, nullptr, "us", cmds[i].id, cmds[i].key);
        if (r < 0) failure = bus_message(cmds[i].dismiss ? "Dismiss" : "InvokeAction", r, e);
        sd_bus_error_free(&e);
      }
      if (bus) dispatch(bus, failure);
      if (bus && why == CardsRead::none) {
        if (dirty) why = CardsRead::signal;
        else if (n > 0) why = CardsRead::answer;  // serve signals the change too; this shows it a signal sooner
        else if (Clock::now() >= next_cards) why = CardsRead::poll;
      }
      bool published_cards = false;
      if (bus && why != CardsRead::none) {
        acted = true;
        dirty = false;
        read_server_gen = server_gen;  // the signals dispatched so far: the read sees at least that state
        sd_bus_error e = SD_BUS_ERROR_NULL;
        sd_bus_message* reply = nullptr;
        int r = sd_bus_call_method(bus, kNotifyName, kNotifyPath, kInboxInterface, "Cards", &e, &reply, "");
        if (r >= 0) r = read_cards(reply, cards);
        if (r < 0) {
          failure = bus_message("Cards", r, e);
          cards.clear();  // serve is not there: no cards
        }
        cause = why;
        published_cards = true;
        sd_bus_message_unref(reply);
        sd_bus_error_free(&e);
        if (r < 0 && sd_bus_is_open(bus) <= 0) bus = sd_bus_flush_close_unref(bus);  // reconnect next time
        next_cards = Clock::now() + poll_period;
        std::lock_guard lk(m);
        (why == CardsRead::signal ? counts.reads_signal : why == CardsRead::poll ? counts.reads_poll
                                                                                 : counts.reads_other)++;
      }
      if (!bus && !cards.empty()) {
        cards.clear();  // no bus: no cards
        cause = CardsRead::none;
        published_cards = true;
      }
      if (bus && desc.decision_pid > 0 && (why == CardsRead::connect || Clock::now() >= next_decision)) {
        acted = true;
        sd_bus_error e = SD_BUS_ERROR_NULL;
        sd_bus_message* reply = nullptr;
        int r = sd_bus_call_method(bus, kNotifyName, kNotifyPath, kDeviceInterface, "AppDecision", &e, &reply, "us",
                                   static_cast<uint32_t>(desc.decision_pid), desc.decision_app.c_str());
        if (r >= 0) r = read_app_decision(reply, view.decision);
        view.present = r >= 0;
        if (r < 0) view.decision = {};
        sd_bus_message_unref(reply);
        sd_bus_error_free(&e);
        next_decision = Clock::now() + decision_period;
      } else if (!bus) {
        view = {};
      }
      attempted = attempted || acted;
      {
        std::lock_guard lk(m);
        // A new generation only when the cards or the service's answer
        // differ (and once at the first attempt, so generation() > 0 says
        // the thread has asked): a host redraws and re-lays out cards only
        // on a real change. The newest published: `shared` until the frame
        // thread takes it, then `front` (only refresh() writes it, under
        // this lock).
        const bool taken = gen == seen;
        const std::vector<RemoteCard>& newest = taken ? front : shared;
        const ServiceView& newest_view = taken ? front_view : shared_view;
        if ((gen == 0 && attempted) || (published_cards && cards != newest) || !(view == newest_view)) {
          shared = cards;  // the thread's copy; the frame thread only swaps
          shared_view = view;
          shared_cause = cause;
          shared_server_gen = read_server_gen;
          ++gen;
        }
        if (acted) err = std::move(failure);
        counts.signals = signals;
      }
      if (bus) {
        dispatch(bus, failure);  // signals that came in during the calls above
        if (bus && dirty) continue;
      }
      // Wait for the bus, an answer or stop, or the next poll, decision or reconnect.
      Clock::time_point until = bus ? next_cards : next_connect;
      if (bus && desc.decision_pid > 0) until = std::min(until, next_decision);
      auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count() + 1;
      pollfd fds[2] = {{wake_fd, POLLIN, 0}, {-1, 0, 0}};
      if (bus) {
        fds[1].fd = sd_bus_get_fd(bus);
        const int ev = sd_bus_get_events(bus);
        fds[1].events = static_cast<short>(ev > 0 ? ev : POLLIN);
        uint64_t bus_until_us = 0;  // CLOCK_MONOTONIC, as steady_clock
        if (sd_bus_get_timeout(bus, &bus_until_us) > 0 && bus_until_us != UINT64_MAX) {
          const auto now_us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch());
          const int64_t bus_ms = (static_cast<int64_t>(bus_until_us) - now_us.count() + 999) / 1000;
          wait_ms = std::min<int64_t>(wait_ms, bus_ms);
        }
      }
      (void)::poll(fds, bus ? 2 : 1, static_cast<int>(std::clamp<int64_t>(wait_ms, 0, 600'000)));
      if (fds[0].revents & POLLIN) {
        uint64_t drained = 0;
        [[maybe_unused]] const ssize_t rd = ::read(wake_fd, &drained, sizeof drained);
      }
    }
    if (bus) sd_bus_flush_close_unref(bus);
  }

  std::string connect(sd_bus*& bus) {
    int r = 0;
    if (desc.bus_address.empty()) {
      r = sd_bus_open_user(&bus);
    } else {
      r = sd_bus_new(&bus);
      if (r >= 0) r = sd_bus_set_address(bus, desc.bus_address.c_str());
      if (r >= 0) r = sd_bus_set_bus_client(bus, 1);
      if (r >= 0) r = sd_bus_start(bus);
    }
    if (r >= 0) r = sd_bus_set_method_call_timeout(bus, 1'000'000);
    if (r < 0) {
      bus = sd_bus_flush_close_unref(bus);
      return std::string("connect to the bus: ") + std::strerror(-r);
    }
    // Listen before the first read, so no change falls between the two. Any
    // sender: a stray CardsChanged costs one read (sd-bus cannot match a
    // well-known sender name locally).
    r = sd_bus_match_signal(bus, nullptr, nullptr, kNotifyPath, kInboxInterface, "CardsChanged", on_cards_changed,
                            this);
    if (r >= 0)
      r = sd_bus_add_match(bus, nullptr,
                           "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
                           "interface='org.freedesktop.DBus',member='NameOwnerChanged',"
                           "arg0='org.freedesktop.Notifications'",
                           on_owner_changed, this);
    if (r < 0) return std::string("listen for CardsChanged: ") + std::strerror(-r) + " (the poll goes on)";
    return "";
  }
};

std::string_view to_string(CardsRead cause) noexcept {
  switch (cause) {
    case CardsRead::none: return "none";
    case CardsRead::connect: return "connect";
    case CardsRead::signal: return "signal";
    case CardsRead::answer: return "answer";
    case CardsRead::poll: return "poll";
  }
  return "?";
}

InboxClient::InboxClient(std::unique_ptr<State> s) : s_(std::move(s)) {}
InboxClient::InboxClient(InboxClient&&) noexcept = default;
InboxClient& InboxClient::operator=(InboxClient&&) noexcept = default;

InboxClient::~InboxClient() {
  if (!s_) return;
  {
    std::lock_guard lk(s_->m);
    s_->stop = true;
  }
  s_->wake();
  if (s_->thread.joinable()) s_->thread.join();
}

Result<InboxClient> InboxClient::start(const InboxClientDesc& desc) {
  if (desc.poll_ms < 10 || desc.poll_ms > 600'000)
    return Error{Errc::invalid_argument, "InboxClientDesc::poll_ms: 10 .. 600000 ms"};
  if (desc.decision_poll_ms < 10 || desc.decision_poll_ms > 10'000)
    return Error{Errc::invalid_argument, "InboxClientDesc::decision_poll_ms: 10 .. 10000 ms"};
  auto s = std::make_unique<State>();
  s->desc = desc;
  s->wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (s->wake_fd < 0) return Error{Errc::io, std::string("eventfd: ") + std::strerror(errno)};
  s->front.reserve(8);
  State* raw = s.get();
  s->thread = std::thread([raw] { raw->run(); });
  return InboxClient(std::move(s));
}

bool InboxClient::refresh() noexcept {
  std::unique_lock lk(s_->m, std::try_to_lock);
  if (!lk.owns_lock() || s_->gen == s_->seen) return false;
  s_->seen = s_->gen;
  std::swap(s_->front, s_->shared);
  std::swap(s_->front_view, s_->shared_view);
  s_->front_cause = s_->shared_cause;
  s_->front_server_gen = s_->shared_server_gen;
  return true;
}

const ServiceView& InboxClient::service() const noexcept { return s_->front_view; }

std::span<const RemoteCard> InboxClient::cards() const noexcept { return s_->front; }

uint64_t InboxClient::generation() const noexcept { return s_->seen; }

CardsRead InboxClient::cause() const noexcept { return s_->front_cause; }

uint32_t InboxClient::server_generation() const noexcept { return s_->front_server_gen; }

bool InboxClient::invoke_action(uint32_t id, std::string_view key) noexcept {
  Command c;
  if (key.size() > kMaxNotifyActionKeyBytes) return false;
  c.id = id;
  std::memcpy(c.key, key.data(), key.size());
  return s_->push(c);
}

bool InboxClient::dismiss(uint32_t id) noexcept {
  Command c;
  c.id = id;
  c.dismiss = true;
  return s_->push(c);
}

std::string InboxClient::error() const {
  std::lock_guard lk(s_->m);
  return s_->err;
}

InboxStats InboxClient::stats() const {
  std::lock_guard lk(s_->m);
  return s_->counts;
}

}  // namespace tw::dbus
