// timeline.hpp: read a recorded signal timeline (JSONL) into tw::Signals.
//
// What it does: parses one JSON object per line, e.g.
//   {"t":"2026-03-02T07:41:00+01:00","type":"app_focus","app":"com.example.feed"}
// into Signals whose Instant has unix_ms from "t" and mono_ns = nanoseconds
// since the first record, so a replay's monotonic clock starts at zero;
// "notification" records (what a sender's Notify carries) go to
// Timeline::notifications on the same clock. Every error is
// "file:line:col: message" (1-based, bytes), and is reported with the first
// bad record; nothing throws. The format is in docs/formats.md.
// What it does not do: run anything or read a clock. `timewall replay` feeds
// the records to the Engine on a ManualClock.
//
//   tw::Interner apps;
//   tw::Result<tw::Timeline> tl = tw::read_timeline("day.jsonl", apps);
//   if (!tl) { std::cerr << tl.error().message << "\n"; return 1; }
//   for (const tw::TimelineRecord& r : tl->records) use(r.signal);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/interner.hpp"
#include "core/notify/notification.hpp"
#include "core/result.hpp"
#include "core/signals.hpp"

namespace tw {

struct TimelineLimits {
  size_t max_file_bytes = 64u << 20;  // 64 MiB: about a year of dense signals
  size_t max_line_bytes = 64u << 10;  // 64 KiB: a record is ~100 bytes
  int max_depth = 8;                  // records are flat; this only stops abuse
};

struct TimelineRecord {
  Signal signal;
  int32_t utc_offset_s = 0;  // the offset written in "t"
  int32_t line = 0;          // 1-based source line, for messages
};

// A "notification" record: what a sender's Notify would carry. Replay hosts
// admit it (Runtime::notify, tw_engine_notify) just before the tick at its time.
struct TimelineNotification {
  Instant at{};              // on the same clock as the signals
  int32_t utc_offset_s = 0;  // the offset written in "t"
  int32_t line = 0;
  std::string app_name, summary, body;
  int urgency = 1;                   // 0 low, 1 normal, 2 critical
  std::vector<std::string> actions;  // flat key, label pairs

  // The Notify arguments, viewing this record's strings.
  NotificationIn in() const;
};

struct Timeline {
  std::vector<TimelineRecord> records;
  std::vector<TimelineNotification> notifications;  // in time order, between the records
  int64_t start_unix_ms = 0;  // the first record's time (mono_ns 0)
  // The last record's time, or the "end" record's when present: a replay
  // keeps ticking until then so time-driven decisions still fire.
  int64_t end_unix_ms = 0;
  int32_t end_utc_offset_s = 0;
};

// `name` is used in messages only. App names are interned into `apps`.
Result<Timeline> parse_timeline(std::string_view text, std::string_view name, Interner& apps,
                                const TimelineLimits& limits = {});

// Reads the file (refusing it before reading when over max_file_bytes).
Result<Timeline> read_timeline(std::string_view path, Interner& apps,
                               const TimelineLimits& limits = {});

}  // namespace tw
