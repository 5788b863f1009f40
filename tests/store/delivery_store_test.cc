// DeliveryStore conformance: delivery records by key (attempted again after a
// failure, never after it was sent, not again while one is being sent), on
// every backend: the Store backends (Store::delivery_store()) and PostgreSQL's
// PgDeliveryStore (a schema of its own on the test server, pg_test_db.h).
// Feed tokens need radars, which only the Store backends keep so far: their
// tests are in tests/service and tests/web.
#include <thread>

#include "pg_test_db.h"
#include "store/open.h"
#include "store/pg/pg_delivery.h"
#include "store_fixture.h"

namespace ah::store::testing {
namespace {

std::vector<std::string> DeliveryBackends() {
  std::vector<std::string> out;
  // The Store backends that keep radars, and so their feed tokens and
  // deliveries (SQLite; not the in-memory store, nor the Store on PostgreSQL,
  // whose are the PostgreSQL stores tested under "postgresql").
  for (const Backend& b : BackendsWith(kRadarStore)) out.push_back(b.name);
  out.push_back("postgresql");
  return out;
}

class DeliveryStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      AH_OPEN_TEST_LOCATION(location_, BackendKind::kPostgres, dir_.path());
      deliveries_ = Another();
      ASSERT_NE(deliveries_, nullptr);
      return;
    }
    for (const Backend& b : BackendsWith(kRadarStore)) {
      if (b.name != GetParam()) continue;
      auto s = b.open(dir_.path());
      ASSERT_TRUE(s) << s.error().ToString();
      store_ = std::move(*s);
      deliveries_ = store_->delivery_store();
    }
    ASSERT_NE(deliveries_, nullptr);
  }
  // Another connection to the same library (another worker); owned by the fixture.
  DeliveryStore* Another() {
    if (GetParam() == "postgresql") {
      auto s = pg::PgDeliveryStore::Open(location_->location());
      EXPECT_TRUE(s) << s.error().ToString();
      if (!s) return nullptr;
      pg_.push_back(std::move(*s));
      return pg_.back().get();
    }
    for (const Backend& b : BackendsWith(kRadarStore)) {
      if (b.name != GetParam()) continue;
      auto s = b.open(dir_.path());
      EXPECT_TRUE(s) << s.error().ToString();
      if (!s) return nullptr;
      others_.push_back(std::move(*s));
      return others_.back()->delivery_store();
    }
    return nullptr;
  }
  DeliveryStore& d() { return *deliveries_; }
  static DeliveryRecord Digest(std::string key) {
    DeliveryRecord r;
    r.key = std::move(key);
    r.owner = "alice";
    r.channel = "email";
    return r;
  }

  ah::testing::TempDir dir_;
  std::unique_ptr<TestLocation> location_;
  std::unique_ptr<Store> store_;
  std::vector<std::unique_ptr<DeliveryStore>> pg_;
  std::vector<std::unique_ptr<Store>> others_;
  DeliveryStore* deliveries_ = nullptr;
};

TEST_P(DeliveryStoreTest, AFailedDeliveryIsAttemptedAgainASentOneNever) {
  const std::string key = "digest:alice:2026-06-30";
  ASSERT_TRUE(d().BeginDelivery(Digest(key), 100).value());
  // Being sent (or left so by a crash): not begun again.
  EXPECT_FALSE(d().BeginDelivery(Digest(key), 101).value());
  ASSERT_TRUE(d().FinishDelivery(key, "failed", "SMTP 451 at mail.example", "", 102));
  auto failed = d().GetDelivery(key).value();
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->state, "failed");
  EXPECT_EQ(failed->last_error, "SMTP 451 at mail.example");
  EXPECT_EQ(failed->attempts, 1);
  ASSERT_TRUE(d().BeginDelivery(Digest(key), 200).value());
  ASSERT_TRUE(d().FinishDelivery(key, "sent", "", "<id@example>", 201));
  EXPECT_FALSE(d().BeginDelivery(Digest(key), 300).value());
  auto sent = d().GetDelivery(key).value();
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->state, "sent");
  EXPECT_EQ(sent->attempts, 2);
  EXPECT_EQ(sent->detail, "<id@example>");
  EXPECT_EQ(sent->owner, "alice");
  EXPECT_EQ(sent->channel, "email");
  EXPECT_EQ(sent->created_unix, 100);
  EXPECT_EQ(sent->updated_unix, 201);
}

TEST_P(DeliveryStoreTest, RejectsWhatCannotBeRecorded) {
  auto no_key = d().BeginDelivery(Digest(""), 1);
  ASSERT_FALSE(no_key);
  EXPECT_EQ(no_key.error().code, Code::kInvalidArgument);
  auto unknown = d().FinishDelivery("digest:nobody:2026-01-01", "sent", "", "", 1);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Code::kNotFound);
  ASSERT_TRUE(d().BeginDelivery(Digest("k"), 1).value());
  auto bad = d().FinishDelivery("k", "maybe", "", "", 2);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
  EXPECT_FALSE(d().GetDelivery("missing").value());
}

TEST_P(DeliveryStoreTest, AFeedTokenOfAMissingRadarIsNotFound) {
  FeedToken t{"tok", "alice", 424242, 1};
  auto st = d().SetFeedToken(t);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, Code::kNotFound);
  EXPECT_FALSE(d().FindFeedToken("tok").value());
  EXPECT_FALSE(d().GetFeedToken("alice", 424242).value());
}

// Workers delivering one digest at once, each on its own connection: exactly
// one begins it.
TEST_P(DeliveryStoreTest, OfWorkersBeginningOneDeliveryAtOnceOneBegins) {
  constexpr int kWorkers = 4;
  std::vector<DeliveryStore*> conns;
  for (int i = 0; i < kWorkers; ++i) {
    conns.push_back(Another());
    ASSERT_NE(conns.back(), nullptr);
  }
  for (int round = 0; round < 10; ++round) {
    const std::string key = "digest:alice:round" + std::to_string(round);
    std::atomic<int> begun{0};
    std::vector<std::thread> ts;
    for (int i = 0; i < kWorkers; ++i) {
      ts.emplace_back([&, i] {
        auto b = conns[i]->BeginDelivery(Digest(key), 1);
        EXPECT_TRUE(b) << b.error().ToString();
        if (b && *b) ++begun;
      });
    }
    for (auto& t : ts) t.join();
    EXPECT_EQ(begun.load(), 1) << key;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, DeliveryStoreTest, ::testing::ValuesIn(DeliveryBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace ah::store::testing
