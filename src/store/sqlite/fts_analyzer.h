// The full-text index's analysis outside SQLite's index: the `ah_text`
// tokenizer (fts_tokenizer.h: unicode61 with diacritics folded, Snowball stems
// colocated, CJK bigrams) run on text directly, so that another backend
// (PostgreSQL, pg/pg_text.h) indexes and searches the very tokens SQLite's
// papers_fts does; and "did you mean" over a vocabulary of those tokens, shared
// by both backends.
//
// A TextAnalyzer owns a private in-memory SQLite connection with `ah_text`
// registered and one tokenizer instance of it ('remove_diacritics 2', as
// papers_fts, sqlite/schema.cc migration 6). Thread-compatible: one thread at
// a time per instance (the tokenizer keeps a stemmer memo).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "search/query.h"
#include "search/suggest.h"

namespace ah::store::sqlite {

struct AnalyzedToken {
  std::string text;  // as the index stores it ("transformers", "\x01transform", "图像")
  int position = 0;  // from 0; colocated tokens (a stem, a query's alternatives) share one
};

class TextAnalyzer {
 public:
  // Errors: kInternal (this SQLite has no FTS5).
  [[nodiscard]] static Result<std::unique_ptr<TextAnalyzer>> Create();
  ~TextAnalyzer();
  TextAnalyzer(const TextAnalyzer&) = delete;
  TextAnalyzer& operator=(const TextAnalyzer&) = delete;

  // The tokens papers_fts stores for a column value `text` (FTS5 document
  // mode), appended to `out` with positions from 0.
  [[nodiscard]] Status Document(std::string_view text, std::vector<AnalyzedToken>* out);
  // The tokens FTS5 searches for a query string "text" (query mode: a leading
  // kStemMarker asks for stems), appended to `out` with positions from 0;
  // tokens at one position are alternatives.
  [[nodiscard]] Status Query(std::string_view text, std::vector<AnalyzedToken>* out);

 private:
  TextAnalyzer() = default;
  [[nodiscard]] Status Run(std::string_view text, int flags, std::vector<AnalyzedToken>* out);

  sqlite3* db_ = nullptr;
  fts5_tokenizer api_{};
  Fts5Tokenizer* tokenizer_ = nullptr;
};

// A store's vocabulary of indexed tokens with the number of papers holding each.
struct Vocabulary {
  // Papers holding `term` (0 when none).
  std::function<Result<int64_t>(const std::string& term)> docs;
  // The terms in [lo, hi) (byte order) of min_chars..max_chars characters, with their papers.
  std::function<Result<std::vector<search::VocabWord>>(const std::string& lo, const std::string& hi,
                                                       int64_t min_chars, int64_t max_chars)>
      range;
};

// "Did you mean": `q.raw` with its mistyped words corrected from `vocab`
// (search/suggest.h decides; a word is known by itself or by its stem), or ""
// when there is nothing to correct.
[[nodiscard]] Result<std::string> SuggestFromVocabulary(const search::Query& q,
                                                        const Vocabulary& vocab);

}  // namespace ah::store::sqlite
