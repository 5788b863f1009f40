#include "store/like_patterns.h"

#include <gtest/gtest.h>

namespace ah::store {
namespace {

TEST(LikePatternsTest, WildcardsInTheTextAreLiteral) {
  EXPECT_EQ(LikeEscape("a%b_c\\d"), "a\\%b\\_c\\\\d");
  EXPECT_EQ(LikeEscape(""), "");
}

TEST(LikePatternsTest, CategoriesMatchWholeOrByPrefixCaseBlind) {
  EXPECT_EQ(CategoryLikePattern("CS.LG", false), "%|cs.lg|%");
  EXPECT_EQ(CategoryLikePattern("cs.", true), "%|cs.%");
  EXPECT_EQ(CategoryLikePattern("a|b_c", false), "%|a b\\_c|%");
}

TEST(LikePatternsTest, SourcesMatchWholeOrByPrefixCaseBlind) {
  EXPECT_EQ(SourceLikePattern("arXiv", false), "arxiv");
  EXPECT_EQ(SourceLikePattern("bio", true), "bio%");
  EXPECT_EQ(SourceLikePattern("x%", true), "x\\%%");
}

}  // namespace
}  // namespace ah::store
