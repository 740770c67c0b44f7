// timewall: the command-line face of the Timewall core.
//
//   timewall check-policy FILE [--app-map F]  validate a policy file
//   timewall replay --policy P --signals S.jsonl [--out D.jsonl] [--ledger L]
//   timewall demo [--data DIR] [--frames OUT]  replay the bundled day and tell it
//   timewall report --ledger L --policy P [...]  the time-value report (HTML or text)
//   timewall export --ledger L --policy P --format activitywatch|csv [...]
//   timewall import --ledger L --policy P --format activitywatch FILE
//   timewall apps --ledger L --policy P  each recorded app's id, category and rules
//   timewall status [--ledger L] [--at ISO] [--watch] [--format json]  what Timewall sees now (live from serve)
//   timewall guardian set-pin|apply FILE|audit [--dir D]  the guardian's youth set-up
//   timewall serve --ledger L [--policy P] [--clock manual:ISO]  the notification server
//   timewall enforce --shield PROGRAM [--policy P] [--ledger L] [--input-cuts F]  blocks the XR runtime enforces (Monado)
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

namespace {

int dispatch(std::span<const std::string_view> argv) {
  if (argv.empty()) return usage_error("no command given");
  const std::string_view command = argv[0];
  const std::span<const std::string_view> rest = argv.subspan(1);
  if (command == "check-policy") return check_policy_command(rest);
  if (command == "replay") return replay_command(rest);
  if (command == "demo") return demo_command(rest);
  if (command == "report") return report_command(rest);
  if (command == "export") return export_command(rest);
  if (command == "import") return import_command(rest);
  if (command == "apps") return apps_command(rest);
  if (command == "status") return status_command(rest);
  if (command == "guardian") return guardian_command(rest);
  if (command == "enforce") return enforce_command(rest);
#if TW_WITH_DBUS
  if (command == "serve") return serve_command(rest);
#else
  if (command == "serve") return usage_error("serve: this timewall was built without sd-bus (libsystemd-dev)");
#endif
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
