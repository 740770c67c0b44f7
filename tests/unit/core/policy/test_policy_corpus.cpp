// The malformed-policy corpus: each tests/data/policies/bad/NAME.toml has the
// exact `timewall check-policy` output in NAME.expected (one error a line,
// file name as given to parse_policy: NAME.toml).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/policy/policy_loader.hpp"
#include "tw_catch.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string report(const tw::PolicyLoadResult& r) {
  std::string out;
  for (const tw::PolicyError& e : r.errors()) out += tw::to_string(e) + '\n';
  return out;
}

}  // namespace

TEST_CASE("every malformed policy in the corpus gives its expected errors", "[policy][corpus]") {
  const fs::path dir = fs::path(TW_SOURCE_DIR) / "tests/data/policies/bad";
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    const fs::path expected_path = fs::path(entry.path()).replace_extension(".expected");
    INFO("policy " << entry.path().filename().string());
    REQUIRE(fs::exists(expected_path));
    const tw::PolicyLoadResult r =
        tw::parse_policy(read_text(entry.path()), entry.path().filename().string());
    CHECK_FALSE(r.ok());
    CHECK(report(r) == read_text(expected_path));
    ++cases;
  }
  CHECK(cases >= 20);
}
