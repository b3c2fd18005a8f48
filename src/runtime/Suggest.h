#pragma once
// "Did you mean …?" for a mistyped flag, command, enum value or flow property.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kcicd {

// The candidate closest to `word` by edit distance (insert, delete, substitute, swap two neighbours),
// when it is close enough to be a typo: at most 1 edit for words under 5 characters, else 2 (a third of
// the word at most). Ties go to the first candidate. Case-sensitive, like Kestra's keys and our flags.
std::optional<std::string> closestMatch(std::string_view word, const std::vector<std::string>& candidates);

// Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring).
std::size_t editDistance(std::string_view a, std::string_view b);

}  // namespace kcicd
