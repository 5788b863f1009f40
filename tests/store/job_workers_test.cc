// Several workers on one library (issue 13's worker test, at the job-queue
// level): three worker processes claim and complete jobs from one queue while
// one of them is killed with SIGKILL in the middle of a job. Every job must be
// completed exactly once (each worker records every run and every successful
// Complete in a file), and the killed worker's job must be done by another
// worker once its lease expires. On every backend: PostgreSQL (FOR UPDATE SKIP
// LOCKED) and SQLite (BEGIN IMMEDIATE).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "pg_test_db.h"
#include "store/job_store.h"
#include "store/open.h"
#include "testing.h"

namespace ah::store {
namespace {

constexpr int kJobs = 45;
constexpr int kWorkers = 3;
constexpr int kVictim = 0;          // this worker is killed ...
constexpr int kVictimHoldsJob = 3;  // ... while it runs its third job
constexpr int64_t kLeaseSeconds = 2;

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

// One line per write(2) on an O_APPEND file: lines of concurrent writers never mix.
void Record(int fd, const std::string& line) {
  const std::string text = line + "\n";
  if (write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) _exit(10);
}

// The worker process's loop: claim, "work", complete, until nothing is pending.
// The victim tells the parent (on `ready_fd`) when it holds its third job, then
// waits to be killed.
[[noreturn]] void WorkerMain(const std::string& lib, int w, int runs_fd, int done_fd,
                             int ready_fd) {
  auto s = OpenJobStore(lib, false);
  if (!s) _exit(2);
  JobStore& jobs = **s;
  const std::string me = "worker" + std::to_string(w);
  int claimed = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < give_up) {
    auto c = jobs.Claim(me, {}, Now(), kLeaseSeconds);
    if (!c) _exit(3);
    if (!*c) {
      auto q = jobs.JobQueueStats(Now());
      if (!q) _exit(4);
      if (q->pending == 0) _exit(w == kVictim ? 5 : 0);  // the victim must not get here
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    ++claimed;
    Record(runs_fd, (*c)->key + " " + me);
    if (w == kVictim && claimed == kVictimHoldsJob) {
      Record(ready_fd, (*c)->key);
      for (;;) pause();  // SIGKILL ends it mid-job: no Complete, no Release
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(30));  // the work
    if (jobs.Complete((*c)->id, me, Now())) Record(done_fd, (*c)->key + " " + me);
  }
  _exit(6);
}

std::map<std::string, std::vector<std::string>> ReadRecords(const std::filesystem::path& file) {
  std::map<std::string, std::vector<std::string>> out;  // key -> workers
  std::istringstream in(ah::testing::ReadFile(file));
  std::string key, worker;
  while (in >> key >> worker) out[key].push_back(worker);
  return out;
}

class JobWorkersTest : public ::testing::TestWithParam<testing::BackendKind> {
 protected:
  void SetUp() override {
    AH_OPEN_TEST_LOCATION(location_, GetParam(), dir_.path());
    auto s = OpenJobStore(location_->location(), true);
    ASSERT_TRUE(s) << s.error().ToString();
    jobs_ = std::move(*s);
  }
  ah::testing::TempDir dir_;
  std::unique_ptr<testing::TestLocation> location_;
  std::unique_ptr<JobStore> jobs_;
};

TEST_P(JobWorkersTest, AKilledWorkersJobIsDoneOnceByAnotherAndNoneIsLost) {
  const int64_t start = Now();
  for (int i = 0; i < kJobs; ++i) {
    Job j;
    j.kind = "work";
    j.key = "work:" + std::to_string(i);
    j.due_unix = start - 1;
    ASSERT_TRUE(jobs_->Enqueue(j, start));
  }
  const auto runs = dir_ / "runs";
  const auto done = dir_ / "done";
  const int runs_fd = open(runs.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  const int done_fd = open(done.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  ASSERT_GE(runs_fd, 0);
  ASSERT_GE(done_fd, 0);
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);

  std::vector<pid_t> kids;
  for (int w = 0; w < kWorkers; ++w) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(ready[0]);
      WorkerMain(location_->location(), w, runs_fd, done_fd, ready[1]);
    }
    kids.push_back(pid);
  }
  close(ready[1]);

  // The victim holds a job: kill it there.
  pollfd p{ready[0], POLLIN, 0};
  const bool holding = poll(&p, 1, 20000) == 1 && (p.revents & POLLIN) != 0;
  char buf[128] = {};
  const ssize_t n = holding ? read(ready[0], buf, sizeof buf - 1) : 0;
  close(ready[0]);
  kill(kids[kVictim], SIGKILL);
  std::string held(buf, n > 0 ? static_cast<size_t>(n) : 0);
  while (!held.empty() && held.back() == '\n') held.pop_back();
  EXPECT_TRUE(holding && !held.empty()) << "the victim never held a job";

  // The others finish the queue, the killed worker's job included once its lease expires.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(25);
  for (int w = 0; w < kWorkers; ++w) {
    int status = 0;
    pid_t got = 0;
    while ((got = waitpid(kids[w], &status, WNOHANG)) == 0 &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (got == 0) {
      kill(kids[w], SIGKILL);
      waitpid(kids[w], &status, 0);
      ADD_FAILURE() << "worker " << w << " did not finish";
      continue;
    }
    if (w == kVictim) {
      EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    } else {
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "worker " << w;
    }
  }
  close(runs_fd);
  close(done_fd);

  const auto completed = ReadRecords(done);
  ASSERT_EQ(completed.size(), static_cast<size_t>(kJobs));
  for (const auto& [key, workers] : completed) {
    EXPECT_EQ(workers.size(), 1u) << key << " was completed more than once";
    auto job = jobs_->GetJob(key);
    ASSERT_TRUE(job && *job) << key;
    EXPECT_EQ((*job)->state, JobState::kDone) << key;
  }
  // The killed worker's job ran twice (the kill, then another worker) and was done once.
  const auto ran = ReadRecords(runs);
  ASSERT_TRUE(ran.count(held)) << held;
  EXPECT_EQ(ran.at(held).size(), 2u);
  EXPECT_EQ(ran.at(held)[0], "worker" + std::to_string(kVictim));
  EXPECT_NE(completed.at(held)[0], "worker" + std::to_string(kVictim));
  EXPECT_EQ(jobs_->GetJob(held).value()->attempts, 2);
  auto q = jobs_->JobQueueStats(Now());
  ASSERT_TRUE(q);
  EXPECT_EQ(q->done, kJobs);
  EXPECT_EQ(q->pending, 0);
  EXPECT_EQ(q->failed, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobWorkersTest,
                         ::testing::Values(testing::BackendKind::kSqlite,
                                           testing::BackendKind::kPostgres),
                         testing::KindName);

}  // namespace
}  // namespace ah::store
