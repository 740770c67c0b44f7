// `timewall export`: attended time as an ActivityWatch bucket export or CSV.
#include <string>

#include "args.hpp"
#include "commands.hpp"
#include "report_output.hpp"

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
  return render_to_output("export", parsed.value(), format == "csv" ? report::Format::csv : report::Format::activitywatch,
                          std::string(parsed->value("hostname")));
}

}  // namespace tw::cli
