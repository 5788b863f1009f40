// Titles and names as real exports spell them (issue 11, "Seeds from real libraries"):
// \hyphen{}, formulas of several symbols, HTML entities, TeX escaped a second time by Zotero,
// ligatures and no-break spaces all become plain text.
#include <gtest/gtest.h>

#include <string>

#include "import_test_util.h"
#include "imports/tex.h"
#include "imports/util.h"

namespace ah::imports {
namespace {

TEST(DecodeTex, HyphenCommandsAreHyphens) {
  // carlostome_latex-biblio__dblp.bib (DBLP), plk_biblatex__biblatex-examples.bib.
  EXPECT_EQ(DecodeTex(R"(Set\hyphen{}Theoretic Type Theory)"), "Set-Theoretic Type Theory");
  EXPECT_EQ(DecodeTex(R"(methodology\hyphen independent)"), "methodology-independent");
  EXPECT_EQ(DecodeTex(R"(non\-breaking \textendash{} x)"), "nonbreaking – x");
}

TEST(DecodeTex, FormulasOfKnownSymbolsBecomeText) {
  // Blaisorblade_Bibs__zotero.bib, d2l-en__d2l.bib, lmthang_thesis__thesis.bib.
  EXPECT_EQ(DecodeTex(R"({{$\Pi\Sigma$}}: Dependent Types)"), "ΠΣ: Dependent Types");
  EXPECT_EQ(DecodeTex(R"(worth $16\times 16$ words)"), "worth 16×16 words");
  EXPECT_EQ(DecodeTex(R"(and $<$ 1MB model size)"), "and < 1MB model size");
  EXPECT_EQ(DecodeTex(R"(Transposing {{G}} to {{C}}{$\sharp$})"), "Transposing G to C♯");
  EXPECT_EQ(DecodeTex(R"(Constraints for {C}$^\sharp$ Generics)"), "Constraints for C♯ Generics");
  EXPECT_EQ(DecodeTex(R"(in $$\lambda $$-Calculus)"), "in λ-Calculus");
  EXPECT_EQ(DecodeTex(R"($\lambda\nu$-terms)"), "λν-terms");
  // Formulas with structure stay as typed.
  EXPECT_EQ(DecodeTex(R"($O(n \log n)$ time)"), "$O(n \\log n)$ time");
  EXPECT_EQ(DecodeTex(R"(the $n$-th thing)"), "the $n$-th thing");
  EXPECT_EQ(DecodeTex(R"($x^2 + y_1$)"), "$x^2 + y_1$");
}

Reference One(const std::string& bib) {
  ImportResult r = MustParse(bib, RefFormat::kBibtex);
  EXPECT_EQ(r.refs.size(), 1u);
  return r.refs.empty() ? Reference{} : r.refs.front();
}

TEST(BibtexTitles, HtmlEntitiesAreDecoded) {
  // tudelft_publications__website_all.bib, milensys_genai_authorship__savedrecs_WoS.bib.
  EXPECT_EQ(One("@article{a, title = {Guidance &amp; Control Networks}}").title,
            "Guidance & Control Networks");
  EXPECT_EQ(One("@article{a, title = {World &gt; Consumer tech &#233;t&eacute;}}").title,
            "World > Consumer tech été");
  EXPECT_EQ(One(R"(@article{a, title = {Lockheed Martin \& Drone Racing}})").title,
            "Lockheed Martin & Drone Racing");
}

TEST(BibtexTitles, TexThatZoteroEscapedIsDecoded) {
  // Blaisorblade_Bibs__zotero.bib and BU-DiSC_mendeley-library__library_MendeleyDesktop.bib:
  // the user's TeX, escaped again on export.
  EXPECT_EQ(
      One(R"(@article{a, title = {Evolving the {{Incremental}} \{\textbackslash lambda\} {{Calculus}}}})")
          .title,
      "Evolving the Incremental λ Calculus");
  EXPECT_EQ(
      One(R"(@article{a, title = {{A survey of top-$\backslash$emph{\{}k{\}} query processing}}})")
          .title,
      "A survey of top-k query processing");
  EXPECT_EQ(One(R"(@article{a, title = {{$\backslash$emph{\{}i{\}}SAX: indexing}}})").title,
            "iSAX: indexing");
  EXPECT_EQ(
      One(R"(@article{a, title = {Undecidability of \${{D}}\_\{{$<$}:\}\$ and Its Fragments}})")
          .title,
      "Undecidability of $D_{<:}$ and Its Fragments");
  // A price is not TeX.
  EXPECT_EQ(One(R"(@article{a, title = {\$2.00 a Day}})").title, "$2.00 a Day");
}

TEST(ImportText, LigaturesAndNoBreakSpacesAreFolded) {
  // diegoferigo_phd-thesis__zotero.bib ("Diﬀerentiation", "Jeﬀrey"); deep-review and
  // tudelft exports (U+00A0 between words, U+00AD soft hyphens).
  Reference r =
      One("@article{baydin, title = {Automatic {Di\xEF\xAC\x80"
          "erentiation} in Machine Learning},"
          " author = {Siskind, Je\xEF\xAC\x80rey Mark and Uni\xEF\xAC\x81"
          "ed, A}}");
  EXPECT_EQ(r.title, "Automatic Differentiation in Machine Learning");
  ASSERT_EQ(r.authors.size(), 2u);
  EXPECT_EQ(r.authors[0], "Jeffrey Mark Siskind");
  EXPECT_EQ(r.authors[1], "A Unified");
  EXPECT_EQ(
      One("@article{a, title = {Learning\xC2\xA0the\xE2\x80\xAF Sequence Deter\xC2\xADminants}}")
          .title,
      "Learning the Sequence Determinants");
}

TEST(ImportText, EscapedBracesInNamesAreDropped) {
  // tudelft_publications__pure_cs.bib (Elsevier Pure): "Remes, \{Bart D.W.\}".
  Reference r = One(
      R"(@article{a, title = {T}, author = {Remes, \{Bart D.W.\} and \{Jean Claude\} Leb\`egue}})");
  ASSERT_EQ(r.authors.size(), 2u);
  EXPECT_EQ(r.authors[0], "Bart D.W. Remes");
  EXPECT_EQ(r.authors[1], "Jean Claude Lebègue");
}

}  // namespace
}  // namespace ah::imports
