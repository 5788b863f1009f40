// Issue 13: preprint <-> journal linking folds titles and first authors with
// utf8proc (core/text.h), and schema migration 10 recomputes the matching keys a
// version-8 library stored with the old folding, so that new records still
// link to old ones. Cached embeddings are bytes (BLOB, little-endian float32),
// and migration 11 converts the ones a version-10 library holds as text.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "core/floats.h"
#include "store/sqlite/db.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_store.h"
#include "store_test_util.h"
#include "testing.h"

namespace ah::store::sqlite {
namespace {

using ah::testing::TempDir;
using store::testing::ArxivPaper;
using store::testing::JournalPaper;

using MatchRow = std::tuple<int64_t, std::string, std::string>;  // id, hash, kind ("" = NULL)

std::vector<MatchRow> MatchRows(const std::string& file) {
  auto db = Db::Open(file, true, false);
  EXPECT_TRUE(db) << db.error().ToString();
  std::vector<MatchRow> rows;
  if (!db) return rows;
  auto st = (*db)->Prepare("SELECT id, match_hash, match_kind FROM papers ORDER BY id");
  EXPECT_TRUE(st);
  if (!st) return rows;
  while (true) {
    auto row = st->Step();
    EXPECT_TRUE(row);
    if (!row || !*row) break;
    rows.emplace_back(st->ColumnInt(0), st->ColumnString(1), st->ColumnString(2));
  }
  return rows;
}

Paper Preprint() {
  Paper p = ArxivPaper("2401.00001", "Straße networks for Vietnamese place names");
  p.authors = {{"Văn An Nguyễn", {}, ""}, {"John Smith", {}, ""}};
  return p;
}

Paper Journal() {
  return JournalPaper("10.1000/j.1", "STRASSE NETWORKS FOR VIETNAMESE PLACE NAMES.",
                      "NGUYỄN, Văn An");
}

TEST(SqliteUnicodeLinking, PreprintAndJournalDifferingInCaseAndDiacriticsLink) {
  TempDir dir;
  auto s = SqliteStore::Open((dir / "lib.db").string());
  ASSERT_TRUE(s) << s.error().ToString();
  ASSERT_TRUE((*s)->UpsertPage({Preprint()}, std::nullopt));
  auto stats = (*s)->UpsertPage({Journal()}, std::nullopt);
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(stats->updated, 1);
  auto pre = (*s)->Get("2401.00001");
  ASSERT_TRUE(pre && *pre);
  EXPECT_EQ((*pre)->paper.published_doi, "10.1000/j.1");
  EXPECT_EQ((*pre)->published_version_key, "doi:10.1000/j.1");
}

TEST(SqliteMigration10, RecomputesTheMatchingKeysOfAVersion9Library) {
  TempDir dir;
  const std::string file = (dir / "v8.db").string();
  Paper no_doi = JournalPaper("", "A journal record without a DOI takes no part");
  no_doi.ids.pmid = "123456";
  {
    auto s = SqliteStore::Open(file);
    ASSERT_TRUE(s) << s.error().ToString();
    ASSERT_TRUE((*s)->UpsertPage(
        {Preprint(), ArxivPaper("2401.00002", "Ｔｒａｎｓｆｏｒｍｅｒｓ everywhere"),
         JournalPaper("10.1000/j.9", "Journal of Übersetzung studies"), no_doi},
        std::nullopt));
  }
  const std::vector<MatchRow> fresh = MatchRows(file);
  ASSERT_EQ(fresh.size(), 4u);
  EXPECT_NE(std::get<1>(fresh[0]), "");
  EXPECT_EQ(std::get<1>(fresh[3]), "");  // no role, no key
  {
    // Back to what a version-8 build wrote: keys of another folding.
    auto db = Db::Open(file, false, false);
    ASSERT_TRUE(db);
    ASSERT_TRUE(
        (*db)->Exec("UPDATE papers SET match_hash = 12345 WHERE id = 1;"
                    "UPDATE papers SET match_hash = NULL, match_kind = NULL WHERE id = 2;"
                    "UPDATE papers SET match_kind = 1 WHERE id = 3;"
                    "UPDATE papers SET match_hash = 7, match_kind = 2 WHERE id = 4;"
                    "PRAGMA user_version = 9;"));
  }
  ASSERT_NE(MatchRows(file), fresh);
  auto s = SqliteStore::Open(file);
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_EQ(MatchRows(file), fresh);  // exactly what the upsert derives
  // A journal record ingested after the upgrade links to the migrated preprint.
  auto stats = (*s)->UpsertPage({Journal()}, std::nullopt);
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(stats->updated, 1);
  auto pre = (*s)->Get("2401.00001");
  ASSERT_TRUE(pre && *pre);
  EXPECT_EQ((*pre)->paper.published_doi, "10.1000/j.1");
}

TEST(SqliteMigration10, AnUnreadableStoredPaperFailsTheMigrationAndNamesThePaper) {
  TempDir dir;
  const std::string file = (dir / "bad.db").string();
  {
    auto s = SqliteStore::Open(file);
    ASSERT_TRUE(s);
    ASSERT_TRUE((*s)->UpsertPage({Preprint()}, std::nullopt));
  }
  {
    auto db = Db::Open(file, false, false);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->Exec("UPDATE papers SET doc = '{not json'; PRAGMA user_version = 9;"));
  }
  auto s = SqliteStore::Open(file);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("stored paper 1"), std::string::npos) << s.error().ToString();
  EXPECT_NE(s.error().message.find("migration to version 10"), std::string::npos);
  // Nothing half-done: the library is still at version 9.
  auto db = Db::Open(file, true, false);
  ASSERT_TRUE(db);
  EXPECT_EQ(*(*db)->QueryInt("PRAGMA user_version"), 9);
}

std::string TypeOf(const std::string& file, const std::string& key) {
  auto db = Db::Open(file, true, false);
  EXPECT_TRUE(db);
  if (!db) return "";
  auto st = (*db)->Prepare("SELECT typeof(value) FROM llm_cache WHERE key = ?");
  EXPECT_TRUE(st);
  if (!st) return "";
  st->BindText(1, key);
  auto row = st->Step();
  return row && *row ? st->ColumnString(0) : "";
}

TEST(SqliteVectorCache, RoundTripsVectorsAsBlobs) {
  TempDir dir;
  const std::string file = (dir / "lib.db").string();
  const std::vector<float> v = {0.25f, -1.5f, 0.0f, 3.0e-7f};
  {
    auto s = SqliteStore::Open(file);
    ASSERT_TRUE(s);
    auto miss = (*s)->CacheGetVector("emb:test:2401.00001");
    ASSERT_TRUE(miss);
    EXPECT_FALSE(miss->has_value());
    ASSERT_TRUE((*s)->CachePutVector("emb:test:2401.00001", v));
    ASSERT_TRUE((*s)->CachePutVector("emb:test:empty", std::vector<float>{}));
  }
  EXPECT_EQ(TypeOf(file, "emb:test:2401.00001"), "blob");
  EXPECT_EQ(TypeOf(file, "emb:test:empty"), "blob");
  auto s = SqliteStore::Open(file);
  ASSERT_TRUE(s);
  auto hit = (*s)->CacheGetVector("emb:test:2401.00001");
  ASSERT_TRUE(hit) << hit.error().ToString();
  ASSERT_TRUE(hit->has_value());
  EXPECT_EQ(**hit, v);
  auto empty = (*s)->CacheGetVector("emb:test:empty");
  ASSERT_TRUE(empty && empty->has_value());
  EXPECT_TRUE((*empty)->empty());
  // Bytes that are no float32 vector are an error naming the entry, not a crash.
  ASSERT_TRUE((*s)->CachePut("emb:test:bad", "abc"));
  auto bad = (*s)->CacheGetVector("emb:test:bad");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::kCorrupt);
  EXPECT_NE(bad.error().message.find("emb:test:bad"), std::string::npos);
}

TEST(SqliteMigration11, TextEmbeddingsOfAVersion10LibraryBecomeTheSameVectorsAsBlobs) {
  TempDir dir;
  const std::string file = (dir / "v9.db").string();
  std::vector<std::vector<float>> vectors;
  for (int i = 0; i < 3; ++i) {
    std::vector<float> v;
    for (int d = 0; d < 256; ++d)
      v.push_back(static_cast<float>((d * 7919 + i * 104729) % 2003) / 1001.0f - 1.0f);
    vectors.push_back(std::move(v));
  }
  vectors[1][5] = 0.0f;  // NUL bytes inside a text value
  {
    auto s = SqliteStore::Open(file);
    ASSERT_TRUE(s);
    ASSERT_TRUE((*s)->CachePut("llm:answer", "a text answer"));
  }
  {
    // What a version-9 build wrote: the vector's bytes bound as text.
    auto db = Db::Open(file, false, false);
    ASSERT_TRUE(db);
    for (size_t i = 0; i < vectors.size(); ++i) {
      auto st = (*db)->Prepare("INSERT INTO llm_cache(key, value, created_unix) VALUES(?,?,1)");
      ASSERT_TRUE(st);
      const std::string key = "emb:openai/te3:2401.0000" + std::to_string(i);
      const std::string bytes(reinterpret_cast<const char*>(vectors[i].data()),
                              vectors[i].size() * 4);
      st->BindText(1, key);
      st->BindText(2, bytes);
      ASSERT_TRUE(st->Run());
    }
    ASSERT_TRUE((*db)->Exec("PRAGMA user_version = 10;"));
  }
  EXPECT_EQ(TypeOf(file, "emb:openai/te3:2401.00001"), "text");
  auto s = SqliteStore::Open(file);
  ASSERT_TRUE(s) << s.error().ToString();
  for (size_t i = 0; i < vectors.size(); ++i) {
    const std::string key = "emb:openai/te3:2401.0000" + std::to_string(i);
    EXPECT_EQ(TypeOf(file, key), "blob");
    auto hit = (*s)->CacheGetVector(key);
    ASSERT_TRUE(hit && hit->has_value()) << key;
    EXPECT_EQ(**hit, vectors[i]) << key;
  }
  EXPECT_EQ(TypeOf(file, "llm:answer"), "text");  // other answers stay text
  auto answer = (*s)->CacheGet("llm:answer");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->value_or(""), "a text answer");
}

}  // namespace
}  // namespace ah::store::sqlite
