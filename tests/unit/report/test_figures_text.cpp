// Durations and money in reports and the demo's summary: integer arithmetic, no locale.
#include "tw_catch.hpp"

#include "report/figures_text.hpp"

TEST_CASE("durations read as s, min or h min", "[report][text]") {
  CHECK(tw::report::duration_text(0) == "0 s");
  CHECK(tw::report::duration_text(40'400) == "40 s");
  CHECK(tw::report::duration_text(59'600) == "1 min");
  CHECK(tw::report::duration_text(12 * 60'000 + 29'000) == "12 min");
  CHECK(tw::report::duration_text(12 * 60'000 + 31'000) == "13 min");
  CHECK(tw::report::duration_text(3'600'000 + 5 * 60'000) == "1 h 05 min");
}

TEST_CASE("cost is attended time at the hourly value, in whole cents", "[report][text]") {
  CHECK(tw::report::cost_text(30 * 60'000, 30.0, "EUR") == "15.00 EUR");
  CHECK(tw::report::cost_text(60'000, 30.0, "EUR") == "0.50 EUR");
  CHECK(tw::report::cost_text(1'000, 30.0, "EUR") == "0.01 EUR");  // 0.8333 cents rounds to 1
  CHECK(tw::report::cost_text(0, 30.0, "USD") == "0.00 USD");
  CHECK(tw::report::cost_text(3'600'000, 0.0, "EUR") == "0.00 EUR");
}
