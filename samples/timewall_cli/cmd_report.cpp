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
namespace {

constexpr int64_t kMaxDays = 366;

struct Period {
  int64_t first = 0, last = 0;
};

// --week DATE, --from DATE [--to DATE], --to DATE, or the week of the last
// recorded day. Errors are usage errors (exit 2) unless the ledger fails.
Result<Period> resolve_period(const Args& a, const Ledger& ledger, bool& usage) {
  usage = true;
  if (a.has("week") && (a.has("from") || a.has("to")))
    return Error{Errc::invalid_argument, "--week cannot be combined with --from or --to"};
  if (a.has("week")) {
    auto day = parse_date(a.value("week"));
    if (!day) return Error{Errc::invalid_argument, "--week: " + day.error().message};
    const int64_t monday = day.value() - weekday_of(day.value());
    return Period{monday, monday + 6};
  }
  usage = false;
  auto recorded = ledger.recorded_days();
  if (!recorded) return recorded.error();
  usage = true;
  Period p;
  if (a.has("from") || a.has("to")) {
    if (a.has("from")) {
      auto from = parse_date(a.value("from"));
      if (!from) return Error{Errc::invalid_argument, "--from: " + from.error().message};
      p.first = from.value();
    }
    if (a.has("to")) {
      auto to = parse_date(a.value("to"));
      if (!to) return Error{Errc::invalid_argument, "--to: " + to.error().message};
      p.last = to.value();
    }
    if (!a.has("from")) p.first = recorded.value() ? recorded.value()->first : p.last;
    if (!a.has("to")) p.last = recorded.value() ? std::max(recorded.value()->last, p.first) : p.first;
    if (p.last < p.first) return Error{Errc::invalid_argument, "the period ends (--to) before it starts (--from)"};
  } else {
    usage = false;
    if (!recorded.value())
      return Error{Errc::not_found, "ledger " + ledger.path() + " has nothing recorded: give a period with --week or --from/--to"};
    const int64_t last = recorded.value()->last;
    p = {last - weekday_of(last), last - weekday_of(last) + 6};
  }
  if (p.last - p.first + 1 > kMaxDays)
    return Error{Errc::invalid_argument, "the period is longer than " + std::to_string(kMaxDays) + " days"};
  return p;
}

}  // namespace

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
  auto period = resolve_period(parsed.value(), history->ledger, usage);
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
