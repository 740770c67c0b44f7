// libFuzzer target: the JSONL signal-timeline parser on arbitrary bytes.
// Property: parse_timeline never crashes, leaks or overflows the stack; a
// refusal carries a "name:line:col: message" error; an accepted timeline has
// records in time order (monotonic clock from zero, never backwards).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/replay/timeline.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tw::Interner apps;
  tw::Result<tw::Timeline> r = tw::parse_timeline(text, "fuzz.jsonl", apps);
  if (!r) {
    if (r.error().message.rfind("fuzz.jsonl:", 0) != 0) std::abort();
    return 0;
  }
  int64_t last_mono_ns = 0;
  for (const tw::TimelineRecord& rec : r->records) {
    if (rec.signal.at.mono_ns < last_mono_ns) std::abort();
    last_mono_ns = rec.signal.at.mono_ns;
  }
  return 0;
}
