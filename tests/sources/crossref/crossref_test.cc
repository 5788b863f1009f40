#include "sources/crossref/crossref.h"

#include <gtest/gtest.h>

#include <string>

#include "testing.h"

namespace ah::sources::crossref {
namespace {

using ::ah::testing::ReadData;

ParseContext Ctx(const std::string& origin) {
  ParseContext ctx;
  ctx.origin = origin;
  ctx.default_date = "2026-01-01";
  return ctx;
}

ParsedPage MustParse(const std::string& file) {
  auto page = ParseCrossref(ReadData("crossref/" + file), Ctx(file));
  EXPECT_TRUE(page.has_value()) << (page ? "" : page.error().ToString());
  return page ? *page : ParsedPage{};
}

const Paper* FindDoi(const ParsedPage& page, const std::string& doi) {
  for (const auto& p : page.papers)
    if (p.ids.doi == doi) return &p;
  return nullptr;
}

// ---- journals/2167-8359/works (PeerJ, JATS abstracts) ----

TEST(Crossref, JournalWorksPageMapsEveryField) {
  ParsedPage page = MustParse("crossref_journal_2167-8359_works_query_ecology.json");
  ASSERT_EQ(page.papers.size(), 20u);
  EXPECT_TRUE(page.rejected.empty());
  EXPECT_EQ(page.total, 203);
  EXPECT_FALSE(page.next_cursor.has_value());  // no cursor was asked for

  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.doi, "10.7717/peerj.14276");
  EXPECT_EQ(p.title,
            "We’re building it up to burn it down: fire occurrence and fire-related climatic "
            "patterns in Brazilian biomes");
  EXPECT_EQ(p.journal, "PeerJ");
  EXPECT_EQ(p.volume, "10");
  EXPECT_EQ(p.pages, "e14276");
  EXPECT_EQ(p.publisher, "PeerJ");
  EXPECT_EQ(p.type, "journal-article");
  EXPECT_EQ(p.published, "2022-10-25");
  EXPECT_EQ(p.submitted, "");
  EXPECT_EQ(p.license, "https://creativecommons.org/licenses/by/4.0/");
  EXPECT_EQ(p.url, "https://doi.org/10.7717/peerj.14276");
  ASSERT_EQ(p.issns.size(), 1u);
  EXPECT_EQ(p.issns[0], "2167-8359");
  ASSERT_EQ(p.authors.size(), 12u);
  EXPECT_EQ(p.authors[0].name, "Luisa Maria Diele Viegas");
  ASSERT_EQ(p.authors[0].affiliations.size(), 2u);
  EXPECT_EQ(p.authors[0].affiliations[1], "Fórum Clima Salvador, Salvador, Brazil");
  ASSERT_EQ(p.listings.size(), 1u);
  EXPECT_EQ(p.listings[0], (Listing{"crossref", "2022-10-25", "published", "PeerJ"}));
}

TEST(Crossref, StructuredJatsAbstractKeepsSectionHeadingsAsParagraphs) {
  ParsedPage page = MustParse("crossref_journal_2167-8359_works_query_ecology.json");
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.abstract_raw.rfind("<jats:sec>", 0), 0u);  // raw as received
  EXPECT_EQ(p.abstract.rfind("Background\nTerrestrial biomes in South America", 0), 0u)
      << p.abstract.substr(0, 80);
  EXPECT_EQ(p.abstract.find("<jats:"), std::string::npos);
  EXPECT_NE(p.abstract.find("\nMethods\n"), std::string::npos);
}

TEST(Crossref, TitleAndAbstractMarkupBecomesPlainText) {
  ParsedPage page = MustParse("crossref_journal_2167-8359_works_query_ecology.json");
  const Paper* p = FindDoi(page, "10.7717/peerj.3162");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->title,
            "The genomic sequence of Exiguobacterium chiriqhucha str. N139 reveals a species that "
            "thrives in cold waters and extreme environmental conditions");
  EXPECT_EQ(p->abstract.rfind("We report the genome sequence of Exiguobacterium chiriqhucha str. "
                              "N139, isolated from a high-altitude Andean lake.",
                              0),
            0u)
      << p->abstract.substr(0, 120);
  const Paper* reed = FindDoi(page, "10.7717/peerj.4188");
  ASSERT_NE(reed, nullptr);
  EXPECT_NE(reed->abstract.find("shoots of Phragmites australis (common reed) to heavy metal"),
            std::string::npos);
  EXPECT_NE(reed->abstract_raw.find("<jats:italic>Phragmites australis</jats:italic>"),
            std::string::npos);
}

TEST(Crossref, EntitiesInJatsAbstractAreDecoded) {
  ParsedPage page = MustParse("crossref_journal_2167-8359_works_query_ecology.json");
  const Paper* p = FindDoi(page, "10.7717/peerj.12501");
  ASSERT_NE(p, nullptr);
  EXPECT_NE(p->abstract.find("includes >2,600 valid genera"), std::string::npos);
}

// ---- works?query.author (ORCIDs, preprints, "Abstract" headings) ----

TEST(Crossref, DropsLeadingAbstractHeading) {
  ParsedPage page = MustParse("crossref_works_query_author.json");
  const Paper* p = FindDoi(page, "10.1002/ece3.2314");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->abstract.rfind("Increased dispersal propensity often evolves", 0), 0u);
  EXPECT_EQ(p->abstract_raw.rfind("<jats:title>Abstract</jats:title>", 0), 0u);
  // Upper-case heading, and "Summary" used as the abstract heading.
  const Paper* pre = FindDoi(page, "10.1101/014852");
  ASSERT_NE(pre, nullptr);
  EXPECT_EQ(pre->abstract.rfind("Increased dispersal propensity", 0), 0u);
  const Paper* tb = FindDoi(page, "10.1111/j.2041-210x.2012.00247.x");
  ASSERT_NE(tb, nullptr);
  EXPECT_EQ(tb->abstract.rfind("The TreeBASE portal is an important", 0), 0u);
}

TEST(Crossref, EarlierOfPrintAndOnlineIsPublished) {
  ParsedPage page = MustParse("crossref_works_query_author.json");
  const Paper* p = FindDoi(page, "10.1002/ece3.2314");  // online 2016-08-18, print 2016-09
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->published, "2016-08-18");
  EXPECT_EQ(p->volume, "6");
  EXPECT_EQ(p->issue, "18");
  EXPECT_EQ(p->pages, "6425-6434");
  EXPECT_EQ(p->license, "http://creativecommons.org/licenses/by/4.0/");
  ASSERT_EQ(p->authors.size(), 3u);
  EXPECT_EQ(p->authors[1].name, "Carl Boettiger");
  ASSERT_EQ(p->authors[1].affiliations.size(), 1u);
  EXPECT_EQ(p->authors[1].affiliations[0],
            "Department of Environmental Science, Policy, & Management University of California, "
            "Berkeley Berkeley California");
}

TEST(Crossref, OrcidUrlsBecomeBareIds) {
  ParsedPage page = MustParse("crossref_works_query_author.json");
  const Paper* p = FindDoi(page, "10.1111/ele.14024");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->title, "The forecast trap");
  ASSERT_FALSE(p->authors.empty());
  EXPECT_EQ(p->authors[0].name, "Carl Boettiger");
  EXPECT_EQ(p->authors[0].orcid, "0000-0002-1642-628X");
}

TEST(Crossref, PostedContentIsAPreprintWithPostedDate) {
  ParsedPage page = MustParse("crossref_works_query_author.json");
  const Paper* p = FindDoi(page, "10.1101/014852");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->type, "posted-content");
  EXPECT_EQ(p->submitted, "2015-02-04");
  EXPECT_EQ(p->published, "");
  EXPECT_EQ(p->journal, "bioRxiv");  // institution name: posted content has no container
  ASSERT_EQ(p->categories.size(), 1u);
  EXPECT_EQ(p->categories[0], "Ecology");  // group-title
  EXPECT_EQ(p->license, "http://creativecommons.org/licenses/by-nc-nd/4.0/");
  EXPECT_EQ(p->published_doi, "");  // no is-preprint-of relation recorded
  ASSERT_EQ(p->listings.size(), 1u);
  EXPECT_EQ(p->listings[0], (Listing{"crossref", "2015-02-04", "published", "bioRxiv"}));
  EXPECT_EQ(page.papers.size() + page.rejected.size(), 20u);
  EXPECT_EQ(page.total, 1253);
}

TEST(Crossref, PreprintOfRelationSetsPublishedDoi) {
  const std::string body = R"({"status":"ok","message-type":"work","message":{
    "DOI":"10.1101/2020.01.01.123456","type":"posted-content","subtype":"preprint",
    "title":["A preprint"],"posted":{"date-parts":[[2020,1,2]]},
    "institution":[{"name":"bioRxiv"}],
    "relation":{"is-preprint-of":[{"id-type":"doi","id":"10.1038/S41586-020-0001-X",
                                   "asserted-by":"subject"}]}}})";
  auto page = ParseCrossref(body, Ctx("t"));
  ASSERT_TRUE(page.has_value()) << page.error().ToString();
  ASSERT_EQ(page->papers.size(), 1u);
  EXPECT_EQ(page->papers[0].published_doi, "10.1038/s41586-020-0001-x");
  EXPECT_EQ(page->papers[0].submitted, "2020-01-02");
  EXPECT_EQ(page->papers[0].listings[0].date, "2020-01-02");
}

TEST(Crossref, HasPreprintOnAJournalArticleIsNotAPublishedDoi) {
  ParsedPage page = MustParse("crossref_journal_2167-8359_works_query_ecology.json");
  const Paper* p = FindDoi(page, "10.7717/peerj.3162");  // relation.has-preprint
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->published_doi, "");
}

// ---- members/98/works cursor pages ----

TEST(Crossref, CursorPageCarriesNextCursorAndRejectsJournalIssueRecord) {
  ParsedPage page = MustParse("crossref_member98_works_cursor_page1.json");
  EXPECT_EQ(page.total, 138567);
  ASSERT_TRUE(page.next_cursor.has_value());
  EXPECT_EQ(page.next_cursor->rfind("DnF1ZXJ5VGhlbkZldGNo", 0), 0u);
  EXPECT_EQ(page.next_cursor->size(), 1512u);
  ASSERT_EQ(page.papers.size(), 4u);
  ASSERT_EQ(page.rejected.size(), 1u);  // 10.1002/humu.2018.39.issue-6 has no title
  const std::string& msg = page.rejected[0].message;
  EXPECT_NE(msg.find("crossref_member98_works_cursor_page1.json"), std::string::npos) << msg;
  EXPECT_NE(msg.find("item 4"), std::string::npos) << msg;
  EXPECT_NE(msg.find("10.1002/humu.2018.39.issue-6"), std::string::npos) << msg;

  const Paper& p = page.papers[1];
  EXPECT_EQ(p.ids.doi, "10.1155/2016/1353212");
  EXPECT_EQ(p.published, "2016-01-01");  // year-only date-parts
  EXPECT_EQ(p.issns, (std::vector<std::string>{"1687-725X", "1687-7268"}));
  EXPECT_EQ(p.abstract.rfind("I present a detailed analysis of the timing signals", 0), 0u);
}

TEST(Crossref, SecondCursorPageAndPartialPrintDates) {
  ParsedPage page = MustParse("crossref_member98_works_cursor_page2.json");
  ASSERT_EQ(page.papers.size(), 5u);
  ASSERT_TRUE(page.next_cursor.has_value());
  const Paper* dth = FindDoi(page, "10.1111/dth.13147");  // online 2019-11-19, print 2020-01
  ASSERT_NE(dth, nullptr);
  EXPECT_EQ(dth->published, "2019-11-19");
  EXPECT_EQ(dth->license, "http://onlinelibrary.wiley.com/termsAndConditions#vor");  // the vor one
  EXPECT_EQ(dth->authors[0].affiliations[0], "Medical Center “Asclepius” Uzhgorod Ukraine");
  // Backfile: print 2000-12, digitised online 2008: print is the publication date.
  const Paper* dka = FindDoi(page, "10.1046/j.1399543x.2000.010407.x");
  ASSERT_NE(dka, nullptr);
  EXPECT_EQ(dka->published, "2000-12-01");
  // A subtitle that is a running head of a complete-sentence title is not appended.
  EXPECT_EQ(dka->title,
            "Do doctors cause or prevent cerebral edema in children with diabetic ketoacidosis?");
  const Paper* nuts = FindDoi(page, "10.1111/jfpp.12874");
  ASSERT_NE(nuts, nullptr);
  EXPECT_EQ(nuts->title,
            "Microbial Contamination in Peeled Chestnuts and the Efficacy of Postprocessing "
            "Treatments for Microbial Spoilage Management");
  const Paper* old = FindDoi(page, "10.1111/j.1439-0469.1978.tb00684.x");
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->title, "Zur Problematik der Genese der Nierentubuli bei Vertebraten");
  EXPECT_EQ(old->authors[1].name, "H. Splechtna");
}

TEST(Crossref, SubtitleIsAppendedToTitle) {
  const std::string body = R"({"status":"ok","message-type":"work","message":{
    "DOI":"10.1000/x","title":["Deep learning"],"subtitle":["a <i>critical</i> appraisal"]}})";
  auto page = ParseCrossref(body, Ctx("t"));
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->papers.size(), 1u);
  EXPECT_EQ(page->papers[0].title, "Deep learning: a critical appraisal");
  EXPECT_EQ(page->papers[0].listings[0].date, "2026-01-01");  // no date: default_date
}

// ---- single work, cursor=* first page, rows=2 ----

TEST(Crossref, SingleWork) {
  ParsedPage page = MustParse("crossref_work_single_doi.json");
  ASSERT_EQ(page.papers.size(), 1u);
  EXPECT_EQ(page.total, 1);
  EXPECT_FALSE(page.next_cursor.has_value());
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.doi, "10.1371/journal.pone.0033693");
  EXPECT_EQ(p.title,
            "Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in "
            "the Basal Ganglia of Mice");
  EXPECT_EQ(p.journal, "PLoS ONE");
  EXPECT_EQ(p.volume, "7");
  EXPECT_EQ(p.issue, "3");
  EXPECT_EQ(p.pages, "e33693");
  EXPECT_EQ(p.publisher, "Public Library of Science (PLoS)");
  EXPECT_EQ(p.published, "2012-03-21");
  EXPECT_EQ(p.license, "http://creativecommons.org/licenses/by/4.0/");
  EXPECT_EQ(p.issns, (std::vector<std::string>{"1932-6203"}));
  ASSERT_EQ(p.authors.size(), 6u);  // editors are not authors
  EXPECT_EQ(p.authors[5].name, "Richard J. Smeyne");
  EXPECT_TRUE(p.abstract.empty());
  EXPECT_TRUE(p.categories.empty());
  EXPECT_EQ(p.listings[0], (Listing{"crossref", "2012-03-21", "published", "PLoS ONE"}));
}

TEST(Crossref, CursorFirstPageOfMixedTypes) {
  ParsedPage page = MustParse("crossref_works_cursor_first_page.json");
  EXPECT_EQ(page.total, 454);
  ASSERT_TRUE(page.next_cursor.has_value());
  EXPECT_EQ(page.papers.size(), 20u);
  const Paper* ch = FindDoi(page, "10.1007/978-1-4302-0197-7_9");
  ASSERT_NE(ch, nullptr);
  EXPECT_EQ(ch->type, "book-chapter");
  EXPECT_EQ(ch->journal, "Practical JavaScript™, DOM Scripting, and Ajax Projects");
  EXPECT_EQ(ch->pages, "305-349");
  const Paper* blog = FindDoi(page, "10.59350/7mtwq-q3661");
  ASSERT_NE(blog, nullptr);
  EXPECT_EQ(blog->submitted, "2008-06-18");
  EXPECT_EQ(blog->categories, (std::vector<std::string>{"chem-bla-ics"}));
  EXPECT_EQ(blog->abstract,
            "In addition to this Swing-based screenshot of JChemPaint , here's a SWT widget in "
            "action (lower right corner):");
  const Paper* j = FindDoi(page, "10.1117/1.jei.28.6.063006");
  ASSERT_NE(j, nullptr);
  EXPECT_EQ(j->volume, "28");
}

TEST(Crossref, HtmlAbstractAndEntityJournalTitles) {
  ParsedPage page = MustParse("crossref_works_query_rows2.json");
  ASSERT_EQ(page.papers.size(), 2u);
  EXPECT_EQ(page.total, 586628);
  const Paper& p = page.papers[1];
  EXPECT_EQ(p.ids.doi, "10.1093/obo/9780199830060-0023");
  EXPECT_EQ(p.type, "reference-entry");
  EXPECT_EQ(p.authors.size(), 1u);
  EXPECT_EQ(p.authors[0].name, "André Kessler");
  EXPECT_EQ(p.abstract.rfind("“Ours is a world of sights and sounds.", 0), 0u);
  EXPECT_EQ(p.abstract_raw.rfind("<p>", 0), 0u);
  EXPECT_TRUE(page.papers[0].authors.empty());

  ParsedPage author = MustParse("crossref_works_query_author.json");
  bool found = false;
  for (const auto& q : author.papers) found = found || q.journal == "Big Data & Society";
  EXPECT_TRUE(found) << "container-title \"Big Data &amp; Society\" should be decoded";
}

}  // namespace
}  // namespace ah::sources::crossref
