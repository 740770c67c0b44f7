// suggest.hpp: "did you mean" for misspelt keys and values.
//
// What it does: finds the candidate nearest to a word by edit distance
// (Levenshtein, case-insensitive), if it is close enough to be a plausible
// typo: 1 edit for words up to 4 characters, 2 up to 8, 3 beyond.
// What it does not do: guess at words that share no structure.
//
//   tw::nearest_word("limt_min", {"limit_min", "period"});  // "limit_min"
#pragma once

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace tw {

std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate within the typo threshold, or "" when none is.
std::string nearest_word(std::string_view word, std::span<const std::string_view> candidates);
inline std::string nearest_word(std::string_view word,
                                std::initializer_list<std::string_view> candidates) {
  return nearest_word(word, std::span<const std::string_view>(candidates.begin(), candidates.size()));
}

}  // namespace tw
