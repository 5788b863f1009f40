// The calendar's word on a day, as facts and in the CLI's English.
#include "service/today.h"

#include <gtest/gtest.h>

namespace ah::service {
namespace {

constexpr int64_t kSaturdayNoon = 1795867200;  // 2026-11-28T12:00:00Z
constexpr int64_t kSundayNoon = 1780833600;    // 2026-06-07T12:00:00Z
constexpr int64_t kMondayNoon = 1796040000;    // 2026-11-30T12:00:00Z

TEST(Calendar, FactsOfADayWithoutAnnouncement) {
  CalendarFacts f = CalendarState("arxiv", "2026-11-20", kSaturdayNoon);
  EXPECT_EQ(f.source, "arXiv");
  EXPECT_EQ(f.today, "2026-11-28");
  EXPECT_EQ(f.next_listed, "2026-11-30");
  EXPECT_EQ(f.next_at_unix, 1796000400);  // 2026-11-30T01:00:00Z = Sunday 20:00 EST
  EXPECT_EQ(f.latest, "2026-11-20");
  EXPECT_EQ(f.current, "2026-11-27");
  // Up to date: nothing said about the library.
  EXPECT_EQ(CalendarState("arxiv", "2026-11-27", kSaturdayNoon).latest, "");
  // bioRxiv posts every day.
  EXPECT_EQ(CalendarState("biorxiv", "", kSaturdayNoon).today, "");
}

TEST(Calendar, TheCliNote) {
  EXPECT_EQ(CalendarNote("arxiv", "", kSaturdayNoon),
            "arXiv makes no announcement on Saturday 2026-11-28; the next one is due Sunday "
            "2026-11-29 20:00 ET (01:00 UTC Monday), listed as 2026-11-30.");
  EXPECT_EQ(CalendarNote("arxiv:cs.LG", "", kSundayNoon),
            "arXiv makes no announcement on Sunday 2026-06-07; the next one is due Sunday "
            "2026-06-07 20:00 ET (00:00 UTC Monday), listed as 2026-06-08.");
  EXPECT_EQ(CalendarNote("arxiv", "", kMondayNoon), "");
  EXPECT_EQ(CalendarNote("biorxiv", "", kSaturdayNoon), "");
  EXPECT_EQ(CalendarNote("arxiv", "2026-11-20", kMondayNoon),
            "The library's latest arXiv day is Friday 2026-11-20; the current announcement is "
            "2026-11-30 (a fetch brings it).");
}

}  // namespace
}  // namespace ah::service
