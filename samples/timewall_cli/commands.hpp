// commands.hpp: the `timewall` commands, one source file each.
//
// Each takes the arguments after its name and returns the process exit code
// (kExit* below, documented in `timewall help` and docs/cli.md). Errors go to
// stderr; results to stdout or the file the wearer named.
#pragma once

#include <span>
#include <string_view>

namespace tw::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // invalid policy or timeline, or a file could not be written
inline constexpr int kExitUsage = 2;   // bad command line

int check_policy_command(std::span<const std::string_view> args);
int replay_command(std::span<const std::string_view> args);
int demo_command(std::span<const std::string_view> args);
int report_command(std::span<const std::string_view> args);
int export_command(std::span<const std::string_view> args);
int import_command(std::span<const std::string_view> args);
int apps_command(std::span<const std::string_view> args);
int status_command(std::span<const std::string_view> args);
int guardian_command(std::span<const std::string_view> args);
int enforce_command(std::span<const std::string_view> args);  // Monado: blocks the runtime enforces
int serve_command(std::span<const std::string_view> args);  // built with TIMEWALL_WITH_DBUS only

// Prints "timewall: <message>" and the usage text to stderr; returns kExitUsage.
int usage_error(std::string_view message);
void print_usage(bool to_stderr);

}  // namespace tw::cli
