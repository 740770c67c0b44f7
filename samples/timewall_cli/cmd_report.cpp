// `timewall report`: the ledger's time-value report as HTML (charts) or text.
#include <cstdio>
#include <string>

#include "args.hpp"
#include "commands.hpp"
#include "history.hpp"
#include "report_data.hpp"
#include "report_html.hpp"
#include "report_text.hpp"

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

  auto history = open_history(std::string(parsed->value("policy")), std::string(parsed->value("ledger")), true);
  if (!history) {
    std::fprintf(stderr, "timewall report: %s\n", history.error().message.c_str());
    return kExitFailed;
  }
  bool usage = false;
  auto period = resolve_period(parsed.value(), history->ledger, DefaultPeriod::last_week, usage);
  if (!period) {
    if (usage) return usage_error("report: " + period.error().message);
    std::fprintf(stderr, "timewall report: %s\n", period.error().message.c_str());
    return kExitFailed;
  }
  auto data = build_report(history->ledger, history->policy, history->tz, period->first, period->last);
  if (!data) {
    std::fprintf(stderr, "timewall report: %s\n", data.error().message.c_str());
    return kExitFailed;
  }
  const std::string text = format == "html" ? render_report_html(data.value()) : render_report_text(data.value());
  if (!parsed->has("out")) {
    std::fputs(text.c_str(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitFailed;
  }
  if (auto st = write_file_atomic(std::string(parsed->value("out")), text); !st) {
    std::fprintf(stderr, "timewall report: %s\n", st.error().message.c_str());
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace tw::cli
