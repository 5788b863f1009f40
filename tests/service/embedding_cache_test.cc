// Issue 13: a provider's embeddings are cached in the library as bytes
// (little-endian float32 BLOBs), and a later index load reads the same vectors
// back instead of calling the provider again.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>

#include "service/radar_service.h"
#include "store/sqlite/sqlite_store.h"
#include "testing.h"
#include "topic_papers.h"

namespace ah::service {
namespace {

// Deterministic vectors (from the text's bytes); counts the texts it embeds.
class CountingProvider : public radar::EmbeddingProvider {
 public:
  static constexpr int kDims = 8;
  std::string name() const override { return "fake-count"; }
  int dims() const override { return kDims; }
  Result<std::vector<std::vector<float>>> Embed(
      const std::vector<std::string>& texts) const override {
    texts_ += static_cast<int>(texts.size());
    std::vector<std::vector<float>> out;
    for (const auto& t : texts) {
      std::vector<float> v(kDims, 0.0f);
      for (size_t i = 0; i < t.size(); ++i)
        v[i % kDims] += static_cast<unsigned char>(t[i]) / 256.0f;
      out.push_back(std::move(v));
    }
    return out;
  }
  int texts() const { return texts_; }

 private:
  mutable std::atomic<int> texts_{0};
};

std::string Query(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr)
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

TEST(EmbeddingCache, VectorsAreCachedAsBlobsAndReadBackUnchanged) {
  ah::testing::TempDir dir;
  const auto file = dir / "lib.db";
  auto s = store::sqlite::SqliteStore::Open(file.string());
  ASSERT_TRUE(s) << s.error().ToString();
  std::vector<Paper> page;
  for (int i = 0; i < 6; ++i)
    page.push_back(TopicPaper("2401.1" + Pad(i), kGraphWords, i, "2024-01-02", "cs.LG"));
  ASSERT_TRUE((*s)->UpsertPage(page, std::nullopt));

  radar::RadarIndexOptions o;
  o.features.min_df = 1;
  o.features.max_df = 1.0;
  CountingProvider first;
  auto a = LibraryIndex::Load(**s, o, &first, s->get());
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(first.texts(), 6);
  EXPECT_EQ(Query(file, "SELECT count(*) FROM llm_cache WHERE key GLOB 'emb:fake-count:*'"), "6");
  EXPECT_EQ(Query(file,
                  "SELECT group_concat(DISTINCT typeof(value)) FROM llm_cache "
                  "WHERE key GLOB 'emb:fake-count:*'"),
            "blob");
  EXPECT_EQ(Query(file, "SELECT min(length(value)) FROM llm_cache WHERE key GLOB 'emb:*'"),
            std::to_string(4 * CountingProvider::kDims));

  CountingProvider second;
  auto b = LibraryIndex::Load(**s, o, &second, s->get());
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(second.texts(), 0);  // every vector from the cache (the index rescales rows: ulps)
  ASSERT_EQ((*b)->index().dims(), (*a)->index().dims());
  for (size_t i = 0; i < 6; ++i)
    for (int d = 0; d < (*a)->index().dims(); ++d)
      EXPECT_FLOAT_EQ((*b)->index().Embedding(i)[d], (*a)->index().Embedding(i)[d])
          << i << " " << d;
}

}  // namespace
}  // namespace ah::service
