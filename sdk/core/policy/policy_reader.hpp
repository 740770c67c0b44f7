// policy_reader.hpp: typed, error-collecting access to a parsed TOML table.
//
// What it does: every getter reads one key, checks its type and range, and on
// a problem records a PolicyError (file:line:column, dotted key, message) and
// returns nullopt, so the loader keeps going and reports every error at once.
// check_keys() reports unknown keys with a "did you mean" suggestion.
// What it does not do: know the policy schema; policy_loader.cpp does. This is
// an internal header of the loader (it includes toml++).
//
//   PolicyReader r("p.toml");
//   auto limit = r.integer(budget, "budget[0]", "limit_min", 0, 1440);
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "core/policy.hpp"
#include "core/policy/policy_error.hpp"

namespace tw {

struct SourcePos {
  int line = 1;
  int column = 1;
};

SourcePos pos_of(const toml::node& n);
SourcePos pos_of(const toml::key& k);

// A string value together with where it came from, for later cross-checks.
struct LocatedString {
  std::string text;
  SourcePos pos;
  std::string key;
};

class PolicyReader {
 public:
  explicit PolicyReader(std::string_view file) : file_(file) {}

  void error(SourcePos at, std::string key, std::string message, Errc code = Errc::invalid_policy);
  bool has_errors() const { return !errors_.empty(); }
  std::vector<PolicyError> take_errors() { return std::move(errors_); }
  // Something that loads but can never apply.
  void warning(SourcePos at, std::string key, std::string message);
  std::vector<PolicyError> take_warnings() { return std::move(warnings_); }

  static std::string join(std::string_view path, std::string_view key);
  static std::string index(std::string_view path, std::size_t i);

  void check_keys(const toml::table& t, std::string_view path,
                  std::span<const std::string_view> known);
  // Reports a missing key at the table's position; true when present.
  bool require(const toml::table& t, std::string_view path, std::string_view key);

  const toml::table* table(const toml::table& t, std::string_view path, std::string_view key);
  // The tables of an array of tables, at most `max` (the rest is reported).
  std::vector<const toml::table*> tables(const toml::table& t, std::string_view path,
                                         std::string_view key, std::size_t max);

  std::optional<int64_t> integer(const toml::table& t, std::string_view path, std::string_view key,
                                 int64_t lo, int64_t hi);
  // Integer or float in [lo, hi] (or (lo, hi] when lo_exclusive).
  std::optional<double> number(const toml::table& t, std::string_view path, std::string_view key,
                               double lo, double hi, bool lo_exclusive);
  std::optional<bool> boolean(const toml::table& t, std::string_view path, std::string_view key);
  // A string of min_chars..max_chars code points.
  std::optional<std::string> string(const toml::table& t, std::string_view path,
                                    std::string_view key, std::size_t min_chars,
                                    std::size_t max_chars);
  // One of `names`; returns its index.
  std::optional<int> choice(const toml::table& t, std::string_view path, std::string_view key,
                            std::initializer_list<std::string_view> names);
  // "HH:MM" or a TOML local time with zero seconds.
  std::optional<MinuteOfDay> time_of_day(const toml::table& t, std::string_view path,
                                         std::string_view key);
  // A non-empty array of "mon".."sun", each at most once.
  std::optional<WeekdayMask> days(const toml::table& t, std::string_view path,
                                  std::string_view key);
  // An array of strings of 1..max_chars code points, at most max_count.
  std::optional<std::vector<LocatedString>> strings(const toml::table& t, std::string_view path,
                                                    std::string_view key, std::size_t max_count,
                                                    std::size_t max_chars);

 private:
  const toml::node* typed(const toml::table& t, std::string_view path, std::string_view key,
                          bool ok_type(const toml::node&), std::string_view expected);
  std::optional<std::string> string_node(const toml::node& n, const std::string& key,
                                         std::size_t min_chars, std::size_t max_chars);

  std::string file_;
  std::vector<PolicyError> errors_;
  std::vector<PolicyError> warnings_;
};

std::size_t count_code_points(std::string_view s);
std::string format_hhmm(MinuteOfDay m);

}  // namespace tw
