// A radar's keywords evaluated as a query against a paper in memory (pure).
//
// The query language is the search's (search/query.h): phrases, AND / OR /
// NOT, fields ti: abs: au: cat: src: id:, prefixes (term*) and date ranges.
// A radar's day is ranked in memory, so the parsed query is evaluated here
// rather than by the store's full-text engine, with the radar's own words
// (tokenizer.h: folded, stop words dropped, Snowball stems), so that
// "agents" matches "agent" as the radar's ranking does:
//   term      its stem in the field (any = title, abstract or an author's
//             name); a stop word ("the") is looked up as a word
//   phrase    its stems consecutive in one field (stop words skipped)
//   term*     a word of the field that starts with it
//   au:x      one author's name has every word of x (a one-letter word as an
//             initial: au:"Li, P" matches "Ping Li" and "P. Li")
//   cat:x     a category equal to x (ASCII case-insensitive); cat:cs.* a prefix
//   src:x     a listing source equal to x; id:x the paper's id
//   date:A..B the paper's date within the range
// Thread-safety: a compiled matcher is immutable; Matches is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "radar/corpus.h"
#include "radar/tokenizer.h"
#include "search/query.h"

namespace ah::radar {

// A paper's words prepared once for every matcher (MatchDoc::Of).
struct MatchDoc {
  struct Field {
    std::vector<uint64_t> seq;     // term hashes in text order (stop words dropped, stemmed)
    std::vector<uint64_t> terms;   // the same, sorted and distinct
    std::vector<std::string> words;  // folded words, stop words included, sorted and distinct
  };
  Field title, abstract;
  std::vector<std::vector<std::string>> authors;  // each author's folded words, sorted
  // True when the title or the abstract has the term hashes consecutively
  // (one hash: anywhere).
  bool HasPhrase(const std::vector<uint64_t>& seq) const;
  // Words of `doc` as `options` maps them; `mapper` must be made with the same options.
  static MatchDoc Of(const Document& doc, const TokenizerOptions& options, TermMapper* mapper);
};

class QueryMatcher {
 public:
  QueryMatcher() = default;  // empty: no query

  // Compiles `query` for papers tokenized with `options`. With `any_part`, a
  // top-level AND (or the juxtaposition of words) is read as OR: the form of
  // a radar's exclusions, where "quantum blockchain" excludes either word.
  static QueryMatcher Compile(const search::Query& query, const TokenizerOptions& options,
                              bool any_part = false);
  // Parses and compiles. Errors: the parser's (kInvalidArgument, naming the column).
  [[nodiscard]] static Result<QueryMatcher> Parse(std::string_view text,
                                                  const TokenizerOptions& options,
                                                  bool any_part = false);

  bool empty() const { return !has_root_ && from_.empty() && to_.empty(); }
  bool Matches(const Document& doc, const MatchDoc& words) const;
  // The positive words and phrases (as typed) found in the paper, in query order.
  std::vector<std::string> MatchedLeaves(const Document& doc, const MatchDoc& words) const;

 private:
  struct Node {
    search::Node::Kind kind = search::Node::Kind::kTerm;
    search::Field field = search::Field::kAny;
    std::string text;              // as typed
    std::string folded;            // folded, for prefixes, stop words, cat / src / id
    std::vector<uint64_t> terms;   // stems of the text (a phrase: in order)
    std::vector<std::string> words;  // au: the folded words of the name
    bool prefix = false;
    std::vector<Node> children;
  };
  static Node CompileNode(const search::Node& n, const TokenizerOptions& options,
                          TermMapper* mapper);
  bool Eval(const Node& n, const Document& doc, const MatchDoc& w) const;
  bool Leaf(const Node& n, const Document& doc, const MatchDoc& w) const;
  void Collect(const Node& n, bool negated, const Document& doc, const MatchDoc& w,
               std::vector<std::string>* out) const;

  bool has_root_ = false;
  Node root_;
  std::string from_, to_;  // date range, YYYY-MM-DD, empty = open
};

}  // namespace ah::radar
