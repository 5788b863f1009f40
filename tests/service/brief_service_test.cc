// The service's answer cache is shared by the LLM client's worker threads over
// one single-threaded SQLite library: concurrent use must neither corrupt the
// library nor lose answers. Also FieldOf / UrlOf.
#include "service/brief_service.h"

#include <gtest/gtest.h>

#include <thread>

#include "store/sqlite/sqlite_store.h"
#include "testing.h"

namespace ah::service {
namespace {

TEST(StoreResponseCache, ConcurrentUseFromManyThreadsKeepsTheLibraryIntact) {
  ah::testing::TempDir dir;
  const std::string path = (dir / "lib.db").string();
  {
    auto s = store::sqlite::SqliteStore::Open(path);
    ASSERT_TRUE(s) << s.error().ToString();
    StoreResponseCache cache(s->get());
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&cache, t] {
        for (int i = 0; i < 200; ++i) {
          const std::string key = "k" + std::to_string(t) + "-" + std::to_string(i);
          ASSERT_TRUE(cache.Put(key, std::string(100 + i, static_cast<char>('a' + t))));
          auto hit = cache.Get(key);
          ASSERT_TRUE(hit);
          ASSERT_TRUE(hit->has_value());
          ASSERT_EQ((*hit)->size(), static_cast<size_t>(100 + i));
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  auto s = store::sqlite::SqliteStore::Open(path);
  ASSERT_TRUE(s) << s.error().ToString();
  for (int t = 0; t < 8; ++t) {
    auto hit = (*s)->CacheGet("llm:k" + std::to_string(t) + "-199");
    ASSERT_TRUE(hit) << hit.error().ToString();
    ASSERT_TRUE(hit->has_value());
    EXPECT_EQ((*hit)->size(), 299u);
  }
}

TEST(BriefService, FieldsAndLinksOfPapers) {
  Paper a;
  a.ids.arxiv = "2606.00001";
  a.primary_category = "q-bio.GN";
  EXPECT_EQ(FieldOf(a), "q-bio");
  EXPECT_EQ(UrlOf(a), "https://arxiv.org/abs/2606.00001");
  Paper b;
  b.ids.doi = "10.1101/2026.01.01.000001";
  b.categories = {"Bioinformatics"};
  b.listings = {{"biorxiv", "2026-01-02", "new", "bioinformatics"}};
  EXPECT_EQ(FieldOf(b), "biorxiv:bioinformatics");
  EXPECT_EQ(UrlOf(b), "https://doi.org/10.1101/2026.01.01.000001");
  Paper c;
  c.ids.pmid = "123";
  c.journal = "Nature";
  c.url = "javascript:alert(1)";
  EXPECT_EQ(FieldOf(c), "nature");
  EXPECT_EQ(UrlOf(c), "https://pubmed.ncbi.nlm.nih.gov/123/");
}

}  // namespace
}  // namespace ah::service
