#include "imports/util.h"

#include <gtest/gtest.h>

#include <string>

#include "imports/tex.h"

namespace ah::imports {
namespace {

Reference Scan(const std::string& text) {
  Reference ref;
  ScanIds(ref, text);
  return ref;
}

TEST(ScanIds, ArxivInEveryWrittenForm) {
  EXPECT_EQ(Scan("arXiv:1706.03762 [cs]").arxiv, "1706.03762");
  EXPECT_EQ(Scan("arXiv: 1706.03762").arxiv, "1706.03762");
  EXPECT_EQ(Scan("arXiv preprint arXiv:1810.04805").arxiv, "1810.04805");
  EXPECT_EQ(Scan("arXiv preprint hep-th/9802150").arxiv, "hep-th/9802150");
  EXPECT_EQ(Scan("e-print arXiv 2401.01234v3, 2024").arxiv, "2401.01234");
  EXPECT_EQ(Scan("https://arxiv.org/abs/2401.01234v2?context=cs").arxiv, "2401.01234");
  EXPECT_EQ(Scan("http://export.arxiv.org/pdf/math/0211159v1.pdf").arxiv, "math/0211159");
  EXPECT_EQ(Scan("<p>see (arXiv:2106.09685).</p>").arxiv, "2106.09685");
  EXPECT_EQ(Scan("10.48550/arXiv.2203.02155").arxiv, "2203.02155");
  EXPECT_EQ(Scan("1706.03762 is just a number").arxiv, "");
  EXPECT_EQ(Scan("arXiv").arxiv, "");
}

TEST(ScanIds, DoisInUrlsAndText) {
  EXPECT_EQ(Scan("https://doi.org/10.1002%2Fanie.201915678").doi, "10.1002/anie.201915678");
  EXPECT_EQ(Scan("http://dx.doi.org/10.1038/nature14539.").doi, "10.1038/nature14539");
  EXPECT_EQ(Scan("doi: 10.1056/NEJMoa2001017. Epub 2020").doi, "10.1056/nejmoa2001017");
  EXPECT_EQ(Scan("DOI 10.1103/PhysRevLett.116.061102").doi, "10.1103/physrevlett.116.061102");
  EXPECT_EQ(Scan("(10.1002/(SICI)1097-4636(199606)31:2<187)").doi,
            "10.1002/(sici)1097-4636(199606)31:2");
  EXPECT_EQ(Scan("https://www.medrxiv.org/content/10.1101/2020.04.14.20062463v2.full.pdf").doi,
            "10.1101/2020.04.14.20062463");
  EXPECT_EQ(Scan("record.uri?eid=2-s2.0-1&doi=10.1109%2fCVPR.2016.90&partnerID=40").doi,
            "10.1109/cvpr.2016.90");
  EXPECT_EQ(Scan("version 10.5 of the tool").doi, "");
  // Found by fuzzing: percent-decoding must not yield broken UTF-8 or control characters.
  EXPECT_EQ(Scan("https://www.biorxiv.org/content/10.1101/2020.03.22.002%86v3.full").doi, "");
  EXPECT_EQ(Scan("https://doi.org/10.1000/a%01b").doi, "");
}

TEST(ScanIds, PubmedIds) {
  EXPECT_EQ(Scan("https://pubmed.ncbi.nlm.nih.gov/31978945/").pmid, "31978945");
  EXPECT_EQ(Scan("http://www.ncbi.nlm.nih.gov/pubmed/26017442").pmid, "26017442");
  EXPECT_EQ(Scan("https://europepmc.org/abstract/MED/13054692").pmid, "13054692");
  EXPECT_EQ(Scan("PMID: 34265844; PMCID: PMC8371605").pmid, "34265844");
  EXPECT_EQ(Scan("PMID:34265844").pmid, "34265844");
  EXPECT_EQ(Scan("PM:17813860").pmid, "17813860");
  EXPECT_EQ(Scan("PMID: 1000303116").pmid, "");  // more than 8 digits
}

TEST(ScanIds, FirstFoundWins) {
  Reference ref;
  ref.doi = "10.1000/first";
  ScanIds(ref, "doi:10.1000/second arXiv:2401.01234");
  EXPECT_EQ(ref.doi, "10.1000/first");
  EXPECT_EQ(ref.arxiv, "2401.01234");
}

TEST(TakeIds, ValidityIsReportedEvenWhenAlreadySet) {
  Reference ref;
  EXPECT_TRUE(TakeDoi(ref, " https://doi.org/10.1000/ABC "));
  EXPECT_TRUE(TakeDoi(ref, "10.1000/other"));
  EXPECT_EQ(ref.doi, "10.1000/abc");
  EXPECT_FALSE(TakeDoi(ref, "not a doi"));
  EXPECT_TRUE(TakeArxiv(ref, "1706.03762v5 [cs.CL]"));
  EXPECT_EQ(ref.arxiv, "1706.03762");
  EXPECT_FALSE(TakeArxiv(ref, "cs.CL"));
  EXPECT_TRUE(TakePmid(ref, "PMID: 0031978945"));
  EXPECT_EQ(ref.pmid, "31978945");
  EXPECT_FALSE(TakePmid(ref, "PMC7092803"));
}

TEST(ExtractYear, DateShapes) {
  EXPECT_EQ(ExtractYear("2017"), "2017");
  EXPECT_EQ(ExtractYear("2017/06/12/"), "2017");
  EXPECT_EQ(ExtractYear("2020 Feb 20"), "2020");
  EXPECT_EQ(ExtractYear("June 2019"), "2019");
  EXPECT_EQ(ExtractYear("20170612"), "2017");
  EXPECT_EQ(ExtractYear("Feb 20"), "");
  EXPECT_EQ(ExtractYear("in press"), "");
  EXPECT_EQ(ExtractYear("12345"), "");
}

TEST(DisplayName, CommaFormsAndSuffixes) {
  EXPECT_EQ(DisplayName("Vaswani, Ashish"), "Ashish Vaswani");
  EXPECT_EQ(DisplayName("Baldwin,S.A."), "S.A. Baldwin");
  EXPECT_EQ(DisplayName("King, Jr., Martin Luther"), "Martin Luther King Jr.");
  EXPECT_EQ(DisplayName("King, Martin Luther, Jr."), "Martin Luther King Jr.");
  EXPECT_EQ(DisplayName("  World   Health Organization "), "World Health Organization");
}

TEST(Truncate, CutsOnCharacterBoundaries) {
  EXPECT_EQ(Truncate("abc", 5), "abc");
  EXPECT_EQ(Truncate("ééé", 3), "é…");  // never half a character
  EXPECT_EQ(LabelFromTitle("A Novel Coronavirus from Patients with Pneumonia in China, 2019"),
            "A Novel Coronavirus from Patients with…");
}

TEST(Warnings, PrefixesOriginAndCapsTheList) {
  Warnings w("f.bib");
  w.AddEntry(2, "key", 41, "no identifier and no title");
  w.AddEntry(0, "", 0, "odd");
  w.AddEntry(5, "it's\nodd", 3, "x");
  std::vector<std::string> got = w.Take();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], "f.bib: entry 3 'key' (line 41): no identifier and no title");
  EXPECT_EQ(got[1], "f.bib: entry 1: odd");
  EXPECT_EQ(got[2], "f.bib: entry 6 'it s odd' (line 3): x");
  for (int i = 0; i < 250; ++i) w.Add("x");
  got = w.Take();
  EXPECT_EQ(got.size(), kMaxWarnings + 1);
  EXPECT_EQ(got.back(), "f.bib: ... and 50 more warnings");
}

TEST(LineIndex, CountsLfCrlfAndCr) {
  LineIndex lines("a\nb\r\nc\rd");
  EXPECT_EQ(lines.LineOf(0), 1);
  EXPECT_EQ(lines.LineOf(2), 2);
  EXPECT_EQ(lines.LineOf(4), 2);  // the \n of \r\n
  EXPECT_EQ(lines.LineOf(5), 3);
  EXPECT_EQ(lines.LineOf(7), 4);
}

TEST(DecodeTex, AccentSpellings) {
  EXPECT_EQ(DecodeTex(R"(M{\"u}ller M\"uller M\"{u}ller {\"{u}})"), "Müller Müller Müller ü");
  EXPECT_EQ(DecodeTex(R"(\'{e} \`a \^{o} \~n \={a} \.{z} \u{g} \v{s} \H{o} \c{c} \k{a} \r{a})"),
            "é à ô ñ ā ż ğ š ő ç ą å");
  EXPECT_EQ(DecodeTex(R"(\v s \c c)"), "š ç");  // letter accents take a spaced argument
  EXPECT_EQ(DecodeTex(R"(Anton{\'\i}n \'{\i} \"{\i})"), "Antonín í ï");
  EXPECT_EQ(DecodeTex(R"(\'{x})"), "x\xCC\x81");  // no precomposed letter: combining mark
  EXPECT_EQ(DecodeTex(R"(\'{})"), "");
}

TEST(DecodeTex, LettersSymbolsAndLigatures) {
  EXPECT_EQ(DecodeTex(R"({\ss} {\o} {\O} {\l} {\L} {\ae} {\oe} {\aa} {\AA} {\i})"),
            "ß ø Ø ł Ł æ œ å Å ı");
  EXPECT_EQ(DecodeTex(R"(\& \% \$ \# \_ \{ \})"), "& % $ # _ { }");
  EXPECT_EQ(DecodeTex("a--b---c ``q'' `s'"), "a–b—c “q” ‘s'");
  EXPECT_EQ(DecodeTex("non~breaking"), "non breaking");
  EXPECT_EQ(DecodeTex(R"({\textendash} {\textless}x{\textgreater} {\textregistered})"), "– <x> ®");
  EXPECT_EQ(DecodeTex(R"(Gro\ss e)"), "Große");  // a control word eats the following space
  EXPECT_EQ(DecodeTex(R"(\LaTeX{} rocks)"), "LaTeX rocks");
}

TEST(DecodeTex, FormattingCommandsKeepTheirText) {
  EXPECT_EQ(DecodeTex(R"(\emph{E. coli} and {\em in vivo} and \textbf{\textit{x}})"),
            "E. coli and in vivo and x");
  EXPECT_EQ(DecodeTex(R"(\href{https://x.org}{Link} {\noopsort{b}}Title \mbox{Box})"),
            "Link Title Box");
  EXPECT_EQ(DecodeTex(R"(\unknowncommand{kept})"), "kept");
}

TEST(DecodeTex, MathKeptUnlessASingleSymbol) {
  EXPECT_EQ(DecodeTex(R"($\alpha$-synuclein)"), "α-synuclein");
  EXPECT_EQ(DecodeTex(R"(${\beta}$ and $ \pm $ and 37$^\circ$C)"), "β and ± and 37°C");
  EXPECT_EQ(DecodeTex(R"($O(n \log n)$ time)"), "$O(n \\log n)$ time");
  EXPECT_EQ(DecodeTex(R"(costs \$5 and $ unclosed)"), "costs $5 and $ unclosed");
  EXPECT_EQ(DecodeTex(R"(\alpha-helix {\textalpha})"), "α-helix α");
}

TEST(DecodeTex, DeepAndBrokenInputIsLinearAndSafe) {
  std::string deep = std::string(100000, '{') + "x" + std::string(100000, '}');
  EXPECT_EQ(DecodeTex(deep), "x");
  EXPECT_EQ(DecodeTex(std::string(50000, '{')), "");
  EXPECT_EQ(DecodeTex("\\"), "");
  EXPECT_EQ(DecodeTex("\\'"), "");
  EXPECT_EQ(DecodeTex("\\href{unclosed"), "");
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "\\cite[";
  EXPECT_EQ(DecodeTex(many), "");
}

TEST(DecodeTexVerbatim, UrlAndDoiEscapes) {
  EXPECT_EQ(DecodeTexVerbatim(R"(10.1007/978-3-319-24574-4{\_}28)"),
            "10.1007/978-3-319-24574-4_28");
  EXPECT_EQ(DecodeTexVerbatim(R"(https://x.org/{\~{}}ana/a%20b)"), "https://x.org/~ana/a%20b");
  EXPECT_EQ(DecodeTexVerbatim(R"(https://x.org/$\sim$ana/p\_q)"), "https://x.org/~ana/p_q");
  EXPECT_EQ(DecodeTexVerbatim(R"(10.1002/x{\textless}187{\textgreater}3)"), "10.1002/x<187>3");
  EXPECT_EQ(DecodeTexVerbatim(R"(\url{https://arxiv.org/abs/1706.03762})"),
            "https://arxiv.org/abs/1706.03762");
}

}  // namespace
}  // namespace ah::imports
