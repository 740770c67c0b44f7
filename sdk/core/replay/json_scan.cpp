#include "core/replay/json_scan.hpp"

#include <algorithm>

namespace tw {

size_t JsonScan::key_offset(std::string_view key) const noexcept {
  for (const JsonKeyPos& k : keys)
    if (k.key == key) return k.key_offset;
  return 0;
}

size_t JsonScan::value_offset(std::string_view key) const noexcept {
  for (const JsonKeyPos& k : keys)
    if (k.key == key) return k.value_offset;
  return 0;
}

JsonScan scan_json(std::string_view s, int max_depth) {
  JsonScan out;
  int depth = 0;
  bool top_is_object = false;
  bool expect_key = false;    // depth 1 of the top object, after '{' or ','
  bool in_key = false;
  bool expect_value = false;  // after the key's ':'
  size_t string_start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (expect_value && depth == 1 && c != ':') {
      out.keys.back().value_offset = i;
      expect_value = false;
    }
    if (c == '"') {
      const bool key = depth == 1 && top_is_object && expect_key;
      string_start = i;
      for (++i; i < s.size() && s[i] != '"'; ++i)
        if (s[i] == '\\') ++i;  // skip the escaped character
      if (key) {
        const size_t end = std::min(i, s.size());
        out.keys.push_back({s.substr(string_start + 1, end - string_start - 1), string_start, 0});
        expect_key = false;
        in_key = true;
      }
      continue;
    }
    if (c == ':' && in_key && depth == 1) {
      in_key = false;
      expect_value = true;
      continue;
    }
    if (c == '{' || c == '[') {
      if (++depth > max_depth) {
        out.ok = false;
        out.code = Errc::too_deep;
        out.error_offset = i;
        out.error = "nesting deeper than the limit";
        return out;
      }
      if (depth == 1) {
        top_is_object = c == '{';
        expect_key = top_is_object;
      }
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == ',' && depth == 1 && top_is_object) {
      expect_key = true;
    }
  }
  // Duplicate top-level keys: report the second occurrence.
  std::vector<const JsonKeyPos*> sorted;
  sorted.reserve(out.keys.size());
  for (const JsonKeyPos& k : out.keys) sorted.push_back(&k);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const JsonKeyPos* a, const JsonKeyPos* b) { return a->key < b->key; });
  const JsonKeyPos* dup = nullptr;
  for (size_t i = 1; i < sorted.size(); ++i)
    if (sorted[i]->key == sorted[i - 1]->key && (!dup || sorted[i]->key_offset < dup->key_offset))
      dup = sorted[i];
  if (dup) {
    out.ok = false;
    out.code = Errc::parse;
    out.error_offset = dup->key_offset;
    out.error = "duplicate key";
  }
  return out;
}

}  // namespace tw
