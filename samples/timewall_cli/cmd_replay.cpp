// `timewall replay`: a recorded signal timeline in, decision JSONL out.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "args.hpp"
#include "commands.hpp"
#include "core/replay/decision_writer.hpp"
#include "core/replay/replay_driver.hpp"
#include "core/replay/timeline.hpp"
#include "report/files.hpp"
#include "session.hpp"

namespace tw::cli {

namespace {

constexpr int64_t kCadenceMs = 1000;  // docs/formats.md: ticks every simulated second

}  // namespace

int replay_command(std::span<const std::string_view> args) {
  static constexpr OptionSpec kSpecs[] = {{"policy", true}, {"signals", true}, {"out", true}, {"ledger", true}};
  auto parsed = parse_args(args, kSpecs);
  if (!parsed) return usage_error("replay: " + parsed.error().message);
  if (!parsed->positional.empty())
    return usage_error("replay: unexpected argument '" + std::string(parsed->positional[0]) + "'");
  if (!parsed->has("policy")) return usage_error("replay: --policy FILE is required");
  if (!parsed->has("signals")) return usage_error("replay: --signals FILE.jsonl is required");

  // The PIN comes from the environment, not argv, so it is not in `ps`.
  const char* pin = std::getenv("TIMEWALL_GUARDIAN_PIN");
  auto session = Session::open({.policy_path = std::string(parsed->value("policy")),
                                .ledger_path = std::string(parsed->value("ledger")),
                                .guardian_pin = pin ? pin : ""});
  if (!session) {
    std::fprintf(stderr, "%s\n", session.error().message.c_str());
    return kExitFailed;
  }
  Session& s = *session.value();
  auto timeline = read_timeline(parsed->value("signals"), s.apps());
  if (!timeline) {
    std::fprintf(stderr, "%s\n", timeline.error().message.c_str());
    return kExitFailed;
  }

  const DecisionNames names{&s.apps(), &s.categories(), &s.policy()};
  std::string text;
  Instant last;
  const Status run = drive_timeline(timeline.value(), kCadenceMs, [&](Instant now, std::span<const Signal> batch) {
    last = now;
    const TickOutput& out = s.tick(now, batch);
    for (const Decision& d : out.decisions)
      append_decision_json(text, d, s.tz().utc_offset_s(d.unix_ms / 1000), names);
    return Status{};
  }, [&](Instant now, const TimelineNotification& n) { return s.notify(now, n); });
  Status done = run ? s.finish(last) : run;
  if (!done) {
    std::fprintf(stderr, "timewall replay: %s\n", done.error().message.c_str());
    return kExitFailed;
  }
  if (parsed->has("out")) {
    if (Status w = report::write_file_atomic(std::string(parsed->value("out")), text); !w) {
      std::fprintf(stderr, "timewall replay: %s\n", w.error().message.c_str());
      return kExitFailed;
    }
  } else if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    std::fputs("timewall replay: cannot write to stdout\n", stderr);
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace tw::cli
