#include <gtest/gtest.h>

#include <string>

#include "sources/arxiv/arxiv.h"
#include "testing.h"

namespace ah::sources::arxiv {
namespace {

ParsedPage ParseOk(const std::string& file) {
  ParseContext ctx;
  ctx.origin = file;
  auto r = ParseArxivOai(testing::ReadData("arxiv_oai/" + file), ctx);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString());
  return r ? *r : ParsedPage{};
}

const Paper* Find(const ParsedPage& page, const std::string& id) {
  for (const Paper& p : page.papers)
    if (p.ids.arxiv == id) return &p;
  return nullptr;
}

std::vector<std::string> Names(const Paper& p) {
  std::vector<std::string> out;
  for (const auto& a : p.authors) out.push_back(a.name);
  return out;
}

TEST(ArxivOai, ArxivFormatHepExRecords) {
  ParsedPage page = ParseOk("arxiv_oai_listrecords_arXiv_hep-ex.xml");
  ASSERT_EQ(page.papers.size(), 3u);
  EXPECT_FALSE(page.next_cursor.has_value());
  EXPECT_EQ(page.total, -1);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.arxiv, "1706.05371");
  EXPECT_EQ(p.title,
            "Evaluation of Silicon Photomultipliers for use as Photosensors in Liquid Xenon "
            "Detectors");
  ASSERT_EQ(p.authors.size(), 13u);
  EXPECT_EQ(p.authors[0].name, "Tyler Anderson");
  EXPECT_EQ(p.authors.back().name, "Mani Tripathi");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"physics.ins-det", "hep-ex"}));
  EXPECT_EQ(p.primary_category, "physics.ins-det");
  EXPECT_EQ(p.submitted, "2017-06-16");
  EXPECT_EQ(p.updated, "2017-12-12");
  ASSERT_EQ(p.versions.size(), 1u);
  EXPECT_EQ(p.versions[0].number, 1);
  EXPECT_EQ(p.versions[0].date, "2017-06-16");
  EXPECT_EQ(p.comments, "10 pages, 9 figures");
  EXPECT_EQ(p.license, "http://arxiv.org/licenses/nonexclusive-distrib/1.0/");
  EXPECT_EQ(p.abstract.rfind("Silicon photomultipliers (SiPMs) are potential solid-state", 0), 0u);
  EXPECT_EQ(p.url, "https://arxiv.org/abs/1706.05371");
  EXPECT_EQ(p.pdf_url, "https://arxiv.org/pdf/1706.05371");
  ASSERT_EQ(p.listings.size(), 1u);
  EXPECT_EQ(p.listings[0], (Listing{"arxiv", "2017-12-14", "oai", "physics:hep-ex"}));

  const Paper& q = page.papers[1];
  EXPECT_EQ(q.ids.arxiv, "1706.09418");
  EXPECT_EQ(q.title, "R-Parity Violation at the LHC");
  EXPECT_EQ(q.published_doi, "10.1140/epjc/s10052-017-5414-4");
  EXPECT_TRUE(q.ids.doi.empty());
  EXPECT_EQ(q.journal_ref, "Eur. Phys. J. C (2017) 77:856");
  EXPECT_EQ(q.authors[2].name, "Manuel E. Krauss");
  EXPECT_EQ(q.comments,
            "43 pages, 13 tables, 17 figures; updated Figs. 11-17 and Tab. 12 including NLO "
            "corrections; version accepted for publication in EPJC");
  // LaTeX kept in titles and abstracts.
  EXPECT_EQ(page.papers[2].title,
            "Implications of right-handed neutrinos in $B-L$ extended standard model with scalar "
            "dark matter");
}

TEST(ArxivOai, ArxivFormatHepThRecords) {
  ParsedPage page = ParseOk("arxiv_oai_listrecords_arXiv_hep-th.xml");
  ASSERT_EQ(page.papers.size(), 3u);
  EXPECT_EQ(page.papers[0].ids.arxiv, "1412.8323");
  EXPECT_EQ(page.papers[0].license, "http://creativecommons.org/licenses/by/4.0/");
  EXPECT_EQ(page.papers[0].authors[0].name, "Philipp A Hoehn");
  EXPECT_EQ(page.papers[0].categories.size(), 6u);
  EXPECT_EQ(page.papers[0].listings[0].channel, "physics:hep-th");
  EXPECT_EQ(page.papers[1].published_doi, "10.1088/1751-8121/aa9c53");
  EXPECT_EQ(page.papers[1].journal_ref, "J. Phys. A: Math. Theor. 51 (2018) 035201");
  EXPECT_EQ(page.papers[2].published_doi, "10.1002/andp.201700188");
  EXPECT_EQ(Names(page.papers[2]).front(), "R. A. C. Correa");
}

TEST(ArxivOai, ArxivRawVersionHistoryAndAuthorString) {
  ParsedPage page = ParseOk("arxiv_oai_getrecord_arXivRaw.xml");
  ASSERT_EQ(page.papers.size(), 1u);
  EXPECT_FALSE(page.next_cursor.has_value());
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.arxiv, "1302.2146");
  EXPECT_EQ(p.title, "The Same-Sign Dilepton Signature of RPV/MFV SUSY");
  EXPECT_EQ(Names(p), (std::vector<std::string>{"Joshua Berger", "Maxim Perelstein",
                                                "Michael Saelim", "Philip Tanedo"}));
  ASSERT_EQ(p.versions.size(), 2u);
  EXPECT_EQ(p.versions[0].number, 1);
  EXPECT_EQ(p.versions[0].date, "2013-02-08");
  EXPECT_EQ(p.versions[1].number, 2);
  EXPECT_EQ(p.versions[1].date, "2013-04-02");
  EXPECT_EQ(p.submitted, "2013-02-08");
  EXPECT_EQ(p.updated, "2013-04-02");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"hep-ph", "hep-ex"}));
  EXPECT_EQ(p.comments, "18 pages, 6 figures; v2: References added");
  EXPECT_EQ(p.pdf_url, "https://arxiv.org/pdf/1302.2146v2");
  EXPECT_EQ(p.abstract.rfind("The lack of observation of superpartners at the Large Hadron", 0),
            0u);
  EXPECT_EQ(p.listings[0], (Listing{"arxiv", "2013-04-03", "oai", "physics:hep-ex"}));
}

TEST(ArxivOai, ArxivRawResumptionPage) {
  ParsedPage page = ParseOk("arxiv_oai_listrecords_arXivRaw_resumption.xml");
  ASSERT_EQ(page.papers.size(), 6u);
  ASSERT_TRUE(page.next_cursor.has_value());
  EXPECT_EQ(*page.next_cursor, "726959|1001");
  EXPECT_EQ(page.total, 58011);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.arxiv, "0704.0471");
  // "D.V. Shetty, S.J. Yennello, and G.A. Souliotis"
  EXPECT_EQ(Names(p), (std::vector<std::string>{"D.V. Shetty", "S.J. Yennello", "G.A. Souliotis"}));
  // Two DOIs (article and erratum): the first one is the published version.
  EXPECT_EQ(p.published_doi, "10.1103/physrevc.76.024606");
  EXPECT_EQ(p.journal_ref, "Phys.Rev.C76:024606,2007; Erratum-ibid.C76:039902,2007");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"nucl-ex", "nucl-th"}));
  EXPECT_EQ(p.listings[0].channel, "physics:nucl-ex");
  const Paper& q = page.papers[1];
  EXPECT_EQ(q.ids.arxiv, "0704.0716");
  ASSERT_EQ(q.versions.size(), 4u);
  EXPECT_EQ(q.versions[2].number, 3);
  EXPECT_EQ(q.versions[2].date, "2008-02-29");
  EXPECT_EQ(q.versions[3].number, 4);
  EXPECT_EQ(q.versions[3].date, "2008-11-14");
  EXPECT_EQ(q.updated, "2008-11-14");
  EXPECT_EQ(q.pdf_url, "https://arxiv.org/pdf/0704.0716v4");
  EXPECT_EQ(q.submitted, "2007-04-05");
}

TEST(ArxivOai, ArxivRawThousandRecordsWithTexAuthors) {
  ParsedPage page = ParseOk("arxiv_oai_listrecords_arXivRaw_1000rec_2014.xml");
  EXPECT_EQ(page.papers.size(), 1000u);
  EXPECT_TRUE(page.rejected.empty());
  EXPECT_EQ(page.next_cursor.value_or(""), "496549|96001");
  EXPECT_EQ(page.total, 907096);
  EXPECT_EQ(page.papers.front().ids.arxiv, "0811.3648");
  EXPECT_EQ(page.papers.back().ids.arxiv, "0811.4647");
  EXPECT_EQ(page.papers.back().versions.size(), 2u);

  const Paper* valko = Find(page, "0811.3706");
  ASSERT_NE(valko, nullptr);
  EXPECT_EQ(Names(*valko),
            (std::vector<std::string>{"Gideon Amir", "Omer Angel", "Benedek Valkó"}));
  // "Wei Wang, Yue-Long Shen, and Cai-Dian L\"u (IHEP, CAS)"
  const Paper* wang = Find(page, "0811.3748");
  ASSERT_NE(wang, nullptr);
  ASSERT_EQ(wang->authors.size(), 3u);
  EXPECT_EQ(wang->authors[2].name, "Cai-Dian Lü");
  EXPECT_EQ(wang->authors[2].affiliations, (std::vector<std::string>{"IHEP, CAS"}));
  EXPECT_EQ(wang->authors[0].affiliations, (std::vector<std::string>{"IHEP, CAS"}));
  const Paper* devismes = Find(page, "0811.3760");
  ASSERT_NE(devismes, nullptr);
  EXPECT_EQ(devismes->authors[0].name, "Stéphane Devismes");
}

TEST(ArxivOai, ArxivFormatThousandRecordsWithSuffixes) {
  ParsedPage page = ParseOk("arxiv_oai_listrecords_arXiv_1000rec_2013.xml");
  // One record's author list holds a stray ")" author, which is dropped, not rejected.
  EXPECT_EQ(page.papers.size(), 1000u);
  EXPECT_TRUE(page.rejected.empty());
  EXPECT_EQ(page.next_cursor.value_or(""), "436115|96001");
  EXPECT_EQ(page.total, 846926);
  const Paper* sugon = Find(page, "0811.3680");
  ASSERT_NE(sugon, nullptr);
  EXPECT_EQ(sugon->authors[0].name, "Quirino M. Sugon Jr.");
  const Paper* oemler = Find(page, "0811.4425");
  ASSERT_NE(oemler, nullptr);
  bool found = false;
  for (const Author& a : oemler->authors) {
    if (a.name == "A. Oemler Jr") {
      found = true;
      EXPECT_EQ(a.affiliations, (std::vector<std::string>{"Carnegie Observatories, Pasadena"}));
    }
  }
  EXPECT_TRUE(found);
  for (const Paper& p : page.papers) {
    for (const Author& a : p.authors) EXPECT_NE(a.name, ")") << p.ids.arxiv;
  }
  const Paper& first = page.papers.front();
  EXPECT_EQ(first.ids.arxiv, "0811.3648");
  EXPECT_EQ(first.submitted, "2008-11-21");
  EXPECT_EQ(first.updated, "2009-04-08");
}

TEST(ArxivOai, CsFirstPage2016) {
  ParsedPage page = ParseOk("arxiv_oai_listrecords_arXiv_cs_first_page_2016.xml");
  EXPECT_EQ(page.papers.size(), 1000u);
  EXPECT_EQ(page.next_cursor.value_or(""), "1122234|1001");
  EXPECT_EQ(page.total, 102538);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.arxiv, "0704.0002");
  EXPECT_EQ(p.title, "Sparsity-certifying Graph Decompositions");
  EXPECT_EQ(Names(p), (std::vector<std::string>{"Ileana Streinu", "Louis Theran"}));
  EXPECT_EQ(p.categories, (std::vector<std::string>{"math.CO", "cs.CG"}));
  EXPECT_EQ(p.comments, "To appear in Graphs and Combinatorics");
  EXPECT_EQ(p.abstract.rfind("We describe a new algorithm, the $(k,\\ell)$-pebble game", 0), 0u);
  EXPECT_EQ(p.listings[0], (Listing{"arxiv", "2008-12-13", "oai", "cs"}));
  const Paper& q = page.papers[1];
  EXPECT_EQ(q.ids.arxiv, "0704.0046");
  EXPECT_EQ(q.published_doi, "10.1063/1.2779138");
  EXPECT_EQ(q.journal_ref, "J. Math. Phys. 48(2007), 092102.");
  EXPECT_EQ(q.primary_category, "quant-ph");
  // No <updated>: only one version, so updated = created.
  EXPECT_EQ(q.submitted, "2007-04-01");
  EXPECT_EQ(q.updated, "2007-04-01");
  EXPECT_EQ(page.papers.back().ids.arxiv, "0708.2571");
}

TEST(ArxivOai, EmptyFinalResumptionTokenEndsTheList) {
  ParsedPage page = ParseOk("arxiv_oai_listrecords_arXiv_cs_last_page_empty_token_2016.xml");
  EXPECT_EQ(page.papers.size(), 538u);
  EXPECT_FALSE(page.next_cursor.has_value());
  EXPECT_EQ(page.total, 102538);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.arxiv, "math/0611918");
  EXPECT_EQ(p.title, "Solving random equations in Garside groups using length functions");
  EXPECT_EQ(p.pdf_url, "https://arxiv.org/pdf/math/0611918");
  const Paper& q = page.papers[1];
  EXPECT_EQ(q.ids.arxiv, "math/0611937");
  ASSERT_EQ(q.authors.size(), 1u);
  EXPECT_EQ(q.authors[0].name, "Karl Schlechta");
  EXPECT_EQ(q.authors[0].affiliations, (std::vector<std::string>{"LIF"}));
  EXPECT_EQ(page.papers.back().ids.arxiv, "quant-ph/9912100");
  EXPECT_EQ(page.papers.back().categories.size(), 6u);
}

TEST(ArxivOai, NoRecordsMatchIsAnEmptyPage) {
  ParsedPage page = ParseOk("arxiv_oai_error_noRecordsMatch.xml");
  EXPECT_TRUE(page.papers.empty());
  EXPECT_TRUE(page.rejected.empty());
  EXPECT_FALSE(page.next_cursor.has_value());
  EXPECT_EQ(page.total, 0);
}

TEST(ArxivOai, BadResumptionTokenIsInvalidArgument) {
  ParseContext ctx;
  ctx.origin = "https://oaipmh.arxiv.org/oai?verb=ListRecords&resumptionToken=3";
  auto r =
      ParseArxivOai(testing::ReadData("arxiv_oai/arxiv_oai_error_badResumptionToken.xml"), ctx);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kInvalidArgument);
  EXPECT_NE(r.error().message.find("badResumptionToken"), std::string::npos);
  EXPECT_NE(r.error().message.find("The resumptionToken supplied is illegal"), std::string::npos);
  EXPECT_NE(r.error().message.find(ctx.origin), std::string::npos);
}

TEST(ArxivOai, DeletedRecordsAreSkipped) {
  std::string body = R"(<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>
<record><header status="deleted"><identifier>oai:arXiv.org:0704.0001</identifier>
<datestamp>2020-01-01</datestamp></header></record>
<record><header><identifier>oai:arXiv.org:0704.0002</identifier><datestamp>2020-01-02</datestamp>
<setSpec>cs</setSpec></header><metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/">
<id>0704.0002</id><created>2007-03-30</created><title>T</title></arXiv></metadata></record>
<resumptionToken cursor="0">abc|1001</resumptionToken></ListRecords></OAI-PMH>)";
  auto r = ParseArxivOai(body, {});
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->papers.size(), 1u);
  EXPECT_TRUE(r->rejected.empty());
  EXPECT_EQ(r->papers[0].ids.arxiv, "0704.0002");
  EXPECT_EQ(r->next_cursor.value_or(""), "abc|1001");
  EXPECT_EQ(r->total, -1);  // the new OAI endpoint no longer reports completeListSize
}

TEST(ArxivOai, RecordWithoutIdIsRejectedOthersKept) {
  std::string body = R"(<OAI-PMH><ListRecords>
<record><header><identifier>oai:elsewhere:x</identifier></header><metadata><arXiv>
<title>No id</title></arXiv></metadata></record>
<record><header><identifier>oai:arXiv.org:0704.0003</identifier></header><metadata><arXivRaw>
<id>0704.0003</id><title>Fine</title><authors>A. One and B. Two</authors></arXivRaw></metadata></record>
<record><header><identifier>oai:arXiv.org:0704.0004</identifier></header><metadata><oai_dc/></metadata></record>
</ListRecords></OAI-PMH>)";
  ParseContext ctx;
  ctx.origin = "oai-page-7";
  ctx.default_date = "2026-06-01";
  auto r = ParseArxivOai(body, ctx);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->papers.size(), 1u);
  EXPECT_EQ(r->papers[0].ids.arxiv, "0704.0003");
  EXPECT_EQ(r->papers[0].listings[0].date, "2026-06-01");
  ASSERT_EQ(r->rejected.size(), 2u);
  EXPECT_NE(r->rejected[0].message.find("oai-page-7: record 0"), std::string::npos);
  EXPECT_NE(r->rejected[1].message.find("record 2"), std::string::npos);
  EXPECT_NE(r->rejected[1].message.find("oai_dc"), std::string::npos);
}

TEST(ArxivOai, OtherOaiErrorsNameTheCode) {
  std::string body = R"(<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<error code="cannotDisseminateFormat">Format foo not supported</error></OAI-PMH>)";
  auto r = ParseArxivOai(body, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kInvalidArgument);
  EXPECT_NE(r.error().message.find("cannotDisseminateFormat"), std::string::npos);
  EXPECT_NE(r.error().message.find("Format foo not supported"), std::string::npos);
}

}  // namespace
}  // namespace ah::sources::arxiv
