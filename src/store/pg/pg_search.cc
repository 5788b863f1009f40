// PgStore's search: the query language (search/query.h) compiled to one SQL
// condition over `papers p`, whose full-text parts are tsquery literals over
// p.tsv (GIN), and ranked by ts_rank_cd.
//
// Mapping (as the SQLite backend's, sqlite/fts_query.h, term by term):
//   any / ti / au / abs   the tokens SQLite's analysis gives the words
//                         (sqlite::TextAnalyzer, query mode: folded, CJK
//                         bigrams) as a phrase in any field / with weight A
//                         (title) / B (author names) / C (abstract); "any" also
//                         matches categories (D), as SQLite's full-text index
//                         does. A word (not a phrase, prefix or name) matches
//                         by its Snowball stem: the marked stem or, when the
//                         stem is its own, the word (alternatives at one
//                         position); the words as written rank first. A prefix
//                         term (x*) and one CJK character alone match every
//                         token starting with them.
//   au:"Li, P"            an author phrase of several names: FTS5's NEAR(li p*,
//                         1), the names in any order, at most N-1 other tokens
//                         between the first and the last (N names), a
//                         one-letter name as an initial (prefix) — spelt out
//                         as every order and spacing (<N> phrases) up to 200
//                         of them; a longer name (6+ names) needs every name
//                         in the authors, anywhere (a superset of SQLite's).
//   cat                   one of the paper's categories, ASCII case-insensitive;
//                         cat:cs.* a prefix of one.
//   src                   a listing of the paper has that source (case-insensitive).
//   id                    any id of the paper (ids::ParseIdRef forms); a DOI also
//                         finds the preprints that give it as their journal DOI.
//   date:                 p.first_date within the range.
//   AND / OR / NOT        tsquery & / | / ! inside full-text parts, SQL
//                         AND / OR / NOT around the rest.
// A term without searchable characters is ignored (a query left with nothing
// to search matches nothing). User text only ever reaches PostgreSQL as
// quoted lexemes of a tsquery literal passed as a statement parameter.
//
// Order: the papers matching the words as written first (SQLite's exact
// tier), then ts_rank_cd over the query's positive words (default weights:
// A 1.0, B 0.4, C 0.2, D 0.1) best first, ties newest paper first (as SQLite's
// bm25 ties); queries without words (filters, cat:) newest first_date first,
// papers without a date last, then newest paper. What differs from SQLite: the
// scores themselves (cover density, not bm25), so papers of different scores
// may come in another order.
#include <algorithm>
#include <cstdint>
#include <map>

#include "core/ids.h"
#include "core/text.h"
#include "store/like_patterns.h"
#include "store/pg/pg_store.h"
#include "store/pg/pg_text.h"
#include "store/sqlite/fts_query.h"  // HasSearchableText, NameTokens: as SQLite reads a query
#include "store/sqlite/fts_tokenizer.h"

namespace ah::store::pg {
namespace {

using search::Field;
using search::Node;

struct Compiled {
  std::string where;          // condition over papers p; empty: every paper
  std::string rank;           // tsquery of the positive words; empty: not ranked
  std::string exact;          // ranked, and words match by stems: `where` with the words as written
  std::vector<Value> params;  // of `where`, then (from where_params on) of `exact`
  size_t where_params = 0;
  bool nothing = false;  // nothing to search: no rows
};

// The tokens of a query string at each position (alternatives), as FTS5 reads "text".
using Group = std::vector<std::string>;

Result<std::vector<Group>> Analyse(sqlite::TextAnalyzer& a, const std::string& text) {
  std::vector<sqlite::AnalyzedToken> tokens;
  if (auto st = a.Query(text, &tokens); !st) return Fail(st.error());
  std::vector<Group> out;
  for (auto& t : tokens) {
    if (static_cast<size_t>(t.position) >= out.size()) out.resize(t.position + 1);
    out[t.position].push_back(std::move(t.text));
  }
  std::erase_if(out, [](const Group& g) { return g.empty(); });
  return out;
}

// One position of a tsquery phrase: its alternatives, each with the weight
// (empty: any field) and, `prefix`, matching as a prefix.
std::string GroupTs(const Group& g, const std::string& weight, bool prefix) {
  const std::string label =
      prefix || !weight.empty() ? ":" + std::string(prefix ? "*" : "") + weight : "";
  std::string out;
  for (size_t i = 0; i < g.size(); ++i) {
    if (i) out += " | ";
    out +=
        QuoteLexeme(g[i].size() <= kMaxLexemeBytes ? std::string_view(g[i]) : kNeverStored) + label;
  }
  return g.size() == 1 ? out : "(" + out + ")";
}

// The groups as a phrase, the last one a prefix when `prefix`.
std::string PhraseTs(const std::vector<Group>& groups, const std::string& weight, bool prefix) {
  std::string out;
  for (size_t i = 0; i < groups.size(); ++i) {
    if (i) out += " <-> ";
    out += GroupTs(groups[i], weight, prefix && i + 1 == groups.size());
  }
  return groups.size() == 1 ? out : "(" + out + ")";
}

// A NEAR group's phrase: its groups and whether the last is a prefix.
struct NearPhrase {
  std::vector<Group> groups;
  bool prefix = false;
};

constexpr size_t kMaxNearOrders = 200;

// FTS5's NEAR(p1 p2 ..., n) in the authors (B): every phrase, in any order,
// with at most n tokens between the end of the first and the start of the
// last, spelt out as phrases with distances (<k>); past kMaxNearOrders of
// them, every phrase anywhere in the authors.
std::string NearTs(const std::vector<NearPhrase>& phrases, int64_t n) {
  const std::string weight(1, kAuthorsWeight);
  std::vector<size_t> order(phrases.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::vector<std::string> chains;
  bool too_many = false;
  do {
    int64_t middle = 0;
    for (size_t i = 1; i + 1 < order.size(); ++i)
      middle += static_cast<int64_t>(phrases[order[i]].groups.size());
    const int64_t slack = n - middle;
    if (slack < 0) continue;
    // Every spacing: gaps[i] unused tokens after the i-th phrase, summing to <= slack.
    std::vector<int64_t> gaps(order.size() > 1 ? order.size() - 1 : 0, 0);
    for (;;) {
      std::string chain;
      for (size_t i = 0; i < order.size(); ++i) {
        const NearPhrase& p = phrases[order[i]];
        for (size_t g = 0; g < p.groups.size(); ++g) {
          if (!chain.empty()) {
            chain += g == 0 ? " <" + std::to_string(gaps[i - 1] + 1) + "> " : " <-> ";
          }
          chain += GroupTs(p.groups[g], weight, p.prefix && g + 1 == p.groups.size());
        }
      }
      chains.push_back("(" + chain + ")");
      if (chains.size() > kMaxNearOrders) {
        too_many = true;
        break;
      }
      // The next spacing (an odometer over gaps bounded by the slack).
      size_t i = 0;
      int64_t sum = 0;
      for (int64_t g : gaps) sum += g;
      for (; i < gaps.size(); ++i) {
        if (sum < slack) {
          ++gaps[i];
          break;
        }
        sum -= gaps[i];
        gaps[i] = 0;
      }
      if (i == gaps.size()) break;
    }
  } while (!too_many && std::next_permutation(order.begin(), order.end()));
  std::string out;
  if (too_many) {
    for (const NearPhrase& p : phrases) {
      if (!out.empty()) out += " & ";
      out += PhraseTs(p.groups, weight, p.prefix);
    }
    return "(" + out + ")";
  }
  for (const std::string& c : chains) {
    if (!out.empty()) out += " | ";
    out += c;
  }
  return "(" + out + ")";
}

bool IsOneCjkChar(std::string_view text) {
  const std::string folded = ah::text::SanitizeUtf8(text);
  if (folded.empty()) return false;
  const auto c = static_cast<unsigned char>(folded[0]);
  const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (len != folded.size()) return false;
  uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1Fu : len == 3 ? c & 0x0Fu : c & 0x07u;
  for (size_t i = 1; i < len; ++i) cp = (cp << 6) | (static_cast<unsigned char>(folded[i]) & 0x3Fu);
  return sqlite::IsCjk(cp);
}

struct Part {
  enum class Kind { kEmpty, kTs, kSql };
  Kind kind = Kind::kEmpty;
  std::string text;  // kTs: a tsquery expression; kSql: a condition
};

std::string Trim(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';  // libpq text stops at NUL
  }
  size_t b = 0, e = text.size();
  while (b < e && text[b] == ' ') ++b;
  while (e > b && text[e - 1] == ' ') --e;
  return text.substr(b, e - b);
}

class Compiler {
 public:
  Compiler(Compiled& out, sqlite::TextAnalyzer& analyzer, bool stem)
      : out_(out), analyzer_(analyzer), stem_(stem) {}

  std::string Param(Value v) {
    out_.params.push_back(std::move(v));
    return "$" + std::to_string(out_.params.size());
  }

  static std::string AsSql(const Part& p) {
    return p.kind == Part::Kind::kTs ? "p.tsv @@ (" + p.text + ")" : p.text;
  }

  Result<Part> Compile(const Node& n, int depth, bool negated) {
    if (depth > 200) return MakeError(Code::kInvalidArgument, "search query nested too deeply");
    switch (n.kind) {
      case Node::Kind::kTerm:
      case Node::Kind::kPhrase:
        return Leaf(n, negated);
      case Node::Kind::kNot: {
        if (n.children.size() != 1)
          return MakeError(Code::kInvalidArgument, "search query: NOT needs exactly one operand");
        auto c = Compile(n.children[0], depth + 1, !negated);
        if (!c || c->kind == Part::Kind::kEmpty) return c;
        c->text = (c->kind == Part::Kind::kTs ? "!!(" : "NOT (") + c->text + ")";
        return c;
      }
      case Node::Kind::kAnd:
      case Node::Kind::kOr: {
        const bool is_and = n.kind == Node::Kind::kAnd;
        std::vector<Part> ts, sql;
        for (const Node& child : n.children) {
          auto c = Compile(child, depth + 1, negated);
          if (!c) return c;
          if (c->kind == Part::Kind::kTs) ts.push_back(std::move(*c));
          if (c->kind == Part::Kind::kSql) sql.push_back(std::move(*c));
        }
        Part out;
        if (!ts.empty()) {
          out.kind = Part::Kind::kTs;
          out.text = Join(ts, is_and ? " && " : " || ");
        }
        if (sql.empty()) return out;
        if (!ts.empty()) sql.insert(sql.begin(), out);
        out.kind = Part::Kind::kSql;
        std::vector<Part> conds;
        for (const Part& p : sql) conds.push_back(Part{Part::Kind::kSql, AsSql(p)});
        out.text = Join(conds, is_and ? " AND " : " OR ");
        return out;
      }
    }
    return MakeError(Code::kInvalidArgument, "search query: unknown node kind");
  }

 private:
  static std::string Join(const std::vector<Part>& parts, std::string_view op) {
    if (parts.size() == 1) return parts[0].text;
    std::string out = "(";
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i) out += op;
      out += "(" + parts[i].text + ")";
    }
    return out + ")";
  }

  Result<Part> Leaf(const Node& n, bool negated) {
    std::string text = Trim(n.text);
    if (text.empty()) return Part{};
    // The library holds valid UTF-8 only (core/paper_limits.h), and PostgreSQL
    // refuses anything else as a parameter: a category, source or id with
    // invalid bytes names nothing stored; in words they separate (as SQLite's
    // tokenizer reads them).
    if (std::string clean = ah::text::SanitizeUtf8(text); clean != text) {
      if (n.field == Field::kCategory || n.field == Field::kSource || n.field == Field::kId)
        return Part{Part::Kind::kSql, "false"};
      for (size_t at; (at = clean.find("\xEF\xBF\xBD")) != std::string::npos;)
        clean.replace(at, 3, " ");
      text = Trim(std::move(clean));
    }
    switch (n.field) {
      case Field::kCategory: {
        const std::string pat = CategoryLikePattern(text, n.prefix);
        return Part{Part::Kind::kSql, "('|' || p.categories || '|') ILIKE " + Param(pat)};
      }
      case Field::kSource: {
        const std::string pat = SourceLikePattern(text, n.prefix);
        return Part{
            Part::Kind::kSql,
            "p.id IN (SELECT paper_id FROM listings WHERE lower(source) LIKE " + Param(pat) + ")"};
      }
      case Field::kId: {
        const ids::IdRef ref = ids::ParseIdRef(text);
        if (ref.scheme.empty()) return Part{Part::Kind::kSql, "false"};
        const std::string scheme = Param(ref.scheme), value = Param(ref.value);
        std::string sql = "p.id IN (SELECT paper_id FROM paper_ids WHERE scheme = " + scheme +
                          " AND value = " + value;
        if (ref.scheme == "doi")
          sql += " UNION ALL SELECT id FROM papers WHERE published_doi = " + value;
        return Part{Part::Kind::kSql, sql + ")"};
      }
      default:
        break;
    }
    if (!sqlite::HasSearchableText(text)) return Part{};
    auto ts = FullText(n, text);
    if (!ts) return Fail(ts.error());
    if (ts->empty()) return Part{};
    std::string sql = Param(*ts) + "::tsquery";
    if (!negated) out_.rank += (out_.rank.empty() ? "" : " || ") + sql;
    return Part{Part::Kind::kTs, std::move(sql)};
  }

  // The tsquery literal of a word or phrase leaf, as sqlite/fts_query.cc's
  // CompileLeaf reads it; empty when it has no tokens.
  Result<std::string> FullText(const Node& n, const std::string& text) {
    const std::string weight = n.field == Field::kTitle      ? std::string(1, kTitleWeight)
                               : n.field == Field::kAuthor   ? std::string(1, kAuthorsWeight)
                               : n.field == Field::kAbstract ? std::string(1, kAbstractWeight)
                                                             : std::string();
    if (n.field == Field::kAuthor) {
      const std::vector<std::string> names = sqlite::NameTokens(text);
      if (names.size() >= 2) {
        std::vector<NearPhrase> phrases;
        for (size_t i = 0; i < names.size(); ++i) {
          auto groups = Analyse(analyzer_, names[i]);
          if (!groups) return Fail(groups.error());
          if (groups->empty()) continue;
          phrases.push_back(
              {std::move(*groups), names[i].size() == 1 || (n.prefix && i + 1 == names.size())});
        }
        if (phrases.empty()) return std::string();
        return NearTs(phrases, static_cast<int64_t>(names.size()) - 1);
      }
    }
    // Words (not phrases, prefixes or names) match by their stems.
    const bool stemmed =
        stem_ && n.kind == Node::Kind::kTerm && !n.prefix && n.field != Field::kAuthor;
    auto groups = Analyse(analyzer_, stemmed ? std::string(1, sqlite::kStemMarker) + text : text);
    if (!groups) return Fail(groups.error());
    if (groups->empty()) return std::string();
    return PhraseTs(*groups, weight, n.prefix || IsOneCjkChar(text));
  }

  Compiled& out_;
  sqlite::TextAnalyzer& analyzer_;
  bool stem_;
};

// The condition of `q` (words by their stems when `stem`) into out.where
// (empty: every paper), its parameters appended to out.params.
Status CompileWhere(const search::Query& q, sqlite::TextAnalyzer& analyzer, bool stem,
                    Compiled& out, std::string* where) {
  Compiler c(out, analyzer, stem);
  std::vector<std::string> conds;
  if (q.has_root) {
    auto root = c.Compile(q.root, 0, false);
    if (!root) return Fail(root.error());
    if (root->kind == Part::Kind::kEmpty) {
      out.nothing = true;
      return Ok();
    }
    conds.push_back(Compiler::AsSql(*root));
  }
  if (!q.from_date.empty()) conds.push_back("p.first_date >= " + c.Param(q.from_date));
  if (!q.to_date.empty()) conds.push_back("p.first_date <= " + c.Param(q.to_date));
  for (size_t i = 0; i < conds.size(); ++i) {
    if (i) *where += " AND ";
    *where += "(" + conds[i] + ")";
  }
  return Ok();
}

Result<Compiled> CompileSearch(const search::Query& q, sqlite::TextAnalyzer& analyzer) {
  Compiled out;
  if (auto st = CompileWhere(q, analyzer, true, out, &out.where); !st) return Fail(st.error());
  if (out.nothing || out.rank.empty()) return out;
  // The words as written: papers matching them rank first (as SQLite's exact_match).
  Compiled exact;
  std::string exact_where;
  if (auto st = CompileWhere(q, analyzer, false, exact, &exact_where); !st) return Fail(st.error());
  bool same = exact.params.size() == out.params.size() && exact_where == out.where;
  for (size_t i = 0; same && i < exact.params.size(); ++i)
    same = exact.params[i].text() == out.params[i].text();
  if (same) return out;
  // Renumber the exact condition's parameters after the condition's own.
  const size_t shift = out.params.size();
  for (size_t at = exact_where.size(); at-- > 0;) {
    if (exact_where[at] != '$') continue;
    size_t e = at + 1;
    while (e < exact_where.size() && exact_where[e] >= '0' && exact_where[e] <= '9') ++e;
    const size_t k = std::stoul(exact_where.substr(at + 1, e - at - 1));
    exact_where.replace(at, e - at, "$" + std::to_string(k + shift));
  }
  out.where_params = out.params.size();
  for (auto& v : exact.params) out.params.push_back(std::move(v));
  out.exact = std::move(exact_where);
  return out;
}

std::string FromWhere(const Compiled& c) {
  return " FROM papers p" + (c.where.empty() ? std::string() : " WHERE " + c.where);
}

Error InSearch(const Error& e, const search::Query& q) { return e.Wrap("search '" + q.raw + "'"); }

void SortFacet(const std::map<std::string, int64_t>& counts, bool by_value_desc,
               std::vector<FacetCount>* out) {
  for (const auto& [value, n] : counts) out->push_back({value, n});
  std::sort(out->begin(), out->end(), [&](const FacetCount& a, const FacetCount& b) {
    if (by_value_desc) return a.value > b.value;
    if (a.count != b.count) return a.count > b.count;
    return a.value < b.value;
  });
}

}  // namespace

Result<std::vector<PaperRow>> PgStore::MatchingRows(const search::Query& q, int64_t limit,
                                                    int64_t offset) {
  auto c = CompileSearch(q, *analyzer_);
  if (!c) return Fail(c.error());
  std::vector<PaperRow> out;
  if (c->nothing) return out;
  std::string sql = "SELECT p.id" + FromWhere(*c);
  if (c->rank.empty()) {
    sql += " ORDER BY p.first_date DESC NULLS LAST, p.id DESC";
  } else {
    sql += " ORDER BY ";
    if (!c->exact.empty()) sql += "(" + c->exact + ") DESC, ";
    sql += "ts_rank_cd(p.tsv, " + c->rank + ") DESC, p.id DESC";
  }
  std::vector<Value> params = c->params;
  if (limit > 0) {
    params.push_back(limit);
    sql += " LIMIT $" + std::to_string(params.size()) + "::bigint";
  }
  if (offset > 0) {
    params.push_back(offset);
    sql += " OFFSET $" + std::to_string(params.size()) + "::bigint";
  }
  auto r = conn_->QueryList(sql, params);
  if (!r) return Fail(r.error());
  for (int i = 0; i < r->size(); ++i) out.push_back(r->Int(i, 0));
  return out;
}

Result<int64_t> PgStore::CountMatching(const search::Query& q) {
  auto c = CompileSearch(q, *analyzer_);
  if (!c) return Fail(c.error());
  if (c->nothing) return int64_t{0};
  // The exact condition's parameters (numbered last) are not in the count's SQL.
  std::vector<Value> params = c->params;
  if (!c->exact.empty())
    params.erase(params.begin() + static_cast<std::ptrdiff_t>(c->where_params), params.end());
  auto r = conn_->QueryList("SELECT count(*)" + FromWhere(*c), params);
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

Result<std::vector<PaperView>> PgStore::Search(const search::Query& q, int64_t limit,
                                               int64_t offset) {
  auto rows = MatchingRows(q, limit, offset);
  if (!rows) return Fail(InSearch(rows.error(), q));
  auto views = ViewsOf(*rows);
  if (!views) return Fail(InSearch(views.error(), q));
  return views;
}

Result<SearchSummary> PgStore::SearchFacets(const search::Query& q, size_t max_docs) {
  SearchSummary out;
  auto total = CountMatching(q);
  if (!total) return Fail(InSearch(total.error(), q));
  out.total = *total;
  if (max_docs == 0 || out.total == 0) return out;
  auto best = MatchingRows(q, static_cast<int64_t>(max_docs), 0);
  if (!best) return Fail(InSearch(best.error(), q));
  std::string list = "{";
  for (size_t i = 0; i < best->size(); ++i) {
    if (i) list += ',';
    list += std::to_string((*best)[i]);
  }
  list += '}';
  auto r = conn_->Query(
      "SELECT p.primary_category, p.first_date, "
      "(SELECT string_agg(DISTINCT l.source, chr(31)) FROM listings l WHERE l.paper_id = p.id) "
      "FROM papers p WHERE p.id = ANY($1::bigint[])",
      {list});
  if (!r) return Fail(InSearch(r.error(), q));
  std::map<std::string, int64_t> sources, categories, years;
  for (int i = 0; i < r->size(); ++i) {
    ++out.faceted;
    if (std::string cat = r->Text(i, 0); !cat.empty()) ++categories[cat];
    if (std::string d = r->Text(i, 1); d.size() >= 4) ++years[d.substr(0, 4)];
    const std::string all = r->Text(i, 2);
    std::string_view srcs = all;
    while (!srcs.empty()) {
      const size_t sep = srcs.find('\x1f');
      if (std::string_view src = srcs.substr(0, sep); !src.empty()) ++sources[std::string(src)];
      if (sep == std::string_view::npos) break;
      srcs.remove_prefix(sep + 1);
    }
  }
  SortFacet(sources, false, &out.sources);
  SortFacet(categories, false, &out.categories);
  SortFacet(years, true, &out.years);
  return out;
}

Result<std::string> PgStore::SuggestQuery(const search::Query& q) {
  sqlite::Vocabulary vocab;
  vocab.docs = [this](const std::string& term) -> Result<int64_t> {
    auto r = conn_->Query("SELECT docs FROM search_terms WHERE term = $1", {term});
    if (!r) return Fail(r.error());
    return r->empty() ? int64_t{0} : r->Int(0, 0);
  };
  vocab.range = [this](const std::string& lo, const std::string& hi, int64_t min_chars,
                       int64_t max_chars) -> Result<std::vector<search::VocabWord>> {
    auto r = conn_->Query(
        "SELECT term, docs FROM search_terms WHERE term >= $1 AND term < $2 AND docs > 0 "
        "AND length(term) BETWEEN $3::bigint AND $4::bigint",
        {lo, hi, min_chars, max_chars});
    if (!r) return Fail(r.error());
    std::vector<search::VocabWord> words;
    for (int i = 0; i < r->size(); ++i) words.push_back({r->Text(i, 0), r->Int(i, 1)});
    return words;
  };
  auto out = sqlite::SuggestFromVocabulary(q, vocab);
  if (!out) return Fail(InSearch(out.error(), q));
  return out;
}

}  // namespace ah::store::pg
