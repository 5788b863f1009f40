// Several processes on one library file while it is first filled: a bulk load
// keeps a rollback journal, and a connection opening meanwhile must neither fail
// at once (SQLite refuses a journal-mode switch without waiting while another
// connection writes) nor take the bulk mode for itself.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "store/open.h"
#include "store/sqlite/sqlite_store.h"
#include "store_test_util.h"
#include "testing.h"

namespace ah::store::sqlite {
namespace {

using ah::testing::TempDir;
using store::testing::ArxivPaper;

// A raw connection standing in for another process.
class OtherProcess {
 public:
  explicit OtherProcess(const std::filesystem::path& file) {
    EXPECT_EQ(sqlite3_open(file.c_str(), &db_), SQLITE_OK);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~OtherProcess() { sqlite3_close(db_); }
  int Exec(const std::string& sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  }
  std::string Text(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

TEST(SqliteConcurrency, OpeningWhileABulkLoadWritesNeitherFailsNorWaitsForTheLoad) {
  TempDir dir;
  const auto file = dir / "lib.db";
  auto bulk = SqliteStore::Open(file.string(), {.bulk = true});
  ASSERT_TRUE(bulk) << bulk.error().ToString();
  ASSERT_TRUE((*bulk)->UpsertPage({ArxivPaper("2401.00001", "Loaded first")}, std::nullopt));
  {
    // The load is inside a write transaction (rollback journal: a RESERVED lock).
    OtherProcess writer(file);
    ASSERT_EQ(writer.Text("PRAGMA journal_mode"), "delete");
    ASSERT_EQ(writer.Exec("BEGIN IMMEDIATE; INSERT INTO llm_cache VALUES('k', 'v', 0)"), SQLITE_OK);
    auto reader = SqliteStore::Open(file.string());
    ASSERT_TRUE(reader) << reader.error().ToString();
    auto stats = (*reader)->Stats();
    ASSERT_TRUE(stats) << stats.error().ToString();
    EXPECT_EQ(stats->papers, 1);
    EXPECT_EQ(writer.Exec("COMMIT"), SQLITE_OK);
  }
  bulk->reset();
  OtherProcess after(file);
  EXPECT_EQ(after.Text("PRAGMA journal_mode"), "wal") << "the library ends in WAL mode";
}

TEST(SqliteConcurrency, OnlyTheOpenThatCreatesTheFileLoadsInBulk) {
  TempDir dir;
  const auto file = dir / "lib.db";
  // A connection reports the mode of the file as it was when it last read it: ask a fresh one.
  auto mode = [&] { return OtherProcess(file).Text("PRAGMA journal_mode"); };
  auto first = SqliteStore::Open(file.string(), {.bulk_if_new = true});
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_NE(mode(), "wal") << "the creator loads in bulk";
  first->reset();
  EXPECT_EQ(mode(), "wal");
  // The file exists now: a second first-import opens it normally (WAL stays).
  auto second = SqliteStore::Open(file.string(), {.bulk_if_new = true});
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(mode(), "wal");
}

TEST(SqliteConcurrency, AGroupThatCannotStartWaitsOnceNotOncePerPage) {
  TempDir dir;
  const auto file = dir / "lib.db";
  auto s = SqliteStore::Open(file.string());
  ASSERT_TRUE(s);
  OtherProcess writer(file);
  ASSERT_EQ(writer.Exec("BEGIN IMMEDIATE; INSERT INTO llm_cache VALUES('k', 'v', 0)"), SQLITE_OK);
  const std::vector<Paper> a = {ArxivPaper("2401.00001", "One")};
  const std::vector<Paper> b = {ArxivPaper("2401.00002", "Two")};
  const std::vector<Paper> c = {ArxivPaper("2401.00003", "Three")};
  const auto t0 = std::chrono::steady_clock::now();
  auto results = (*s)->UpsertPages({&a, &b, &c});
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(results.size(), 3u);
  for (const auto& r : results) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Code::kUnavailable);
    EXPECT_NE(r.error().message.find("the library is busy: another process is writing to it"),
              std::string::npos)
        << r.error().message;
  }
  EXPECT_LT(secs, 9.0) << "one busy timeout (5 s) for the group, not one more per page";
  EXPECT_EQ(writer.Exec("COMMIT"), SQLITE_OK);
}

TEST(SqliteConcurrency, TwoFirstImportsAtOnceBothStoreEverything) {
  TempDir dir;
  const auto file = dir / "lib.db";
  constexpr int kPages = 40;
  auto import = [&](int which, Status* out) {
    auto s = OpenStore(file.string(), {.bulk_load = true});
    if (!s) {
      *out = Fail(s.error());
      return;
    }
    for (int i = 0; i < kPages; ++i) {
      std::vector<Paper> page;
      for (int k = 0; k < 50; ++k) {
        char id[32];
        std::snprintf(id, sizeof id, "24%02d.%05d", which + 1, i * 50 + k);
        page.push_back(ArxivPaper(id, "Paper " + std::string(id)));
      }
      auto r = (*s)->UpsertPage(page, std::nullopt);
      if (!r) {
        *out = Fail(r.error());
        return;
      }
    }
    *out = Ok();
  };
  Status a = Ok(), b = Ok();
  std::thread ta(import, 0, &a);
  std::thread tb(import, 1, &b);
  ta.join();
  tb.join();
  ASSERT_TRUE(a) << a.error().ToString();
  ASSERT_TRUE(b) << b.error().ToString();
  auto s = SqliteStore::Open(file.string());
  ASSERT_TRUE(s);
  auto stats = (*s)->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->papers, 2 * kPages * 50);
}

}  // namespace
}  // namespace ah::store::sqlite
