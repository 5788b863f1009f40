#include "imports/ris.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "import_test_util.h"
#include "imports/references.h"

namespace ah::imports {
namespace {

using ::testing::ElementsAre;

ImportResult Ris(const std::string& body) { return MustParse(body, RefFormat::kRis, "test.ris"); }

TEST(RisZotero, CrlfExportWithArxivDoiAndCorporateAuthor) {
  ImportResult r = MustParseFile("zotero.ris");
  EXPECT_EQ(r.format, RefFormat::kRis);
  ASSERT_EQ(r.refs.size(), 4u) << AllWarnings(r);
  EXPECT_TRUE(r.warnings.empty()) << AllWarnings(r);
  const Reference& p = r.refs[0];
  EXPECT_EQ(p.line, 1);
  EXPECT_EQ(p.arxiv, "1706.03762");
  EXPECT_EQ(p.doi, "10.48550/arxiv.1706.03762");
  EXPECT_EQ(p.title, "Attention Is All You Need");
  EXPECT_EQ(p.year, "2023");
  EXPECT_EQ(p.authors.size(), 8u);
  EXPECT_EQ(p.authors[7], "Illia Polosukhin");
  EXPECT_EQ(p.label, "Attention Is All You Need");  // no ID tag: the title's first words
  const Reference& j = r.refs[1];
  EXPECT_EQ(j.line, 27);
  EXPECT_EQ(j.doi, "10.1056/nejmoa2001017");
  EXPECT_EQ(j.pmid, "");
  EXPECT_EQ(j.authors.back(), "China Novel Coronavirus Investigating and Research Team");
  EXPECT_EQ(j.label, "A Novel Coronavirus from Patients with…");
  EXPECT_EQ(r.refs[2].title, "Deep Generative Models");
  EXPECT_EQ(r.refs[2].year, "2016");  // "2016///"
  EXPECT_FALSE(r.refs[2].HasId());
  EXPECT_EQ(r.refs[3].pmid, "26017442");  // Europe PMC URL
}

TEST(RisEndnote, BomAlphabeticalTagsAccessionNumberAndContinuationLines) {
  ImportResult r = MustParseFile("endnote.ris");
  ASSERT_EQ(r.refs.size(), 3u) << AllWarnings(r);
  EXPECT_TRUE(r.warnings.empty()) << AllWarnings(r);
  const Reference& p = r.refs[0];
  EXPECT_EQ(p.label, "117");
  EXPECT_EQ(p.pmid, "31978945");
  EXPECT_EQ(p.doi, "10.1056/nejmoa2001017");
  EXPECT_EQ(p.year, "2020");
  // Continuation lines of N1 ("Zhu, Na") are not authors.
  EXPECT_THAT(p.authors, ElementsAre("N. Zhu", "D. Zhang", "W. Wang", "W. Tan"));
  EXPECT_EQ(r.refs[1].pmid, "26017442");
  EXPECT_EQ(r.refs[1].title, "Deep learning");
  // An Embase accession number is not a PMID.
  EXPECT_EQ(r.refs[2].label, "119");
  EXPECT_EQ(r.refs[2].pmid, "");
  EXPECT_EQ(r.refs[2].title, "An Embase Record Whose Accession Number Is Not a PMID");
}

TEST(RisScopus, PubmedIdInC2AndDoiFromScopusUrl) {
  ImportResult r = MustParseFile("scopus.ris");
  ASSERT_EQ(r.refs.size(), 2u);
  EXPECT_EQ(r.refs[0].pmid, "31978945");
  EXPECT_EQ(r.refs[0].doi, "10.1056/nejmoa2001017");
  EXPECT_EQ(r.refs[0].title, "A novel coronavirus from patients with pneumonia in China, 2019");
  EXPECT_EQ(r.refs[0].authors[0], "N. Zhu");
  // The conference paper has no DO line: its DOI comes from the URL's doi= parameter.
  EXPECT_EQ(r.refs[1].doi, "10.1109/cvpr.2016.90");
  EXPECT_EQ(r.refs[1].pmid, "");
  EXPECT_EQ(r.refs[1].line, 28);
}

TEST(RisScienceDirect, ProviderHeaderIgnoredAndDoiUrlNormalised) {
  ImportResult r = MustParseFile("sciencedirect.ris");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_TRUE(r.warnings.empty()) << AllWarnings(r);
  const Reference& p = r.refs[0];
  EXPECT_EQ(p.line, 5);
  EXPECT_EQ(p.doi, "10.1016/j.cell.2020.02.052");
  EXPECT_EQ(p.title,
            "SARS-CoV-2 Cell Entry Depends on ACE2 and TMPRSS2 and Is Blocked by a Clinically "
            "Proven Protease Inhibitor");
  EXPECT_EQ(p.authors[3], "Nadine Krüger");
  EXPECT_EQ(p.authors[5], "Stefan Pöhlmann");
  EXPECT_EQ(p.year, "2020");
}

TEST(RisGoogleScholar, T1A1Y1AndArxivIdInJournal) {
  ImportResult r = MustParseFile("google_scholar.ris");
  ASSERT_EQ(r.refs.size(), 2u);
  EXPECT_EQ(r.refs[0].title, "Attention is all you need");
  EXPECT_EQ(r.refs[0].authors[6], "Łukasz Kaiser");
  EXPECT_EQ(r.refs[0].year, "2017");
  EXPECT_FALSE(r.refs[0].HasId());
  EXPECT_EQ(r.refs[1].arxiv, "1810.04805");
  EXPECT_EQ(r.refs[1].line, 15);
}

TEST(RisPubmedNbib, MedlineRecordsWithWrappedValuesAndDoiTags) {
  ImportResult r = MustParseFile("pubmed.nbib");
  EXPECT_EQ(r.format, RefFormat::kRis);
  ASSERT_EQ(r.refs.size(), 3u) << AllWarnings(r);
  EXPECT_TRUE(r.warnings.empty()) << AllWarnings(r);
  const Reference& p = r.refs[0];
  EXPECT_EQ(p.line, 2);
  EXPECT_EQ(p.label, "PMID 31978945");
  EXPECT_EQ(p.pmid, "31978945");
  EXPECT_EQ(p.doi, "10.1056/nejmoa2001017");
  EXPECT_EQ(p.title, "A Novel Coronavirus from Patients with Pneumonia in China, 2019.");
  EXPECT_EQ(p.year, "2020");
  EXPECT_THAT(p.authors, ElementsAre("Na Zhu", "Dingyu Zhang", "Wenling Wang", "Wenjie Tan",
                                     "China Novel Coronavirus Investigating and Research Team"));
  EXPECT_EQ(r.refs[1].doi, "10.1038/nature14539");  // AID [pii] before [doi]
  EXPECT_EQ(r.refs[1].pmid, "26017442");
  const Reference& old = r.refs[2];
  EXPECT_EQ(old.pmid, "13054692");
  EXPECT_EQ(old.year, "1953");
  EXPECT_EQ(old.doi, "10.1038/171737a0");
  EXPECT_THAT(old.authors, ElementsAre("J D WATSON", "F H CRICK"));
}

TEST(RisQuirks, OneSpaceTagsEntitiesAndRefmanPmidUrl) {
  ImportResult r = MustParseFile("quirks.ris");
  ASSERT_FALSE(r.refs.empty());
  const Reference& p = r.refs[0];
  EXPECT_EQ(p.line, 2);
  EXPECT_EQ(p.title, "One-Space Tags & Entities");
  EXPECT_EQ(p.pmid, "17813860");
  EXPECT_EQ(p.year, "2019");
  EXPECT_THAT(p.authors, ElementsAre("Jane Doe"));
}

TEST(RisQuirks, RecordWithoutTyIsKeptWithWarning) {
  ImportResult r = MustParseFile("quirks.ris");
  ASSERT_GE(r.refs.size(), 2u);
  EXPECT_EQ(r.refs[1].doi, "10.5555/noty");
  EXPECT_EQ(r.refs[1].title, "Record Without a TY Line");
  EXPECT_TRUE(HasWarning(r, {"quirks.ris: entry 2 (line 9)", "does not start with a TY"}))
      << AllWarnings(r);
}

TEST(RisQuirks, UselessRecordIsSkippedAndMalformedDoiWarned) {
  ImportResult r = MustParseFile("quirks.ris");
  EXPECT_TRUE(HasWarning(r, {"entry 3 (line 13): no identifier and no title"})) << AllWarnings(r);
  const Reference* wrapped = nullptr;
  for (const Reference& ref : r.refs)
    if (ref.index == 3) wrapped = &ref;
  ASSERT_NE(wrapped, nullptr);
  EXPECT_EQ(wrapped->title, "Wrapped Title With a Line Separator");  // U+2028 -> space
  EXPECT_EQ(wrapped->arxiv, "2401.01234");
  EXPECT_EQ(wrapped->doi, "");
  EXPECT_TRUE(HasWarning(r, {"entry 4", "(line 17)", "malformed DOI 'not a doi'"}));
}

TEST(RisQuirks, MissingErAtEndOfFileKeepsTheRecordWithWarning) {
  ImportResult r = MustParseFile("quirks.ris");
  const Reference& last = r.refs.back();
  EXPECT_EQ(last.index, 4u);
  EXPECT_EQ(last.line, 23);
  EXPECT_EQ(last.doi, "10.5555/cut");
  EXPECT_EQ(last.year, "2024");
  EXPECT_TRUE(HasWarning(r, {"entry 5 (line 23)", "no ER line at the end of the file", "kept"}));
}

TEST(Ris, TyBeforeErClosesThePreviousRecordWithWarning) {
  ImportResult r = Ris("TY  - JOUR\nTI  - First\nTY  - JOUR\nTI  - Second\nER  - \n");
  ASSERT_EQ(r.refs.size(), 2u);
  EXPECT_EQ(r.refs[0].title, "First");
  EXPECT_EQ(r.refs[1].title, "Second");
  EXPECT_EQ(r.refs[1].line, 3);
  EXPECT_TRUE(
      HasWarning(r, {"test.ris: entry 1 (line 1)", "no ER line before the next TY (line 3)"}));
}

TEST(Ris, LoneCarriageReturnLineEndsAndWrappedTitle) {
  ImportResult r = Ris("TY  - JOUR\rTI  - A Title That\r   Wraps\rDO  - 10.1000/CR\rER  - \r");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_EQ(r.refs[0].title, "A Title That Wraps");
  EXPECT_EQ(r.refs[0].doi, "10.1000/cr");
}

TEST(Ris, M3DoiFromEndnoteAndAuthorSuffix) {
  ImportResult r =
      Ris("TY  - JOUR\nTI  - T\nM3  - 10.1000/m3\nAU  - King, Martin Luther, Jr.\n"
          "ER  - \n");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_EQ(r.refs[0].doi, "10.1000/m3");
  EXPECT_THAT(r.refs[0].authors, ElementsAre("Martin Luther King Jr."));
}

TEST(Ris, DuplicateAuthorsFromAuAndA1AreMerged) {
  ImportResult r =
      Ris("TY  - JOUR\nTI  - T\nAU  - Doe, Jane\nA1  - Doe, Jane\nA1  - Roe, R.\nER  - \n");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_THAT(r.refs[0].authors, ElementsAre("Jane Doe", "R. Roe"));
}

TEST(Ris, NoTagLinesIsAParseError) {
  auto r = ParseReferences("@article{x, title={Not RIS}}", "wrong.ris", RefFormat::kRis);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_NE(r.error().message.find("wrong.ris"), std::string::npos);
  EXPECT_NE(r.error().message.find("line 1"), std::string::npos);
}

TEST(Ris, TruncatedSampleNeverFails) {
  const std::string full = ah::testing::ReadData("imports/endnote.ris");
  for (size_t cut = 1; cut < full.size(); cut += 29) {
    auto r = ParseReferences(full.substr(0, cut), "cut.ris", RefFormat::kRis);
    if (!r) {
      EXPECT_EQ(r.error().code, Code::kParse);
      continue;
    }
    for (const std::string& w : r->warnings) EXPECT_EQ(w.rfind("cut.ris: ", 0), 0u) << w;
  }
}

TEST(Ris, HugeContinuationAndManyRecordsFinish) {
  std::string body = "TY  - JOUR\nTI  - T\n";
  for (int i = 0; i < 100000; ++i) body += "  more words\n";
  body += "ER  - \n";
  for (int i = 0; i < 20000; ++i) body += "TY  - JOUR\nKW  - x\n";
  auto r = ParseReferences(body, "big.ris", RefFormat::kRis);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->refs.size(), 1u);
  EXPECT_LE(r->refs[0].title.size(), 4096u + 3);
  EXPECT_NE(r->warnings.back().find("more warnings"), std::string::npos);
}

TEST(Ris, ParseRisIsCallableDirectly) {
  auto r = ParseRis("PMID- 123\nTI  - T.\n", "direct.nbib");
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->refs.size(), 1u);
  EXPECT_EQ(r->refs[0].pmid, "123");
}

}  // namespace
}  // namespace ah::imports
