// policy_prescan.hpp: size and nesting limits, checked before TOML parsing.
//
// What it does: rejects a file over policy_limits::kMaxFileBytes, and walks
// the text once (understanding strings, comments, table headers, dotted keys,
// arrays and inline tables) to find the first container nested deeper than
// policy_limits::kMaxDepth, so the recursive TOML parser never sees it.
// What it does not do: report TOML syntax errors; malformed text that is not
// too deep passes through and toml++ reports it.
//
//   if (auto e = tw::prescan_policy_text(text, "p.toml")) return PolicyLoadResult({*e});
#pragma once

#include <optional>
#include <string_view>

#include "core/policy/policy_error.hpp"

namespace tw {

// Nesting depth = the number of tables and arrays enclosing a container:
// `[a.b]` opens depth 1 and 2, `[[a]]` 1 (array) and 2 (element), a dotted
// key `x.y = v` one level per part before the last, each `[` or `{` one more.
std::optional<PolicyError> prescan_policy_text(std::string_view text, std::string_view file_name);

}  // namespace tw
