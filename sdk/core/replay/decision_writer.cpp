#include "core/replay/decision_writer.hpp"

#include "core/replay/iso8601.hpp"

namespace tw {

namespace {

void append_name_or_null(std::string& out, const Interner* names, uint32_t id) {
  const std::string_view name = names && id != kNoId ? names->name(id) : std::string_view{};
  if (name.empty()) {
    out += "null";
    return;
  }
  append_json_string(out, name);
}

void append_int(std::string& out, int64_t v) {
  // std::to_string on integers ignores the locale.
  out += std::to_string(v);
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out.push_back(kHex[u >> 4]);
          out.push_back(kHex[u & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void append_decision_json(std::string& out, const Decision& d, int32_t utc_offset_s, const DecisionNames& names) {
  out += "{\"t\":\"";
  append_iso8601(out, d.unix_ms, utc_offset_s);
  out += "\",\"kind\":";
  append_json_string(out, to_string(d.kind));
  out += ",\"overlay\":";
  // A state change (away, worn, walking) concerns no overlay.
  if (d.kind == DecisionKind::state) out += "null";
  else append_json_string(out, to_string(d.overlay));
  out += ",\"app\":";
  append_name_or_null(out, names.apps, d.app);
  out += ",\"category\":";
  append_name_or_null(out, names.categories, d.category);
  out += ",\"budget\":";
  const bool has_budget = names.policy && d.budget >= 0 &&
                          static_cast<size_t>(d.budget) < names.policy->budgets.size();
  if (has_budget) append_json_string(out, names.policy->budgets[static_cast<size_t>(d.budget)].id);
  else out += "null";
  out += ",\"remaining_s\":";
  if (d.budget >= 0) append_int(out, d.remaining_s);
  else out += "null";
  out += ",\"reason\":";
  append_json_string(out, to_string(d.reason));
  if (d.kind == DecisionKind::answer) {
    out += ",\"answer\":";
    append_json_string(out, to_string(d.answer));
  }
  // A [diversify] reminder card: which group (concentration) or reset (its app).
  if (d.reminder > 0) {
    out += is_reset_reminder(d.reminder) ? ",\"reset\":" : ",\"group\":";
    const int32_t i = reminder_index(d.reminder);
    const Policy* p = names.policy;
    if (p && is_reset_reminder(d.reminder) && static_cast<size_t>(i) < p->diversify.resets.size())
      append_json_string(out, p->diversify.resets[static_cast<size_t>(i)].app);
    else if (p && !is_reset_reminder(d.reminder) && static_cast<size_t>(i) < p->diversify.groups.size())
      append_json_string(out, p->diversify.groups[static_cast<size_t>(i)].name);
    else
      out += "null";
  }
  out += "}\n";
}

}  // namespace tw
