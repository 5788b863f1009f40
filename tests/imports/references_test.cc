#include "imports/references.h"

#include <gtest/gtest.h>

#include <string>

#include "import_test_util.h"

namespace ah::imports {
namespace {

TEST(RefFormatNames, RoundTripAndAliases) {
  for (RefFormat f : {RefFormat::kAuto, RefFormat::kBibtex, RefFormat::kRis, RefFormat::kCslJson})
    EXPECT_EQ(ParseRefFormat(RefFormatName(f)), f);
  EXPECT_EQ(RefFormatName(RefFormat::kCslJson), "csl-json");
  EXPECT_EQ(ParseRefFormat("BIB"), RefFormat::kBibtex);
  EXPECT_EQ(ParseRefFormat("csljson"), RefFormat::kCslJson);
  EXPECT_EQ(ParseRefFormat("json"), RefFormat::kCslJson);
  EXPECT_EQ(ParseRefFormat("nbib"), RefFormat::kRis);
  EXPECT_EQ(ParseRefFormat("endnote-xml"), std::nullopt);
  EXPECT_EQ(ParseRefFormat(""), std::nullopt);
}

TEST(DetectRefFormat, SniffsContentBeforeTheExtension) {
  EXPECT_EQ(DetectRefFormat("@article{k, title={x}}", "refs.json"), RefFormat::kBibtex);
  EXPECT_EQ(DetectRefFormat("TY  - JOUR\nER  - \n", "refs.bib"), RefFormat::kRis);
  EXPECT_EQ(DetectRefFormat("\n\nPMID- 123\nTI  - x\n", "export.txt"), RefFormat::kRis);
  EXPECT_EQ(DetectRefFormat("  [ {\"id\": 1} ]", "refs.ris"), RefFormat::kCslJson);
  EXPECT_EQ(DetectRefFormat("\xEF\xBB\xBFTY  - JOUR\r\n", ""), RefFormat::kRis);
  EXPECT_EQ(DetectRefFormat("% comment\n  @Misc (key, title = \"x\")", ""), RefFormat::kBibtex);
  // Mendeley's header lines come before the first entry.
  EXPECT_EQ(DetectRefFormat(ah::testing::ReadData("imports/mendeley.bib"), ""), RefFormat::kBibtex);
  EXPECT_EQ(DetectRefFormat(ah::testing::ReadData("imports/sciencedirect.ris"), ""),
            RefFormat::kRis);
  EXPECT_EQ(DetectRefFormat(ah::testing::ReadData("imports/pubmed.nbib"), ""), RefFormat::kRis);
}

TEST(DetectRefFormat, FallsBackToTheExtension) {
  EXPECT_EQ(DetectRefFormat("", "/home/ana/My Library.bib"), RefFormat::kBibtex);
  EXPECT_EQ(DetectRefFormat("nothing", "C:\\exports\\refs.RIS"), RefFormat::kRis);
  EXPECT_EQ(DetectRefFormat("nothing", "pubmed-deeplearni-set.nbib"), RefFormat::kRis);
  EXPECT_EQ(DetectRefFormat("nothing", "zotero.json"), RefFormat::kCslJson);
  EXPECT_EQ(DetectRefFormat("nothing", "notes.txt"), RefFormat::kAuto);
  EXPECT_EQ(DetectRefFormat("nothing", "dir.bib/file"), RefFormat::kAuto);
}

TEST(ParseReferences, AutoDetectsEverySample) {
  struct Case {
    const char* file;
    RefFormat format;
  };
  for (const Case& c :
       {Case{"zotero.bib", RefFormat::kBibtex}, Case{"jabref.bib", RefFormat::kBibtex},
        Case{"mendeley.bib", RefFormat::kBibtex}, Case{"zotero.ris", RefFormat::kRis},
        Case{"endnote.ris", RefFormat::kRis}, Case{"pubmed.nbib", RefFormat::kRis},
        Case{"zotero.json", RefFormat::kCslJson},
        Case{"crossref_single.json", RefFormat::kCslJson}}) {
    ImportResult r = MustParseFile(c.file);
    EXPECT_EQ(r.format, c.format) << c.file;
    EXPECT_FALSE(r.refs.empty()) << c.file;
  }
}

TEST(ParseReferences, EmptyFileIsAParseErrorInEveryFormat) {
  for (RefFormat f : {RefFormat::kAuto, RefFormat::kBibtex, RefFormat::kRis, RefFormat::kCslJson}) {
    for (const char* body : {"", "   \n\t\r\n", "\xEF\xBB\xBF"}) {
      auto r = ParseReferences(body, "empty.bib", f);
      ASSERT_FALSE(r.has_value());
      EXPECT_EQ(r.error().code, Code::kParse);
      EXPECT_EQ(r.error().message, "empty.bib: empty file (line 1)");
    }
  }
}

TEST(ParseReferences, BinaryJunkIsAParseErrorNamingTheByte) {
  std::string junk = "\x89PNG\r\n\x1a\n";
  junk.push_back('\0');
  junk += "\x01\x02@x{";
  auto r = ParseReferences(junk, "picture.bib");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_EQ(r.error().message,
            "picture.bib: binary data, not a reference export (NUL byte at byte 8)");
}

TEST(ParseReferences, UndetectableContentIsAParseError) {
  auto r = ParseReferences("Dear reviewer,\nplease find attached...\n", "letter.txt");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_NE(r.error().message.find("letter.txt: not a BibTeX, RIS or CSL-JSON file"),
            std::string::npos);
}

TEST(ParseReferences, HtmlErrorPageIsAParseError) {
  auto r = ParseReferences("<!DOCTYPE html><html><body>404</body></html>", "refs.bib");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_NE(r.error().message.find("markup"), std::string::npos) << r.error().message;
  auto forced =
      ParseReferences("<html>@article{x, title={y}}</html>", "refs.bib", RefFormat::kBibtex);
  ASSERT_FALSE(forced.has_value());
  EXPECT_NE(forced.error().message.find("expected bibtex, got markup"), std::string::npos);
}

TEST(ParseReferences, OverSixtyFourMebibytesIsTooLarge) {
  std::string big(kMaxImportBytes + 1, ' ');
  auto r = ParseReferences(big, "huge.bib");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kTooLarge);
  EXPECT_NE(r.error().message.find("huge.bib"), std::string::npos);
}

TEST(ParseReferences, Utf16WithBomIsConverted) {
  std::string utf8 =
      "TY  - JOUR\r\nTI  - Gr\xC3\xBC\xC3\x9F"
      "e \xF0\x9F\x98\x80\r\nER  - \r\n";
  // Encode as UTF-16LE with BOM by hand (code points: ASCII, ü, ß, U+1F600).
  std::u32string cps;
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    char32_t cp;
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (utf8[i + k] & 0x3F);
    cps.push_back(cp);
    i += len;
  }
  std::string le = "\xFF\xFE";
  auto put = [&](uint32_t u) {
    le.push_back(static_cast<char>(u & 0xFF));
    le.push_back(static_cast<char>(u >> 8));
  };
  for (char32_t cp : cps) {
    if (cp >= 0x10000) {
      put(0xD800 + ((cp - 0x10000) >> 10));
      put(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      put(cp);
    }
  }
  auto r = ParseReferences(le, "endnote16.ris");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  ASSERT_EQ(r->refs.size(), 1u);
  EXPECT_EQ(r->refs[0].title, "Grüße \xF0\x9F\x98\x80");
  EXPECT_TRUE(HasWarning(*r, {"endnote16.ris: file is UTF-16"}));
}

TEST(ParseReferences, Windows1252FileIsReadWithWarning) {
  // "Müller – Café" in Windows-1252: ü = FC, en dash = 96, é = E9.
  std::string body = "@article{k, title = {M\xFCller \x96 Caf\xE9}, doi = {10.1000/k}}";
  auto r = ParseReferences(body, "latin1.bib");
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->refs.size(), 1u);
  EXPECT_EQ(r->refs[0].title, "Müller – Café");
  EXPECT_TRUE(HasWarning(*r, {"latin1.bib: file is not UTF-8 (byte 22); read as Windows-1252"}))
      << AllWarnings(*r);
  auto bom = ParseReferences("\xEF\xBB\xBF" + body, "latin1bom.bib");
  ASSERT_TRUE(bom.has_value());
  EXPECT_TRUE(HasWarning(*bom, {"latin1bom.bib: file is not UTF-8 (byte 25)"}))
      << AllWarnings(*bom);
}

TEST(ParseReferences, Utf8BomIsSkippedForEveryFormat) {
  auto bib = ParseReferences("\xEF\xBB\xBF@misc{k, title={T}}", "bom.bib");
  ASSERT_TRUE(bib.has_value());
  EXPECT_EQ(bib->refs.size(), 1u);
  auto json = ParseReferences("\xEF\xBB\xBF[{\"title\":\"T\"}]", "bom.json");
  ASSERT_TRUE(json.has_value());
  EXPECT_EQ(json->refs.size(), 1u);
  EXPECT_TRUE(json->warnings.empty());
}

TEST(ParseReferences, ForcedWrongFormatFailsCleanly) {
  auto r = ParseReferences(ah::testing::ReadData("imports/zotero.ris"), "zotero.ris",
                           RefFormat::kCslJson);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_NE(r.error().message.find("zotero.ris: line 1, column 1 (byte 0): "), std::string::npos)
      << r.error().message;
}

TEST(ParseReferences, SameWorkFromEveryToolGivesTheSameIds) {
  // Attention Is All You Need, as each tool exports it.
  for (const char* file :
       {"zotero.bib", "mendeley.bib", "arxiv.bib", "dblp.bib", "zotero.ris", "zotero.json"}) {
    ImportResult r = MustParseFile(file);
    bool found = false;
    for (const Reference& ref : r.refs) found = found || ref.arxiv == "1706.03762";
    EXPECT_TRUE(found) << file;
  }
  // The NEJM coronavirus paper: PMID wherever the export carries one.
  for (const char* file :
       {"zotero.bib", "endnote.ris", "scopus.ris", "pubmed.nbib", "zotero.json"}) {
    ImportResult r = MustParseFile(file);
    bool found = false;
    for (const Reference& ref : r.refs)
      found = found || (ref.pmid == "31978945" && ref.doi == "10.1056/nejmoa2001017");
    EXPECT_TRUE(found) << file;
  }
}

TEST(ParseReferences, WebOfSciencePlainTextIsNamedWithWhatToDo) {
  // revtools__restoration_WoS.ciw (issue 11's real exports): not a format we read, and so
  // named, with the export that works.
  auto r = ParseReferences(
      "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Alvarez-Manzaneda, I\n"
      "TI Restoration of a lake\nER\n\nEF\n",
      "restoration_WoS.ciw");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_NE(r.error().message.find("restoration_WoS.ciw: Web of Science plain text"),
            std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("BibTeX or RIS"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace ah::imports
