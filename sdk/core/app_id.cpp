#include "core/app_id.hpp"

namespace tw {
namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

// Length of the valid UTF-8 sequence starting at s[i] (2..4), or 0.
size_t utf8_sequence(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte (no overlongs, surrogates, > U+10FFFF)
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
  else return 0;
  if (i + n > s.size() || b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k)
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  return n;
}

// Calls out(byte) for each byte of the normalised form of s.
template <typename Out>
void normalize_into(std::string_view s, Out&& out) {
  while (!s.empty() && is_space(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && is_space(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const size_t n = utf8_sequence(s, i);
      if (n == 0) {
        out('-');
        ++i;
      } else {
        for (size_t k = 0; k < n; ++k) out(s[i + k]);
        i += n;
      }
      continue;
    }
    if (c < 0x20 || c == 0x7F || is_space(c)) out('-');
    else if (c >= 'A' && c <= 'Z') out(static_cast<char>(c - 'A' + 'a'));
    else out(static_cast<char>(c));
    ++i;
  }
}

}  // namespace

std::string normalize_app_id(std::string_view reported) {
  std::string id;
  id.reserve(reported.size());
  normalize_into(reported, [&](char c) { id += c; });
  return id;
}

bool is_normalized_app_id(std::string_view id) noexcept {
  size_t at = 0;
  bool same = true;
  normalize_into(id, [&](char c) {
    same = same && at < id.size() && id[at] == c;
    ++at;
  });
  return same && at == id.size();
}

std::string openxr_app_id(std::string_view application_name) {
  const std::string name = normalize_app_id(application_name);
  return std::string(kOpenXrAppPrefix) + (name.empty() ? "unnamed" : name);
}

std::string unreachable_app_id(std::string_view id) {
  if (id.empty()) return "an app id is never empty";
  if (!id.starts_with(kOpenXrAppPrefix)) return {};
  const size_t name_bytes = id.size() - kOpenXrAppPrefix.size();
  if (name_bytes == 0) return "an OpenXR application without a name counts as \"openxr.unnamed\"";
  if (name_bytes > kOpenXrMaxNameBytes)
    return "an OpenXR application name is at most " +
           std::to_string(kOpenXrMaxNameBytes) + " bytes, this one has " + std::to_string(name_bytes);
  return {};
}

}  // namespace tw
