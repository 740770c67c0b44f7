// status_text.hpp: the words both views of `timewall status` share (the
// ledger view, cmd_status.cpp, and the live one, status_live.cpp).
//
// What it does: an instant as local ISO 8601 in a zone, a duration as
// "12 min 5 s", a gate as "block (budget_reached, social-daily)".
// What it does not do: decide the gate (core/device/device_status.hpp).
//
//   out += "at " + tw::cli::iso_in(zone, now_ms) + ": " + tw::cli::duration_text(used_ms);
#pragma once

#include <cstdint>
#include <string>

#include "core/device/device_status.hpp"
#include "core/timezone.hpp"

namespace tw::cli {

std::string iso_in(const TimeZone& zone, int64_t unix_ms);
std::string duration_text(int64_t ms);  // negative counts as 0
// "none", or "KIND (REASON[, RULE])"; `rule_prefix` goes before the rule
// ("budget ", "window "; "" for none).
std::string gate_text(const GateStatus& g, std::string_view rule_prefix = "");

}  // namespace tw::cli
