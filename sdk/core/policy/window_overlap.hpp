// window_overlap.hpp: where two weekly protected windows overlap.
//
// What it does: expands each window into the week (a window belongs to the
// days it starts on and may wrap past midnight, Sunday night into Monday
// included) and returns the first stretch both cover.
// What it does not do: decide whether an overlap is allowed; the loader
// rejects overlaps between windows of the same kind only.
//
//   if (auto o = tw::find_overlap(focus_a, focus_b)) report(o->day, o->start);
#pragma once

#include <optional>

#include "core/policy.hpp"

namespace tw {

struct WindowOverlap {
  int day = 0;              // 0 = Monday; the day the overlap starts on
  MinuteOfDay start = 0;    // local time the overlap starts
  MinuteOfDay end = 0;      // local time it ends (may be on the next day)
};

std::optional<WindowOverlap> find_overlap(const ProtectedWindow& a, const ProtectedWindow& b);

}  // namespace tw
