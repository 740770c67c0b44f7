// concentration.hpp: how much of a group's attention one app holds.
//
// What it does: for one [diversify] group (categories weighed together) and
// one period's attended time per app, the group's total, its top app and
// that app's share, and the Herfindahl-Hirschman index (the sum of the
// squared shares: 1/n when n apps share equally, 1 when one app has it all),
// the usual measure of market concentration, here of the wearer's attention.
// Apps fall in a group by the policy's [apps] map (unknown apps: "other"),
// as the scheduler files them.
// What it does not do: read the ledger (sdk/report does, week by week) or
// decide to remind (a share above the group's max_top_share is concentrated).
//
//   tw::Concentration c = tw::concentration(policy, group, week_per_app);
//   if (c.concentrated) say(c.top_app + " took " + percent(c.top_share) + " of " + group.name);
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/ledger/ledger.hpp"
#include "core/policy.hpp"

namespace tw {

struct Concentration {
  std::string top_app;      // "" when the group had no time
  int64_t group_ms = 0;
  int64_t top_ms = 0;
  int32_t apps = 0;         // apps with time in the group
  double top_share = 0.0;   // top_ms / group_ms; 0 without time
  double hhi = 0.0;         // sum of squared shares; 0 without time
  bool judged = false;      // group_ms reached the group's min_week_s
  bool concentrated = false;  // judged, and top_share above max_top_share
};

// The category the policy files `app` in ("other" when [apps] has none).
std::string_view category_of(const Policy& policy, std::string_view app);

// per_app: attended time per app id over the period (any order; an app
// listed twice counts once with both times). Ties for the top go to the app
// id that sorts first, so the answer never depends on the input order.
Concentration concentration(const Policy& policy, const DiversifyGroup& group, std::span<const UsageTotal> per_app);

}  // namespace tw
