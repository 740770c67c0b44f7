#include "core/notify/text_clean.hpp"

#include <cstdint>

namespace tw {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";     // U+2026

void append_code_point(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    out += kReplacement;
  } else if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Length of the valid UTF-8 sequence at s[i], or 0.
size_t sequence_length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t c = b(i);
  if (c < 0x80) return 1;
  size_t n = 0;
  uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F;
  else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F;
  else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07;
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  static constexpr uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool starts_tag(std::string_view s, size_t i) {
  if (i + 1 >= s.size()) return false;
  const char c = s[i + 1];
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!';
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The tag's name, lower-cased ("b", "/b", "img", "br").
std::string tag_name(std::string_view tag) {
  std::string name;
  for (size_t i = 1; i < tag.size(); ++i) {
    const char c = tag[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '>' || (c == '/' && i > 1)) break;
    name += lower(c);
  }
  return name;
}

// The value of attribute `attr` in a tag (quoted with " or '), or "".
std::string_view attribute(std::string_view tag, std::string_view attr) {
  for (size_t i = 0; i + attr.size() + 2 <= tag.size(); ++i) {
    if (i > 0 && tag[i - 1] != ' ' && tag[i - 1] != '\t' && tag[i - 1] != '\n') continue;
    bool match = true;
    for (size_t k = 0; k < attr.size() && match; ++k) match = lower(tag[i + k]) == attr[k];
    if (!match) continue;
    size_t j = i + attr.size();
    while (j < tag.size() && tag[j] == ' ') ++j;
    if (j >= tag.size() || tag[j] != '=') continue;
    ++j;
    while (j < tag.size() && tag[j] == ' ') ++j;
    if (j >= tag.size() || (tag[j] != '"' && tag[j] != '\'')) continue;
    const char q = tag[j];
    const size_t end = tag.find(q, j + 1);
    if (end == std::string_view::npos) return {};
    return tag.substr(j + 1, end - j - 1);
  }
  return {};
}

// Decodes the entity at s[i] ('&') into out; returns the bytes consumed, or 0.
size_t decode_entity(std::string_view s, size_t i, std::string& out) {
  const size_t semi = s.find(';', i);
  if (semi == std::string_view::npos || semi - i > 12) return 0;
  const std::string_view name = s.substr(i + 1, semi - i - 1);
  if (name == "amp") out += '&';
  else if (name == "lt") out += '<';
  else if (name == "gt") out += '>';
  else if (name == "quot") out += '"';
  else if (name == "apos") out += '\'';
  else if (name.size() >= 2 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    uint32_t cp = 0;
    for (const char c : digits) {
      uint32_t d = 0;
      if (c >= '0' && c <= '9') d = static_cast<uint32_t>(c - '0');
      else if (hex && lower(c) >= 'a' && lower(c) <= 'f') d = static_cast<uint32_t>(lower(c) - 'a' + 10);
      else return 0;
      cp = cp * (hex ? 16 : 10) + d;
      if (cp > 0x10FFFF) return 0;
    }
    if (cp < 0x20 && cp != '\n' && cp != '\t') cp = ' ';
    append_code_point(out, cp);
  } else {
    return 0;
  }
  return semi - i + 1;
}

}  // namespace

std::string valid_utf8(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size();) {
    const size_t n = sequence_length(raw, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (n == 1) {
      const char c = raw[i];
      out += (static_cast<uint8_t>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7F ? ' ' : c;
    } else {
      out.append(raw.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string strip_markup(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '<' && starts_tag(s, i)) {
      const size_t end = s.find('>', i);
      if (end != std::string_view::npos) {
        const std::string_view tag = s.substr(i, end - i + 1);
        const std::string name = tag_name(tag);
        if (name == "img") out += attribute(tag, "alt");
        else if (name == "br") out += '\n';
        i = end + 1;
        continue;
      }
    }
    if (s[i] == '&') {
      if (const size_t n = decode_entity(s, i, out)) {
        i += n;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

std::string truncate_utf8(std::string text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes >= kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  while (cut > 0 && (static_cast<uint8_t>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  text += kEllipsis;
  return text;
}

}  // namespace tw
