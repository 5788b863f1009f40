#include <gtest/gtest.h>

#include <string>

#include "sources/pubmed/pubmed.h"
#include "testing.h"

namespace ah::sources::pubmed {
namespace {

using ::ah::testing::ReadData;

ParseContext Ctx(const std::string& origin) {
  ParseContext ctx;
  ctx.origin = origin;
  ctx.default_date = "2026-01-01";
  return ctx;
}

ParsedPage MustParse(const std::string& file) {
  auto page = ParsePubmed(ReadData("pubmed/" + file), Ctx(file));
  EXPECT_TRUE(page.has_value()) << (page ? "" : page.error().ToString());
  return page ? *page : ParsedPage{};
}

const Paper* FindPmid(const ParsedPage& page, const std::string& pmid) {
  for (const auto& p : page.papers)
    if (p.ids.pmid == pmid) return &p;
  return nullptr;
}

std::string Wrap(const std::string& records) {
  return "<?xml version=\"1.0\"?>\n<PubmedArticleSet>" + records + "</PubmedArticleSet>";
}

TEST(PubmedEfetch, StructuredAbstractKeepsLabelsOneParagraphEach) {
  ParsedPage page = MustParse("pubmed_efetch_structured_abstract.xml");
  ASSERT_EQ(page.papers.size(), 1u);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.abstract.rfind("OBJECTIVE: Telomere shortening occurs as an early event", 0), 0u);
  EXPECT_NE(p.abstract.find(".\nDESIGN: We measured prediagnostic leucocyte telomere length"),
            std::string::npos);
  EXPECT_NE(p.abstract.find("\nRESULTS: Shorter prediagnostic"), std::string::npos);
  EXPECT_NE(p.abstract.find("\nCONCLUSIONS: Prediagnostic leucocyte telomere length"),
            std::string::npos);
  int lines = 1;
  for (char c : p.abstract) lines += c == '\n';
  EXPECT_EQ(lines, 4);
  // Inline markup and escaped characters become text; the copyright line is not abstract.
  EXPECT_NE(p.abstract.find("(TERT) gene region"), std::string::npos);
  EXPECT_NE(p.abstract.find("(linkage disequilibrium r2<0.25)"), std::string::npos);
  EXPECT_EQ(p.abstract.find("BMJ Publishing"), std::string::npos);
  EXPECT_EQ(p.abstract_raw.rfind("<AbstractText Label=\"OBJECTIVE\">", 0), 0u);
  EXPECT_NE(p.abstract_raw.find("<i>TERT</i>"), std::string::npos);
}

TEST(PubmedEfetch, StructuredAbstractFixtureGolden) {
  ParsedPage page = MustParse("pubmed_efetch_structured_abstract.xml");
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.pmid, "27797938");
  EXPECT_EQ(p.ids.doi, "10.1136/gutjnl-2016-312510");
  EXPECT_EQ(p.ids.pmcid, "PMC5442267");
  EXPECT_EQ(p.title,
            "Leucocyte telomere length, genetic variants at the TERT gene region and risk of "
            "pancreatic cancer.");
  EXPECT_EQ(p.journal, "Gut");
  EXPECT_EQ(p.volume, "66");
  EXPECT_EQ(p.issue, "6");
  EXPECT_EQ(p.pages, "1116-1122");
  EXPECT_EQ(p.issns, (std::vector<std::string>{"1468-3288", "0017-5749"}));
  EXPECT_EQ(p.published, "2016-10-21");  // ArticleDate (electronic) before the 2017 issue
  EXPECT_EQ(p.submitted, "2016-06-27");  // History received
  EXPECT_EQ(p.type, "Observational Study");
  EXPECT_EQ(p.url, "https://pubmed.ncbi.nlm.nih.gov/27797938/");
  ASSERT_EQ(p.authors.size(), 22u);
  EXPECT_EQ(p.authors[0].name, "Ying Bao");
  ASSERT_EQ(p.authors[2].affiliations.size(), 2u);
  EXPECT_EQ(p.authors[2].affiliations[1],
            "Department of Medical Oncology, Dana-Farber Cancer Institute, Boston, Massachusetts, "
            "USA.");
  ASSERT_GE(p.categories.size(), 3u);
  EXPECT_EQ(p.categories[0], "Adenocarcinoma");         // MeSH first
  EXPECT_EQ(p.categories.back(), "PANCREATIC CANCER");  // then keywords
  ASSERT_EQ(p.listings.size(), 1u);
  EXPECT_EQ(p.listings[0], (Listing{"pubmed", "2016-11-01", "published", "Gut"}));  // entrez
}

TEST(PubmedEfetch, InDataReviewRecord) {
  ParsedPage page = MustParse("pubmed_efetch_in_data_review.xml");
  ASSERT_EQ(page.papers.size(), 1u);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.pmid, "28775130");
  EXPECT_EQ(p.ids.doi, "10.1136/oemed-2017-104431");
  EXPECT_EQ(p.ids.pmcid, "PMC5771820");
  EXPECT_EQ(p.title,
            "Occupational pesticide exposure and subclinical hypothyroidism among male pesticide "
            "applicators.");
  EXPECT_EQ(p.journal, "Occupational and environmental medicine");
  EXPECT_EQ(p.published, "2017-08-03");
  EXPECT_EQ(p.submitted, "2017-03-10");
  EXPECT_EQ(p.authors.size(), 12u);
  EXPECT_EQ(p.authors[1].name, "Laura E Beane Freeman");
  EXPECT_EQ(p.abstract.rfind("OBJECTIVES: Animal studies suggest", 0), 0u);
  EXPECT_NE(p.abstract.find("\nMETHODS: Self-reported lifetime pesticide use"), std::string::npos);
  EXPECT_EQ(p.categories.front(), "agriculture");  // keywords only: not yet MeSH-indexed
  EXPECT_EQ(p.listings[0].date, "2017-08-05");
}

TEST(PubmedEfetch, CompactDocumentWithTwoRecords) {
  ParsedPage page = MustParse("pubmed_efetch_compact_1.xml");
  ASSERT_EQ(page.papers.size(), 2u);
  const Paper& a = page.papers[0];
  EXPECT_EQ(a.ids.pmid, "12091962");
  EXPECT_EQ(a.ids.doi, "");
  EXPECT_EQ(a.title, "The treatment of AIDS behind the walls of correctional facilities.");
  EXPECT_EQ(a.published, "1990-01-01");  // Year + Season "Spring"
  EXPECT_EQ(a.pages, "113-125");         // StartPage-EndPage rather than "113-25"
  EXPECT_EQ(a.type, "Review");
  EXPECT_TRUE(a.abstract.empty());
  EXPECT_EQ(a.authors[0].name, "J Michael Olivero");
  EXPECT_EQ(a.categories.back(), "Legal Approach");
  const Paper& b = page.papers[1];
  EXPECT_EQ(b.ids.pmid, "9997");
  EXPECT_EQ(b.ids.doi, "10.1016/0005-2795(76)90109-4");
  EXPECT_EQ(b.published, "1976-09-28");  // Month "Sep"
  EXPECT_EQ(b.type, "Journal Article");
  EXPECT_EQ(b.abstract.rfind("Electron paramagnetic resonance and magnetic susceptibility", 0), 0u);
  EXPECT_EQ(b.abstract.find('\n'), std::string::npos);
}

TEST(PubmedEfetch, LegacyFiftyArticleDocument) {
  ParsedPage page = MustParse("pubmed_efetch_50_articles_2010_legacy_dtd.xml");
  ASSERT_EQ(page.papers.size(), 50u);
  EXPECT_TRUE(page.rejected.empty());
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.pmid, "17905926");
  EXPECT_EQ(p.ids.doi, "10.1128/ec.00327-07");
  EXPECT_EQ(p.ids.pmcid, "PMC2168409");
  EXPECT_EQ(p.title,
            "Genome-wide expression and location analyses of the Candida albicans Tac1p regulon.");
  EXPECT_EQ(p.pages, "2122-38");  // only MedlinePgn in this DTD
  EXPECT_EQ(p.authors.size(), 10u);
  // Pre-2013 DTD: one Article/Affiliation, attached to the first author.
  ASSERT_EQ(p.authors[0].affiliations.size(), 1u);
  EXPECT_EQ(p.authors[0].affiliations[0].rfind(
                "Department of Clinical Pharmacy, University of Tennessee", 0),
            0u);
  EXPECT_TRUE(p.authors[1].affiliations.empty());
  // MedlineDate "2007 Jul-Aug" without ArticleDate.
  const Paper* allergy = FindPmid(page, "17883905");
  ASSERT_NE(allergy, nullptr);
  EXPECT_EQ(allergy->published, "2007-07-01");
  EXPECT_EQ(allergy->listings[0].date, "2007-09-22");
  for (const Paper& q : page.papers) {
    EXPECT_FALSE(q.title.empty());
    EXPECT_EQ(q.listings.size(), 1u);
    EXPECT_EQ(q.listings[0].date.size(), 10u) << q.ids.pmid;
  }
}

TEST(PubmedEfetch, OtherEutilitiesDocumentsAreRejectedWithTheirRootName) {
  for (const char* file :
       {"pubmed_elink_related_pmids.xml", "pubmed_esummary_v1.xml", "pubmed_esearch_1.xml"}) {
    auto page = ParsePubmed(ReadData(std::string("pubmed/") + file), Ctx(file));
    ASSERT_FALSE(page.has_value()) << file;
    EXPECT_EQ(page.error().code, Code::kParse);
    EXPECT_NE(page.error().message.find(file), std::string::npos);
    EXPECT_NE(page.error().message.find("expected a PubmedArticleSet"), std::string::npos)
        << page.error().message;
  }
}

TEST(PubmedEfetch, HostileBodies) {
  struct Case {
    std::string body;
    std::string expect;
  };
  const Case cases[] = {
      {"", "empty body"},
      {"<!DOCTYPE html><html><head><title>503</title></head></html>", "HTML page"},
      {"<html><body>Service unavailable</body></html>", "HTML page"},
      {R"({"error":"API rate limit exceeded"})", "JSON"},
      {"Bad Gateway", "not XML"},
      {"<PubmedArticleSet><PubmedArticle><MedlineCitation>", "malformed XML at byte"},
      {"<foo/>", "got <foo>"},
  };
  for (const Case& c : cases) {
    auto page = ParsePubmed(c.body, Ctx("https://eutils.example/efetch"));
    ASSERT_FALSE(page.has_value()) << c.body;
    EXPECT_EQ(page.error().code, Code::kParse) << c.body;
    EXPECT_NE(page.error().message.find(c.expect), std::string::npos) << page.error().message;
    EXPECT_NE(page.error().message.find("https://eutils.example/efetch"), std::string::npos);
  }
}

TEST(PubmedEfetch, TruncatedDocumentNamesByteOffset) {
  std::string body = ReadData("pubmed/pubmed_efetch_in_data_review.xml");
  body.resize(body.size() / 2);
  auto page = ParsePubmed(body, Ctx("f.xml"));
  ASSERT_FALSE(page.has_value());
  EXPECT_NE(page.error().message.find("f.xml: malformed XML at byte"), std::string::npos)
      << page.error().message;
}

TEST(PubmedEfetch, DeeplyNestedMarkupDoesNotOverflowTheStack) {
  std::string title;
  for (int i = 0; i < 100000; ++i) title += "<i>";
  title += "deep";
  for (int i = 0; i < 100000; ++i) title += "</i>";
  auto page =
      ParsePubmed(Wrap("<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>" +
                       title + "</ArticleTitle></Article></MedlineCitation></PubmedArticle>"),
                  Ctx("u"));
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->papers.size(), 1u);
  EXPECT_EQ(page->papers[0].title, "deep");
}

TEST(PubmedEfetch, EutilsErrorDocumentIsInvalidArgumentOrUnavailable) {
  auto e = ParsePubmed(
      "<eFetchResult>\n\t<ERROR>Empty id list - nothing todo</ERROR>\n</eFetchResult>", Ctx("u"));
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().code, Code::kInvalidArgument);
  EXPECT_NE(e.error().message.find("Empty id list - nothing todo"), std::string::npos);
  auto r =
      ParsePubmed("<eFetchResult><ERROR>API rate limit exceeded</ERROR></eFetchResult>", Ctx("u"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kUnavailable);
}

TEST(PubmedEfetch, EmptyArticleSetIsAnEmptyPage) {
  auto page =
      ParsePubmed("<?xml version=\"1.0\" ?>\n<PubmedArticleSet></PubmedArticleSet>\n", Ctx("u"));
  ASSERT_TRUE(page.has_value());
  EXPECT_TRUE(page->papers.empty());
  EXPECT_TRUE(page->rejected.empty());
}

TEST(PubmedEfetch, BadRecordsAreRejectedOthersKept) {
  const std::string body = Wrap(
      "<PubmedArticle><MedlineCitation><PMID>abc</PMID><Article><ArticleTitle>X</ArticleTitle>"
      "</Article></MedlineCitation></PubmedArticle>"
      "<DeleteCitation><PMID>1</PMID></DeleteCitation>"
      "<PubmedArticle><MedlineCitation><PMID>123</PMID><Article><ArticleTitle/></Article>"
      "</MedlineCitation></PubmedArticle>"
      "<PubmedArticle><MedlineCitation><PMID>456</PMID><Article><ArticleTitle>Kept</ArticleTitle>"
      "</Article></MedlineCitation></PubmedArticle>");
  auto page = ParsePubmed(body, Ctx("origin.xml"));
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->papers.size(), 1u);
  EXPECT_EQ(page->papers[0].ids.pmid, "456");
  EXPECT_EQ(page->papers[0].listings[0].date, "2026-01-01");  // no dates at all
  ASSERT_EQ(page->rejected.size(), 2u);
  EXPECT_NE(page->rejected[0].message.find("origin.xml: record 1 at byte"), std::string::npos)
      << page->rejected[0].message;
  EXPECT_NE(page->rejected[0].message.find("no PMID"), std::string::npos);
  EXPECT_NE(page->rejected[1].message.find("record 2"), std::string::npos);
  EXPECT_NE(page->rejected[1].message.find("PMID 123: no title"), std::string::npos);
}

TEST(PubmedEfetch, AuthorsCollectiveNamesOrcidFormsAndInvalidEntries) {
  const std::string body = Wrap(R"(<PubmedArticle><MedlineCitation><PMID>1</PMID><Article>
    <ArticleTitle>[Title in <i>translation</i>].</ArticleTitle>
    <AuthorList>
      <Author ValidYN="Y"><LastName>Smith</LastName><Initials>JR</Initials><Suffix>Jr</Suffix>
        <Identifier Source="ORCID">https://orcid.org/0000-0002-1825-009x</Identifier></Author>
      <Author ValidYN="N"><LastName>Wrong</LastName><ForeName>Name</ForeName></Author>
      <Author><CollectiveName>COVID-19 <i>Genomics</i> Consortium</CollectiveName></Author>
      <Author><LastName>M&#xfc;ller</LastName><ForeName>Anna</ForeName>
        <Identifier Source="ORCID">000000021825009X</Identifier>
        <AffiliationInfo><Affiliation>Dept A &amp; B.</Affiliation></AffiliationInfo>
        <AffiliationInfo><Affiliation>Dept C.</Affiliation></AffiliationInfo></Author>
      <Author><ForeName>Nobody</ForeName></Author>
    </AuthorList></Article></MedlineCitation></PubmedArticle>)");
  auto page = ParsePubmed(body, Ctx("u"));
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->papers.size(), 1u);
  const Paper& p = page->papers[0];
  EXPECT_EQ(p.title, "[Title in translation].");
  ASSERT_EQ(p.authors.size(), 3u);
  EXPECT_EQ(p.authors[0].name, "JR Smith Jr");
  EXPECT_EQ(p.authors[0].orcid, "0000-0002-1825-009X");
  EXPECT_EQ(p.authors[1].name, "COVID-19 Genomics Consortium");
  EXPECT_EQ(p.authors[2].name, "Anna Müller");
  EXPECT_EQ(p.authors[2].orcid, "0000-0002-1825-009X");
  EXPECT_EQ(p.authors[2].affiliations, (std::vector<std::string>{"Dept A & B.", "Dept C."}));
}

TEST(PubmedEfetch, DateFormsAndFallbacks) {
  auto one = [](const std::string& journal_issue, const std::string& extra = "") {
    const std::string body = Wrap(
        "<PubmedArticle><MedlineCitation><PMID>7</PMID><Article><Journal><JournalIssue>" +
        journal_issue + "</JournalIssue><Title>J</Title></Journal><ArticleTitle>T</ArticleTitle>" +
        extra + "</Article></MedlineCitation></PubmedArticle>");
    auto page = ParsePubmed(body, ParseContext{});
    return page && page->papers.size() == 1 ? page->papers[0].published : std::string("<error>");
  };
  EXPECT_EQ(one("<PubDate><Year>2010</Year><Month>Jun</Month><Day>5</Day></PubDate>"),
            "2010-06-05");
  EXPECT_EQ(one("<PubDate><Year>2010</Year><Month>06</Month></PubDate>"), "2010-06-01");
  EXPECT_EQ(one("<PubDate><Year>2010</Year><Month>Feb</Month><Day>30</Day></PubDate>"),
            "2010-02-01");
  EXPECT_EQ(one("<PubDate><Year>2013</Year><Season>Jan-Mar</Season></PubDate>"), "2013-01-01");
  EXPECT_EQ(one("<PubDate><Year>2000</Year><Season>Winter</Season></PubDate>"), "2000-01-01");
  EXPECT_EQ(one("<PubDate><MedlineDate>2010 Jan-Feb</MedlineDate></PubDate>"), "2010-01-01");
  EXPECT_EQ(one("<PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate>"), "1998-12-01");
  EXPECT_EQ(one("<PubDate><MedlineDate>2001 Mar 15-21</MedlineDate></PubDate>"), "2001-03-15");
  EXPECT_EQ(one("<PubDate><MedlineDate>Spring 1999</MedlineDate></PubDate>"), "1999-01-01");
  EXPECT_EQ(one("<PubDate><MedlineDate>n.d.</MedlineDate></PubDate>"), "");
  EXPECT_EQ(one("<PubDate><Year>99</Year></PubDate>"), "");
  EXPECT_EQ(
      one("<PubDate><Year>2019</Year></PubDate>",
          "<ArticleDate "
          "DateType=\"Electronic\"><Year>2018</Year><Month>12</Month><Day>24</Day></ArticleDate>"),
      "2018-12-24");
}

TEST(PubmedEfetch, BookArticleIsParsedMinimally) {
  const std::string body = Wrap(R"(<PubmedBookArticle><BookDocument>
    <PMID Version="1">20301295</PMID>
    <ArticleIdList><ArticleId IdType="bookaccession">NBK1116</ArticleId></ArticleIdList>
    <Book><Publisher><PublisherName>University of Washington, Seattle</PublisherName></Publisher>
      <BookTitle book="gene">GeneReviews<sup>&#xae;</sup></BookTitle>
      <PubDate><Year>1993</Year></PubDate></Book>
    <ArticleTitle>Cystic Fibrosis</ArticleTitle>
    <AuthorList Type="authors"><Author><LastName>Ong</LastName><ForeName>Thida</ForeName></Author></AuthorList>
    <Abstract><AbstractText Label="CLINICAL CHARACTERISTICS">CF is a multisystem disease.</AbstractText>
      <AbstractText Label="DIAGNOSIS/TESTING">Sweat chloride.</AbstractText></Abstract>
    </BookDocument><PubmedBookData><History><PubMedPubDate PubStatus="entrez"><Year>2010</Year>
    <Month>3</Month><Day>20</Day></PubMedPubDate></History>
    <ArticleIdList><ArticleId IdType="pubmed">20301295</ArticleId><ArticleId IdType="doi">10.5555/NBK1116</ArticleId></ArticleIdList>
    </PubmedBookData></PubmedBookArticle>)");
  auto page = ParsePubmed(body, Ctx("u"));
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->papers.size(), 1u);
  const Paper& p = page->papers[0];
  EXPECT_EQ(p.ids.pmid, "20301295");
  EXPECT_EQ(p.ids.doi, "10.5555/nbk1116");
  EXPECT_EQ(p.title, "Cystic Fibrosis");
  EXPECT_EQ(p.journal, "GeneReviews®");
  EXPECT_EQ(p.type, "Book");
  EXPECT_EQ(p.publisher, "University of Washington, Seattle");
  EXPECT_EQ(p.published, "1993-01-01");
  EXPECT_EQ(
      p.abstract,
      "CLINICAL CHARACTERISTICS: CF is a multisystem disease.\nDIAGNOSIS/TESTING: Sweat chloride.");
  ASSERT_EQ(p.authors.size(), 1u);
  EXPECT_EQ(p.authors[0].name, "Thida Ong");
  EXPECT_EQ(p.listings[0].date, "2010-03-20");
}

TEST(PubmedEfetch, VernacularTitleAndOtherAbstractFallbacks) {
  const std::string body = Wrap(R"(<PubmedArticle><MedlineCitation><PMID>5</PMID><Article>
    <ArticleTitle></ArticleTitle><VernacularTitle>Titre fran&#xe7;ais.</VernacularTitle>
    </Article><OtherAbstract Type="Publisher" Language="fre"><AbstractText>R&#xe9;sum&#xe9;.</AbstractText></OtherAbstract>
    </MedlineCitation></PubmedArticle>)");
  auto page = ParsePubmed(body, Ctx("u"));
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->papers.size(), 1u);
  EXPECT_EQ(page->papers[0].title, "Titre français.");
  EXPECT_EQ(page->papers[0].abstract, "Résumé.");  // OtherAbstract when there is no Abstract
}

}  // namespace
}  // namespace ah::sources::pubmed
