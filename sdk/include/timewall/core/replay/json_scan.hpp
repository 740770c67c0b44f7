// json_scan.hpp: one pass over a JSON text before it is parsed.
//
// What it does: rejects nesting deeper than a limit before any parser sees it
// (so a hostile "[[[[..." line cannot exhaust a stack or memory), rejects
// duplicate top-level keys (nlohmann would silently keep the last), and
// records where each top-level key and its value start, so errors about a
// field can name its column.
// What it does not do: validate JSON. Syntax errors are left to the real
// parser, which reports its own position; on malformed input the key list
// may be incomplete, never out of bounds.
//
//   tw::JsonScan s = tw::scan_json(line, 8);
//   if (!s.ok) return error_at(s.error_offset + 1, s.error);
//   size_t col = s.value_offset("t") + 1;
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace tw {

struct JsonKeyPos {
  std::string_view key;  // raw text between the quotes (escapes not decoded)
  size_t key_offset = 0;    // 0-based offset of the key's opening quote
  size_t value_offset = 0;  // 0-based offset of the value's first character
};

struct JsonScan {
  bool ok = true;
  Errc code = Errc::ok;       // too_deep or parse (duplicate key) when !ok
  size_t error_offset = 0;
  std::string_view error;     // static text
  std::vector<JsonKeyPos> keys;  // top-level object keys in order

  // Offsets of a top-level key, or 0 when it was not seen.
  size_t key_offset(std::string_view key) const noexcept;
  size_t value_offset(std::string_view key) const noexcept;
};

JsonScan scan_json(std::string_view text, int max_depth);

}  // namespace tw
