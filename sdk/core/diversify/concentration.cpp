#include "core/diversify/concentration.hpp"

#include <algorithm>
#include <map>

namespace tw {

std::string_view category_of(const Policy& policy, std::string_view app) {
  for (const AppCategory& a : policy.apps)
    if (a.app == app) return a.category;
  return "other";
}

Concentration concentration(const Policy& policy, const DiversifyGroup& group, std::span<const UsageTotal> per_app) {
  std::map<std::string_view, int64_t> in_group;  // by app id, so ties break by name
  for (const UsageTotal& u : per_app) {
    if (u.attended_ms <= 0) continue;
    const std::string_view category = category_of(policy, u.name);
    if (std::find(group.categories.begin(), group.categories.end(), category) == group.categories.end()) continue;
    in_group[u.name] += u.attended_ms;
  }
  Concentration c;
  for (const auto& [app, ms] : in_group) {
    c.group_ms += ms;
    if (ms > c.top_ms) c.top_ms = ms, c.top_app = std::string(app);
  }
  c.apps = static_cast<int32_t>(in_group.size());
  if (c.group_ms == 0) return c;
  const double total = static_cast<double>(c.group_ms);
  for (const auto& [app, ms] : in_group) c.hhi += (static_cast<double>(ms) / total) * (static_cast<double>(ms) / total);
  c.top_share = static_cast<double>(c.top_ms) / total;
  c.judged = c.group_ms >= group.min_week_s * 1000;
  c.concentrated = c.judged && c.top_share > group.max_top_share;
  return c;
}

}  // namespace tw
