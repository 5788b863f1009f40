// A DOI finds its work wherever the library records it: as a paper's own DOI,
// or as the journal DOI an arXiv record gives for its published version (issue
// 11: "an entry's DOI never finds the arXiv paper that records it as its
// journal DOI"). Runs against every backend.
#include "store_fixture.h"

namespace ah::store::testing {
namespace {

class StoreDoiLookupTest : public StoreTest {};

TEST_P(StoreDoiLookupTest, JournalDoiOfAnArxivRecordFindsThePreprint) {
  Paper pre = ArxivPaper("1503.05140", "Deep networks for protein contact maps");
  pre.published_doi = "10.1371/journal.pone.0141287";
  Upsert({pre});
  EXPECT_EQ(MustGet("doi:10.1371/journal.pone.0141287").paper.key, "1503.05140");
  EXPECT_EQ(MustGet("10.1371/JOURNAL.PONE.0141287").paper.key, "1503.05140");
  EXPECT_EQ(MustGet("https://doi.org/10.1371/journal.pone.0141287").paper.key, "1503.05140");
  EXPECT_FALSE(Has("doi:10.1371/journal.pone.0141288"));
  // The search language's id form finds it too.
  EXPECT_EQ(SearchKeys(Q(Term("10.1371/journal.pone.0141287", search::Field::kId))),
            std::vector<std::string>{"1503.05140"});
}

TEST_P(StoreDoiLookupTest, TheJournalRecordItselfComesFirst) {
  Paper pre = ArxivPaper("2401.00001", "Deep learning for protein folding");
  pre.published_doi = "10.1000/nature.1";
  Upsert({pre, JournalPaper("10.1000/nature.1", "Protein folding with deep learning")});
  EXPECT_EQ(MustGet("doi:10.1000/nature.1").paper.key, "doi:10.1000/nature.1");
}

TEST_P(StoreDoiLookupTest, ADoiClaimedByTwoRecordsNamesNeither) {
  // arXiv records sometimes give a proceedings volume's DOI: it names no one paper.
  Paper a = ArxivPaper("1409.6919", "First paper of a volume");
  Paper b = ArxivPaper("1409.6928", "Second paper of the same volume");
  a.published_doi = b.published_doi = "10.1007/978-3-540-48480-6_26";
  Upsert({a, b});
  EXPECT_FALSE(Has("doi:10.1007/978-3-540-48480-6_26"));
  // A search lists both.
  auto keys = SearchKeys(Q(Term("10.1007/978-3-540-48480-6_26", search::Field::kId)));
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"1409.6919", "1409.6928"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreDoiLookupTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace ah::store::testing
