// View models: a radar's reasons in the page's language.
#include "web/view.h"

#include <gtest/gtest.h>

namespace ah::web {
namespace {

TEST(ReasonText, EveryReasonTheRadarGivesHasChineseWords) {
  EXPECT_EQ(ReasonText("terms: graph, neural", Lang::kZh), "关键词：graph, neural");
  EXPECT_EQ(ReasonText("matches: graph, neural", Lang::kZh), "匹配：graph, neural");
  EXPECT_EQ(ReasonText("category: cs.LG", Lang::kZh), "分类：cs.LG");
  EXPECT_EQ(ReasonText("followed author: Yann LeCun", Lang::kZh), "关注的作者：Yann LeCun");
  EXPECT_EQ(ReasonText("followed author: Y. LeCun (as Yann LeCun)", Lang::kZh),
            "关注的作者：Y. LeCun（即 Yann LeCun）");
  EXPECT_EQ(ReasonText("author of a seed or liked paper: Ada Lovelace", Lang::kZh),
            "种子或喜欢论文的作者：Ada Lovelace");
  EXPECT_EQ(ReasonText("similar to seed 2401.01234 (0.81)", Lang::kZh),
            "相似的种子论文：2401.01234 (0.81)");
  EXPECT_EQ(ReasonText("similar to liked paper doi:10.1/x (0.50)", Lang::kZh),
            "相似的喜欢论文：doi:10.1/x (0.50)");
  // English pages and anything unknown: as given.
  EXPECT_EQ(ReasonText("terms: graph", Lang::kEn), "terms: graph");
  EXPECT_EQ(ReasonText("something new", Lang::kZh), "something new");
}

}  // namespace
}  // namespace ah::web
