// Store conformance, the change history a long-lived reader follows
// (LastChange, ForEachPaperSince) and the day navigation of AdjacentListingDates.
#include "store_fixture.h"

namespace ah::store::testing {
namespace {

std::vector<std::string> KeysSince(Store& s, int64_t seq) {
  std::vector<std::string> out;
  auto st = s.ForEachPaperSince(seq, [&](const Paper& p) {
    out.push_back(p.key);
    return Ok();
  });
  EXPECT_TRUE(st) << st.error().ToString();
  return out;
}

int64_t Last(Store& s) {
  auto seq = s.LastChange();
  EXPECT_TRUE(seq) << seq.error().ToString();
  return seq ? *seq : -1;
}

TEST_P(StoreTest, EveryWriteMovesTheChangeHistoryOn) {
  const int64_t empty = Last(store());
  Upsert({ArxivPaper("2401.00001", "First paper about graphs"),
          ArxivPaper("2401.00002", "Second paper about graphs")});
  const int64_t first = Last(store());
  EXPECT_GT(first, empty);
  EXPECT_EQ(KeysSince(store(), empty), (std::vector<std::string>{"2401.00001", "2401.00002"}));
  EXPECT_TRUE(KeysSince(store(), first).empty());

  // A new paper and a new version of an old one: both are changes.
  Upsert({ArxivPaper("2401.00003", "Third paper about graphs"),
          ArxivPaper("2401.00001", "First paper about graphs", 2, "2024-01-05")});
  const int64_t second = Last(store());
  EXPECT_GT(second, first);
  auto changed = KeysSince(store(), first);
  std::sort(changed.begin(), changed.end());
  EXPECT_EQ(changed, (std::vector<std::string>{"2401.00001", "2401.00003"}));

  // Re-ingesting the same page changes nothing.
  Upsert({ArxivPaper("2401.00003", "Third paper about graphs")});
  EXPECT_TRUE(KeysSince(store(), Last(store())).empty());
  EXPECT_EQ(KeysSince(store(), second).size(), 0u);
}

TEST_P(StoreTest, ChangesSurviveReopening) {
  Upsert({ArxivPaper("2401.00001", "First paper about graphs")});
  const int64_t seq = Last(store());
  Reopen();
  EXPECT_EQ(Last(store()), seq);
  Upsert({ArxivPaper("2401.00002", "Second paper about graphs")});
  EXPECT_EQ(KeysSince(store(), seq), std::vector<std::string>{"2401.00002"});
}

TEST_P(StoreTest, AdjacentListingDatesNavigateAnnouncedDays) {
  Upsert({ArxivPaper("2401.00001", "Monday paper", 1, "2024-01-01"),
          ArxivPaper("2401.00002", "Wednesday paper", 1, "2024-01-03", "cs.CL"),
          ArxivPaper("2401.00003", "Friday paper", 1, "2024-01-05")});
  ListingFilter f;
  f.date = "2024-01-03";
  auto around = store().AdjacentListingDates(f);
  ASSERT_TRUE(around) << around.error().ToString();
  EXPECT_EQ(around->first, "2024-01-01");
  EXPECT_EQ(around->second, "2024-01-05");
  f.date = "2024-01-01";
  around = store().AdjacentListingDates(f);
  ASSERT_TRUE(around);
  EXPECT_EQ(around->first, "");
  EXPECT_EQ(around->second, "2024-01-03");
  f.date = "2024-01-05";
  f.category = "cs.CL";
  around = store().AdjacentListingDates(f);
  ASSERT_TRUE(around);
  EXPECT_EQ(around->first, "2024-01-03");
  EXPECT_EQ(around->second, "");
}

// Instantiated for every backend in store_conformance_test.cc.

}  // namespace
}  // namespace ah::store::testing
