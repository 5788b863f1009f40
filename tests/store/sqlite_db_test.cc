// The sqlite3 wrapper (store/sqlite/db.h): a bind SQLite refuses is an error of
// the statement, never a silently NULL parameter.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "store/sqlite/db.h"

namespace ah::store::sqlite {
namespace {

std::unique_ptr<Db> MemoryDb() {
  auto db = Db::Open(":memory:", false, true);
  EXPECT_TRUE(db) << db.error().ToString();
  EXPECT_TRUE((*db)->Exec("CREATE TABLE t(x TEXT NOT NULL)"));
  return std::move(*db);
}

TEST(SqliteDb, ATooLargeBindFailsTheStatementInsteadOfBindingNull) {
  auto db = MemoryDb();
  // The test connection's length limit stands in for SQLite's 1 GB default.
  sqlite3_limit(db->raw(), SQLITE_LIMIT_LENGTH, 1000);
  auto st = db->Cached("INSERT INTO t(x) VALUES(?)");
  ASSERT_TRUE(st);
  Stmt& s = **st;
  const std::string big(5000, 'x');
  s.BindText(1, big);
  Status r = s.Run();
  ASSERT_FALSE(r) << "a refused bind must not run the statement";
  EXPECT_EQ(r.error().code, Code::kTooLarge) << r.error().ToString();
  EXPECT_EQ(r.error().message.find("NOT NULL"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("too big"), std::string::npos) << r.error().message;
  s.Reset();
  EXPECT_EQ(*db->QueryInt("SELECT COUNT(*) FROM t"), 0);
  // Reset forgets the failure: the statement works again.
  s.BindText(1, "small");
  ASSERT_TRUE(s.Run());
  s.Reset();
  EXPECT_EQ(*db->QueryInt("SELECT COUNT(*) FROM t"), 1);
}

TEST(SqliteDb, ABindToAMissingParameterIsAnError) {
  auto db = MemoryDb();
  auto st = db->Prepare("SELECT ?");
  ASSERT_TRUE(st);
  st->BindInt(2, 7);
  auto row = st->Step();
  ASSERT_FALSE(row);
  EXPECT_EQ(row.error().code, Code::kInvalidArgument) << row.error().ToString();
}

TEST(SqliteDb, TheFirstFailedBindIsTheOneReported) {
  auto db = MemoryDb();
  sqlite3_limit(db->raw(), SQLITE_LIMIT_LENGTH, 100);
  auto st = db->Prepare("SELECT ?, ?");
  ASSERT_TRUE(st);
  st->BindText(1, std::string(500, 'a'));
  st->BindInt(3, 1);
  auto row = st->Step();
  ASSERT_FALSE(row);
  EXPECT_EQ(row.error().code, Code::kTooLarge);
  EXPECT_NE(row.error().message.find("value 1 "), std::string::npos) << row.error().message;
}

}  // namespace
}  // namespace ah::store::sqlite
