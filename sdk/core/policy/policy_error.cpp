#include "core/policy/policy_error.hpp"

#include <algorithm>

#include "core/policy/policy_limits.hpp"

namespace tw {

std::string to_string(const PolicyError& e) {
  std::string s = e.file + ':' + std::to_string(e.line) + ':' + std::to_string(e.column) + ": ";
  if (e.warning) s += "warning: ";
  if (!e.key.empty()) s += e.key + ": ";
  s += e.message;
  return s;
}

namespace {

void sort_by_position(std::vector<PolicyError>& v) {
  std::stable_sort(v.begin(), v.end(), [](const PolicyError& a, const PolicyError& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
}

}  // namespace

void PolicyLoadResult::set_warnings(std::vector<PolicyError> warnings) {
  warnings_ = std::move(warnings);
  for (PolicyError& w : warnings_) w.warning = true;
  sort_by_position(warnings_);
}

PolicyLoadResult::PolicyLoadResult(std::vector<PolicyError> errors) : errors_(std::move(errors)) {
  if (errors_.empty()) {
    errors_.push_back({{}, 1, 1, {}, "policy rejected without a reason (bug)", Errc::internal});
  }
  sort_by_position(errors_);
  if (errors_.size() > policy_limits::kMaxErrors) {
    const std::size_t left_out = errors_.size() - policy_limits::kMaxErrors;
    errors_.resize(policy_limits::kMaxErrors);
    PolicyError note = errors_.back();
    note.key.clear();
    note.message = std::to_string(left_out) + " more errors left out";
    errors_.push_back(std::move(note));
  }
  summary_.code = errors_.front().code;
  for (const PolicyError& e : errors_) {
    if (!summary_.message.empty()) summary_.message += '\n';
    summary_.message += to_string(e);
  }
}

}  // namespace tw
