// "Did you mean ...?": the nearest of a few known words to one a person typed
// (a command, a category). Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ah {

// Edits (insert, delete, substitute, swap two adjacent characters) turning `a`
// into `b`, comparing ASCII letters without case (optimal string alignment
// distance). Bytes, not code points: suggestions are for ASCII words.
// Inputs longer than 256 bytes count as far from everything (returns 257+).
size_t EditDistance(std::string_view a, std::string_view b);

// The choices nearest to `typed` (all at the smallest edit distance, in the
// order given, at most `max`) when near enough to be what was meant: at most a
// third of the typed length (at least 1, at most 3) edits away. Empty when
// none is near.
std::vector<std::string> NearestWords(std::string_view typed,
                                      const std::vector<std::string>& choices, size_t max = 3);

// "'a'", "'a' or 'b'", "'a', 'b' or 'c'".
std::string QuotedAlternatives(const std::vector<std::string>& words);

}  // namespace ah
