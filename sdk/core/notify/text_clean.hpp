// text_clean.hpp: text from outside Timewall made safe to store and show.
//
// What it does: valid_utf8() replaces every byte sequence that is not valid
// UTF-8 (overlong forms, surrogates, code points past U+10FFFF, cut-off
// sequences) with U+FFFD and turns control characters other than '\n' and
// '\t' into spaces; strip_markup() turns the body markup of the Desktop
// Notifications Specification 1.2 (<b> <i> <u> <a href> <img alt>, and the
// entities &amp; &lt; &gt; &quot; &apos; &#N; &#xN;) into plain text: tags go
// (an <img> leaves its alt text, <br> a newline), entities are decoded, a '<'
// that does not open a tag stays; truncate_utf8() cuts text to a byte limit
// on a code point boundary and ends it with "…" when it cut.
// What it does not do: render, wrap lines or judge the language.
//
//   std::string body = tw::truncate_utf8(tw::strip_markup(tw::valid_utf8(raw)), 4096);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tw {

std::string valid_utf8(std::string_view raw);
// Expects valid UTF-8 (valid_utf8's output); the result is valid UTF-8.
std::string strip_markup(std::string_view text);
// At most max_bytes (>= 3) bytes; "…" (3 bytes) ends a text that was cut.
std::string truncate_utf8(std::string text, size_t max_bytes);

}  // namespace tw
