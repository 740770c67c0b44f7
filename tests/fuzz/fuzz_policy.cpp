// libFuzzer target: the policy loader on arbitrary bytes.
// Property: parse_policy never crashes, leaks or overflows the stack, and a
// policy it accepts round-trips: its canonical text parses back to a policy
// with the same hash (the hash the ledger records for every change).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/policy/policy_canonical.hpp"
#include "core/policy/policy_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tw::PolicyLoadResult r = tw::parse_policy(text, "fuzz.toml");
  if (!r) {
    if (r.errors().empty()) std::abort();  // a refusal must say why
    return 0;
  }
  const tw::Policy p = std::move(r).value();
  const std::string canonical = tw::canonical_policy_text(p);
  tw::PolicyLoadResult again = tw::parse_policy(canonical, "canonical.toml");
  if (!again) std::abort();  // the canonical text of a valid policy must load
  if (tw::policy_hash(std::move(again).value()) != tw::policy_hash(p)) std::abort();
  return 0;
}
