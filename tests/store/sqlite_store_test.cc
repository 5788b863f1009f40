// SQLite-specific behaviour: opening, migrations, configuration, bad files.
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "store/open.h"
#include "store/sqlite/schema.h"
#include "store_backends.h"
#include "store_test_util.h"
#include "testing.h"

namespace ah::store::sqlite {
namespace {

using ah::testing::TempDir;
using store::testing::ArxivPaper;

// Runs a one-integer/one-text query on a file through a separate connection.
std::string QueryText(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr) {
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

void WriteFile(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

TEST(SqliteStore, CreatesTheSchemaAtTheCurrentVersionInWalMode) {
  TempDir dir;
  const auto file = dir / "lib.db";
  {
    auto s = SqliteStore::Open(file.string());
    ASSERT_TRUE(s) << s.error().ToString();
  }
  EXPECT_EQ(QueryText(file, "PRAGMA user_version"), std::to_string(kSchemaVersion));
  EXPECT_EQ(QueryText(file, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(QueryText(file, "SELECT count(*) FROM sqlite_master WHERE name = 'papers_fts'"), "1");
}

TEST(SqliteStore, MigratesAnEmptyFile) {
  TempDir dir;
  const auto file = dir / "empty.db";
  WriteFile(file, "");
  auto s = SqliteStore::Open(file.string());
  ASSERT_TRUE(s) << s.error().ToString();
  auto r = (*s)->UpsertPage({ArxivPaper("2401.00001", "Stored in a migrated file")}, std::nullopt);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->added, 1);
}

TEST(SqliteStore, MigratesAVersion1LibraryKeepingItsPapers) {
  TempDir dir;
  const auto file = dir / "v1.db";
  {
    auto s = SqliteStore::Open(file.string());
    ASSERT_TRUE(s) << s.error().ToString();
    ASSERT_TRUE((*s)->UpsertPage({ArxivPaper("2401.00001", "Stored before radars existed")}, std::nullopt));
  }
  // Back to what a version-1 build wrote: no radar tables.
  ASSERT_TRUE(store::testing::SqliteExec(
      file,
      "DROP TABLE radar_feedback; DROP TABLE radar_shown; DROP TABLE briefings; DROP TABLE radars; "
      "DROP TABLE llm_cache; DELETE FROM papers_fts_config WHERE k = 'hashsize'; "
      "DROP INDEX papers_seq; ALTER TABLE papers DROP COLUMN seq; DROP TABLE users; "
      "DROP TABLE auth_sessions; DROP TABLE api_tokens; DROP TABLE settings; "
      "DROP INDEX listings_paper; DROP INDEX listings_source; PRAGMA user_version = 1;"));
  auto s = SqliteStore::Open(file.string());
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_EQ(QueryText(file, "PRAGMA user_version"), std::to_string(kSchemaVersion));
  // Migration 3: the full-text index buffers more pending terms per transaction.
  EXPECT_EQ(QueryText(file, "SELECT v FROM papers_fts_config WHERE k = 'hashsize'"), "16777216");
  auto got = (*s)->Get("2401.00001");
  ASSERT_TRUE(got && *got);
  store::RadarDefinition r;
  r.name = "after migration";
  EXPECT_TRUE((*s)->CreateRadar(r));
  // Migration 4: papers stored before it count as change 0; users can be added.
  EXPECT_EQ(QueryText(file, "SELECT seq FROM papers"), "0");
  store::User u;
  u.name = "ada";
  EXPECT_TRUE((*s)->CreateUser(u));
  // Migration 5: listings are indexed by paper and by source (search).
  EXPECT_EQ(QueryText(file,
                      "SELECT count(*) FROM sqlite_master WHERE name IN "
                      "('listings_paper', 'listings_source')"),
            "2");
}

TEST(SqliteStore, GarbageFileIsAClearError) {
  TempDir dir;
  const auto file = dir / "garbage.db";
  WriteFile(file, "<html><body>502 Bad Gateway</body></html>" + std::string(4096, 'x'));
  auto s = SqliteStore::Open(file.string());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Code::kCorrupt);
  EXPECT_NE(s.error().message.find(file.string()), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("not an"), std::string::npos) << s.error().message;
  // The file is left as it was.
  EXPECT_EQ(ah::testing::ReadFile(file).substr(0, 6), "<html>");
}

TEST(SqliteStore, NewerSchemaIsRefused) {
  TempDir dir;
  const auto file = dir / "future.db";
  ASSERT_TRUE(store::testing::SqliteExec(file, "PRAGMA user_version = 99"));
  auto s = SqliteStore::Open(file.string());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Code::kCorrupt);
  EXPECT_NE(s.error().message.find("99"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("newer"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find(file.string()), std::string::npos);
}

TEST(SqliteStore, MissingParentDirectoryIsAnIoErrorNamingThePath) {
  TempDir dir;
  const auto file = dir / "no" / "such" / "dir" / "lib.db";
  auto s = SqliteStore::Open(file.string());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Code::kIo);
  EXPECT_NE(s.error().message.find(file.string()), std::string::npos) << s.error().message;
}

TEST(SqliteStore, InMemoryLibraryWorks) {
  auto s = SqliteStore::Open(":memory:");
  ASSERT_TRUE(s) << s.error().ToString();
  auto r = (*s)->UpsertPage({ArxivPaper("2401.00001", "In memory")}, std::nullopt);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->added, 1);
  auto g = (*s)->Get("2401.00001");
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->has_value());
}

TEST(SqliteStore, ReadOnlyOpenReadsButCannotWrite) {
  TempDir dir;
  const auto file = dir / "lib.db";
  {
    auto s = SqliteStore::Open(file.string());
    ASSERT_TRUE(s);
    ASSERT_TRUE((*s)->UpsertPage({ArxivPaper("2401.00001", "Read only")}, std::nullopt));
  }
  auto ro = SqliteStore::Open(file.string(), {.read_only = true});
  ASSERT_TRUE(ro) << ro.error().ToString();
  auto g = (*ro)->Get("2401.00001");
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->has_value());
  auto w = (*ro)->UpsertPage({ArxivPaper("2401.00002", "Refused")}, std::nullopt);
  EXPECT_FALSE(w);
  EXPECT_FALSE(SqliteStore::Open((dir / "absent.db").string(), {.read_only = true}));
}

TEST(SqliteStore, ReadersInOtherConnectionsSeeCommittedPages) {
  TempDir dir;
  const auto file = dir / "lib.db";
  auto writer = SqliteStore::Open(file.string());
  ASSERT_TRUE(writer);
  auto reader = SqliteStore::Open(file.string());
  ASSERT_TRUE(reader);
  ASSERT_TRUE((*writer)->UpsertPage({ArxivPaper("2401.00001", "Shared")}, std::nullopt));
  auto g = (*reader)->Get("2401.00001");
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->has_value());
}

TEST(SqliteStore, BulkModeStoresTheSameData) {
  TempDir dir;
  const auto file = dir / "bulk.db";
  {
    auto s = SqliteStore::Open(file.string(), {.bulk = true});
    ASSERT_TRUE(s);
    // A rollback journal while loading (no double write through the WAL)...
    EXPECT_NE(QueryText(file, "PRAGMA journal_mode"), "wal");
    ASSERT_TRUE((*s)->UpsertPage({ArxivPaper("2401.00001", "Bulk loaded")}, std::nullopt));
  }
  // ...and the library is back in WAL mode once the bulk load closes.
  EXPECT_EQ(QueryText(file, "PRAGMA journal_mode"), "wal");
  auto s = SqliteStore::Open(file.string());
  ASSERT_TRUE(s);
  auto g = (*s)->Get("2401.00001");
  ASSERT_TRUE(g);
  ASSERT_TRUE(g->has_value());
  EXPECT_EQ((*g)->paper.title, "Bulk loaded");
}

TEST(SqliteStore, CorruptDocumentIsReportedNotCrashed) {
  TempDir dir;
  const auto file = dir / "lib.db";
  auto s = SqliteStore::Open(file.string());
  ASSERT_TRUE(s);
  ASSERT_TRUE((*s)->UpsertPage({ArxivPaper("2401.00001", "Will be damaged")}, std::nullopt));
  ASSERT_TRUE(store::testing::SqliteExec(file, "UPDATE papers SET doc = '{\"title\": 5'"));
  auto g = (*s)->Get("2401.00001");
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().code, Code::kCorrupt);
  EXPECT_NE(g.error().message.find("row"), std::string::npos) << g.error().message;
  auto u = (*s)->UpsertPage({ArxivPaper("2401.00001", "Will be damaged")}, std::nullopt);
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().code, Code::kCorrupt);
}

TEST(SqliteStore, FullTextIndexStaysConsistentThroughUpdates) {
  auto s = SqliteStore::Open(":memory:");
  ASSERT_TRUE(s);
  Store& st = **s;
  for (int v = 1; v <= 5; ++v) {
    Paper p = ArxivPaper("2401.00001", "Title version" + std::to_string(v) + " word", v,
                         "2024-01-0" + std::to_string(v));
    p.categories = {"cs.LG", "cat" + std::to_string(v)};
    ASSERT_TRUE(st.UpsertPage({p}, std::nullopt));
  }
  for (int v = 1; v <= 5; ++v) {
    auto r =
        st.Search(store::testing::Q(store::testing::Term("version" + std::to_string(v))), 0, 0);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->size(), v == 5 ? 1u : 0u) << v;
  }
  auto word = st.Search(store::testing::Q(store::testing::Term("word")), 0, 0);
  ASSERT_TRUE(word);
  EXPECT_EQ(word->size(), 1u);
}

TEST(OpenStore, OpensSqliteByPathAndPostgresByUrl) {
  TempDir dir;
  auto s = store::OpenStore((dir / "lib.db").string());
  ASSERT_TRUE(s) << s.error().ToString();
  // A URL selects PostgreSQL (the store tests' postgresql backend opens one that
  // answers): a server that cannot be reached is named, its password never.
  auto pg = store::OpenStore("postgresql://ah:s3cret@127.0.0.1:1/library?connect_timeout=5");
  ASSERT_FALSE(pg);
  EXPECT_EQ(pg.error().code, Code::kUnreachable);
  EXPECT_NE(pg.error().message.find("127.0.0.1:1/library"), std::string::npos)
      << pg.error().message;
  EXPECT_EQ(pg.error().message.find("s3cret"), std::string::npos) << pg.error().message;
}

TEST(OpenStore, WithoutCreateAMissingLibraryIsNotFoundAndNoFileAppears) {
  TempDir dir;
  store::StoreOptions existing_only;
  existing_only.create_if_missing = false;
  const std::filesystem::path typo = dir / "libary.db";
  auto missing = store::OpenStore(typo.string(), existing_only);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Code::kNotFound);
  EXPECT_EQ(missing.error().message, "no library at " + typo.string());
  EXPECT_FALSE(std::filesystem::exists(typo));
  auto folder = store::OpenStore(dir.path().string(), existing_only);
  ASSERT_FALSE(folder);
  EXPECT_EQ(folder.error().code, Code::kInvalidArgument);
  EXPECT_NE(folder.error().message.find("is a folder, not a library file"), std::string::npos);
  // An existing library opens (and writes) as usual; so does a bulk first import's option.
  {
    auto created = store::OpenStore((dir / "lib.db").string());
    ASSERT_TRUE(created) << created.error().ToString();
  }
  existing_only.bulk_load = true;
  auto s = store::OpenStore((dir / "lib.db").string(), existing_only);
  ASSERT_TRUE(s) << s.error().ToString();
  auto r = (*s)->UpsertPage({ArxivPaper("2401.00001", "A paper")}, std::nullopt);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->added, 1);
}

TEST(UpsertStats, AddsCountsAndErrors) {
  store::UpsertStats a;
  a.added = 1;
  a.errors.emplace_back(Code::kParse, "x");
  store::UpsertStats b;
  b.added = 2;
  b.updated = 3;
  b.unchanged = 4;
  b.rejected = 5;
  b.errors.emplace_back(Code::kParse, "y");
  a += b;
  EXPECT_EQ(a.added, 3);
  EXPECT_EQ(a.updated, 3);
  EXPECT_EQ(a.unchanged, 4);
  EXPECT_EQ(a.rejected, 5);
  ASSERT_EQ(a.errors.size(), 2u);
  EXPECT_EQ(a.errors[1].message, "y");
}

}  // namespace
}  // namespace ah::store::sqlite
