// timewall: the command-line face of the Timewall core.
//
//   timewall check-policy FILE       validate a policy file
//   timewall replay --policy P --signals S.jsonl [--out D.jsonl] [--ledger L]
//   timewall demo [--data DIR] [--frames OUT]  replay the bundled day and tell it
//
// Nothing throws out of main: a command that fails prints why and returns an
// exit code (commands.hpp).
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"

namespace tw::cli {

void print_usage(bool to_stderr) {
  std::FILE* f = to_stderr ? stderr : stdout;
  std::fputs(
      "usage: timewall <command> [options]\n"
      "\n"
      "commands:\n"
      "  check-policy FILE\n"
      "      Validate a policy file. Prints each error as file:line:col: key: message\n"
      "      to stderr, or a one-line summary when the file is valid.\n"
      "  replay --policy FILE --signals FILE.jsonl [--out FILE.jsonl] [--ledger FILE]\n"
      "      Run a recorded signal timeline through the core on a simulated clock\n"
      "      (a tick at every record and every second between them) and write one\n"
      "      JSON decision per line to stdout or --out. The ledger is in memory\n"
      "      unless --ledger names a file. Formats: docs/formats.md.\n"
      "  demo [--data DIR] [--frames OUT]\n"
      "      Replay the bundled day (DIR/demo/policy.toml, DIR/demo/day.jsonl;\n"
      "      DIR defaults to the source tree's data/) and tell it as a readable\n"
      "      timeline, then the day's time-value summary. With --frames, also\n"
      "      write what the wearer sees (one eye) at each tick that shows,\n"
      "      updates or hides a panel: OUT/NNNN-HH-MM-SS.png, OUT/background.png\n"
      "      and the index OUT/frames.jsonl (docs/formats.md).\n"
      "  help\n"
      "      This text.\n"
      "\n"
      "exit status: 0 success; 1 invalid policy or timeline, or an output that\n"
      "could not be written; 2 bad command line.\n",
      f);
}

int usage_error(std::string_view message) {
  std::fprintf(stderr, "timewall: %.*s\n\n", static_cast<int>(message.size()), message.data());
  print_usage(true);
  return kExitUsage;
}

namespace {

int dispatch(std::span<const std::string_view> argv) {
  if (argv.empty()) return usage_error("no command given");
  const std::string_view command = argv[0];
  const std::span<const std::string_view> rest = argv.subspan(1);
  if (command == "check-policy") return check_policy_command(rest);
  if (command == "replay") return replay_command(rest);
  if (command == "demo") return demo_command(rest);
  if (command == "report") return report_command(rest);
  if (command == "help" || command == "--help" || command == "-h") {
    print_usage(false);
    return kExitOk;
  }
  return usage_error("unknown command '" + std::string(command) + "'");
}

}  // namespace
}  // namespace tw::cli

int main(int argc, char** argv) {
  try {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    return tw::cli::dispatch(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "timewall: internal error: %s\n", e.what());
  } catch (...) {
    std::fputs("timewall: internal error\n", stderr);
  }
  return tw::cli::kExitFailed;
}
