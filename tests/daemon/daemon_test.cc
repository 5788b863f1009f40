// The runner on a real library file with an injected clock: the deliver hook
// (the delivery channels' registration point) runs once per user and local
// day whatever restarts, retries with backoff, and SIGTERM-style stops.
#include "daemon/daemon.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "core/date.h"
#include "fakes/fake_clock.h"
#include "net/curl_http_client.h"
#include "store/open.h"
#include "testing.h"

namespace ah::daemon {
namespace {

using ah::testing::FakeClock;
using ah::testing::TempDir;

int64_t At(const char* iso) { return *date::ParseTimestamp(iso); }

class DaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lib_path_ = (dir_ / "lib.db").string();
    config_.arxiv_categories.clear();
    config_.biorxiv_servers.clear();
    config_.journals.clear();
    service::LibraryOptions lo;
    lo.location = lib_path_;
    lo.readers = 1;
    lo.clock = &clock_;
    lo.config = config_;
    auto lib = service::Library::Open(lo);
    ASSERT_TRUE(lib) << lib.error().message;
    library_ = std::move(*lib);
    auto s = library_->OpenSession();
    store::User u;
    u.name = "alice";
    u.settings_json = R"({"delivery": {"time": "07:30", "time_zone": "Europe/Berlin"}})";
    ASSERT_TRUE(s->users().CreateUser(u));
  }
  std::unique_ptr<Daemon> Start(const std::string& worker) {
    auto jobs = store::OpenJobStore(lib_path_, false);
    EXPECT_TRUE(jobs);
    jobs_.push_back(std::move(*jobs));
    DaemonOptions o;
    o.worker = worker;
    auto d = std::make_unique<Daemon>(*library_, *jobs_.back(), clock_, metrics_, o);
    d->Register("deliver", [this](const store::Job& j, JobContext&) {
      delivered_.push_back(j.key);
      if (fail_next_ > 0) {
        --fail_next_;
        return JobResult::Retry("SMTP 451 try later");
      }
      return JobResult::Done();
    });
    return d;
  }

  TempDir dir_;
  std::string lib_path_;
  ingest::Config config_;
  FakeClock clock_{At("2026-06-25T05:00:00Z")};  // 07:00 in Berlin
  Metrics metrics_;
  std::unique_ptr<service::Library> library_;
  std::vector<std::unique_ptr<store::JobStore>> jobs_;
  std::vector<std::string> delivered_;
  int fail_next_ = 0;
};

TEST_F(DaemonTest, DeliversOncePerUserAndLocalDayWhateverRestarts) {
  auto d = Start("w1");
  ASSERT_TRUE(d->RunOnce());
  EXPECT_TRUE(delivered_.empty());  // 07:00 < 07:30
  clock_.AdvanceMs(30 * 60 * 1000);
  ASSERT_TRUE(d->RunOnce());
  ASSERT_EQ(delivered_, std::vector<std::string>{"deliver:alice:2026-06-25"});
  // A restart (new process, new connection) the same day: nothing again.
  d = Start("w2");
  clock_.AdvanceMs(3600 * 1000);
  ASSERT_TRUE(d->RunOnce());
  EXPECT_EQ(delivered_.size(), 1u);
  // Next local day.
  clock_.AdvanceMs(24 * 3600 * 1000);
  ASSERT_TRUE(d->RunOnce());
  EXPECT_EQ(delivered_.back(), "deliver:alice:2026-06-26");
  EXPECT_EQ(metrics_.Get("academichub_jobs_total", {{"kind", "deliver"}, {"outcome", "done"}}), 2);
}

TEST_F(DaemonTest, AFailedDeliveryIsRetriedWithBackoffThenDone) {
  fail_next_ = 1;
  clock_.AdvanceMs(31 * 60 * 1000);
  auto d = Start("w1");
  ASSERT_TRUE(d->RunOnce());
  ASSERT_EQ(delivered_.size(), 1u);
  auto jobs = store::OpenJobStore(lib_path_, false);
  auto j = (*jobs)->GetJob("deliver:alice:2026-06-25").value();
  EXPECT_EQ(j->state, store::JobState::kPending);
  EXPECT_EQ(j->last_error, "SMTP 451 try later");
  EXPECT_GE(j->due_unix, clock_.NowUnix() + 30);
  clock_.AdvanceMs(3600 * 1000);
  ASSERT_TRUE(d->RunOnce());
  EXPECT_EQ(delivered_.size(), 2u);
  EXPECT_EQ((*jobs)->GetJob("deliver:alice:2026-06-25").value()->state, store::JobState::kDone);
}

// A user's delivery runs right after the last of their radars' runs (while
// the radars' models are in the rank cache), not after every user's radars.
TEST_F(DaemonTest, AUsersDeliveryFollowsTheirRadarsRuns) {
  {
    auto s = library_->OpenSession();
    store::User bob;
    bob.name = "bob";
    bob.settings_json = R"({"delivery": {"time": "06:00", "time_zone": "UTC"}})";
    ASSERT_TRUE(s->users().CreateUser(bob));
    for (const char* owner : {"alice", "bob"})
      for (const char* name : {"one", "two"}) {
        store::RadarDefinition r;
        r.owner = owner;
        r.name = name;
        r.description = "large language models";
        ASSERT_TRUE(s->radars().CreateRadar(r));
      }
  }
  clock_.AdvanceMs(60 * 60 * 1000);  // 08:00 in Berlin, 06:00 UTC: both are due
  auto d = Start("w1");
  std::vector<std::string> ran;
  d->Register("radar", [&ran](const store::Job& j, JobContext&) {
    ran.push_back(j.key);
    return JobResult::Done();
  });
  d->Register("deliver", [&ran](const store::Job& j, JobContext&) {
    ran.push_back(j.key);
    return JobResult::Done();
  });
  ASSERT_TRUE(d->RunOnce());
  ASSERT_EQ(ran.size(), 6u);
  for (const std::string user : {"alice", "bob"}) {
    auto deliver = std::find(ran.begin(), ran.end(), "deliver:" + user + ":2026-06-25");
    ASSERT_NE(deliver, ran.end()) << user;
    auto last_radar = std::find_if(ran.rbegin(), ran.rend(), [&](const std::string& k) {
      return k.rfind("radar:" + user + ":", 0) == 0;
    });
    ASSERT_NE(last_radar, ran.rend()) << user;
    EXPECT_EQ(deliver, last_radar.base()) << "after " << user << "'s last radar: " << *deliver;
  }
  // And nothing twice.
  ASSERT_TRUE(d->RunOnce());
  EXPECT_EQ(ran.size(), 6u);
}

// Two workers: every job runs once, two at a time.
TEST_F(DaemonTest, TwoWorkersRunEachJobOnce) {
  {
    auto s = library_->OpenSession();
    for (int u = 0; u < 4; ++u) {
      store::User user;
      user.name = "user" + std::to_string(u);
      user.settings_json = R"({"delivery": {"time": "06:00", "time_zone": "UTC"}})";
      ASSERT_TRUE(s->users().CreateUser(user));
      for (const char* name : {"one", "two", "three"}) {
        store::RadarDefinition r;
        r.owner = user.name;
        r.name = name;
        r.description = "large language models";
        ASSERT_TRUE(s->radars().CreateRadar(r));
      }
    }
  }
  clock_.AdvanceMs(60 * 60 * 1000);
  auto jobs = store::OpenJobStore(lib_path_, false);
  ASSERT_TRUE(jobs);
  DaemonOptions o;
  o.worker = "w1";
  o.workers = 2;
  Daemon d(*library_, **jobs, clock_, metrics_, o);
  std::mutex mu;
  std::map<std::string, int> runs;
  std::atomic<int> running{0}, most{0};
  auto handler = [&](const store::Job& j, JobContext&) {
    const int now = ++running;
    for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    --running;
    std::lock_guard<std::mutex> lock(mu);
    ++runs[j.key];
    return JobResult::Done();
  };
  d.Register("radar", handler);
  d.Register("deliver", handler);
  ASSERT_TRUE(d.RunOnce());
  ASSERT_TRUE(d.RunOnce());
  // 12 radars and 5 users ("alice" has no radar: her delivery is due too).
  EXPECT_EQ(runs.size(), 12u + 5u);
  for (const auto& [key, n] : runs) EXPECT_EQ(n, 1) << key;
  EXPECT_EQ(runs.count("deliver:user3:2026-06-25"), 1u);
  EXPECT_EQ(most.load(), 2);
}

// The built-in radar job brings the index up to date before it holds a
// connection of the library's pool (this fixture's pool has one reader: it
// waited for itself).
TEST_F(DaemonTest, TheRadarJobHoldsNoConnectionWhileTheIndexIsRefreshed) {
  {
    auto s = library_->OpenSession();
    store::RadarDefinition r;
    r.owner = "alice";
    r.name = "llm";
    r.description = "large language models";
    ASSERT_TRUE(s->radars().CreateRadar(r));
  }
  auto d = Start("w1");
  net::CurlHttpClient http;
  net::RateLimiter limiter(clock_);
  d->RegisterBuiltins(http, limiter);
  auto done = std::make_shared<std::promise<bool>>();
  std::future<bool> finished = done->get_future();
  std::thread([&d, done] { done->set_value(static_cast<bool>(d->RunOnce())); }).detach();
  if (finished.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    ADD_FAILURE() << "the daemon waits for itself (a deadlock)";
    std::abort();
  }
  EXPECT_TRUE(finished.get());
  auto jobs = store::OpenJobStore(lib_path_, false);
  ASSERT_TRUE(jobs);
  auto j = (*jobs)->GetJob("radar:alice:1:2026-06-25");
  ASSERT_TRUE(j && *j);
  // It ran: an empty library has nothing announced, a day without papers,
  // which no retry helps (its index is empty, not an error).
  EXPECT_EQ((*j)->attempts, 1);
  EXPECT_EQ((*j)->state, store::JobState::kDone);
  EXPECT_EQ((*j)->last_error, "");
}

TEST_F(DaemonTest, NoDeliverJobsWithoutAHandler) {
  clock_.AdvanceMs(31 * 60 * 1000);
  auto jobs = store::OpenJobStore(lib_path_, false);
  Daemon d(*library_, **jobs, clock_, metrics_, {});
  ASSERT_TRUE(d.RunOnce());
  EXPECT_FALSE((*jobs)->GetJob("deliver:alice:2026-06-25").value());
}

TEST_F(DaemonTest, AStoppedDaemonRunsNothingMore) {
  clock_.AdvanceMs(31 * 60 * 1000);
  auto d = Start("w1");
  d->RequestStop();
  ASSERT_TRUE(d->RunOnce());
  EXPECT_TRUE(delivered_.empty());
}

TEST_F(DaemonTest, DoneJobsArePrunedAfterThirtyDaysFailedOnesKept) {
  clock_.AdvanceMs(31 * 60 * 1000);
  auto d = Start("w1");
  ASSERT_TRUE(d->RunOnce());
  auto jobs = store::OpenJobStore(lib_path_, false);
  ASSERT_TRUE(jobs);
  store::Job broken;
  broken.kind = "fetch";
  broken.key = "fetch:gone:2026-06-25";
  broken.due_unix = clock_.NowUnix();
  ASSERT_TRUE((*jobs)->Enqueue(broken, clock_.NowUnix()));
  auto c = (*jobs)->Claim("w0", {"fetch"}, clock_.NowUnix(), 60);
  ASSERT_TRUE(c && *c);
  ASSERT_TRUE((*jobs)->Fail((*c)->id, "w0", "HTTP 404", clock_.NowUnix(), -1, true));
  // 29 days on: nothing pruned yet.
  clock_.AdvanceMs(29LL * 86400 * 1000);
  ASSERT_TRUE(d->RunOnce());
  EXPECT_TRUE((*jobs)->GetJob("deliver:alice:2026-06-25").value());
  // 31 days on: the done job is gone (its delivery is recorded elsewhere), the failed one stays.
  clock_.AdvanceMs(2LL * 86400 * 1000);
  ASSERT_TRUE(d->RunOnce());
  EXPECT_FALSE((*jobs)->GetJob("deliver:alice:2026-06-25").value());
  EXPECT_TRUE((*jobs)->GetJob("fetch:gone:2026-06-25").value());
  EXPECT_TRUE((*jobs)->GetJob("deliver:alice:2026-07-26").value());
}

TEST(Metrics, RendersPrometheusText) {
  Metrics m;
  m.Describe("academichub_fetches_total", "counter", "Source fetches by outcome.");
  m.Add("academichub_fetches_total", {{"source", "arxiv"}, {"outcome", "ok"}});
  m.Add("academichub_fetches_total", {{"source", "arxiv"}, {"outcome", "ok"}}, 2);
  m.Set("academichub_job_queue_depth", {{"state", "due"}}, 4);
  m.Add("x_total", {{"label", "a\"b\\c\nd"}});
  const std::string text = m.Render();
  EXPECT_NE(text.find("# HELP academichub_fetches_total Source fetches by outcome.\n"
                      "# TYPE academichub_fetches_total counter\n"
                      "academichub_fetches_total{source=\"arxiv\",outcome=\"ok\"} 3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("academichub_job_queue_depth{state=\"due\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("x_total{label=\"a\\\"b\\\\c\\nd\"} 1\n"), std::string::npos) << text;
}

TEST(Metrics, SeriesAreBounded) {
  Metrics m;
  for (size_t i = 0; i < Metrics::kMaxSeries + 10; ++i)
    m.Add("c_total", {{"i", std::to_string(i)}});
  EXPECT_NE(m.Render().find("academichub_metrics_dropped_total 10\n"), std::string::npos);
}

}  // namespace
}  // namespace ah::daemon
