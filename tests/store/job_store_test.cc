// The daemon's job records (store/job_store.h), on every backend (a real
// SQLite library file; a schema of its own on the test PostgreSQL server,
// pg_test_db.h): idempotent enqueue, claims and leases, retries with backoff,
// crash recovery by lease expiry, politeness turns, and two processes claiming
// at once.
#include "store/job_store.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "pg_test_db.h"
#include "store/open.h"
#include "testing.h"

namespace ah::store {
namespace {

using ah::testing::TempDir;

constexpr int64_t kNow = 1780272000;  // 2026-06-01T00:00:00Z

Job MakeJob(std::string kind, std::string key, int64_t due) {
  Job j;
  j.kind = std::move(kind);
  j.key = std::move(key);
  j.due_unix = due;
  return j;
}

class JobStoreTest : public ::testing::TestWithParam<testing::BackendKind> {
 protected:
  void SetUp() override {
    AH_OPEN_TEST_LOCATION(location_, GetParam(), dir_.path());
    auto s = OpenJobStore(lib(), true);
    ASSERT_TRUE(s) << s.error().message;
    jobs_ = std::move(*s);
  }
  // The library's location: a file path or a postgresql:// URL.
  const std::string& lib() const { return location_->location(); }
  std::unique_ptr<JobStore> Other() {
    auto s = OpenJobStore(lib(), false);
    EXPECT_TRUE(s);
    return s ? std::move(*s) : nullptr;
  }
  TempDir dir_;
  std::unique_ptr<testing::TestLocation> location_;
  std::unique_ptr<JobStore> jobs_;
};

TEST_P(JobStoreTest, EnqueueManyCreatesTheNewJobsOnlyAndCountsThem) {
  ASSERT_TRUE(jobs_->Enqueue(MakeJob("radar", "radar:bob:1:2026-06-01", kNow), kNow));
  std::vector<Job> batch = {MakeJob("radar", "radar:alice:1:2026-06-01", kNow),
                            MakeJob("radar", "radar:bob:1:2026-06-01", kNow + 99),
                            MakeJob("radar", "radar:alice:2:2026-06-01", kNow + 1)};
  auto n = jobs_->EnqueueMany(batch, kNow);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 2);
  auto bob = jobs_->GetJob("radar:bob:1:2026-06-01");
  ASSERT_TRUE(bob && *bob);
  EXPECT_EQ((*bob)->due_unix, kNow);  // the existing job is left as it was
  auto again = jobs_->EnqueueMany(batch, kNow);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
  auto none = jobs_->EnqueueMany({}, kNow);
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0);
  // A bad job anywhere fails the call.
  EXPECT_FALSE(jobs_->EnqueueMany({MakeJob("radar", "", kNow)}, kNow));
}

TEST_P(JobStoreTest, EnqueueIsIdempotentByKeyEvenAfterDone) {
  auto a = jobs_->Enqueue(MakeJob("deliver", "deliver:alice:2026-06-01", kNow), kNow);
  ASSERT_TRUE(a);
  EXPECT_TRUE(*a);
  auto b = jobs_->Enqueue(MakeJob("deliver", "deliver:alice:2026-06-01", kNow + 5), kNow);
  ASSERT_TRUE(b);
  EXPECT_FALSE(*b);
  auto c = jobs_->Claim("w1", {}, kNow, 60);
  ASSERT_TRUE(c && *c);
  ASSERT_TRUE(jobs_->Complete((*c)->id, "w1", kNow + 1));
  // A restart schedules the same day again: nothing new, and nothing to claim.
  auto d = Other()->Enqueue(MakeJob("deliver", "deliver:alice:2026-06-01", kNow), kNow + 2);
  ASSERT_TRUE(d);
  EXPECT_FALSE(*d);
  auto e = jobs_->Claim("w1", {}, kNow + 10, 60);
  ASSERT_TRUE(e);
  EXPECT_FALSE(*e);
  auto got = jobs_->GetJob("deliver:alice:2026-06-01");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->state, JobState::kDone);
  EXPECT_EQ((*got)->finished_unix, kNow + 1);
  EXPECT_EQ((*got)->attempts, 1);
}

TEST_P(JobStoreTest, RejectsJobsWithoutKindOrKey) {
  auto r = jobs_->Enqueue(MakeJob("", "k", kNow), kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::kInvalidArgument);
}

TEST_P(JobStoreTest, ClaimsOnlyDueJobsOfTheKindsAskedEarliestFirst) {
  ASSERT_TRUE(jobs_->Enqueue(MakeJob("fetch", "fetch:late", kNow + 100), kNow));
  ASSERT_TRUE(jobs_->Enqueue(MakeJob("fetch", "fetch:b", kNow - 5), kNow));
  ASSERT_TRUE(jobs_->Enqueue(MakeJob("radar", "radar:a", kNow - 50), kNow));
  auto c = jobs_->Claim("w", {"fetch"}, kNow, 60);
  ASSERT_TRUE(c && *c);
  EXPECT_EQ((*c)->key, "fetch:b");
  EXPECT_EQ((*c)->lease_owner, "w");
  EXPECT_EQ((*c)->lease_expires_unix, kNow + 60);
  auto none = jobs_->Claim("w", {"fetch"}, kNow, 60);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);  // fetch:late is not due, fetch:b is leased
  auto r = jobs_->Claim("w", {"fetch", "radar"}, kNow, 60);
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->key, "radar:a");
}

TEST_P(JobStoreTest, AnExpiredLeaseReturnsTheJobAndTheOldOwnerCannotFinishIt) {
  ASSERT_TRUE(jobs_->Enqueue(MakeJob("fetch", "fetch:x", kNow), kNow));
  auto c = jobs_->Claim("dead-worker", {}, kNow, 60);
  ASSERT_TRUE(c && *c);
  // The worker crashed: nobody else gets the job while the lease runs ...
  auto other = Other();
  auto during = other->Claim("w2", {}, kNow + 59, 60);
  ASSERT_TRUE(during);
  EXPECT_FALSE(*during);
  // ... and after it, the job is due again.
  auto after = other->Claim("w2", {}, kNow + 60, 60);
  ASSERT_TRUE(after && *after);
  EXPECT_EQ((*after)->attempts, 2);
  auto late = jobs_->Complete((*c)->id, "dead-worker", kNow + 61);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, Code::kNotFound);
  EXPECT_TRUE(other->RenewLease((*after)->id, "w2", kNow + 100, 60));
  EXPECT_FALSE(other->Claim("w3", {}, kNow + 150, 60).value());  // renewed until +160
  EXPECT_TRUE(other->Complete((*after)->id, "w2", kNow + 150));
  EXPECT_FALSE(other->RenewLease((*after)->id, "w2", kNow + 151, 60));
}

TEST_P(JobStoreTest, FailuresBackOffThenFailForGood) {
  Job j = MakeJob("fetch", "fetch:flaky", kNow);
  j.max_attempts = 3;
  ASSERT_TRUE(jobs_->Enqueue(j, kNow));
  int64_t now = kNow;
  int64_t last_delay = 0;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto c = jobs_->Claim("w", {}, now, 60);
    ASSERT_TRUE(c && *c) << attempt;
    ASSERT_TRUE(jobs_->Fail((*c)->id, "w", "HTTP 503 from export.arxiv.org", now, -1, false));
    auto got = jobs_->GetJob("fetch:flaky");
    ASSERT_TRUE(got && *got);
    EXPECT_EQ((*got)->last_error, "HTTP 503 from export.arxiv.org");
    if (attempt < 3) {
      EXPECT_EQ((*got)->state, JobState::kPending);
      const int64_t delay = (*got)->due_unix - now;
      EXPECT_GE(delay, 30);
      EXPECT_GT(delay, last_delay / 2);
      last_delay = delay;
      // Not due before the backoff.
      EXPECT_FALSE(jobs_->Claim("w", {}, now + delay - 1, 60).value());
      now += delay;
    } else {
      EXPECT_EQ((*got)->state, JobState::kFailed);
      EXPECT_EQ((*got)->finished_unix, now);
    }
  }
  EXPECT_FALSE(jobs_->Claim("w", {}, now + 100000, 60).value());
  auto failed = jobs_->ListJobs({JobState::kFailed, 10});
  ASSERT_TRUE(failed);
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ((*failed)[0].key, "fetch:flaky");
}

TEST_P(JobStoreTest, RetryAfterAndPermanentFailures) {
  ASSERT_TRUE(jobs_->Enqueue(MakeJob("fetch", "a", kNow), kNow));
  ASSERT_TRUE(jobs_->Enqueue(MakeJob("fetch", "b", kNow), kNow));
  auto a = jobs_->Claim("w", {}, kNow, 60).value();
  ASSERT_TRUE(jobs_->Fail(a->id, "w", "503", kNow, 120, false));
  EXPECT_EQ(jobs_->GetJob("a").value()->due_unix, kNow + 120);
  auto b = jobs_->Claim("w", {}, kNow, 60).value();
  ASSERT_TRUE(b);
  ASSERT_TRUE(jobs_->Fail(b->id, "w", "no such radar", kNow, -1, true));
  EXPECT_EQ(jobs_->GetJob("b").value()->state, JobState::kFailed);
}

TEST_P(JobStoreTest, ReleaseGivesTheJobBackWithoutCountingTheAttempt) {
  ASSERT_TRUE(jobs_->Enqueue(MakeJob("fetch", "a", kNow), kNow));
  auto a = jobs_->Claim("w", {}, kNow, 600).value();
  ASSERT_TRUE(jobs_->Release(a->id, "w"));
  auto again = jobs_->Claim("w2", {}, kNow + 1, 600).value();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->attempts, 1);
}

TEST_P(JobStoreTest, AJobWhoseWorkerDiesEveryTimeEndsFailed) {
  Job j = MakeJob("fetch", "poison", kNow);
  j.max_attempts = 2;
  ASSERT_TRUE(jobs_->Enqueue(j, kNow));
  ASSERT_TRUE(jobs_->Claim("w", {}, kNow, 10).value());
  ASSERT_TRUE(jobs_->Claim("w", {}, kNow + 10, 10).value());
  EXPECT_FALSE(jobs_->Claim("w", {}, kNow + 20, 10).value());
  auto got = jobs_->GetJob("poison").value();
  EXPECT_EQ(got->state, JobState::kFailed);
  EXPECT_NE(got->last_error.find("worker stopped"), std::string::npos);
}

TEST_P(JobStoreTest, QueueStatsCountStates) {
  ASSERT_TRUE(jobs_->Enqueue(MakeJob("fetch", "a", kNow - 30), kNow));
  ASSERT_TRUE(jobs_->Enqueue(MakeJob("fetch", "b", kNow - 10), kNow));
  ASSERT_TRUE(jobs_->Enqueue(MakeJob("fetch", "c", kNow + 10), kNow));
  ASSERT_TRUE(jobs_->Enqueue(MakeJob("fetch", "d", kNow - 40), kNow));
  auto d = jobs_->Claim("w", {}, kNow, 60).value();
  ASSERT_TRUE(d);
  auto q = jobs_->JobQueueStats(kNow);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->pending, 4);
  EXPECT_EQ(q->due, 2);
  EXPECT_EQ(q->running, 1);
  EXPECT_EQ(q->oldest_due_unix, kNow - 30);
  ASSERT_TRUE(jobs_->Complete(d->id, "w", kNow));
  EXPECT_EQ(jobs_->JobQueueStats(kNow)->done, 1);
}

TEST_P(JobStoreTest, TurnsAreSpacedAcrossConnections) {
  auto other = Other();
  EXPECT_EQ(jobs_->TakeTurn("arxiv", 3000, 1'000'000).value(), 0);
  EXPECT_EQ(other->TakeTurn("arxiv", 3000, 1'001'000).value(), 2000);
  EXPECT_EQ(other->TakeTurn("crossref", 100, 1'001'000).value(), 0);
  EXPECT_EQ(other->TakeTurn("arxiv", 3000, 1'003'000).value(), 0);
  EXPECT_EQ(jobs_->TakeTurn("arxiv", 3000, 1'003'500).value(), 2500);
  // A turn booked by a clock far ahead does not block for ever.
  EXPECT_EQ(jobs_->TakeTurn("arxiv", 3000, 10).value(), 0);
}

// A worker whose clock reading is a little older than the last booking (it
// read the clock, then waited for the row) is not let through as if the
// booking came from a clock far ahead: two requests would start together.
TEST_P(JobStoreTest, AStaleReadingWaitsForTheTurnBookedAfterIt) {
  auto other = Other();
  EXPECT_EQ(jobs_->TakeTurn("arxiv", 3000, 1'000'005).value(), 0);
  EXPECT_EQ(other->TakeTurn("arxiv", 3000, 1'000'000).value(), 3005);
  EXPECT_EQ(other->TakeTurn("arxiv", 3000, 1'003'005).value(), 0);
}

// Workers on their own connections take turns at once for one bucket: the
// turns granted are never closer than the interval (the arXiv politeness
// limit holds across every worker on the library).
TEST_P(JobStoreTest, ConcurrentWorkersNeverShareAnInterval) {
  constexpr int kWorkers = 3;
  constexpr int64_t kIntervalMs = 40;
  std::vector<std::unique_ptr<JobStore>> conns;
  for (int i = 0; i < kWorkers; ++i) {
    conns.push_back(Other());
    ASSERT_NE(conns.back(), nullptr);
  }
  auto now_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  std::mutex mu;
  std::vector<int64_t> granted;
  std::vector<std::thread> ts;
  const int64_t stop = now_ms() + 600;
  for (int i = 0; i < kWorkers; ++i) {
    ts.emplace_back([&, i] {
      while (now_ms() < stop) {
        const int64_t t = now_ms();
        auto wait = conns[i]->TakeTurn("arxiv", kIntervalMs, t);
        ASSERT_TRUE(wait) << wait.error().ToString();
        if (*wait == 0) {
          std::lock_guard<std::mutex> lock(mu);
          granted.push_back(t);
        } else {
          std::this_thread::sleep_for(std::chrono::milliseconds(std::min<int64_t>(*wait, 10)));
        }
      }
    });
  }
  for (auto& t : ts) t.join();
  std::sort(granted.begin(), granted.end());
  ASSERT_GE(granted.size(), 3u);
  for (size_t i = 1; i < granted.size(); ++i)
    EXPECT_GE(granted[i] - granted[i - 1], kIntervalMs) << "turns " << i - 1 << " and " << i;
}

TEST(TurnWait, HonoursNearBookingsAndIgnoresOnesFromAClockFarAhead) {
  EXPECT_EQ(TurnWaitMs(0, 3000, 5), 0);
  EXPECT_EQ(TurnWaitMs(1000, 3000, 1000), 0);
  EXPECT_EQ(TurnWaitMs(1000, 3000, 500), 500);
  EXPECT_EQ(TurnWaitMs(100 + 3000 + kTurnClockSlackMs, 3000, 100), 3000 + kTurnClockSlackMs);
  EXPECT_EQ(TurnWaitMs(101 + 3000 + kTurnClockSlackMs, 3000, 100), 0);
}

TEST(RetryDelay, DoublesWithJitterUpToTheCap) {
  EXPECT_EQ(RetryDelaySeconds(1, 0), 30);
  EXPECT_EQ(RetryDelaySeconds(1, 30), 60);
  EXPECT_EQ(RetryDelaySeconds(2, 0), 60);
  EXPECT_EQ(RetryDelaySeconds(3, 0), 120);
  EXPECT_LE(RetryDelaySeconds(30, ~0ULL), 3600);
  EXPECT_GE(RetryDelaySeconds(30, 0), 1800);
}

// Two processes claim from one library at once: every job is taken by exactly one.
TEST_P(JobStoreTest, TwoProcessesClaimingAtOnceNeverShareAJob) {
  constexpr int kJobs = 200;
  for (int i = 0; i < kJobs; ++i)
    ASSERT_TRUE(jobs_->Enqueue(MakeJob("fetch", "job:" + std::to_string(i), kNow - i), kNow));
  const std::string lib = this->lib();
  std::vector<pid_t> kids;
  for (int w = 0; w < 2; ++w) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto s = OpenJobStore(lib, false);
      if (!s) _exit(2);
      std::ofstream out((dir_ / ("claimed" + std::to_string(w))).string());
      const std::string me = "worker" + std::to_string(w);
      for (;;) {
        auto c = (*s)->Claim(me, {}, kNow, 600);
        if (!c) _exit(3);
        if (!*c) break;
        out << (*c)->key << "\n";
        if (!(*s)->Complete((*c)->id, me, kNow)) _exit(4);
      }
      out.close();
      _exit(0);
    }
    kids.push_back(pid);
  }
  for (pid_t pid : kids) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
  std::multiset<std::string> all;
  for (int w = 0; w < 2; ++w) {
    std::istringstream in(ah::testing::ReadFile(dir_ / ("claimed" + std::to_string(w))));
    for (std::string line; std::getline(in, line);) all.insert(line);
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(jobs_->JobQueueStats(kNow)->done, kJobs);
}

TEST_P(JobStoreTest, PruneDeletesOldFinishedJobsFailedOnlyWhenAsked) {
  auto finish = [&](const std::string& key, int64_t at, bool ok) {
    ASSERT_TRUE(jobs_->Enqueue(MakeJob("fetch", key, at), at));
    auto c = jobs_->Claim("w", {}, at, 60);
    ASSERT_TRUE(c && *c) << key;
    ASSERT_EQ((*c)->key, key);
    if (ok)
      ASSERT_TRUE(jobs_->Complete((*c)->id, "w", at));
    else
      ASSERT_TRUE(jobs_->Fail((*c)->id, "w", "HTTP 404", at, -1, true));
  };
  const int64_t day = 86400;
  finish("fetch:a:old-done", kNow - 40 * day, true);
  finish("fetch:a:old-failed", kNow - 40 * day, false);
  finish("fetch:a:new-done", kNow - 2 * day, true);
  ASSERT_TRUE(jobs_->Enqueue(MakeJob("fetch", "fetch:a:old-pending", kNow - 50 * day), kNow));
  auto key_exists = [&](const std::string& key) {
    auto j = jobs_->GetJob(key);
    EXPECT_TRUE(j);
    return j && j->has_value();
  };
  // The daemon's pruning: done jobs older than 30 days only.
  auto n = jobs_->PruneJobs(kNow - 30 * day, false);
  ASSERT_TRUE(n) << n.error().ToString();
  EXPECT_EQ(*n, 1);
  EXPECT_FALSE(key_exists("fetch:a:old-done"));
  EXPECT_TRUE(key_exists("fetch:a:old-failed")) << "failed jobs wait for an explicit prune";
  EXPECT_TRUE(key_exists("fetch:a:new-done"));
  EXPECT_TRUE(key_exists("fetch:a:old-pending")) << "pending jobs are never pruned";
  // `jobs --prune`: failed ones too.
  n = jobs_->PruneJobs(kNow - 30 * day, true);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_FALSE(key_exists("fetch:a:old-failed"));
  EXPECT_TRUE(key_exists("fetch:a:new-done"));
  n = jobs_->PruneJobs(kNow + 1, true);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_TRUE(key_exists("fetch:a:old-pending"));
}

INSTANTIATE_TEST_SUITE_P(Backends, JobStoreTest,
                         ::testing::Values(testing::BackendKind::kSqlite,
                                           testing::BackendKind::kPostgres),
                         testing::KindName);

}  // namespace
}  // namespace ah::store
