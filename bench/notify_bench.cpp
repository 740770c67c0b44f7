// Notify handling on a real bus (docs/benchmarks.md; run it under
// `dbus-run-session --`, a private bus): the same Notify calls sent
//   - to Timewall's server (platform/dbus NotifyServer in front of a
//     Runtime with a ledger on disk: read, clean, route, admit, and commit
//     before the reply, as `timewall serve` does), and
//   - to a bare sd-bus echo server (the naive path: it reads the call as
//     Timewall does and replies with a counter, nothing kept),
// each served by its own thread and connection in this process.
//   BM_NotifyRoundTrip/<server>: one call, wait for the reply, next (latency).
//   BM_NotifyPipelined/<server>: 256 calls sent at once, all replies awaited
//     (throughput: items_per_second = notifications handled per second).
// Senders cycle through 64 app names so no flood limit (policy
// flood_per_min = 10000) batches them: each one takes the full path.
#include <benchmark/benchmark.h>
#include <systemd/sd-bus.h>
#include <stdlib.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "common/system_clock.hpp"
#include "core/runtime/runtime.hpp"
#include "dbus/notify_call.hpp"
#include "dbus/notify_server.hpp"

namespace {

constexpr const char* kEchoName = "org.timewall.BenchEcho";
constexpr const char* kPath = "/org/freedesktop/Notifications";
constexpr const char* kIface = "org.freedesktop.Notifications";

int echo_notify(sd_bus_message* m, void* userdata, sd_bus_error*) {
  tw::dbus::NotifyCall call;
  if (int r = tw::dbus::read_notify_call(m, call); r < 0) return r;
  auto& next = *static_cast<uint32_t*>(userdata);
  return sd_bus_reply_method_return(m, "u", ++next);
}

const sd_bus_vtable kEchoVtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Notify", "susssasa{sv}i", "u", echo_notify, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END};

// Both servers, each in a thread of its own, for the whole run.
class Servers {
 public:
  Servers() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tw_notify_bench_XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    dir_ = tmpl;
    timewall_ = std::thread([this] { run_timewall(); });
    echo_ = std::thread([this] { run_echo(); });
    while (ready_.load() < 2) std::this_thread::yield();
  }
  ~Servers() {
    stop_ = true;
    timewall_.join();
    echo_.join();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  bool ok() const { return !failed_; }

 private:
  void run_timewall() {
    tw::RuntimeDesc desc;
    desc.policy_text = "schema = 1\n[notifications]\nflood_per_min = 10000\n";
    desc.ledger_path = dir_ + "/ledger.db";
    auto rt = tw::Runtime::create(desc);
    tw::SystemClock clock;
    if (!rt) return fail("runtime: " + rt.error().message);
    rt->start(clock.now());
    auto server = tw::dbus::NotifyServer::create({}, rt.value(), clock);
    if (!server) return fail(server.error().message);
    ++ready_;
    while (!stop_)
      if (!server->step(20'000)) return;
    (void)rt->finish(clock.now());
  }
  void run_echo() {
    sd_bus* bus = nullptr;
    uint32_t next = 0;
    if (sd_bus_open_user(&bus) < 0 || sd_bus_add_object_vtable(bus, nullptr, kPath, kIface, kEchoVtable, &next) < 0 ||
        sd_bus_request_name(bus, kEchoName, 0) < 0) {
      fail("echo server: no bus (run under dbus-run-session)");
      return;
    }
    ++ready_;
    while (!stop_) {
      int r;
      while ((r = sd_bus_process(bus, nullptr)) > 0) {
      }
      if (r < 0 || sd_bus_wait(bus, 20'000) < 0) break;
    }
    sd_bus_flush_close_unref(bus);
  }
  void fail(const std::string& why) {
    std::fprintf(stderr, "notify_bench: %s\n", why.c_str());
    failed_ = true;
    ++ready_;
  }

  std::string dir_;
  std::thread timewall_, echo_;
  std::atomic<int> ready_{0};
  std::atomic<bool> stop_{false}, failed_{false};
};

Servers& servers() {
  static Servers s;
  return s;
}

struct Client {
  sd_bus* bus = nullptr;
  uint64_t sent = 0;
  Client() {
    if (sd_bus_open_user(&bus) < 0) std::abort();
  }
  ~Client() { sd_bus_flush_close_unref(bus); }
  // One Notify as a typical sender writes it: a summary, a body with markup, two actions, urgency.
  sd_bus_message* notify(const char* dest) {
    sd_bus_message* m = nullptr;
    const std::string app = "bench-" + std::to_string(sent++ % 64);
    if (sd_bus_message_new_method_call(bus, &m, dest, kPath, kIface, "Notify") < 0 ||
        sd_bus_message_append(m, "susss", app.c_str(), 0u, "", "Ana: lunch at 1?",
                              "<b>The place</b> on the corner &amp; a table for two") < 0 ||
        sd_bus_message_append(m, "as", 4, "yes", "Yes", "no", "No") < 0 ||
        sd_bus_message_append(m, "a{sv}", 1, "urgency", "y", 1) < 0 || sd_bus_message_append(m, "i", -1) < 0)
      std::abort();
    return m;
  }
};

const char* dest_of(int64_t server) { return server == 0 ? kIface : kEchoName; }

void BM_NotifyRoundTrip(benchmark::State& state) {
  if (!servers().ok()) return state.SkipWithError("no servers (run under dbus-run-session)");
  Client c;
  for (auto _ : state) {
    sd_bus_message* m = c.notify(dest_of(state.range(0)));
    sd_bus_message* reply = nullptr;
    sd_bus_error e = SD_BUS_ERROR_NULL;
    if (sd_bus_call(c.bus, m, 0, &e, &reply) < 0) state.SkipWithError(e.message ? e.message : "call failed");
    sd_bus_message_unref(reply);
    sd_bus_message_unref(m);
    sd_bus_error_free(&e);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(state.range(0) == 0 ? "timewall (ledger, commit per Notify)" : "bare sd-bus echo");
}

int count_reply(sd_bus_message* m, void* userdata, sd_bus_error*) {
  ++*static_cast<int*>(userdata);
  return sd_bus_message_is_method_error(m, nullptr) ? -1 : 0;
}

void BM_NotifyPipelined(benchmark::State& state) {
  if (!servers().ok()) return state.SkipWithError("no servers (run under dbus-run-session)");
  constexpr int kBatch = 256;
  Client c;
  for (auto _ : state) {
    int replies = 0;
    for (int i = 0; i < kBatch; ++i) {
      sd_bus_message* m = c.notify(dest_of(state.range(0)));
      if (sd_bus_call_async(c.bus, nullptr, m, count_reply, &replies, 0) < 0) std::abort();
      sd_bus_message_unref(m);
    }
    while (replies < kBatch) {
      const int r = sd_bus_process(c.bus, nullptr);
      if (r < 0) return state.SkipWithError("process failed");
      if (r == 0) sd_bus_wait(c.bus, 1'000'000);
    }
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.SetLabel(state.range(0) == 0 ? "timewall (ledger, commit per Notify)" : "bare sd-bus echo");
}

BENCHMARK(BM_NotifyRoundTrip)->ArgName("server")->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_NotifyPipelined)->ArgName("server")->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
