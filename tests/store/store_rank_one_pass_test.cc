// Store conformance suite: the best matches a backend keeps for a query's
// pages, and its count, are Search's own order and number for every kind of
// query (SQLite ranks and counts a full-text query in one pass over its
// matches, outside SQL: bm25 first, or newest first for a category filter,
// with ties in the same order as SQL's ORDER BY).
#include <cstdio>

#include "store_fixture.h"

namespace ah::store::testing {
namespace {

using search::Field;

class StoreRankOnePassTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    // More matches than a backend may keep ranked (SQLite: 1,000), few
    // distinct dates and scores: most of the order is ties.
    std::vector<Paper> papers;
    for (int i = 0; i < 1300; ++i) {
      char id[32], date[32];  // room for any int (-Wformat-truncation)
      std::snprintf(id, sizeof id, "2403.%05d", i);
      std::snprintf(date, sizeof date, "2024-01-%02d", 1 + i % 5);
      Paper p = ArxivPaper(id, std::string(i % 7 == 0 ? "Graph graph " : "Graph ") + "study", 1,
                           date, i % 2 ? "cs.LG" : "cs.CV");
      p.abstract = std::string(i % 3 == 0 ? "graph " : "") + "words " + std::to_string(i % 11);
      papers.push_back(std::move(p));
    }
    ASSERT_EQ(Upsert(papers).added, 1300);
  }

  // Pages from the kept ranking are slices of Search's order without a limit,
  // and both counts are its length.
  void ExpectOneOrder(const search::Query& q, size_t want_total) {
    const std::vector<std::string> all = SearchKeys(q);
    ASSERT_EQ(all.size(), want_total);
    auto count = store().SearchFacets(q, 0);
    ASSERT_TRUE(count) << count.error().ToString();
    EXPECT_EQ(count->total, static_cast<int64_t>(want_total));
    for (int64_t offset : {0, 20, 500, 980, 990, 1000}) {
      if (offset >= static_cast<int64_t>(all.size())) continue;
      const std::vector<std::string> got = SearchKeys(q, 20, offset);
      const std::vector<std::string> want(
          all.begin() + offset,
          all.begin() + std::min<int64_t>(offset + 20, static_cast<int64_t>(all.size())));
      EXPECT_EQ(got, want) << "offset " << offset;
    }
    auto s = store().SearchFacets(q, 500);
    ASSERT_TRUE(s) << s.error().ToString();
    EXPECT_EQ(s->total, static_cast<int64_t>(want_total));
    EXPECT_EQ(s->faceted, std::min<int64_t>(500, static_cast<int64_t>(want_total)));
  }
};

TEST_P(StoreRankOnePassTest, RankedFullTextQuery) { ExpectOneOrder(Q(Term("graph")), 1300); }

TEST_P(StoreRankOnePassTest, RankedFullTextQueryWithConditions) {
  // Dates 2024-01-02 .. 2024-01-05: 4 of every 5 papers.
  ExpectOneOrder(Q(Term("graph"), "2024-01-02"), 1040);
  ExpectOneOrder(Q(And({Term("graph"), Term("arxiv", Field::kSource)})), 1300);
  ExpectOneOrder(Q(And({Term("graph"), Term("cs.lg", Field::kCategory)})), 650);
}

TEST_P(StoreRankOnePassTest, CategoryFilterIsNewestFirst) {
  ExpectOneOrder(Q(Term("cs.cv", Field::kCategory)), 650);
  ExpectOneOrder(Q(Or({Term("cs.cv", Field::kCategory), Term("cs.lg", Field::kCategory)})), 1300);
  ExpectOneOrder(Q(Term("cs.", Field::kCategory, true), "", "2024-01-04"), 1040);
}

TEST_P(StoreRankOnePassTest, TheCountIsRightBelowTheKeptDepthToo) {
  ExpectOneOrder(Q(And({Term("graph"), Term("words 3")})), 118);
  ExpectOneOrder(Q(Phrase("graph graph")), 186);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreRankOnePassTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace ah::store::testing
