// `timewall report`: the ledger's time-value report as HTML (charts) or text.
#include <string>

#include "args.hpp"
#include "commands.hpp"
#include "report_output.hpp"

namespace tw::cli {

int report_command(std::span<const std::string_view> args) {
  static constexpr OptionSpec kSpecs[] = {{"ledger", true}, {"policy", true}, {"week", true}, {"from", true},
                                          {"to", true},     {"format", true}, {"out", true}};
  auto parsed = parse_args(args, kSpecs);
  if (!parsed) return usage_error("report: " + parsed.error().message);
  if (!parsed->positional.empty())
    return usage_error("report: unexpected argument '" + std::string(parsed->positional[0]) + "'");
  if (!parsed->has("ledger")) return usage_error("report: --ledger FILE is required");
  if (!parsed->has("policy")) return usage_error("report: --policy FILE is required");
  const std::string_view format = parsed->has("format") ? parsed->value("format") : "html";
  if (format != "html" && format != "text")
    return usage_error("report: --format must be html or text, not '" + std::string(format) + "'");
  return render_to_output("report", parsed.value(), format == "html" ? report::Format::html : report::Format::text, {});
}

}  // namespace tw::cli
