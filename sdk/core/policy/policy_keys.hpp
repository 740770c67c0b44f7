// policy_keys.hpp: the keys the policy loader accepts, table by table.
//
// What it does: names, in one place, every key of every policy table; the
// loader checks each table against its list here (unknown keys are errors),
// and a test compares the lists with docs/policy-reference.md so the doc can
// never miss a key or name one the loader rejects.
// What it does not do: types, ranges or defaults (policy_loader.cpp), or the
// free-form `[apps]` table (any quoted app id is a key there).
//
//   for (const tw::PolicyTableKeys& t : tw::policy_key_tables())
//     std::printf("%.*s: %zu keys\n", int(t.table.size()), t.table.data(), t.keys.size());
#pragma once

#include <span>
#include <string_view>

namespace tw {

// `table` is "" for the top level, "budget[]" for an array of tables,
// "friction.exercise[]" for one nested in [friction].
struct PolicyTableKeys {
  std::string_view table;
  std::span<const std::string_view> keys;
};

// Every checked table, in file-reference order.
std::span<const PolicyTableKeys> policy_key_tables();

// The keys of one table; empty for a table not in policy_key_tables().
std::span<const std::string_view> policy_keys(std::string_view table);

}  // namespace tw
