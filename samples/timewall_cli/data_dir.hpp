// data_dir.hpp: where `timewall demo` finds its bundled policy and day.
//
// What it does: without --data, tries <exe dir>/../share/timewall (an
// installed CLI) and then the source tree's data/ (a build-tree CLI), taking
// the first that holds demo/policy.toml; the error names every place tried.
// What it does not do: read the files (cmd_demo does).
//
//   auto dir = tw::cli::find_data_dir(exe_dir(), TW_DATA_DIR);
//   if (!dir) { std::fprintf(stderr, "%s\n", dir.error().message.c_str()); return 1; }
#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace tw::cli {

// The directory of the running executable (from /proc/self/exe); empty when
// it cannot be read.
std::filesystem::path exe_dir();

// The first of exe_dir/../share/timewall and source_data_dir holding
// demo/policy.toml; an empty exe_dir is skipped. Errc::not_found names both.
Result<std::filesystem::path> find_data_dir(const std::filesystem::path& exe_dir,
                                            const std::filesystem::path& source_data_dir);

}  // namespace tw::cli
