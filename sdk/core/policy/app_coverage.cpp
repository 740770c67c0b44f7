#include "core/policy/app_coverage.hpp"

#include <algorithm>

namespace tw {
namespace {

bool names(const std::vector<std::string>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

AppCoverage app_coverage(const Policy& policy, std::string_view app_id) {
  AppCoverage c;
  for (size_t i = 0; i < policy.apps.size(); ++i) {
    if (policy.apps[i].app != app_id) continue;
    c.entry = static_cast<int32_t>(i);
    c.category = policy.apps[i].category;
    break;
  }
  for (size_t i = 0; i < policy.budgets.size(); ++i) {
    const Budget& b = policy.budgets[i];
    if (b.target == (b.scope == BudgetScope::app ? app_id : std::string_view(c.category)))
      c.budgets.push_back(static_cast<int32_t>(i));
  }
  for (size_t i = 0; i < policy.windows.size(); ++i) {
    const ProtectedWindow& w = policy.windows[i];
    if (names(w.block_categories, c.category) || names(w.friction_categories, c.category))
      c.windows.push_back(static_cast<int32_t>(i));
  }
  c.reclaim = names(policy.reclaim.protect_categories, c.category);
  c.youth = policy.youth.enabled;
  return c;
}

std::string describe_app_coverage(const Policy& policy, const AppCoverage& c) {
  std::string s = c.entry >= 0 ? "[apps] \"" + policy.apps[static_cast<size_t>(c.entry)].app + "\" = \"" +
                                     c.category + "\""
                               : std::string("no [apps] entry, category \"other\"");
  if (!c.covered()) return s + "; no rule covers it";
  std::string rules;
  auto add = [&](const std::string& r) { rules += (rules.empty() ? "" : ", ") + r; };
  for (int32_t i : c.budgets) {
    const Budget& b = policy.budgets[static_cast<size_t>(i)];
    add("budget " + b.id + " (" + std::to_string(b.limit_s / 60) + " min " +
        (b.period == BudgetPeriod::daily ? "daily" : "weekly") + ")");
  }
  for (int32_t i : c.windows) add("window " + policy.windows[static_cast<size_t>(i)].name);
  if (c.reclaim) add("reclaim");
  if (c.youth) add("youth mode");
  return s + "; " + rules;
}

}  // namespace tw
