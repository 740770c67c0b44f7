#include "service_feed.hpp"

#include <systemd/sd-bus.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "common/system_clock.hpp"
#include "core/policy/policy_loader.hpp"
#include "dbus/device_bus.hpp"
#include "dbus/device_shown.hpp"
#include "dbus/notify_server.hpp"

namespace overlay {

struct ServiceFeed::State {
  FeedDesc desc;
  std::thread thread;
  std::mutex mutex;  // pending, has_pending, answers, error
  std::condition_variable wake;
  bool stop = false;
  std::unique_ptr<FeedSnapshot> pending;
  bool has_pending = false;
  struct Answer {
    tw::SignalKind kind;
    uint32_t nudge_id;
  };
  std::array<Answer, 16> answers{};
  size_t answer_count = 0;
  std::string error;

  // The thread's own.
  sd_bus* bus = nullptr;
  tw::dbus::ShownSet last;  // what was last published
  bool last_connected = false;
  std::string policy_hash;
  tw::Policy policy;
  uint64_t generation = 0;

  void set_error(std::string e) {
    std::lock_guard lock(mutex);
    error = std::move(e);
  }
  bool connect() {
    if (bus) return true;
    int r = 0;
    if (desc.bus_address.empty()) {
      r = sd_bus_open_user(&bus);
    } else {
      r = sd_bus_new(&bus);
      if (r >= 0) r = sd_bus_set_address(bus, desc.bus_address.c_str());
      if (r >= 0) r = sd_bus_set_bus_client(bus, 1);
      if (r >= 0) r = sd_bus_start(bus);
    }
    if (r < 0) {
      set_error(std::string("bus: ") + std::strerror(-r));
      bus = sd_bus_flush_close_unref(bus);
      return false;
    }
    sd_bus_set_method_call_timeout(bus, 1'000'000);
    return true;
  }
  void drop(const std::string& why) {
    set_error(why);
    bus = sd_bus_flush_close_unref(bus);
  }
  bool read_policy() {
    sd_bus_error err = SD_BUS_ERROR_NULL;
    sd_bus_message* reply = nullptr;
    int r = sd_bus_call_method(bus, tw::dbus::kNotifyName, tw::dbus::kNotifyPath, tw::dbus::kDeviceInterface,
                               "PolicyText", &err, &reply, "");
    std::string hash, text;
    if (r >= 0) r = tw::dbus::read_policy_text(reply, hash, text);
    const std::string msg = err.message ? err.message : std::strerror(r < 0 ? -r : EIO);
    sd_bus_error_free(&err);
    sd_bus_message_unref(reply);
    if (r < 0) {
      set_error("Device1.PolicyText: " + msg);
      return false;
    }
    // The canonical text names a youth PIN hash where the policy holds one;
    // a device policy's PIN is the guardian's (it has none in the text).
    tw::PolicyLoadResult p = tw::parse_policy(text, "<timewalld policy>");
    if (!p.ok()) p = tw::parse_policy(text, "<timewalld policy>", nullptr, tw::YouthPin::device);
    if (!p.ok()) {
      set_error("the service's policy does not parse: " + p.error().message);
      return false;
    }
    policy = std::move(p).value();
    policy_hash = hash;
    return true;
  }

  static bool same(const tw::dbus::ShownSet& a, const tw::dbus::ShownSet& b) {
    if (a.policy_hash != b.policy_hash || a.overlays.size() != b.overlays.size()) return false;
    for (size_t i = 0; i < a.overlays.size(); ++i) {
      const tw::Overlay &x = a.overlays[i].overlay, &y = b.overlays[i].overlay;
      if (a.overlays[i].app != b.overlays[i].app || a.overlays[i].category != b.overlays[i].category ||
          x.kind != y.kind || x.reason != y.reason || x.budget != y.budget || x.window != y.window ||
          x.fill_item != y.fill_item || x.exercise != y.exercise || x.nudge_id != y.nudge_id ||
          x.used_s != y.used_s || x.limit_s != y.limit_s || x.remaining_s != y.remaining_s ||
          x.countdown_s != y.countdown_s || x.exercise_ms != y.exercise_ms || x.cost_today != y.cost_today ||
          x.bypass_available != y.bypass_available || x.actions != y.actions)
        return false;
    }
    return true;
  }

  void publish(bool connected, const tw::dbus::ShownSet& shown, int64_t at_unix_ms) {
    if (connected == last_connected && same(shown, last)) return;
    auto snap = std::make_unique<FeedSnapshot>();
    snap->connected = connected;
    snap->policy = policy;
    snap->policy_hash = policy_hash;
    for (const tw::dbus::ShownOverlay& o : shown.overlays) {
      tw::Overlay ov = o.overlay;
      ov.app = o.app.empty() ? tw::kNoId : snap->apps.intern(o.app);
      ov.category = o.category.empty() ? tw::kNoId : snap->categories.intern(o.category);
      snap->overlays.push_back(ov);
    }
    snap->read_unix_ms = at_unix_ms;
    snap->generation = ++generation;
    last = shown;
    last_connected = connected;
    std::lock_guard lock(mutex);
    pending = std::move(snap);
    has_pending = true;
  }

  void poll(const tw::SystemClock& clock) {
    if (!connect()) return publish(false, {}, clock.now().unix_ms);
    sd_bus_error err = SD_BUS_ERROR_NULL;
    sd_bus_message* reply = nullptr;
    int r = sd_bus_call_method(bus, tw::dbus::kNotifyName, tw::dbus::kNotifyPath, tw::dbus::kDeviceInterface, "Shown",
                               &err, &reply, "");
    const int64_t at = clock.now().unix_ms;
    tw::dbus::ShownSet shown;
    if (r >= 0) r = tw::dbus::read_shown(reply, shown);
    const std::string msg = err.message ? err.message : std::strerror(r < 0 ? -r : EIO);
    const bool lost = r < 0 && !sd_bus_error_is_set(&err);  // the connection, not the service
    sd_bus_error_free(&err);
    sd_bus_message_unref(reply);
    if (r < 0) {
      if (lost) drop("Device1.Shown: " + msg);
      else set_error("Device1.Shown: " + msg);
      return publish(false, {}, at);
    }
    if (shown.policy_hash != policy_hash && !read_policy()) return publish(false, {}, at);
    set_error("");
    publish(true, shown, at);
  }

  void send_answers() {
    std::array<Answer, 16> batch;
    size_t n = 0;
    {
      std::lock_guard lock(mutex);
      n = answer_count;
      std::copy_n(answers.begin(), n, batch.begin());
      answer_count = 0;
    }
    for (size_t i = 0; i < n && bus; ++i) {
      const std::string name(tw::dbus::answer_name(batch[i].kind));
      sd_bus_error err = SD_BUS_ERROR_NULL;
      const int r = sd_bus_call_method(bus, tw::dbus::kNotifyName, tw::dbus::kNotifyPath,
                                       tw::dbus::kDeviceInterface, "Answer", &err, nullptr, "su", name.c_str(),
                                       batch[i].nudge_id);
      if (r < 0) set_error("Device1.Answer(" + name + "): " + (err.message ? err.message : std::strerror(-r)));
      sd_bus_error_free(&err);
    }
  }

  void run() {
    const tw::SystemClock clock;
    std::unique_lock lock(mutex);
    while (!stop) {
      lock.unlock();
      send_answers();
      poll(clock);
      send_answers();  // an answer queued during the poll goes at once
      lock.lock();
      wake.wait_for(lock, std::chrono::milliseconds(desc.poll_ms), [&] { return stop || answer_count > 0; });
    }
    lock.unlock();
    bus = sd_bus_flush_close_unref(bus);
  }
};

std::unique_ptr<ServiceFeed> ServiceFeed::start(const FeedDesc& desc) {
  std::unique_ptr<ServiceFeed> f(new ServiceFeed());
  f->s_ = std::make_unique<State>();
  f->s_->desc = desc;
  if (f->s_->desc.poll_ms < 10) f->s_->desc.poll_ms = 10;
  f->current_ = std::make_unique<FeedSnapshot>();
  f->s_->thread = std::thread([s = f->s_.get()] { s->run(); });
  return f;
}

ServiceFeed::~ServiceFeed() {
  {
    std::lock_guard lock(s_->mutex);
    s_->stop = true;
  }
  s_->wake.notify_all();
  if (s_->thread.joinable()) s_->thread.join();
}

bool ServiceFeed::refresh() noexcept {
  std::unique_lock lock(s_->mutex, std::try_to_lock);
  if (!lock.owns_lock() || !s_->has_pending) return false;
  current_.swap(s_->pending);
  s_->has_pending = false;
  return true;
}

bool ServiceFeed::answer(tw::SignalKind kind, uint32_t nudge_id) noexcept {
  {
    std::lock_guard lock(s_->mutex);
    if (s_->answer_count == s_->answers.size()) return false;
    s_->answers[s_->answer_count++] = {kind, nudge_id};
  }
  s_->wake.notify_one();
  return true;
}

std::string ServiceFeed::error() const {
  std::lock_guard lock(s_->mutex);
  return s_->error;
}

}  // namespace overlay
