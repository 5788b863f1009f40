// A radar's include_updates (issue 11) is part of its stored definition; a
// radar stored before the field existed reads as "no updates" and takes the
// field when edited, in the same library file.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/sqlite/sqlite_store.h"
#include "testing.h"

namespace ah::store::sqlite {
namespace {

TEST(RadarUpdatesField, AnOlderRadarReadsAsNoUpdatesAndTakesTheFieldWhenEdited) {
  ah::testing::TempDir dir;
  const std::string path = (dir / "lib.db").string();
  {
    auto s = SqliteStore::Open(path);
    ASSERT_TRUE(s) << s.error().ToString();
  }
  // The row as the code before the field wrote it.
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const char* sql =
        "INSERT INTO radars(owner, name, doc, created_unix, updated_unix, public) VALUES("
        "'local', 'old', '{\"description\":\"graphs\",\"query\":\"\",\"exclude\":\"\","
        "\"include_categories\":[],\"exclude_categories\":[],\"include_sources\":[],"
        "\"exclude_sources\":[],\"authors\":[],\"seeds\":[]}', 1, 1, 0)";
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto s = SqliteStore::Open(path);
  ASSERT_TRUE(s) << s.error().ToString();
  auto old = (*s)->GetRadar("local", "old");
  ASSERT_TRUE(old && *old);
  EXPECT_FALSE((*old)->include_updates);
  EXPECT_EQ((*old)->description, "graphs");

  RadarDefinition edited = **old;
  edited.include_updates = true;
  ASSERT_TRUE((*s)->UpdateRadar("local", edited));
  auto now = (*s)->GetRadar("local", "old");
  ASSERT_TRUE(now && *now);
  EXPECT_TRUE((*now)->include_updates);
  EXPECT_EQ((*now)->description, "graphs");

  edited.include_updates = false;
  ASSERT_TRUE((*s)->UpdateRadar("local", edited));
  now = (*s)->GetRadar("local", "old");
  ASSERT_TRUE(now && *now);
  EXPECT_FALSE((*now)->include_updates);
}

}  // namespace
}  // namespace ah::store::sqlite
