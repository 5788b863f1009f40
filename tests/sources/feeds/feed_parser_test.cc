#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "sources/feeds/feeds.h"
#include "testing.h"

namespace ah::sources::feeds {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

ParseContext Ctx(std::string origin = "feed.xml") {
  ParseContext ctx;
  ctx.origin = std::move(origin);
  return ctx;
}

ParsedPage MustParse(const std::string& body, const ParseContext& ctx = Ctx()) {
  auto r = ParseFeed(body, ctx);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString());
  return r ? *r : ParsedPage{};
}

std::vector<std::string> Names(const Paper& p) {
  std::vector<std::string> out;
  for (const Author& a : p.authors) out.push_back(a.name);
  return out;
}

// --- journal_feeds/nature_current_rss1_prism.rss (real Nature RSS 1.0) ---

TEST(FeedNature, ParsesAllItemsOfTheRealNatureFeed) {
  ParsedPage page = MustParse(ah::testing::ReadData("journal_feeds/nature_current_rss1_prism.rss"));
  EXPECT_EQ(page.papers.size(), 75u);
  EXPECT_TRUE(page.rejected.empty());
  EXPECT_FALSE(page.next_cursor.has_value());
  for (const Paper& p : page.papers) {
    EXPECT_FALSE(p.title.empty());
    EXPECT_TRUE(p.ids.doi.rfind("10.1038/", 0) == 0) << p.ids.doi;
    EXPECT_EQ(p.journal, "Nature");
    EXPECT_EQ(p.type, "journal-article");
    ASSERT_EQ(p.listings.size(), 1u);
    EXPECT_EQ(p.listings[0].source, "nature");
    EXPECT_EQ(p.listings[0].announce_type, "published");
  }
}

TEST(FeedNature, ExtractsFieldsOfTheFirstArticle) {
  ParsedPage page = MustParse(ah::testing::ReadData("journal_feeds/nature_current_rss1_prism.rss"));
  ASSERT_FALSE(page.papers.empty());
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.title, "Catalysis of an SN2 pathway by geometric preorganization");
  EXPECT_EQ(p.ids.doi, "10.1038/s41586-024-07811-4");
  EXPECT_EQ(p.url, "https://www.nature.com/articles/s41586-024-07811-4");
  EXPECT_THAT(Names(p), ElementsAre("Gabriel J. Lovinger", "Marcus H. Sak", "Eric N. Jacobsen"));
  EXPECT_EQ(p.published, "2024-07-18");
  EXPECT_EQ(p.publisher, "Nature Publishing Group");
  // The feed carries no ISSN; the catalogue entry supplies them.
  EXPECT_THAT(p.issns, ElementsAre("0028-0836", "1476-4687"));
  // Its content is Nature's citation line and the title again: no abstract at all.
  EXPECT_EQ(p.abstract_raw, "");
  EXPECT_EQ(p.abstract, "");
  EXPECT_EQ(p.listings[0], (Listing{"nature", "2024-07-18", "published", "Nature"}));
}

TEST(FeedNature, ParsesNewsItemsAndTheLastItem) {
  ParsedPage page = MustParse(ah::testing::ReadData("journal_feeds/nature_current_rss1_prism.rss"));
  ASSERT_EQ(page.papers.size(), 75u);
  const Paper& news = page.papers[1];
  EXPECT_EQ(news.title, "Long COVID lung damage linked to immune system response");
  EXPECT_EQ(news.ids.doi, "10.1038/d41586-024-02352-2");
  EXPECT_THAT(Names(news), ElementsAre("Helena Kudiabor"));
  // The standfirst after Nature's citation line is the abstract.
  EXPECT_EQ(news.abstract,
            "Inhibiting a protein associated with chronic inflammation improves lung health in "
            "mice with COVID-19.");
  const Paper& last = page.papers.back();
  EXPECT_EQ(last.title, "The Spinoff Prize 2024");
  EXPECT_EQ(last.ids.doi, "10.1038/d41586-024-02156-4");
  EXPECT_THAT(Names(last), ElementsAre("Herb Brody"));
  EXPECT_EQ(last.published, "2024-07-11");
  EXPECT_EQ(last.listings[0].date, "2024-07-11");
}

TEST(FeedNature, NoAbstractIsNaturesCitationLine) {
  // Every item's content opens with "Nature, Published online: <date>; doi:<doi>";
  // 65 go on with a standfirst, 10 only repeat their title.
  ParsedPage page = MustParse(ah::testing::ReadData("journal_feeds/nature_current_rss1_prism.rss"));
  ASSERT_EQ(page.papers.size(), 75u);
  size_t with_abstract = 0;
  for (const Paper& p : page.papers) {
    EXPECT_THAT(p.abstract, Not(HasSubstr("Published online"))) << p.ids.doi;
    EXPECT_THAT(p.abstract_raw, Not(HasSubstr("Published online"))) << p.ids.doi;
    EXPECT_NE(p.abstract, p.title) << p.ids.doi;
    EXPECT_EQ(p.abstract.empty(), p.abstract_raw.empty()) << p.ids.doi;
    with_abstract += !p.abstract.empty();
  }
  EXPECT_EQ(with_abstract, 65u);
  const Paper& last = page.papers.back();
  EXPECT_EQ(last.abstract,
            "Nature introduces the finalists and those that made it on to the longlist for this "
            "year’s award.");
}

TEST(FeedNature, ContextSourceWinsOverCatalogueSlug) {
  ParseContext ctx = Ctx("https://www.nature.com/nature.rss");
  ctx.source = "my-nature";
  ParsedPage page =
      MustParse(ah::testing::ReadData("journal_feeds/nature_current_rss1_prism.rss"), ctx);
  ASSERT_FALSE(page.papers.empty());
  EXPECT_EQ(page.papers[0].listings[0].source, "my-nature");
}

TEST(FeedNature, TruncatedFeedIsParseErrorWithOffset) {
  std::string body = ah::testing::ReadData("journal_feeds/nature_current_rss1_prism.rss");
  auto r = ParseFeed(body.substr(0, body.size() / 2), Ctx("https://www.nature.com/nature.rss"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_THAT(r.error().message, HasSubstr("https://www.nature.com/nature.rss"));
  EXPECT_THAT(r.error().message, HasSubstr("at byte "));
}

// --- journal_feeds/joss_published_atom.xml (real JOSS Atom) ---

TEST(FeedJoss, ParsesAtomEntryWithJossElements) {
  ParsedPage page = MustParse(ah::testing::ReadData("journal_feeds/joss_published_atom.xml"));
  ASSERT_EQ(page.papers.size(), 1u);
  EXPECT_EQ(page.feed_date, "2019-06-30");
  const Paper& p = page.papers[0];
  EXPECT_EQ(
      p.title,
      "bayestestR: Describing Effects and their Uncertainty, Existence and Significance within "
      "the Bayesian Framework");
  EXPECT_EQ(p.ids.doi, "10.21105/joss.01541");
  EXPECT_EQ(p.url, "https://joss.theoj.org/papers/1d180e6004a0dd1e6b235eb24fe66276");
  EXPECT_EQ(p.pdf_url, "https://www.theoj.org/joss-papers/joss.01541/10.21105.joss.01541.pdf");
  EXPECT_EQ(p.journal, "Journal of Open Source Software");
  EXPECT_EQ(p.volume, "4");
  EXPECT_EQ(p.issue, "40");
  EXPECT_EQ(p.pages, "1541");
  EXPECT_EQ(p.published, "2019-06-30");
  EXPECT_EQ(p.updated, "2019-08-13");
  EXPECT_THAT(p.issns, ElementsAre("2475-9066"));
  ASSERT_EQ(p.authors.size(), 3u);
  EXPECT_EQ(p.authors[0].name, "Dominique Makowski");
  EXPECT_EQ(p.authors[0].orcid, "0000-0001-5375-9967");
  EXPECT_THAT(p.authors[0].affiliations,
              ElementsAre("Nanyang Technological University, Singapore"));
  EXPECT_EQ(p.authors[1].name, "Mattan S. Ben-Shachar");
  EXPECT_EQ(p.authors[2].name, "Daniel L\u00fcdecke");
  EXPECT_EQ(p.authors[2].orcid, "0000-0002-8895-3206");
  ASSERT_GE(p.categories.size(), 3u);
  EXPECT_EQ(p.categories[0], "R");
  EXPECT_EQ(p.categories[1], "Bayesian statistics");
  EXPECT_EQ(p.listings[0],
            (Listing{"joss", "2019-06-30", "published", "Journal of Open Source Software"}));
}

// --- biorxiv/biorxiv_rss1_subject_genomics.xml (bioRxiv subject RSS 1.0) ---

TEST(FeedBiorxiv, ParsesSubjectCollectionFeedAsPreprints) {
  ParsedPage page = MustParse(ah::testing::ReadData("biorxiv/biorxiv_rss1_subject_genomics.xml"));
  ASSERT_EQ(page.papers.size(), 1u);
  const Paper& p = page.papers[0];
  EXPECT_EQ(
      p.title,
      "Complete genome of the Medicago anthracnose fungus, Colletotrichum destructivum, reveals a "
      "mini-chromosome-like region within a core chromosome.");
  EXPECT_EQ(p.ids.doi, "10.1101/2023.12.16.571984");
  EXPECT_EQ(p.type, "preprint");
  EXPECT_EQ(p.journal, "bioRxiv");
  EXPECT_EQ(p.publisher, "Cold Spring Harbor Laboratory");
  EXPECT_EQ(p.url, "https://www.biorxiv.org/content/10.1101/2023.12.16.571984v1");
  ASSERT_EQ(p.versions.size(), 1u);
  EXPECT_EQ(p.versions[0].number, 1);
  EXPECT_EQ(p.versions[0].date, "2023-12-16");
  EXPECT_EQ(p.submitted, "2023-12-16");
  EXPECT_EQ(p.published, "");
  EXPECT_THAT(p.categories, ElementsAre("genomics"));
  EXPECT_THAT(Names(p),
              ElementsAre("N. LAPALU", "A. SIMON", "A. Lu", "P.-L. Plaumann", "J. Amselem",
                          "S. Pigne", "A. Auger", "C. Koch", "J.-F. Dallery", "R. J. O'Connell"));
  EXPECT_EQ(p.abstract.substr(0, 60),
            "Colletotrichum destructivum (Cd) is a phytopathogenic fungus");
  EXPECT_TRUE(p.issns.empty());
  EXPECT_EQ(p.listings[0], (Listing{"biorxiv", "2023-12-16", "new", "genomics"}));
}

// --- Synthetic feeds in the other dialects ---

const char* kRss2 = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"
     xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Physical Review Letters</title>
  <link>https://journals.aps.org/prl</link>
  <atom:link rel="self" href="http://feeds.aps.org/rss/recent/prl.xml"/>
  <lastBuildDate>Tue, 02 Jan 2024 10:00:00 -0500</lastBuildDate>
  <item>
    <title>Quantum &lt;i&gt;thing&lt;/i&gt; &amp; more</title>
    <media:title>media title must be ignored</media:title>
    <link>http://link.aps.org/doi/10.1103/PhysRevLett.132.010001</link>
    <description>&lt;p&gt;Author(s): A. One&lt;/p&gt;&lt;p&gt;We show x &amp;lt; y.&lt;/p&gt;</description>
    <dc:creator>Ann Lee, Bo Chen, and Cy Park</dc:creator>
    <pubDate>Mon, 01 Jan 2024 00:00:00 +0000</pubDate>
    <category>Condensed Matter</category>
    <category>Condensed Matter</category>
    <guid isPermaLink="false">prl-1</guid>
  </item>
  <item>
    <link>https://example.org/no-title</link>
  </item>
  <item>
    <title>No link and no DOI</title>
    <guid isPermaLink="false">opaque-42</guid>
  </item>
  <item>
    <title>Mail author</title>
    <guid>https://example.org/a/2</guid>
    <author>editor@example.org (Dee Editor)</author>
  </item>
</channel>
</rss>)";

TEST(FeedRss2, ParsesItemsMatchesCatalogueBySelfLinkAndRejectsIncompleteItems) {
  ParsedPage page = MustParse(kRss2, Ctx("prl.xml"));
  ASSERT_EQ(page.papers.size(), 2u);
  EXPECT_EQ(page.feed_date, "2024-01-02");
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.title, "Quantum thing & more");
  EXPECT_EQ(p.ids.doi, "10.1103/physrevlett.132.010001");
  EXPECT_EQ(p.url, "http://link.aps.org/doi/10.1103/PhysRevLett.132.010001");
  EXPECT_EQ(p.abstract, "Author(s): A. One\nWe show x < y.");
  EXPECT_THAT(Names(p), ElementsAre("Ann Lee", "Bo Chen", "Cy Park"));
  EXPECT_EQ(p.published, "2024-01-01");
  EXPECT_THAT(p.categories, ElementsAre("Condensed Matter"));
  EXPECT_EQ(p.primary_category, "Condensed Matter");
  EXPECT_EQ(p.journal, "Physical Review Letters");
  EXPECT_THAT(p.issns, ElementsAre("0031-9007", "1079-7114"));
  EXPECT_EQ(p.listings[0], (Listing{"prl", "2024-01-01", "published", "Physical Review Letters"}));
  const Paper& mail = page.papers[1];
  EXPECT_EQ(mail.url, "https://example.org/a/2");
  EXPECT_THAT(Names(mail), ElementsAre("Dee Editor"));
  EXPECT_EQ(mail.listings[0].date, "2024-01-02");  // no item date, no default: the feed's date

  ASSERT_EQ(page.rejected.size(), 2u);
  EXPECT_THAT(page.rejected[0].message,
              HasSubstr("prl.xml: item 1 (https://example.org/no-title): no title"));
  EXPECT_THAT(page.rejected[1].message, HasSubstr("prl.xml: item 2 (opaque-42): no link or DOI"));
}

TEST(FeedRss091, ParsesPlainRssWithoutNamespacesAndSlugsTheTitle) {
  ParseContext ctx = Ctx();
  ctx.default_date = "2024-05-05";
  ParsedPage page = MustParse(R"(<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Annals of Obscure Studies</title><link>http://obscure.example/</link>
<description>d</description><language>en</language>
<item><title>On Things</title><link>http://obscure.example/1</link><description>About things.</description></item>
</channel></rss>)",
                              ctx);
  ASSERT_EQ(page.papers.size(), 1u);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.title, "On Things");
  EXPECT_EQ(p.ids.doi, "");
  EXPECT_EQ(p.abstract, "About things.");
  EXPECT_EQ(p.journal, "Annals of Obscure Studies");
  EXPECT_EQ(p.listings[0], (Listing{"annals-of-obscure-studies", "2024-05-05", "published",
                                    "Annals of Obscure Studies"}));
}

TEST(FeedRss1, ReadsPrismVolumeIssuePagesAndMatchesCatalogueByIssn) {
  ParsedPage page = MustParse(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/" xmlns:p="http://prismstandard.org/namespaces/basic/2.0/"
  xmlns:d="http://purl.org/dc/elements/1.1/">
 <channel rdf:about="x"><title>Cell: Current Issue</title><link>https://www.cell.com/cell</link>
   <p:issn>0092-8674</p:issn><p:eIssn>1097-4172</p:eIssn><d:date>2024-03-01</d:date></channel>
 <item rdf:about="https://www.cell.com/cell/fulltext/S0092-8674(24)00001-1">
   <title>A cell paper</title>
   <d:identifier>info:doi/10.1016/j.cell.2024.01.001</d:identifier>
   <d:creator>Doe, Jane</d:creator>
   <d:subject>Cell biology</d:subject>
   <p:publicationName>Cell</p:publicationName>
   <p:volume>187</p:volume><p:number>5</p:number>
   <p:startingPage>1001</p:startingPage><p:endingPage>1015</p:endingPage>
   <p:coverDate>2024-02-29</p:coverDate>
 </item>
</rdf:RDF>)");
  ASSERT_EQ(page.papers.size(), 1u);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.url, "https://www.cell.com/cell/fulltext/S0092-8674(24)00001-1");
  EXPECT_EQ(p.ids.doi, "10.1016/j.cell.2024.01.001");
  EXPECT_THAT(Names(p), ElementsAre("Jane Doe"));
  EXPECT_EQ(p.volume, "187");
  EXPECT_EQ(p.issue, "5");
  EXPECT_EQ(p.pages, "1001-1015");
  EXPECT_EQ(p.published, "2024-02-29");
  EXPECT_EQ(p.journal, "Cell");
  EXPECT_THAT(p.issns, ElementsAre("0092-8674", "1097-4172"));
  EXPECT_THAT(p.categories, ElementsAre("Cell biology"));
  EXPECT_EQ(p.publisher, "Cell Press");  // from the catalogue
  EXPECT_EQ(p.listings[0].source, "cell");
  EXPECT_EQ(p.listings[0].channel, "Cell: Current Issue");
  EXPECT_EQ(page.feed_date, "2024-03-01");
}

TEST(FeedAtom, ParsesGenericAtomWithXhtmlContentAndPrefixedNames) {
  ParsedPage page = MustParse(R"(<a:feed xmlns:a="http://www.w3.org/2005/Atom">
  <a:title type="text">PLOS Biology: New Articles</a:title>
  <a:link rel="self" href="https://journals.plos.org/plosbiology/feed/atom"/>
  <a:updated>2024-04-02T08:00:00Z</a:updated>
  <a:entry>
    <a:id>info:doi/10.1371/journal.pbio.3000001</a:id>
    <a:title type="html">Gene &lt;i&gt;X&lt;/i&gt; regulates Y</a:title>
    <a:link rel="related" href="https://example.org/related"/>
    <a:link rel="alternate" href="https://journals.plos.org/plosbiology/article?id=10.1371/journal.pbio.3000001"/>
    <a:author><a:name>Ana Silva</a:name></a:author>
    <a:author><a:name>Ben Ode</a:name></a:author>
    <a:category term="Genetics" label="Genetics"/>
    <a:published>2024-04-01T12:00:00Z</a:published>
    <a:updated>2024-04-02T12:00:00Z</a:updated>
    <a:content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>First &amp; best.</p><p>Second.</p></div></a:content>
  </a:entry>
</a:feed>)",
                              Ctx("https://journals.plos.org/plosbiology/feed/atom"));
  ASSERT_EQ(page.papers.size(), 1u);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.title, "Gene X regulates Y");
  EXPECT_EQ(p.ids.doi, "10.1371/journal.pbio.3000001");
  EXPECT_EQ(p.url, "https://journals.plos.org/plosbiology/article?id=10.1371/journal.pbio.3000001");
  EXPECT_THAT(Names(p), ElementsAre("Ana Silva", "Ben Ode"));
  EXPECT_THAT(p.categories, ElementsAre("Genetics"));
  EXPECT_EQ(p.published, "2024-04-01");
  EXPECT_EQ(p.updated, "2024-04-02");
  EXPECT_THAT(p.abstract_raw, HasSubstr("<p>First &amp; best.</p>"));
  EXPECT_EQ(p.abstract, "First & best.\nSecond.");
  EXPECT_EQ(p.journal, "PLOS Biology");
  EXPECT_EQ(p.listings[0].source, "plos-biology");
  EXPECT_EQ(page.feed_date, "2024-04-02");
}

TEST(FeedEncoding, DecodesLatin1AndSanitisesInvalidUtf8) {
  std::string latin1 =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>T</title>"
      "<item><title>Caf\xe9</title><link>http://x.example/1</link></item></channel></rss>";
  ParsedPage page = MustParse(latin1);
  ASSERT_EQ(page.papers.size(), 1u);
  EXPECT_EQ(page.papers[0].title, "Caf\u00e9");
  std::string bad =
      "<rss><channel><title>T</title><item><title>Bad \xff\xfe byte</title>"
      "<link>http://x.example/1</link></item></channel></rss>";
  ParsedPage page2 = MustParse(bad);
  ASSERT_EQ(page2.papers.size(), 1u);
  EXPECT_EQ(page2.papers[0].title.find('\xff'), std::string::npos);
}

TEST(FeedEmpty, ChannelWithoutItemsIsAnEmptyPage) {
  ParsedPage page = MustParse("<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>");
  EXPECT_TRUE(page.papers.empty());
  EXPECT_TRUE(page.rejected.empty());
}

// --- Hostile input ---

TEST(FeedHostile, HtmlPageIsParseError) {
  auto r = ParseFeed(
      "\n<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head><body></body></html>",
      Ctx("https://www.science.org/feed"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_THAT(r.error().message, HasSubstr("https://www.science.org/feed"));
  EXPECT_THAT(r.error().message, HasSubstr("HTML page"));
  EXPECT_THAT(r.error().message, HasSubstr("byte 1"));
}

TEST(FeedHostile, NonFeedXmlIsParseErrorNamingTheRoot) {
  auto r = ParseFeed("<?xml version=\"1.0\"?>\n<OAI-PMH><error/></OAI-PMH>", Ctx("o.xml"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_THAT(r.error().message, HasSubstr("o.xml: not a feed: root element <OAI-PMH> at byte 22"));
  auto no_channel = ParseFeed("<rss version=\"2.0\"><item/></rss>", Ctx());
  ASSERT_FALSE(no_channel.has_value());
  EXPECT_THAT(no_channel.error().message, HasSubstr("without <channel>"));
}

TEST(FeedHostile, MalformedEmptyAndBinaryInputAreParseErrors) {
  for (std::string body :
       {std::string(""), std::string("   \n"), std::string("{\"error\":\"x\"}"),
        std::string("<rss><channel><title>x</channel></rss>"), std::string("\x1f\x8b\x08\x00", 4),
        std::string("<rss><channel><item><title>open")}) {
    auto r = ParseFeed(body, Ctx("h.xml"));
    ASSERT_FALSE(r.has_value()) << body;
    EXPECT_EQ(r.error().code, Code::kParse) << body;
    EXPECT_THAT(r.error().message, HasSubstr("h.xml"));
    EXPECT_THAT(r.error().message, HasSubstr("byte "));
  }
}

TEST(FeedHostile, EntityDeclarationsAreNotExpanded) {
  auto r = ParseFeed(
      R"(<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
<rss><channel><title>T</title><item><title>&b;</title><link>http://x.example/1</link></item></channel></rss>)",
      Ctx());
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  ASSERT_EQ(r->papers.size(), 1u);
  EXPECT_LT(r->papers[0].title.size(), 10u);
}

}  // namespace
}  // namespace ah::sources::feeds
