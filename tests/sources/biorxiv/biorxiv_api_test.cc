#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/text.h"
#include "sources/biorxiv/biorxiv.h"
#include "testing.h"

namespace ah::sources::biorxiv {
namespace {

using ::testing::HasSubstr;

ParseContext Ctx(std::string origin = "test.json") {
  ParseContext ctx;
  ctx.origin = std::move(origin);
  return ctx;
}

ParsedPage MustParse(const std::string& body, const ParseContext& ctx = Ctx()) {
  auto r = ParseBiorxivApi(body, ctx);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString());
  return r ? *r : ParsedPage{};
}

const Paper* FindDoi(const ParsedPage& page, const std::string& doi) {
  for (const Paper& p : page.papers)
    if (p.ids.doi == doi) return &p;
  return nullptr;
}

// --- biorxiv_api_details_category_cancer_biology_18.json (raw wire style) ---

TEST(BiorxivApi, ParsesRawWireCancerBiologyPage) {
  ParsedPage page = MustParse(
      ah::testing::ReadData("biorxiv/biorxiv_api_details_category_cancer_biology_18.json"));
  ASSERT_EQ(page.papers.size(), 18u);
  EXPECT_TRUE(page.rejected.empty());
  EXPECT_EQ(page.total, 18);
  EXPECT_EQ(page.page_count, 18);
  EXPECT_FALSE(page.next_cursor.has_value());

  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.doi, "10.64898/2026.04.19.716936");  // "\/" unescaped
  EXPECT_EQ(p.title,
            "Simultaneous Inhibition of ACLY and OGDH Has a Synergistic Effect on Hepatocellular "
            "Carcinoma Cell Lines");
  ASSERT_EQ(p.authors.size(), 3u);
  EXPECT_EQ(p.authors[0].name, "M. Dehghan Manshadi");
  EXPECT_EQ(p.authors[1].name, "P. Setoodeh");
  EXPECT_EQ(p.authors[2].name, "H. Zare");
  EXPECT_TRUE(p.authors[0].affiliations.empty());
  ASSERT_EQ(p.authors[2].affiliations.size(), 1u);
  EXPECT_EQ(p.authors[2].affiliations[0], "Haba Businesses");
  ASSERT_EQ(p.versions.size(), 1u);
  EXPECT_EQ(p.versions[0].number, 2);
  EXPECT_EQ(p.versions[0].date, "2026-09-07");
  EXPECT_EQ(p.submitted, "");  // version 2: the first posting date is unknown
  EXPECT_EQ(p.updated, "2026-09-07");
  EXPECT_EQ(p.type, "new results");
  EXPECT_EQ(p.license, "cc_by_nc_nd");
  ASSERT_EQ(p.categories.size(), 1u);
  EXPECT_EQ(p.categories[0], "cancer biology");
  EXPECT_EQ(p.primary_category, "cancer biology");
  EXPECT_EQ(p.journal, "bioRxiv");
  EXPECT_EQ(p.url, "https://www.biorxiv.org/content/10.64898/2026.04.19.716936v2");
  EXPECT_EQ(p.pdf_url, "https://www.biorxiv.org/content/10.64898/2026.04.19.716936v2.full.pdf");
  EXPECT_EQ(p.published_doi, "");
  EXPECT_THAT(p.abstract, HasSubstr("Hepatocellular carcinoma (HCC) remains a leading cause"));
  EXPECT_EQ(p.abstract_raw.substr(0, 30), "Hepatocellular carcinoma (HCC)");
  ASSERT_EQ(p.listings.size(), 1u);
  EXPECT_EQ(p.listings[0], (Listing{"biorxiv", "2026-09-07", "replace", "cancer biology"}));
}

TEST(BiorxivApi, DecodesUnicodeEscapesInTitles) {
  ParsedPage page = MustParse(
      ah::testing::ReadData("biorxiv/biorxiv_api_details_category_cancer_biology_18.json"));
  const Paper* p = FindDoi(page, "10.64898/2026.08.21.746295");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(
      p->title,
      "PSEN1 Expression Identifies a Developmentally Distinct Favorable-Prognosis State in SHH "
      "\u03b1 Medulloblastoma");
  EXPECT_EQ(p->versions[0].number, 3);
  EXPECT_EQ(p->authors[4].name, "C. B. de Farias");
  EXPECT_EQ(p->authors.back().name, "R. Roesler");
  ASSERT_EQ(p->authors.back().affiliations.size(), 1u);
  EXPECT_EQ(p->authors.back().affiliations[0], "Federal University of Rio Grande do Sul");
}

TEST(BiorxivApi, KeepsOldAndNewDoiPrefixes) {
  ParsedPage page = MustParse(
      ah::testing::ReadData("biorxiv/biorxiv_api_details_category_cancer_biology_18.json"));
  const Paper* old_prefix = FindDoi(page, "10.1101/2025.03.25.645286");
  ASSERT_NE(old_prefix, nullptr);
  EXPECT_EQ(old_prefix->title,
            "The Indian Cancer Genome Atlas:A Multi-Omics Resource for Advancing Cancer Research");
  EXPECT_EQ(old_prefix->listings[0].date, "2026-09-08");
  EXPECT_EQ(old_prefix->listings[0].announce_type, "replace");
  EXPECT_EQ(old_prefix->url, "https://www.biorxiv.org/content/10.1101/2025.03.25.645286v2");
}

TEST(BiorxivApi, MatchesCorrespondingAuthorByAccentFoldedSurnameAndInitial) {
  ParsedPage page = MustParse(
      ah::testing::ReadData("biorxiv/biorxiv_api_details_category_cancer_biology_18.json"));
  // "Étienne Audet-Walsh" against "Audet-Walsh, E.".
  const Paper* p = FindDoi(page, "10.64898/2026.09.04.749239");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->authors.back().name, "E. Audet-Walsh");
  ASSERT_EQ(p->authors.back().affiliations.size(), 1u);
  EXPECT_EQ(p->authors.back().affiliations[0],
            "Centre de Recherche CHU de Qu\u00e9bec-Universit\u00e9 Laval");
  // Two authors named Jha: "Sushmita Jha" is S. Jha, not D. Jha.
  const Paper* q = FindDoi(page, "10.64898/2026.09.04.749492");
  ASSERT_NE(q, nullptr);
  for (const Author& a : q->authors) {
    if (a.name == "S. Jha") {
      ASSERT_EQ(a.affiliations.size(), 1u);
      EXPECT_EQ(a.affiliations[0], "Indian Institute of Technology, Jodhpur");
    } else {
      EXPECT_TRUE(a.affiliations.empty()) << a.name;
    }
  }
}

TEST(BiorxivApi, VersionOneIsNewWithSubmittedDate) {
  ParsedPage page = MustParse(
      ah::testing::ReadData("biorxiv/biorxiv_api_details_category_cancer_biology_18.json"));
  const Paper* p = FindDoi(page, "10.64898/2026.09.04.749378");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->submitted, "2026-09-08");
  EXPECT_EQ(p->listings[0].announce_type, "new");
  EXPECT_EQ(p->license, "cc_by");
}

// --- biorxiv_api_details_all_3items_trimmed_pretty.json (re-serialized, string counts) ---

TEST(BiorxivApi, ParsesPrettyPrintedPageWithStringCounts) {
  ParsedPage page = MustParse(
      ah::testing::ReadData("biorxiv/biorxiv_api_details_all_3items_trimmed_pretty.json"));
  ASSERT_EQ(page.papers.size(), 3u);
  EXPECT_EQ(page.total, 3);  // "total": "3"
  EXPECT_EQ(page.page_count, 3);
  EXPECT_FALSE(page.next_cursor.has_value());
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.doi, "10.64898/2026.07.13.738145");
  EXPECT_EQ(p.title, "Laterality of subcortical structures predicts spontaneous brain dynamics");
  ASSERT_EQ(p.authors.size(), 3u);
  EXPECT_EQ(p.authors[0].name, "T. Ghafari");
  EXPECT_EQ(p.authors[0].affiliations, std::vector<std::string>{"University of Oxford"});
  EXPECT_EQ(p.authors[1].name, "A. J. Quinn");
  EXPECT_EQ(p.listings[0], (Listing{"biorxiv", "2026-07-15", "new", "neuroscience"}));
  const Paper& third = page.papers[2];
  EXPECT_EQ(third.ids.doi, "10.64898/2025.12.19.695336");
  EXPECT_EQ(third.primary_category, "microbiology");
  EXPECT_EQ(third.versions[0].number, 3);
  EXPECT_EQ(third.listings[0].announce_type, "replace");
  EXPECT_EQ(third.authors.back().name, "E. Gueguen");
  EXPECT_EQ(third.authors.back().affiliations.size(), 1u);
}

// --- medrxiv_api_details_3of72_reserialized.json ---

TEST(BiorxivApi, ParsesMedrxivPage) {
  ParsedPage page =
      MustParse(ah::testing::ReadData("biorxiv/medrxiv_api_details_3of72_reserialized.json"));
  ASSERT_EQ(page.papers.size(), 3u);
  EXPECT_EQ(page.total, 72);
  EXPECT_EQ(page.page_count, 72);
  EXPECT_FALSE(page.next_cursor.has_value());
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.doi, "10.64898/2026.09.13.26362948");
  EXPECT_EQ(p.journal, "medRxiv");
  EXPECT_EQ(p.type, "PUBLISHAHEADOFPRINT");
  EXPECT_EQ(p.license, "cc_by_nc_nd");
  EXPECT_EQ(p.url, "https://www.medrxiv.org/content/10.64898/2026.09.13.26362948v1");
  EXPECT_EQ(p.listings[0], (Listing{"medrxiv", "2026-09-15", "new", "nephrology"}));
  EXPECT_EQ(p.authors[0].name, "P. Kumar");
  EXPECT_EQ(p.authors[0].affiliations, std::vector<std::string>{"Phaseo AI"});
  // Paragraphs survive as line breaks.
  EXPECT_THAT(p.abstract, HasSubstr("alone cannot.\nWe applied interpretable machine learning"));
  EXPECT_EQ(page.papers[1].license, "cc_no");
}

TEST(BiorxivApi, TurnsMedrxivMarkupIntoReadableText) {
  ParsedPage page =
      MustParse(ah::testing::ReadData("biorxiv/medrxiv_api_details_3of72_reserialized.json"));
  const Paper& p = page.papers[1];
  EXPECT_EQ(p.ids.doi, "10.64898/2026.09.11.26362753");
  EXPECT_THAT(p.abstract_raw, HasSubstr("O_ST_ABSWhat is new?C_ST_ABSO_LIIn patient-specific"));
  const std::string& a = p.abstract;
  EXPECT_EQ(a.find("O_"), std::string::npos) << a;
  EXPECT_EQ(a.find("C_"), std::string::npos) << a;
  EXPECT_EQ(a.substr(0, 47), "Background: The modified Blalock-Taussig-Thomas");
  EXPECT_THAT(a, HasSubstr("\nObjectives: This study tested"));
  EXPECT_THAT(a, HasSubstr("\nMethods: Three-dimensional mBTTS"));
  EXPECT_THAT(a, HasSubstr("\nResults: Simulated pressures"));
  EXPECT_THAT(a, HasSubstr("\nConclusions: In patient-specific"));
  EXPECT_THAT(a, HasSubstr("normalized WSR (\u03c1 = 0.94, p < 0.001; \u03c1 = 0.88"));
  EXPECT_THAT(
      a, HasSubstr(
             "\nCLINICAL PERSEPECTIVE\nWhat is new?\n- In patient-specific computational models"));
  EXPECT_THAT(a, HasSubstr("exposure.\n- Thrombosed shunts exhibit"));
  EXPECT_THAT(a, HasSubstr("\nWhat are the clinical implications?\n- Infants with mBTTS"));
  EXPECT_TRUE(text::EndsWith(a, "care in congenital heart palliation.")) << a;
  ASSERT_EQ(p.authors.back().name, "E. Rabinowitz");
  EXPECT_EQ(p.authors.back().affiliations,
            std::vector<std::string>{"Washington University in St Louis"});
}

TEST(BiorxivApi, DropsSmallCapsMarkersAndSplitsHighlights) {
  ParsedPage page =
      MustParse(ah::testing::ReadData("biorxiv/medrxiv_api_details_3of72_reserialized.json"));
  const std::string& a = page.papers[2].abstract;
  EXPECT_THAT(a, HasSubstr("percentage concordance and Cohens K. Descriptor importance"));
  EXPECT_THAT(a, HasSubstr("Cohens K = 0.620."));
  EXPECT_THAT(a, HasSubstr("\nHighlights\n- Auditory Brainstem Response (ABR) interpretation"));
  EXPECT_THAT(a, HasSubstr("\n- A theoretical space of 5,832 ABR configurations"));
  EXPECT_EQ(a.find("SCPLOW"), std::string::npos);
  EXPECT_EQ(page.papers[2].authors[1].name, "D. Cazzato");
  EXPECT_EQ(page.papers[2].authors[1].affiliations.size(), 1u);
}

// --- Paging and fields from small synthetic pages ---

std::string Page(const std::string& messages, const std::string& items) {
  return "{\"messages\":[" + messages + "],\"collection\":[" + items + "]}";
}

const char* kItem =
    R"({"doi":"10.1101\/2024.01.02.573001","title":"A <i>test<\/i> preprint","authors":"Smith, J.; Doe, A. B.",)"
    R"("author_corresponding":"Anna B. Doe","author_corresponding_institution":"Somewhere U",)"
    R"("date":"2024\/01\/05","version":1,"type":"new results","license":"cc_by","category":"genomics",)"
    R"("abstract":"Text.","published":"10.1038\/S41586-024-00001-X","server":"biorxiv"})";

TEST(BiorxivApi, ComputesNextCursorFromCursorCountAndTotal) {
  ParsedPage page =
      MustParse(Page(R"({"status":"ok","cursor":"100","count":"100","total":"250"})", kItem));
  EXPECT_EQ(page.total, 250);
  EXPECT_EQ(page.page_count, 100);
  ASSERT_TRUE(page.next_cursor.has_value());
  EXPECT_EQ(*page.next_cursor, "200");
  ParsedPage last =
      MustParse(Page(R"({"status":"ok","cursor":200,"count":50,"total":250})", kItem));
  EXPECT_FALSE(last.next_cursor.has_value());
}

TEST(BiorxivApi, FallsBackToTheRequestedCursorWhenThePageOmitsIt) {
  ParseContext ctx = Ctx();
  ctx.cursor = "100";
  ParsedPage page = MustParse(Page(R"({"status":"ok","count":100,"total":350})", kItem), ctx);
  ASSERT_TRUE(page.next_cursor.has_value());
  EXPECT_EQ(*page.next_cursor, "200");
}

TEST(BiorxivApi, NoNextCursorWhenTotalUnknownOrCountZero) {
  EXPECT_FALSE(MustParse(Page(R"({"status":"ok","cursor":0,"count":1})", kItem)).next_cursor);
  EXPECT_FALSE(
      MustParse(Page(R"({"status":"ok","cursor":0,"count":0,"total":10})", kItem)).next_cursor);
}

TEST(BiorxivApi, ReadsPublishedDoiDateFormatsAndNumericVersion) {
  ParsedPage page = MustParse(Page(R"({"status":"ok","cursor":0,"count":1,"total":1})", kItem));
  ASSERT_EQ(page.papers.size(), 1u);
  const Paper& p = page.papers[0];
  EXPECT_EQ(p.ids.doi, "10.1101/2024.01.02.573001");
  EXPECT_EQ(p.title, "A test preprint");
  EXPECT_EQ(p.published_doi, "10.1038/s41586-024-00001-x");
  EXPECT_EQ(p.submitted, "2024-01-05");
  EXPECT_EQ(p.versions[0].number, 1);
  EXPECT_EQ(p.authors[1].name, "A. B. Doe");
  EXPECT_EQ(p.authors[1].affiliations, std::vector<std::string>{"Somewhere U"});
  EXPECT_TRUE(p.authors[0].affiliations.empty());
}

TEST(BiorxivApi, SkipsAffiliationWhenCorrespondingAuthorIsAmbiguousOrAbsent) {
  auto affiliated = [](const char* authors, const char* corresponding) {
    std::string item = std::string(R"({"doi":"10.1101/1.2","title":"T","authors":")") + authors +
                       R"(","author_corresponding":")" + corresponding +
                       R"(","author_corresponding_institution":"Inst"})";
    ParsedPage page = MustParse(Page(R"({"status":"ok"})", item));
    std::vector<std::string> out;
    for (const Author& a : page.papers.at(0).authors)
      if (!a.affiliations.empty()) out.push_back(a.name);
    return out;
  };
  EXPECT_TRUE(affiliated("Smith, J.; Doe, A.", "Jane Roe").empty());         // not an author
  EXPECT_TRUE(affiliated("Smith, J.; Smith, J. K.", "John Smith").empty());  // two J. Smiths
  EXPECT_TRUE(affiliated("Smith, J.; Doe, A.", "Bob Doe").empty());          // initial differs
  EXPECT_EQ(affiliated("Smith, J.; Doe, A.", "Doe"), std::vector<std::string>{"A. Doe"});
  EXPECT_EQ(affiliated("Smith, J.; Doe, A.", "Doe, Anna"), std::vector<std::string>{"A. Doe"});
  EXPECT_EQ(affiliated("Smith, J.; King, M. L., Jr.", "Martin L. King Jr."),
            std::vector<std::string>{"M. L. King Jr."});
  EXPECT_TRUE(affiliated("Smith, J.", "").empty());
}

TEST(BiorxivApi, ContextSourceOverridesServerInListing) {
  ParseContext ctx = Ctx();
  ctx.source = "biorxiv:genomics";
  ParsedPage page = MustParse(Page(R"({"status":"ok"})", kItem), ctx);
  ASSERT_EQ(page.papers.size(), 1u);
  EXPECT_EQ(page.papers[0].listings[0].source, "biorxiv:genomics");
  EXPECT_EQ(page.papers[0].journal, "bioRxiv");
}

TEST(BiorxivApi, NoPostsFoundIsAnEmptyPage) {
  auto r = ParseBiorxivApi(R"({"messages":[{"status":"no posts found"}],"collection":[]})", Ctx());
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_TRUE(r->papers.empty());
  EXPECT_FALSE(r->next_cursor.has_value());
  EXPECT_EQ(r->total, 0);
  auto no_collection = ParseBiorxivApi(R"({"messages":[{"status":"no posts found"}]})", Ctx());
  ASSERT_TRUE(no_collection.has_value());
  EXPECT_TRUE(no_collection->papers.empty());
}

TEST(BiorxivApi, OtherServerStatusIsAnError) {
  auto r =
      ParseBiorxivApi(R"({"messages":[{"status":"invalid interval"}],"collection":[]})", Ctx("u"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_THAT(r.error().message, HasSubstr("invalid interval"));
}

TEST(BiorxivApi, RejectsItemsWithoutDoiOrTitleAndKeepsTheRest) {
  std::string items =
      std::string(
          R"({"title":"no doi"},{"doi":"10.1101/x.1"},{"doi":"nonsense","title":"t"},42,)") +
      kItem;
  ParsedPage page = MustParse(Page(R"({"status":"ok"})", items), Ctx("page.json"));
  ASSERT_EQ(page.papers.size(), 1u);
  ASSERT_EQ(page.rejected.size(), 4u);
  EXPECT_THAT(page.rejected[0].message, HasSubstr("page.json: collection[0]: no doi"));
  EXPECT_THAT(page.rejected[1].message, HasSubstr("collection[1]"));
  EXPECT_THAT(page.rejected[1].message, HasSubstr("no title"));
  EXPECT_THAT(page.rejected[2].message, HasSubstr("invalid doi"));
  EXPECT_THAT(page.rejected[3].message, HasSubstr("collection[3]: not an object"));
}

TEST(BiorxivApi, ToleratesMissingOptionalFields) {
  ParseContext ctx = Ctx();
  ctx.default_date = "2024-02-02";
  ctx.channel = "all";
  ParsedPage page =
      MustParse(Page(R"({"status":"ok"})", R"({"doi":"10.1101/2024.01.01.1","title":"T"})"), ctx);
  ASSERT_EQ(page.papers.size(), 1u);
  const Paper& p = page.papers[0];
  EXPECT_TRUE(p.authors.empty());
  EXPECT_TRUE(p.versions.empty());
  EXPECT_EQ(p.url, "https://www.biorxiv.org/content/10.1101/2024.01.01.1");
  EXPECT_EQ(p.listings[0], (Listing{"biorxiv", "2024-02-02", "new", "all"}));
  EXPECT_EQ(page.total, -1);
  EXPECT_EQ(page.page_count, 1);
}

// --- Hostile input ---

TEST(BiorxivApi, TruncatedJsonIsParseErrorWithByteOffset) {
  std::string body =
      ah::testing::ReadData("biorxiv/biorxiv_api_details_all_3items_trimmed_pretty.json");
  auto r = ParseBiorxivApi(body.substr(0, 1000), Ctx("trunc.json"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_EQ(r.error().message,
            "trunc.json: line 27, column 19 (byte 820): truncated JSON: the string opened here is "
            "not closed before the end of the text (1000 bytes)");
}

TEST(BiorxivApi, DeeplyNestedJsonIsRejectedWithItsPositionNotAStackOverflow) {
  // The ~120 KB error object that killed `ingest` with exit 139 (the hint dumped it).
  const std::string deep = "{\"error\":" + std::string(60000, '[') + std::string(60000, ']') + "}";
  auto r = ParseBiorxivApi(deep, Ctx("deep.json"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_EQ(r.error().message,
            "deep.json: line 1, column 137 (byte 136): JSON nested deeper than 128 levels of "
            "arrays and objects");
  auto arr = ParseBiorxivApi(std::string(100000, '[') + std::string(100000, ']'), Ctx("a.json"));
  ASSERT_FALSE(arr.has_value());
  EXPECT_THAT(arr.error().message, HasSubstr("a.json: line 1, column 129 (byte 128): JSON nested"));
}

TEST(BiorxivApi, HtmlPageIsParseError) {
  auto r = ParseBiorxivApi("\n<!DOCTYPE html><html><body>502 Bad Gateway</body></html>",
                           Ctx("https://api.biorxiv.org/x"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_THAT(r.error().message, HasSubstr("https://api.biorxiv.org/x"));
  EXPECT_THAT(r.error().message, HasSubstr("byte 1"));
}

TEST(BiorxivApi, JsonErrorObjectIsParseError) {
  auto r = ParseBiorxivApi(R"({"error":"rate limited"})", Ctx("o"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_THAT(r.error().message, HasSubstr("o: not a bioRxiv details response at byte 0"));
  EXPECT_THAT(r.error().message, HasSubstr("rate limited"));
  for (const char* body : {"[]", "42", "\"ok\"", "null", ""}) {
    auto e = ParseBiorxivApi(body, Ctx());
    ASSERT_FALSE(e.has_value()) << body;
    EXPECT_EQ(e.error().code, Code::kParse) << body;
  }
}

TEST(BiorxivApi, WrongTypesForCountsAreParseErrorsNamingTheField) {
  struct Case {
    const char* messages;
    const char* field;
  };
  for (const Case& c : {Case{R"({"status":"ok","count":"many","total":3})", "count"},
                        Case{R"({"status":"ok","count":3,"total":{"n":3}})", "total"},
                        Case{R"({"status":"ok","count":true,"total":3})", "count"},
                        Case{R"({"status":"ok","cursor":-5,"count":3,"total":3})", "cursor"},
                        Case{R"({"status":"ok","cursor":1.5,"count":3,"total":3})", "cursor"},
                        Case{R"({"status":"ok","total":"99999999999999999999"})", "total"}}) {
    auto r = ParseBiorxivApi(Page(c.messages, kItem), Ctx("m.json"));
    ASSERT_FALSE(r.has_value()) << c.messages;
    EXPECT_EQ(r.error().code, Code::kParse);
    EXPECT_THAT(r.error().message, HasSubstr(std::string("messages[0].") + c.field)) << c.messages;
  }
  auto r = ParseBiorxivApi(R"({"messages":"ok","collection":[]})", Ctx());
  EXPECT_FALSE(r.has_value());
  auto c = ParseBiorxivApi(R"({"messages":[{"status":"ok"}],"collection":{"a":1}})", Ctx());
  EXPECT_FALSE(c.has_value());
}

TEST(BiorxivApi, WrongTypedItemFieldsAreIgnored) {
  ParsedPage page = MustParse(Page(
      R"({"status":"ok"})", R"({"doi":"10.1101/1.2","title":"T","authors":7,"date":[1],)"
                            R"("version":"v2","category":{},"published":null,"abstract":false})"));
  ASSERT_EQ(page.papers.size(), 1u);
  EXPECT_TRUE(page.papers[0].authors.empty());
  EXPECT_TRUE(page.papers[0].categories.empty());
  EXPECT_EQ(page.papers[0].abstract, "");
  EXPECT_EQ(page.papers[0].published_doi, "");
}

// --- Markup helpers ---

TEST(BiorxivMarkup, RemovesFigureAndTableBlocks) {
  std::string raw =
      "Intro text.\nO_FIG O_LINKSMALLFIG WIDTH=200 HEIGHT=100 SRC=\"FIGDIR/small/1.gif\" "
      "ALT=\"Figure 1\">"
      " View larger version (22K): org.highwire.dtl.DTLVardef@1C_LINKSMALLFIG C_FIG\nAfter "
      "{beta}-cells and {micro}M {+/-} 2.";
  EXPECT_EQ(CleanAbstractMarkup(raw), "Intro text.\nAfter \u03b2-cells and \u00b5M \u00b1 2.");
}

TEST(BiorxivMarkup, KeepsUnknownBracesAndGeneNames) {
  EXPECT_EQ(CleanAbstractMarkup("AIM2 inflammasome {foo} set"), "AIM2 inflammasome {foo} set");
  EXPECT_EQ(CleanAbstractMarkup("Background noise was low."), "Background noise was low.");
  EXPECT_EQ(CleanAbstractMarkup("BACKGROUNDThe text"), "BACKGROUND: The text");
  EXPECT_EQ(CleanAbstractMarkup("Methods and FindingsWe did"), "Methods and Findings: We did");
  EXPECT_EQ(CleanAbstractMarkup("unclosed O_FIG junk\nkept"), "unclosed\nkept");
}

TEST(BiorxivMarkup, DisplayNameReordersApiNames) {
  EXPECT_EQ(DisplayName("Smith, J."), "J. Smith");
  EXPECT_EQ(DisplayName(" Wang, W.-l. "), "W.-l. Wang");
  EXPECT_EQ(DisplayName("COVID-19 Genomics Consortium"), "COVID-19 Genomics Consortium");
  EXPECT_EQ(DisplayName("Smith,"), "Smith");
  EXPECT_EQ(DisplayName("King, M. L., Jr."), "M. L. King Jr.");
}

}  // namespace
}  // namespace ah::sources::biorxiv
