// `timewall check-policy FILE`: every error of a policy file, or "OK".
#include <cstdio>
#include <string>

#include "args.hpp"
#include "commands.hpp"
#include "core/policy/policy_loader.hpp"

namespace tw::cli {

int check_policy_command(std::span<const std::string_view> args) {
  auto parsed = parse_args(args, {});
  if (!parsed) return usage_error("check-policy: " + parsed.error().message);
  if (parsed->positional.size() != 1) return usage_error("check-policy takes exactly one FILE");
  const std::string path(parsed->positional[0]);

  const PolicyLoadResult r = load_policy_file(path);
  if (!r) {
    for (const PolicyError& e : r.errors()) std::fprintf(stderr, "%s\n", to_string(e).c_str());
    return kExitFailed;
  }
  const Policy& p = r.value();
  std::printf("%s: OK: %zu apps, %zu budgets, %zu protected windows, %zu idle rules, %zu fill items, "
              "%zu exercises; timezone %s\n",
              path.c_str(), p.apps.size(), p.budgets.size(), p.windows.size(), p.idle.rules.size(),
              p.idle.items.size(), p.friction.exercises.size(), p.time_value.timezone.c_str());
  return kExitOk;
}

}  // namespace tw::cli
