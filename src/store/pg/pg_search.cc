// PgStore's search: the query language (search/query.h) compiled to one SQL
// condition over `papers p`, whose full-text parts are tsquery expressions over
// p.tsv (GIN), and ranked by ts_rank_cd.
//
// Mapping (as the SQLite backend's, sqlite/fts_query.h, where PostgreSQL can):
//   any / ti / au / abs   the words as a phrase (phraseto_tsquery, 'simple':
//                         lower-cased as written) in any field / with weight A
//                         (title) / B (author names) / C (abstract); "any" also
//                         matches categories (D), as SQLite's full-text index does.
//                         A prefix term (x*) matches every word starting with it.
//   cat                   one of the paper's categories, ASCII case-insensitive;
//                         cat:cs.* a prefix of one.
//   src                   a listing of the paper has that source (case-insensitive).
//   id                    any id of the paper (ids::ParseIdRef forms); a DOI also
//                         finds the preprints that give it as their journal DOI.
//   date:                 p.first_date within the range.
//   AND / OR / NOT        tsquery && / || / !! inside full-text parts, SQL
//                         AND / OR / NOT around the rest.
// A term without searchable characters is ignored (a query left with nothing
// to search matches nothing). User text only ever reaches PostgreSQL as a
// statement parameter, parsed by phraseto_tsquery, never as tsquery syntax.
//
// Order: ts_rank_cd over the query's positive words (default weights: A 1.0,
// B 0.4, C 0.2, D 0.1) best first, ties newest paper first (as SQLite's bm25
// ties); queries without words (filters, cat:) newest first_date first, papers
// without a date last, then newest paper. What differs from SQLite: the scores
// themselves (cover density, not bm25), so papers of different scores may come
// in another order; no stems (and so no exact-words-first tier), no diacritic
// folding, no CJK bigrams, no author name forms ("Li, P").
#include <algorithm>
#include <map>

#include "core/ids.h"
#include "core/text.h"
#include "store/like_patterns.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/fts_query.h"  // HasSearchableText: the same notion of a searchable word

namespace ah::store::pg {
namespace {

using search::Field;
using search::Node;

struct Compiled {
  std::string where;  // condition over papers p; empty: every paper
  std::string rank;   // tsquery of the positive words; empty: not ranked
  std::vector<Value> params;
  bool nothing = false;  // nothing to search: no rows
};

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
  explicit Compiler(Compiled& out) : out_(out) {}

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
    const char* weights = n.field == Field::kTitle      ? "A"
                          : n.field == Field::kAuthor   ? "B"
                          : n.field == Field::kAbstract ? "C"
                                                        : "";
    const bool prefix = n.kind == Node::Kind::kTerm && n.prefix;
    std::string ts =
        "ah_tsquery(" + Param(text) + ", '" + weights + "', " + (prefix ? "true" : "false") + ")";
    if (!negated) out_.rank += (out_.rank.empty() ? "" : " || ") + ts;
    return Part{Part::Kind::kTs, std::move(ts)};
  }

  Compiled& out_;
};

Result<Compiled> CompileSearch(const search::Query& q) {
  Compiled out;
  Compiler c(out);
  std::vector<std::string> conds;
  if (q.has_root) {
    auto root = c.Compile(q.root, 0, false);
    if (!root) return Fail(root.error());
    if (root->kind == Part::Kind::kEmpty) {
      out.nothing = true;
      return out;
    }
    conds.push_back(Compiler::AsSql(*root));
  }
  if (!q.from_date.empty()) conds.push_back("p.first_date >= " + c.Param(q.from_date));
  if (!q.to_date.empty()) conds.push_back("p.first_date <= " + c.Param(q.to_date));
  for (size_t i = 0; i < conds.size(); ++i) {
    if (i) out.where += " AND ";
    out.where += "(" + conds[i] + ")";
  }
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
  auto c = CompileSearch(q);
  if (!c) return Fail(c.error());
  std::vector<PaperRow> out;
  if (c->nothing) return out;
  std::string sql = "SELECT p.id" + FromWhere(*c);
  sql += c->rank.empty() ? " ORDER BY p.first_date DESC NULLS LAST, p.id DESC"
                         : " ORDER BY ts_rank_cd(p.tsv, " + c->rank + ") DESC, p.id DESC";
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
  auto c = CompileSearch(q);
  if (!c) return Fail(c.error());
  if (c->nothing) return int64_t{0};
  auto r = conn_->QueryList("SELECT count(*)" + FromWhere(*c), c->params);
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

}  // namespace ah::store::pg
