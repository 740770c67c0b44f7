#include "core/policy/policy_reader.hpp"

#include <cmath>
#include <cstdio>

#include "core/policy/suggest.hpp"

namespace tw {
namespace {

std::string_view type_name(toml::node_type t) {
  switch (t) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

std::string in_quotes(std::string_view s) { return '"' + std::string(s) + '"'; }

std::string format_number(double v) {
  char buf[32];
  const bool whole = std::fabs(v) < 1e15 && v == std::floor(v);
  std::snprintf(buf, sizeof buf, whole ? "%.0f" : "%g", v);
  return buf;
}

bool is_bare_key(std::string_view k) {
  if (k.empty()) return false;
  for (char c : k) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

constexpr std::string_view kDayNames[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

}  // namespace

SourcePos pos_of(const toml::node& n) {
  const auto& b = n.source().begin;
  return {b.line ? static_cast<int>(b.line) : 1, b.column ? static_cast<int>(b.column) : 1};
}

SourcePos pos_of(const toml::key& k) {
  const auto& b = k.source().begin;
  return {b.line ? static_cast<int>(b.line) : 1, b.column ? static_cast<int>(b.column) : 1};
}

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string format_hhmm(MinuteOfDay m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m / 60), static_cast<int>(m % 60));
  return buf;
}

void PolicyReader::error(SourcePos at, std::string key, std::string message, Errc code) {
  errors_.push_back({file_, at.line, at.column, std::move(key), std::move(message), code});
}

void PolicyReader::warning(SourcePos at, std::string key, std::string message) {
  warnings_.push_back({file_, at.line, at.column, std::move(key), std::move(message), Errc::ok, true});
}

std::string PolicyReader::join(std::string_view path, std::string_view key) {
  std::string k = is_bare_key(key) ? std::string(key) : in_quotes(key);
  return path.empty() ? k : std::string(path) + '.' + k;
}

std::string PolicyReader::index(std::string_view path, std::size_t i) {
  return std::string(path) + '[' + std::to_string(i) + ']';
}

void PolicyReader::check_keys(const toml::table& t, std::string_view path,
                              std::span<const std::string_view> known) {
  for (const auto& [k, v] : t) {
    bool found = false;
    for (std::string_view name : known) found = found || k.str() == name;
    if (found) continue;
    std::string message = "unknown key";
    if (std::string near = nearest_word(k.str(), known); !near.empty()) {
      message += "; did you mean " + in_quotes(near) + "?";
    }
    error(pos_of(k), join(path, k.str()), std::move(message));
  }
}

bool PolicyReader::require(const toml::table& t, std::string_view path, std::string_view key) {
  if (t.contains(key)) return true;
  error(pos_of(t), join(path, key), "missing required key");
  return false;
}

const toml::node* PolicyReader::typed(const toml::table& t, std::string_view path,
                                      std::string_view key, bool ok_type(const toml::node&),
                                      std::string_view expected) {
  const toml::node* n = t.get(key);
  if (!n) return nullptr;
  if (!ok_type(*n)) {
    error(pos_of(*n), join(path, key),
          "expected " + std::string(expected) + ", found " + std::string(type_name(n->type())));
    return nullptr;
  }
  return n;
}

const toml::table* PolicyReader::table(const toml::table& t, std::string_view path,
                                       std::string_view key) {
  const toml::node* n =
      typed(t, path, key, [](const toml::node& x) { return x.is_table(); }, "a table");
  return n ? n->as_table() : nullptr;
}

std::vector<const toml::table*> PolicyReader::tables(const toml::table& t, std::string_view path,
                                                     std::string_view key, std::size_t max) {
  std::vector<const toml::table*> out;
  const toml::node* n = typed(
      t, path, key, [](const toml::node& x) { return x.is_array(); },
      "an array of tables ([[" + join(path, key) + "]])");
  if (!n) return out;
  const toml::array& a = *n->as_array();
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string k = index(join(path, key), i);
    if (i == max) {
      error(pos_of(a[i]), k,
            "more than " + std::to_string(max) + " entries; the limit is " + std::to_string(max));
      break;
    }
    if (!a[i].is_table()) {
      error(pos_of(a[i]), k, "expected a table, found " + std::string(type_name(a[i].type())));
      continue;
    }
    out.push_back(a[i].as_table());
  }
  return out;
}

std::optional<int64_t> PolicyReader::integer(const toml::table& t, std::string_view path,
                                             std::string_view key, int64_t lo, int64_t hi) {
  const toml::node* n =
      typed(t, path, key, [](const toml::node& x) { return x.is_integer(); }, "an integer");
  if (!n) return std::nullopt;
  const int64_t v = n->as_integer()->get();
  if (v < lo || v > hi) {
    error(pos_of(*n), join(path, key),
          "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", found " +
              std::to_string(v));
    return std::nullopt;
  }
  return v;
}

std::optional<double> PolicyReader::number(const toml::table& t, std::string_view path,
                                           std::string_view key, double lo, double hi,
                                           bool lo_exclusive) {
  const toml::node* n =
      typed(t, path, key, [](const toml::node& x) { return x.is_number(); }, "a number");
  if (!n) return std::nullopt;
  const double v = n->value<double>().value_or(std::nan(""));
  const bool above = lo_exclusive ? v > lo : v >= lo;
  if (!(above && v <= hi)) {  // also rejects nan
    error(pos_of(*n), join(path, key),
          std::string("must be ") + (lo_exclusive ? "above " : "at least ") + format_number(lo) +
              " and at most " + format_number(hi) + ", found " + format_number(v));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> PolicyReader::boolean(const toml::table& t, std::string_view path,
                                          std::string_view key) {
  const toml::node* n = typed(
      t, path, key, [](const toml::node& x) { return x.is_boolean(); }, "a boolean (true or false)");
  if (!n) return std::nullopt;
  return n->as_boolean()->get();
}

std::optional<std::string> PolicyReader::string_node(const toml::node& n, const std::string& key,
                                                     std::size_t min_chars,
                                                     std::size_t max_chars) {
  if (!n.is_string()) {
    error(pos_of(n), key, "expected a string, found " + std::string(type_name(n.type())));
    return std::nullopt;
  }
  const std::string& s = n.as_string()->get();
  const std::size_t chars = count_code_points(s);
  if (chars < min_chars) {
    error(pos_of(n), key, "must not be empty");
    return std::nullopt;
  }
  if (chars > max_chars) {
    error(pos_of(n), key,
          "is " + std::to_string(chars) + " characters; the limit is " + std::to_string(max_chars));
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> PolicyReader::string(const toml::table& t, std::string_view path,
                                                std::string_view key, std::size_t min_chars,
                                                std::size_t max_chars) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  return string_node(*n, join(path, key), min_chars, max_chars);
}

std::optional<int> PolicyReader::choice(const toml::table& t, std::string_view path,
                                        std::string_view key,
                                        std::initializer_list<std::string_view> names) {
  std::optional<std::string> s = string(t, path, key, 0, 64);
  if (!s) return std::nullopt;
  int i = 0;
  for (std::string_view name : names) {
    if (*s == name) return i;
    ++i;
  }
  std::string message = "must be one of";
  for (std::string_view name : names) message += ' ' + in_quotes(name);
  message += ", found " + in_quotes(*s);
  if (std::string near = nearest_word(*s, names); !near.empty()) {
    message += "; did you mean " + in_quotes(near) + "?";
  }
  error(pos_of(*t.get(key)), join(path, key), std::move(message));
  return std::nullopt;
}

std::optional<MinuteOfDay> PolicyReader::time_of_day(const toml::table& t, std::string_view path,
                                                     std::string_view key) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  if (const auto* tm = n->as_time()) {
    const toml::time& v = tm->get();
    if (v.second == 0 && v.nanosecond == 0) return MinuteOfDay{v.hour * 60 + v.minute};
    error(pos_of(*n), join(path, key), "times are whole minutes; seconds must be 0");
    return std::nullopt;
  }
  if (!n->is_string()) {
    error(pos_of(*n), join(path, key),
          "expected a time \"HH:MM\", found " + std::string(type_name(n->type())));
    return std::nullopt;
  }
  const std::string& s = n->as_string()->get();
  auto digit = [&](std::size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  if (s.size() == 5 && digit(0) && digit(1) && s[2] == ':' && digit(3) && digit(4)) {
    const int h = (s[0] - '0') * 10 + (s[1] - '0');
    const int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h < 24 && m < 60) return MinuteOfDay{h * 60 + m};
  }
  error(pos_of(*n), join(path, key),
        "expected a time \"HH:MM\" from \"00:00\" to \"23:59\", found " + in_quotes(s));
  return std::nullopt;
}

std::optional<WeekdayMask> PolicyReader::days(const toml::table& t, std::string_view path,
                                              std::string_view key) {
  const std::string k = join(path, key);
  const toml::node* n =
      typed(t, path, key, [](const toml::node& x) { return x.is_array(); }, "an array of days");
  if (!n) return std::nullopt;
  const toml::array& a = *n->as_array();
  if (a.empty()) {
    error(pos_of(*n), k, "is empty; list at least one of \"mon\" .. \"sun\"");
    return std::nullopt;
  }
  if (a.size() > 7) {
    error(pos_of(*n), k, "lists more than 7 days");
    return std::nullopt;
  }
  unsigned mask = 0;
  bool ok = true;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::optional<std::string> d = string_node(a[i], index(k, i), 1, 16);
    if (!d) {
      ok = false;
      continue;
    }
    int day = -1;
    for (int j = 0; j < 7; ++j) day = *d == kDayNames[j] ? j : day;
    if (day < 0) {
      std::string message = "expected one of \"mon\" \"tue\" \"wed\" \"thu\" \"fri\" \"sat\" \"sun\", found " + in_quotes(*d);
      if (std::string near = nearest_word(*d, {"mon", "tue", "wed", "thu", "fri", "sat", "sun"});
          !near.empty()) {
        message += "; did you mean " + in_quotes(near) + "?";
      }
      error(pos_of(a[i]), index(k, i), std::move(message));
      ok = false;
    } else if (mask & (1u << day)) {
      error(pos_of(a[i]), index(k, i), in_quotes(*d) + " is listed twice");
      ok = false;
    } else {
      mask |= 1u << day;
    }
  }
  if (!ok) return std::nullopt;
  return static_cast<WeekdayMask>(mask);
}

std::optional<std::vector<LocatedString>> PolicyReader::strings(const toml::table& t,
                                                                std::string_view path,
                                                                std::string_view key,
                                                                std::size_t max_count,
                                                                std::size_t max_chars) {
  const std::string k = join(path, key);
  const toml::node* n = typed(
      t, path, key, [](const toml::node& x) { return x.is_array(); }, "an array of strings");
  if (!n) return std::nullopt;
  const toml::array& a = *n->as_array();
  if (a.size() > max_count) {
    error(pos_of(*n), k,
          "has " + std::to_string(a.size()) + " entries; the limit is " + std::to_string(max_count));
    return std::nullopt;
  }
  std::vector<LocatedString> out;
  bool ok = true;
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::optional<std::string> s = string_node(a[i], index(k, i), 1, max_chars);
    if (!s) {
      ok = false;
      continue;
    }
    out.push_back({std::move(*s), pos_of(a[i]), index(k, i)});
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace tw
