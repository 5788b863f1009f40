// Words of a paper's text for the radar's features (pure).
//
// Two styles:
//  - kSklearn reproduces scikit-learn's default analyzer: str.lower(), then the
//    token pattern (?u)\b\w\w+\b, i.e. maximal runs of word characters
//    (letters, digits, '_'; Unicode letters count) of length >= 2. Used by the
//    arxiv-sanity-lite baseline.
//  - kAcademic folds case, width and accents (ah::text::FoldForSearch), splits on '_' too
//    (LaTeX subscripts), keeps or drops LaTeX command names ("\alpha") and
//    drops tokens made only of digits when asked.
// Stop words (scikit-learn's English list) and Snowball stemming are applied per
// word type by TermMapper, so callers that intern words can map each distinct
// word once.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sb_stemmer;

namespace ah::radar {

enum class TokenStyle { kSklearn, kAcademic };

struct TokenizerOptions {
  TokenStyle style = TokenStyle::kAcademic;
  bool drop_stop_words = true;      // scikit-learn's ENGLISH_STOP_WORDS (318 words)
  bool stem = true;                 // Snowball English (libstemmer)
  bool keep_latex_commands = true;  // kAcademic: "\alpha" -> "alpha" (else dropped)
  bool drop_numbers = true;         // kAcademic: drop tokens of digits only
};

// Appends the words of `text` to `out` (views into `*scratch`, which is
// overwritten; the views are valid until the next call with the same scratch).
// Words are lower-case; stop words and stemming are NOT applied here.
void ExtractWords(std::string_view text, const TokenizerOptions& options, std::string* scratch,
                  std::vector<std::string_view>* out);

// scikit-learn's English stop word list (sklearn.feature_extraction.text.ENGLISH_STOP_WORDS).
bool IsEnglishStopWord(std::string_view word);

// Maps a word to its term: "" when it is a stop word (and those are dropped),
// else its Snowball stem (when stemming) or the word itself.
// Not thread-safe (the stemmer keeps state): one TermMapper per thread.
class TermMapper {
 public:
  explicit TermMapper(const TokenizerOptions& options);
  ~TermMapper();
  TermMapper(const TermMapper&) = delete;
  TermMapper& operator=(const TermMapper&) = delete;

  std::string Map(std::string_view word);

 private:
  TokenizerOptions options_;
  sb_stemmer* stemmer_ = nullptr;
};

// Convenience for small inputs (queries, tests): words mapped to terms, dropped
// ones removed.
std::vector<std::string> Terms(std::string_view text, const TokenizerOptions& options);

}  // namespace ah::radar
