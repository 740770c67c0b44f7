#include "core/replay/timeline.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <new>
#include <string>

#include <nlohmann/json.hpp>

#include "core/app_id.hpp"
#include "core/replay/iso8601.hpp"
#include "core/replay/json_scan.hpp"
#include "core/scheduler/exercise_course.hpp"

namespace tw {

namespace {

using Json = nlohmann::json;

// 100 years in ms: keeps mono_ns = (unix_ms - start) * 1e6 inside int64.
constexpr int64_t kMaxSpanMs = 100LL * 366 * 86400 * 1000;

struct TypeSpec {
  std::string_view name;
  SignalKind kind;
  bool is_end;
  std::array<std::string_view, 2> required;
  std::array<std::string_view, 3> optional;
};

constexpr std::array<TypeSpec, 19> kTypes = {{
    {"app_focus", SignalKind::app_focus, false, {"app", {}}, {}},
    {"app_blur", SignalKind::app_blur, false, {"app", {}}, {}},
    {"interaction", SignalKind::interaction, false, {}, {"app", {}}},
    {"head_motion", SignalKind::head_motion, false, {"linear_mps", "angular_dps"}, {}},
    {"worn", SignalKind::worn, false, {}, {}},
    {"not_worn", SignalKind::not_worn, false, {}, {}},
    {"context", SignalKind::context_hint, false, {"context", {}}, {}},
    {"task_done", SignalKind::task_done, false, {"planned_end", {}}, {}},
    {"continue_anyway", SignalKind::continue_anyway, false, {}, {"app", {}}},
    {"prompt_leave", SignalKind::prompt_leave, false, {}, {"app", {}}},
    {"nudge", SignalKind::nudge, false, {"id", {}}, {"urgent", {}}},
    {"present", SignalKind::present, false, {}, {"app", {}}},
    {"block_leave", SignalKind::block_leave, false, {}, {"app", {}}},
    {"block_extend", SignalKind::block_extend, false, {}, {"app", {}}},
    {"nudge_dismiss", SignalKind::nudge_dismiss, false, {"id", {}}, {"app", {}}},
    {"fill_dismiss", SignalKind::fill_dismiss, false, {}, {"app", {}}},
    {"exercise_pick", SignalKind::exercise_pick, false, {"row", {}}, {"app", {}}},
    // Not a signal: a sender's Notify (Timeline::notifications); `kind` unused.
    {"notification", SignalKind::nudge, false, {"app", "summary"}, {"body", "urgency", "actions"}},
    {"end", SignalKind::interaction, true, {}, {}},
}};

const TypeSpec* find_type(std::string_view name) {
  for (const TypeSpec& t : kTypes)
    if (t.name == name) return &t;
  return nullptr;
}

bool allowed_key(const TypeSpec& t, std::string_view key) {
  if (key == "t" || key == "type") return true;
  for (std::string_view k : t.required)
    if (!k.empty() && k == key) return true;
  for (std::string_view k : t.optional)
    if (!k.empty() && k == key) return true;
  return false;
}

// Parses one file's text; every failure becomes "name:line:col: message".
class Reader {
 public:
  Reader(std::string_view name, Interner& apps, const TimelineLimits& limits)
      : name_(name), apps_(apps), limits_(limits) {}

  Result<Timeline> run(std::string_view text) {
    if (text.size() > limits_.max_file_bytes)
      return fail(Errc::too_large, 1, 1, "file larger than " + std::to_string(limits_.max_file_bytes) + " bytes");
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
    int32_t line_no = 0;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string_view::npos) nl = text.size();
      std::string_view line = text.substr(pos, nl - pos);
      pos = nl + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (Status s = parse_line(line, line_no); !s) return s.error();
    }
    if (tl_.records.empty()) return fail(Errc::parse, line_no > 0 ? line_no : 1, 1, "the timeline has no signal records");
    if (!have_end_) {
      tl_.end_unix_ms = prev_ms_;
      tl_.end_utc_offset_s = prev_offset_s_;
    }
    return std::move(tl_);
  }

 private:
  Error fail(Errc code, int32_t line, size_t col, std::string_view msg) const {
    std::string m;
    m.reserve(name_.size() + msg.size() + 24);
    m.append(name_).append(":").append(std::to_string(line)).append(":").append(std::to_string(col));
    m.append(": ").append(msg);
    return Error{code, std::move(m)};
  }

  Status parse_line(std::string_view line, int32_t line_no) {
    if (line.size() > limits_.max_line_bytes)
      return fail(Errc::too_large, line_no, limits_.max_line_bytes + 1,
                  "line longer than " + std::to_string(limits_.max_line_bytes) + " bytes");
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') return {};  // blank or comment
    if (have_end_) return fail(Errc::parse, line_no, first + 1, "record after the \"end\" record");

    JsonScan scan = scan_json(line, limits_.max_depth);
    if (!scan.ok) {
      std::string msg(scan.error);
      if (scan.code == Errc::too_deep) msg += " (" + std::to_string(limits_.max_depth) + ")";
      return fail(scan.code, line_no, scan.error_offset + 1, msg);
    }
    Json j;
    try {
      j = Json::parse(line.begin(), line.end());
    } catch (const Json::parse_error& e) {
      return fail(Errc::parse, line_no, e.byte == 0 ? 1 : e.byte, "invalid JSON: " + syntax_message(e.what()));
    }
    if (!j.is_object()) return fail(Errc::parse, line_no, first + 1, "a record must be a JSON object");
    return parse_record(j, scan, line_no, first);
  }

  // nlohmann's text is "[json.exception...] parse error at line 1, column 5: X"; keep X.
  static std::string syntax_message(std::string_view what) {
    const size_t col = what.find("column ");
    const size_t colon = col == std::string_view::npos ? col : what.find(": ", col);
    if (colon == std::string_view::npos) return std::string(what);
    return std::string(what.substr(colon + 2));
  }

  Status parse_record(const Json& j, const JsonScan& scan, int32_t line_no, size_t obj_at) {
    auto col_of_value = [&](std::string_view key) { return scan.value_offset(key) + 1; };
    auto col_of_key = [&](std::string_view key) { return scan.key_offset(key) + 1; };

    // "type" first: it decides which keys are allowed.
    auto type_it = j.find("type");
    if (type_it == j.end()) return fail(Errc::parse, line_no, obj_at + 1, "missing key \"type\"");
    if (!type_it->is_string()) return fail(Errc::parse, line_no, col_of_value("type"), "\"type\" must be a string");
    const std::string& type_name = type_it->get_ref<const std::string&>();
    const TypeSpec* spec = find_type(type_name);
    if (!spec) {
      std::string msg = "unknown type \"" + type_name + "\"; expected one of:";
      for (const TypeSpec& t : kTypes) msg.append(" ").append(t.name);
      return fail(Errc::parse, line_no, col_of_value("type"), msg);
    }
    for (auto it = j.begin(); it != j.end(); ++it)
      if (!allowed_key(*spec, it.key()))
        return fail(Errc::parse, line_no, col_of_key(it.key()),
                    "unknown key \"" + it.key() + "\" for type \"" + type_name + "\"");
    if (!j.contains("t")) return fail(Errc::parse, line_no, obj_at + 1, "missing key \"t\"");
    for (std::string_view k : spec->required)
      if (!k.empty() && !j.contains(k))
        return fail(Errc::parse, line_no, obj_at + 1,
                    "missing key \"" + std::string(k) + "\" for type \"" + type_name + "\"");

    IsoParse t;
    if (Status s = parse_time(j, scan, "t", line_no, t); !s) return s;
    if (started_ && t.unix_ms < prev_ms_)
      return fail(Errc::parse, line_no, col_of_value("t"),
                  "time goes backwards: before the previous record (line " + std::to_string(prev_line_) + ")");
    if (started_ && t.unix_ms - tl_.start_unix_ms > kMaxSpanMs)
      return fail(Errc::too_large, line_no, col_of_value("t"), "the timeline spans more than 100 years");
    prev_ms_ = t.unix_ms;
    prev_offset_s_ = t.utc_offset_s;
    prev_line_ = line_no;

    if (spec->is_end) {
      if (tl_.records.empty()) return fail(Errc::parse, line_no, obj_at + 1, "\"end\" before any signal record");
      have_end_ = true;
      tl_.end_unix_ms = t.unix_ms;
      tl_.end_utc_offset_s = t.utc_offset_s;
      return {};
    }
    if (!started_) {
      tl_.start_unix_ms = t.unix_ms;
      started_ = true;
    }
    const Instant at{.mono_ns = (t.unix_ms - tl_.start_unix_ms) * 1'000'000, .unix_ms = t.unix_ms};
    if (spec->name == "notification") return parse_notification(j, scan, line_no, at, t.utc_offset_s);

    TimelineRecord rec;
    rec.line = line_no;
    rec.utc_offset_s = t.utc_offset_s;
    Signal& sig = rec.signal;
    sig.kind = spec->kind;
    sig.at = at;

    if (auto it = j.find("app"); it != j.end()) {
      if (!it->is_string() || it->get_ref<const std::string&>().empty() ||
          it->get_ref<const std::string&>().size() > 255)
        return fail(Errc::parse, line_no, col_of_value("app"), "\"app\" must be a string of 1..255 bytes");
      sig.app = apps_.intern(normalize_app_id(it->get_ref<const std::string&>()));
    }
    if (spec->kind == SignalKind::head_motion) {
      if (Status s = parse_speed(j, "linear_mps", 100.0, line_no, col_of_value("linear_mps"), sig.linear_mps); !s)
        return s;
      if (Status s = parse_speed(j, "angular_dps", 3600.0, line_no, col_of_value("angular_dps"), sig.angular_dps); !s)
        return s;
    }
    if (auto it = j.find("context"); it != j.end()) {
      const std::string* c = it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
      if (c && *c == "waiting") sig.context = Context::waiting;
      else if (c && *c == "commuting") sig.context = Context::commuting;
      else if (c && *c == "in_conversation") sig.context = Context::in_conversation;
      else if (c && *c == "none") sig.context = Context::none;
      else
        return fail(Errc::parse, line_no, col_of_value("context"),
                    "\"context\" must be one of: waiting commuting in_conversation none");
    }
    if (spec->kind == SignalKind::task_done) {
      IsoParse end;
      if (Status s = parse_time(j, scan, "planned_end", line_no, end); !s) return s;
      if (end.unix_ms <= t.unix_ms)
        return fail(Errc::parse, line_no, col_of_value("planned_end"), "\"planned_end\" must be after \"t\"");
      sig.planned_end_unix_ms = end.unix_ms;
    }
    if (auto it = j.find("id"); it != j.end()) {
      if (!it->is_number_unsigned() || it->get<uint64_t>() == 0 || it->get<uint64_t>() > 0xFFFF'FFFFull)
        return fail(Errc::parse, line_no, col_of_value("id"), "\"id\" must be an integer 1..4294967295");
      sig.nudge_id = static_cast<uint32_t>(it->get<uint64_t>());
    }
    if (auto it = j.find("row"); it != j.end()) {
      if (!it->is_number_unsigned() || it->get<uint64_t>() >= static_cast<uint64_t>(kMaxExerciseRows))
        return fail(Errc::parse, line_no, col_of_value("row"),
                    "\"row\" must be an integer 0.." + std::to_string(kMaxExerciseRows - 1));
      sig.row = static_cast<uint8_t>(it->get<uint64_t>());
    }
    if (auto it = j.find("urgent"); it != j.end()) {
      if (!it->is_boolean()) return fail(Errc::parse, line_no, col_of_value("urgent"), "\"urgent\" must be true or false");
      sig.urgent = it->get<bool>();
    }
    tl_.records.push_back(rec);
    return {};
  }

  // app and summary as the sender gives them (the core cleans them, as it
  // cleans a real Notify's); urgency by name; actions as flat key, label pairs.
  Status parse_notification(const Json& j, const JsonScan& scan, int32_t line_no, Instant at, int32_t offset_s) {
    auto col_of_value = [&](std::string_view key) { return scan.value_offset(key) + 1; };
    TimelineNotification n;
    n.at = at;
    n.utc_offset_s = offset_s;
    n.line = line_no;
    const auto text = [&](std::string_view key, size_t max, bool required, std::string& out) -> Status {
      auto it = j.find(key);
      if (it == j.end()) return {};
      if (!it->is_string() || (required && it->get_ref<const std::string&>().empty()) ||
          it->get_ref<const std::string&>().size() > max)
        return fail(Errc::parse, line_no, col_of_value(key),
                    "\"" + std::string(key) + "\" must be a string of " + (required ? "1" : "0") + ".." +
                        std::to_string(max) + " bytes");
      out = it->get_ref<const std::string&>();
      return {};
    };
    if (Status s = text("app", kMaxNotifyAppBytes, true, n.app_name); !s) return s;
    if (Status s = text("summary", kMaxNotifySummaryBytes, true, n.summary); !s) return s;
    if (Status s = text("body", kMaxNotifyBodyBytes, false, n.body); !s) return s;
    if (auto it = j.find("urgency"); it != j.end()) {
      const std::string* u = it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
      if (u && *u == "low") n.urgency = 0;
      else if (u && *u == "normal") n.urgency = 1;
      else if (u && *u == "critical") n.urgency = 2;
      else return fail(Errc::parse, line_no, col_of_value("urgency"), "\"urgency\" must be one of: low normal critical");
    }
    if (auto it = j.find("actions"); it != j.end()) {
      const bool ok = it->is_array() && it->size() % 2 == 0 && it->size() <= 2 * kMaxActions &&
                      std::all_of(it->begin(), it->end(), [](const Json& v) {
                        return v.is_string() && !v.get_ref<const std::string&>().empty() &&
                               v.get_ref<const std::string&>().size() <= kMaxNotifyActionKeyBytes;
                      });
      if (!ok)
        return fail(Errc::parse, line_no, col_of_value("actions"),
                    "\"actions\" must be an array of key, label pairs (at most " + std::to_string(kMaxActions) +
                        "), each a string of 1.." + std::to_string(kMaxNotifyActionKeyBytes) + " bytes");
      for (const Json& v : *it) n.actions.push_back(v.get<std::string>());
    }
    tl_.notifications.push_back(std::move(n));
    return {};
  }

  Status parse_time(const Json& j, const JsonScan& scan, std::string_view key, int32_t line_no, IsoParse& out) const {
    const Json& v = j.at(key);
    const size_t col = scan.value_offset(key) + 1;
    if (!v.is_string())
      return fail(Errc::parse, line_no, col, "\"" + std::string(key) + "\" must be an ISO-8601 string");
    out = parse_iso8601(v.get_ref<const std::string&>());
    if (!out.ok)
      return fail(Errc::parse, line_no, col + 1 + out.error_offset,
                  "\"" + std::string(key) + "\": " + std::string(out.error));
    return {};
  }

  Status parse_speed(const Json& j, std::string_view key, double max, int32_t line_no, size_t col, float& out) const {
    const Json& v = j.at(key);
    const double d = v.is_number() ? v.get<double>() : -1.0;
    if (!v.is_number() || !std::isfinite(d) || d < 0.0 || d > max)
      return fail(Errc::parse, line_no, col,
                  "\"" + std::string(key) + "\" must be a number 0.." + std::to_string(static_cast<int>(max)));
    out = static_cast<float>(d);
    return {};
  }

  std::string_view name_;
  Interner& apps_;
  const TimelineLimits& limits_;
  Timeline tl_;
  int64_t prev_ms_ = 0;
  int32_t prev_offset_s_ = 0;
  int32_t prev_line_ = 0;
  bool started_ = false;  // a record (signal or notification) set start_unix_ms
  bool have_end_ = false;
};

}  // namespace

NotificationIn TimelineNotification::in() const {
  NotificationIn n{.app_name = app_name, .summary = summary, .body = body, .urgency = urgency};
  n.actions.assign(actions.begin(), actions.end());
  return n;
}

Result<Timeline> parse_timeline(std::string_view text, std::string_view name, Interner& apps,
                                const TimelineLimits& limits) {
  try {
    return Reader(name, apps, limits).run(text);
  } catch (const std::bad_alloc&) {
    return Error{Errc::too_large, std::string(name) + ": out of memory while reading the timeline"};
  } catch (const std::exception& e) {
    return Error{Errc::internal, std::string(name) + ": " + e.what()};
  }
}

Result<Timeline> read_timeline(std::string_view path, Interner& apps, const TimelineLimits& limits) {
  namespace fs = std::filesystem;
  const std::string p(path);
  std::error_code ec;
  const fs::file_status st = fs::status(p, ec);
  if (ec || !fs::exists(st)) return Error{Errc::not_found, p + ": cannot open: no such file"};
  if (!fs::is_regular_file(st)) return Error{Errc::io, p + ": not a regular file"};
  const uintmax_t size = fs::file_size(p, ec);
  if (ec) return Error{Errc::io, p + ": cannot read its size: " + ec.message()};
  if (size > limits.max_file_bytes)
    return Error{Errc::too_large, p + ":1:1: file larger than " + std::to_string(limits.max_file_bytes) + " bytes"};
  std::ifstream in(p, std::ios::binary);
  if (!in) return Error{Errc::io, p + ": cannot open for reading"};
  try {
    std::string text(static_cast<size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    text.resize(static_cast<size_t>(in.gcount()));
    return parse_timeline(text, path, apps, limits);
  } catch (const std::exception& e) {
    return Error{Errc::io, p + ": " + e.what()};
  }
}

}  // namespace tw
