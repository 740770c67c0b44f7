#include "status_text.hpp"

#include <algorithm>

#include "core/replay/iso8601.hpp"

namespace tw::cli {

std::string iso_in(const TimeZone& zone, int64_t unix_ms) {
  std::string s;
  append_iso8601(s, unix_ms, zone.utc_offset_s(unix_ms / 1000 - (unix_ms % 1000 < 0)));
  return s;
}

std::string duration_text(int64_t ms) {
  const int64_t s = std::max<int64_t>(0, ms) / 1000;
  std::string out = std::to_string(s / 60) + " min";
  if (s % 60 != 0) out += " " + std::to_string(s % 60) + " s";
  return out;
}

std::string gate_text(const GateStatus& g, std::string_view rule_prefix) {
  if (g.kind == "none" || g.kind.empty()) return "none";
  std::string out = g.kind + " (" + g.reason;
  if (!g.rule.empty()) out.append(", ").append(rule_prefix).append(g.rule);
  return out + ")";
}

}  // namespace tw::cli
