// libFuzzer target: the TZif (v1-v4 + POSIX footer) parser on arbitrary bytes.
// Property: from_tzif never crashes, leaks or reads out of bounds; a zone it
// accepts answers offset and local-day queries across the whole range the
// ledger uses (1900..2200) without undefined behaviour, with offsets within
// +-26 h.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/timezone.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  tw::Result<tw::TimeZone> tz = tw::TimeZone::from_tzif(bytes, "fuzz");
  if (!tz) return 0;
  constexpr int64_t kProbes_s[] = {-2'208'988'800, -1, 0, 1'000'000'000, 1'774'738'800,
                                   1'780'000'000, 4'102'444'800, 7'258'118'400};
  for (const int64_t t : kProbes_s) {
    const int32_t off = tz->utc_offset_s(t);
    if (off < -26 * 3600 || off > 26 * 3600) std::abort();
    (void)tz->to_local(t);
    (void)tz->local_day_number(t);
  }
  return 0;
}
