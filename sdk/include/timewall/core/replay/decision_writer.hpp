// decision_writer.hpp: one Decision as one line of JSON (decision JSONL).
//
// What it does: formats a Decision with a fixed key order, integers only and
// the wearer's local time with its offset, so the same decisions always give
// the same bytes (replay determinism is checked with cmp). The format is in
// docs/formats.md:
//   {"t":"2026-03-02T12:41:00+01:00","kind":"show","overlay":"warning",
//    "app":"com.example.feed","category":"social","budget":"social-daily",
//    "remaining_s":540,"reason":"budget_warn_fraction"}
// What it does not do: choose the offset (callers pass
// TimeZone::utc_offset_s for the decision's instant) or write files.
//
//   std::string line;
//   tw::append_decision_json(line, d, tz.utc_offset_s(d.unix_ms / 1000), names);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/interner.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"

namespace tw {

// Where ids in a Decision get their names; any pointer may be null, and an id
// without a name is written as null.
struct DecisionNames {
  const Interner* apps = nullptr;
  const Interner* categories = nullptr;
  const Policy* policy = nullptr;  // budget ids
};

// Appends one JSON object and a trailing '\n'.
void append_decision_json(std::string& out, const Decision& d, int32_t utc_offset_s, const DecisionNames& names);

// Appends `s` as a JSON string literal (quotes included); control characters
// become \u00XX, other bytes pass through unchanged.
void append_json_string(std::string& out, std::string_view s);

}  // namespace tw
