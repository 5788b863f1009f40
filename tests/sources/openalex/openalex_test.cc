#include "sources/openalex/openalex.h"

#include <gtest/gtest.h>

#include <string>

#include "testing.h"

namespace ah::sources::openalex {
namespace {

using ::ah::testing::ReadData;

ParseContext Ctx(const std::string& origin) {
  ParseContext ctx;
  ctx.origin = origin;
  ctx.default_date = "2026-01-01";
  return ctx;
}

ParsedPage MustParse(const std::string& file) {
  auto page = ParseOpenAlex(ReadData("openalex/" + file), Ctx(file));
  EXPECT_TRUE(page.has_value()) << (page ? "" : page.error().ToString());
  return page ? *page : ParsedPage{};
}

TEST(OpenAlex, SingleWorkByDoiMapsEveryField) {
  ParsedPage page = MustParse("openalex_work_single_by_doi.json");
  ASSERT_EQ(page.papers.size(), 1u);
  EXPECT_EQ(page.total, 1);
  EXPECT_FALSE(page.next_cursor.has_value());
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.openalex, "W2741809807");
  EXPECT_EQ(p.ids.doi, "10.7717/peerj.4375");
  EXPECT_EQ(p.ids.pmid, "29456894");
  EXPECT_EQ(p.ids.pmcid, "PMC5815332");
  EXPECT_EQ(p.title,
            "The state of OA: a large-scale analysis of the prevalence and impact of Open Access "
            "articles");
  EXPECT_EQ(p.journal, "PeerJ");
  EXPECT_EQ(p.publisher, "PeerJ, Inc.");
  EXPECT_EQ(p.issns, (std::vector<std::string>{"2167-8359"}));
  EXPECT_EQ(p.volume, "6");
  EXPECT_EQ(p.issue, "");
  EXPECT_EQ(p.pages, "e4375");  // first_page == last_page
  EXPECT_EQ(p.published, "2018-02-13");
  EXPECT_EQ(p.type, "article");
  EXPECT_EQ(p.license, "cc-by");
  EXPECT_EQ(p.url, "https://doi.org/10.7717/peerj.4375");
  EXPECT_EQ(p.pdf_url, "https://peerj.com/articles/4375.pdf");
  EXPECT_EQ(p.primary_category, "scientometrics and bibliometrics research");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"scientometrics and bibliometrics research",
                                                    "Academic Publishing and Open Access",
                                                    "Research Data Management Practices"}));
  ASSERT_EQ(p.authors.size(), 9u);
  EXPECT_EQ(p.authors[0].name, "Heather Piwowar");
  EXPECT_EQ(p.authors[0].orcid, "0000-0003-1613-5981");
  EXPECT_EQ(p.authors[0].affiliations, (std::vector<std::string>{"Impactstory, Sanford, NC, USA"}));
  ASSERT_EQ(p.authors[2].affiliations.size(), 2u);
  EXPECT_EQ(p.authors[2].name, "Vincent Larivière");
  EXPECT_EQ(p.authors[2].affiliations[1],
            "École de bibliothéconomie et des sciences de l’information, Université de Montréal, "
            "Montréal, QC, Canada");
  ASSERT_EQ(p.listings.size(), 1u);
  EXPECT_EQ(p.listings[0], (Listing{"openalex", "2018-02-13", "published", "PeerJ"}));
}

TEST(OpenAlex, AbstractRebuiltFromInvertedIndexInPositionOrder) {
  ParsedPage page = MustParse("openalex_work_single_by_doi.json");
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.abstract.rfind("Despite growing interest in Open Access (OA) to scholarly "
                             "literature, there is an unmet need for large-scale, up-to-date, and "
                             "reproducible studies assessing the prevalence and characteristics of "
                             "OA.",
                             0),
            0u)
      << p.abstract.substr(0, 200);
  EXPECT_EQ(p.abstract, p.abstract_raw);
  // 258 positions -> 258 words.
  int words = 1;
  for (char c : p.abstract) words += c == ' ';
  EXPECT_EQ(words, 258);
}

TEST(OpenAlex, Single2024WorkWithPmidOnly) {
  ParsedPage page = MustParse("openalex_work_single_2024.json");
  ASSERT_EQ(page.papers.size(), 1u);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.openalex, "W4399771148");
  EXPECT_EQ(p.ids.doi, "10.1371/journal.pone.0305345");
  EXPECT_EQ(p.ids.pmid, "38889132");
  EXPECT_EQ(p.ids.pmcid, "");
  EXPECT_EQ(p.title,
            "Influence of the atmospheric environment on spatial variation of lung cancer "
            "incidence in China");
  EXPECT_EQ(p.journal, "PloS one");
  EXPECT_EQ(p.volume, "19");
  EXPECT_EQ(p.issue, "6");
  EXPECT_EQ(p.published, "2024-06-18");
  EXPECT_EQ(p.primary_category, "Health Effects of Air Pollution");
  EXPECT_EQ(p.authors.size(), 4u);
  EXPECT_EQ(p.authors[0].name, "Hong Yu");
  EXPECT_EQ(
      p.authors[0].affiliations,
      (std::vector<std::string>{"Yunnan Normal University Hospital, Kunming, Yunnan, China"}));
  EXPECT_EQ(p.abstract.rfind("Conducting this research contributes to a deeper understanding", 0),
            0u);
}

TEST(OpenAlex, WorksListWithCursor) {
  ParsedPage page = MustParse("openalex_works_list_cursor.json");
  EXPECT_EQ(page.total, 11111537);
  ASSERT_TRUE(page.next_cursor.has_value());
  EXPECT_EQ(*page.next_cursor,
            "IlsxMDAuMCwgMjkyMTAsICdodHRwczovL29wZW5hbGV4Lm9yZy9XMzAwMTg5NzA1NSddIg==");
  ASSERT_EQ(page.papers.size(), 3u);
  const Paper& lancet = page.papers[0];
  EXPECT_EQ(lancet.ids.openalex, "W3001118548");
  EXPECT_EQ(lancet.ids.doi, "10.1016/s0140-6736(20)30183-5");
  EXPECT_EQ(lancet.ids.pmcid, "PMC7159299");
  EXPECT_EQ(lancet.journal, "The Lancet");
  EXPECT_EQ(lancet.issns, (std::vector<std::string>{"0140-6736", "1474-547X"}));
  EXPECT_EQ(lancet.pages, "497-506");
  EXPECT_EQ(lancet.license, "other-oa");
  EXPECT_TRUE(lancet.abstract.empty());  // abstract_inverted_index is null
  EXPECT_EQ(lancet.authors.size(), 29u);
  EXPECT_EQ(lancet.authors[0].affiliations,
            (std::vector<std::string>{"Jin Yin-tan Hospital, Wuhan, China"}));
  const Paper& nejm = page.papers[1];
  EXPECT_EQ(nejm.title, "Clinical Characteristics of Coronavirus Disease 2019 in China");
  EXPECT_EQ(nejm.abstract.rfind("BackgroundSince December 2019, when coronavirus disease 2019", 0),
            0u);
  EXPECT_EQ(nejm.authors[0].name, "Wei‐jie Guan");
  EXPECT_EQ(nejm.listings[0],
            (Listing{"openalex", "2020-02-28", "published", "New England Journal of Medicine"}));
}

TEST(OpenAlex, AuthorWorksPageDropsAbstractHeadingWord) {
  ParsedPage page = MustParse("openalex_author_works_page.json");
  EXPECT_EQ(page.total, 106);
  EXPECT_FALSE(page.next_cursor.has_value());  // basic paging: no cursor
  ASSERT_EQ(page.papers.size(), 4u);
  const Paper& review = page.papers[3];
  EXPECT_EQ(review.type, "review");
  EXPECT_EQ(review.issue, "3-4");
  EXPECT_EQ(review.pages, "280-293");
  EXPECT_EQ(review.abstract_raw.rfind("Abstract Driven by smart distribution technologies", 0), 0u);
  EXPECT_EQ(review.abstract.rfind("Driven by smart distribution technologies", 0), 0u);
  EXPECT_EQ(review.authors[1].orcid, "");  // orcid null
  const Paper& geo = page.papers[0];
  EXPECT_EQ(geo.ids.doi, "10.1016/j.apgeog.2016.12.003");
  EXPECT_EQ(geo.pages, "26-36");
  EXPECT_EQ(geo.issns, (std::vector<std::string>{"0143-6228", "1873-7730"}));
  EXPECT_EQ(geo.license, "");
  EXPECT_EQ(page.papers[2].license, "cc-by-nc-sa");  // from best_oa_location
}

TEST(OpenAlexAbstract, RebuildsInPositionOrderWithGapsAndDuplicates) {
  EXPECT_EQ(RebuildAbstract(R"({"world":[1],"Hello":[0],"again":[3],"hello":[2]})"),
            "Hello world hello again");
  EXPECT_EQ(RebuildAbstract(R"({"a":[0],"c":[10]})"), "a c");         // gap skipped
  EXPECT_EQ(RebuildAbstract(R"({"b":[0],"a":[0],"z":[1]})"), "a z");  // first key wins
  EXPECT_EQ(RebuildAbstract(R"({"x":[0,2],"y":[1]})"), "x y x");      // repeated word
  EXPECT_EQ(RebuildAbstract(R"({"far":[100001],"near":[5],"neg":[-1]})"), "near");
  EXPECT_EQ(RebuildAbstract(R"({"edge":[100000],"w":[99999]})"), "w edge");
  EXPECT_EQ(RebuildAbstract(R"({"big":[18446744073709551615],"ok":[0]})"), "ok");
  EXPECT_EQ(RebuildAbstract(R"({"f":[1.5],"s":["2"],"n":[null],"o":[{}],"bad":7,"ok":[3]})"), "ok");
  EXPECT_EQ(RebuildAbstract(R"({"one":[2.0]})"), "one");
  EXPECT_EQ(RebuildAbstract("[]"), "");
  EXPECT_EQ(RebuildAbstract("{}"), "");
  EXPECT_EQ(RebuildAbstract("not json"), "");
}

TEST(OpenAlexAbstract, HugePositionsDoNotAllocatePerPosition) {
  // 10,000 words all at the largest allowed position, plus hostile positions: bounded work.
  std::string json = "{";
  for (int i = 0; i < 10000; ++i) json += "\"w" + std::to_string(i) + "\":[100000,1000000000],";
  json += "\"first\":[0]}";
  EXPECT_EQ(RebuildAbstract(json), "first w0");
}

TEST(OpenAlexErrors, ErrorObjectsAndHostileBodies) {
  auto err = ParseOpenAlex(
      R"({"error":"Invalid query parameters error.","message":"filter is not a valid field: foo"})",
      Ctx("https://api.openalex.org/works?filter=foo:1"));
  ASSERT_FALSE(err.has_value());
  EXPECT_EQ(err.error().code, Code::kInvalidArgument);
  EXPECT_NE(err.error().message.find("https://api.openalex.org/works?filter=foo:1"),
            std::string::npos);
  EXPECT_NE(err.error().message.find("filter is not a valid field: foo"), std::string::npos);

  auto rate = ParseOpenAlex(R"({"error":"Rate limit exceeded","message":"slow down"})", Ctx("u"));
  ASSERT_FALSE(rate.has_value());
  EXPECT_EQ(rate.error().code, Code::kUnavailable);

  for (const char* body :
       {"", "<!DOCTYPE html><html><body>Bad gateway</body></html>", "Internal Server Error", "[1]",
        "{}", R"({"results":{}})", R"({"meta":{"count":1}})"}) {
    auto page = ParseOpenAlex(body, Ctx("origin-y"));
    ASSERT_FALSE(page.has_value()) << body;
    EXPECT_EQ(page.error().code, Code::kParse);
    EXPECT_NE(page.error().message.find("origin-y"), std::string::npos) << page.error().message;
  }
  std::string truncated = ReadData("openalex/openalex_work_single_2024.json");
  truncated.resize(10000);
  auto t = ParseOpenAlex(truncated, Ctx("o"));
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().message,
            "o: line 339, column 5 (byte 9996): truncated JSON: the object opened here is not "
            "closed before the end of the text (10000 bytes)");
}

TEST(OpenAlexErrors, DeeplyNestedJsonIsRejectedWithItsPositionNotAStackOverflow) {
  const std::string body = R"({"id":"W1","title":"t","abstract_inverted_index":{"a":)" +
                           std::string(100000, '[') + std::string(100000, ']') + "}}";
  auto page = ParseOpenAlex(body, Ctx("u"));
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().code, Code::kParse);
  EXPECT_EQ(page.error().message,
            "u: line 1, column 181 (byte 180): JSON nested deeper than 128 levels of arrays and "
            "objects");
  for (const std::string& deep :
       {"{\"error\":" + std::string(60000, '[') + std::string(60000, ']') + "}",
        std::string(60000, '[') + std::string(60000, ']')}) {
    auto p = ParseOpenAlex(deep, Ctx("u"));
    ASSERT_FALSE(p.has_value());
    EXPECT_NE(p.error().message.find("nested deeper than 128"), std::string::npos)
        << p.error().message;
  }
  EXPECT_EQ(RebuildAbstract("{\"a\":" + std::string(100000, '[') + "[0]" +
                            std::string(100000, ']') + "}"),
            "");
}

TEST(OpenAlexErrors, WrongTypesAndBadResultsAreRejectedNotFatal) {
  const std::string body = R"({"meta":{"count":"3","next_cursor":null},"results":[
    7,
    {"id":"https://openalex.org/A123","title":"An author, not a work"},
    {"id":"https://openalex.org/W1","title":null,"display_name":null},
    {"id":"https://openalex.org/W2","title":null,"display_name":"Display <i>name</i>",
     "ids":{"doi":5,"pmid":"https://pubmed.ncbi.nlm.nih.gov/123/","pmcid":"https://pmc.ncbi.nlm.nih.gov/articles/PMC77/"},
     "doi":"https://doi.org/10.5555/ABC","authorships":[null,{"author":null,"raw_author_name":"Raw Name",
       "institutions":[{"display_name":"Inst"}],"raw_affiliation_strings":[]},{"author":{"display_name":7}}],
     "primary_location":{"source":null,"license":7},"biblio":{"volume":12,"first_page":null,"last_page":"9"},
     "publication_date":"2021-02-30","abstract_inverted_index":[],"topics":"x","concepts":[{"display_name":"C1"}],
     "primary_topic":null}
  ]})";
  auto page = ParseOpenAlex(body, Ctx("u"));
  ASSERT_TRUE(page.has_value()) << page.error().ToString();
  EXPECT_EQ(page->total, -1);  // count as a string is not trusted
  EXPECT_FALSE(page->next_cursor.has_value());
  ASSERT_EQ(page->rejected.size(), 3u);
  EXPECT_NE(page->rejected[0].message.find("u: result 0"), std::string::npos);
  EXPECT_NE(page->rejected[1].message.find("result 1 (https://openalex.org/A123)"),
            std::string::npos);
  EXPECT_NE(page->rejected[2].message.find("W1: no title"), std::string::npos);
  ASSERT_EQ(page->papers.size(), 1u);
  const Paper& p = page->papers[0];
  EXPECT_EQ(p.title, "Display name");
  EXPECT_EQ(p.ids.doi, "10.5555/abc");
  EXPECT_EQ(p.ids.pmid, "123");
  EXPECT_EQ(p.ids.pmcid, "PMC77");
  ASSERT_EQ(p.authors.size(), 1u);
  EXPECT_EQ(p.authors[0].name, "Raw Name");
  EXPECT_EQ(p.authors[0].affiliations, (std::vector<std::string>{"Inst"}));
  EXPECT_EQ(p.volume, "12");
  EXPECT_EQ(p.pages, "9");
  EXPECT_EQ(p.published, "");
  EXPECT_EQ(p.license, "");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"C1"}));  // concepts only without topics
  EXPECT_EQ(p.listings[0].date, "2026-01-01");
}

}  // namespace
}  // namespace ah::sources::openalex
