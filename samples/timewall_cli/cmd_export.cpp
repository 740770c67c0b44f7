// `timewall export`: attended time as an ActivityWatch bucket export or CSV.
#include <algorithm>
#include <cstdio>
#include <string>

#include "activitywatch.hpp"
#include "args.hpp"
#include "commands.hpp"
#include "csv_export.hpp"
#include "history.hpp"

namespace tw::cli {

int export_command(std::span<const std::string_view> args) {
  static constexpr OptionSpec kSpecs[] = {{"ledger", true}, {"policy", true}, {"format", true}, {"week", true},
                                          {"from", true},   {"to", true},     {"out", true},    {"hostname", true}};
  auto parsed = parse_args(args, kSpecs);
  if (!parsed) return usage_error("export: " + parsed.error().message);
  if (!parsed->positional.empty())
    return usage_error("export: unexpected argument '" + std::string(parsed->positional[0]) + "'");
  if (!parsed->has("ledger")) return usage_error("export: --ledger FILE is required");
  if (!parsed->has("policy")) return usage_error("export: --policy FILE is required");
  const std::string_view format = parsed->value("format");
  if (format != "activitywatch" && format != "csv")
    return usage_error(format.empty() ? std::string("export: --format activitywatch|csv is required")
                                      : "export: --format must be activitywatch or csv, not '" + std::string(format) + "'");
  if (parsed->has("hostname") && format != "activitywatch")
    return usage_error("export: --hostname applies to --format activitywatch only");

  auto history = open_history(std::string(parsed->value("policy")), std::string(parsed->value("ledger")), true);
  if (!history) {
    std::fprintf(stderr, "timewall export: %s\n", history.error().message.c_str());
    return kExitFailed;
  }
  bool usage = false;
  auto period = resolve_period(parsed.value(), history->ledger, DefaultPeriod::everything, usage);
  if (!period) {
    if (usage) return usage_error("export: " + period.error().message);
    std::fprintf(stderr, "timewall export: %s\n", period.error().message.c_str());
    return kExitFailed;
  }
  const int64_t from_ms = day_start_ms(history->tz, period->first);
  const int64_t to_ms = day_start_ms(history->tz, period->last + 1);
  auto intervals = history->ledger.intervals(from_ms, to_ms);
  if (!intervals) {
    std::fprintf(stderr, "timewall export: %s\n", intervals.error().message.c_str());
    return kExitFailed;
  }
  // The ActivityWatch export keeps events whole, as ActivityWatch does; only
  // the period's edges are cut.
  for (AttendedInterval& iv : intervals.value()) {
    iv.start_ms = std::max(iv.start_ms, from_ms);
    iv.end_ms = std::min(iv.end_ms, to_ms);
  }
  const std::string hostname = parsed->has("hostname") ? std::string(parsed->value("hostname")) : "timewall";
  const std::string text = format == "csv" ? intervals_csv(intervals.value(), history->tz, from_ms, to_ms)
                                           : activitywatch_export(intervals.value(), hostname);
  if (!parsed->has("out")) {
    std::fputs(text.c_str(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitFailed;
  }
  if (auto st = write_file_atomic(std::string(parsed->value("out")), text); !st) {
    std::fprintf(stderr, "timewall export: %s\n", st.error().message.c_str());
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace tw::cli
