#include "sources/calendar.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "core/date.h"
#include "testing.h"

namespace ah::sources {
namespace {

// Unix seconds of an ISO 8601 UTC timestamp.
int64_t T(const char* iso) {
  std::optional<int64_t> t = date::ParseTimestamp(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return t.value_or(0);
}

std::string Iso(int64_t t) { return date::FormatTimestamp(t); }

// --- US Eastern time --------------------------------------------------------------------------

TEST(Calendar, DstStartsSecondSundayOfMarchAt2amLocal) {
  // 2026-03-08 is the second Sunday of March: 02:00 EST = 07:00 UTC.
  EXPECT_FALSE(IsUsEasternDst(T("2026-03-08T06:59:59Z")));
  EXPECT_TRUE(IsUsEasternDst(T("2026-03-08T07:00:00Z")));
  EXPECT_EQ(UsEasternUtcOffset(T("2026-03-08T06:59:59Z")), -5 * 3600);
  EXPECT_EQ(UsEasternUtcOffset(T("2026-03-08T07:00:00Z")), -4 * 3600);
  EXPECT_FALSE(IsUsEasternDst(T("2026-03-01T12:00:00Z")));  // first Sunday: not yet
}

TEST(Calendar, DstEndsFirstSundayOfNovemberAt2amLocal) {
  // 2026-11-01 is the first Sunday of November: 02:00 EDT = 06:00 UTC.
  EXPECT_TRUE(IsUsEasternDst(T("2026-11-01T05:59:59Z")));
  EXPECT_FALSE(IsUsEasternDst(T("2026-11-01T06:00:00Z")));
  EXPECT_TRUE(IsUsEasternDst(T("2025-11-02T05:59:59Z")));
  EXPECT_FALSE(IsUsEasternDst(T("2025-11-02T06:00:00Z")));
}

TEST(Calendar, WinterAndSummerOffsets) {
  EXPECT_EQ(UsEasternUtcOffset(T("2026-01-15T12:00:00Z")), -5 * 3600);
  EXPECT_EQ(UsEasternUtcOffset(T("2026-07-15T12:00:00Z")), -4 * 3600);
  EXPECT_EQ(UsEasternUtcOffset(T("2026-12-31T23:59:59Z")), -5 * 3600);
}

TEST(Calendar, Pre2007DstRule) {
  // 2006: first Sunday of April (04-02) to last Sunday of October (10-29).
  EXPECT_FALSE(IsUsEasternDst(T("2006-03-12T12:00:00Z")));
  EXPECT_FALSE(IsUsEasternDst(T("2006-04-02T06:59:59Z")));
  EXPECT_TRUE(IsUsEasternDst(T("2006-04-02T07:00:00Z")));
  EXPECT_TRUE(IsUsEasternDst(T("2006-10-29T05:59:59Z")));
  EXPECT_FALSE(IsUsEasternDst(T("2006-10-29T06:00:00Z")));
}

TEST(Calendar, DescribesEasternTimeWithUtc) {
  EXPECT_EQ(DescribeEasternTime(T("2026-11-30T01:00:00Z")),
            "Sunday 2026-11-29 20:00 ET (01:00 UTC Monday)");
  EXPECT_EQ(DescribeEasternTime(T("2026-06-08T00:00:00Z")),
            "Sunday 2026-06-07 20:00 ET (00:00 UTC Monday)");
  EXPECT_EQ(DescribeEasternTime(T("2026-06-08T15:30:00Z")),
            "Monday 2026-06-08 11:30 ET (15:30 UTC)");
}

// --- Families ----------------------------------------------------------------------------------

TEST(Calendar, FamilyNamesAreCaseInsensitiveAndMayCarryAChannel) {
  EXPECT_EQ(CadenceOf("arxiv"), Cadence::kArxiv);
  EXPECT_EQ(CadenceOf("arXiv"), Cadence::kArxiv);
  EXPECT_EQ(CadenceOf("arxiv:cs.LG"), Cadence::kArxiv);
  EXPECT_EQ(CadenceOf("bioRxiv"), Cadence::kDailyEastern);
  EXPECT_EQ(CadenceOf("medrxiv"), Cadence::kDailyEastern);
  EXPECT_EQ(CadenceOf("crossref:0028-0836"), Cadence::kDailyUtc);
  EXPECT_EQ(CadenceOf("nature"), Cadence::kDailyUtc);
  EXPECT_EQ(CadenceOf(""), Cadence::kDailyUtc);
}

// --- arXiv ---------------------------------------------------------------------------------------

TEST(Calendar, ArxivThursday1959IsStillThursdaysListing) {
  // Thursday 2026-06-04 19:59:59 EDT.
  int64_t now = T("2026-06-04T23:59:59Z");
  Announcement cur = CurrentAnnouncement("arxiv", now);
  EXPECT_EQ(cur.date, "2026-06-04");
  EXPECT_EQ(Iso(cur.at_unix), "2026-06-04T00:00:00Z");  // Wednesday 20:00 EDT
  Announcement next = NextAnnouncement("arxiv", now);
  EXPECT_EQ(next.date, "2026-06-05");
  EXPECT_EQ(Iso(next.at_unix), "2026-06-05T00:00:00Z");
}

TEST(Calendar, ArxivThursday2000IsFridaysListing) {
  int64_t now = T("2026-06-05T00:00:00Z");  // Thursday 20:00:00 EDT
  Announcement cur = CurrentAnnouncement("arxiv", now);
  EXPECT_EQ(cur.date, "2026-06-05");
  EXPECT_EQ(cur.at_unix, now);
  Announcement next = NextAnnouncement("arxiv", now);
  EXPECT_EQ(next.date, "2026-06-08");
  EXPECT_EQ(Iso(next.at_unix), "2026-06-08T00:00:00Z");  // Sunday 20:00 EDT
}

TEST(Calendar, ArxivFridayNightAndWeekendKeepFridaysListing) {
  for (const char* now : {"2026-06-06T00:00:00Z",     // Friday 20:00 EDT
                          "2026-06-06T03:59:59Z",     // Friday 23:59
                          "2026-06-06T16:00:00Z",     // Saturday noon
                          "2026-06-07T01:00:00Z",     // Saturday 21:00
                          "2026-06-07T23:59:59Z"}) {  // Sunday 19:59:59
    EXPECT_EQ(CurrentAnnouncementDate("arxiv", T(now)), "2026-06-05") << now;
    Announcement next = NextAnnouncement("arxiv", T(now));
    EXPECT_EQ(next.date, "2026-06-08") << now;
    EXPECT_EQ(Iso(next.at_unix), "2026-06-08T00:00:00Z") << now;
  }
  EXPECT_EQ(CurrentAnnouncementDate("arxiv", T("2026-06-08T00:00:00Z")), "2026-06-08");
}

TEST(Calendar, ArxivMondayMorningIsMondaysListing) {
  Announcement cur = CurrentAnnouncement("arxiv", T("2026-06-08T14:00:00Z"));
  EXPECT_EQ(cur.date, "2026-06-08");
  EXPECT_EQ(Iso(cur.at_unix), "2026-06-08T00:00:00Z");
  EXPECT_EQ(NextAnnouncement("arxiv", T("2026-06-08T14:00:00Z")).date, "2026-06-09");
}

TEST(Calendar, ArxivWinterAnnouncementsAreAt0100Utc) {
  Announcement next = NextAnnouncement("arxiv", T("2026-11-28T12:00:00Z"));  // Saturday
  EXPECT_EQ(next.date, "2026-11-30");
  EXPECT_EQ(Iso(next.at_unix), "2026-11-30T01:00:00Z");
  // Thursday 2026-12-03 at 20:00 EST = 01:00 UTC Friday; 00:59 UTC is still 19:59 EST.
  EXPECT_EQ(CurrentAnnouncementDate("arxiv", T("2026-12-04T00:59:59Z")), "2026-12-03");
  EXPECT_EQ(CurrentAnnouncementDate("arxiv", T("2026-12-04T01:00:00Z")), "2026-12-04");
}

TEST(Calendar, ArxivAcrossDstStartWeekend) {
  // Friday 2026-03-06 20:00 EST: no announcement. Sunday 2026-03-08 (DST began 02:00) 20:00 EDT.
  Announcement next = NextAnnouncement("arxiv", T("2026-03-05T12:00:00Z"));  // Thursday noon
  EXPECT_EQ(next.date, "2026-03-06");
  EXPECT_EQ(Iso(next.at_unix), "2026-03-06T01:00:00Z");         // Thursday 20:00 EST
  next = NextAnnouncement("arxiv", T("2026-03-06T12:00:00Z"));  // Friday noon
  EXPECT_EQ(next.date, "2026-03-09");
  EXPECT_EQ(Iso(next.at_unix), "2026-03-09T00:00:00Z");
  EXPECT_EQ(CurrentAnnouncementDate("arxiv", T("2026-03-08T23:59:59Z")), "2026-03-06");
  EXPECT_EQ(CurrentAnnouncementDate("arxiv", T("2026-03-09T00:00:00Z")), "2026-03-09");
}

TEST(Calendar, ArxivAcrossDstEndWeekend) {
  // Sunday 2026-11-01 (DST ended 02:00) 20:00 EST = 2026-11-02T01:00Z; Thursday before was EDT.
  Announcement cur = CurrentAnnouncement("arxiv", T("2026-11-01T12:00:00Z"));
  EXPECT_EQ(cur.date, "2026-10-30");
  EXPECT_EQ(Iso(cur.at_unix), "2026-10-30T00:00:00Z");
  Announcement next = NextAnnouncement("arxiv", T("2026-11-01T12:00:00Z"));
  EXPECT_EQ(next.date, "2026-11-02");
  EXPECT_EQ(Iso(next.at_unix), "2026-11-02T01:00:00Z");
  // 00:30 UTC Monday is 19:30 EST Sunday (it would be 20:30 EDT): not yet.
  EXPECT_EQ(CurrentAnnouncementDate("arxiv", T("2026-11-02T00:30:00Z")), "2026-10-30");
}

TEST(Calendar, ArxivAcrossYearEnd) {
  // Wednesday 2025-12-31 20:00 EST -> Thursday 2026-01-01's listing (no holiday list built in).
  Announcement a = NextAnnouncement("arxiv", T("2025-12-31T12:00:00Z"));
  EXPECT_EQ(a.date, "2026-01-01");
  EXPECT_EQ(Iso(a.at_unix), "2026-01-01T01:00:00Z");
  // Thursday 2026-12-31 20:00 EST -> Friday 2027-01-01; then nothing until Sunday 2027-01-03.
  Announcement b = NextAnnouncement("arxiv", T("2026-12-31T12:00:00Z"));
  EXPECT_EQ(b.date, "2027-01-01");
  EXPECT_EQ(Iso(b.at_unix), "2027-01-01T01:00:00Z");
  Announcement c = NextAnnouncement("arxiv", T("2027-01-01T01:00:00Z"));
  EXPECT_EQ(c.date, "2027-01-04");
  EXPECT_EQ(Iso(c.at_unix), "2027-01-04T01:00:00Z");
  EXPECT_EQ(CurrentAnnouncementDate("arxiv", T("2027-01-01T00:59:59Z")), "2026-12-31");
  EXPECT_EQ(CurrentAnnouncementDate("arxiv", T("2027-01-02T12:00:00Z")), "2027-01-01");
}

TEST(Calendar, ArxivListsMondayToFriday) {
  EXPECT_TRUE(HasAnnouncementOn("arxiv", "2026-11-30"));         // Monday
  EXPECT_TRUE(HasAnnouncementOn("arxiv", "2026-11-27"));         // Friday
  EXPECT_FALSE(HasAnnouncementOn("arxiv", "2026-11-28"));        // Saturday
  EXPECT_FALSE(HasAnnouncementOn("arxiv:cs.LG", "2026-11-29"));  // Sunday
  EXPECT_TRUE(HasAnnouncementOn("arxiv", "2026-01-01"));         // Thursday; no holiday list
  EXPECT_TRUE(HasAnnouncementOn("arxiv", "Mon, 27 Apr 2026 00:00:00 -0400"));  // any date form
}

TEST(Calendar, InvalidDatesHaveNoAnnouncement) {
  for (const char* d : {"", "garbage", "2026-02-30", "2026-13-01", "1969-12-31"}) {
    EXPECT_FALSE(HasAnnouncementOn("arxiv", d)) << d;
    EXPECT_FALSE(HasAnnouncementOn("biorxiv", d)) << d;
    EXPECT_EQ(AnnouncementListedOnOrAfter("arxiv", d).date, "") << d;
  }
}

TEST(Calendar, ArxivAnnouncementListedOnOrAfter) {
  Announcement mon = AnnouncementListedOnOrAfter("arxiv", "2026-11-28");
  EXPECT_EQ(mon.date, "2026-11-30");
  EXPECT_EQ(Iso(mon.at_unix), "2026-11-30T01:00:00Z");
  Announcement fri = AnnouncementListedOnOrAfter("arxiv", "2026-06-05");
  EXPECT_EQ(fri.date, "2026-06-05");
  EXPECT_EQ(Iso(fri.at_unix), "2026-06-05T00:00:00Z");
}

// The real RSS feeds: the channel was built after the announcement that its items carry.
TEST(Calendar, ArxivRssFixturesAgreeWithTheCalendar) {
  struct Case {
    const char* file;
    const char* listing;
  };
  for (Case c : {Case{"arxiv_rss/arxiv_rss_2026_cs_ai_3items.xml", "2026-04-27"},
                 Case{"arxiv_rss/arxiv_rss_2026_cs_cl_3items.xml", "2026-04-27"},
                 Case{"arxiv_rss/arxiv_rss_2026_cs_lg_3items.xml", "2026-04-27"},
                 Case{"arxiv_rss/arxiv_rss_2026_multi_category_4items.xml", "2026-09-24"}}) {
    std::string xml = testing::ReadData(c.file);
    auto field = [&](const std::string& tag) {
      size_t b = xml.find("<" + tag + ">");
      size_t e = xml.find("</" + tag + ">", b);
      EXPECT_NE(b, std::string::npos) << c.file << " " << tag;
      if (b == std::string::npos || e == std::string::npos) return std::string();
      b += tag.size() + 2;
      return xml.substr(b, e - b);
    };
    std::optional<int64_t> built = date::ParseTimestamp(field("lastBuildDate"));
    ASSERT_TRUE(built) << c.file;
    std::string item_date = date::Normalize(field("pubDate"));
    EXPECT_EQ(item_date, c.listing) << c.file;
    EXPECT_EQ(CurrentAnnouncementDate("arxiv", *built), c.listing) << c.file;
    EXPECT_TRUE(HasAnnouncementOn("arxiv", item_date)) << c.file;
    EXPECT_LE(CurrentAnnouncement("arxiv", *built).at_unix, *built) << c.file;
  }
}

// Every hour over two years: current <= now < next, both are 20:00 Eastern on a Sunday-Thursday
// evening, listed the next day, and no listing day is skipped between them.
TEST(Calendar, ArxivScheduleInvariantsHoldHourly) {
  int64_t start = T("2025-01-01T00:00:00Z"), end = T("2027-01-01T00:00:00Z");
  for (int64_t now = start; now < end; now += 3600) {
    Announcement cur = CurrentAnnouncement("arxiv", now);
    Announcement next = NextAnnouncement("arxiv", now);
    ASSERT_LE(cur.at_unix, now) << Iso(now);
    ASSERT_GT(next.at_unix, now) << Iso(now);
    for (const Announcement& a : {cur, next}) {
      int64_t local = a.at_unix + UsEasternUtcOffset(a.at_unix);
      ASSERT_EQ(((local % 86400) + 86400) % 86400, 20 * 3600) << Iso(now);
      ASSERT_TRUE(HasAnnouncementOn("arxiv", a.date)) << Iso(now);
      ASSERT_EQ(AnnouncementListedOnOrAfter("arxiv", a.date).at_unix, a.at_unix) << Iso(now);
      int wd = date::Weekday(*date::Parse(a.date));
      ASSERT_TRUE(wd >= 1 && wd <= 5) << a.date;
    }
    date::Ymd after = date::AddDays(*date::Parse(cur.date), 1);
    ASSERT_EQ(AnnouncementListedOnOrAfter("arxiv", date::Format(after)).date, next.date)
        << Iso(now);
  }
}

// --- bioRxiv / medRxiv and daily sources -------------------------------------------------------

TEST(Calendar, BiorxivDaysFollowEasternMidnight) {
  EXPECT_EQ(CurrentAnnouncementDate("biorxiv", T("2026-06-01T03:59:59Z")), "2026-05-31");
  Announcement a = CurrentAnnouncement("biorxiv", T("2026-06-01T04:00:00Z"));
  EXPECT_EQ(a.date, "2026-06-01");
  EXPECT_EQ(Iso(a.at_unix), "2026-06-01T04:00:00Z");
  Announcement w = NextAnnouncement("medrxiv", T("2026-11-28T12:00:00Z"));  // a Saturday
  EXPECT_EQ(w.date, "2026-11-29");
  EXPECT_EQ(Iso(w.at_unix), "2026-11-29T05:00:00Z");
  EXPECT_TRUE(HasAnnouncementOn("biorxiv", "2026-11-28"));
  EXPECT_TRUE(HasAnnouncementOn("medrxiv", "2026-11-29"));
}

TEST(Calendar, BiorxivDaysAcrossDstChanges) {
  // 2026-03-08 starts at 00:00 EST (05:00 UTC); 2026-03-09 at 00:00 EDT (04:00 UTC).
  EXPECT_EQ(Iso(AnnouncementListedOnOrAfter("biorxiv", "2026-03-08").at_unix),
            "2026-03-08T05:00:00Z");
  EXPECT_EQ(Iso(AnnouncementListedOnOrAfter("biorxiv", "2026-03-09").at_unix),
            "2026-03-09T04:00:00Z");
  // 2026-11-01 starts at 00:00 EDT (04:00 UTC); 2026-11-02 at 00:00 EST (05:00 UTC).
  EXPECT_EQ(Iso(AnnouncementListedOnOrAfter("biorxiv", "2026-11-01").at_unix),
            "2026-11-01T04:00:00Z");
  EXPECT_EQ(Iso(NextAnnouncement("biorxiv", T("2026-11-01T12:00:00Z")).at_unix),
            "2026-11-02T05:00:00Z");
}

TEST(Calendar, BiorxivYearEnd) {
  EXPECT_EQ(CurrentAnnouncementDate("biorxiv", T("2027-01-01T04:59:59Z")), "2026-12-31");
  EXPECT_EQ(CurrentAnnouncementDate("biorxiv", T("2027-01-01T05:00:00Z")), "2027-01-01");
}

TEST(Calendar, OtherSourcesUseUtcDays) {
  Announcement a = CurrentAnnouncement("crossref", T("2026-06-01T03:00:00Z"));
  EXPECT_EQ(a.date, "2026-06-01");
  EXPECT_EQ(Iso(a.at_unix), "2026-06-01T00:00:00Z");
  Announcement n = NextAnnouncement("nature", T("2026-12-31T23:59:59Z"));
  EXPECT_EQ(n.date, "2027-01-01");
  EXPECT_EQ(Iso(n.at_unix), "2027-01-01T00:00:00Z");
  EXPECT_EQ(NextAnnouncement("pubmed", T("2026-06-01T00:00:00Z")).date, "2026-06-02");
  EXPECT_TRUE(HasAnnouncementOn("openalex", "2026-11-28"));
}

// --- Hostile input -------------------------------------------------------------------------------

TEST(Calendar, ExtremeTimesAreClampedNotUndefined) {
  for (int64_t t : {std::numeric_limits<int64_t>::min(), int64_t{-1}, int64_t{0},
                    std::numeric_limits<int64_t>::max()}) {
    for (const char* fam : {"arxiv", "biorxiv", "crossref"}) {
      Announcement cur = CurrentAnnouncement(fam, t);
      Announcement next = NextAnnouncement(fam, t);
      EXPECT_EQ(cur.date.size(), 10u) << fam << " " << t;
      EXPECT_EQ(next.date.size(), 10u) << fam << " " << t;
      EXPECT_LT(cur.at_unix, next.at_unix) << fam << " " << t;
    }
    EXPECT_FALSE(DescribeEasternTime(t).empty());
  }
  EXPECT_EQ(CurrentAnnouncementDate("arxiv", 0), "1969-12-31");  // Wednesday 19:00 EST
}

}  // namespace
}  // namespace ah::sources
