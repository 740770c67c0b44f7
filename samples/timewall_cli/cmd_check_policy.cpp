// `timewall check-policy FILE [--app-map FILE]`: every error of a policy file,
// or "OK" with any warnings (app ids no host can report).
#include <cstdio>
#include <string>

#include "args.hpp"
#include "commands.hpp"
#include "core/app_id_overrides.hpp"
#include "core/policy/policy_loader.hpp"

namespace tw::cli {

int check_policy_command(std::span<const std::string_view> args) {
  static constexpr OptionSpec kSpecs[] = {{"app-map", true}};
  auto parsed = parse_args(args, kSpecs);
  if (!parsed) return usage_error("check-policy: " + parsed.error().message);
  if (parsed->positional.size() != 1) return usage_error("check-policy takes exactly one FILE");
  const std::string path(parsed->positional[0]);

  // The wearer's app map, as the OpenXR layer reads it, unless --app-map names one.
  auto map = AppIdOverrides::load(parsed->has("app-map") ? std::string(parsed->value("app-map"))
                                                         : default_app_map_path());
  if (!map) {
    std::fprintf(stderr, "timewall check-policy: %s\n", map.error().message.c_str());
    return kExitFailed;
  }
  for (const std::string& w : map.value().warnings()) std::fprintf(stderr, "%s\n", w.c_str());

  const PolicyLoadResult r = load_policy_file(path, PolicyFileMode::as_is, &map.value());
  if (!r) {
    for (const PolicyError& e : r.errors()) std::fprintf(stderr, "%s\n", to_string(e).c_str());
    return kExitFailed;
  }
  for (const PolicyError& w : r.warnings()) std::fprintf(stderr, "%s\n", to_string(w).c_str());
  const Policy& p = r.value();
  const std::string warned = r.warnings().empty() ? "" : "; " + std::to_string(r.warnings().size()) + " warning(s)";
  std::printf("%s: OK: %zu apps, %zu budgets, %zu protected windows, %zu idle rules, %zu fill items, "
              "%zu exercises; timezone %s%s\n",
              path.c_str(), p.apps.size(), p.budgets.size(), p.windows.size(), p.idle.rules.size(),
              p.idle.items.size(), p.friction.exercises.size(), p.time_value.timezone.c_str(), warned.c_str());
  return kExitOk;
}

}  // namespace tw::cli
