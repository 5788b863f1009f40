// Compiles a search::Query AST to SQLite: one FTS5 MATCH expression for the
// `papers_fts` table (ranked with bm25) plus an SQL condition over `papers p`.
// Pure; thread-safe.
//
// Field mapping:
//   any / ti / au / abs  -> FTS5 columns (title, abstract, authors, categories) /
//                           title / authors / abstract
//   cat                  -> exact category match on p.categories ('|'-joined,
//                           ASCII case-insensitive); cat:cs.* matches a prefix.
//                           Operand of an AND (or alone), it also adds its
//                           tokens as a phrase in the categories column to the
//                           AND's full-text part: a superset that FTS5 finds
//                           at once, so the SQL condition only checks those
//                           (instead of scanning every paper)
//   src                  -> a listing of the paper has that source (case-insensitive)
//   id                   -> any identifier of the paper (ids::ParseIdRef forms)
// Words (not phrases, prefixes or author names) match by their Snowball stems
// (the index's ah_text tokenizer, fts_tokenizer.h: the FTS5 string starts with
// kStemMarker); `exact_match` is the same expression with the words as written,
// whose matches rank first. One CJK character alone is a prefix of the bigrams.
// Control characters in user text become spaces (never the marker).
// User text never reaches FTS5 syntax: every term is a double-quoted FTS5
// string ("" escapes a quote), so AND/OR/NOT/NEAR/*/:/^ typed by a user are
// plain text. A term with no searchable characters (only punctuation/symbols)
// is ignored; a query left with nothing to search matches nothing.
// Author phrases ("Li, P", "Ping Li") match the tokens close together in any
// order (FTS5 NEAR), one-letter tokens as initials (prefix).
// A lone NOT (FTS5 NOT is binary) becomes `p.id NOT IN (SELECT rowid ...)`.
// Date range (Query::from_date / to_date) applies to p.first_date: the earliest
// of the paper's submission, version, publication and listing dates.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "search/query.h"

namespace ah::store::sqlite {

struct CompiledQuery {
  std::string match;  // FTS5 expression for `papers_fts MATCH ?`; empty = none
  std::string where;  // SQL condition over `papers p` with '?' placeholders; empty = none
  std::vector<std::string> params;  // values for the placeholders of `where`, in order
  bool matches_nothing = false;     // the query has nothing searchable: return no rows
  // `match` holds terms the reader typed (rank by bm25); false when it only
  // narrows filters (cat:): such a query ranks as filters do, newest first.
  bool ranked = false;
  // Words match by their Snowball stems (fts_tokenizer.h) in `match`; phrases,
  // prefixes and names as written. `exact_match` is `match` with every word
  // as written, set when it differs: papers matching it rank first (the
  // reader's own words before their inflections), each tier by bm25.
  std::string exact_match;
};

[[nodiscard]] Result<CompiledQuery> CompileQuery(const search::Query& q);

// `text` as an FTS5 string literal: "text" with embedded quotes doubled.
std::string FtsString(std::string_view text);

// True when unicode61 would find at least one token in `text` (ASCII letters
// or digits, or a non-ASCII character outside the common punctuation/symbol blocks).
bool HasSearchableText(std::string_view text);

// The words of `text` as written (unicode61's token characters, not folded):
// how an author phrase ("Li, P") splits into the names of its NEAR group.
std::vector<std::string> NameTokens(std::string_view text);

}  // namespace ah::store::sqlite
