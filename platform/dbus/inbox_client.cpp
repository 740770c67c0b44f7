#include "dbus/inbox_client.hpp"

#include <systemd/sd-bus.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <utility>

#include "dbus/device_bus.hpp"
#include "dbus/notify_server.hpp"

namespace tw::dbus {
namespace {

constexpr const char* kInboxInterface = "org.timewall.Inbox1";
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
  std::condition_variable wake;
  bool stop = false;
  std::vector<RemoteCard> shared, front;  // the thread's newest; the frame's
  ServiceView shared_view, front_view;
  uint64_t gen = 0, seen = 0;
  std::array<Command, kMaxQueued> queue{};
  size_t queued = 0;
  std::string err;
  std::thread thread;

  bool push(const Command& c) {
    std::lock_guard lk(m);  // held only for copies and swaps, never across a bus call
    if (queued == queue.size()) return false;
    queue[queued++] = c;
    wake.notify_one();
    return true;
  }

  // The thread: connect, send what was queued, read the cards, publish.
  void run() {
    sd_bus* bus = nullptr;
    std::vector<RemoteCard> back;
    ServiceView back_view;
    std::array<Command, kMaxQueued> cmds{};
    for (;;) {
      size_t n = 0;
      {
        std::lock_guard lk(m);
        if (stop) break;
        n = std::exchange(queued, 0);
        std::copy_n(queue.begin(), n, cmds.begin());
      }
      std::string failure;
      if (!bus) failure = connect(bus);
      for (size_t i = 0; bus && i < n; ++i) {
        sd_bus_error e = SD_BUS_ERROR_NULL;
        const int r = cmds[i].dismiss ? sd_bus_call_method(bus, kNotifyName, kNotifyPath, kInboxInterface, "Dismiss",
                                                           &e, nullptr, "u", cmds[i].id)
                                      : sd_bus_call_method(bus, kNotifyName, kNotifyPath, kInboxInterface,
                                                           "InvokeAction", &e, nullptr, "us", cmds[i].id, cmds[i].key);
        if (r < 0) failure = bus_message(cmds[i].dismiss ? "Dismiss" : "InvokeAction", r, e);
        sd_bus_error_free(&e);
      }
      bool read = false;
      if (bus) {
        sd_bus_error e = SD_BUS_ERROR_NULL;
        sd_bus_message* reply = nullptr;
        int r = sd_bus_call_method(bus, kNotifyName, kNotifyPath, kInboxInterface, "Cards", &e, &reply, "");
        if (r >= 0) r = read_cards(reply, back);
        if (r >= 0) read = true;
        else failure = bus_message("Cards", r, e);
        sd_bus_message_unref(reply);
        sd_bus_error_free(&e);
        if (!read && sd_bus_is_open(bus) <= 0) bus = sd_bus_flush_close_unref(bus);  // reconnect next time
      }
      if (!read) back.clear();  // serve is not there: no cards
      back_view = {};
      if (bus && desc.decision_pid > 0) {
        sd_bus_error e = SD_BUS_ERROR_NULL;
        sd_bus_message* reply = nullptr;
        int r = sd_bus_call_method(bus, kNotifyName, kNotifyPath, kDeviceInterface, "AppDecision", &e, &reply, "us",
                                   static_cast<uint32_t>(desc.decision_pid), desc.decision_app.c_str());
        if (r >= 0) r = read_app_decision(reply, back_view.decision);
        back_view.present = r >= 0;
        if (r < 0) back_view.decision = {};
        sd_bus_message_unref(reply);
        sd_bus_error_free(&e);
      }
      {
        std::unique_lock lk(m);
        // A new generation only when the cards or the service's answer
        // differ (and once at the first read, so generation() > 0 says the
        // thread has asked): a host redraws and re-lays out cards only on a
        // real change. The newest published: `shared` until the frame
        // thread takes it, then `front` (only refresh() writes it, under
        // this lock).
        const bool taken = gen == seen;
        const std::vector<RemoteCard>& newest = taken ? front : shared;
        const ServiceView& newest_view = taken ? front_view : shared_view;
        if (gen == 0 || back != newest || !(back_view == newest_view)) {
          std::swap(back, shared);
          std::swap(back_view, shared_view);
          ++gen;
        }
        err = std::move(failure);
        wake.wait_for(lk, std::chrono::milliseconds(desc.poll_ms), [&] { return stop || queued > 0; });
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
    if (r >= 0) return "";
    bus = sd_bus_flush_close_unref(bus);
    return std::string("connect to the bus: ") + std::strerror(-r);
  }
};

InboxClient::InboxClient(std::unique_ptr<State> s) : s_(std::move(s)) {}
InboxClient::InboxClient(InboxClient&&) noexcept = default;
InboxClient& InboxClient::operator=(InboxClient&&) noexcept = default;

InboxClient::~InboxClient() {
  if (!s_) return;
  {
    std::lock_guard lk(s_->m);
    s_->stop = true;
  }
  s_->wake.notify_one();
  if (s_->thread.joinable()) s_->thread.join();
}

Result<InboxClient> InboxClient::start(const InboxClientDesc& desc) {
  if (desc.poll_ms < 10 || desc.poll_ms > 10'000)
    return Error{Errc::invalid_argument, "InboxClientDesc::poll_ms: 10 .. 10000 ms"};
  auto s = std::make_unique<State>();
  s->desc = desc;
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
  return true;
}

const ServiceView& InboxClient::service() const noexcept { return s_->front_view; }

std::span<const RemoteCard> InboxClient::cards() const noexcept { return s_->front; }

uint64_t InboxClient::generation() const noexcept { return s_->seen; }

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

}  // namespace tw::dbus
