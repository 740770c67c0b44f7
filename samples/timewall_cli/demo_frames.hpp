// demo_frames.hpp: `timewall demo --frames DIR`: what the wearer sees at each
// decision point of the day, as PNGs and an index.
//
// What it does: at every tick whose decisions show, update or hide an
// overlay, renders the overlays visible after that tick (FrameWriter: solved
// poses, one eye, over a synthetic room) to DIR/NNNN-HH-MM-SS.png and appends
// one line to DIR/frames.jsonl:
//   {"frame":"0003-07-02-00.png","t":"2026-03-02T07:02:00+01:00",
//    "decisions":[<decision JSON, docs/formats.md>...],
//    "panels":[{"kind":"budget_ring","collapsed":false,"x0":..,"y0":..,"x1":..,"y1":..}]}
// Panel boxes are pixels, [x0, x1) x [y0, y1); no pixel outside every box
// differs from DIR/background.png, which is written first.
// What it does not do: run the day (cmd_demo.cpp does) or exist without the
// GPU build (TIMEWALL_BUILD_GPU=OFF: the flag is refused with a message).
//
//   auto frames = tw::cli::DemoFrames::open("out", policy, tz, apps, categories);
//   frames.value()->tick(now, *tick_output, session.inbox());   // after each Session::tick
//   frames.value()->close();
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/interner.hpp"
#include "core/notify/inbox.hpp"
#include "core/policy.hpp"
#include "core/result.hpp"
#include "core/scheduler/scheduler.hpp"
#include "core/timezone.hpp"
#include "headless/frame_writer.hpp"

namespace tw::cli {

class DemoFrames {
 public:
  static Result<std::unique_ptr<DemoFrames>> open(const std::string& dir, const Policy& policy, const TimeZone& tz,
                                                  const Interner& apps, const Interner& categories);
  ~DemoFrames();
  DemoFrames(const DemoFrames&) = delete;
  DemoFrames& operator=(const DemoFrames&) = delete;

  // Writes a frame when `out` shows, updates or hides something; a
  // notification's card says what `inbox` holds for it.
  Status tick(Instant now, const TickOutput& out, const Inbox& inbox);
  // Flushes and closes the index.
  Status close();

  uint64_t frames() const { return writer_.stats().frames; }
  const FrameStats& stats() const { return writer_.stats(); }

 private:
  DemoFrames(FrameWriter writer, std::FILE* index, std::string index_path, const Policy& policy, const TimeZone& tz,
             const Interner& apps, const Interner& categories);

  FrameWriter writer_;
  std::FILE* index_ = nullptr;
  std::string index_path_;
  const Policy& policy_;
  const TimeZone& tz_;
  const Interner& apps_;
  const Interner& categories_;
  std::string line_;
  std::vector<NotificationText> texts_;
};

}  // namespace tw::cli
