#include "report/csv_export.hpp"

#include <algorithm>
#include <cstdio>

#include "core/civil_days.hpp"
#include "core/replay/iso8601.hpp"
#include "report/period.hpp"

namespace tw::report {
namespace {

void field(std::string& out, const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) {
    out += s;
    return;
  }
  out += '"';
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string intervals_csv(const std::vector<AttendedInterval>& intervals, const TimeZone& tz, int64_t from_ms,
                          int64_t to_ms) {
  std::string out = "local_date,start,end,start_unix_ms,end_unix_ms,duration_s,app,category\r\n";
  for (const AttendedInterval& iv : intervals) {
    int64_t at = std::max(iv.start_ms, from_ms);
    const int64_t end = std::min(iv.end_ms, to_ms);
    while (at < end) {
      const int64_t at_s = floor_div(at, 1000);
      const int64_t piece_end = std::min(end, tz.next_local_day_start(at_s) * 1000);
      out += date_text(tz.local_day_number(at_s));
      out += ',';
      append_iso8601(out, at, tz.utc_offset_s(at_s));
      out += ',';
      append_iso8601(out, piece_end, tz.utc_offset_s(floor_div(piece_end, 1000)));
      const int64_t ms = piece_end - at;
      char nums[96];
      std::snprintf(nums, sizeof nums, ",%lld,%lld,%lld.%03lld,", static_cast<long long>(at),
                    static_cast<long long>(piece_end), static_cast<long long>(ms / 1000),
                    static_cast<long long>(ms % 1000));
      out += nums;
      field(out, iv.app);
      out += ',';
      field(out, iv.category);
      out += "\r\n";
      at = piece_end;
    }
  }
  return out;
}

}  // namespace tw::report
