#include "core/suggest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace ah {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(EditDistance("search", "search"), 0u);
  EXPECT_EQ(EditDistance("serch", "search"), 1u);    // insertion
  EXPECT_EQ(EditDistance("searchh", "search"), 1u);  // deletion
  EXPECT_EQ(EditDistance("seerch", "search"), 1u);   // substitution
  EXPECT_EQ(EditDistance("lsit", "list"), 1u);       // adjacent swap
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
}

TEST(EditDistance, IgnoresAsciiCase) { EXPECT_EQ(EditDistance("CS.lg", "cs.LG"), 0u); }

TEST(EditDistance, VeryLongInputsAreFarFromEverything) {
  EXPECT_GT(EditDistance(std::string(10000, 'a'), "a"), 256u);
}

TEST(NearestWords, SuggestsTheCommandMeant) {
  const std::vector<std::string> commands = {"ingest", "fetch", "today", "search", "show",
                                             "stats",  "radar", "brief", "serve"};
  EXPECT_THAT(NearestWords("serch", commands), ElementsAre("search"));
  EXPECT_THAT(NearestWords("todya", commands), ElementsAre("today"));
  EXPECT_THAT(NearestWords("RADAR", commands), ElementsAre("radar"));
  EXPECT_THAT(NearestWords("nosuchcommand", commands), IsEmpty());
}

TEST(NearestWords, OnlyTheNearestAtMostMax) {
  const std::vector<std::string> cats = {"cs.MA", "cs.CL", "cs.MS", "cs.LG", "cs.CG"};
  EXPECT_THAT(NearestWords("cs.ML", cats), ElementsAre("cs.MA", "cs.CL", "cs.MS"));
  EXPECT_THAT(NearestWords("cs.ML", cats, 2), ElementsAre("cs.MA", "cs.CL"));
  EXPECT_THAT(NearestWords("cs.LGG", cats), ElementsAre("cs.LG"));  // not cs.CG, two edits away
  EXPECT_THAT(NearestWords("cs.lg", cats), ElementsAre("cs.LG"));
}

TEST(QuotedAlternatives, JoinsWithOr) {
  EXPECT_EQ(QuotedAlternatives({}), "");
  EXPECT_EQ(QuotedAlternatives({"a"}), "'a'");
  EXPECT_EQ(QuotedAlternatives({"a", "b"}), "'a' or 'b'");
  EXPECT_EQ(QuotedAlternatives({"a", "b", "c"}), "'a', 'b' or 'c'");
}

}  // namespace
}  // namespace ah
