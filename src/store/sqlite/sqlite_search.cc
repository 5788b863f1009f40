// Search and its facets. A results page asks for the count, the facets of the
// best matches and a page of them: ranking a broad query (bm25 over every
// match) costs more than all the rest, so a query is ranked once, its best
// kRankDepth ids kept in the search cache (store/search_cache.h: shared by the
// connections of a StorePool) while the library is unchanged, and the pages
// and the facets served from them. A full-text query is ranked in one pass
// over its matches that also counts them (SQL conditions read each match's
// row once, not once to rank and again to count).
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_set>

#include "search/suggest.h"
#include "store/sqlite/fts_analyzer.h"
#include "store/sqlite/fts_query.h"
#include "store/sqlite/fts_tokenizer.h"
#include "store/sqlite/sqlite_store.h"

namespace ah::store::sqlite {

// Ids kept per query: the facets' depth and the first 50 pages of 20.
constexpr size_t kRankDepth = 1000;

namespace {

// The ids (column `id`) of the papers matching `c`: with `ordered`, in Search's
// order (best bm25 first; filter-only queries newest first), else unordered.
std::string MatchingIdsSql(const CompiledQuery& c, bool ordered) {
  std::string sql;
  if (!c.match.empty()) {
    // Without SQL conditions the papers table is not touched until the page of
    // results is known (a broad term can match most of the library).
    if (c.where.empty() && (c.ranked || !ordered)) {
      sql = "SELECT rowid AS id FROM papers_fts WHERE papers_fts MATCH ?";
    } else {
      sql =
          "SELECT p.id AS id FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid "
          "WHERE papers_fts MATCH ?";
      if (!c.where.empty()) sql += " AND " + c.where;
    }
    if (ordered) {
      if (c.ranked && !c.exact_match.empty()) {
        // The words as written first (RankAll's order); bound last by BindQuery.
        sql +=
            " ORDER BY papers_fts.rowid IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?) "
            "DESC, bm25(papers_fts, 10.0, 3.0, 5.0, 1.0), papers_fts.rowid DESC";
      } else {
        sql += c.ranked ? " ORDER BY bm25(papers_fts, 10.0, 3.0, 5.0, 1.0), papers_fts.rowid DESC"
                        : " ORDER BY p.first_date DESC, p.id DESC";
      }
    }
  } else {
    sql = "SELECT p.id AS id FROM papers p";
    if (!c.where.empty()) sql += " WHERE " + c.where;
    if (ordered) sql += " ORDER BY p.first_date DESC, p.id DESC";
  }
  return sql;
}

// Binds the MATCH expression, the conditions' values and (`ordered`, as
// MatchingIdsSql orders) the exact expression from 1; returns the next index.
int BindQuery(Stmt& st, const CompiledQuery& c, bool ordered = false) {
  int i = 1;
  if (!c.match.empty()) st.BindText(i++, c.match);
  for (const auto& p : c.params) st.BindText(i++, p);
  if (ordered && c.ranked && !c.match.empty() && !c.exact_match.empty())
    st.BindText(i++, c.exact_match);
  return i;
}

std::string KeyOf(const CompiledQuery& c) {
  std::string key = c.ranked ? "r\x1e" : "f\x1e";
  key += c.match;
  key += '\x1e';
  key += c.where;
  for (const auto& p : c.params) {
    key += '\x1f';
    key += p;
  }
  return key;
}

void SortFacet(const std::map<std::string, int64_t>& counts, bool by_value_desc,
               std::vector<FacetCount>* out) {
  for (const auto& [value, n] : counts) out->push_back({value, n});
  std::sort(out->begin(), out->end(), [&](const FacetCount& a, const FacetCount& b) {
    if (by_value_desc) return a.value > b.value;
    if (a.count != b.count) return a.count > b.count;
    return a.value < b.value;
  });
}

Error InSearch(const Error& e, const search::Query& q) { return e.Wrap("search '" + q.raw + "'"); }

}  // namespace

Result<std::string> SqliteStore::SearchMarker() {
  auto st = db_->Cached(
      "SELECT (SELECT coalesce(max(seq), 0) FROM papers), "
      "(SELECT coalesce(max(id), 0) FROM listings)");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  auto row = (*st)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::string();
  return std::to_string((*st)->ColumnInt(0)) + ":" + std::to_string((*st)->ColumnInt(1));
}

Result<std::shared_ptr<const SqliteStore::Ranking>> SqliteStore::Ranked(const CompiledQuery& c) {
  // The marker is read before the ranking: a commit landing in between makes
  // the entry look older than it is (ranked again next time), never newer.
  auto marker = SearchMarker();
  if (!marker) return Fail(marker.error());
  const std::string key = KeyOf(c);
  if (auto hit = search_cache_->Get(key, *marker)) return hit;
  auto r = std::make_shared<Ranking>();
  r->marker = *marker;
  if (!c.match.empty()) {
    if (auto st = RankAll(c, r.get()); !st) return Fail(st.error());
  } else if (auto st = RankFirst(c, r.get()); !st) {
    return Fail(st.error());
  }
  search_cache_->Put(key, r);
  return std::shared_ptr<const Ranking>(std::move(r));
}

Status SqliteStore::RankFirst(const CompiledQuery& c, Ranking* r) {
  auto st = db_->Prepare(MatchingIdsSql(c, true) + " LIMIT ?");
  if (!st) return Fail(st.error());
  int i = BindQuery(*st, c, true);
  st->BindInt(i, static_cast<int64_t>(kRankDepth) + 1);
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    r->ids.push_back(st->ColumnInt(0));
  }
  r->complete = r->ids.size() <= kRankDepth;
  if (r->complete) {
    r->total = static_cast<int64_t>(r->ids.size());
  } else {
    r->ids.resize(kRankDepth);
  }
  return Ok();
}

Status SqliteStore::RankAll(const CompiledQuery& c, Ranking* r) {
  // Every match with its sort key, unordered; the best kRankDepth are chosen
  // here in MatchingIdsSql's order (bm25 ascending, else first_date descending
  // with NULL last; then id descending): SQLite's ORDER BY ... LIMIT would
  // rank them the same, but the count would take a second pass.
  std::string sql = MatchingIdsSql(c, false);
  const std::string key_column =
      c.ranked ? "bm25(papers_fts, 10.0, 3.0, 5.0, 1.0)" : "p.first_date";
  if (!c.ranked && sql.find(" JOIN papers p ") == std::string::npos) {
    sql =
        "SELECT p.id AS id FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid "
        "WHERE papers_fts MATCH ?";
    if (!c.where.empty()) sql += " AND " + c.where;
  }
  sql.replace(sql.find(" AS id FROM "), 6, " AS id, " + key_column + " AS k");
  auto st = db_->Prepare(sql);
  if (!st) return Fail(st.error());
  BindQuery(*st, c);
  // Papers matching the words as written rank before those matching only their stems.
  std::unordered_set<int64_t> exact;
  if (!c.exact_match.empty()) {
    auto ex = db_->Prepare("SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?");
    if (!ex) return Fail(ex.error());
    ex->BindText(1, c.exact_match);
    for (;;) {
      auto row = ex->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      exact.insert(ex->ColumnInt(0));
    }
  }
  struct Match {
    bool exact = false;     // matches the words as written
    double score;           // bm25 (ranked)
    std::string date;       // first_date (not ranked)
    bool has_date = false;  // NULL sorts last
    int64_t id;
  };
  std::vector<Match> all;
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    Match m{};
    m.id = st->ColumnInt(0);
    m.exact = !exact.empty() && exact.count(m.id) > 0;
    if (c.ranked) {
      m.score = st->ColumnDouble(1);
    } else if (!st->ColumnIsNull(1)) {
      m.has_date = true;
      m.date = st->ColumnString(1);
    }
    all.push_back(std::move(m));
  }
  auto better = [ranked = c.ranked](const Match& a, const Match& b) {
    if (ranked) {
      if (a.exact != b.exact) return a.exact;
      if (a.score != b.score) return a.score < b.score;
    } else {
      if (a.has_date != b.has_date) return a.has_date;
      if (a.date != b.date) return a.date > b.date;
    }
    return a.id > b.id;
  };
  const size_t keep = std::min(all.size(), kRankDepth);
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                    better);
  r->ids.reserve(keep);
  for (size_t i = 0; i < keep; ++i) r->ids.push_back(all[i].id);
  r->total = static_cast<int64_t>(all.size());
  r->complete = all.size() <= kRankDepth;
  return Ok();
}

Result<int64_t> SqliteStore::CountMatches(const CompiledQuery& c) {
  // Counting needs no ranking: FTS5 counts its matches without reading the papers.
  auto st = db_->Prepare("SELECT count(*) FROM (" + MatchingIdsSql(c, false) + ")");
  if (!st) return Fail(st.error());
  BindQuery(*st, c);
  auto row = st->Step();
  if (!row) return Fail(row.error());
  return *row ? st->ColumnInt(0) : 0;
}

Result<SearchSummary> SqliteStore::FacetsOf(const std::vector<int64_t>& ids) {
  SearchSummary out;
  if (ids.empty()) return out;
  std::string list = "[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) list += ',';
    list += std::to_string(ids[i]);
  }
  list += ']';
  auto st = db_->Cached(
      "SELECT p.primary_category, p.first_date, "
      "(SELECT group_concat(l.source, char(31)) FROM listings l WHERE l.paper_id = p.id) "
      "FROM papers p WHERE p.id IN (SELECT value FROM json_each(?))");
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  ScopedReset reset(s);
  s.BindText(1, list);
  std::map<std::string, int64_t> sources, categories, years;
  for (;;) {
    auto row = s.Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    ++out.faceted;
    if (std::string_view cat = s.ColumnText(0); !cat.empty()) ++categories[std::string(cat)];
    if (std::string_view d = s.ColumnText(1); d.size() >= 4) ++years[std::string(d.substr(0, 4))];
    std::string_view srcs = s.ColumnText(2);
    std::vector<std::string_view> seen;
    while (!srcs.empty()) {
      const size_t sep = srcs.find('\x1f');
      std::string_view src = srcs.substr(0, sep);
      if (!src.empty() && std::find(seen.begin(), seen.end(), src) == seen.end()) {
        seen.push_back(src);
        ++sources[std::string(src)];
      }
      if (sep == std::string_view::npos) break;
      srcs.remove_prefix(sep + 1);
    }
  }
  SortFacet(sources, false, &out.sources);
  SortFacet(categories, false, &out.categories);
  SortFacet(years, true, &out.years);
  return out;
}

Result<std::vector<PaperView>> SqliteStore::Search(const search::Query& q, int64_t limit,
                                                   int64_t offset) {
  auto compiled = CompileQuery(q);
  if (!compiled) return Fail(compiled.error());
  if (compiled->matches_nothing) return std::vector<PaperView>();
  if (offset < 0) offset = 0;
  if (limit > 0 && offset + limit <= static_cast<int64_t>(kRankDepth)) {
    auto ranked = Ranked(*compiled);
    if (!ranked) return Fail(InSearch(ranked.error(), q));
    const std::vector<int64_t>& ids = (*ranked)->ids;
    const size_t from = std::min(ids.size(), static_cast<size_t>(offset));
    const size_t to = std::min(ids.size(), static_cast<size_t>(offset + limit));
    auto views = ViewsOf(std::vector<int64_t>(ids.begin() + static_cast<std::ptrdiff_t>(from),
                                              ids.begin() + static_cast<std::ptrdiff_t>(to)));
    if (!views) return Fail(InSearch(views.error(), q));
    return views;
  }
  auto st = db_->Prepare(MatchingIdsSql(*compiled, true) + " LIMIT ? OFFSET ?");
  if (!st) return Fail(InSearch(st.error(), q));
  int i = BindQuery(*st, *compiled, true);
  st->BindInt(i++, limit > 0 ? limit : -1);
  st->BindInt(i++, offset);
  auto views = CollectViews(*st);
  if (!views) return Fail(InSearch(views.error(), q));
  return views;
}

Result<SearchSummary> SqliteStore::SearchFacets(const search::Query& q, size_t max_docs) {
  auto compiled = CompileQuery(q);
  if (!compiled) return Fail(compiled.error());
  if (compiled->matches_nothing) return SearchSummary{};
  if (max_docs == 0 && !compiled->match.empty()) {
    // Ranking a full-text query counts it, and the page of results that
    // usually follows comes from the same ranking.
    auto ranked = Ranked(*compiled);
    if (!ranked) return Fail(InSearch(ranked.error(), q));
    SearchSummary out;
    out.total = (*ranked)->total;
    return out;
  }
  if (max_docs == 0) {
    auto total = CountMatches(*compiled);
    if (!total) return Fail(InSearch(total.error(), q));
    SearchSummary out;
    out.total = *total;
    return out;
  }
  std::vector<int64_t> best;
  std::shared_ptr<const Ranking> cached;
  if (max_docs <= kRankDepth) {
    auto ranked = Ranked(*compiled);
    if (!ranked) return Fail(InSearch(ranked.error(), q));
    cached = *ranked;
    if (cached->summary && cached->summary_docs == max_docs) return *cached->summary;
    best.assign(cached->ids.begin(), cached->ids.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                               max_docs, cached->ids.size())));
  } else {
    auto st = db_->Prepare(MatchingIdsSql(*compiled, true) + " LIMIT ?");
    if (!st) return Fail(InSearch(st.error(), q));
    int i = BindQuery(*st, *compiled, true);
    st->BindInt(i, static_cast<int64_t>(max_docs));
    for (;;) {
      auto row = st->Step();
      if (!row) return Fail(InSearch(row.error(), q));
      if (!*row) break;
      best.push_back(st->ColumnInt(0));
    }
  }
  auto out = FacetsOf(best);
  if (!out) return Fail(InSearch(out.error(), q));
  if (cached != nullptr && cached->total >= 0) {
    out->total = cached->total;
  } else {
    auto total = CountMatches(*compiled);
    if (!total) return Fail(InSearch(total.error(), q));
    out->total = *total;
  }
  if (cached != nullptr) {
    // Entries are immutable: the ranking with its count and facets replaces it.
    auto with_summary = std::make_shared<Ranking>(*cached);
    with_summary->total = out->total;
    with_summary->summary = *out;
    with_summary->summary_docs = max_docs;
    search_cache_->Put(KeyOf(*compiled), std::move(with_summary));
  }
  return out;
}

Result<int64_t> SqliteStore::TermDocs(const std::string& term) {
  auto st = db_->Cached("SELECT doc FROM papers_fts_vocab WHERE term = ?");
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  ScopedReset reset(s);
  s.BindText(1, term);
  auto row = s.Step();
  if (!row) return Fail(row.error());
  return *row ? s.ColumnInt(0) : 0;
}

Result<std::string> SqliteStore::SuggestQuery(const search::Query& q) {
  Vocabulary vocab;
  vocab.docs = [this](const std::string& term) { return TermDocs(term); };
  vocab.range = [this](const std::string& lo, const std::string& hi, int64_t min_chars,
                       int64_t max_chars) -> Result<std::vector<search::VocabWord>> {
    // A range of the vocabulary, read from the index's b-tree in order.
    auto st = db_->Cached(
        "SELECT term, doc FROM papers_fts_vocab WHERE term >= ? AND term < ? "
        "AND length(term) BETWEEN ? AND ?");
    if (!st) return Fail(st.error());
    Stmt& s = **st;
    ScopedReset reset(s);
    s.BindText(1, lo);
    s.BindText(2, hi);
    s.BindInt(3, min_chars);
    s.BindInt(4, max_chars);
    std::vector<search::VocabWord> words;
    for (;;) {
      auto row = s.Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      words.push_back({std::string(s.ColumnText(0)), s.ColumnInt(1)});
    }
    return words;
  };
  auto out = SuggestFromVocabulary(q, vocab);
  if (!out) return Fail(InSearch(out.error(), q));
  return out;
}

}  // namespace ah::store::sqlite
