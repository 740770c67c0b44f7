// policy_loader.hpp: the wearer's TOML policy file -> a validated tw::Policy.
//
// What it does: checks the size and nesting limits (policy_limits.hpp) before
// parsing, parses TOML with toml++, then decodes and validates every key:
// unknown keys (with "did you mean"), types, ranges, required keys, duplicate
// ids, impossible and overlapping windows, rules that could never work (a
// zero-minute "notify" budget, friction without exercises, fill without
// items, youth mode without a guardian PIN hash). It reports every error it
// finds, each as file:line:column, dotted key and message.
// What it does not do: keep or swap the active policy (PolicyStore does), or
// print (timewall check-policy prints to_string() of each error).
// The format is documented key by key in docs/policy-reference.md.
//
//   tw::PolicyLoadResult r = tw::load_policy_file("policy.toml");
//   if (!r) { for (auto& e : r.errors()) std::puts(tw::to_string(e).c_str()); return 1; }
//   tw::Policy p = std::move(r).value();
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/policy.hpp"
#include "core/policy/policy_error.hpp"

namespace tw {

class AppIdOverrides;

// Parses policy text; file_name is only used in the errors. App ids
// ([apps] keys, [[budget]] app, youth.allow) are normalised by the app id
// rule (core/app_id.hpp); ids no host can report are warnings(), and with
// app_map so are OpenXR ids that the wearer's app map renames.
// Where youth mode's guardian PIN hash lives: in the policy
// (youth.guardian_pin_hash, required when youth mode is on), or with the
// device's guardian (guardian.pin, docs/youth.md; the key must be absent).
enum class YouthPin : uint8_t { in_policy, device };

PolicyLoadResult parse_policy(std::string_view text, std::string_view file_name,
                              const AppIdOverrides* app_map = nullptr, YouthPin pin = YouthPin::in_policy);

// as_is: read the file whatever its mode (check-policy, examples, the demo).
// owner_only: the policy a host puts in force (PolicyStore::reload): a file
// of ours with group/other bits is made owner-only (notice() says so), one
// that is group/world-writable and not ours is refused (policy_file_mode.hpp).
// device: the guardian's device policy, read as it is (every host of every
// wearer reads it), its youth PIN the device's (YouthPin::device).
enum class PolicyFileMode : uint8_t { as_is, owner_only, device };

// Reads and parses a file. A missing file is Errc::not_found, an unreadable
// one (or not a regular file) Errc::io, one over the size limit
// Errc::too_large (read no further).
PolicyLoadResult load_policy_file(const std::string& path, PolicyFileMode mode = PolicyFileMode::as_is,
                                  const AppIdOverrides* app_map = nullptr);

}  // namespace tw
