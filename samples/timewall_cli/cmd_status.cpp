// `timewall status [--ledger FILE] [--policy FILE] [--at TIME] [--bus ADDRESS]
//  [--watch [--every-s N] [--count N]] [--format text|json]`: what Timewall
// sees on this device now (issue 15 §1). Live from timewalld
// (org.timewall.Device1.Status, status_live.hpp) when it runs on the bus and
// neither --at nor --policy asks for the ledger view; else, from the ledger:
// each app the ledger saw this week with its
// time today, when it was last seen and whether it is attended now, the
// budgets left, the youth cap, and the decision in force on the app attended
// now. Built on one tw::Runtime over the shared ledger as an observer
// (RuntimeDesc::observer: it records nothing), so it sees what every writer
// committed: the apps' layers, `timewall serve`, `timewall enforce`, with
// or without the service. The clock is the system's, or TIME (--at), which
// --watch advances by --every-s per refresh. docs/cli.md.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "status_text.hpp"
#include "common/local_timezone.hpp"
#include "common/system_clock.hpp"
#include "core/app_id.hpp"
#include "core/policy/policy_canonical.hpp"
#include "core/replay/iso8601.hpp"
#include "core/runtime/device_paths.hpp"
#include "core/runtime/runtime.hpp"
#include "status_live.hpp"
#if TW_CLI_DBUS
#include "dbus/device_bus.hpp"
#endif

namespace tw::cli {
namespace {

// An app last seen this close to now is attended now: the layer commits every
// 4 s, serve and the other hosts every 10 s.
constexpr int64_t kActiveWithinMs = 15'000;
constexpr int64_t kLookBackMs = 7LL * 86'400'000;  // apps seen in the last 7 days

volatile std::sig_atomic_t g_stop = 0;
void on_stop(int) { g_stop = 1; }

struct AppLine {
  std::string app, category;
  int64_t today_ms = 0, week_ms = 0, last_seen_ms = 0;
  bool active = false;
  Gate gate;
};

struct Snapshot {
  int64_t at_ms = 0;
  std::vector<AppLine> apps;  // active first, then by last seen, newest first
  const AppLine* decision = nullptr;  // the app attended now (newest), if any
};

std::string iso(const Runtime& rt, int64_t unix_ms) { return iso_in(rt.zone(), unix_ms); }

// The gate in words: "block (budget_reached, budget social-daily)", "none".
std::string gate_words(const Runtime& rt, const Gate& g) {
  return gate_text(gate_status(rt, g), g.budget >= 0 ? "budget " : "window ");
}

Result<Snapshot> take(Runtime& rt, Instant now) {
  rt.tick(now);  // starts the engine (the seed), and reads other writers' usage when due
  const Ledger* ledger = rt.engine().ledger();
  if (!ledger) return Error{Errc::io, "the ledger is not open"};
  auto seen = ledger->intervals(now.unix_ms - kLookBackMs, now.unix_ms + 1);
  if (!seen) return seen.error();
  std::map<std::string, int64_t> last;  // normalised app id -> last seen
  for (const AttendedInterval& iv : seen.value()) {
    int64_t& t = last[normalize_app_id(iv.app)];
    t = std::max(t, std::min(iv.end_ms, now.unix_ms));
  }
  Snapshot snap;
  snap.at_ms = now.unix_ms;
  const Scheduler& sc = rt.engine().scheduler();
  for (const auto& [app, last_ms] : last) {
    const AppId id = rt.apps().intern(app);
    AppLine line{.app = app,
                 .category = std::string(sc.categories().name(sc.category_of(id))),
                 .today_ms = sc.usage().app_ns(BudgetPeriod::daily, id) / 1'000'000,
                 .week_ms = sc.usage().app_ns(BudgetPeriod::weekly, id) / 1'000'000,
                 .last_seen_ms = last_ms,
                 .active = now.unix_ms - last_ms <= kActiveWithinMs,
                 .gate = sc.gate(id)};
    snap.apps.push_back(std::move(line));
  }
  std::stable_sort(snap.apps.begin(), snap.apps.end(), [](const AppLine& a, const AppLine& b) {
    if (a.active != b.active) return a.active;
    return a.last_seen_ms > b.last_seen_ms;
  });
  if (!snap.apps.empty() && snap.apps.front().active) snap.decision = &snap.apps.front();
  return snap;
}

std::string policy_source(const Runtime& rt, bool from_file) {
  if (rt.device_policy()) return "device";
  if (from_file) return "file";
  return rt.remembered() ? "ledger" : "defaults";
}

nlohmann::json gate_json(const Runtime& rt, const Gate& g) {
  nlohmann::json j{{"kind", gate_status(rt, g).kind}};
  if (g.kind != OverlayKind::block_shield && g.kind != OverlayKind::friction_prompt) return j;
  j["reason"] = to_string(g.reason);
  if (g.budget >= 0) j["budget"] = rt.policy().budgets[static_cast<size_t>(g.budget)].id;
  if (g.window >= 0) j["window"] = rt.policy().windows[static_cast<size_t>(g.window)].name;
  return j;
}

std::string render_json(const Runtime& rt, const Snapshot& s, bool from_file) {
  const Scheduler& sc = rt.engine().scheduler();
  const Policy& p = rt.policy();
  nlohmann::json j;
  j["at_ms"] = s.at_ms;
  j["at"] = iso(rt, s.at_ms);
  j["policy"] = {{"source", policy_source(rt, from_file)}, {"hash", policy_hash(p)}};
  j["apps"] = nlohmann::json::array();
  for (const AppLine& a : s.apps)
    j["apps"].push_back({{"app", a.app},
                         {"category", a.category},
                         {"attended_today_ms", a.today_ms},
                         {"attended_week_ms", a.week_ms},
                         {"last_seen_ms", a.last_seen_ms},
                         {"last_seen", iso(rt, a.last_seen_ms)},
                         {"active", a.active},
                         {"gate", gate_json(rt, a.gate)}});
  j["budgets"] = nlohmann::json::array();
  for (size_t b = 0; b < p.budgets.size(); ++b) {
    const Budget& bu = p.budgets[b];
    const int64_t used = sc.budget_used_ns(static_cast<int32_t>(b)) / 1'000'000;
    const int64_t limit = sc.budget_limit_ns(static_cast<int32_t>(b)) / 1'000'000;
    j["budgets"].push_back({{"id", bu.id},
                            {"scope", bu.scope == BudgetScope::app ? "app" : "category"},
                            {"target", bu.target},
                            {"period", bu.period == BudgetPeriod::daily ? "daily" : "weekly"},
                            {"used_ms", used},
                            {"limit_ms", limit},
                            {"left_ms", std::max<int64_t>(0, limit - used)},
                            {"at_limit", limit_action_name(bu.at_limit)}});
  }
  const int64_t day_ms = sc.usage().day_total_ns() / 1'000'000;
  j["youth"] = {{"enabled", p.youth.enabled},
                {"daily_cap_ms", p.youth.daily_cap_s * 1000},
                {"used_ms", day_ms},
                {"left_ms", std::max<int64_t>(0, p.youth.daily_cap_s * 1000 - day_ms)}};
  if (s.decision) {
    nlohmann::json d = gate_json(rt, s.decision->gate);
    d["app"] = s.decision->app;
    j["decision"] = d;
  } else {
    j["decision"] = nullptr;
  }
  return j.dump() + "\n";
}

std::string render_text(const Runtime& rt, const Snapshot& s, bool from_file) {
  const Scheduler& sc = rt.engine().scheduler();
  const Policy& p = rt.policy();
  std::string out = "Timewall status at " + iso(rt, s.at_ms) + " (policy: " + policy_source(rt, from_file) + " " +
                    policy_hash(p).substr(0, 12) + ")\n";
  size_t width = 0;
  for (const AppLine& a : s.apps) width = std::max(width, a.app.size());
  out += s.apps.empty() ? "apps: none seen in the last 7 days\n" : "apps (today, week, last seen, if attended now):\n";
  for (const AppLine& a : s.apps) {
    char line[512];
    std::snprintf(line, sizeof line, "  %-*s  %-12s  today %-14s week %-14s %s  %s: %s\n", static_cast<int>(width),
                  a.app.c_str(), a.category.c_str(), duration_text(a.today_ms).c_str(), duration_text(a.week_ms).c_str(),
                  a.active ? "attended now        " : ("last seen " + iso(rt, a.last_seen_ms).substr(11, 8) + " ").c_str(),
                  a.active ? "in force" : "if attended", gate_words(rt, a.gate).c_str());
    out += line;
  }
  out += p.budgets.empty() ? "budgets: none\n" : "budgets (used of limit, left, then):\n";
  for (size_t b = 0; b < p.budgets.size(); ++b) {
    const Budget& bu = p.budgets[b];
    const int64_t used = sc.budget_used_ns(static_cast<int32_t>(b)) / 1'000'000;
    const int64_t limit = sc.budget_limit_ns(static_cast<int32_t>(b)) / 1'000'000;
    out += "  " + bu.id + "  " + (bu.scope == BudgetScope::app ? "app " : "category ") + bu.target + ", " +
           (bu.period == BudgetPeriod::daily ? "daily" : "weekly") + ": " + duration_text(used) + " of " + duration_text(limit) +
           ", " + duration_text(limit - used) + " left, then " + std::string(limit_action_name(bu.at_limit)) + "\n";
  }
  const int64_t day_ms = sc.usage().day_total_ns() / 1'000'000;
  out += "youth cap: " + std::string(p.youth.enabled ? "on, " : "off (") + duration_text(p.youth.daily_cap_s * 1000) +
         " a day, " + duration_text(day_ms) + " used today, " + duration_text(p.youth.daily_cap_s * 1000 - day_ms) + " left" +
         (p.youth.enabled ? "" : ")") + "\n";
  out += "decision in force: " +
         (s.decision ? s.decision->app + ": " + gate_words(rt, s.decision->gate)
                     : std::string("none (no app attended in the last ") + std::to_string(kActiveWithinMs / 1000) + " s)") +
         "\n";
  return out;
}

bool parse_count(std::string_view v, long lo, long hi, long& out) {
  const std::string s(v);
  char* end = nullptr;
  out = std::strtol(s.c_str(), &end, 10);
  return !s.empty() && *end == '\0' && out >= lo && out <= hi;
}

}  // namespace

int status_command(std::span<const std::string_view> args) {
  static constexpr OptionSpec kSpecs[] = {{"ledger", true},  {"policy", true}, {"at", true},
                                          {"watch", false},  {"every-s", true}, {"count", true},
                                          {"format", true},  {"bus", true}};
  auto parsed = parse_args(args, kSpecs);
  if (!parsed) return usage_error("status: " + parsed.error().message);
  if (!parsed->positional.empty())
    return usage_error("status: unexpected argument '" + std::string(parsed->positional[0]) + "'");
  const std::string_view format = parsed->has("format") ? parsed->value("format") : "text";
  if (format != "text" && format != "json") return usage_error("status: --format is text or json");
  const bool watch = parsed->has("watch");
  long every_s = 2, count = watch ? 0 : 1;
  if (parsed->has("every-s") && !parse_count(parsed->value("every-s"), 1, 3600, every_s))
    return usage_error("status: --every-s is a whole number of seconds from 1 to 3600");
  if (parsed->has("count") && !parse_count(parsed->value("count"), 1, 1'000'000, count))
    return usage_error("status: --count is a whole number from 1");
  if (!watch && (parsed->has("every-s") || parsed->has("count")))
    return usage_error("status: --every-s and --count go with --watch");

  SystemClock system_clock;
  ManualClock manual_clock;
  const bool manual = parsed->has("at");
  if (manual) {
    const IsoParse at = parse_iso8601(parsed->value("at"));
    if (!at.ok)
      return usage_error("status: --at needs an ISO 8601 time such as 2026-11-23T12:00:00Z (" +
                         std::string(at.error) + ")");
    manual_clock.set({std::max<int64_t>(0, at.unix_ms) * 1'000'000, at.unix_ms});
  }
  Clock& clock = manual ? static_cast<Clock&>(manual_clock) : static_cast<Clock&>(system_clock);
  if (watch) {
    struct sigaction sa {};
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
  }
  const bool clear = watch && format == "text" && isatty(fileno(stdout));

  // Live from the service, unless the ledger view is asked for (a time or
  // a policy of the caller's own); a service that stops answering mid-watch
  // ends it (exit 1).
  const bool try_live = !manual && !parsed->has("policy");
#if TW_CLI_DBUS
  if (try_live) {
    const std::string bus(parsed->value("bus"));
    auto live = dbus::query_device_status(bus, 500'000);
    if (!live && live.error().code != Errc::not_found) {
      std::fprintf(stderr, "timewall status: %s\n", live.error().message.c_str());
      return kExitFailed;
    }
    if (live) {
      auto local = load_local_timezone(std::getenv("TZ"));
      const TimeZone zone = local ? std::move(local).value() : TimeZone::utc();
      for (long i = 0; !g_stop && (count == 0 || i < count); ++i) {
        if (i > 0) {
          const timespec pause{every_s, 0};
          nanosleep(&pause, nullptr);
          if (g_stop) break;
          live = dbus::query_device_status(bus, 500'000);
          if (!live) {
            std::fprintf(stderr, "timewall status: %s\n", live.error().message.c_str());
            return kExitFailed;
          }
        }
        const std::string out = format == "json" ? render_live_json(live.value(), zone) : render_live_text(live.value(), zone);
        if (clear) std::fputs("\033[H\033[2J", stdout);
        else if (i > 0 && format == "text") std::fputs("\n", stdout);
        std::fputs(out.c_str(), stdout);
        if (std::fflush(stdout) != 0) return kExitFailed;
      }
      return kExitOk;
    }
  }
#else
  if (parsed->has("bus")) return usage_error("status: --bus needs a timewall built with sd-bus (libsystemd-dev)");
#endif
  if (!parsed->has("ledger"))
    return usage_error(try_live ? "status: no timewalld answers on the bus; --ledger FILE reads the ledger instead"
                                : "status: --ledger FILE is required with --at or --policy");

  const std::string ledger_path(parsed->value("ledger"));
  std::error_code ec;
  if (!std::filesystem::is_regular_file(ledger_path, ec)) {
    std::fprintf(stderr, "timewall status: no ledger at %s (a host creates it when it first records)\n",
                 ledger_path.c_str());
    return kExitFailed;
  }
  auto zone = load_local_timezone(std::getenv("TZ"));
  RuntimeDesc desc;
  desc.policy_path = std::string(parsed->value("policy"));
  desc.ledger_path = ledger_path;
  desc.device_policy_path = device_file(kDeviceDir, kDevicePolicyFile);  // as every host
  desc.device_zone = zone ? std::move(zone).value() : TimeZone::utc();
  desc.commit_every_s = 1;  // each refresh reads what the other writers committed since
  desc.observer = true;
  std::vector<PolicyError> problems;
  auto rt = Runtime::create(desc, &problems);
  if (!rt) {
    for (const PolicyError& p : problems) std::fprintf(stderr, "%s\n", to_string(p).c_str());
    std::fprintf(stderr, "timewall status: %s\n", rt.error().message.c_str());
    return kExitFailed;
  }
  if (rt->start_refusal()) std::fprintf(stderr, "timewall status: %s\n", rt->start_refusal()->message.c_str());
  const bool from_file = parsed->has("policy");
  for (long i = 0; !g_stop && (count == 0 || i < count); ++i) {
    if (i > 0) {
      const timespec pause{every_s, 0};
      nanosleep(&pause, nullptr);  // a signal ends it early; the loop then stops
      if (g_stop) break;
      if (manual) manual_clock.advance_ms(every_s * 1000);
    }
    auto snap = take(rt.value(), clock.now());
    if (!snap) {
      std::fprintf(stderr, "timewall status: %s\n", snap.error().message.c_str());
      return kExitFailed;
    }
    const std::string out =
        format == "json" ? render_json(rt.value(), snap.value(), from_file) : render_text(rt.value(), snap.value(), from_file);
    if (clear) std::fputs("\033[H\033[2J", stdout);
    else if (i > 0 && format == "text") std::fputs("\n", stdout);
    std::fputs(out.c_str(), stdout);
    if (std::fflush(stdout) != 0) return kExitFailed;
    if (const Status& led = rt->last_ledger_error(); !led)
      std::fprintf(stderr, "timewall status: %s\n", led.error().message.c_str());
  }
  return kExitOk;
}

}  // namespace tw::cli
