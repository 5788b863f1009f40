#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "sources/feeds/feed_util.h"
#include "sources/feeds/feeds.h"
#include "testing.h"

namespace ah::sources::feeds {
namespace {

using ::testing::ElementsAre;

TEST(FeedSource, BuildsOneGetWithFeedAcceptHeader) {
  FeedSource src("nature", "https://www.nature.com/nature.rss");
  EXPECT_EQ(src.name(), "nature");
  EXPECT_EQ(src.listing_source(), "nature");
  EXPECT_EQ(src.format(), Format::kFeed);
  EXPECT_FALSE(src.resumable());
  auto req = src.BuildRequest("", FetchParams{});
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(req->url, "https://www.nature.com/nature.rss");
  EXPECT_EQ(req->method, "GET");
  ASSERT_EQ(req->headers.size(), 1u);
  EXPECT_EQ(req->headers[0].first, "Accept");
  EXPECT_EQ(req->headers[0].second,
            "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8");
}

TEST(FeedSource, RejectsCursorsAndMissingUrl) {
  FeedSource src("nature", "https://www.nature.com/nature.rss");
  EXPECT_EQ(src.BuildRequest("2", FetchParams{}).error().code, Code::kInvalidArgument);
  FeedSource empty("x", "");
  EXPECT_EQ(empty.BuildRequest("", FetchParams{}).error().code, Code::kInvalidArgument);
}

TEST(FeedSource, ParseUsesTheSlugAsListingSource) {
  FeedSource src("my-joss", "https://joss.theoj.org/papers/published.atom");
  auto page =
      src.Parse(ah::testing::ReadData("journal_feeds/joss_published_atom.xml"), ParseContext{});
  ASSERT_TRUE(page.has_value()) << page.error().ToString();
  ASSERT_EQ(page->papers.size(), 1u);
  EXPECT_EQ(page->papers[0].listings[0].source, "my-joss");
  auto bad = src.Parse("<html></html>", ParseContext{});
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("https://joss.theoj.org/papers/published.atom"),
            std::string::npos);
}

TEST(FeedSource, MakeJournalSourceLooksUpTheCatalogue) {
  auto nature = MakeJournalSource("nature");
  ASSERT_NE(nature, nullptr);
  EXPECT_EQ(nature->name(), "nature");
  EXPECT_EQ(nature->BuildRequest("", FetchParams{})->url, "https://www.nature.com/nature.rss");
  auto by_issn = MakeJournalSource("0031-9007");
  ASSERT_NE(by_issn, nullptr);
  EXPECT_EQ(by_issn->name(), "prl");
  EXPECT_EQ(by_issn->BuildRequest("", FetchParams{})->url,
            "http://feeds.aps.org/rss/recent/prl.xml");
  auto joss = MakeJournalSource("https://joss.theoj.org/papers/published.atom");
  ASSERT_NE(joss, nullptr);
  EXPECT_EQ(joss->name(), "joss");
  EXPECT_EQ(MakeJournalSource("no-such-journal"), nullptr);
  std::vector<Journal> extra = {{"nofeed", "No Feed", "p", "", "", "", "x"}};
  EXPECT_EQ(MakeJournalSource("nofeed", extra), nullptr);
}

// --- String-level helpers ---

TEST(FeedUtil, ExtractsDoisFromUrlsAndText) {
  using internal::ExtractDoi;
  EXPECT_EQ(ExtractDoi("https://www.science.org/doi/abs/10.1126/science.adk1234?af=R"),
            "10.1126/science.adk1234");
  EXPECT_EQ(ExtractDoi("Nature, Published online: 2024-07-18; | doi:10.1038/s41586-024-07811-4"),
            "10.1038/s41586-024-07811-4");
  EXPECT_EQ(ExtractDoi("info:doi/10.1103/PhysRevLett.132.010001"),
            "10.1103/physrevlett.132.010001");
  EXPECT_EQ(ExtractDoi("https://www.biorxiv.org/content/10.1101/2023.12.16.571984v2.full"),
            "10.1101/2023.12.16.571984");
  EXPECT_EQ(ExtractDoi("https://doi.org/10.64898/2026.09.13.26362948v1"),
            "10.64898/2026.09.13.26362948");
  EXPECT_EQ(ExtractDoi("(see 10.1000/xyz123)."), "10.1000/xyz123");
  EXPECT_EQ(ExtractDoi("https://www.nature.com/articles/s41586-024-07811-4"), "");
  EXPECT_EQ(ExtractDoi("version 2010.1234/abc"), "");
  EXPECT_EQ(ExtractDoi(""), "");
}

TEST(FeedUtil, DropsNaturesCitationLine) {
  using internal::DropCitationLine;
  const std::string line =
      "<p>Nature, Published online: 17 July 2024; <a "
      "href=\"https://www.nature.com/articles/s41586-024-07602-x\">doi:10.1038/s41586-024-07602-x</"
      "a></p>";
  EXPECT_EQ(DropCitationLine(line + "Data from <i>boreal</i> forests reveal a sink.", "Forests"),
            "Data from <i>boreal</i> forests reveal a sink.");
  // Only the title again: nothing is an abstract.
  EXPECT_EQ(DropCitationLine(line + "Catalysis of an S<sub>N</sub>2 pathway",
                             "Catalysis of an SN2 pathway"),
            "");
  EXPECT_EQ(DropCitationLine(line, "Anything"), "");
  // Other journals of the portfolio, as plain text, and without a DOI.
  EXPECT_EQ(
      DropCitationLine("Nature Methods, Published online: 2 May 2024; doi:10.1038/s41592-024-1 "
                       "A method for X.",
                       "Y"),
      "A method for X.");
  EXPECT_EQ(DropCitationLine("Nature Physics, Published online: 2 May 2024\nWe find X.", "Y"),
            "We find X.");
  // Ordinary abstracts are left alone, even when they say "published online".
  const std::string abstract = "<p>We study data published online: 2 May 2024; see doi:10.1/x.</p>";
  EXPECT_EQ(DropCitationLine(abstract, "Y"), abstract);
  EXPECT_EQ(DropCitationLine("Background, Methods\nX, Published online: 1 May 2024", "Y"),
            "Background, Methods\nX, Published online: 1 May 2024");
  EXPECT_EQ(DropCitationLine("Nature, Published online: recently. We find X.", "Y"),
            "Nature, Published online: recently. We find X.");
  EXPECT_EQ(DropCitationLine("", "Y"), "");
}

TEST(FeedUtil, SplitsAuthorFields) {
  using internal::SplitAuthorField;
  EXPECT_THAT(SplitAuthorField("Gabriel J. Lovinger"), ElementsAre("Gabriel J. Lovinger"));
  EXPECT_THAT(SplitAuthorField("LAPALU, N., SIMON, A., Lu, A., Plaumann, P.-L."),
              ElementsAre("N. LAPALU", "A. SIMON", "A. Lu", "P.-L. Plaumann"));
  EXPECT_THAT(SplitAuthorField("Wang, W.-l., Lee, AB"), ElementsAre("W.-l. Wang", "AB Lee"));
  EXPECT_THAT(SplitAuthorField("Smith, John"), ElementsAre("John Smith"));
  EXPECT_THAT(SplitAuthorField("Lee, A.; Chen, B."), ElementsAre("A. Lee", "B. Chen"));
  EXPECT_THAT(SplitAuthorField("Ann Lee and Bo Chen"), ElementsAre("Ann Lee", "Bo Chen"));
  EXPECT_THAT(SplitAuthorField("Ann Lee, Bo Chen & Cy Park"),
              ElementsAre("Ann Lee", "Bo Chen", "Cy Park"));
  EXPECT_THAT(SplitAuthorField("jo@example.org (Jo Smith)"), ElementsAre("Jo Smith"));
  EXPECT_TRUE(SplitAuthorField("jo@example.org").empty());
  EXPECT_TRUE(SplitAuthorField("  ").empty());
  EXPECT_THAT(SplitAuthorField("The ATLAS Collaboration"), ElementsAre("The ATLAS Collaboration"));
}

TEST(FeedUtil, NormalisesFeedDatesOrcidsAndHosts) {
  EXPECT_EQ(internal::NormalizeFeedDate("2019-06-28 11:19:59 UTC"), "2019-06-28");
  EXPECT_EQ(internal::NormalizeFeedDate("Mon, 01 Jan 2024 00:00:00 +0000"), "2024-01-01");
  EXPECT_EQ(internal::NormalizeFeedDate("2024-07-18"), "2024-07-18");
  EXPECT_EQ(internal::NormalizeFeedDate("soon"), "");
  EXPECT_EQ(internal::ExtractOrcid("https://orcid.org/0000-0002-8895-320x"), "0000-0002-8895-320X");
  EXPECT_EQ(internal::ExtractOrcid("0000-0001-5375-9967"), "0000-0001-5375-9967");
  EXPECT_EQ(internal::ExtractOrcid("none"), "");
  EXPECT_EQ(internal::UrlHost("http://Biorxiv.org/cgi/x"), "biorxiv.org");
  EXPECT_EQ(internal::UrlHost("https://www.nature.com:443/a"), "nature.com");
  EXPECT_EQ(internal::UrlHost("mailto:x@y"), "");
}

}  // namespace
}  // namespace ah::sources::feeds
