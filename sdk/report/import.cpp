#include "report/import.hpp"

#include "core/policy/policy_loader.hpp"
#include "report/files.hpp"
#include "report/history.hpp"

namespace tw::report {

Result<ImportOutcome> import_activitywatch_file(const std::string& file, const std::string& policy_path,
                                                const std::string& ledger_path) {
  auto text = read_file_capped(file, kMaxImportBytes);
  if (!text) return text.error();
  PolicyLoadResult policy = load_policy_file(policy_path);
  if (!policy) return policy.error();
  auto parsed = parse_activitywatch(text.value(), file, policy.value());
  if (!parsed) return Error{parsed.error().code, parsed.error().message + " (nothing imported)"};
  auto history = open_history(policy_path, ledger_path, false);
  if (!history) return history.error();
  auto stats = history->ledger.import_intervals(parsed->intervals);
  if (!stats) return Error{stats.error().code, stats.error().message + " (nothing imported)"};
  return ImportOutcome{std::move(parsed).value(), stats.value()};
}

}  // namespace tw::report
