// UserStore conformance: accounts, sessions, API tokens. Runs against every
// backend: the Store backends (Store::user_store()), PostgreSQL's included (a
// schema of its own on the test server, pg_test_db.h).
#include "pg_test_db.h"
#include "store/pg/pg_store.h"
#include "store_fixture.h"

namespace ah::store::testing {
namespace {

// The Store backends keeping accounts by name, and "postgresql".
std::vector<std::string> UserBackends() {
  std::vector<std::string> out;
  // The Store backends that keep accounts (not the in-memory store);
  // "postgresql" always (skipped without a test server, failing without one
  // when AH_REQUIRE_POSTGRES=1).
  for (const Backend& b : BackendsWith(kUserStore))
    if (b.name != "postgresql") out.push_back(b.name);
  out.push_back("postgresql");
  return out;
}

class UserStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      AH_OPEN_TEST_LOCATION(location_, BackendKind::kPostgres, dir_.path());
      auto s = pg::PgStore::Open(location_->location());
      ASSERT_TRUE(s) << s.error().ToString();
      store_ = std::move(*s);
      users_ = store_->user_store();
      return;
    }
    for (const Backend& b : BackendsWith(kUserStore)) {
      if (b.name != GetParam()) continue;
      auto s = b.open(dir_.path());
      ASSERT_TRUE(s) << s.error().ToString();
      store_ = std::move(*s);
      users_ = store_->user_store();
    }
    ASSERT_NE(users_, nullptr);
  }
  UserStore& users() { return *users_; }
  User Ada() {
    User u;
    u.name = "ada";
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$fake";
    u.lang = "zh";
    return u;
  }

  ah::testing::TempDir dir_;
  std::unique_ptr<TestLocation> location_;
  std::unique_ptr<Store> store_;
  UserStore* users_ = nullptr;
};

TEST_P(UserStoreTest, CreatedUserReadsBackAndNamesAreUnique) {
  auto id = users().CreateUser(Ada());
  ASSERT_TRUE(id) << id.error().ToString();
  auto u = users().GetUser("ada");
  ASSERT_TRUE(u);
  ASSERT_TRUE(u->has_value());
  EXPECT_EQ((*u)->id, *id);
  EXPECT_EQ((*u)->password_hash, Ada().password_hash);
  EXPECT_EQ((*u)->lang, "zh");
  EXPECT_FALSE((*u)->admin);
  EXPECT_EQ((*u)->settings_json, "{}");
  EXPECT_GT((*u)->created_unix, 0);
  auto again = users().CreateUser(Ada());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Code::kAlreadyExists);
  auto none = users().GetUser("bob");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  auto count = users().CountUsers();
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 1);
}

TEST_P(UserStoreTest, UpdateChangesPasswordAdminAndSettings) {
  ASSERT_TRUE(users().CreateUser(Ada()));
  User u = **users().GetUser("ada");
  u.admin = true;
  u.password_hash = "new";
  u.settings_json = R"({"llm":{"model":"m"}})";
  ASSERT_TRUE(users().UpdateUser(u));
  User back = **users().GetUser("ada");
  EXPECT_TRUE(back.admin);
  EXPECT_EQ(back.password_hash, "new");
  EXPECT_EQ(back.settings_json, R"({"llm":{"model":"m"}})");
  User ghost;
  ghost.name = "ghost";
  auto st = users().UpdateUser(ghost);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, Code::kNotFound);
}

TEST_P(UserStoreTest, SessionsExpireAndCanBeEnded) {
  ASSERT_TRUE(users().CreateUser(Ada()));
  ASSERT_TRUE(users().CreateSession({"h1", "ada", "c1", 1000, 2000}));
  ASSERT_TRUE(users().CreateSession({"h2", "ada", "c2", 1000, 5000}));
  auto live = users().GetSession("h1", 1500);
  ASSERT_TRUE(live);
  ASSERT_TRUE(live->has_value());
  EXPECT_EQ((*live)->user, "ada");
  EXPECT_EQ((*live)->csrf, "c1");
  auto expired = users().GetSession("h1", 2000);
  ASSERT_TRUE(expired);
  EXPECT_FALSE(expired->has_value());
  auto removed = users().DeleteExpiredSessions(3000);
  ASSERT_TRUE(removed);
  EXPECT_EQ(*removed, 1);
  ASSERT_TRUE(users().DeleteSession("h2"));
  auto gone = users().GetSession("h2", 1500);
  ASSERT_TRUE(gone);
  EXPECT_FALSE(gone->has_value());
  ASSERT_TRUE(users().CreateSession({"h3", "ada", "c3", 1000, 5000}));
  ASSERT_TRUE(users().DeleteSessionsOf("ada"));
  EXPECT_FALSE(users().GetSession("h3", 1500)->has_value());
}

TEST_P(UserStoreTest, ApiTokensAreTheirUsersAlone) {
  ASSERT_TRUE(users().CreateUser(Ada()));
  auto id = users().CreateApiToken({0, "ada", "laptop", "digest", 1000, 0});
  ASSERT_TRUE(id);
  auto used = users().UseApiToken("digest", 5000);
  ASSERT_TRUE(used);
  ASSERT_TRUE(used->has_value());
  EXPECT_EQ((*used)->user, "ada");
  EXPECT_EQ((*used)->last_used_unix, 5000);
  auto list = users().ListApiTokens("ada");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].label, "laptop");
  auto theirs = users().DeleteApiToken("eve", *id);
  ASSERT_FALSE(theirs);
  EXPECT_EQ(theirs.error().code, Code::kNotFound);
  ASSERT_TRUE(users().DeleteApiToken("ada", *id));
  auto after = users().UseApiToken("digest", 6000);
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->has_value());
}

TEST_P(UserStoreTest, SettingsAreKeptAndReplaced) {
  auto none = users().GetSetting("registration");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(users().PutSetting("registration", "closed"));
  ASSERT_TRUE(users().PutSetting("registration", "open"));
  auto got = users().GetSetting("registration");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->value_or(""), "open");
}

INSTANTIATE_TEST_SUITE_P(Backends, UserStoreTest, ::testing::ValuesIn(UserBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace ah::store::testing
