#include "report/history.hpp"

#include "core/policy/policy_loader.hpp"

namespace tw::report {

Result<History> open_history(const std::string& policy_path, const std::string& ledger_path, bool read_only) {
  PolicyLoadResult loaded = load_policy_file(policy_path);
  if (!loaded) return loaded.error();
  Policy policy = std::move(loaded).value();
  auto tz = TimeZone::load(policy.time_value.timezone);
  if (!tz) return Error{tz.error().code, policy_path + ": time_value.timezone: " + tz.error().message};
  auto ledger = Ledger::open(
      {.path = ledger_path, .pulse_s = policy.attention.heartbeat_pulse_s, .read_only = read_only}, tz.value());
  if (!ledger) return ledger.error();
  return History{std::move(policy), std::move(tz).value(), std::move(ledger).value()};
}

}  // namespace tw::report
