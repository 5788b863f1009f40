// The search query language (pure): parsing user queries into an AST that a
// store backend compiles to its engine (SQLite FTS5, PostgreSQL tsquery).
//
// Syntax (Google/arXiv-like; operators are upper-case words):
//   graph neural            both terms (implicit AND)
//   "graph neural network"  phrase
//   a OR b, a AND b, NOT a, -a, ( ... )
//   ti:transformer  au:"Li, P"  abs:diffusion  cat:cs.LG  src:biorxiv  id:2401.01234
//   date:2026-06-01..2026-06-30  date:2026-06-01..  date:..2026-06-30  date:2026-06-01
//   term*                   prefix match
// Precedence: NOT > AND > OR.
//
// Details (see search/query.cc):
// - Only upper-case AND, OR, NOT are operators; "and"/"or"/"not" are ordinary terms. `-x` (at the
//   start of a word) is NOT x; a '-' inside a word is part of it ("state-of-the-art").
// - Field names: ti/title, au/author, abs/abstract, cat/category, src/source, id (any case). A
//   field's value is the rest of the word taken literally ("ti:AND" searches the word AND), or a
//   "phrase", or a (group) whose every leaf without a field of its own gets the field.
//   An unknown prefix is part of the term: "foo:bar" is the term "foo:bar".
// - Ids: a bare arXiv id (2401.01234, arXiv:2401.01234v2, hep-th/9901001, arxiv.org URL), DOI
//   (10.1038/x, doi:10.1038/x, doi.org URL), pmid:N, pmcid:N / PMCN or openalex:W… becomes an
//   id: term. kId terms hold the canonical value as stored in PaperIds (ah::ids), not as typed.
// - Phrases use '"' or typographic quotes; text is as typed, trimmed. '*' ends a prefix term.
// - date: takes YYYY-MM-DD, YYYY-MM or YYYY (a whole month/year), or a range A..B, A.., ..B.
//   One date: filter per query, outside any OR, NOT or field group. It fills from/to_date.
// - The query must match something by itself: a query that only excludes ("NOT x", "-a -b") is
//   accepted only with a date: range; an OR alternative and a NOT's operand must be positive.
//   So every kNot sits in a kAnd with a positive sibling, or is (part of) a date-filtered root.
// - AND/OR nodes are flattened (no kAnd child of a kAnd); NOT NOT x is x.
// - Limits: 4096 characters, nesting depth 32 (parentheses and negations), 64 terms (words and
//   phrases), so every accepted query compiles into a full-text expression the engine can run.
//   Invalid UTF-8, an empty query, unbalanced parentheses, an unterminated quote, a dangling
//   operator and a bad date are errors. Whitespace includes control characters and Unicode
//   spaces.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ah::search {

enum class Field { kAny, kTitle, kAuthor, kAbstract, kCategory, kSource, kId };

struct Node {
  enum class Kind { kTerm, kPhrase, kAnd, kOr, kNot };
  Kind kind = Kind::kTerm;
  Field field = Field::kAny;
  std::string text;            // for kTerm/kPhrase: as typed (store folds/normalises)
  bool prefix = false;         // kTerm ending in '*'
  std::vector<Node> children;  // kAnd/kOr: >= 2; kNot: exactly 1
};

struct Query {
  bool has_root = false;  // false when the query is only filters (e.g. just a date range)
  Node root;
  std::string from_date;  // YYYY-MM-DD inclusive, empty = open
  std::string to_date;    // YYYY-MM-DD inclusive, empty = open
  std::string raw;
};

// Errors (kInvalidArgument) name the position: "unbalanced '(' at column 7".
[[nodiscard]] Result<Query> ParseQuery(std::string_view q);

}  // namespace ah::search
