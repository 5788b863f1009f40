// Migration 9 on a real version-8 library: a delivery record a crash left
// "sending" (at most once, before) has no lease and is attempted again; sent
// records stay sent.
#include <gtest/gtest.h>

#include "store/sqlite/db.h"
#include "store/sqlite/sqlite_store.h"
#include "testing.h"

namespace ah::store::sqlite {
namespace {

using ah::testing::TempDir;

TEST(SqliteMigration9, ASendingRecordOfVersion8IsAttemptedAgainSentStaysSent) {
  TempDir dir;
  const std::string file = (dir / "v8.db").string();
  {
    auto s = SqliteStore::Open(file);
    ASSERT_TRUE(s) << s.error().ToString();
  }
  {
    // Back to what a version-8 build wrote.
    auto db = Db::Open(file, false, false);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->Exec(
        "DROP TABLE deliveries;"
        "CREATE TABLE deliveries(key TEXT PRIMARY KEY, owner TEXT NOT NULL, channel TEXT NOT NULL,"
        " state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
        " last_error TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '',"
        " created_unix INTEGER NOT NULL, updated_unix INTEGER NOT NULL) WITHOUT ROWID;"
        "INSERT INTO deliveries VALUES('digest:ada:2026-06-29', 'ada', 'email', 'sending', 1, '',"
        " '', 100, 100);"
        "INSERT INTO deliveries VALUES('digest:ada:2026-06-26', 'ada', 'email', 'sent', 1, '',"
        " 'ada@example.org', 90, 90);"
        "DROP INDEX IF EXISTS jobs_finished;"
        "PRAGMA user_version = 8;"));
  }
  auto s = SqliteStore::Open(file);
  ASSERT_TRUE(s) << s.error().ToString();
  DeliveryStore* d = (*s)->delivery_store();
  ASSERT_NE(d, nullptr);
  auto sent = d->GetDelivery("digest:ada:2026-06-26");
  ASSERT_TRUE(sent && *sent);
  EXPECT_EQ((*sent)->state, "sent");
  EXPECT_EQ((*sent)->detail, "ada@example.org");
  DeliveryRecord r;
  r.key = "digest:ada:2026-06-29";
  r.owner = "ada";
  r.channel = "email";
  r.message_id = "<digest.ada.2026-06-29@example.org>";
  r.lease_owner = "host:7";
  r.lease_expires_unix = 1000;
  auto again = d->BeginDelivery(r, 200);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_TRUE(*again) << "a record left sending by a version-8 crash has no lease: retried";
  auto rec = d->GetDelivery(r.key);
  ASSERT_TRUE(rec && *rec);
  EXPECT_EQ((*rec)->attempts, 2);
  EXPECT_EQ((*rec)->message_id, "<digest.ada.2026-06-29@example.org>");
  r.key = "digest:ada:2026-06-26";
  auto never = d->BeginDelivery(r, 200);
  ASSERT_TRUE(never);
  EXPECT_FALSE(*never);
}

}  // namespace
}  // namespace ah::store::sqlite
