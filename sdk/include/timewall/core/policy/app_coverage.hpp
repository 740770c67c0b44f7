// app_coverage.hpp: what the policy does with one app id.
//
// What it does: app_coverage() finds the app's `[apps]` entry (its category,
// else "other") and every rule that covers it: budgets counting the app or
// its category, protected windows and reclaim naming its category, youth
// mode. describe_app_coverage() says it in one line, for the OpenXR layer's
// session-start log and `timewall apps`.
// What it does not do: normalise (the id comes in normalised: app_id.hpp;
// the loader normalised the policy's ids) or evaluate times (whether a
// window is active now is the scheduler's question).
//
//   tw::AppCoverage c = tw::app_coverage(policy, "openxr.helloxr");
//   log(tw::describe_app_coverage(policy, c));  // [apps] "openxr.helloxr" = "games"; budget games-daily ...
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy.hpp"

namespace tw {

struct AppCoverage {
  int32_t entry = -1;            // index into Policy::apps; -1: not listed
  std::string category = "other";
  std::vector<int32_t> budgets;  // indices into Policy::budgets
  std::vector<int32_t> windows;  // indices into Policy::windows that block or add friction to the category
  bool reclaim = false;          // the category is protected in reclaimed time
  bool youth = false;            // youth mode is on (its cap counts every app)

  bool covered() const { return !budgets.empty() || !windows.empty() || reclaim || youth; }
};

AppCoverage app_coverage(const Policy& policy, std::string_view app_id);

// `[apps] "ID" = "CAT"` or `no [apps] entry, category "other"`, then the
// rules ("budget ID (N min daily)", "window NAME", "reclaim", "youth mode")
// or "no rule covers it".
std::string describe_app_coverage(const Policy& policy, const AppCoverage& coverage);

}  // namespace tw
