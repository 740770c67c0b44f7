// `timewall import`: ActivityWatch history into the ledger, counted once.
#include <cstdio>
#include <string>

#include "args.hpp"
#include "commands.hpp"
#include "report/figures_text.hpp"
#include "report/import.hpp"

namespace tw::cli {

int import_command(std::span<const std::string_view> args) {
  static constexpr OptionSpec kSpecs[] = {{"ledger", true}, {"policy", true}, {"format", true}};
  auto parsed = parse_args(args, kSpecs);
  if (!parsed) return usage_error("import: " + parsed.error().message);
  if (parsed->positional.size() != 1) return usage_error("import: exactly one FILE to import");
  if (!parsed->has("ledger")) return usage_error("import: --ledger FILE is required");
  if (!parsed->has("policy")) return usage_error("import: --policy FILE is required");
  if (parsed->value("format") != "activitywatch")
    return usage_error("import: --format activitywatch is required (the only format import reads)");

  const std::string file(parsed->positional[0]);
  auto r = report::import_activitywatch_file(file, std::string(parsed->value("policy")),
                                             std::string(parsed->value("ledger")));
  if (!r) {
    std::fprintf(stderr, "timewall import: %s\n", r.error().message.c_str());
    return kExitFailed;
  }
  const report::ActivityWatchImport& aw = r->parsed;
  std::printf("%s: %lld event%s from %lld bucket%s: added %s of attended time, %s was already counted\n",
              file.c_str(), static_cast<long long>(aw.events_used), aw.events_used == 1 ? "" : "s",
              static_cast<long long>(aw.buckets_used), aw.buckets_used == 1 ? "" : "s",
              report::duration_text(r->stats.added_ms).c_str(), report::duration_text(r->stats.skipped_ms).c_str());
  if (aw.events_skipped > 0)
    std::printf("skipped %lld events (zero length, no app, or away from the keyboard)\n",
                static_cast<long long>(aw.events_skipped));
  for (const std::string& b : aw.skipped_buckets) std::printf("skipped bucket %s: not window activity\n", b.c_str());
  return std::fflush(stdout) == 0 ? kExitOk : kExitFailed;
}

}  // namespace tw::cli
