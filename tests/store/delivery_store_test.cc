// DeliveryStore conformance (store/delivery_store.h): one attempt at a time by
// key under a lease, never again once sent, an attempt whose process died (its
// lease expired) taken over with the first attempt's Message-ID; on every
// backend that keeps radars: SQLite and PostgreSQL (Store::delivery_store(); on
// PostgreSQL a schema of its own on the test server, pg_test_db.h). Feed tokens
// resolve their owner's radars (Store::radar_store() of the same library).
#include <atomic>
#include <thread>

#include "pg_test_db.h"
#include "store/open.h"
#include "store/pg/pg_store.h"
#include "store_fixture.h"

namespace ah::store::testing {
namespace {

constexpr int64_t kNow = 1782806400;  // 2026-06-30T08:00:00Z

std::vector<std::string> DeliveryBackends() {
  std::vector<std::string> out;
  // The Store backends that keep radars, and so their feed tokens and
  // deliveries (not the in-memory store); "postgresql" always (skipped
  // without a test server, failing without one when AH_REQUIRE_POSTGRES=1).
  for (const Backend& b : BackendsWith(kRadarStore))
    if (b.name != "postgresql") out.push_back(b.name);
  out.push_back("postgresql");
  return out;
}

class DeliveryStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      AH_OPEN_TEST_LOCATION(location_, BackendKind::kPostgres, dir_.path());
      auto s = pg::PgStore::Open(location_->location());
      ASSERT_TRUE(s) << s.error().ToString();
      store_ = std::move(*s);
    } else {
      for (const Backend& b : BackendsWith(kRadarStore)) {
        if (b.name != GetParam()) continue;
        auto s = b.open(dir_.path());
        ASSERT_TRUE(s) << s.error().ToString();
        store_ = std::move(*s);
      }
    }
    ASSERT_NE(store_, nullptr);
    deliveries_ = store_->delivery_store();
    ASSERT_NE(deliveries_, nullptr);
    ASSERT_NE(store_->radar_store(), nullptr);
  }
  // Another connection to the same library (another worker); owned by the fixture.
  DeliveryStore* Another() {
    if (GetParam() == "postgresql") {
      auto s = pg::PgStore::Open(location_->location());
      EXPECT_TRUE(s) << s.error().ToString();
      if (!s) return nullptr;
      others_.push_back(std::move(*s));
      return others_.back()->delivery_store();
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
  // An attempt of `key` leased until `lease_until` (default: far after every `now` used).
  static DeliveryRecord Digest(std::string key, int64_t lease_until = int64_t{1} << 40) {
    DeliveryRecord r;
    r.key = std::move(key);
    r.owner = "alice";
    r.channel = "email";
    r.lease_owner = "host:1";
    r.lease_expires_unix = lease_until;
    return r;
  }
  static DeliveryRecord Attempt(const std::string& owner, int64_t lease_until,
                                const std::string& message_id = "<digest.alice@example.org>") {
    DeliveryRecord r = Digest("digest:alice:2026-06-30", lease_until);
    r.message_id = message_id;
    r.lease_owner = owner;
    return r;
  }
  DeliveryRecord Get(const std::string& key = "digest:alice:2026-06-30") {
    auto r = d().GetDelivery(key);
    EXPECT_TRUE(r) << r.error().ToString();
    if (!r || !*r) {
      ADD_FAILURE() << "no delivery record " << key;
      return {};
    }
    return **r;
  }

  ah::testing::TempDir dir_;
  std::unique_ptr<TestLocation> location_;
  std::unique_ptr<Store> store_;
  std::vector<std::unique_ptr<Store>> others_;
  DeliveryStore* deliveries_ = nullptr;
};

TEST_P(DeliveryStoreTest, OneAttemptAtATimeWhileItsLeaseLasts) {
  auto first = d().BeginDelivery(Attempt("host:1", kNow + 600), kNow);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_TRUE(*first);
  DeliveryRecord r = Get();
  EXPECT_EQ(r.state, "sending");
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.lease_owner, "host:1");
  EXPECT_EQ(r.lease_expires_unix, kNow + 600);
  EXPECT_EQ(r.message_id, "<digest.alice@example.org>");
  // Another process, while the first one's lease lasts: refused, nothing changes.
  auto second = d().BeginDelivery(Attempt("host:2", kNow + 900), kNow + 599);
  ASSERT_TRUE(second);
  EXPECT_FALSE(*second);
  r = Get();
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.lease_owner, "host:1");
}

TEST_P(DeliveryStoreTest, AnAttemptWhoseProcessDiedIsTakenOverWithItsMessageId) {
  ASSERT_TRUE(d().BeginDelivery(Attempt("host:1", kNow + 600), kNow));
  // host:1 was killed mid-send: its lease expires, the next attempt takes the delivery.
  auto retry = d().BeginDelivery(
      Attempt("host:2", kNow + 1200, "<a-different-id@example.org>"), kNow + 600);
  ASSERT_TRUE(retry) << retry.error().ToString();
  EXPECT_TRUE(*retry);
  DeliveryRecord r = Get();
  EXPECT_EQ(r.state, "sending");
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(r.lease_owner, "host:2");
  EXPECT_EQ(r.lease_expires_unix, kNow + 1200);
  EXPECT_EQ(r.message_id, "<digest.alice@example.org>") << "the first attempt's identity is kept";
  ASSERT_TRUE(d().FinishDelivery(r.key, "sent", "", "ada@example.org", kNow + 601));
  r = Get();
  EXPECT_EQ(r.state, "sent");
  EXPECT_EQ(r.lease_owner, "");
  EXPECT_EQ(r.lease_expires_unix, 0);
  EXPECT_EQ(r.detail, "ada@example.org");
  EXPECT_EQ(r.message_id, "<digest.alice@example.org>");
}

TEST_P(DeliveryStoreTest, SentIsNeverAttemptedAgainFailedIsAtOnce) {
  ASSERT_TRUE(d().BeginDelivery(Attempt("host:1", kNow + 600), kNow));
  ASSERT_TRUE(d().FinishDelivery("digest:alice:2026-06-30", "failed", "connection refused",
                                          "", kNow + 1));
  EXPECT_EQ(Get().lease_expires_unix, 0);
  auto again = d().BeginDelivery(Attempt("host:1", kNow + 602), kNow + 2);
  ASSERT_TRUE(again);
  EXPECT_TRUE(*again) << "a failed delivery is attempted again at once";
  EXPECT_EQ(Get().attempts, 2);
  ASSERT_TRUE(d().FinishDelivery("digest:alice:2026-06-30", "sent", "", "", kNow + 3));
  for (int64_t later : {kNow + 4, kNow + 10 * 86400}) {
    auto no = d().BeginDelivery(Attempt("host:3", later + 600), later);
    ASSERT_TRUE(no);
    EXPECT_FALSE(*no) << "sent is final, whatever the time";
  }
  EXPECT_EQ(Get().attempts, 2);
}

TEST_P(DeliveryStoreTest, AnAttemptNeedsALeaseInTheFuture) {
  for (int64_t until : {int64_t{0}, kNow - 1, kNow}) {
    auto r = d().BeginDelivery(Attempt("host:1", until), kNow);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Code::kInvalidArgument);
  }
  auto none = d().GetDelivery("digest:alice:2026-06-30");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(
      d().FinishDelivery("digest:nobody:2026-06-30", "sent", "", "", kNow).error().code,
      Code::kNotFound);
}

// Two connections (two processes of one library) begin the same deliveries at
// once: each key is begun by exactly one of them.
TEST_P(DeliveryStoreTest, ConcurrentAttemptsBeginEachDeliveryOnce) {
  DeliveryStore* other = Another();
  ASSERT_NE(other, nullptr);
  constexpr int kKeys = 40;
  std::atomic<int> begun{0};
  std::atomic<int> errors{0};
  auto worker = [&](DeliveryStore& s, const std::string& owner) {
    for (int i = 0; i < kKeys; ++i) {
      DeliveryRecord r = Attempt(owner, kNow + 600);
      r.key = "digest:alice:" + std::to_string(i);
      auto b = s.BeginDelivery(r, kNow);
      if (!b)
        ++errors;
      else if (*b)
        ++begun;
    }
  };
  std::thread a([&] { worker(d(), "host:1"); });
  std::thread b([&] { worker(*other, "host:2"); });
  a.join();
  b.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(begun.load(), kKeys);
  for (int i = 0; i < kKeys; ++i) EXPECT_EQ(Get("digest:alice:" + std::to_string(i)).attempts, 1);
}

TEST_P(DeliveryStoreTest, AFailedDeliveryIsAttemptedAgainASentOneNever) {
  const std::string key = "digest:alice:2026-06-30";
  ASSERT_TRUE(d().BeginDelivery(Digest(key), 100).value());
  // Being sent (its lease lasts): not begun again.
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

TEST_P(DeliveryStoreTest, AFeedTokenResolvesItsOwnersRadarAndGoesWithIt) {
  RadarStore& radars = *store_->radar_store();
  RadarDefinition r;
  r.owner = "alice";
  r.name = "graphs";
  auto id = radars.CreateRadar(r);
  ASSERT_TRUE(id) << id.error().ToString();
  ASSERT_TRUE(d().SetFeedToken(FeedToken{"tok-a", "alice", *id, kNow}));
  // Another owner can neither take nor revoke it.
  auto theirs = d().SetFeedToken(FeedToken{"tok-b", "bob", *id, kNow});
  ASSERT_FALSE(theirs);
  EXPECT_EQ(theirs.error().code, Code::kNotFound);
  auto revoke = d().DeleteFeedToken("bob", *id);
  ASSERT_FALSE(revoke);
  EXPECT_EQ(revoke.error().code, Code::kNotFound);
  auto found = d().FindFeedToken("tok-a");
  ASSERT_TRUE(found) << found.error().ToString();
  ASSERT_TRUE(*found);
  EXPECT_EQ((*found)->radar_id, *id);
  EXPECT_EQ((*found)->owner, "alice");
  // Another connection to the library resolves it too (another front end).
  DeliveryStore* other = Another();
  ASSERT_NE(other, nullptr);
  auto there = other->FindFeedToken("tok-a");
  ASSERT_TRUE(there) << there.error().ToString();
  ASSERT_TRUE(*there);
  // A new token replaces the old one; the token goes with its radar.
  ASSERT_TRUE(d().SetFeedToken(FeedToken{"tok-c", "alice", *id, kNow}));
  EXPECT_FALSE(d().FindFeedToken("tok-a").value());
  ASSERT_TRUE(radars.DeleteRadar("alice", *id));
  EXPECT_FALSE(d().FindFeedToken("tok-c").value());
  EXPECT_FALSE(d().GetFeedToken("alice", *id).value());
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
