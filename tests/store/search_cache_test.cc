// The search cache (store/search_cache.h) and the SQLite connections that share
// it: one library's connections rank a query once, and a write through any
// connection (or another process) makes every cached ranking stale.
#include "store/search_cache.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "search/query.h"
#include "store/sqlite/sqlite_store.h"
#include "store_test_util.h"
#include "testing.h"

namespace ah::store {
namespace {

using ah::testing::TempDir;
using store::testing::ArxivPaper;

std::shared_ptr<const CachedRanking> Ranking(std::string marker, std::vector<int64_t> ids) {
  auto r = std::make_shared<CachedRanking>();
  r->marker = std::move(marker);
  r->ids = std::move(ids);
  return r;
}

TEST(SearchCache, AnEntryServesOnlyTheStateItWasRankedAt) {
  SearchCache cache(4);
  EXPECT_EQ(cache.Get("q", "1:1"), nullptr);
  cache.Put("q", Ranking("1:1", {3, 2, 1}));
  ASSERT_NE(cache.Get("q", "1:1"), nullptr);
  EXPECT_EQ(cache.Get("q", "1:1")->ids, (std::vector<int64_t>{3, 2, 1}));
  EXPECT_EQ(cache.Get("q", "2:1"), nullptr);  // the library changed since
  cache.Put("q", Ranking("2:1", {4, 3}));     // ranked again: replaces it
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.Get("q", "2:1")->ids, (std::vector<int64_t>{4, 3}));
}

TEST(SearchCache, KeepsTheMostRecentlyUsedAndHandedOutEntriesOutliveEviction) {
  SearchCache cache(2);
  cache.Put("a", Ranking("m", {1}));
  cache.Put("b", Ranking("m", {2}));
  auto a = cache.Get("a", "m");  // "a" used: "b" is now the oldest
  cache.Put("c", Ranking("m", {3}));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_NE(cache.Get("a", "m"), nullptr);
  EXPECT_EQ(cache.Get("b", "m"), nullptr);
  EXPECT_NE(cache.Get("c", "m"), nullptr);
  cache.Put("d", Ranking("m", {4}));
  cache.Put("e", Ranking("m", {5}));
  EXPECT_EQ(cache.Get("a", "m"), nullptr);
  EXPECT_EQ(a->ids, (std::vector<int64_t>{1}));  // still valid for its holder
}

class SharedSearchCache : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = (dir_ / "lib.db").string();
    cache_ = std::make_shared<SearchCache>();
    for (auto* s : {&a_, &b_}) {
      auto st = sqlite::SqliteStore::Open(file_, {.search_cache = cache_});
      ASSERT_TRUE(st) << st.error().ToString();
      *s = std::move(*st);
    }
    std::vector<Paper> papers;
    for (int i = 0; i < 30; ++i) {
      papers.push_back(ArxivPaper("2401.000" + std::to_string(10 + i),
                                  "Graph study " + std::to_string(i)));
    }
    ASSERT_TRUE(a_->UpsertPage(papers, std::nullopt));
  }

  std::vector<std::string> Keys(Store& s, const std::string& query) {
    auto q = search::ParseQuery(query);
    EXPECT_TRUE(q) << q.error().ToString();
    auto found = s.Search(*q, 10, 0);
    EXPECT_TRUE(found) << found.error().ToString();
    std::vector<std::string> keys;
    for (const auto& v : *found) keys.push_back(v.paper.key);
    return keys;
  }

  int64_t Total(Store& s, const std::string& query) {
    auto q = search::ParseQuery(query);
    EXPECT_TRUE(q) << q.error().ToString();
    auto sum = s.SearchFacets(*q, 100);
    EXPECT_TRUE(sum) << sum.error().ToString();
    return sum->total;
  }

  TempDir dir_;
  std::string file_;
  std::shared_ptr<SearchCache> cache_;
  std::unique_ptr<sqlite::SqliteStore> a_, b_;
};

TEST_F(SharedSearchCache, OneConnectionRanksAndTheOtherReadsTheSameRanking) {
  const auto first = Keys(*a_, "graph");
  ASSERT_EQ(first.size(), 10u);
  EXPECT_EQ(cache_->size(), 1u);
  EXPECT_EQ(Keys(*b_, "graph"), first);
  EXPECT_EQ(cache_->size(), 1u);  // no second ranking
  EXPECT_EQ(Total(*b_, "graph"), 30);
  EXPECT_EQ(Total(*a_, "graph"), 30);
}

TEST_F(SharedSearchCache, AWriteThroughAnotherConnectionMakesTheRankingStale) {
  EXPECT_EQ(Total(*a_, "graph"), 30);
  ASSERT_TRUE(b_->UpsertPage({ArxivPaper("2401.00099", "Graph graph graph")}, std::nullopt));
  EXPECT_EQ(Total(*a_, "graph"), 31);
  EXPECT_EQ(Keys(*a_, "graph").front(), "2401.00099");  // the best match now
}

TEST_F(SharedSearchCache, AWriteByAnotherProcessMakesTheRankingStaleToo) {
  EXPECT_EQ(Total(*a_, "graph"), 30);
  {
    auto other = sqlite::SqliteStore::Open(file_);  // its own cache, as another process has
    ASSERT_TRUE(other) << other.error().ToString();
    ASSERT_TRUE((*other)->UpsertPage({ArxivPaper("2401.00098", "A graph")}, std::nullopt));
  }
  EXPECT_EQ(Total(*b_, "graph"), 31);
}

}  // namespace
}  // namespace ah::store
