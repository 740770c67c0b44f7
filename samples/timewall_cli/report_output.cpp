#include "report_output.hpp"

#include <cstdio>

#include "commands.hpp"
#include "report/files.hpp"
#include "report/history.hpp"

namespace tw::cli {
namespace {

// --week/--from/--to as day numbers; every error is the command line's.
Result<report::PeriodRequest> period_request(const Args& a) {
  if (a.has("week") && (a.has("from") || a.has("to")))
    return Error{Errc::invalid_argument, "--week cannot be combined with --from or --to"};
  report::PeriodRequest req;
  for (const auto& [name, day] : {std::pair{"week", &req.week}, {"from", &req.from}, {"to", &req.to}}) {
    if (!a.has(name)) continue;
    auto parsed = report::parse_date(a.value(name));
    if (!parsed) return Error{Errc::invalid_argument, std::string("--") + name + ": " + parsed.error().message};
    *day = parsed.value();
  }
  return req;
}

int failed(std::string_view command, const Error& e) {
  std::fprintf(stderr, "timewall %.*s: %s\n", static_cast<int>(command.size()), command.data(), e.message.c_str());
  return kExitFailed;
}

}  // namespace

int render_to_output(std::string_view command, const Args& a, report::Format format, std::string hostname) {
  auto history = report::open_history(std::string(a.value("policy")), std::string(a.value("ledger")), true);
  if (!history) return failed(command, history.error());
  auto period = period_request(a);
  if (!period) return usage_error(std::string(command) + ": " + period.error().message);
  auto text = report::render(history->ledger, history->policy, history->tz,
                             {.format = format, .period = period.value(), .hostname = std::move(hostname)});
  if (!text) {
    // A period the ledger cannot serve (to before from, too long) is the command line's.
    if (text.error().code == Errc::invalid_argument) return usage_error(std::string(command) + ": " + text.error().message);
    return failed(command, text.error());
  }
  if (!a.has("out")) {
    std::fputs(text->c_str(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitFailed;
  }
  if (auto st = report::write_file_atomic(std::string(a.value("out")), text.value()); !st) return failed(command, st.error());
  return kExitOk;
}

}  // namespace tw::cli
