// notify_flood N APP: one app floods the notification server on the session
// bus: N Notify calls sent at once (pipelined, as a misbehaving sender
// would), then GetServerInformation and Inbox1.Cards, which must still be
// answered. Prints "ids N unique U first F last L" and
// "responsive after_ms T" (for the record; the test asserts no time).
// Exit 0 when every Notify got a distinct id and the server answered;
// 1 otherwise (with the error).
#include <systemd/sd-bus.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <vector>

namespace {

constexpr const char* kName = "org.freedesktop.Notifications";
constexpr const char* kPath = "/org/freedesktop/Notifications";

struct Pending {
  std::vector<uint32_t> ids;
  int errors = 0;
  std::string last_error;
};

int on_reply(sd_bus_message* m, void* userdata, sd_bus_error*) {
  auto& p = *static_cast<Pending*>(userdata);
  if (sd_bus_message_is_method_error(m, nullptr)) {
    ++p.errors;
    p.last_error = sd_bus_message_get_error(m)->message ? sd_bus_message_get_error(m)->message : "error";
    return 0;
  }
  uint32_t id = 0;
  if (sd_bus_message_read(m, "u", &id) < 0) ++p.errors;
  p.ids.push_back(id);
  return 0;
}

int fail(const char* what, int r) {
  std::fprintf(stderr, "notify_flood: %s: %s\n", what, std::strerror(-r));
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  const int n = std::atoi(argv[1]);
  const char* app = argv[2];
  sd_bus* bus = nullptr;
  if (int r = sd_bus_open_user(&bus); r < 0) return fail("connect", r);
  sd_bus_set_method_call_timeout(bus, 60'000'000);
  Pending p;
  p.ids.reserve(static_cast<size_t>(n));
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    sd_bus_message* m = nullptr;
    int r = sd_bus_message_new_method_call(bus, &m, kName, kPath, kName, "Notify");
    const std::string summary = "flood " + std::to_string(i);
    if (r >= 0) r = sd_bus_message_append(m, "susssas", app, 0u, "", summary.c_str(), "buy now", 0);
    if (r >= 0) r = sd_bus_message_open_container(m, 'a', "{sv}");
    if (r >= 0) r = sd_bus_message_append(m, "{sv}", "urgency", "y", 2);  // critical: the flood limit still holds
    if (r >= 0) r = sd_bus_message_close_container(m);
    if (r >= 0) r = sd_bus_message_append(m, "i", -1);
    if (r >= 0) r = sd_bus_call_async(bus, nullptr, m, on_reply, &p, 0);
    sd_bus_message_unref(m);
    if (r < 0) return fail("send Notify", r);
  }
  // The server is still answering: a call sent behind the whole flood.
  sd_bus_error e = SD_BUS_ERROR_NULL;
  sd_bus_message* reply = nullptr;
  int r = sd_bus_call_method(bus, kName, kPath, kName, "GetServerInformation", &e, &reply, "");
  if (r < 0) {
    std::fprintf(stderr, "notify_flood: GetServerInformation: %s\n", e.message ? e.message : std::strerror(-r));
    return 1;
  }
  sd_bus_message_unref(reply);
  const auto t1 = std::chrono::steady_clock::now();
  while (static_cast<int>(p.ids.size()) + p.errors < n) {
    if ((r = sd_bus_process(bus, nullptr)) < 0) return fail("process", r);
    if (r == 0 && (r = sd_bus_wait(bus, 1'000'000)) < 0) return fail("wait", r);
  }
  r = sd_bus_call_method(bus, kName, kPath, "org.timewall.Inbox1", "Cards", &e, &reply, "");
  if (r < 0) return fail("Cards", r);
  sd_bus_message_unref(reply);
  const std::set<uint32_t> unique(p.ids.begin(), p.ids.end());
  std::printf("ids %zu unique %zu first %u last %u errors %d\n", p.ids.size(), unique.size(),
              unique.empty() ? 0 : *unique.begin(), unique.empty() ? 0 : *unique.rbegin(), p.errors);
  std::printf("responsive after_ms %lld\n",
              static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(t1 - t0).count()));
  sd_bus_flush_close_unref(bus);
  if (p.errors) std::fprintf(stderr, "notify_flood: %d errors, last: %s\n", p.errors, p.last_error.c_str());
  return p.errors == 0 && static_cast<int>(unique.size()) == n ? 0 : 1;
}
