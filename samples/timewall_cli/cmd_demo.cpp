// `timewall demo`: replay the bundled day and tell it.
#include <cstdio>
#include <memory>
#include <string>

#include "args.hpp"
#include "commands.hpp"
#include "data_dir.hpp"
#include "core/replay/replay_driver.hpp"
#include "core/replay/timeline.hpp"
#include "session.hpp"
#include "story.hpp"
#include "summary.hpp"

#if TW_WITH_FRAMES
#include "demo_frames.hpp"
#endif

#ifndef TW_DATA_DIR
#error "TW_DATA_DIR (the source tree's data/ folder) must be defined by the build"
#endif

namespace tw::cli {

int demo_command(std::span<const std::string_view> args) {
  static constexpr OptionSpec kSpecs[] = {{"data", true}, {"frames", true}};
  auto parsed = parse_args(args, kSpecs);
  if (!parsed) return usage_error("demo: " + parsed.error().message);
  if (!parsed->positional.empty())
    return usage_error("demo: unexpected argument '" + std::string(parsed->positional[0]) + "'");
#if !TW_WITH_FRAMES
  if (parsed->has("frames"))
    return usage_error("demo: --frames needs the renderer, and this timewall was built without it "
                       "(TIMEWALL_BUILD_GPU=OFF)");
#endif
  if (parsed->has("frames") && parsed->value("frames").empty()) return usage_error("demo: --frames needs a directory");
  std::string data(parsed->value("data"));
  if (!parsed->has("data")) {
    auto found = find_data_dir(exe_dir(), TW_DATA_DIR);
    if (!found) {
      std::fprintf(stderr, "%s\n", found.error().message.c_str());
      return kExitFailed;
    }
    data = found.value().string();
  }
  const std::string policy_path = data + "/demo/policy.toml";
  const std::string day_path = data + "/demo/day.jsonl";

  auto session = Session::open({.policy_path = policy_path, .ledger_path = {}});
  if (!session) {
    std::fprintf(stderr, "%s\n", session.error().message.c_str());
    return kExitFailed;
  }
  Session& s = *session.value();
  auto timeline = read_timeline(day_path, s.apps());
  if (!timeline) {
    std::fprintf(stderr, "%s\n", timeline.error().message.c_str());
    return kExitFailed;
  }

#if TW_WITH_FRAMES
  std::unique_ptr<DemoFrames> frames;
  if (parsed->has("frames")) {
    auto opened = DemoFrames::open(std::string(parsed->value("frames")), s.policy(), s.tz(), s.apps(), s.categories());
    if (!opened) {
      std::fprintf(stderr, "timewall demo: %s\n", opened.error().message.c_str());
      return kExitFailed;
    }
    frames = std::move(opened.value());
  }
#endif

  std::printf("timewall demo: one day of %s through the Timewall core\n", data.c_str());
  std::printf("policy %s, signals %s (%zu records)\n", policy_path.c_str(), day_path.c_str(),
              timeline->records.size());
  std::printf("Each line: local time, what the wearer sees, <- why [machine reason].\n");
  Story story(s.policy(), s.tz(), s.apps(), s.categories(), &s.inbox());
  std::string text;
  Instant last;
  const Status run = drive_timeline(timeline.value(), 1000, [&](Instant now, std::span<const Signal> batch) {
    last = now;
    const TickOutput& out = s.tick(now, batch);
    text.clear();
    for (const Decision& d : out.decisions) story.add(d, out.overlays, text);
    std::fputs(text.c_str(), stdout);
#if TW_WITH_FRAMES
    if (frames) return frames->tick(now, out, s.inbox());
#endif
    return Status{};
  }, [&](Instant now, const TimelineNotification& n) { return s.notify(now, n); });
  Status done = run ? s.finish(last) : run;
  if (done) {
    text.clear();
    done = append_summary(text, s.ledger(), s.policy(), s.tz(), timeline->start_unix_ms / 1000,
                          timeline->end_unix_ms / 1000);
    std::fputs(text.c_str(), stdout);
  }
#if TW_WITH_FRAMES
  if (done && frames) {
    done = frames->close();
    if (done)
      std::printf("frames: %llu PNGs (%llu panel renders) and frames.jsonl in %.*s\n",
                  static_cast<unsigned long long>(frames->frames()),
                  static_cast<unsigned long long>(frames->stats().panel_renders),
                  static_cast<int>(parsed->value("frames").size()), parsed->value("frames").data());
  }
#endif
  if (!done) {
    std::fprintf(stderr, "timewall demo: %s\n", done.error().message.c_str());
    return kExitFailed;
  }
  return std::fflush(stdout) == 0 ? kExitOk : kExitFailed;
}

}  // namespace tw::cli
