#include <gtest/gtest.h>

#include <string>

#include "sources/arxiv/arxiv.h"
#include "testing.h"

namespace ah::sources::arxiv {
namespace {

ParsedPage ParseOk(const std::string& body, ParseContext ctx = {}) {
  auto r = ParseArxivRss(body, ctx);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString());
  return r ? *r : ParsedPage{};
}

std::vector<std::string> Names(const Paper& p) {
  std::vector<std::string> out;
  for (const auto& a : p.authors) out.push_back(a.name);
  return out;
}

// A one-item feed with the given item body.
std::string Feed(const std::string& item, const std::string& channel_extra = "") {
  return R"(<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
<channel><title>t</title>)" +
         channel_extra + "<item>" + item + "</item></channel></rss>";
}

TEST(ArxivRss, MultiCategoryFeedFieldsAndChannelDate) {
  ParsedPage page =
      ParseOk(testing::ReadData("arxiv_rss/arxiv_rss_2026_multi_category_4items.xml"));
  ASSERT_EQ(page.papers.size(), 4u);
  EXPECT_TRUE(page.rejected.empty());
  EXPECT_EQ(page.feed_date, "2026-09-24");
  EXPECT_FALSE(page.next_cursor.has_value());

  const Paper& p0 = page.papers[0];
  EXPECT_EQ(p0.ids.arxiv, "2609.26811");
  EXPECT_EQ(p0.title, "The Drift Contract: Spectral Updates for Depth-Robust Local Learning");
  ASSERT_EQ(p0.authors.size(), 1u);
  EXPECT_EQ(p0.authors[0].name, "Fabien Polly");
  EXPECT_TRUE(p0.authors[0].affiliations.empty());
  EXPECT_EQ(p0.categories, (std::vector<std::string>{"cs.LG"}));
  EXPECT_EQ(p0.primary_category, "cs.LG");
  EXPECT_EQ(p0.license, "http://creativecommons.org/licenses/by-nc-sa/4.0/");
  EXPECT_EQ(p0.url, "https://arxiv.org/abs/2609.26811");
  EXPECT_EQ(p0.pdf_url, "https://arxiv.org/pdf/2609.26811v1");
  ASSERT_EQ(p0.versions.size(), 1u);
  EXPECT_EQ(p0.versions[0].number, 1);
  EXPECT_EQ(p0.type, "preprint");
  ASSERT_EQ(p0.listings.size(), 1u);
  EXPECT_EQ(p0.listings[0], (Listing{"arxiv", "2026-09-24", "new", "cs.LG"}));

  const Paper& p1 = page.papers[1];
  EXPECT_EQ(Names(p1), (std::vector<std::string>{"Naser Mansour", "Sidahmed Benabderrahmane",
                                                 "Ameer Rahwan"}));
  EXPECT_EQ(p1.categories, (std::vector<std::string>{"cs.LG", "cs.AI"}));
}

TEST(ArxivRss, StripsAnnounceTypePrefixFromAbstract) {
  ParsedPage page =
      ParseOk(testing::ReadData("arxiv_rss/arxiv_rss_2026_multi_category_4items.xml"));
  ASSERT_EQ(page.papers.size(), 4u);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.abstract.rfind("Local learning trains each layer with its own auxiliary loss", 0), 0u)
      << p.abstract.substr(0, 80);
  EXPECT_EQ(p.abstract_raw.rfind("Local learning trains", 0), 0u);
  EXPECT_EQ(p.abstract.find("Announce Type"), std::string::npos);
  EXPECT_EQ(p.abstract.find("arXiv:"), std::string::npos);
  EXPECT_NE(p.abstract.find("precisely where normalization is absent."), std::string::npos);
}

TEST(ArxivRss, CrossItemCarriesJournalDoiAsPublishedDoi) {
  ParsedPage page =
      ParseOk(testing::ReadData("arxiv_rss/arxiv_rss_2026_multi_category_4items.xml"));
  ASSERT_EQ(page.papers.size(), 4u);
  const Paper& p = page.papers[2];
  EXPECT_EQ(p.ids.arxiv, "2205.06398");
  EXPECT_EQ(p.title, "Outlier Detection for Multi-Network Data");
  EXPECT_EQ(p.published_doi, "10.1093/bioinformatics/btac431");
  EXPECT_TRUE(p.ids.doi.empty());
  EXPECT_EQ(p.listings[0].announce_type, "cross");
  EXPECT_EQ(p.primary_category, "stat.ME");
  EXPECT_EQ(p.listings[0].channel, "stat.ME");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"stat.ME", "stat.AP", "stat.ML"}));
  ASSERT_EQ(p.versions.size(), 1u);
  EXPECT_EQ(p.versions[0].number, 2);
  EXPECT_EQ(p.pdf_url, "https://arxiv.org/pdf/2205.06398v2");
  EXPECT_EQ(Names(p), (std::vector<std::string>{"Pritam Dey", "Zhengwu Zhang", "David B. Dunson"}));
  EXPECT_EQ(p.license, "http://creativecommons.org/licenses/by-sa/4.0/");
}

TEST(ArxivRss, ReplaceItemKeepsVersionNumber) {
  ParsedPage page =
      ParseOk(testing::ReadData("arxiv_rss/arxiv_rss_2026_multi_category_4items.xml"));
  ASSERT_EQ(page.papers.size(), 4u);
  const Paper& p = page.papers[3];
  EXPECT_EQ(p.ids.arxiv, "2009.13987");
  EXPECT_EQ(p.title, "Random Polytope Descriptors");
  ASSERT_EQ(p.versions.size(), 1u);
  EXPECT_EQ(p.versions[0].number, 3);
  EXPECT_EQ(p.pdf_url, "https://arxiv.org/pdf/2009.13987v3");
  EXPECT_EQ(p.listings[0].announce_type, "replace");
  EXPECT_EQ(p.license, "http://arxiv.org/licenses/nonexclusive-distrib/1.0/");
  EXPECT_EQ(p.abstract.rfind("We introduce a class of random polytopes", 0), 0u);
}

TEST(ArxivRss, CsAiFeed) {
  ParsedPage page = ParseOk(testing::ReadData("arxiv_rss/arxiv_rss_2026_cs_ai_3items.xml"));
  ASSERT_EQ(page.papers.size(), 3u);
  EXPECT_EQ(page.feed_date, "2026-04-27");
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.arxiv, "2604.21935");
  EXPECT_EQ(p.title, "Math Takes Two: A test for emergent mathematical reasoning in communication");
  EXPECT_EQ(Names(p), (std::vector<std::string>{"Michael Cooper", "Samuel Cooper"}));
  EXPECT_EQ(p.categories, (std::vector<std::string>{"cs.AI", "cs.LG"}));
  EXPECT_EQ(p.license, "http://creativecommons.org/licenses/by/4.0/");
  EXPECT_EQ(p.abstract.rfind("Although language models demonstrate remarkable proficiency", 0), 0u);
  EXPECT_EQ(p.listings[0], (Listing{"arxiv", "2026-04-27", "new", "cs.AI"}));
  // 18 authors, last "Bennett A. Landman".
  const Paper& p1 = page.papers[1];
  EXPECT_EQ(p1.ids.arxiv, "2604.21936");
  ASSERT_EQ(p1.authors.size(), 18u);
  EXPECT_EQ(p1.authors.front().name, "Lianrui Zuo");
  EXPECT_EQ(p1.authors.back().name, "Bennett A. Landman");
  EXPECT_EQ(page.papers[2].ids.arxiv, "2604.21937");
  EXPECT_EQ(page.papers[2].authors.back().name, "Zhengwei Xie");
}

TEST(ArxivRss, CsClFeedSkipsEmptyAuthorSlot) {
  ParsedPage page = ParseOk(testing::ReadData("arxiv_rss/arxiv_rss_2026_cs_cl_3items.xml"));
  ASSERT_EQ(page.papers.size(), 3u);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.arxiv, "2604.22002");
  // "Anamta Khan, Ratna Kandala,  Deepti, Sheza Munir, Joyojeet Pal"
  EXPECT_EQ(Names(p), (std::vector<std::string>{"Anamta Khan", "Ratna Kandala", "Deepti",
                                                "Sheza Munir", "Joyojeet Pal"}));
  EXPECT_EQ(p.license, "http://creativecommons.org/licenses/by-nc-sa/4.0/");
  EXPECT_EQ(page.papers[1].categories, (std::vector<std::string>{"cs.CL", "cs.AI", "cs.LG"}));
  EXPECT_EQ(page.papers[2].title, "Source-Modality Monitoring in Vision-Language Models");
  EXPECT_EQ(
      page.papers[2].abstract.rfind("We define and investigate source-modality monitoring", 0), 0u);
}

TEST(ArxivRss, CsLgFeed) {
  ParsedPage page = ParseOk(testing::ReadData("arxiv_rss/arxiv_rss_2026_cs_lg_3items.xml"));
  ASSERT_EQ(page.papers.size(), 3u);
  EXPECT_EQ(page.papers[0].ids.arxiv, "2604.21952");
  EXPECT_EQ(page.papers[0].categories,
            (std::vector<std::string>{"cs.LG", "cs.AI", "cs.AR", "cs.NE", "cs.RO"}));
  EXPECT_EQ(page.papers[0].authors.size(), 6u);
  EXPECT_EQ(Names(page.papers[1]),
            (std::vector<std::string>{"Blessed Madukoma", "Prasenjit Mitra"}));
  EXPECT_EQ(page.papers[2].ids.arxiv, "2604.21956");
  EXPECT_EQ(page.papers[2].authors.size(), 5u);
  EXPECT_EQ(page.papers[2].license, "http://creativecommons.org/licenses/by/4.0/");
}

TEST(ArxivRss, FullDayFromJune2026) {
  ParseContext ctx;
  ctx.origin = "arxiv_rss_daily/2026-06-25.xml";
  ParsedPage page = ParseOk(testing::ReadData("arxiv_rss_daily/2026-06-25.xml"), ctx);
  ASSERT_EQ(page.papers.size(), 26u);
  EXPECT_TRUE(page.rejected.empty());
  EXPECT_EQ(page.feed_date, "2026-06-25");
  int cross = 0, fresh = 0;
  for (const Paper& p : page.papers) {
    EXPECT_FALSE(p.ids.arxiv.empty());
    EXPECT_FALSE(p.title.empty());
    EXPECT_FALSE(p.authors.empty()) << p.ids.arxiv;
    EXPECT_FALSE(p.abstract.empty()) << p.ids.arxiv;
    EXPECT_EQ(p.abstract.find("Announce Type"), std::string::npos);
    ASSERT_EQ(p.listings.size(), 1u);
    EXPECT_EQ(p.listings[0].date, "2026-06-25");
    EXPECT_EQ(p.listings[0].channel, p.primary_category);
    cross += p.listings[0].announce_type == "cross";
    fresh += p.listings[0].announce_type == "new";
  }
  EXPECT_EQ(cross, 22);
  EXPECT_EQ(fresh, 4);

  const Paper& first = page.papers[0];
  EXPECT_EQ(first.ids.arxiv, "2606.25042");
  EXPECT_EQ(first.title, "Information from coincidences");
  EXPECT_EQ(Names(first), (std::vector<std::string>{"Akshay Balsubramani"}));
  EXPECT_EQ(first.categories, (std::vector<std::string>{"cs.IT", "math.PR", "math.ST", "stat.ML"}));
  // LaTeX kept as typed.
  EXPECT_NE(first.abstract.find("$\\{π_i\\}$"), std::string::npos);
  EXPECT_EQ(page.papers[1].authors[0].name, "Rıfat Volkan Şenyuva");

  // "..., Jun Wang, and Wen Tong": the final " and " is a separator.
  const Paper& p11 = page.papers[11];
  EXPECT_EQ(p11.ids.arxiv, "2606.25522");
  EXPECT_EQ(Names(p11),
            (std::vector<std::string>{"Xianbin Wang", "Zhichao Liu", "Yuan Li", "Huazi Zhang",
                                      "Jiajie Tong", "Jun Wang", "Wen Tong"}));
  EXPECT_EQ(page.papers[25].ids.arxiv, "2606.25722");
  EXPECT_EQ(page.papers[25].authors.back().name, "H. Vincent Poor");
}

TEST(ArxivRss, AnnounceTypeElementWinsOverPrefix) {
  std::string body = Feed(R"(<title>T</title><link>https://arxiv.org/abs/2401.00001</link>
<description>arXiv:2401.00001v2 Announce Type: replace
Abstract: Text.</description><category>hep-th</category>
<arxiv:announce_type>replace-cross</arxiv:announce_type><dc:creator>A. B</dc:creator>)");
  ParsedPage page = ParseOk(body);
  ASSERT_EQ(page.papers.size(), 1u);
  EXPECT_EQ(page.papers[0].listings[0].announce_type, "replace-cross");
  EXPECT_EQ(page.papers[0].abstract, "Text.");
  EXPECT_EQ(page.papers[0].versions[0].number, 2);
}

TEST(ArxivRss, PrefixAnnounceTypeUsedWithoutElement) {
  std::string body = Feed(R"(<title>T</title>
<description>arXiv:2401.00001v1 Announce Type: cross
Abstract: Text.</description><category>hep-th</category>)");
  ParsedPage page = ParseOk(body);
  ASSERT_EQ(page.papers.size(), 1u);
  EXPECT_EQ(page.papers[0].listings[0].announce_type, "cross");
  EXPECT_EQ(page.papers[0].url, "https://arxiv.org/abs/2401.00001");
}

TEST(ArxivRss, SplitsCreatorWithParenthesisedAffiliations) {
  std::string body = Feed(R"(<title>T</title>
<description>arXiv:2401.00001v1 Announce Type: new
Abstract: X</description>
<dc:creator>A. Smith (MIT, Cambridge), B. Jones and C. Wu (Caltech)</dc:creator>)");
  ParsedPage page = ParseOk(body);
  ASSERT_EQ(page.papers.size(), 1u);
  const auto& a = page.papers[0].authors;
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].name, "A. Smith");
  EXPECT_EQ(a[0].affiliations, (std::vector<std::string>{"MIT, Cambridge"}));
  EXPECT_EQ(a[1].name, "B. Jones");
  EXPECT_EQ(a[2].name, "C. Wu");
  EXPECT_EQ(a[2].affiliations, (std::vector<std::string>{"Caltech"}));
  // arXiv's convention: B. Jones, listed without one right before C. Wu, shares Caltech.
  EXPECT_EQ(a[1].affiliations, (std::vector<std::string>{"Caltech"}));
}

TEST(ArxivRss, JournalReferenceAndDates) {
  std::string body = Feed(
      R"(<title>T</title><description>arXiv:2401.00001v3 Announce Type: replace
Abstract: X</description><arxiv:journal_reference>Phys. Rev. D 99, 1 (2019)</arxiv:journal_reference>
<arxiv:DOI>https://doi.org/10.1103/PhysRevD.99.1</arxiv:DOI>)",
      "<pubDate>Fri, 23 Feb 2024 00:00:00 -0500</pubDate>");
  ParsedPage page = ParseOk(body);
  ASSERT_EQ(page.papers.size(), 1u);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.journal_ref, "Phys. Rev. D 99, 1 (2019)");
  EXPECT_EQ(p.published_doi, "10.1103/physrevd.99.1");
  EXPECT_TRUE(p.ids.doi.empty());
  // No item pubDate: the channel's.
  EXPECT_EQ(p.listings[0].date, "2024-02-23");
  EXPECT_EQ(page.feed_date, "2024-02-23");
}

TEST(ArxivRss, DefaultDateAndSourceFromContext) {
  ParseContext ctx;
  ctx.source = "arxiv-mirror";
  ctx.default_date = "2026-01-02";
  std::string body = Feed(R"(<title>T</title><guid>oai:arXiv.org:2401.00001v4</guid>
<description>Plain abstract without prefix.</description><category>math.AP</category>)");
  ParsedPage page = ParseOk(body, ctx);
  ASSERT_EQ(page.papers.size(), 1u);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.arxiv, "2401.00001");
  EXPECT_EQ(p.versions[0].number, 4);
  EXPECT_EQ(p.abstract, "Plain abstract without prefix.");
  EXPECT_EQ(p.listings[0], (Listing{"arxiv-mirror", "2026-01-02", "", "math.AP"}));
  EXPECT_TRUE(page.feed_date.empty());
}

TEST(ArxivRss, ItemWithoutIdIsRejectedOthersKept) {
  ParseContext ctx;
  ctx.origin = "https://rss.arxiv.org/rss/cs.LG";
  std::string body = R"(<rss version="2.0"><channel>
<item><title>No id here</title><description>Nothing</description></item>
<item><title>Good</title><description>arXiv:2401.00002v1 Announce Type: new
Abstract: Fine.</description></item></channel></rss>)";
  ParsedPage page = ParseOk(body, ctx);
  ASSERT_EQ(page.papers.size(), 1u);
  EXPECT_EQ(page.papers[0].ids.arxiv, "2401.00002");
  ASSERT_EQ(page.rejected.size(), 1u);
  EXPECT_EQ(page.rejected[0].code, Code::kParse);
  EXPECT_NE(page.rejected[0].message.find("https://rss.arxiv.org/rss/cs.LG"), std::string::npos);
  EXPECT_NE(page.rejected[0].message.find("record 0"), std::string::npos);
}

TEST(ArxivRss, EmptyChannelIsAnEmptyPage) {
  ParsedPage page = ParseOk(
      "<rss version=\"2.0\"><channel><title>x</title>"
      "<pubDate>Sat, 06 Jun 2026 00:00:00 -0400</pubDate></channel></rss>");
  EXPECT_TRUE(page.papers.empty());
  EXPECT_EQ(page.feed_date, "2026-06-06");
}

}  // namespace
}  // namespace ah::sources::arxiv
