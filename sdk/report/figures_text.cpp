#include "report/figures_text.hpp"

#include <cmath>
#include <cstdio>

#include "core/cost.hpp"

namespace tw::report {

std::string duration_text(int64_t ms) {
  const int64_t s = (ms + 500) / 1000;
  char buf[48];
  if (s < 60) std::snprintf(buf, sizeof buf, "%lld s", static_cast<long long>(s));
  else if (s < 3600) std::snprintf(buf, sizeof buf, "%lld min", static_cast<long long>((s + 30) / 60));
  else
    std::snprintf(buf, sizeof buf, "%lld h %02lld min", static_cast<long long>(s / 3600),
                  static_cast<long long>((s % 3600 + 30) / 60));
  return buf;
}

std::string cost_text(int64_t ms, double hourly, const std::string& currency) {
  const auto cents = static_cast<long long>(cost_cents(ms, hourly));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%lld.%02lld %s", cents / 100, cents % 100, currency.c_str());
  return buf;
}

int64_t cost_cents(int64_t ms, double hourly) {
  return static_cast<int64_t>(std::llround(attended_cost_ms(ms, hourly) * 100.0));
}

}  // namespace tw::report
