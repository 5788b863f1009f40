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

// Reasons as data (radar::Reason): every kind worded in Chinese, the English
// the same as the CLI's; a saved paper is never called liked.
TEST(ReasonText, StructuredReasonsAreWordedPerLanguage) {
  using K = radar::Reason::Kind;
  const radar::Reason terms{K::kTerms, {"graph", "message passing"}};
  const radar::Reason query{K::kQuery, {"\"multi-agent\"", "RL"}};
  const radar::Reason matches{K::kMatches, {"cross-lingual", "speech"}};
  const radar::Reason seed{K::kSimilar, {"seed", "2606.1", "Graph networks", "0.81"}};
  const radar::Reason saved{K::kSimilar, {"saved", "2606.2", "Speech", "0.50"}};
  const radar::Reason followed{K::kFollowedAuthor, {"Li, P.", "P. Li"}};
  const radar::Reason coauthor{K::kCoauthor, {"Ada Lovelace", "liked", "2606.3", "Engines"}};
  const radar::Reason category{K::kCategory, {"cs.LG"}};
  EXPECT_EQ(ReasonText(terms, Lang::kZh), "关键词：graph、message passing");
  EXPECT_EQ(ReasonText(query, Lang::kZh), "符合关键词：\"multi-agent\"、RL");
  EXPECT_EQ(ReasonText(matches, Lang::kZh), "匹配：cross-lingual、speech");
  EXPECT_EQ(ReasonText(seed, Lang::kZh), "相似的种子论文：“Graph networks”（0.81）");
  EXPECT_EQ(ReasonText(saved, Lang::kZh), "相似的收藏的论文：“Speech”（0.50）");
  EXPECT_EQ(ReasonText(followed, Lang::kZh), "关注的作者：Li, P.（即 P. Li）");
  EXPECT_EQ(ReasonText(coauthor, Lang::kZh), "喜欢的论文“Engines”的作者：Ada Lovelace");
  EXPECT_EQ(ReasonText(category, Lang::kZh), "分类：cs.LG");
  EXPECT_EQ(ReasonText(seed, Lang::kEn), "similar to seed \"Graph networks\" (0.81)");
  EXPECT_EQ(ReasonText(saved, Lang::kEn), "similar to saved paper \"Speech\" (0.50)");
  EXPECT_EQ(ReasonText(coauthor, Lang::kEn), "author of liked paper \"Engines\": Ada Lovelace");
  EXPECT_EQ(ReasonText(query, Lang::kEn), "matches the keywords: \"multi-agent\", RL");
  // The English strings the CLI prints still read in Chinese on a page.
  EXPECT_EQ(ReasonText(radar::ReasonText(followed), Lang::kZh), "关注的作者：Li, P.（即 P. Li）");
  EXPECT_EQ(ReasonText("similar to saved paper \"Speech\" (0.50)", Lang::kZh),
            "相似的收藏论文：\"Speech\" (0.50)");
}

}  // namespace
}  // namespace ah::web
