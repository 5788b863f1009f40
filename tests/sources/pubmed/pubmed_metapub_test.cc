// The 40 single-PMID efetch documents saved by metapub (DTD 2025).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "sources/pubmed/pubmed.h"
#include "testing.h"

namespace ah::sources::pubmed {
namespace {

namespace fs = std::filesystem;
using ::ah::testing::ReadData;

Paper ParseOne(const std::string& pmid) {
  const std::string rel = "pubmed/metapub_efetch_pmid_xml/" + pmid + ".xml";
  ParseContext ctx;
  ctx.origin = rel;
  auto page = ParsePubmed(ReadData(rel), ctx);
  EXPECT_TRUE(page.has_value()) << rel;
  if (!page || page->papers.size() != 1) {
    ADD_FAILURE() << rel << ": expected one paper";
    return Paper{};
  }
  return page->papers[0];
}

TEST(PubmedMetapub, EveryDocumentParsesToItsPmid) {
  std::vector<std::string> pmids;
  for (const auto& e :
       fs::directory_iterator(::ah::testing::DataPath("pubmed/metapub_efetch_pmid_xml")))
    if (e.path().extension() == ".xml") pmids.push_back(e.path().stem().string());
  ASSERT_EQ(pmids.size(), 40u);
  for (const std::string& pmid : pmids) {
    SCOPED_TRACE(pmid);
    const std::string rel = "pubmed/metapub_efetch_pmid_xml/" + pmid + ".xml";
    ParseContext ctx;
    ctx.origin = rel;
    auto page = ParsePubmed(ReadData(rel), ctx);
    ASSERT_TRUE(page.has_value()) << page.error().ToString();
    EXPECT_TRUE(page->rejected.empty());
    ASSERT_EQ(page->papers.size(), 1u);
    const Paper& p = page->papers[0];
    EXPECT_EQ(p.ids.pmid, pmid);
    EXPECT_FALSE(p.title.empty());
    EXPECT_EQ(p.title.find('<'), std::string::npos) << p.title;
    EXPECT_FALSE(p.ids.doi.empty());  // every one of these carries a DOI
    EXPECT_FALSE(p.journal.empty());
    EXPECT_FALSE(p.authors.empty());
    EXPECT_EQ(p.published.size(), 10u) << p.published;
    ASSERT_EQ(p.listings.size(), 1u);
    EXPECT_EQ(p.listings[0].source, "pubmed");
    EXPECT_EQ(p.listings[0].announce_type, "published");
    EXPECT_EQ(p.listings[0].date.size(), 10u);
    EXPECT_EQ(p.listings[0].channel, p.journal);
    EXPECT_EQ(p.url, "https://pubmed.ncbi.nlm.nih.gov/" + pmid + "/");
  }
}

TEST(PubmedMetapub, YearOnlyPubDateAndMesh) {
  Paper p = ParseOne("11618220");
  EXPECT_EQ(p.title,
            "Eroticism in late Ming, early Qing fiction: the beauteous realm and the sexual "
            "battlefield.");
  EXPECT_EQ(p.ids.doi, "10.1163/156853287x00032");
  EXPECT_EQ(p.journal, "T'ung pao. T'oung pao");
  EXPECT_EQ(p.volume, "73");
  EXPECT_EQ(p.issue, "4-5");
  EXPECT_EQ(p.pages, "217-264");
  EXPECT_EQ(p.published, "1987-01-01");
  EXPECT_EQ(p.type, "Historical Article");
  EXPECT_EQ(p.issns, (std::vector<std::string>{"0082-5433"}));
  EXPECT_EQ(p.categories,
            (std::vector<std::string>{"China", "History, Early Modern 1451-1600",
                                      "History, Modern 1601-", "Literature", "Sexual Behavior"}));
  ASSERT_EQ(p.authors.size(), 1u);
  EXPECT_EQ(p.authors[0].name, "K McMahon");
  EXPECT_TRUE(p.abstract.empty());
}

TEST(PubmedMetapub, StructuredAbstractSeasonDateAndAccents) {
  Paper p = ParseOne("23657305");
  EXPECT_EQ(p.title, "Hfe mutations and iron overload in patients with alcoholic liver disease.");
  EXPECT_EQ(p.published, "2013-01-01");  // Season "Jan-Mar", no ArticleDate
  EXPECT_EQ(p.submitted, "2012-08-17");
  EXPECT_EQ(p.listings[0].date, "2013-05-10");
  EXPECT_EQ(p.authors[0].name, "Luís Costa-Matos");
  EXPECT_EQ(p.authors[4].name, "Fernando Girão");
  EXPECT_EQ(p.issns, (std::vector<std::string>{"1678-4219", "0004-2803"}));
  EXPECT_EQ(p.abstract.rfind("CONTEXT: Alcoholic liver disease (ALD) is generally associated", 0),
            0u);
  EXPECT_NE(p.abstract.find("\nOBJECTIVES: To compare the prevalence"), std::string::npos);
  EXPECT_NE(p.abstract.find("both P<0.05"), std::string::npos);
  EXPECT_NE(p.abstract.find("\nCONCLUSION: s ALD patients"), std::string::npos);
}

TEST(PubmedMetapub, OrcidArticleDateAndReviewType) {
  Paper p = ParseOne("32437181");
  EXPECT_EQ(p.title, "Risk and resilience in family well-being during the COVID-19 pandemic.");
  EXPECT_EQ(p.ids.doi, "10.1037/amp0000660");
  EXPECT_EQ(p.published, "2020-05-21");
  EXPECT_EQ(p.type, "Review");
  EXPECT_EQ(p.journal, "The American psychologist");
  EXPECT_EQ(p.volume, "75");
  EXPECT_EQ(p.pages, "631-643");
  ASSERT_EQ(p.authors.size(), 3u);
  EXPECT_EQ(p.authors[0].name, "Heather Prime");
  EXPECT_EQ(p.authors[0].orcid, "0000-0001-7387-0398");
  EXPECT_EQ(p.authors[0].affiliations,
            (std::vector<std::string>{"Offord Centre for Child Studies."}));
  EXPECT_EQ(p.authors[1].orcid, "");
  EXPECT_EQ(p.listings[0].date, "2020-05-22");
  EXPECT_EQ(p.abstract.rfind("The COVID-19 pandemic poses an acute threat", 0), 0u);
}

TEST(PubmedMetapub, InlineBoldLabelsInUnstructuredAbstract) {
  Paper p = ParseOne("33119379");
  EXPECT_EQ(p.abstract.rfind("Purpose/Objective: To describe the psychometrics", 0), 0u)
      << p.abstract.substr(0, 80);
  EXPECT_NE(p.abstract_raw.find("<b><i>Purpose/Objective:</i></b>"), std::string::npos);
  EXPECT_EQ(p.authors[0].orcid, "0000-0002-3879-6054");
}

TEST(PubmedMetapub, PmcidAndKeywordsWithoutMesh) {
  Paper p = ParseOne("24349601");
  EXPECT_EQ(p.ids.pmcid, "PMC3858957");
  EXPECT_EQ(p.ids.doi, "10.1037/a0030292");  // from ELocationID / ArticleIdList
  EXPECT_EQ(p.title, "Genes, Economics, and Happiness.");
  EXPECT_EQ(p.published, "2012-11-01");
  EXPECT_EQ(p.categories,
            (std::vector<std::string>{"5-HTTLPR", "genetic association", "life satisfaction",
                                      "rs2020933", "serotonin transporter gene", "twin study"}));
  EXPECT_EQ(p.authors[0].name, "Jan-Emmanuel De Neve");
}

}  // namespace
}  // namespace ah::sources::pubmed
