// policy_error.hpp: one problem found in a policy file, and a load's outcome.
//
// What it does: PolicyError names where (file:line:column), what (the dotted
// key, 0-based indices: `budget[2].limit_min`) and why. to_string() gives the
// one line `timewall check-policy` prints. PolicyLoadResult holds either the
// Policy or every error found.
// What it does not do: find errors (policy_loader.hpp does) or print.
//
//   auto r = tw::load_policy_file("policy.toml");
//   if (!r) for (const auto& e : r.errors()) std::cerr << tw::to_string(e) << '\n';
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/policy.hpp"
#include "core/result.hpp"

namespace tw {

struct PolicyError {
  std::string file;
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in code points
  std::string key;  // dotted path; empty for errors that belong to no key
  std::string message;
  Errc code = Errc::invalid_policy;  // parse, too_large, too_deep, io, not_found, ...
  bool warning = false;  // the policy loads, but part of it can never apply
};

// "file:line:col: key: message", or "file:line:col: message" without a key;
// a warning reads "file:line:col: warning: key: message".
std::string to_string(const PolicyError& e);

class [[nodiscard]] PolicyLoadResult {
 public:
  explicit PolicyLoadResult(Policy policy) : policy_(std::move(policy)) {}
  // errors must not be empty.
  explicit PolicyLoadResult(std::vector<PolicyError> errors);

  bool ok() const noexcept { return policy_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }

  const Policy& value() const& { return *policy_; }
  Policy&& value() && { return std::move(*policy_); }
  const Policy* operator->() const { return &*policy_; }

  // Every error, sorted by line and column; empty when ok().
  const std::vector<PolicyError>& errors() const { return errors_; }
  // What loads but can never apply (an app id no host reports), sorted by
  // line and column; only when ok(). check-policy prints them.
  const std::vector<PolicyError>& warnings() const { return warnings_; }
  void set_warnings(std::vector<PolicyError> warnings);
  // The first error's code with every error line joined by '\n' as message.
  const Error& error() const { return summary_; }
  // What loading changed on disk, for the host's log (load_policy_file made
  // the file owner-only); "" when nothing.
  const std::string& notice() const { return notice_; }
  void set_notice(std::string notice) { notice_ = std::move(notice); }

  // For callers that want the SDK's usual Result: tw::Result<Policy> r = load_policy_file(p);
  operator Result<Policy>() && {  // NOLINT: implicit by design
    if (ok()) return Result<Policy>(std::move(*policy_));
    return Result<Policy>(summary_);
  }

 private:
  std::optional<Policy> policy_;
  std::vector<PolicyError> errors_;
  std::vector<PolicyError> warnings_;
  Error summary_{Errc::ok, {}};
  std::string notice_;
};

}  // namespace tw
