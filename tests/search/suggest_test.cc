// "Did you mean" (pure part): which words are checked, the correction chosen
// from a vocabulary, and the query text rewritten with it.
#include "search/suggest.h"

#include <gtest/gtest.h>

namespace ah::search {
namespace {

TEST(Suggest, EditDistanceCountsASwapOfNeighboursAsOneEdit) {
  EXPECT_EQ(EditDistance("transformer", "transformer"), 0u);
  EXPECT_EQ(EditDistance("transfromer", "transformer"), 1u);  // swap
  EXPECT_EQ(EditDistance("segmentaton", "segmentation"), 1u);  // deletion
  EXPECT_EQ(EditDistance("grpah", "graph"), 1u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
}

TEST(Suggest, ChecksPlainWordsOnly) {
  auto q = ParseQuery("Transfromer \"graph nets\" au:smiht ti:difusion seg* cat:cs.LG GPT4 the x");
  ASSERT_TRUE(q) << q.error().ToString();
  EXPECT_EQ(CheckableWords(*q), (std::vector<std::string>{"transfromer", "difusion"}));
}

TEST(Suggest, PicksTheClosestThenMostFrequentWord) {
  const std::vector<VocabWord> vocab = {
      {"transformer", 900}, {"transformers", 700}, {"transform", 300}, {"transfer", 500}};
  EXPECT_EQ(BestCorrection("transfromer", vocab), "transformer");
  EXPECT_EQ(BestCorrection("transformes", vocab), "transformer");  // 1 edit each: most papers
  // Short words reach one edit, long ones two.
  EXPECT_EQ(BestCorrection("trnsfrmr", vocab), std::nullopt);
  EXPECT_EQ(BestCorrection("grph", std::vector<VocabWord>{{"graph", 5}}), "graph");
  EXPECT_EQ(BestCorrection("grhp", std::vector<VocabWord>{{"graph", 5}}), std::nullopt);
  EXPECT_EQ(BestCorrection("segmentaion", std::vector<VocabWord>{{"segmentation", 5}}),
            "segmentation");
  EXPECT_EQ(BestCorrection("zzzz", vocab), std::nullopt);
  // A typo a few abstracts share is still corrected to a far more common word.
  EXPECT_EQ(BestCorrection("transfromer", vocab, 2), "transformer");
  EXPECT_EQ(BestCorrection("transfromer", vocab, 3), "transformer");
  EXPECT_EQ(BestCorrection("transfromer", vocab, 4), std::nullopt);   // not rare
  EXPECT_EQ(BestCorrection("transfromer", vocab, 20), std::nullopt);
}

TEST(Suggest, RewritesTheWordsKeepingTheRestAsTyped) {
  const std::map<std::string, std::string> fixes = {{"transfromer", "transformer"},
                                                    {"difusion", "diffusion"}};
  EXPECT_EQ(ReplaceWords("ti:Transfromer AND \"graph\" -difusion", fixes),
            "ti:transformer AND \"graph\" -diffusion");
  EXPECT_EQ(ReplaceWords("transfromers", fixes), "transfromers");  // whole words only
  EXPECT_EQ(ReplaceWords("", fixes), "");
}

}  // namespace
}  // namespace ah::search
