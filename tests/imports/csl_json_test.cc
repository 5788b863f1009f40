#include "imports/csl_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "import_test_util.h"
#include "imports/references.h"

namespace ah::imports {
namespace {

using ::testing::ElementsAre;

ImportResult Csl(const std::string& body) {
  return MustParse(body, RefFormat::kCslJson, "test.json");
}

TEST(CslJsonZotero, PreprintJournalArticlesAndWebpage) {
  ImportResult r = MustParseFile("zotero.json");
  EXPECT_EQ(r.format, RefFormat::kCslJson);
  ASSERT_EQ(r.refs.size(), 7u) << AllWarnings(r);
  EXPECT_TRUE(r.warnings.empty()) << AllWarnings(r);
  const Reference& p = r.refs[0];
  EXPECT_EQ(p.line, 0);
  EXPECT_EQ(p.index, 0u);
  EXPECT_EQ(p.label, "http://zotero.org/users/local/kHh0vTqS/items/8FZ3QK2V");
  EXPECT_EQ(p.arxiv, "1706.03762");
  EXPECT_EQ(p.doi, "10.48550/arxiv.1706.03762");
  EXPECT_EQ(p.year, "2023");  // date-parts year given as a string
  EXPECT_EQ(p.authors[5], "Aidan N. Gomez");
  // A bare "number" counts as an arXiv id when the item says it is from arXiv.
  EXPECT_EQ(r.refs[1].arxiv, "2312.00752");
  EXPECT_EQ(r.refs[1].year, "2024");
}

TEST(CslJsonZotero, PmidFromVariableOrNoteAndLiteralAuthors) {
  ImportResult r = MustParseFile("zotero.json");
  const Reference& nejm = r.refs[2];
  EXPECT_EQ(nejm.pmid, "31978945");
  EXPECT_EQ(nejm.doi, "10.1056/nejmoa2001017");
  EXPECT_EQ(nejm.authors.back(), "China Novel Coronavirus Investigating and Research Team");
  const Reference& lecun = r.refs[3];
  EXPECT_EQ(lecun.pmid, "26017442");  // "note": "PMID: 26017442\n..."
  EXPECT_EQ(lecun.doi, "");
  EXPECT_EQ(lecun.year, "2015");
  EXPECT_EQ(r.refs[6].pmid, "26017442");  // Europe PMC URL
  EXPECT_FALSE(r.refs[5].HasId());
  EXPECT_EQ(r.refs[5].title, "Deep Generative Models");
}

TEST(CslJsonZotero, RichTextTitleAndNameParticles) {
  ImportResult r = MustParseFile("zotero.json");
  const Reference& p = r.refs[4];
  EXPECT_EQ(p.title, "Schrödinger's cat – in vivo folding of the α-helix in E. coli");
  EXPECT_THAT(p.authors, ElementsAre("Jürgen Schäfer", "Johannes Diderik van der Waals",
                                     "Martin Luther King Jr."));
  EXPECT_EQ(p.year, "2019");
}

TEST(CslJsonCrossref, SingleObjectFromContentNegotiation) {
  ImportResult r = MustParseFile("crossref_single.json");
  ASSERT_EQ(r.refs.size(), 1u);
  const Reference& p = r.refs[0];
  EXPECT_EQ(p.doi, "10.1056/nejmoa2001017");
  EXPECT_EQ(p.title, "A Novel Coronavirus from Patients with Pneumonia in China, 2019");
  EXPECT_THAT(p.authors, ElementsAre("Na Zhu", "Dingyu Zhang", "Wenling Wang", "Wenjie Tan"));
  EXPECT_EQ(p.year, "2020");
  EXPECT_EQ(p.label, "A Novel Coronavirus from Patients with…");
}

TEST(CslJsonWrongTypes, NonObjectsAreSkippedWithWarningsNamingTheEntry) {
  ImportResult r = MustParseFile("csl_wrong_types.json");
  EXPECT_TRUE(HasWarning(r, {"csl_wrong_types.json: entry 2: not a JSON object (got string)"}))
      << AllWarnings(r);
  EXPECT_TRUE(HasWarning(r, {"entry 3: not a JSON object (got number)"}));
  EXPECT_TRUE(HasWarning(r, {"entry 4: not a JSON object (got null)"}));
  EXPECT_TRUE(HasWarning(r, {"entry 5: not a JSON object (got array)"}));
  ASSERT_FALSE(r.refs.empty());
  EXPECT_EQ(r.refs[0].label, "ok1");
  EXPECT_EQ(r.refs[0].doi, "10.5555/ok1");
}

TEST(CslJsonWrongTypes, WrongFieldTypesAreIgnoredAndTheRestIsKept) {
  ImportResult r = MustParseFile("csl_wrong_types.json");
  const Reference* seven = ByLabel(r, "7");  // numeric id
  ASSERT_NE(seven, nullptr) << AllWarnings(r);
  EXPECT_EQ(seven->index, 5u);
  EXPECT_EQ(seven->title, "");
  EXPECT_EQ(seven->doi, "");
  EXPECT_EQ(seven->arxiv, "2401.01234");  // from URL
  EXPECT_EQ(seven->year, "2019");         // bare string "issued" accepted
  EXPECT_TRUE(HasWarning(r, {"entry 6 '7'", "field 'title' is a number"}));
  EXPECT_TRUE(HasWarning(r, {"entry 6 '7'", "field 'DOI' is array"}));
  EXPECT_TRUE(HasWarning(r, {"entry 6 '7'", "field 'author' is string"}));
  const Reference* t2 = ByLabel(r, "t2");
  ASSERT_NE(t2, nullptr);
  EXPECT_EQ(t2->pmid, "31978945");  // numeric PMID accepted
  EXPECT_THAT(t2->authors, ElementsAre("X", "Jane Doe"));
  EXPECT_EQ(t2->arxiv, "");  // "note" was an array
  EXPECT_TRUE(HasWarning(r, {"entry 7 't2'", "field 'title' is object"}));
  EXPECT_TRUE(HasWarning(r, {"entry 7 't2'", "'author' element is number"}));
  EXPECT_TRUE(HasWarning(r, {"entry 7 't2'", "unusable date-parts"}));
}

TEST(CslJsonWrongTypes, EmptyAndUselessItemsAndBadIds) {
  ImportResult r = MustParseFile("csl_wrong_types.json");
  EXPECT_TRUE(HasWarning(r, {"entry 8: no identifier and no title"})) << AllWarnings(r);
  EXPECT_TRUE(HasWarning(r, {"entry 9 'no-title-no-id': no identifier and no title"}));
  EXPECT_TRUE(HasWarning(r, {"entry 10 'badids'", "malformed DOI 'nope'"}));
  EXPECT_TRUE(HasWarning(r, {"entry 10 'badids'", "malformed PMID 'abc'"}));
  const Reference* noid = ByLabel(r, "No Id Field");
  ASSERT_NE(noid, nullptr);
  EXPECT_EQ(noid->doi, "10.5555/noid");
  EXPECT_EQ(noid->year, "2021");  // issued.raw
  EXPECT_THAT(noid->authors, ElementsAre("Consortium X"));
  EXPECT_EQ(r.refs.size(), 5u);
}

TEST(CslJson, ArchiveLocationAndLowercaseKeys) {
  ImportResult r = Csl(R"([{"id":"a","title":"T","archive":"arXiv","archive_location":"2106.09685"},
                            {"id":"b","title":"U","doi":"10.1000/LOWER","url":"https://pubmed.ncbi.nlm.nih.gov/123/"}])");
  ASSERT_EQ(r.refs.size(), 2u);
  EXPECT_EQ(r.refs[0].arxiv, "2106.09685");
  EXPECT_EQ(r.refs[1].doi, "10.1000/lower");
  EXPECT_EQ(r.refs[1].pmid, "123");
}

TEST(CslJson, BareNumberWithoutArxivContextIsNotAnArxivId) {
  ImportResult r = Csl(R"([{"id":"r","title":"Report","number":"2106.09685","publisher":"ACME"}])");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_EQ(r.refs[0].arxiv, "");
}

TEST(CslJson, InvalidJsonIsAParseErrorWithBytePosition) {
  auto r = ParseReferences(R"([{"id": "a", "title": "T",]])", "bad.json", RefFormat::kCslJson);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_EQ(r.error().message,
            "bad.json: line 1, column 27 (byte 26): syntax error while parsing object key - "
            "unexpected ']'; expected string literal");
}

TEST(CslJson, BytePositionsCountTheBom) {
  auto r = ParseReferences("\xEF\xBB\xBF[1, }", "bom.json");
  ASSERT_FALSE(r.has_value());
  // The '}' is byte 7 of the file (never 8, one past the end); the mark is no column.
  EXPECT_NE(r.error().message.find("bom.json: line 1, column 5 (byte 7): "), std::string::npos)
      << r.error().message;
}

TEST(CslJson, TruncatedJsonIsAParseError) {
  const std::string full = ah::testing::ReadData("imports/zotero.json");
  for (size_t cut = 1; cut + 2 < full.size(); cut += 53) {
    auto r = ParseReferences(full.substr(0, cut), "cut.json", RefFormat::kCslJson);
    ASSERT_FALSE(r.has_value()) << cut;
    EXPECT_EQ(r.error().code, Code::kParse);
    EXPECT_NE(r.error().message.find("cut.json: line "), std::string::npos);
    EXPECT_NE(r.error().message.find("truncated JSON"), std::string::npos) << r.error().message;
  }
}

TEST(CslJson, WrongTopLevelValuesAreParseErrors) {
  for (const char* body : {"42", "\"text\"", "null", "true", R"({"error":"not found"})", "{}"}) {
    auto r = ParseReferences(body, "odd.json", RefFormat::kCslJson);
    ASSERT_FALSE(r.has_value()) << body;
    EXPECT_EQ(r.error().code, Code::kParse);
    EXPECT_NE(r.error().message.find("odd.json: not CSL-JSON"), std::string::npos)
        << r.error().message;
  }
}

TEST(CslJson, DeepNestingIsRejectedWithBytePosition) {
  std::string body = std::string(100000, '[') + std::string(100000, ']');
  auto r = ParseReferences(body, "deep.json", RefFormat::kCslJson);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message,
            "deep.json: line 1, column 129 (byte 128): JSON nested deeper than 128 levels of "
            "arrays and objects");
  // The error object of issue 9, detected as CSL-JSON by its extension.
  r = ParseReferences("{\"error\":" + std::string(60000, '[') + std::string(60000, ']') + "}",
                      "deep.json");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("deep.json: line 1, column 137 (byte 136): JSON nested"),
            std::string::npos)
      << r.error().message;
}

TEST(CslJson, EmptyArrayWarnsNoEntries) {
  ImportResult r = Csl("[]");
  EXPECT_TRUE(r.refs.empty());
  EXPECT_TRUE(HasWarning(r, {"test.json: no entries"}));
}

TEST(CslJson, ManyNonObjectsDoNotGrowMemoryOrWarningsWithoutBound) {
  std::string body = "[";
  for (int i = 0; i < 100000; ++i) body += "[],";
  body += "{\"id\":\"last\",\"title\":\"Last\"}]";
  ImportResult r = Csl(body);
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_EQ(r.refs[0].index, 100000u);
  EXPECT_LE(r.warnings.size(), 201u);
}

TEST(CslJson, ParseCslJsonIsCallableDirectly) {
  auto r = ParseCslJson(R"({"title":"One","DOI":"10.1000/one"})", "one.json");
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->refs.size(), 1u);
  EXPECT_EQ(r->refs[0].doi, "10.1000/one");
}

}  // namespace
}  // namespace ah::imports
