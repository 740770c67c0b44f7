// `timewall demo` without --data: next to the executable first, then the source tree.
#include <filesystem>
#include <fstream>

#include "data_dir.hpp"
#include "tw_catch.hpp"

namespace fs = std::filesystem;

namespace {
void make_data(const fs::path& dir) {
  fs::create_directories(dir / "demo");
  std::ofstream(dir / "demo" / "policy.toml") << "schema = 1\n";
}
}  // namespace

TEST_CASE("find_data_dir prefers ../share/timewall beside the executable", "[cli][data_dir]") {
  const fs::path root = fs::path(TW_BINARY_DIR) / "test_data_dir";
  fs::remove_all(root);
  const fs::path bin = root / "prefix" / "bin";
  fs::create_directories(bin);
  const fs::path source = root / "source" / "data";

  SECTION("neither: the error names both places") {
    auto r = tw::cli::find_data_dir(bin, source);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == tw::Errc::not_found);
    CHECK(r.error().message.find((root / "prefix/share/timewall/demo/policy.toml").string()) != std::string::npos);
    CHECK(r.error().message.find((source / "demo/policy.toml").string()) != std::string::npos);
  }
  SECTION("source tree only") {
    make_data(source);
    auto r = tw::cli::find_data_dir(bin, source);
    REQUIRE(r);
    CHECK(r.value() == source);
  }
  SECTION("installed data wins over the source tree") {
    make_data(source);
    make_data(root / "prefix" / "share" / "timewall");
    auto r = tw::cli::find_data_dir(bin, source);
    REQUIRE(r);
    CHECK(r.value() == root / "prefix" / "share" / "timewall");
  }
  SECTION("an unknown executable dir falls back to the source tree") {
    make_data(source);
    auto r = tw::cli::find_data_dir({}, source);
    REQUIRE(r);
    CHECK(r.value() == source);
  }
  fs::remove_all(root);
}
