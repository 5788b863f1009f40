#include <gtest/gtest.h>

#include <string>

#include "sources/arxiv/arxiv.h"
#include "testing.h"

namespace ah::sources::arxiv {
namespace {

ParsedPage ParseOk(const std::string& file) {
  ParseContext ctx;
  ctx.origin = file;
  auto r = ParseArxivApi(testing::ReadData("arxiv_api/" + file), ctx);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString());
  return r ? *r : ParsedPage{};
}

std::vector<std::string> Names(const Paper& p) {
  std::vector<std::string> out;
  for (const auto& a : p.authors) out.push_back(a.name);
  return out;
}

TEST(ArxivApi, IdListSingleEntry) {
  ParsedPage page = ParseOk("arxiv_api_2026_id_list_single.xml");
  ASSERT_EQ(page.papers.size(), 1u);
  EXPECT_EQ(page.total, 1);
  EXPECT_FALSE(page.next_cursor.has_value());
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.arxiv, "1707.08567");
  EXPECT_EQ(p.title,
            "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications");
  ASSERT_EQ(p.authors.size(), 34u);
  EXPECT_EQ(p.authors[0].name, "Kees A. Schouhamer Immink");
  EXPECT_EQ(p.authors.back().name, "Hirosuke Yamamoto");
  EXPECT_EQ(p.primary_category, "cs.IT");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"cs.IT"}));
  EXPECT_EQ(p.submitted, "2017-07-27");
  EXPECT_EQ(p.updated, "2017-07-27");
  ASSERT_EQ(p.versions.size(), 1u);
  EXPECT_EQ(p.versions[0].number, 1);
  EXPECT_EQ(p.versions[0].date, "2017-07-27");
  EXPECT_EQ(p.comments, "44 pages, editors for the proceedings: Yanling Chen and A. J. Han Vinck");
  EXPECT_EQ(
      p.abstract.rfind("The 10th Asia-Europe workshop in \"Concepts in Information Theory", 0), 0u);
  EXPECT_EQ(p.url, "https://arxiv.org/abs/1707.08567v1");
  EXPECT_EQ(p.pdf_url, "https://arxiv.org/pdf/1707.08567v1");
  ASSERT_EQ(p.listings.size(), 1u);
  EXPECT_EQ(p.listings[0], (Listing{"arxiv", "2017-07-27", "api", "cs.IT"}));
}

TEST(ArxivApi, OldStyleIdWithAffiliationsAndJournalRef) {
  ParsedPage page = ParseOk("arxiv_api_2026_id_list_oldstyle_id.xml");
  ASSERT_EQ(page.papers.size(), 1u);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.arxiv, "astro-ph/0601001");
  EXPECT_EQ(p.title.rfind("Frequency of Hot Jupiters and Very Hot Jupiters", 0), 0u);
  ASSERT_EQ(p.authors.size(), 4u);
  EXPECT_EQ(p.authors[0].name, "Andrew Gould");
  EXPECT_EQ(p.authors[0].affiliations, (std::vector<std::string>{"Ohio State"}));
  EXPECT_EQ(p.authors[2].name, "B. Scott Gaudi");
  EXPECT_EQ(p.authors[2].affiliations, (std::vector<std::string>{"CfA"}));
  EXPECT_EQ(p.authors[3].affiliations, (std::vector<std::string>{"Warsaw University Observatory"}));
  EXPECT_EQ(p.journal_ref, "ActaAstron.56:1-50,2006");
  EXPECT_EQ(p.primary_category, "astro-ph");
  EXPECT_EQ(p.submitted, "2006-01-02");
  // Entities decoded, abstract trimmed; LaTeX-ish text kept.
  EXPECT_EQ(p.abstract.rfind("We derive the frequencies of hot Jupiters (HJs)", 0), 0u);
  EXPECT_NE(p.abstract.find("Gould & Morgan (2003)"), std::string::npos);
  EXPECT_NE(p.abstract.find("V_max<17.5"), std::string::npos);
  EXPECT_EQ(p.abstract_raw.rfind("We derive", 0), 0u);
  EXPECT_EQ(p.pdf_url, "https://arxiv.org/pdf/astro-ph/0601001v1");
}

TEST(ArxivApi, LegacyFormWithInlineNamespaces) {
  ParsedPage page = ParseOk("arxiv_api_legacy_2016_id_list.xml");
  ASSERT_EQ(page.papers.size(), 1u);
  EXPECT_EQ(page.total, 1);
  EXPECT_FALSE(page.next_cursor.has_value());
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.arxiv, "1111.2011");
  EXPECT_EQ(p.title,
            "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity "
            "Limit");
  EXPECT_EQ(Names(p), (std::vector<std::string>{"James M. Murray", "Adrian Del Maestro",
                                                "Zlatko Tesanovic"}));
  EXPECT_EQ(p.published_doi, "10.1103/physrevb.85.115117");
  EXPECT_TRUE(p.ids.doi.empty());
  EXPECT_EQ(p.journal_ref, "Phys. Rev. B 85, 115117 (2012)");
  EXPECT_EQ(p.comments, "8 pages, 3 figures. Published version");
  EXPECT_EQ(p.primary_category, "cond-mat.str-el");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"cond-mat.str-el", "cond-mat.stat-mech"}));
  EXPECT_EQ(p.submitted, "2011-11-08");
  EXPECT_EQ(p.updated, "2012-04-02");
  ASSERT_EQ(p.versions.size(), 2u);
  EXPECT_EQ(p.versions[0].number, 1);
  EXPECT_EQ(p.versions[0].date, "2011-11-08");
  EXPECT_EQ(p.versions[1].number, 2);
  EXPECT_EQ(p.versions[1].date, "2012-04-02");
  EXPECT_EQ(p.url, "http://arxiv.org/abs/1111.2011v2");
  EXPECT_EQ(p.pdf_url, "http://arxiv.org/pdf/1111.2011v2");
  EXPECT_EQ(p.abstract.rfind("Theoretical description of anisotropic systems, such as layered "
                             "superconductors",
                             0),
            0u);
  EXPECT_EQ(p.listings[0].date, "2012-04-02");
}

TEST(ArxivApi, LegacySearchPagesHaveNextCursor) {
  for (const char* f : {"arxiv_api_legacy_2016_search_au_del_maestro.xml",
                        "arxiv_api_legacy_2016_search_andnot.xml"}) {
    ParsedPage page = ParseOk(f);
    ASSERT_EQ(page.papers.size(), 10u) << f;
    ASSERT_TRUE(page.next_cursor.has_value()) << f;
    EXPECT_EQ(*page.next_cursor, "10");
    const Paper& p = page.papers[0];
    EXPECT_EQ(p.ids.arxiv, "1201.4869");
    EXPECT_EQ(p.title, "A Luttinger Liquid Core Inside Helium-4 Filled Nanopores");
    EXPECT_EQ(p.published_doi, "10.1142/s021797921244002x");
    EXPECT_EQ(p.journal_ref, "Int. J. Mod. Phys. B, 26, 1244002 (2012)");
    EXPECT_EQ(p.primary_category, "cond-mat.mes-hall");
    EXPECT_EQ(page.papers[1].ids.arxiv, "cond-mat/0412498");
    EXPECT_EQ(Names(page.papers[1]),
              (std::vector<std::string>{"Adrian Del Maestro", "Subir Sachdev"}));
  }
  EXPECT_EQ(ParseOk("arxiv_api_legacy_2016_search_au_del_maestro.xml").total, 31);
  EXPECT_EQ(ParseOk("arxiv_api_legacy_2016_search_andnot.xml").total, 24);
}

TEST(ArxivApi, PaginationFromStartIndex) {
  ParsedPage page = ParseOk("arxiv_api_2026_search_testing_start10_m10.xml");
  ASSERT_EQ(page.papers.size(), 10u);
  EXPECT_EQ(page.total, 214881);
  ASSERT_TRUE(page.next_cursor.has_value());
  EXPECT_EQ(*page.next_cursor, "20");
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.arxiv, "2403.16981");
  EXPECT_EQ(p.title, "The Sample Complexity of Simple Binary Hypothesis Testing");
  EXPECT_EQ(p.submitted, "2024-03-25");
  EXPECT_EQ(p.updated, "2025-05-24");
  ASSERT_EQ(p.versions.size(), 2u);
  EXPECT_EQ(p.versions[1].number, 2);
  EXPECT_EQ(p.versions[1].date, "2025-05-24");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"math.ST", "cs.IT", "stat.ML"}));
  EXPECT_EQ(Names(p), (std::vector<std::string>{"Ankit Pensia", "Varun Jog", "Po-Ling Loh"}));
  EXPECT_EQ(page.papers[1].ids.arxiv, "2004.03322");
  EXPECT_EQ(page.papers[1].comments, "This work is relevant for COVID-19 testing");
}

TEST(ArxivApi, HundredEntriesWithDoisAndAffiliations) {
  ParsedPage page = ParseOk("arxiv_api_2026_search_all_testing_100.xml");
  ASSERT_EQ(page.papers.size(), 100u);
  EXPECT_TRUE(page.rejected.empty());
  EXPECT_EQ(page.total, 214881);
  EXPECT_EQ(page.next_cursor.value_or(""), "100");
  int with_doi = 0, with_primary = 0, with_journal = 0, with_comment = 0;
  const Paper* gaudel = nullptr;
  for (const Paper& p : page.papers) {
    with_doi += !p.published_doi.empty();
    with_primary += !p.primary_category.empty();
    with_journal += !p.journal_ref.empty();
    with_comment += !p.comments.empty();
    EXPECT_TRUE(p.ids.doi.empty());
    if (p.ids.arxiv == "0804.0970") gaudel = &p;
  }
  EXPECT_EQ(with_doi, 32);
  EXPECT_EQ(with_primary, 100);
  EXPECT_EQ(with_journal, 18);
  EXPECT_EQ(with_comment, 97);
  const Paper& p0 = page.papers[0];
  EXPECT_EQ(p0.ids.arxiv, "2202.12139");
  EXPECT_EQ(p0.published_doi, "10.1109/icstw55395.2022.00035");
  EXPECT_EQ(p0.primary_category, "cs.SE");
  ASSERT_NE(gaudel, nullptr);
  ASSERT_GE(gaudel->authors.size(), 2u);
  EXPECT_EQ(gaudel->authors[0].name, "Marie-Claude Gaudel");
  EXPECT_EQ(gaudel->authors[0].affiliations, (std::vector<std::string>{"LRI"}));
  EXPECT_EQ(gaudel->authors[1].affiliations, (std::vector<std::string>{"IBISC"}));
}

TEST(ArxivApi, RecentCategoryQueries) {
  ParsedPage a = ParseOk("arxiv_api_2026_recent_cs_AI_LG_CL_25.xml");
  ASSERT_EQ(a.papers.size(), 25u);
  EXPECT_EQ(a.total, 449736);
  EXPECT_EQ(a.next_cursor.value_or(""), "25");
  EXPECT_EQ(a.papers[0].ids.arxiv, "2607.28628");
  EXPECT_EQ(a.papers[0].title, "Learning to Trace Seiberg Dualities");
  EXPECT_EQ(a.papers[0].primary_category, "hep-th");
  EXPECT_EQ(a.papers[0].categories,
            (std::vector<std::string>{"hep-th", "cs.AI", "cs.LG", "hep-ph"}));
  EXPECT_EQ(a.papers[0].authors[0].name, "Jonathan J. Heckman");
  EXPECT_EQ(a.papers[0].listings[0], (Listing{"arxiv", "2026-07-30", "api", "hep-th"}));

  ParsedPage b = ParseOk("arxiv_api_2026_recent_cs_LG_AI_20.xml");
  ASSERT_EQ(b.papers.size(), 20u);
  EXPECT_EQ(b.total, 364218);
  EXPECT_EQ(b.papers[0].ids.arxiv, "2604.26951");
  EXPECT_EQ(b.papers[0].title.rfind("Turning the TIDE: Cross-Architecture Distillation", 0), 0u);
  EXPECT_EQ(b.papers[0].abstract.rfind("Diffusion large language models (dLLMs)", 0), 0u);
  EXPECT_EQ(b.papers[1].categories,
            (std::vector<std::string>{"cs.LG", "math.ST", "q-bio.GN", "stat.ME", "stat.ML"}));
}

TEST(ArxivApi, EmptyResultIsNotAnError) {
  ParsedPage page = ParseOk("arxiv_api_2026_empty_result.xml");
  EXPECT_TRUE(page.papers.empty());
  EXPECT_TRUE(page.rejected.empty());
  EXPECT_EQ(page.total, 0);
  EXPECT_FALSE(page.next_cursor.has_value());
}

TEST(ArxivApi, ErrorFeedBecomesInvalidArgumentWithServerMessage) {
  ParseContext ctx;
  ctx.origin = "http://export.arxiv.org/api/query?id_list=abc";
  auto r =
      ParseArxivApi(testing::ReadData("arxiv_api/arxiv_api_2026_error_http400_bad_id.xml"), ctx);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kInvalidArgument);
  EXPECT_NE(r.error().message.find("incorrect id format for abc"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find(ctx.origin), std::string::npos);
}

TEST(ArxivApi, LastPageHasNoCursor) {
  std::string body = R"(<feed xmlns="http://www.w3.org/2005/Atom"
      xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
    <opensearch:totalResults>11</opensearch:totalResults>
    <opensearch:startIndex>10</opensearch:startIndex>
    <opensearch:itemsPerPage>10</opensearch:itemsPerPage>
    <entry><id>http://arxiv.org/abs/2401.00001v1</id><title>T</title>
      <published>2024-01-01T00:00:00Z</published><updated>2024-01-01T00:00:00Z</updated></entry>
  </feed>)";
  auto r = ParseArxivApi(body, {});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->papers.size(), 1u);
  EXPECT_FALSE(r->next_cursor.has_value());
  // Categories fall back to the first <category> for the primary; none here.
  EXPECT_TRUE(r->papers[0].primary_category.empty());
}

TEST(ArxivApi, EntryWithoutArxivIdIsRejected) {
  std::string body = R"(<feed xmlns="http://www.w3.org/2005/Atom">
    <entry><id>urn:something-else</id><title>Odd</title></entry>
    <entry><id>http://arxiv.org/abs/2401.00002v3</id><title>Good</title></entry></feed>)";
  ParseContext ctx;
  ctx.origin = "api-page";
  auto r = ParseArxivApi(body, ctx);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->papers.size(), 1u);
  EXPECT_EQ(r->papers[0].ids.arxiv, "2401.00002");
  EXPECT_EQ(r->papers[0].pdf_url, "https://arxiv.org/pdf/2401.00002v3");
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_NE(r->rejected[0].message.find("api-page: record 0"), std::string::npos);
}

}  // namespace
}  // namespace ah::sources::arxiv
