// Store conformance suite: SearchFacets, the count and facets of a search
// (what a results page shows beside its first page of results).
#include <cstdio>

#include "store_fixture.h"

namespace ah::store::testing {
namespace {

using search::Field;

std::vector<std::pair<std::string, int64_t>> Pairs(const std::vector<FacetCount>& facet) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& f : facet) out.emplace_back(f.value, f.count);
  return out;
}

using P = std::vector<std::pair<std::string, int64_t>>;

class StoreFacetsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    // Listed twice by arXiv (new, then cross-listed) and once by OpenAlex.
    Paper a = ArxivPaper("2401.00001", "Graph networks for molecules", 1, "2024-01-03", "cs.LG");
    a.listings.push_back({"arxiv", "2024-01-04", "cross", "stat.ML"});
    a.listings.push_back({"openalex", "2024-01-10", "published", ""});
    Paper b = ArxivPaper("2401.00002", "Graph attention for parsing", 1, "2024-01-05", "cs.CL");
    Paper c = ArxivPaper("2301.00003", "Graph kernels revisited", 1, "2023-03-01", "cs.LG");
    Paper d = JournalPaper("10.1038/graph.1", "Graph theory of food webs", "Li, Wei", "nature",
                           "2022-05-01");
    // "graph" only in its abstract: the worst match of "graph".
    Paper e;
    e.ids.doi = "10.1101/2024.02.01.1";
    e.title = "Protein folding with diffusion";
    e.abstract = "A contact graph guides the sampler.";
    e.abstract_raw = e.abstract;
    e.categories = {"bioinformatics"};
    e.primary_category = "bioinformatics";
    e.listings = {{"biorxiv", "2024-02-01", "new", "bioinformatics"}};
    e.submitted = "2024-02-01";
    Paper f = ArxivPaper("2402.00006", "Quantum error correction", 1, "2024-02-02", "quant-ph");
    ASSERT_EQ(Upsert({a, b, c, d, e, f}).added, 6);
  }

  SearchSummary Facets(const search::Query& q, size_t max_docs = 1000) {
    auto r = store().SearchFacets(q, max_docs);
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : SearchSummary{};
  }
};

TEST_P(StoreFacetsTest, TotalIsWhatSearchFindsWithoutALimit) {
  const std::vector<search::Query> queries = {
      Q(Term("graph")),
      Q(Phrase("graph attention")),
      Q(Or({Term("kernels"), Term("quantum")})),
      Q(Term("graph", Field::kTitle)),
      Q(And({Term("graph"), Term("cs.lg", Field::kCategory)})),
      Q(Term("cs.lg", Field::kCategory)),
      Q(Term("biorxiv", Field::kSource)),
      Q(And({Term("graph"), Not(Term("molecules"))})),
      Q(Term("graph"), "2024-01-01", "2024-12-31"),
      DatesOnly("2023-01-01", "2023-12-31"),
      Q(Term("nothingmatchesthis")),
  };
  for (const auto& q : queries) {
    auto all = store().Search(q, 0, 0);
    ASSERT_TRUE(all) << all.error().ToString();
    auto page = store().Search(q, 2, 0);
    ASSERT_TRUE(page);
    const SearchSummary s = Facets(q);
    EXPECT_EQ(s.total, static_cast<int64_t>(all->size())) << q.raw;
    EXPECT_LE(page->size(), 2u);
    EXPECT_EQ(s.faceted, s.total);
  }
}

TEST_P(StoreFacetsTest, CountsSourcesCategoriesAndYearsOfTheMatches) {
  const SearchSummary s = Facets(Q(Term("graph")));
  EXPECT_EQ(s.total, 5);
  EXPECT_EQ(s.faceted, 5);
  // A paper counts once per source however often that source listed it.
  EXPECT_EQ(Pairs(s.sources), (P{{"arxiv", 3}, {"biorxiv", 1}, {"nature", 1}, {"openalex", 1}}));
  // Most papers first, ties by name; the journal paper has no primary category.
  EXPECT_EQ(Pairs(s.categories), (P{{"cs.LG", 2}, {"bioinformatics", 1}, {"cs.CL", 1}}));
  // The earliest known date's year, newest year first.
  EXPECT_EQ(Pairs(s.years), (P{{"2024", 3}, {"2023", 1}, {"2022", 1}}));
}

TEST_P(StoreFacetsTest, FacetsCountOnlyTheBestMatchesWhenThereAreMore) {
  // The four title matches rank above the abstract-only one.
  const SearchSummary s = Facets(Q(Term("graph")), 4);
  EXPECT_EQ(s.total, 5);
  EXPECT_EQ(s.faceted, 4);
  EXPECT_EQ(Pairs(s.sources), (P{{"arxiv", 3}, {"nature", 1}, {"openalex", 1}}));
  EXPECT_EQ(Pairs(s.categories), (P{{"cs.LG", 2}, {"cs.CL", 1}}));
  // Filter-only queries: the newest papers are the best.
  const SearchSummary newest = Facets(DatesOnly("2020-01-01", "2030-01-01"), 2);
  EXPECT_EQ(newest.total, 6);
  EXPECT_EQ(newest.faceted, 2);
  EXPECT_EQ(Pairs(newest.categories), (P{{"bioinformatics", 1}, {"quant-ph", 1}}));
  EXPECT_EQ(Pairs(newest.years), (P{{"2024", 2}}));
}

TEST_P(StoreFacetsTest, NoMatchesAndNoRoomGiveEmptyFacets) {
  const SearchSummary none = Facets(Q(Term("nothingmatchesthis")));
  EXPECT_EQ(none.total, 0);
  EXPECT_EQ(none.faceted, 0);
  EXPECT_TRUE(none.sources.empty());
  EXPECT_TRUE(none.categories.empty());
  EXPECT_TRUE(none.years.empty());
  // A term with nothing searchable in it matches nothing (as Search).
  EXPECT_EQ(Facets(Q(Term("!!!"))).total, 0);
  const SearchSummary counted = Facets(Q(Term("graph")), 0);
  EXPECT_EQ(counted.total, 5);
  EXPECT_EQ(counted.faceted, 0);
  EXPECT_TRUE(counted.sources.empty());
}

TEST_P(StoreFacetsTest, UserTextStaysTextInTheCount) {
  // FTS5 syntax and SQL typed by a user are plain words: counted, never run.
  EXPECT_EQ(Facets(Q(Term("graph\" OR \"quantum"))).total, 0);
  EXPECT_EQ(Facets(Q(Term("'; DROP TABLE papers; --"))).total, 0);
  EXPECT_EQ(Facets(Q(Term("graph"))).total, 5);
}

// Search's order and exactness hold however the backend finds and keeps
// the matches (SQLite: categories through the full-text index, a query's
// ranking kept for its next pages while the library is unchanged).
class StoreRankingTest : public StoreTest {};

TEST_P(StoreRankingTest, CategoriesMatchExactlyAndFilterOnlyQueriesAreNewestFirst) {
  Paper joined = ArxivPaper("2401.00001", "Joined subject", 1, "2024-01-01");
  joined.categories = {"cancer biology"};
  Paper split = ArxivPaper("2401.00002", "Split subjects", 1, "2024-01-03");
  split.categories = {"cancer", "biology"};
  Paper other = ArxivPaper("2401.00003", "Cancer biology in the title", 1, "2024-01-02");
  other.categories = {"q-bio.CB"};
  Paper newer = ArxivPaper("2401.00004", "Another joined subject", 1, "2024-01-05");
  newer.categories = {"Cancer Biology", "q-bio.CB"};
  ASSERT_EQ(Upsert({joined, split, other, newer}).added, 4);
  EXPECT_EQ(SearchKeys(Q(Phrase("cancer biology", Field::kCategory))),
            (std::vector<std::string>{"2401.00004", "2401.00001"}));
  EXPECT_EQ(SearchKeys(Q(Term("q-bio.CB", Field::kCategory))),
            (std::vector<std::string>{"2401.00004", "2401.00003"}));
  EXPECT_EQ(SearchKeys(Q(Term("q-bio.", Field::kCategory, true))),
            (std::vector<std::string>{"2401.00004", "2401.00003"}));
  EXPECT_EQ(SearchKeys(Q(Term("cancer", Field::kCategory))),
            std::vector<std::string>{"2401.00002"});
  EXPECT_EQ(
      SearchKeys(Q(And({Term("subject"), Phrase("cancer biology", Field::kCategory)}))).size(), 2u);
  EXPECT_EQ(
      SearchKeys(Q(Or({Term("cancer", Field::kCategory), Term("q-bio.CB", Field::kCategory)}))),
      (std::vector<std::string>{"2401.00004", "2401.00002", "2401.00003"}));
  EXPECT_EQ(SearchKeys(Q(And({Term("q-bio.CB", Field::kCategory), Not(Term("another"))}))),
            std::vector<std::string>{"2401.00003"});
  auto s = store().SearchFacets(Q(Phrase("cancer biology", Field::kCategory)), 10);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->total, 2);
}

TEST_P(StoreRankingTest, PagesAreSlicesOfOneOrderAcrossTheKeptDepth) {
  // More matches than a backend may keep ranked (SQLite: 1,000).
  std::vector<Paper> page;
  for (int i = 0; i < 1100; ++i) {
    char id[32];  // room for any int: -Wformat-truncation at -O1 (asan preset)
    std::snprintf(id, sizeof id, "2402.%05d", i);
    Paper p = ArxivPaper(id, std::string(i % 7 == 0 ? "Graph graph " : "Graph ") + "paper " + id);
    p.abstract = std::string(i % 3 == 0 ? "graph " : "") + "words " + std::to_string(i % 13);
    page.push_back(std::move(p));
  }
  ASSERT_EQ(Upsert(page).added, 1100);
  const search::Query q = Q(Term("graph"));
  const std::vector<std::string> all = SearchKeys(q);
  ASSERT_EQ(all.size(), 1100u);
  for (int64_t offset : {0, 20, 980, 990, 1000, 1080}) {
    const std::vector<std::string> got = SearchKeys(q, 20, offset);
    const std::vector<std::string> want(all.begin() + offset,
                                        all.begin() + std::min<int64_t>(offset + 20, 1100));
    EXPECT_EQ(got, want) << "offset " << offset;
  }
  auto s = store().SearchFacets(q, 1000);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->total, 1100);
  EXPECT_EQ(s->faceted, 1000);
}

TEST_P(StoreRankingTest, AChangeOfTheLibraryIsSeenByTheNextSearch) {
  ASSERT_EQ(
      Upsert({ArxivPaper("2401.00001", "Graph one"), ArxivPaper("2401.00002", "Graph two")}).added,
      2);
  const search::Query q = Q(Term("graph"));
  EXPECT_EQ(SearchKeys(q, 20, 0).size(), 2u);
  ASSERT_TRUE(store().SearchFacets(q, 100));
  // Written through this store (and, pooled, through the pool's writer).
  ASSERT_EQ(Upsert({ArxivPaper("2401.00003", "Graph graph graph three")}).added, 1);
  EXPECT_EQ(SearchKeys(q, 20, 0).size(), 3u);
  EXPECT_EQ(SearchKeys(q, 1, 0), std::vector<std::string>{"2401.00003"});
  auto s = store().SearchFacets(q, 100);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->total, 3);
  EXPECT_EQ(s->faceted, 3);
  // And through another connection to the same library.
  auto other = GetParam().open(dir_.path());
  ASSERT_TRUE(other);
  ASSERT_TRUE((*other)->UpsertPage({ArxivPaper("2401.00004", "Graph four")}, std::nullopt));
  EXPECT_EQ(SearchKeys(q, 20, 0).size(), 4u);
  s = store().SearchFacets(q, 100);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->total, 4);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreRankingTest,
                         ::testing::ValuesIn(BackendsWith(kRankedSearch)), BackendName);

INSTANTIATE_TEST_SUITE_P(Backends, StoreFacetsTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace ah::store::testing
