#include "daemon/time_zone.h"

#include <gtest/gtest.h>

namespace ah::daemon {
namespace {

TEST(TimeZone, BerlinFollowsCentralEuropeanSummerTime) {
  auto z = TimeZone::Load("Europe/Berlin");
  ASSERT_TRUE(z) << z.error().message;
  EXPECT_EQ(z->OffsetAt(1767225600), 3600);  // 2026-01-01
  EXPECT_EQ(z->OffsetAt(1782864000), 7200);  // 2026-07-01
  // 07:30 local on 2026-07-01 is 05:30 UTC; in January 06:30 UTC.
  EXPECT_EQ(z->LocalToUnix("2026-07-01", 7 * 60 + 30), 1782864000 + 5 * 3600 + 1800);
  EXPECT_EQ(z->LocalToUnix("2026-01-01", 7 * 60 + 30), 1767225600 + 6 * 3600 + 1800);
  EXPECT_EQ(z->LocalDate(1782864000 - 3600), "2026-07-01");  // 23:00 UTC = 01:00 local
}

TEST(TimeZone, TimesSkippedOrRepeatedByDstAreResolved) {
  auto z = TimeZone::Load("Europe/Berlin");
  ASSERT_TRUE(z);
  // 2026-03-29: 02:00 CET -> 03:00 CEST at 01:00 UTC. 02:30 does not exist: 03:30 CEST.
  const int64_t jump = 1774746000;  // 2026-03-29T01:00:00Z
  EXPECT_EQ(z->LocalToUnix("2026-03-29", 150), jump + 1800);
  // 2026-10-25: 03:00 CEST -> 02:00 CET at 01:00 UTC; 02:30 happens twice: the first.
  const int64_t back = 1792890000;  // 2026-10-25T01:00:00Z
  EXPECT_EQ(z->LocalToUnix("2026-10-25", 150), back - 1800);
}

TEST(TimeZone, ShanghaiAndNewYork) {
  auto sh = TimeZone::Load("Asia/Shanghai");
  ASSERT_TRUE(sh);
  EXPECT_EQ(sh->OffsetAt(1782864000), 8 * 3600);
  auto ny = TimeZone::Load("America/New_York");
  ASSERT_TRUE(ny);
  EXPECT_EQ(ny->OffsetAt(1782864000), -4 * 3600);
  EXPECT_EQ(ny->OffsetAt(1767225600), -5 * 3600);
}

TEST(TimeZone, RejectsNamesThatAreNotZones) {
  for (const char* bad : {"../../etc/passwd", "/etc/passwd", "", "Europe/Berlin\n", "a b"}) {
    auto z = TimeZone::Load(bad);
    ASSERT_FALSE(z) << bad;
    EXPECT_EQ(z.error().code, Code::kInvalidArgument) << bad;
  }
  auto missing = TimeZone::Load("Mars/Olympus_Mons");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Code::kNotFound);
  EXPECT_EQ(TimeZone::Load("UTC")->OffsetAt(0), 0);
}

TEST(TimeZone, ParseRejectsGarbageAndTruncation) {
  EXPECT_FALSE(TimeZone::Parse("x", "not a tzif file at all, really not"));
  std::string tzif(44, '\0');
  tzif.replace(0, 4, "TZif");
  tzif[4] = '2';
  tzif[39] = 1;    // typecnt = 1
  tzif[35] = 100;  // timecnt = 100, but no body
  EXPECT_FALSE(TimeZone::Parse("x", tzif));
}

TEST(HourMinute, Parses) {
  EXPECT_EQ(ParseHourMinute("07:30"), 450);
  EXPECT_EQ(ParseHourMinute("00:00"), 0);
  EXPECT_EQ(ParseHourMinute("23:59"), 23 * 60 + 59);
  EXPECT_EQ(ParseHourMinute("24:00"), -1);
  EXPECT_EQ(ParseHourMinute("7:30"), -1);
  EXPECT_EQ(ParseHourMinute("07:60"), -1);
}

}  // namespace
}  // namespace ah::daemon
