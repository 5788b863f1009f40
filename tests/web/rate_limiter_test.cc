// The rate limiter: token buckets on the injected clock, with bounded memory.
#include <gtest/gtest.h>

#include "fakes/fake_clock.h"
#include "web/auth.h"

namespace ah::web {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(RateLimiterTest, ABurstThenOneEveryPeriodOnTheInjectedClock) {
  ah::testing::FakeClock clock;
  RateLimiter limiter(clock);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Allow("k", 5, seconds(60)), 0) << i;
  const int64_t wait = limiter.Allow("k", 5, seconds(60));
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 61);
  clock.AdvanceMs(wait * 1000);
  EXPECT_EQ(limiter.Allow("k", 5, seconds(60)), 0);
  EXPECT_GT(limiter.Allow("k", 5, seconds(60)), 0);
  EXPECT_EQ(limiter.Allow("other", 5, seconds(60)), 0);  // keys are apart
}

TEST(RateLimiterTest, MemoryIsBoundedWhateverTheNumberOfKeys) {
  // Keys from very many addresses within a minute (an attacker with an IPv6
  // prefix): never more buckets than the bound.
  ah::testing::FakeClock clock;
  RateLimiter limiter(clock, 10000);  // the server's bound: 100,000 keys
  for (int i = 0; i < 30000; ++i) {
    if (i % 100 == 0) clock.AdvanceMs(100);
    limiter.Allow("signin:ip:2001:db8::" + std::to_string(i), 10, seconds(30));
  }
  EXPECT_LE(limiter.Size(), 10000u);
  EXPECT_GE(limiter.Size(), 5000u);  // not forgotten wholesale either
}

TEST(RateLimiterTest, AtTheBoundFullBucketsGoFirstAndAKeyInUseStaysLimited) {
  ah::testing::FakeClock clock;
  RateLimiter limiter(clock, 1000);
  // A guesser, limited.
  for (int i = 0; i < 5; ++i) limiter.Allow("guesser", 5, seconds(60));
  ASSERT_GT(limiter.Allow("guesser", 5, seconds(60)), 0);
  // Many one-off visitors with short periods: full again a second later.
  for (int i = 0; i < 900; ++i) limiter.Allow("visitor" + std::to_string(i), 30, milliseconds(1));
  clock.AdvanceMs(1000);
  // Then a flood of new keys, each exhausted, while the guesser keeps trying.
  for (int i = 0; i < 5000; ++i) {
    clock.AdvanceMs(1);
    limiter.Allow("flood" + std::to_string(i), 1, seconds(3600));
    limiter.Allow("flood" + std::to_string(i), 1, seconds(3600));
    if (i % 10 == 0) {
      EXPECT_GT(limiter.Allow("guesser", 5, seconds(60)), 0) << "forgiven after " << i;
    }
  }
  EXPECT_LE(limiter.Size(), 1000u);
  // The newest flood keys are still limited.
  EXPECT_GT(limiter.Allow("flood4999", 1, seconds(3600)), 0);
}

}  // namespace
}  // namespace ah::web
