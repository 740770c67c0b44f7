#include "core/policy/policy_prescan.hpp"

#include <string>
#include <vector>

#include "core/policy/policy_limits.hpp"

namespace tw {
namespace {

using policy_limits::kMaxDepth;

// A cursor over the text that keeps 1-based line and code-point column.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : t_(text) {}
  bool done() const { return i_ >= t_.size(); }
  char peek(std::size_t ahead = 0) const { return i_ + ahead < t_.size() ? t_[i_ + ahead] : '\0'; }
  int line() const { return line_; }
  int column() const { return column_; }

  void advance() {
    const char c = t_[i_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;  // continuation bytes belong to the previous code point
    }
  }
  void skip_blanks() {
    while (peek() == ' ' || peek() == '\t') advance();
  }
  void skip_to_eol() {
    while (!done() && peek() != '\n') advance();
  }
  // At a quote: skips a basic, literal or multi-line string.
  void skip_string() {
    const char q = peek();
    const bool multi = peek(1) == q && peek(2) == q;
    for (int k = 0; k < (multi ? 3 : 1); ++k) advance();
    while (!done()) {
      const char c = peek();
      if (c == '\\' && q == '"') {
        advance();
        if (!done()) advance();
        continue;
      }
      if (!multi && c == '\n') return;  // unterminated: toml++ reports it
      if (c == q && (!multi || (peek(1) == q && peek(2) == q))) {
        for (int k = 0; k < (multi ? 3 : 1); ++k) advance();
        return;
      }
      advance();
    }
  }
  // Counts the dotted parts of a key, stopping before `stop`, a newline or a comment.
  int key_parts(char stop) {
    int parts = 1;
    while (!done()) {
      const char c = peek();
      if (c == stop || c == '\n' || c == '#') break;
      if (c == '"' || c == '\'') {
        skip_string();
        continue;
      }
      if (c == '.') ++parts;
      advance();
    }
    return parts;
  }

 private:
  std::string_view t_;
  std::size_t i_ = 0;
  int line_ = 1;
  int column_ = 1;
};

class DepthScan {
 public:
  DepthScan(std::string_view text, std::string_view file) : c_(text), file_(file) {}

  std::optional<PolicyError> run() {
    while (!c_.done() && !error_) {
      c_.skip_blanks();
      const char ch = c_.peek();
      if (ch == '\n' || ch == '\r') {
        c_.advance();
      } else if (ch == '#') {
        c_.skip_to_eol();
      } else if (ch == '[') {
        header();
      } else {
        key_value();
      }
    }
    return error_;
  }

 private:
  struct Open {
    char kind;       // '[' or '{'
    int level;       // this container's depth
    int value_base;  // depth of the container holding the value being read
  };

  bool deeper_than_limit(int level, int line, int column) {
    if (level <= kMaxDepth) return false;
    error_ = PolicyError{std::string(file_), line, column, {},
                         "nested deeper than " + std::to_string(kMaxDepth) + " levels",
                         Errc::too_deep};
    return true;
  }

  void header() {
    const int line = c_.line(), column = c_.column();
    c_.advance();
    const bool array = c_.peek() == '[';
    if (array) c_.advance();
    header_depth_ = c_.key_parts(']') + (array ? 1 : 0);
    if (deeper_than_limit(header_depth_, line, column)) return;
    c_.skip_to_eol();
  }

  void key_value() {
    const int line = c_.line(), column = c_.column();
    const int parts = c_.key_parts('=');
    if (c_.peek() != '=') {  // not a key/value line: toml++ reports it
      c_.skip_to_eol();
      return;
    }
    c_.advance();
    const int base = header_depth_ + parts - 1;
    if (deeper_than_limit(base, line, column)) return;
    value(base);
  }

  // Reads one value (which may span lines inside brackets) up to its line end.
  void value(int base) {
    stack_.clear();
    while (!c_.done() && !error_) {
      const char ch = c_.peek();
      if (ch == '"' || ch == '\'') {
        c_.skip_string();
      } else if (ch == '#') {
        c_.skip_to_eol();
      } else if (ch == '\n') {
        c_.advance();
        if (stack_.empty()) return;
      } else if (ch == '[' || ch == '{') {
        const int level = (stack_.empty() ? base : stack_.back().value_base) + 1;
        if (deeper_than_limit(level, c_.line(), c_.column())) return;
        c_.advance();
        stack_.push_back({ch, level, level});
        if (ch == '{') inline_key();
      } else if (ch == ']' || ch == '}') {
        c_.advance();
        if (!stack_.empty()) stack_.pop_back();
      } else if (ch == ',') {
        c_.advance();
        if (!stack_.empty() && stack_.back().kind == '{') inline_key();
      } else {
        c_.advance();
      }
    }
  }

  // After `{` or `,` in an inline table: a key, whose dotted parts add depth.
  void inline_key() {
    c_.skip_blanks();
    if (c_.peek() == '}') return;
    const int line = c_.line(), column = c_.column();
    const int parts = c_.key_parts('=');
    if (c_.peek() == '=') c_.advance();
    Open& top = stack_.back();
    top.value_base = top.level + parts - 1;
    deeper_than_limit(top.value_base, line, column);
  }

  Cursor c_;
  std::string_view file_;
  int header_depth_ = 0;
  std::vector<Open> stack_;  // at most kMaxDepth + 1 entries
  std::optional<PolicyError> error_;
};

}  // namespace

std::optional<PolicyError> prescan_policy_text(std::string_view text, std::string_view file_name) {
  if (text.size() > policy_limits::kMaxFileBytes) {
    return PolicyError{std::string(file_name), 1, 1, {},
                       "file is " + std::to_string(text.size()) + " bytes; the limit is " +
                           std::to_string(policy_limits::kMaxFileBytes) + " (256 KiB)",
                       Errc::too_large};
  }
  return DepthScan(text, file_name).run();
}

}  // namespace tw
