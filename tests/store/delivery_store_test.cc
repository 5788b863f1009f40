// DeliveryStore conformance (store/delivery_store.h): one attempt at a time by
// key under a lease, never again once sent, and an attempt whose process died
// (its lease expired) taken over with the first attempt's Message-ID. Runs
// against every backend that keeps delivery records.
#include "store/delivery_store.h"

#include <atomic>
#include <thread>

#include "store_fixture.h"

namespace ah::store::testing {
namespace {

constexpr int64_t kNow = 1782806400;  // 2026-06-30T08:00:00Z

class DeliveryStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (store().delivery_store() == nullptr) GTEST_SKIP() << "no delivery records on this backend";
  }
  DeliveryStore& deliveries() { return *store().delivery_store(); }
  static DeliveryRecord Attempt(const std::string& owner, int64_t lease_until,
                                const std::string& message_id = "<digest.alice@example.org>") {
    DeliveryRecord r;
    r.key = "digest:alice:2026-06-30";
    r.owner = "alice";
    r.channel = "email";
    r.message_id = message_id;
    r.lease_owner = owner;
    r.lease_expires_unix = lease_until;
    return r;
  }
  DeliveryRecord Get(const std::string& key = "digest:alice:2026-06-30") {
    auto r = deliveries().GetDelivery(key);
    EXPECT_TRUE(r) << r.error().ToString();
    if (!r || !*r) {
      ADD_FAILURE() << "no delivery record " << key;
      return {};
    }
    return **r;
  }
};

TEST_P(DeliveryStoreTest, OneAttemptAtATimeWhileItsLeaseLasts) {
  auto first = deliveries().BeginDelivery(Attempt("host:1", kNow + 600), kNow);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_TRUE(*first);
  DeliveryRecord r = Get();
  EXPECT_EQ(r.state, "sending");
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.lease_owner, "host:1");
  EXPECT_EQ(r.lease_expires_unix, kNow + 600);
  EXPECT_EQ(r.message_id, "<digest.alice@example.org>");
  // Another process, while the first one's lease lasts: refused, nothing changes.
  auto second = deliveries().BeginDelivery(Attempt("host:2", kNow + 900), kNow + 599);
  ASSERT_TRUE(second);
  EXPECT_FALSE(*second);
  r = Get();
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.lease_owner, "host:1");
}

TEST_P(DeliveryStoreTest, AnAttemptWhoseProcessDiedIsTakenOverWithItsMessageId) {
  ASSERT_TRUE(deliveries().BeginDelivery(Attempt("host:1", kNow + 600), kNow));
  // host:1 was killed mid-send: its lease expires, the next attempt takes the delivery.
  auto retry = deliveries().BeginDelivery(
      Attempt("host:2", kNow + 1200, "<a-different-id@example.org>"), kNow + 600);
  ASSERT_TRUE(retry) << retry.error().ToString();
  EXPECT_TRUE(*retry);
  DeliveryRecord r = Get();
  EXPECT_EQ(r.state, "sending");
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(r.lease_owner, "host:2");
  EXPECT_EQ(r.lease_expires_unix, kNow + 1200);
  EXPECT_EQ(r.message_id, "<digest.alice@example.org>") << "the first attempt's identity is kept";
  ASSERT_TRUE(deliveries().FinishDelivery(r.key, "sent", "", "ada@example.org", kNow + 601));
  r = Get();
  EXPECT_EQ(r.state, "sent");
  EXPECT_EQ(r.lease_owner, "");
  EXPECT_EQ(r.lease_expires_unix, 0);
  EXPECT_EQ(r.detail, "ada@example.org");
  EXPECT_EQ(r.message_id, "<digest.alice@example.org>");
}

TEST_P(DeliveryStoreTest, SentIsNeverAttemptedAgainFailedIsAtOnce) {
  ASSERT_TRUE(deliveries().BeginDelivery(Attempt("host:1", kNow + 600), kNow));
  ASSERT_TRUE(deliveries().FinishDelivery("digest:alice:2026-06-30", "failed", "connection refused",
                                          "", kNow + 1));
  EXPECT_EQ(Get().lease_expires_unix, 0);
  auto again = deliveries().BeginDelivery(Attempt("host:1", kNow + 602), kNow + 2);
  ASSERT_TRUE(again);
  EXPECT_TRUE(*again) << "a failed delivery is attempted again at once";
  EXPECT_EQ(Get().attempts, 2);
  ASSERT_TRUE(deliveries().FinishDelivery("digest:alice:2026-06-30", "sent", "", "", kNow + 3));
  for (int64_t later : {kNow + 4, kNow + 10 * 86400}) {
    auto no = deliveries().BeginDelivery(Attempt("host:3", later + 600), later);
    ASSERT_TRUE(no);
    EXPECT_FALSE(*no) << "sent is final, whatever the time";
  }
  EXPECT_EQ(Get().attempts, 2);
}

TEST_P(DeliveryStoreTest, AnAttemptNeedsALeaseInTheFuture) {
  for (int64_t until : {int64_t{0}, kNow - 1, kNow}) {
    auto r = deliveries().BeginDelivery(Attempt("host:1", until), kNow);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Code::kInvalidArgument);
  }
  auto none = deliveries().GetDelivery("digest:alice:2026-06-30");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(
      deliveries().FinishDelivery("digest:nobody:2026-06-30", "sent", "", "", kNow).error().code,
      Code::kNotFound);
}

// Two connections (two processes of one library) begin the same deliveries at
// once: each key is begun by exactly one of them.
TEST_P(DeliveryStoreTest, ConcurrentAttemptsBeginEachDeliveryOnce) {
  auto other = GetParam().open(dir_.path());
  ASSERT_TRUE(other) << other.error().ToString();
  constexpr int kKeys = 40;
  std::atomic<int> begun{0};
  std::atomic<int> errors{0};
  auto worker = [&](Store& s, const std::string& owner) {
    for (int i = 0; i < kKeys; ++i) {
      DeliveryRecord r = Attempt(owner, kNow + 600);
      r.key = "digest:alice:" + std::to_string(i);
      auto b = s.delivery_store()->BeginDelivery(r, kNow);
      if (!b)
        ++errors;
      else if (*b)
        ++begun;
    }
  };
  std::thread a([&] { worker(store(), "host:1"); });
  std::thread b([&] { worker(**other, "host:2"); });
  a.join();
  b.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(begun.load(), kKeys);
  for (int i = 0; i < kKeys; ++i) EXPECT_EQ(Get("digest:alice:" + std::to_string(i)).attempts, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DeliveryStoreTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace ah::store::testing
