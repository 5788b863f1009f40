// The daemon's calendar (pure): which jobs exist at a given moment.
#include "daemon/schedule.h"

#include <gtest/gtest.h>

#include <set>

#include "core/date.h"

namespace ah::daemon {
namespace {

int64_t At(const char* iso) { return *date::ParseTimestamp(iso); }

std::set<std::string> Keys(const std::vector<PlannedJob>& jobs) {
  std::set<std::string> out;
  for (const auto& j : jobs) out.insert(j.key);
  return out;
}

const PlannedJob* Find(const std::vector<PlannedJob>& jobs, const std::string& key) {
  for (const auto& j : jobs)
    if (j.key == key) return &j;
  return nullptr;
}

ScheduleInput Input(const char* now) {
  ScheduleInput in;
  in.now = At(now);
  in.source_specs = {"arxiv:rss:cs.CL", "biorxiv", "journal:nature"};
  return in;
}

TEST(Schedule, ArxivIsFetchedAfterEachAnnouncementSundayToThursday) {
  // Wednesday 2026-06-24 20:15 EDT: Thursday's listing, due 20:10.
  auto jobs = Plan(Input("2026-06-25T00:15:00Z"));
  const auto* a = Find(jobs, "fetch:arxiv:rss:cs.CL:2026-06-25");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->due_unix, At("2026-06-25T00:10:00Z"));
  EXPECT_GT(a->max_attempts, 10);  // the late-feed window
  EXPECT_NE(a->payload.find("\"expect_listing\":\"2026-06-25\""), std::string::npos);
  // Not before it is due (20:10).
  EXPECT_FALSE(Keys(Plan(Input("2026-06-25T00:05:00Z"))).count("fetch:arxiv:rss:cs.CL:2026-06-25"));
  // Friday and Saturday evenings: still Friday's listing (announced Thursday).
  for (const char* t : {"2026-06-27T00:30:00Z", "2026-06-28T00:30:00Z", "2026-06-28T20:00:00Z"})
    EXPECT_TRUE(Keys(Plan(Input(t))).count("fetch:arxiv:rss:cs.CL:2026-06-26")) << t;
  // Sunday evening: Monday's.
  EXPECT_TRUE(Keys(Plan(Input("2026-06-29T00:30:00Z"))).count("fetch:arxiv:rss:cs.CL:2026-06-29"));
}

TEST(Schedule, BiorxivDailyAndJournalsEveryFewHours) {
  auto jobs = Plan(Input("2026-06-25T09:30:00Z"));  // 05:30 EDT
  const auto* b = Find(jobs, "fetch:biorxiv:2026-06-25");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->due_unix, At("2026-06-25T05:00:00Z"));  // 00:00 EDT + 1 h
  const auto* j = Find(jobs, "fetch:journal:nature:2026-06-25T08");
  ASSERT_NE(j, nullptr);
  EXPECT_EQ(j->due_unix, At("2026-06-25T08:00:00Z"));
  EXPECT_TRUE(
      Keys(Plan(Input("2026-06-25T12:00:00Z"))).count("fetch:journal:nature:2026-06-25T12"));
}

TEST(Schedule, RadarsRunOnceTheDaysFetchesFinishedAndBriefingsAfterThem) {
  ScheduleInput in = Input("2026-06-25T01:00:00Z");
  in.radars = {{"alice", 7, "gnn", true}, {"bob", 8, "llm", false}};
  std::set<std::string> finished, done;
  in.finished = [&](const std::string& k) { return finished.count(k) > 0; };
  in.done = [&](const std::string& k) { return done.count(k) > 0; };
  EXPECT_FALSE(Keys(Plan(in)).count("radar:alice:7:2026-06-25"));
  finished.insert("fetch:arxiv:rss:cs.CL:2026-06-25");
  auto keys = Keys(Plan(in));
  EXPECT_TRUE(keys.count("radar:alice:7:2026-06-25"));
  EXPECT_TRUE(keys.count("radar:bob:8:2026-06-25"));
  EXPECT_FALSE(keys.count("brief:alice:7:2026-06-25"));
  finished.insert("radar:alice:7:2026-06-25");
  done.insert("radar:alice:7:2026-06-25");
  keys = Keys(Plan(in));
  EXPECT_TRUE(keys.count("brief:alice:7:2026-06-25"));
  EXPECT_FALSE(keys.count("brief:bob:8:2026-06-25"));  // bob did not ask for briefings
}

TEST(Schedule, DeliveriesAtEachUsersLocalTimeOnlyWithAHandler) {
  ScheduleInput in = Input("2026-06-25T05:29:00Z");  // 07:29 in Berlin
  in.source_specs.clear();
  UserRef u;
  u.name = "alice";
  u.zone = *TimeZone::Load("Europe/Berlin");
  u.prefs.minutes = 7 * 60 + 30;
  in.users = {u};
  in.deliveries = true;
  EXPECT_FALSE(Keys(Plan(in)).count("deliver:alice:2026-06-25"));
  in.now = At("2026-06-25T05:30:00Z");
  auto jobs = Plan(in);
  const auto* d = Find(jobs, "deliver:alice:2026-06-25");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->due_unix, At("2026-06-25T05:30:00Z"));
  EXPECT_NE(d->payload.find("\"day\":\"2026-06-25\""), std::string::npos);
  in.deliveries = false;
  EXPECT_FALSE(Keys(Plan(in)).count("deliver:alice:2026-06-25"));
  in.deliveries = true;
  in.users[0].prefs.enabled = false;
  EXPECT_FALSE(Keys(Plan(in)).count("deliver:alice:2026-06-25"));
}

TEST(Schedule, DeliveryWaitsForTheUsersRadars) {
  ScheduleInput in = Input("2026-06-25T06:00:00Z");
  UserRef u;
  u.name = "alice";
  u.prefs.minutes = 5 * 60;
  in.users = {u};
  in.deliveries = true;
  in.radars = {{"alice", 7, "gnn", false}};
  std::set<std::string> finished;
  in.finished = [&](const std::string& k) { return finished.count(k) > 0; };
  in.done = in.finished;
  finished.insert("fetch:arxiv:rss:cs.CL:2026-06-25");
  EXPECT_FALSE(Keys(Plan(in)).count("deliver:alice:2026-06-25"));
  finished.insert("radar:alice:7:2026-06-25");
  EXPECT_TRUE(Keys(Plan(in)).count("deliver:alice:2026-06-25"));
}

TEST(Schedule, DeliveryPrefsFromSettings) {
  std::string warning;
  auto p = DeliveryPrefsOf(
      R"({"delivery": {"time": "06:45", "time_zone": "Asia/Shanghai", "briefing": true}})",
      &warning);
  EXPECT_EQ(p.minutes, 405);
  EXPECT_EQ(p.time_zone, "Asia/Shanghai");
  EXPECT_TRUE(p.briefing);
  EXPECT_TRUE(p.enabled);
  p = DeliveryPrefsOf(R"({"delivery": {"time": "25:00"}})", &warning);
  EXPECT_EQ(p.minutes, 7 * 60);
  EXPECT_NE(warning.find("25:00"), std::string::npos);
  EXPECT_EQ(DeliveryPrefsOf("not json").minutes, 7 * 60);
}

TEST(Schedule, NoArxivFetchNorRadarDayOnArxivHolidays) {
  // Thanksgiving, Thursday 2026-11-26: arXiv makes no announcement that
  // evening (the bundled calendar), so Friday's listing never comes.
  auto jobs = Plan(Input("2026-11-27T02:00:00Z"));  // Thursday 21:00 EST
  EXPECT_FALSE(Find(jobs, "fetch:arxiv:rss:cs.CL:2026-11-27"));
  EXPECT_TRUE(Find(jobs, "fetch:arxiv:rss:cs.CL:2026-11-26"));  // Wednesday's, still current
  ScheduleOptions o;
  EXPECT_EQ(RadarDay(At("2026-11-28T12:00:00Z"), o), "2026-11-26");
  EXPECT_EQ(RadarDay(At("2026-11-30T02:00:00Z"), o), "2026-11-30");  // Sunday evening's
  // Christmas Eve and New Year's Eve 2026 (Thursdays).
  EXPECT_EQ(RadarDay(At("2026-12-25T12:00:00Z"), o), "2026-12-24");
  EXPECT_EQ(RadarDay(At("2027-01-01T12:00:00Z"), o), "2026-12-31");
  // Configurable: no holidays at all, or a date of one's own (US Eastern
  // date of the evening without an announcement).
  o.arxiv_holidays.clear();
  EXPECT_TRUE(Find(Plan(Input("2026-11-27T02:00:00Z"), o), "fetch:arxiv:rss:cs.CL:2026-11-27"));
  o.arxiv_holidays = {"2026-06-24"};
  jobs = Plan(Input("2026-06-25T00:15:00Z"), o);
  EXPECT_FALSE(Find(jobs, "fetch:arxiv:rss:cs.CL:2026-06-25"));
  EXPECT_TRUE(Find(jobs, "fetch:arxiv:rss:cs.CL:2026-06-24"));
  // The radars' day waits for nothing that will not come.
  ScheduleInput in = Input("2026-06-25T00:15:00Z");
  in.radars = {{"alice", 7, "gnn", false}};
  std::set<std::string> finished = {"fetch:arxiv:rss:cs.CL:2026-06-24"};
  in.finished = [&](const std::string& k) { return finished.count(k) > 0; };
  EXPECT_TRUE(Keys(Plan(in, o)).count("radar:alice:7:2026-06-24"));
}

TEST(Schedule, BundledArxivHolidaysAreDatesOnArxivEvenings) {
  const auto days = DefaultArxivHolidays();
  ASSERT_FALSE(days.empty());
  for (const auto& d : days) {
    auto ymd = date::Parse(d);
    ASSERT_TRUE(ymd) << d;
    EXPECT_EQ(date::Format(*ymd), d);
    EXPECT_LE(date::Weekday(*ymd), 4) << d << " is no announcement evening anyway";
    EXPECT_TRUE(d >= "2026-01-01" && d <= "2027-12-31") << d;
  }
}

}  // namespace
}  // namespace ah::daemon
