// The daemon's job records (store/job_store.h) on a real SQLite library file:
// idempotent enqueue, claims and leases, retries with backoff, crash recovery
// by lease expiry, and two processes claiming at once.
#include "store/job_store.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

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

class JobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = OpenJobStore((dir_ / "lib.db").string(), true);
    ASSERT_TRUE(s) << s.error().message;
    jobs_ = std::move(*s);
  }
  std::unique_ptr<JobStore> Other() {
    auto s = OpenJobStore((dir_ / "lib.db").string(), false);
    EXPECT_TRUE(s);
    return s ? std::move(*s) : nullptr;
  }
  TempDir dir_;
  std::unique_ptr<JobStore> jobs_;
};

TEST_F(JobStoreTest, EnqueueIsIdempotentByKeyEvenAfterDone) {
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

TEST_F(JobStoreTest, RejectsJobsWithoutKindOrKey) {
  auto r = jobs_->Enqueue(MakeJob("", "k", kNow), kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::kInvalidArgument);
}

TEST_F(JobStoreTest, ClaimsOnlyDueJobsOfTheKindsAskedEarliestFirst) {
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

TEST_F(JobStoreTest, AnExpiredLeaseReturnsTheJobAndTheOldOwnerCannotFinishIt) {
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

TEST_F(JobStoreTest, FailuresBackOffThenFailForGood) {
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

TEST_F(JobStoreTest, RetryAfterAndPermanentFailures) {
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

TEST_F(JobStoreTest, ReleaseGivesTheJobBackWithoutCountingTheAttempt) {
  ASSERT_TRUE(jobs_->Enqueue(MakeJob("fetch", "a", kNow), kNow));
  auto a = jobs_->Claim("w", {}, kNow, 600).value();
  ASSERT_TRUE(jobs_->Release(a->id, "w"));
  auto again = jobs_->Claim("w2", {}, kNow + 1, 600).value();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->attempts, 1);
}

TEST_F(JobStoreTest, AJobWhoseWorkerDiesEveryTimeEndsFailed) {
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

TEST_F(JobStoreTest, QueueStatsCountStates) {
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

TEST_F(JobStoreTest, TurnsAreSpacedAcrossConnections) {
  auto other = Other();
  EXPECT_EQ(jobs_->TakeTurn("arxiv", 3000, 1'000'000).value(), 0);
  EXPECT_EQ(other->TakeTurn("arxiv", 3000, 1'001'000).value(), 2000);
  EXPECT_EQ(other->TakeTurn("crossref", 100, 1'001'000).value(), 0);
  EXPECT_EQ(other->TakeTurn("arxiv", 3000, 1'003'000).value(), 0);
  EXPECT_EQ(jobs_->TakeTurn("arxiv", 3000, 1'003'500).value(), 2500);
  // A turn booked by a clock far ahead does not block for ever.
  EXPECT_EQ(jobs_->TakeTurn("arxiv", 3000, 10).value(), 0);
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
TEST_F(JobStoreTest, TwoProcessesClaimingAtOnceNeverShareAJob) {
  constexpr int kJobs = 200;
  for (int i = 0; i < kJobs; ++i)
    ASSERT_TRUE(jobs_->Enqueue(MakeJob("fetch", "job:" + std::to_string(i), kNow - i), kNow));
  const std::string lib = (dir_ / "lib.db").string();
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

TEST_F(JobStoreTest, PruneDeletesOldFinishedJobsFailedOnlyWhenAsked) {
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

}  // namespace
}  // namespace ah::store
