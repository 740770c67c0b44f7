// A ledger holding the demo day, made the way a wearer makes one: by running
// `timewall replay --ledger` (replay_command) on data/demo/, in a temporary
// directory removed at the end of the test.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "temp_dir.hpp"
#include "tw_catch.hpp"

namespace tw_test {

struct CliTempDir : TempDir {
  CliTempDir() : TempDir("tw_cli") {}
};

inline const std::string kDemoPolicy = std::string(TW_SOURCE_DIR) + "/data/demo/policy.toml";
inline const std::string kDemoDay = std::string(TW_SOURCE_DIR) + "/data/demo/day.jsonl";

// Runs a `timewall` command in-process and returns its exit code.
inline int run_cli(int (*command)(std::span<const std::string_view>), const std::vector<std::string>& args) {
  std::vector<std::string_view> views(args.begin(), args.end());
  return command(views);
}

inline void replay_demo_into(const std::string& ledger, const CliTempDir& dir) {
  REQUIRE(run_cli(tw::cli::replay_command, {"--policy", kDemoPolicy, "--signals", kDemoDay, "--ledger", ledger,
                                            "--out", dir.file("decisions.jsonl")}) == tw::cli::kExitOk);
}

}  // namespace tw_test
