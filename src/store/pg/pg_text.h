// PostgreSQL's full-text values from SQLite's analysis (sqlite/fts_analyzer.h):
// papers.tsv holds exactly the tokens papers_fts stores (folded words, marked
// Snowball stems at the word's position, CJK bigrams), each with the weight of
// its field, written by C++ as a tsvector literal (no PostgreSQL dictionary
// is involved: 'simple' would lower-case only); pg_search.cc builds tsquery
// literals of the tokens the same analysis gives a query. Pure but for the
// analyzer's stemmer memo.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/paper.h"
#include "core/result.h"
#include "store/sqlite/fts_analyzer.h"

namespace ah::store::pg {

// The weight of each field in papers.tsv (ts_rank_cd weighs A most).
inline constexpr char kTitleWeight = 'A';
inline constexpr char kAuthorsWeight = 'B';
inline constexpr char kAbstractWeight = 'C';
inline constexpr char kCategoriesWeight = 'D';

// The longest token papers.tsv keeps (PostgreSQL refuses longer lexemes), and
// what a query searches instead of a longer one: a lexeme no vector holds
// (a control character is never a token).
inline constexpr size_t kMaxLexemeBytes = 2046;
inline constexpr std::string_view kNeverStored = "\x02";

// A paper's search columns: papers.tsv and the tokens it holds.
struct SearchColumns {
  std::string tsv;                 // a tsvector literal (a parameter cast ::tsvector)
  std::vector<std::string> terms;  // its lexemes, each once, sorted (search_terms counts them)
};

// The search columns of a paper: the title (A), the author names joined by
// "; " (B), the abstract (C) and the categories joined by ' ' (D), the values
// SQLite indexes (SqliteStore::FtsWrite), analysed as papers_fts analyses
// them. Each field's positions follow the previous field's after one unused
// position, so that no phrase runs across two fields (SQLite's columns are
// apart). Positions past PostgreSQL's 16383 share the last; a token longer
// than kMaxLexemeBytes is left out. The one function that makes a paper's
// search columns: every write and migration 6 use it.
[[nodiscard]] Result<SearchColumns> PaperSearchColumns(const Paper& p,
                                                       sqlite::TextAnalyzer& analyzer);

// `lexeme` quoted for a tsvector / tsquery literal ('...', quote and backslash escaped).
std::string QuoteLexeme(std::string_view lexeme);

}  // namespace ah::store::pg
