#include "core/text.h"

#include <gtest/gtest.h>

namespace ah::text {
namespace {

TEST(Text, DecodesNamedAndNumericEntities) {
  EXPECT_EQ(DecodeEntities("a &amp; b &lt;c&gt; &#233;&#x2014;&eacute;"), "a & b <c> é—é");
  EXPECT_EQ(DecodeEntities("AT&T &unknown; &#xZZ; &"), "AT&T &unknown; &#xZZ; &");
}

TEST(Text, StripMarkupRemovesTagsKeepsMath) {
  EXPECT_EQ(StripMarkup("<p>We show <i>x</i> &lt; y</p><p>Second</p>"), "We show x < y\nSecond");
  EXPECT_EQ(StripMarkup("If $a<b$ and $c > d$ then x < y."), "If $a<b$ and $c > d$ then x < y.");
  EXPECT_EQ(StripMarkup("<jats:title>Abstract</jats:title><jats:p>Text  with\n spaces</jats:p>"),
            "Abstract\nText with spaces");
  EXPECT_EQ(StripMarkup("  plain text  "), "plain text");
  EXPECT_EQ(StripMarkup("H<sub>2</sub>O a&nbsp;b"), "H2O a b");
}

TEST(Text, FoldsAccentsForSearch) {
  EXPECT_EQ(FoldForSearch("Müller Ångström Łukasz"), "muller angstrom lukasz");
}

TEST(Text, TitleKeyIgnoresCaseMarkupAndPunctuation) {
  EXPECT_EQ(TitleKey("Deep  Learning: <i>A</i> Review."), "deep learning a review");
  EXPECT_EQ(TitleKey("Deep learning - a review"), "deep learning a review");
}

TEST(Text, SurnameKeyHandlesBothOrders) {
  EXPECT_EQ(SurnameKey("Li, Ping"), "li");
  EXPECT_EQ(SurnameKey("Ping Li"), "li");
  EXPECT_EQ(SurnameKey("Martin Luther King Jr."), "king");
  EXPECT_EQ(SurnameKey("J. Müller (ETH Zurich, Switzerland)"), "muller");
}

TEST(Text, SanitizeUtf8ReplacesInvalidBytes) {
  EXPECT_EQ(SanitizeUtf8("ok \xC3\xA9 \xFF bad \xC0\xAF"), "ok \xC3\xA9 \xEF\xBF\xBD bad \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Text, PercentEncodesAllButUnreservedAndKept) {
  EXPECT_EQ(PercentEncode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
  EXPECT_EQ(PercentEncode("from:2026,to:2027", ":,"), "from:2026,to:2027");
}

TEST(Text, SplitTrimDropsEmptyParts) {
  EXPECT_EQ(SplitTrim(" a, b ,,c ", ','), (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace ah::text
