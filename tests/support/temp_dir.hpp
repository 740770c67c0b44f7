// A temporary folder for one test (mkdtemp under the system temp folder),
// removed with everything in it when the test ends, even one whose
// permissions a test took away.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>

#include "tw_catch.hpp"

namespace tw_test {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "tw_test") {
    std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "_XXXXXX")).string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    dir_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(dir_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
};

}  // namespace tw_test
