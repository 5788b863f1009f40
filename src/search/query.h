// The search query language (pure): parsing user queries into an AST that a
// store backend compiles to its engine (SQLite FTS5, PostgreSQL tsquery).
//
// Syntax (case-insensitive operators, Google/arXiv-like):
//   graph neural            both terms (implicit AND)
//   "graph neural network"  phrase
//   a OR b, a AND b, NOT a, -a, ( ... )
//   ti:transformer  au:"Li, P"  abs:diffusion  cat:cs.LG  src:biorxiv  id:2401.01234
//   date:2026-06-01..2026-06-30  date:2026-06-01..  date:..2026-06-30  date:2026-06-01
//   term*                   prefix match
// Precedence: NOT > AND > OR.
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
