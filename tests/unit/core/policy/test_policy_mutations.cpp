// Robustness: thousands of deterministic corruptions of the example policy
// (byte flips, deletions, duplicated spans, truncations) never crash or throw
// and always come back either valid or with positioned errors.
#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "core/policy/policy_loader.hpp"
#include "tw_catch.hpp"

TEST_CASE("corrupted policies give errors, never a crash", "[policy][robustness]") {
  std::ifstream in(std::string(TW_SOURCE_DIR) + "/data/policies/example.toml", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string original = ss.str();
  REQUIRE(original.size() > 1000);

  std::mt19937 rng(20261128);  // fixed seed: the same cases every run
  const char alphabet[] = "[]{}\"'=.,#\n \\0123456789azAZ_-:\x80\xff";
  int rejected = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text = original;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 4) {
        case 0: text[at] = alphabet[rng() % (sizeof alphabet - 1)]; break;
        case 1: text.erase(at, 1 + rng() % 8); break;
        case 2: text.insert(at, text.substr(at, 1 + rng() % 40)); break;
        default: text.resize(at); break;
      }
    }
    const tw::PolicyLoadResult r = tw::parse_policy(text, "m.toml");
    if (r.ok()) continue;
    ++rejected;
    for (const tw::PolicyError& e : r.errors()) {
      INFO(tw::to_string(e));
      CHECK(e.line >= 1);
      CHECK(e.column >= 1);
      CHECK_FALSE(e.message.empty());
    }
  }
  CHECK(rejected > 1000);  // most corruptions are caught
}
