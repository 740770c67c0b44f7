// tw_scheduler_trace: everything the Scheduler tells its host while it
// replays a timeline, as text, for the golden test (tests/golden/golden.sh).
//
// `timewall replay` writes the decisions only; this also covers what they do
// not carry: every tick's overlay set (all fields, cost to the last bit),
// the sub-steps a tick took, and the observer's attended intervals and day
// ends (what the ledger records). Each tick folds all of that into a running
// FNV-1a hash; a tick with decisions prints them, its overlay set and the
// hash so far, so a difference is both caught (hash) and shown (text).
//
//   tw_scheduler_trace POLICY.toml TIMELINE.jsonl CADENCE_MS > trace.txt
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/notify/inbox.hpp"
#include "core/policy/policy_loader.hpp"
#include "core/replay/decision_writer.hpp"
#include "core/replay/replay_driver.hpp"
#include "core/replay/timeline.hpp"
#include "core/scheduler/scheduler.hpp"

namespace {

struct Fnv {
  uint64_t h = 1469598103934665603ull;
  void bytes(const void* p, size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  }
  void text(const std::string& s) { bytes(s.data(), s.size()); }
};

void append_overlay(std::string& out, const tw::Overlay& o) {
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "  %s reason=%s app=%u cat=%u budget=%d window=%d fill=%d exercise=%d nudge=%u used=%" PRId64
                " limit=%" PRId64 " left=%" PRId64 " countdown=%" PRId64 " cost=%a bypass=%d\n",
                std::string(tw::to_string(o.kind)).c_str(), std::string(tw::to_string(o.reason)).c_str(), o.app,
                o.category, o.budget, o.window, o.fill_item, o.exercise, o.nudge_id, o.used_s, o.limit_s,
                o.remaining_s, o.countdown_s, o.cost_today, o.bypass_available ? 1 : 0);
  out += buf;
}

struct Recorder final : tw::SchedulerObserver {
  Fnv* hash = nullptr;
  std::string* text = nullptr;
  void on_attended(tw::AppId app, tw::CategoryId category, tw::Instant from, tw::Instant to) override {
    const int64_t v[] = {app, category, from.mono_ns, from.unix_ms, to.mono_ns, to.unix_ms};
    hash->bytes(v, sizeof v);
  }
  void on_day_end(int64_t day_number, int64_t attended_ns) override {
    char buf[96];
    std::snprintf(buf, sizeof buf, "day_end %" PRId64 " attended_ns=%" PRId64 "\n", day_number, attended_ns);
    *text += buf;
    hash->text(buf);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fputs("usage: tw_scheduler_trace POLICY.toml TIMELINE.jsonl CADENCE_MS\n", stderr);
    return 2;
  }
  tw::PolicyLoadResult policy = tw::load_policy_file(argv[1]);
  if (!policy) {
    std::fprintf(stderr, "tw_scheduler_trace: %s: policy does not load\n", argv[1]);
    return 1;
  }
  auto tz = tw::TimeZone::load(policy.value().time_value.timezone);
  if (!tz) {
    std::fprintf(stderr, "tw_scheduler_trace: %s\n", tz.error().message.c_str());
    return 1;
  }
  tw::Scheduler s(policy.value(), tz.value());
  auto timeline = tw::read_timeline(argv[2], s.apps());
  if (!timeline) {
    std::fprintf(stderr, "tw_scheduler_trace: %s\n", timeline.error().message.c_str());
    return 1;
  }
  const int64_t cadence_ms = std::strtoll(argv[3], nullptr, 10);
  const tw::DecisionNames names{&s.apps(), &s.categories(), &s.policy()};
  Fnv hash;
  std::string text;
  Recorder rec;
  rec.hash = &hash;
  rec.text = &text;
  // Notification records reach the scheduler as the Engine passes them on
  // (Engine::admit, Engine::tick): the inbox's nudge, merged into the next
  // tick's batch in time order, and the inbox told each decision.
  tw::Inbox inbox;
  uint32_t last_notify_id = 0;
  std::vector<tw::Signal> pending, merged;
  const auto notify = [&](tw::Instant now, const tw::TimelineNotification& n) -> tw::Status {
    tw::Notification clean = tw::clean_notification(n.in());
    const tw::AppId app = s.apps().intern(clean.app);
    const std::string_view category = s.categories().name(s.category_of(app));
    if (auto sig = inbox.admit(++last_notify_id, std::move(clean), category, app, now, now.unix_ms,
                               s.policy().notifications, s.holds_nudges()))
      pending.push_back(*sig);
    return {};
  };
  const tw::Status run = tw::drive_timeline(timeline.value(), cadence_ms, [&](tw::Instant now, std::span<const tw::Signal> batch) {
    if (!pending.empty()) {
      merged.assign(batch.begin(), batch.end());
      merged.insert(merged.end(), pending.begin(), pending.end());
      pending.clear();
      std::stable_sort(merged.begin(), merged.end(),
                       [](const tw::Signal& a, const tw::Signal& b) { return a.at.mono_ns < b.at.mono_ns; });
      batch = merged;
    }
    const tw::TickOutput& out = s.tick(now, batch, &rec);
    for (const tw::Decision& d : out.decisions) inbox.on_decision(d);
    inbox.on_cards(s.cards(), now);
    std::string tick;
    for (const tw::Decision& d : out.decisions)
      tw::append_decision_json(tick, d, s.calendar().zone().utc_offset_s(d.unix_ms / 1000), names);
    std::string set;
    for (const tw::Overlay& o : out.overlays) append_overlay(set, o);
    char head[96];
    std::snprintf(head, sizeof head, "tick %" PRId64 " stops=%d\n", now.unix_ms, s.stops_last_tick());
    hash.text(head);
    hash.text(tick);
    hash.text(set);
    if (!out.decisions.empty()) {
      char h[40];
      std::snprintf(h, sizeof h, "hash %016" PRIx64 "\n", hash.h);
      text += head + tick + set + h;
    }
    return tw::Status{};
  }, notify);
  if (!run) {
    std::fprintf(stderr, "tw_scheduler_trace: %s\n", run.error().message.c_str());
    return 1;
  }
  std::printf("%send hash %016" PRIx64 "\n", text.c_str(), hash.h);
  return 0;
}
