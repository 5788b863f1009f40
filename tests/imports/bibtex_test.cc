#include "imports/bibtex.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "import_test_util.h"
#include "imports/references.h"

namespace ah::imports {
namespace {

using ::testing::ElementsAre;

ImportResult Bib(const std::string& body) { return MustParse(body, RefFormat::kBibtex); }

// ---- Golden tests on the sample exports -------------------------------------------------

TEST(BibtexZotero, PreprintGetsArxivIdFromArxivDoiAndKeepsTheDoi) {
  ImportResult r = MustParseFile("zotero.bib");
  EXPECT_EQ(r.format, RefFormat::kBibtex);
  ASSERT_EQ(r.refs.size(), 7u) << AllWarnings(r);
  EXPECT_TRUE(r.warnings.empty()) << AllWarnings(r);
  const Reference& p = r.refs[0];
  EXPECT_EQ(p.index, 0u);
  EXPECT_EQ(p.line, 2);
  EXPECT_EQ(p.label, "vaswani_attention_2023");
  EXPECT_EQ(p.arxiv, "1706.03762");
  EXPECT_EQ(p.doi, "10.48550/arxiv.1706.03762");
  EXPECT_EQ(p.title, "Attention Is All You Need");
  EXPECT_EQ(p.year, "2023");
  ASSERT_EQ(p.authors.size(), 8u);
  EXPECT_EQ(p.authors[0], "Ashish Vaswani");
  EXPECT_EQ(p.authors[5], "Aidan N. Gomez");
}

TEST(BibtexZotero, ArxivIdComesFromTheNoteWhenThereIsNoDoi) {
  ImportResult r = MustParseFile("zotero.bib");
  const Reference* p = ByLabel(r, "gu_mamba_2024");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->arxiv, "2312.00752");
  EXPECT_EQ(p->doi, "");
  EXPECT_EQ(p->title, "Mamba: Linear-Time Sequence Modeling with Selective State Spaces");
  EXPECT_THAT(p->authors, ElementsAre("Albert Gu", "Tri Dao"));
}

TEST(BibtexZotero, JournalArticleHasDoiPmidAndCorporateAuthor) {
  ImportResult r = MustParseFile("zotero.bib");
  const Reference* p = ByLabel(r, "zhu_novel_2020");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->doi, "10.1056/nejmoa2001017");
  EXPECT_EQ(p->pmid, "31978945");
  EXPECT_EQ(p->arxiv, "");
  EXPECT_EQ(p->title, "A Novel Coronavirus from Patients with Pneumonia in China, 2019");
  EXPECT_EQ(p->year, "2020");
  ASSERT_EQ(p->authors.size(), 19u);
  EXPECT_EQ(p->authors[16], "George F. Gao");
  EXPECT_EQ(p->authors.back(), "China Novel Coronavirus Investigating and Research Team");
}

TEST(BibtexZotero, TexAccentsAndTextCommandsBecomeUtf8) {
  ImportResult r = MustParseFile("zotero.bib");
  const Reference* p = ByLabel(r, "schafer_schrodingers_2019");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->title, "Schrödinger's cat – in vivo folding of the α-helix in E. coli at <10 µM");
  EXPECT_THAT(p->authors, ElementsAre("Jürgen Schäfer", "Françoise Großmann", "Paweł Łukasiewicz",
                                      "José Nuñez", "World Health Organization"));
  EXPECT_EQ(p->doi, "10.1038/s41467-019-09999-x");
}

TEST(BibtexZotero, EntriesWithoutIdsAreKeptByTitleAndUrlsGivePmids) {
  ImportResult r = MustParseFile("zotero.bib");
  const Reference* chapter = ByLabel(r, "goodfellow_generative_2016");
  ASSERT_NE(chapter, nullptr);
  EXPECT_FALSE(chapter->HasId());
  EXPECT_EQ(chapter->title, "Deep Generative Models");
  EXPECT_THAT(chapter->authors, ElementsAre("Ian Goodfellow", "Yoshua Bengio", "Aaron Courville"));
  const Reference* page = ByLabel(r, "noauthor_europe_nodate");
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(page->pmid, "26017442");
  EXPECT_EQ(page->title, "Europe PMC: Deep learning");
  EXPECT_EQ(ByLabel(r, "lecun_deep_2015")->doi, "10.1038/nature14539");
}

TEST(BibtexJabref, StringMacrosConcatenationAndEprintTypes) {
  ImportResult r = MustParseFile("jabref.bib");
  ASSERT_EQ(r.refs.size(), 5u) << AllWarnings(r);
  EXPECT_TRUE(r.warnings.empty()) << AllWarnings(r);
  const Reference* lecun = ByLabel(r, "LeCun2015");
  ASSERT_NE(lecun, nullptr);
  EXPECT_EQ(lecun->line, 9);
  EXPECT_EQ(lecun->doi, "10.1038/nature14539");
  EXPECT_EQ(lecun->pmid, "26017442");
  const Reference* ligo = ByLabel(r, "Abbott2016");
  ASSERT_NE(ligo, nullptr);
  EXPECT_EQ(ligo->title, "Observation of Gravitational Waves from a Binary Black Hole Merger");
  EXPECT_EQ(ligo->arxiv, "1602.03837");
  EXPECT_EQ(ligo->doi, "10.1103/physrevlett.116.061102");
  // "and" inside braces is part of a corporate name; "and others" is dropped.
  EXPECT_THAT(ligo->authors, ElementsAre("LIGO Scientific Collaboration and Virgo Collaboration",
                                         "B. P. Abbott", "R. Abbott", "T. D. Abbott"));
  EXPECT_EQ(ByLabel(r, "He2016")->arxiv, "1512.03385");  // eprinttype = {arXiv}
  const Reference* blog = ByLabel(r, "Karpathy2015");
  ASSERT_NE(blog, nullptr);
  EXPECT_EQ(blog->year, "2015");  // biblatex date
  EXPECT_FALSE(blog->HasId());
  EXPECT_EQ(ByLabel(r, "Srivastava2014")->title,
            "Dropout: A Simple Way to Prevent Neural Networks from Overfitting");
}

TEST(BibtexMendeley, ArxivIdEscapedDoiAndBogusPmidWarning) {
  ImportResult r = MustParseFile("mendeley.bib");
  ASSERT_EQ(r.refs.size(), 3u);
  const Reference& v = r.refs[0];
  EXPECT_EQ(v.label, "Vaswani2017");
  EXPECT_EQ(v.line, 6);
  EXPECT_EQ(v.arxiv, "1706.03762");
  EXPECT_EQ(v.pmid, "");  // Mendeley's 10-digit catalogue number is not a PMID
  EXPECT_EQ(v.title, "Attention is all you need");
  EXPECT_EQ(v.authors[6], "Łukasz Kaiser");
  EXPECT_TRUE(HasWarning(r, {"mendeley.bib: entry 1 'Vaswani2017' (line 6)", "PMID '1000303116'"}))
      << AllWarnings(r);
  const Reference* unet = ByLabel(r, "Ronneberger2015");
  ASSERT_NE(unet, nullptr);
  EXPECT_EQ(unet->doi, "10.1007/978-3-319-24574-4_28");  // from "{\_}"
  EXPECT_EQ(unet->arxiv, "1505.04597");
  EXPECT_EQ(unet->title, "U-Net: Convolutional Networks for Biomedical Image Segmentation");
  const Reference* af = ByLabel(r, "Jumper2021");
  ASSERT_NE(af, nullptr);
  EXPECT_EQ(af->pmid, "34265844");
  EXPECT_EQ(af->doi, "10.1038/s41586-021-03819-2");
  EXPECT_EQ(af->authors[8], "Augustin Žídek");
  EXPECT_EQ(af->authors.size(), 34u);
}

TEST(BibtexGoogleScholar, ArxivIdsFromJournalStringsOldAndNewStyle) {
  ImportResult r = MustParseFile("google_scholar.bib");
  ASSERT_EQ(r.refs.size(), 5u);
  EXPECT_EQ(ByLabel(r, "devlin2018bert")->arxiv, "1810.04805");
  EXPECT_EQ(ByLabel(r, "witten1998anti")->arxiv, "hep-th/9802150");
  const Reference* t = ByLabel(r, "vaswani2017attention");
  EXPECT_FALSE(t->HasId());
  EXPECT_EQ(t->title, "Attention is all you need");
  EXPECT_EQ(t->authors[5], "Aidan N Gomez");
  EXPECT_EQ(t->authors[6], "Łukasz Kaiser");
  EXPECT_EQ(ByLabel(r, "jumper2021highly")->authors[8], "Augustin Žídek");
  EXPECT_EQ(ByLabel(r, "he2016deep")->year, "2016");
}

TEST(BibtexArxiv, CurrentOldStyleAndDataCiteExports) {
  ImportResult r = MustParseFile("arxiv.bib");
  ASSERT_EQ(r.refs.size(), 4u);
  EXPECT_EQ(r.refs[0].arxiv, "1706.03762");
  EXPECT_EQ(r.refs[0].authors[0], "Ashish Vaswani");
  EXPECT_EQ(r.refs[1].arxiv, "2401.04088");
  EXPECT_EQ(r.refs[1].authors[13], "Lélio Renard Lavaud");
  EXPECT_EQ(r.refs[1].authors.size(), 26u);
  EXPECT_EQ(r.refs[2].arxiv, "hep-th/9711200");
  EXPECT_EQ(r.refs[2].title, "The Large N Limit of Superconformal Field Theories and Supergravity");
  // DataCite form: the key is a URL, fields are separated by blank lines.
  const Reference& dc = r.refs[3];
  EXPECT_EQ(dc.label, "https://doi.org/10.48550/arxiv.2203.02155");
  EXPECT_EQ(dc.arxiv, "2203.02155");
  EXPECT_EQ(dc.doi, "10.48550/arxiv.2203.02155");
  EXPECT_EQ(dc.authors.size(), 20u);
  EXPECT_EQ(dc.authors[4], "Carroll L. Wainwright");
  EXPECT_EQ(dc.year, "2022");
}

TEST(BibtexDblp, CorrVolumeMultilineAuthorsAndUppercaseDoi) {
  ImportResult r = MustParseFile("dblp.bib");
  ASSERT_EQ(r.refs.size(), 4u);
  EXPECT_EQ(r.refs[0].arxiv, "1706.03762");
  EXPECT_EQ(r.refs[0].authors.size(), 8u);
  EXPECT_EQ(r.refs[1].label, "DBLP:journals/corr/KingmaB14");
  EXPECT_EQ(r.refs[1].arxiv, "1412.6980");  // only CoRR volume + url
  EXPECT_EQ(r.refs[1].title, "Adam: A Method for Stochastic Optimization");
  EXPECT_EQ(r.refs[2].doi, "10.1109/cvpr.2016.90");
  EXPECT_EQ(r.refs[3].doi, "10.1162/neco.1997.9.8.1735");
  EXPECT_THAT(r.refs[3].authors, ElementsAre("Sepp Hochreiter", "Jürgen Schmidhuber"));
}

TEST(BibtexBibdesk, BdskUrlsGiveArxivAndPubmedIds) {
  ImportResult r = MustParseFile("bibdesk.bib");
  ASSERT_EQ(r.refs.size(), 2u);
  EXPECT_EQ(r.refs[0].arxiv, "1406.2661");
  EXPECT_EQ(r.refs[0].authors[0], "Ian J. Goodfellow");
  EXPECT_EQ(r.refs[1].pmid, "17813860");
  EXPECT_EQ(r.refs[1].title, "Optimization by Simulated Annealing");
}

// ---- quirks.bib: hand-made syntax edge cases --------------------------------------------

TEST(BibtexQuirks, ParenthesisedEntryWithMacrosQuotesAndLigatures) {
  ImportResult r = MustParseFile("quirks.bib");
  const Reference* p = ByLabel(r, "paren2020");
  ASSERT_NE(p, nullptr) << AllWarnings(r);
  EXPECT_EQ(p->title, "Parenthesised Entry with “Quotes” and Müller–Lyer—Illusions");
  EXPECT_THAT(p->authors, ElementsAre("Jörg Müller", "Antonín Dvořák", "August Möbius"));
  EXPECT_EQ(p->doi, "10.5555/paren.2020");
  EXPECT_EQ(p->year, "2020");
}

TEST(BibtexQuirks, CommentsAndCommentedOutEntriesAreNotEntries) {
  ImportResult r = MustParseFile("quirks.bib");
  for (const Reference& ref : r.refs) {
    EXPECT_NE(ref.label, "commented_out");
    EXPECT_NE(ref.label, "fake");
  }
  EXPECT_EQ(r.refs.front().label, "paren2020");
  EXPECT_EQ(r.refs.front().index, 0u);
}

TEST(BibtexQuirks, UnterminatedValueLosesOnlyItsOwnEntry) {
  ImportResult r = MustParseFile("quirks.bib");
  EXPECT_EQ(ByLabel(r, "broken_then_recovered"), nullptr);
  EXPECT_TRUE(HasWarning(r, {"quirks.bib: entry 2 'broken_then_recovered' (line 23)",
                             "unterminated value of field 'title'", "skipped"}))
      << AllWarnings(r);
  const Reference* after = ByLabel(r, "after2022");
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->index, 2u);
  EXPECT_EQ(after->line, 28);
  EXPECT_EQ(after->doi, "10.5555/after.2022");
  EXPECT_EQ(after->title, "Recovered After a Broken Entry");
}

TEST(BibtexQuirks, APlaceholderForAMissingIdIsNoIdAndNoWarning) {
  // Zotero and JabRef libraries write `doi = {null}` (imports-real: Blaisorblade_Bibs__zotero.bib,
  // crcox_MASTERBIB__Main_jabref.bib) where the source had none.
  ImportResult r = Bib(
      "@article{a,\n  title = {Call-by-need and the lambda calculus},\n  doi = {null},\n"
      "  pmid = {N/A},\n  eprint = {none},\n  arxivid = {-}\n}\n");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_EQ(r.refs[0].doi, "");
  EXPECT_EQ(r.refs[0].pmid, "");
  EXPECT_EQ(r.refs[0].arxiv, "");
  EXPECT_EQ(r.refs[0].title, "Call-by-need and the lambda calculus");
  EXPECT_TRUE(r.warnings.empty()) << AllWarnings(r);
}

TEST(BibtexQuirks, MissingClosingBraceKeepsCompleteFieldsWithWarning) {
  ImportResult r = MustParseFile("quirks.bib");
  const Reference* p = ByLabel(r, "missing_close");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->arxiv, "math/0211159");
  EXPECT_TRUE(HasWarning(r, {"entry 4 'missing_close' (line 34)", "missing closing '}'", "kept"}));
}

TEST(BibtexQuirks, MissingCommasAndFieldsWithoutEqualsAreWarnedAndSurvived) {
  ImportResult r = MustParseFile("quirks.bib");
  const Reference* p = ByLabel(r, "nocomma");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->arxiv, "2106.09685");
  EXPECT_EQ(p->year, "2021");
  EXPECT_THAT(p->authors, ElementsAre("Stefan Groß", "Søren Østergaard", "Lars Åberg", "Ayşe Koç",
                                      "Ewa Wąs", "Paul Erdős"));
  EXPECT_TRUE(HasWarning(r, {"entry 5 'nocomma' (line 39)", "missing ','"}));
  const Reference* noeq = ByLabel(r, "noeq");
  ASSERT_NE(noeq, nullptr);
  EXPECT_EQ(noeq->arxiv, "2106.09685");  // from \url{...v2}
  EXPECT_TRUE(HasWarning(r, {"entry 6 'noeq' (line 46)", "'howpublished'", "no '='"}));
}

TEST(BibtexQuirks, KeylessEntryIsLabelledByItsTitle) {
  ImportResult r = MustParseFile("quirks.bib");
  const Reference* p = ByLabel(r, "Keyless Entry");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->arxiv, "2105.00001");
}

TEST(BibtexQuirks, EntryWithoutIdAndTitleIsSkippedWithWarning) {
  ImportResult r = MustParseFile("quirks.bib");
  EXPECT_EQ(ByLabel(r, "empty2019"), nullptr);
  EXPECT_TRUE(
      HasWarning(r, {"quirks.bib: entry 8 'empty2019' (line 54): no identifier and no title"}))
      << AllWarnings(r);
}

TEST(BibtexQuirks, MalformedDoiIsIgnoredWithWarningAndNoteGivesPmid) {
  ImportResult r = MustParseFile("quirks.bib");
  const Reference* p = ByLabel(r, "baddoi");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->doi, "");
  EXPECT_EQ(p->pmid, "17813860");
  EXPECT_TRUE(HasWarning(r, {"entry 9 'baddoi' (line 59)", "malformed DOI 'not-a-doi'"}));
}

TEST(BibtexQuirks, MathBracesNoopsortAndBiorxivUrl) {
  ImportResult r = MustParseFile("quirks.bib");
  const Reference* p = ByLabel(r, "math2018");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->title,
            "$O(n \\log n)$ Sorting with α-Stable Networks and {Braces} in Deeply Nested Groups");
  EXPECT_THAT(p->authors, ElementsAre("Barnes and Noble", "Jane Doe"));
  EXPECT_EQ(p->doi, "10.1101/2020.03.22.002386");
}

TEST(BibtexQuirks, EprintTypedPubmedDateFieldAndNameParticles) {
  ImportResult r = MustParseFile("quirks.bib");
  const Reference* p = ByLabel(r, "pubmedtype");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->pmid, "26017442");
  EXPECT_EQ(p->year, "2015");
  const Reference* v = ByLabel(r, "vonname");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->arxiv, "1312.6114");  // note = {arXiv: 1312.6114}
  EXPECT_THAT(v->authors, ElementsAre("Johannes Diderik van der Waals", "Jean de la Fontaine",
                                      "Martin Luther King Jr.", "Ludwig van Beethoven"));
}

// ---- Syntax details --------------------------------------------------------------------

TEST(Bibtex, FieldAndTypeNamesAreCaseInsensitiveAndFirstFieldWins) {
  ImportResult r = Bib("@ARTICLE{k, TITLE = {First}, Title = {Second}, DOI = {10.1000/ABC}}");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_EQ(r.refs[0].title, "First");
  EXPECT_EQ(r.refs[0].doi, "10.1000/abc");
}

TEST(Bibtex, StringMacroReferencingAnotherMacroAndMonths) {
  ImportResult r =
      Bib("@string{a = \"Deep\"}\n@string{b = a # { Learning}}\n"
          "@misc{k, title = b # \", \" # jan, year = 2015}");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_EQ(r.refs[0].title, "Deep Learning, January");
  EXPECT_EQ(r.refs[0].year, "2015");
}

TEST(Bibtex, EntrySpanningLinesWithCrlfAndTabs) {
  ImportResult r =
      Bib("\r\n@article{k,\r\n\ttitle =\r\n\t\t{Split\r\n Title},\r\n\teprint = "
          "{2401.01234v2},\r\n\tarchivePrefix = {arXiv}\r\n}\r\n");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_EQ(r.refs[0].title, "Split Title");
  EXPECT_EQ(r.refs[0].arxiv, "2401.01234");
  EXPECT_EQ(r.refs[0].line, 2);
}

TEST(Bibtex, QuotedValueKeepsBracedAndEscapedQuotes) {
  ImportResult r = Bib("@misc{k, title = \"The {\"}Best{\"} of M\\\"uller\"}");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_EQ(r.refs[0].title, "The \"Best\" of Müller");
}

TEST(Bibtex, EmptyValuesAndEntriesWithoutFieldsAreHandled) {
  ImportResult r = Bib("@misc{empty}\n@misc{k2, title = , doi = {10.1000/x}}");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_EQ(r.refs[0].label, "k2");
  EXPECT_EQ(r.refs[0].index, 1u);
  EXPECT_TRUE(HasWarning(r, {"entry 1 'empty' (line 1): no identifier and no title"}));
}

TEST(Bibtex, EprintWithoutPrefixIsTakenAsArxivAndUrlsOfOtherTypesAreScanned) {
  ImportResult r =
      Bib("@misc{a, title={A}, eprint={arXiv:2001.08361v1}}\n"
          "@misc{b, title={B}, eprint={https://arxiv.org/abs/2005.14165}, eprinttype={url}}\n"
          "@misc{c, title={C}, eprint={10.1000/xyz}}\n"
          "@misc{d, title={D}, eprint={1234}, eprinttype={jstor}}\n");
  ASSERT_EQ(r.refs.size(), 4u);
  EXPECT_EQ(r.refs[0].arxiv, "2001.08361");
  EXPECT_EQ(r.refs[1].arxiv, "2005.14165");
  EXPECT_EQ(r.refs[2].doi, "10.1000/xyz");
  EXPECT_FALSE(r.refs[3].HasId());
}

TEST(Bibtex, MalformedArxivEprintIsWarned) {
  ImportResult r = Bib("@misc{k, title={T}, eprint={not-an-id}, archivePrefix={arXiv}}");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_EQ(r.refs[0].arxiv, "");
  EXPECT_TRUE(HasWarning(r, {"entry 1 'k' (line 1)", "arXiv eprint 'not-an-id'"}));
}

TEST(Bibtex, UnterminatedEntryAtEndOfFileIsSkippedWithWarning) {
  auto r = ParseReferences("@article{a, title={Good}, doi={10.1000/a}}\n\n@article{b, title={Cut",
                           "cut.bib");
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->refs.size(), 1u);
  EXPECT_EQ(r->refs[0].label, "a");
  EXPECT_TRUE(HasWarning(*r, {"cut.bib: entry 2 'b' (line 3)", "unterminated", "skipped"}))
      << AllWarnings(*r);
}

TEST(Bibtex, UnterminatedQuotedValueIsWarned) {
  ImportResult r = Bib("@article{a, title = \"never closed }\n@article{b, title={B}}");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_EQ(r.refs[0].label, "b");
  EXPECT_TRUE(HasWarning(r, {"entry 1 'a' (line 1)", "unterminated quoted value"}));
}

TEST(Bibtex, JunkWithoutEntriesIsAParseError) {
  auto r = ParseReferences("just some text, no entries here\n", "notes.bib", RefFormat::kBibtex);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_NE(r.error().message.find("notes.bib"), std::string::npos);
  EXPECT_NE(r.error().message.find("line 1"), std::string::npos);
}

TEST(Bibtex, OnlyMacrosAndCommentsIsNotAnErrorButWarns) {
  ImportResult r = Bib("@string{a = {x}}\n@comment{nothing}\n");
  EXPECT_TRUE(r.refs.empty());
  EXPECT_TRUE(HasWarning(r, {"no entries"}));
}

TEST(Bibtex, TenThousandNestedBracesAreDecodedWithoutRecursion) {
  std::string title = std::string(10000, '{') + "Deep" + std::string(10000, '}');
  ImportResult r = Bib("@misc{k, title = {" + title + "}, year = 2020}");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_EQ(r.refs[0].title, "Deep");
  EXPECT_EQ(r.refs[0].year, "2020");
}

TEST(Bibtex, TenThousandUnclosedBracesGiveAWarningNamingTheEntry) {
  ImportResult r = Bib("@misc{deep, title = " + std::string(10000, '{') + "x");
  EXPECT_TRUE(r.refs.empty());
  EXPECT_TRUE(HasWarning(r, {"entry 1 'deep' (line 1)", "unterminated"}));
}

TEST(Bibtex, ExplodingStringMacrosAreCapped) {
  std::string body = "@string{m0 = \"0123456789abcdef0123456789abcdef\"}\n";
  for (int i = 1; i <= 80; ++i)
    body += "@string{m" + std::to_string(i) + " = m" + std::to_string(i - 1) + " # m" +
            std::to_string(i - 1) + "}\n";
  body += "@misc{k, title = m80, doi = {10.1000/k}}\n";
  ImportResult r = Bib(body);
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_EQ(r.refs[0].doi, "10.1000/k");
  EXPECT_LE(r.refs[0].title.size(), 4096u + 3);
  EXPECT_TRUE(HasWarning(r, {"64 MiB"}));
}

TEST(Bibtex, ManyBadEntriesCapTheWarningList) {
  std::string body;
  for (int i = 0; i < 1000; ++i) body += "@misc{e" + std::to_string(i) + ", note = {x}}\n";
  ImportResult r = Bib(body);
  EXPECT_TRUE(r.refs.empty());
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_LE(r.warnings.size(), 201u);
  EXPECT_NE(r.warnings.back().find("more warnings"), std::string::npos);
}

TEST(Bibtex, HostilePatternsFinish) {
  // Each of these is a classic quadratic trap for a naive scanner; they must simply finish.
  std::vector<std::string> bodies = {
      std::string(200000, '@'),
      [] {
        std::string s;
        for (int i = 0; i < 20000; ++i) s += "@a{";
        return s;
      }(),
      [] {
        std::string s = "@misc{k, title = {";
        for (int i = 0; i < 20000; ++i) s += "\\cite[\\href";
        return s + "}}";
      }(),
      [] {
        std::string s;
        for (int i = 0; i < 20000; ++i) s += "@misc{k" + std::to_string(i) + ", title = \"x\n";
        return s;
      }(),
      "@misc{k, title = {" + std::string(200000, '$') + "}}",
      "@misc{k, note = {" + std::string(100000, 'x') + " arXiv " + std::string(100000, ' ') + "}}",
  };
  for (const std::string& b : bodies) {
    auto r = ParseReferences(b, "hostile.bib", RefFormat::kBibtex);
    if (r) {
      for (const std::string& w : r->warnings) EXPECT_EQ(w.rfind("hostile.bib: ", 0), 0u) << w;
    } else {
      EXPECT_EQ(r.error().code, Code::kParse);
    }
  }
}

TEST(Bibtex, TruncatedSampleNeverFailsAndNamesTheCutEntry) {
  const std::string full = ah::testing::ReadData("imports/zotero.bib");
  for (size_t cut = 1; cut < full.size(); cut += 37) {
    auto r = ParseReferences(full.substr(0, cut), "cut.bib");
    if (!r) {
      EXPECT_EQ(r.error().code, Code::kParse) << cut;
      continue;
    }
    EXPECT_LE(r->refs.size(), 7u);
    for (const Reference& ref : r->refs) EXPECT_TRUE(ref.HasId() || !ref.title.empty());
    for (const std::string& w : r->warnings) EXPECT_EQ(w.rfind("cut.bib: ", 0), 0u) << w;
  }
}

TEST(Bibtex, ParseBibtexIsCallableDirectly) {
  auto r = ParseBibtex("@misc{k, title={T}}", "direct");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->format, RefFormat::kBibtex);
  EXPECT_EQ(r->refs.size(), 1u);
}

}  // namespace
}  // namespace ah::imports
