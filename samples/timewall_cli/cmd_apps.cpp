// `timewall apps --ledger FILE --policy FILE`: what Timewall thinks each app
// in the ledger is: its id under the app id rule, its category and the
// policy rules that cover it; apps no rule covers are flagged, and [apps]
// entries no recorded app matches are listed after them.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "core/app_id.hpp"
#include "core/policy/app_coverage.hpp"
#include "report/history.hpp"

namespace tw::cli {
namespace {

struct Seen {
  int64_t attended_ms = 0;
  std::string recorded_as;  // the ledger's spelling when it is not the normalised id (older imports)
};

std::string minutes(int64_t ms) { return std::to_string((ms + 30'000) / 60'000) + " min"; }

}  // namespace

int apps_command(std::span<const std::string_view> args) {
  static constexpr OptionSpec kSpecs[] = {{"ledger", true}, {"policy", true}};
  auto parsed = parse_args(args, kSpecs);
  if (!parsed) return usage_error("apps: " + parsed.error().message);
  if (!parsed->positional.empty())
    return usage_error("apps: unexpected argument '" + std::string(parsed->positional[0]) + "'");
  if (!parsed->has("ledger")) return usage_error("apps: --ledger FILE is required");
  if (!parsed->has("policy")) return usage_error("apps: --policy FILE is required");

  auto history = report::open_history(std::string(parsed->value("policy")), std::string(parsed->value("ledger")), true);
  if (!history) {
    std::fprintf(stderr, "timewall apps: %s\n", history.error().message.c_str());
    return kExitFailed;
  }
  auto intervals = history->ledger.intervals(INT64_MIN / 2, INT64_MAX / 2);
  if (!intervals) {
    std::fprintf(stderr, "timewall apps: %s\n", intervals.error().message.c_str());
    return kExitFailed;
  }
  std::map<std::string, Seen> seen;  // by normalised id
  for (const AttendedInterval& iv : intervals.value()) {
    const std::string id = normalize_app_id(iv.app);
    Seen& s = seen[id];
    s.attended_ms += iv.end_ms - iv.start_ms;
    if (iv.app != id) s.recorded_as = iv.app;
  }
  const Policy& policy = history->policy;
  size_t uncovered = 0, width = 0;
  std::vector<std::string> names;  // the id, and the ledger's spelling when it differs
  for (const auto& [id, s] : seen) {
    names.push_back(s.recorded_as.empty() ? id : id + " (recorded as \"" + s.recorded_as + "\")");
    width = std::max(width, names.back().size());
  }
  std::printf("%zu app(s) in the ledger (id, attended, what the policy does):\n", seen.size());
  size_t i = 0;
  for (const auto& [id, s] : seen) {
    const AppCoverage c = app_coverage(policy, id);
    if (!c.covered()) ++uncovered;
    std::printf("%s %-*s  %7s  %s\n", c.covered() ? " " : "!", static_cast<int>(width), names[i++].c_str(),
                minutes(s.attended_ms).c_str(), describe_app_coverage(policy, c).c_str());
  }
  std::string unused;
  for (const AppCategory& a : policy.apps)
    if (!seen.count(a.app)) unused += "  " + a.app + " = " + a.category + "\n";
  if (!unused.empty())
    std::printf("[apps] entries no app in the ledger matches (check the id the app reports):\n%s", unused.c_str());
  if (uncovered > 0) std::printf("%zu app(s) marked ! are covered by no policy rule\n", uncovered);
  return std::fflush(stdout) == 0 ? kExitOk : kExitFailed;
}

}  // namespace tw::cli
