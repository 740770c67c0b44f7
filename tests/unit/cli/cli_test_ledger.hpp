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
#include "tw_catch.hpp"

namespace tw_test {

class CliTempDir {
 public:
  CliTempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tw_cli_XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    dir_ = tmpl;
  }
  ~CliTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  CliTempDir(const CliTempDir&) = delete;
  CliTempDir& operator=(const CliTempDir&) = delete;
  std::string file(const std::string& name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
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
