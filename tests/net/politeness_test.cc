#include "net/politeness.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "fakes/fake_clock.h"

namespace ah::net {
namespace {

using ah::testing::FakeClock;

TEST(PolitenessTable, ArxivHostsShareOneBucketOfThreeSeconds) {
  PolitenessTable t = PolitenessTable::Defaults();
  for (const char* h : {"export.arxiv.org", "rss.arxiv.org", "oaipmh.arxiv.org", "arxiv.org"}) {
    EXPECT_EQ(t.BucketFor(h), "arxiv") << h;
  }
  EXPECT_EQ(t.PolicyFor("arxiv").min_interval_ms, 3000);
  EXPECT_EQ(t.PolicyFor("arxiv").max_connections, 1);
}

TEST(PolitenessTable, DocumentedDefaultsForOtherServices) {
  PolitenessTable t = PolitenessTable::Defaults();
  EXPECT_EQ(t.PolicyFor(t.BucketFor("api.crossref.org")).min_interval_ms, 100);
  EXPECT_EQ(t.PolicyFor(t.BucketFor("api.crossref.org")).max_connections, 3);
  EXPECT_EQ(t.PolicyFor(t.BucketFor("eutils.ncbi.nlm.nih.gov")).min_interval_ms, 334);
  EXPECT_EQ(t.PolicyFor(t.BucketFor("api.openalex.org")).min_interval_ms, 100);
  EXPECT_EQ(t.PolicyFor(t.BucketFor("api.biorxiv.org")).min_interval_ms, 1000);
  EXPECT_EQ(t.BucketFor("www.nature.com"), "www.nature.com");
  EXPECT_EQ(t.PolicyFor("www.nature.com").min_interval_ms, 1000);
}

TEST(PolitenessTable, OverridesApplyToBucketsHostsAndDefault) {
  PolitenessTable t = PolitenessTable::Defaults();
  ASSERT_TRUE(t.ApplyOverride("arxiv=5000"));
  EXPECT_EQ(t.PolicyFor("arxiv").min_interval_ms, 5000);
  EXPECT_EQ(t.PolicyFor("arxiv").max_connections, 1);
  ASSERT_TRUE(t.ApplyOverride("export.arxiv.org=4000/1"));
  EXPECT_EQ(t.PolicyFor("arxiv").min_interval_ms, 4000);
  ASSERT_TRUE(t.ApplyOverride("api.crossref.org=200/2"));
  EXPECT_EQ(t.PolicyFor("crossref").max_connections, 2);
  ASSERT_TRUE(t.ApplyOverride("default=250"));
  EXPECT_EQ(t.PolicyFor("example.org").min_interval_ms, 250);
  ASSERT_TRUE(t.ApplyOverride("journals.example.org=50/4"));
  EXPECT_EQ(t.PolicyFor(t.BucketFor("journals.example.org")).max_connections, 4);
}

TEST(PolitenessTable, MalformedOverrideNamesTheSpec) {
  PolitenessTable t;
  for (const char* bad :
       {"arxiv", "=100", "arxiv=", "arxiv=-1", "arxiv=fast", "arxiv=100/0", "arxiv=100/x"}) {
    auto st = t.ApplyOverride(bad);
    ASSERT_FALSE(st) << bad;
    EXPECT_EQ(st.error().code, Code::kInvalidArgument);
    EXPECT_NE(st.error().message.find(bad), std::string::npos) << st.error().message;
  }
}

TEST(RateLimiter, TwoRequestsToArxivHostsAreSpacedByThreeSeconds) {
  FakeClock clock;
  RateLimiter limiter(clock);
  const int64_t t0 = clock.NowMonoMs();
  EXPECT_EQ(limiter.Acquire("https://export.arxiv.org/api/query?id_list=1"), 0);
  const int64_t first_start = clock.NowMonoMs();
  limiter.Release("https://export.arxiv.org/api/query?id_list=1");
  // A different arXiv host still waits: they share the bucket.
  int64_t waited = limiter.Acquire("https://rss.arxiv.org/rss/cs.LG");
  const int64_t second_start = clock.NowMonoMs();
  limiter.Release("https://rss.arxiv.org/rss/cs.LG");
  EXPECT_EQ(first_start, t0);
  EXPECT_GE(second_start - first_start, 3000);
  EXPECT_GE(waited, 3000);
  EXPECT_GE(clock.total_slept_ms(), 3000);
}

TEST(RateLimiter, NoWaitOnceTheIntervalHasPassed) {
  FakeClock clock;
  RateLimiter limiter(clock);
  limiter.Acquire("https://export.arxiv.org/a");
  limiter.Release("https://export.arxiv.org/a");
  clock.AdvanceMs(3500);
  EXPECT_EQ(limiter.Acquire("https://export.arxiv.org/b"), 0);
  limiter.Release("https://export.arxiv.org/b");
  EXPECT_TRUE(clock.sleeps().empty());
}

TEST(RateLimiter, DifferentHostsAreNotSerialized) {
  FakeClock clock;
  RateLimiter limiter(clock);
  // Both held at once: neither waits for the other.
  EXPECT_EQ(limiter.Acquire("https://export.arxiv.org/api/query"), 0);
  EXPECT_EQ(limiter.Acquire("https://api.crossref.org/works"), 0);
  EXPECT_EQ(limiter.Acquire("https://api.biorxiv.org/details/biorxiv/2026-06-01"), 0);
  limiter.Release("https://export.arxiv.org/api/query");
  limiter.Release("https://api.crossref.org/works");
  limiter.Release("https://api.biorxiv.org/details/biorxiv/2026-06-01");
  EXPECT_TRUE(clock.sleeps().empty());
}

TEST(RateLimiter, ConnectionLimitBlocksUntilRelease) {
  FakeClock clock;
  PolitenessTable t;
  t.SetDefaultPolicy({0, 2});
  RateLimiter limiter(clock, t);
  limiter.Acquire("http://h/1");
  limiter.Acquire("http://h/2");
  std::atomic<bool> third_started{false};
  std::thread th([&] {
    limiter.Acquire("http://h/3");
    third_started = true;
    limiter.Release("http://h/3");
  });
  // The third cannot have started: both slots are held. (Only a wrong limiter could
  // make this flaky, never a slow machine.)
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(third_started.load());
  limiter.Release("http://h/1");
  th.join();
  EXPECT_TRUE(third_started.load());
  limiter.Release("http://h/2");
}

TEST(RateLimiter, PermitReleasesOnScopeExit) {
  FakeClock clock;
  PolitenessTable t;
  t.SetDefaultPolicy({0, 1});
  RateLimiter limiter(clock, t);
  { RateLimiter::Permit p(limiter, "http://h/1"); }
  // Would block forever if the permit had not released its slot.
  RateLimiter::Permit again(limiter, "http://h/2");
  EXPECT_EQ(again.waited_ms(), 0);
}

TEST(RateLimiter, ConcurrentAcquiresToOneBucketAreAllSpaced) {
  FakeClock clock;
  PolitenessTable t;
  t.SetDefaultPolicy({1000, 4});
  RateLimiter limiter(clock, t);
  const int64_t t0 = clock.NowMonoMs();
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back([&] { limiter.Acquire("http://h/x"); });
  for (auto& th : threads) th.join();
  // Admissions are >= 1000 ms apart, so the fourth cannot start before t0 + 3000.
  EXPECT_GE(clock.NowMonoMs() - t0, 3000);
  for (int i = 0; i < 4; ++i) limiter.Release("http://h/x");
}

}  // namespace
}  // namespace ah::net
