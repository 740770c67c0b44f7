// sim_core.hpp: the Timewall core as the simulator drives it.
//
// What it does: holds a tw::Runtime (engine, SQLite ledger, policy store and
// guardian gate, as every host) with the wearer's policy and time zone, ticks
// it with the frame's signals at the simulated Instant, keeps the last
// decisions for the log, reads today's report back from the ledger with
// sdk/report (the figures `timewall report` prints: per app and category,
// budgets against use, idle time, friction; at most once per simulated
// 10 s), and swaps the
// policy live from TOML text through the store: on any error the old policy
// stays and every error is returned with its line, column and key; while
// youth mode is on, a change to [youth] needs the guardian PIN (refusals are
// audited in the ledger, wrong PINs back off).
// What it does not do: read a clock, draw, or place anything.
//
//   auto core = tw::sim::SimCore::create(policy_text, "policy.toml", "/tmp/sim.db");
//   const tw::TickOutput& out = (*core)->tick(clock.now(), signals);
//   auto errors = (*core)->apply_policy_text(edited, "editor", pin);   // empty: applied
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy/policy_error.hpp"
#include "core/runtime/runtime.hpp"
#include "report/report_data.hpp"

namespace tw::sim {

class SimCore {
 public:
  // Loads the policy text (errors: every loader error joined) and its zone;
  // the ledger is created at ledger_path (empty: nothing is recorded). On a
  // ledger that remembers a youth policy, a [youth] edited since is refused
  // without the PIN (start_refusal(); the remembered policy applies).
  static Result<std::unique_ptr<SimCore>> create(std::string_view policy_text, std::string_view name,
                                                 const std::string& ledger_path);

  const TickOutput& tick(Instant now, std::span<const Signal> signals);
  // Closes an open idle moment and commits.
  Status finish(Instant now) { return runtime_->finish(now); }

  // Empty on success (the new policy is active); otherwise nothing changed
  // and the errors say why (a refused [youth] change: key "youth").
  std::vector<PolicyError> apply_policy_text(std::string_view text, std::string_view name,
                                             std::string_view guardian_pin = {});
  const std::optional<Error>& start_refusal() const { return runtime_->start_refusal(); }

  Runtime& runtime() { return *runtime_; }
  const Scheduler& scheduler() const { return runtime_->engine().scheduler(); }
  Interner& apps() { return runtime_->apps(); }
  Interner& categories() { return runtime_->categories(); }
  const Policy& policy() const { return runtime_->policy(); }
  const TimeZone& zone() const { return runtime_->zone(); }
  const TickOutput& last() const { return *last_; }

  // Today's report from the ledger (committed data), refreshed at most once
  // per simulated 10 s and dropped when the policy changes (its budgets point
  // into the policy); an error message when the ledger could not be read.
  const std::optional<report::ReportData>& today() const { return today_; }
  const std::string& ledger_status() const { return ledger_status_; }

  // The most recent decisions, oldest first (at most kLogSize).
  static constexpr size_t kLogSize = 256;
  size_t log_size() const { return log_count_; }
  const Decision& log_at(size_t i) const { return log_[(log_next_ + kLogSize - log_count_ + i) % kLogSize]; }

 private:
  explicit SimCore(Runtime runtime);
  std::optional<Runtime> runtime_;
  const TickOutput* last_ = nullptr;
  TickOutput empty_;
  std::optional<report::ReportData> today_;
  std::string ledger_status_;
  bool reported_ = false;
  int64_t report_at_ms_ = 0;
  Instant now_{};  // the last tick's time: when an edited policy is recorded
  std::vector<Decision> log_ = std::vector<Decision>(kLogSize);
  size_t log_next_ = 0, log_count_ = 0;
};

}  // namespace tw::sim
