// "Did you mean ...": corrections of mistyped query words from a library's own
// vocabulary (pure; the store supplies the words it indexes and their counts).
//
// A word is checked when it is a plain word of the query (not a phrase, prefix,
// name, category, source or id), of at least 4 ASCII letters; a word the
// library does not know, or knows from at most kRareDocs papers (the typo
// itself is often in a few abstracts), is replaced by the known word within
// the fewest edits (insert, delete, substitute, swap two neighbours: at most 1
// edit for words of up to 7 letters, 2 for longer ones), the most frequent
// among equals; for a word the library knows, one in kRareRatio times as many papers.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "search/query.h"

namespace ah::search {

// Optimal string alignment distance (Damerau-Levenshtein without repeated
// edits of one substring), bytes.
size_t EditDistance(std::string_view a, std::string_view b);

struct VocabWord {
  std::string word;  // lower-case, as the index stores it
  int64_t docs = 0;  // papers containing it
};

// The words of `q` to check, lower-cased, each once, in query order.
std::vector<std::string> CheckableWords(const Query& q);

inline constexpr int64_t kRareDocs = 3;
inline constexpr int64_t kRareRatio = 50;

// The correction of `typed` (lower-case, in `typed_docs` papers) among `vocab`,
// or none within reach.
std::optional<std::string> BestCorrection(std::string_view typed,
                                          const std::vector<VocabWord>& vocab,
                                          int64_t typed_docs = 0);

// `raw` with each whole word that is a key of `fixes` (ASCII case-insensitive)
// replaced by its value; the rest (operators, fields, quotes) as typed.
std::string ReplaceWords(std::string_view raw, const std::map<std::string, std::string>& fixes);

}  // namespace ah::search
