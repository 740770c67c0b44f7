// ledger_probe: what a ledger recorded for one app, read through tw::Ledger.
//
//   ledger_probe LEDGER ZONE APP AROUND_UNIX_S
// Prints "attended_ms N": the app's attended time on the local days (in
// ZONE) before, of and after AROUND_UNIX_S, so a run across midnight counts.
// Exit 0 when read, 2 on bad input or a ledger that cannot be read.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/ledger/ledger.hpp"
#include "core/timezone.hpp"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: ledger_probe LEDGER ZONE APP AROUND_UNIX_S\n");
    return 2;
  }
  auto zone = tw::TimeZone::load(argv[2]);
  if (!zone) {
    std::fprintf(stderr, "ledger_probe: %s\n", zone.error().message.c_str());
    return 2;
  }
  auto ledger = tw::Ledger::open({.path = argv[1]}, zone.value());
  if (!ledger) {
    std::fprintf(stderr, "ledger_probe: %s\n", ledger.error().message.c_str());
    return 2;
  }
  const int64_t day = zone.value().local_day_number(std::strtoll(argv[4], nullptr, 10));
  int64_t attended_ms = 0;
  for (int64_t d = day - 1; d <= day + 1; ++d) {
    auto rows = ledger.value().day_per_app(d);
    if (!rows) {
      std::fprintf(stderr, "ledger_probe: %s\n", rows.error().message.c_str());
      return 2;
    }
    for (const tw::UsageTotal& u : rows.value())
      if (u.name == argv[3]) attended_ms += u.attended_ms;
  }
  std::printf("attended_ms %lld\n", static_cast<long long>(attended_ms));
  return 0;
}
