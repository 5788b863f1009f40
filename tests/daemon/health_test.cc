// /healthz's view of the sources: overdue when a due fetch has not succeeded.
#include "daemon/health.h"

#include <gtest/gtest.h>

#include "core/date.h"
#include "store/open.h"
#include "testing.h"

namespace ah::daemon {
namespace {

int64_t At(const char* iso) { return *date::ParseTimestamp(iso); }

class HealthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto j = store::OpenJobStore((dir_ / "lib.db").string(), true);
    ASSERT_TRUE(j);
    jobs_ = std::move(*j);
  }
  void Finish(const std::string& key, int64_t at, bool ok) {
    store::Job j;
    j.kind = "fetch";
    j.key = key;
    j.due_unix = at;
    j.max_attempts = 1;
    ASSERT_TRUE(jobs_->Enqueue(j, at));
    auto c = jobs_->Claim("w", {}, at, 60);
    ASSERT_TRUE(c && *c);
    if (ok)
      ASSERT_TRUE(jobs_->Complete((*c)->id, "w", at));
    else
      ASSERT_TRUE(jobs_->Fail((*c)->id, "w", "HTTP 503", at, -1, false));
  }
  ah::testing::TempDir dir_;
  std::unique_ptr<store::JobStore> jobs_;
};

TEST_F(HealthTest, SourcesNeverScheduledAreNotJudged) {
  auto h = CheckSources(*jobs_, {"arxiv:rss:cs.CL"}, At("2026-06-30T12:00:00Z"));
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 1u);
  EXPECT_FALSE((*h)[0].scheduled);
  EXPECT_FALSE((*h)[0].overdue);
}

TEST_F(HealthTest, ArxivIsOverdueAfterTheLateWindowOfTheNextAnnouncement) {
  Finish("fetch:arxiv:rss:cs.CL:2026-06-29", At("2026-06-29T00:15:00Z"), true);
  // Monday 20:00 EDT announces Tuesday's; it may be late until 04:10 UTC.
  auto h = CheckSources(*jobs_, {"arxiv:rss:cs.CL"}, At("2026-06-30T04:00:00Z"));
  ASSERT_TRUE(h);
  EXPECT_TRUE((*h)[0].scheduled);
  EXPECT_EQ((*h)[0].last_success, At("2026-06-29T00:15:00Z"));
  EXPECT_FALSE((*h)[0].overdue);
  h = CheckSources(*jobs_, {"arxiv:rss:cs.CL"}, At("2026-06-30T08:30:00Z"));
  EXPECT_TRUE((*h)[0].overdue);
  // Friday's listing fetched: not overdue over the weekend.
  Finish("fetch:arxiv:rss:cs.CL:2026-07-03", At("2026-07-03T00:15:00Z"), true);
  h = CheckSources(*jobs_, {"arxiv:rss:cs.CL"}, At("2026-07-05T12:00:00Z"));
  EXPECT_FALSE((*h)[0].overdue);
}

TEST_F(HealthTest, ASourceThatNeverSucceededIsOverdueOnceAFetchFailedForGood) {
  Finish("fetch:journal:nature:2026-06-30T08", At("2026-06-30T08:00:00Z"), false);
  auto h = CheckSources(*jobs_, {"journal:nature"}, At("2026-06-30T09:00:00Z"));
  ASSERT_TRUE(h);
  EXPECT_TRUE((*h)[0].scheduled);
  EXPECT_EQ((*h)[0].last_success, 0);
  EXPECT_TRUE((*h)[0].overdue);
}

TEST_F(HealthTest, OtherSourcesAfterThreePeriods) {
  Finish("fetch:journal:nature:2026-06-30T08", At("2026-06-30T08:00:00Z"), true);
  EXPECT_FALSE(CheckSources(*jobs_, {"journal:nature"}, At("2026-06-30T19:00:00Z"))->at(0).overdue);
  EXPECT_TRUE(CheckSources(*jobs_, {"journal:nature"}, At("2026-06-30T20:30:00Z"))->at(0).overdue);
}

TEST_F(HealthTest, ArxivIsNotOverdueWhenItsAnnouncementIsAHoliday) {
  // Wednesday 2026-11-25's announcement (Thursday's listing) fetched; none
  // on Thanksgiving evening, so Friday morning the source is healthy.
  Finish("fetch:arxiv:rss:cs.CL:2026-11-26", At("2026-11-26T01:15:00Z"), true);
  auto h = CheckSources(*jobs_, {"arxiv:rss:cs.CL"}, At("2026-11-27T12:00:00Z"));
  ASSERT_TRUE(h);
  EXPECT_FALSE((*h)[0].overdue);
  EXPECT_FALSE(
      CheckSources(*jobs_, {"arxiv:rss:cs.CL"}, At("2026-11-29T12:00:00Z"))->at(0).overdue);
  // Without the holiday calendar it would be (the check is not simply off).
  ScheduleOptions none;
  none.arxiv_holidays.clear();
  EXPECT_TRUE(
      CheckSources(*jobs_, {"arxiv:rss:cs.CL"}, At("2026-11-27T12:00:00Z"), none)->at(0).overdue);
  // Sunday evening's announcement is due again.
  EXPECT_TRUE(CheckSources(*jobs_, {"arxiv:rss:cs.CL"}, At("2026-11-30T12:00:00Z"))->at(0).overdue);
}

}  // namespace
}  // namespace ah::daemon
