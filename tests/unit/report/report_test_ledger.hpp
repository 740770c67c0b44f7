// A ledger in a temporary folder holding known attended intervals (written
// with Ledger::import_intervals), for the demo policy (Europe/Berlin, 30 EUR
// an hour); removed at the end of the test.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/civil_days.hpp"
#include "report/history.hpp"
#include "report/period.hpp"
#include "temp_dir.hpp"
#include "tw_catch.hpp"

namespace tw_test {

inline const std::string kDemoPolicy = std::string(TW_SOURCE_DIR) + "/data/demo/policy.toml";
// Monday 2 March 2026.
inline const int64_t kMonday = tw::days_from_civil(2026, 3, 2);


// Local time `hour`:`minute` on `day` as Unix ms.
inline int64_t local_ms(const tw::TimeZone& tz, int64_t day, int hour, int minute = 0) {
  return tw::report::day_start_ms(tz, day) + (hour * 60 + minute) * 60'000;
}

// Writes `intervals` into a new ledger at `path` (the demo policy's zone).
inline void write_ledger(const std::string& path, const std::vector<tw::AttendedInterval>& intervals) {
  auto h = tw::report::open_history(kDemoPolicy, path, false);
  REQUIRE(h.ok());
  REQUIRE(h->ledger.import_intervals(intervals).ok());
}

}  // namespace tw_test
