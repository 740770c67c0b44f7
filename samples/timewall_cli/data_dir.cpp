#include "data_dir.hpp"

#include <system_error>
#include <vector>

namespace tw::cli {

std::filesystem::path exe_dir() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe.parent_path();
}

Result<std::filesystem::path> find_data_dir(const std::filesystem::path& exe_dir,
                                            const std::filesystem::path& source_data_dir) {
  std::vector<std::filesystem::path> tried;
  if (!exe_dir.empty()) tried.push_back((exe_dir / ".." / "share" / "timewall").lexically_normal());
  tried.push_back(source_data_dir);
  std::string places;
  for (const std::filesystem::path& dir : tried) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(dir / "demo" / "policy.toml", ec)) return dir;
    places += "\n  " + (dir / "demo" / "policy.toml").string();
  }
  return {Errc::not_found, "timewall demo: no bundled demo data; tried:" + places +
                               "\npass --data DIR (the folder holding demo/policy.toml)"};
}

}  // namespace tw::cli
