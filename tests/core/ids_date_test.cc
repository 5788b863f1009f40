#include <gtest/gtest.h>

#include "core/date.h"
#include "core/ids.h"

namespace ah {
namespace {

TEST(Ids, ParsesArxivIdForms) {
  EXPECT_EQ(ids::ParseArxivId("2401.01234").id, "2401.01234");
  auto a = ids::ParseArxivId("oai:arXiv.org:2605.30355v1");
  EXPECT_EQ(a.id, "2605.30355");
  EXPECT_EQ(a.version, 1);
  EXPECT_EQ(ids::ParseArxivId("https://arxiv.org/abs/2401.01234v12").version, 12);
  EXPECT_EQ(ids::ParseArxivId("http://arxiv.org/pdf/hep-th/9901001v2").id, "hep-th/9901001");
  EXPECT_EQ(ids::ParseArxivId("math.GT/0309136").id, "math/0309136");
  EXPECT_EQ(ids::ParseArxivId("arXiv:0704.0001").id, "0704.0001");
  EXPECT_TRUE(ids::ParseArxivId("10.1038/nature12373").id.empty());
  EXPECT_TRUE(ids::ParseArxivId("2413.01234").id.empty());  // month 13
  EXPECT_TRUE(ids::ParseArxivId("2401.01234 junk").id.empty());
}

TEST(Ids, NormalizesDoisAndOthers) {
  EXPECT_EQ(ids::NormalizeDoi("https://doi.org/10.1038/S41586-024-0001-X"), "10.1038/s41586-024-0001-x");
  EXPECT_EQ(ids::NormalizeDoi("doi:10.1101/2026.01.02.123456"), "10.1101/2026.01.02.123456");
  EXPECT_EQ(ids::NormalizeDoi("not a doi"), "");
  EXPECT_EQ(ids::NormalizePmid("00123"), "123");
  EXPECT_EQ(ids::NormalizePmcid("pmc12345"), "PMC12345");
  EXPECT_EQ(ids::NormalizeOpenAlex("https://openalex.org/W2741809807"), "W2741809807");
  EXPECT_EQ(ids::NormalizeIssn("0028083x"), "0028-083X");
  EXPECT_EQ(ids::NormalizeIssn("12-34"), "");
}

TEST(Ids, ParsesUserReferences) {
  EXPECT_EQ(ids::ParseIdRef("2401.01234v2").scheme, "arxiv");
  EXPECT_EQ(ids::ParseIdRef("doi:10.1038/X").value, "10.1038/x");
  EXPECT_EQ(ids::ParseIdRef("10.1038/x").scheme, "doi");
  EXPECT_EQ(ids::ParseIdRef("pmid:27797938").value, "27797938");
  EXPECT_EQ(ids::ParseIdRef("PMC555").scheme, "pmcid");
  EXPECT_EQ(ids::ParseIdRef("10.48550/arXiv.2401.01234").value, "2401.01234");
  EXPECT_EQ(ids::ParseIdRef("hello").scheme, "");
}

TEST(Date, ParsesFormsSeenInFeeds) {
  EXPECT_EQ(date::Normalize("Mon, 01 Jun 2026 00:00:00 -0400"), "2026-06-01");
  EXPECT_EQ(date::Normalize("2026-06-01T04:30:00Z"), "2026-06-01");
  EXPECT_EQ(date::Normalize("2026/6/1"), "2026-06-01");
  EXPECT_EQ(date::Normalize("20260601"), "2026-06-01");
  EXPECT_EQ(date::Normalize("2026 Jun 5"), "2026-06-05");
  EXPECT_EQ(date::Normalize("2010 Jan-Feb"), "2010-01-01");
  EXPECT_EQ(date::Normalize("2026"), "2026-01-01");
  EXPECT_EQ(date::Normalize("Mon, 2 Apr 2007 19:18:42 GMT"), "2007-04-02");
  EXPECT_EQ(date::Normalize("2026-02-30"), "");
  EXPECT_EQ(date::Normalize("yesterday"), "");
}

TEST(Date, CalendarArithmetic) {
  date::Ymd d{2026, 11, 28};
  EXPECT_EQ(date::Weekday(d), 6);  // Saturday
  EXPECT_EQ(date::Weekday({1970, 1, 1}), 4);
  EXPECT_EQ(date::Weekday({1969, 12, 31}), 3);
  EXPECT_EQ(date::Format(date::AddDays(d, 3)), "2026-12-01");
  EXPECT_EQ(date::FromDays(date::ToDays(d)), d);
}

TEST(Date, ParsesTimestampsWithOffsets) {
  EXPECT_EQ(date::ParseTimestamp("1970-01-01T00:00:10Z"), 10);
  EXPECT_EQ(date::ParseTimestamp("Thu, 01 Jan 1970 00:00:00 -0400"), 4 * 3600);
  EXPECT_EQ(date::ParseTimestamp("1970-01-01T02:00:00+02:00"), 0);
  EXPECT_EQ(date::FormatTimestamp(86400 + 61), "1970-01-02T00:01:01Z");
}

}  // namespace
}  // namespace ah
