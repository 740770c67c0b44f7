// command_runner.hpp: runs a program and collects what it prints, bounded in time.
//
// What it does: posix_spawnp(argv) with stdout and stderr into one pipe and
// stdin from /dev/null; reads up to max_bytes; waits at most timeout_ms, then
// kills it (SIGKILL) and says so. Errors are values: a program that cannot be
// started is not_found, one that times out or is killed by a signal is io.
// A non-zero exit status is not an error here: it is in the result.
// What it does not do: use a shell, search anywhere but PATH, or keep the
// output beyond max_bytes (the rest is read and dropped).
//
//   auto r = tw::run_command({"monado-ctl"}, {.timeout_ms = 2000});
//   if (r && r->exit_code == 0) parse(r->output);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace tw {

struct CommandLimits {
  int64_t timeout_ms = 0;  // 0 = 5000
  size_t max_bytes = 0;    // 0 = 64 KiB
};

struct CommandOutput {
  int exit_code = 0;
  std::string output;  // stdout and stderr as interleaved
};

Result<CommandOutput> run_command(const std::vector<std::string>& argv, CommandLimits limits = {});

}  // namespace tw
