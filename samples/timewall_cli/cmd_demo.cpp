// `timewall demo`: replay the bundled day and tell it.
#include <cstdio>
#include <string>

#include "args.hpp"
#include "commands.hpp"
#include "core/replay/replay_driver.hpp"
#include "core/replay/timeline.hpp"
#include "session.hpp"
#include "story.hpp"
#include "summary.hpp"

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
  if (parsed->has("frames"))
    return usage_error("demo: --frames is not available yet: rendered frames come with the panel renderer");
  const std::string data = parsed->has("data") ? std::string(parsed->value("data")) : std::string(TW_DATA_DIR);
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

  std::printf("timewall demo: one day of %s through the Timewall core\n", data.c_str());
  std::printf("policy %s, signals %s (%zu records)\n", policy_path.c_str(), day_path.c_str(),
              timeline->records.size());
  std::printf("Each line: local time, what the wearer sees, <- why [machine reason].\n");
  Story story(s.policy(), s.tz(), s.apps(), s.categories());
  std::string text;
  Instant last;
  const Status run = drive_timeline(timeline.value(), 1000, [&](Instant now, std::span<const Signal> batch) {
    last = now;
    const TickOutput& out = s.tick(now, batch);
    text.clear();
    for (const Decision& d : out.decisions) story.add(d, out.overlays, text);
    std::fputs(text.c_str(), stdout);
    return Status{};
  });
  Status done = run ? s.finish(last) : run;
  if (done) {
    text.clear();
    done = append_summary(text, s.ledger(), s.policy(), s.tz(), timeline->start_unix_ms / 1000,
                          timeline->end_unix_ms / 1000);
    std::fputs(text.c_str(), stdout);
  }
  if (!done) {
    std::fprintf(stderr, "timewall demo: %s\n", done.error().message.c_str());
    return kExitFailed;
  }
  return std::fflush(stdout) == 0 ? kExitOk : kExitFailed;
}

}  // namespace tw::cli
