// Citation exports (BibTeX, RIS, CSL-JSON): the fields reference managers
// read, TeX escaping, stable keys, and a round trip through our own import
// parsers that recovers the ids, title and authors.
#include "imports/export.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "imports/bibtex.h"
#include "imports/csl_json.h"
#include "imports/ris.h"

namespace ah::imports {
namespace {

Paper ArxivPaper() {
  Paper p;
  p.key = "1706.03762";
  p.ids.arxiv = "1706.03762";
  p.title = "Attention Is All You Need";
  p.authors = {{"Ashish Vaswani", {}, ""}, {"Noam Shazeer", {}, ""}, {"Łukasz Kaiser", {}, ""}};
  p.abstract = "The dominant sequence transduction models\nare based on recurrent networks.";
  p.categories = {"cs.CL", "cs.LG"};
  p.primary_category = "cs.CL";
  p.versions = {{1, "2017-06-12"}, {2, "2017-06-19"}};
  p.submitted = "2017-06-12";
  p.listings = {{"arxiv", "2017-06-13", "new", "cs.CL"}};
  p.type = "preprint";
  p.pdf_url = "https://arxiv.org/pdf/1706.03762";
  return p;
}

Paper JournalPaper() {
  Paper p;
  p.key = "doi:10.1038/s41586-021-03819-2";
  p.ids.doi = "10.1038/s41586-021-03819-2";
  p.ids.pmid = "34265844";
  p.title = "Highly accurate protein structure prediction with AlphaFold";
  p.authors = {{"John Jumper", {}, ""}, {"Richard Evans", {}, ""}};
  p.journal = "Nature";
  p.volume = "596";
  p.issue = "7873";
  p.pages = "583-589";
  p.published = "2021-07-15";
  p.publisher = "Springer Science and Business Media LLC";
  p.type = "journal-article";
  p.listings = {{"crossref", "2021-07-15", "published", ""}};
  return p;
}

// Braces balance in a BibTeX text, as BibTeX counts them (escaped ones too).
bool BracesBalance(const std::string& s) {
  int depth = 0;
  for (char c : s) {
    if (c == '{') ++depth;
    if (c == '}' && --depth < 0) return false;
  }
  return depth == 0;
}

Reference One(const Result<ImportResult>& r) {
  EXPECT_TRUE(r) << r.error().ToString();
  if (!r || r->refs.size() != 1) {
    ADD_FAILURE() << "want one reference, got " << (r ? r->refs.size() : 0);
    return {};
  }
  EXPECT_TRUE(r->warnings.empty()) << r->warnings.front();
  return r->refs.front();
}

TEST(ExportFormat, NamesTypesAndExtensions) {
  EXPECT_EQ(ParseExportFormat("bib"), ExportFormat::kBibtex);
  EXPECT_EQ(ParseExportFormat("BibTeX"), ExportFormat::kBibtex);
  EXPECT_EQ(ParseExportFormat("ris"), ExportFormat::kRis);
  EXPECT_EQ(ParseExportFormat("json"), ExportFormat::kCslJson);
  EXPECT_EQ(ParseExportFormat("csl-json"), ExportFormat::kCslJson);
  EXPECT_FALSE(ParseExportFormat("pdf"));
  EXPECT_FALSE(ParseExportFormat(""));
  EXPECT_EQ(ExportContentType(ExportFormat::kBibtex), "application/x-bibtex; charset=utf-8");
  EXPECT_EQ(ExportContentType(ExportFormat::kRis),
            "application/x-research-info-systems; charset=utf-8");
  EXPECT_EQ(ExportContentType(ExportFormat::kCslJson),
            "application/vnd.citationstyles.csl+json; charset=utf-8");
  EXPECT_EQ(ExportExtension(ExportFormat::kBibtex), "bib");
  EXPECT_EQ(ExportExtension(ExportFormat::kRis), "ris");
  EXPECT_EQ(ExportExtension(ExportFormat::kCslJson), "json");
}

TEST(CiteKey, IsSurnameYearAndFirstWordInAsciiAndStable) {
  EXPECT_EQ(CiteKey(ArxivPaper()), "vaswani2017attention");
  EXPECT_EQ(CiteKey(JournalPaper()), "jumper2021highly");
  Paper p = ArxivPaper();
  p.authors = {{"Anna Müller", {}, ""}};
  p.title = "On the $\\alpha$-Stability of Graph Networks";
  EXPECT_EQ(CiteKey(p), "muller2017stability");
  p.authors.clear();
  p.title = "";
  EXPECT_EQ(CiteKey(p), "anon2017");
  p.submitted.clear();
  p.versions.clear();
  p.listings.clear();
  EXPECT_EQ(CiteKey(p), "anon");
  // A new version or listing does not change the key.
  Paper later = ArxivPaper();
  later.versions.push_back({3, "2023-08-02"});
  later.listings.push_back({"arxiv", "2023-08-03", "replace", "cs.CL"});
  EXPECT_EQ(CiteKey(later), CiteKey(ArxivPaper()));
}

TEST(Bibtex, WritesArxivPapersAsArxivDoes) {
  const std::string bib = ToBibtex({ArxivPaper()});
  EXPECT_EQ(bib.rfind("@misc{vaswani2017attention,", 0), 0u) << bib;
  EXPECT_NE(bib.find("eprint = {1706.03762}"), std::string::npos) << bib;
  EXPECT_NE(bib.find("archivePrefix = {arXiv}"), std::string::npos);
  EXPECT_NE(bib.find("primaryClass = {cs.CL}"), std::string::npos);
  EXPECT_NE(bib.find("year = {2017}"), std::string::npos);
  EXPECT_NE(bib.find("month = jun"), std::string::npos);
  EXPECT_NE(bib.find("author = {Vaswani, Ashish and Shazeer, Noam and Kaiser, Łukasz}"),
            std::string::npos)
      << bib;
  EXPECT_NE(bib.find("url = {https://arxiv.org/abs/1706.03762}"), std::string::npos);
  EXPECT_TRUE(BracesBalance(bib));
}

TEST(Bibtex, WritesJournalPapersAsArticles) {
  const std::string bib = ToBibtex({JournalPaper()});
  EXPECT_EQ(bib.rfind("@article{jumper2021highly,", 0), 0u) << bib;
  EXPECT_NE(bib.find("title = {Highly accurate protein structure prediction with {AlphaFold}}"),
            std::string::npos)
      << bib;
  EXPECT_NE(bib.find("journal = {Nature}"), std::string::npos);
  EXPECT_NE(bib.find("volume = {596}"), std::string::npos);
  EXPECT_NE(bib.find("number = {7873}"), std::string::npos);
  EXPECT_NE(bib.find("pages = {583--589}"), std::string::npos);
  EXPECT_NE(bib.find("doi = {10.1038/s41586-021-03819-2}"), std::string::npos);
  EXPECT_NE(bib.find("pmid = {34265844}"), std::string::npos);
  EXPECT_NE(bib.find("month = jul"), std::string::npos);
  EXPECT_EQ(bib.find("eprint"), std::string::npos);
}

TEST(Bibtex, EscapesTexSpecialsOutsideMathAndKeepsMath) {
  Paper p = ArxivPaper();
  p.title = "R&D at 100% for $O(n \\log n)$ #1 of_2 {x} ~ ^ \\ end";
  const std::string bib = ToBibtex({p});
  EXPECT_NE(bib.find("title = {{R\\&D} at 100\\% for $O(n \\log n)$ \\#1 of\\_2 "
                     "\\textbraceleft{}x\\textbraceright{} \\textasciitilde{} "
                     "\\textasciicircum{} \\textbackslash{} end}"),
            std::string::npos)
      << bib;
  EXPECT_TRUE(BracesBalance(bib));
  // Read back by our parser, the title is the original text.
  EXPECT_EQ(One(ParseBibtex(bib, "x.bib")).title, p.title);
}

TEST(Bibtex, NeverLetsDataUnbalanceTheEntry) {
  Paper p = ArxivPaper();
  for (const char* title : {"A $x{ lone dollar", "}}} @misc{evil, title={pwned}", "$a}{b$ end",
                            "trailing $\\$ math", "ok $x_{i} + y$ math", "set $\\{x$ open"}) {
    p.title = title;
    p.authors = {{"Eve } and {Mallory", {}, ""}};
    p.abstract = "} @article{x, title = {injected}}";
    const std::string bib = ToBibtex({p});
    EXPECT_TRUE(BracesBalance(bib)) << bib;
    auto r = ParseBibtex(bib, "x.bib");
    ASSERT_TRUE(r) << r.error().ToString();
    ASSERT_EQ(r->refs.size(), 1u) << bib;
    EXPECT_EQ(r->refs[0].title, title) << bib;
    EXPECT_EQ(r->refs[0].arxiv, "1706.03762");
  }
}

TEST(Bibtex, SplitsNamesAsBibtexReadsThem) {
  Paper p = ArxivPaper();
  p.authors = {{"Ludwig van Beethoven", {}, ""},
               {"Martin Luther King Jr.", {}, ""},
               {"Li, Ping", {}, ""},
               {"ATLAS Collaboration", {}, ""},
               {"Bill and Melinda Gates Foundation", {}, ""},
               {"张三", {}, ""}};
  const std::string bib = ToBibtex({p});
  EXPECT_NE(bib.find("author = {van Beethoven, Ludwig and King, Jr., Martin Luther and Li, Ping "
                     "and {ATLAS Collaboration} and {Bill and Melinda Gates Foundation} and 张三}"),
            std::string::npos)
      << bib;
  const Reference r = One(ParseBibtex(bib, "x.bib"));
  EXPECT_EQ(r.authors, (std::vector<std::string>{"Ludwig van Beethoven", "Martin Luther King Jr.",
                                                 "Ping Li", "ATLAS Collaboration",
                                                 "Bill and Melinda Gates Foundation", "张三"}));
}

TEST(Bibtex, RoundTripRecoversIdsAndTitle) {
  const Reference a = One(ParseBibtex(ToBibtex({ArxivPaper()}), "a.bib"));
  EXPECT_EQ(a.arxiv, "1706.03762");
  EXPECT_EQ(a.title, "Attention Is All You Need");
  EXPECT_EQ(a.year, "2017");
  EXPECT_EQ(a.label, "vaswani2017attention");
  const Reference j = One(ParseBibtex(ToBibtex({JournalPaper()}), "j.bib"));
  EXPECT_EQ(j.doi, "10.1038/s41586-021-03819-2");
  EXPECT_EQ(j.pmid, "34265844");
  EXPECT_EQ(j.title, "Highly accurate protein structure prediction with AlphaFold");
  EXPECT_EQ(j.authors, (std::vector<std::string>{"John Jumper", "Richard Evans"}));
}

TEST(Bibtex, SeveralPapersGetDistinctKeys) {
  Paper twin = ArxivPaper();
  twin.ids.arxiv = "1706.99999";
  auto r = ParseBibtex(ToBibtex({ArxivPaper(), twin, JournalPaper()}), "all.bib");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->refs.size(), 3u);
  EXPECT_EQ(r->refs[0].label, "vaswani2017attention");
  EXPECT_EQ(r->refs[1].label, "vaswani2017attentiona");
  EXPECT_EQ(r->refs[1].arxiv, "1706.99999");
  EXPECT_EQ(r->refs[2].doi, "10.1038/s41586-021-03819-2");
}

TEST(Ris, WritesOneValuePerLineWithCrlf) {
  const std::string ris = ToRis({ArxivPaper()});
  EXPECT_EQ(ris.rfind("TY  - UNPB\r\n", 0), 0u) << ris;
  EXPECT_NE(ris.find("\r\nID  - vaswani2017attention\r\n"), std::string::npos);
  EXPECT_NE(ris.find("\r\nAU  - Vaswani, Ashish\r\n"), std::string::npos);
  EXPECT_NE(ris.find("\r\nAU  - Kaiser, Łukasz\r\n"), std::string::npos);
  EXPECT_NE(ris.find("\r\nPY  - 2017\r\n"), std::string::npos);
  EXPECT_NE(ris.find("\r\nDA  - 2017/06/12/\r\n"), std::string::npos);
  EXPECT_NE(ris.find("\r\nAB  - The dominant sequence transduction models are based"),
            std::string::npos);
  EXPECT_NE(ris.find("\r\nKW  - cs.LG\r\n"), std::string::npos);
  EXPECT_NE(ris.find("\r\nN1  - arXiv:1706.03762 [cs.CL]\r\n"), std::string::npos);
  EXPECT_NE(ris.find("\r\nER  - \r\n"), std::string::npos);
  const std::string journal = ToRis({JournalPaper()});
  EXPECT_EQ(journal.rfind("TY  - JOUR\r\n", 0), 0u);
  EXPECT_NE(journal.find("\r\nSP  - 583\r\nEP  - 589\r\n"), std::string::npos) << journal;
  EXPECT_NE(journal.find("\r\nT2  - Nature\r\n"), std::string::npos);
}

TEST(Ris, LineBreaksInDataCannotStartARecordOrTag) {
  Paper p = ArxivPaper();
  p.title = "Title\r\nER  - \r\nTY  - JOUR\r\nTI  - injected";
  auto r = ParseRis(ToRis({p}), "x.ris");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->refs.size(), 1u);
  EXPECT_EQ(r->refs[0].title, "Title ER - TY - JOUR TI - injected");
}

TEST(Ris, RoundTripRecoversIdsAndTitle) {
  const Reference a = One(ParseRis(ToRis({ArxivPaper()}), "a.ris"));
  EXPECT_EQ(a.arxiv, "1706.03762");
  EXPECT_EQ(a.title, "Attention Is All You Need");
  EXPECT_EQ(a.authors,
            (std::vector<std::string>{"Ashish Vaswani", "Noam Shazeer", "Łukasz Kaiser"}));
  EXPECT_EQ(a.year, "2017");
  const Reference j = One(ParseRis(ToRis({JournalPaper()}), "j.ris"));
  EXPECT_EQ(j.doi, "10.1038/s41586-021-03819-2");
  EXPECT_EQ(j.pmid, "34265844");
  EXPECT_EQ(j.title, "Highly accurate protein structure prediction with AlphaFold");
}

TEST(CslJson, WritesAnArrayOfItemsAsZoteroDoes) {
  auto j = nlohmann::json::parse(ToCslJson({ArxivPaper(), JournalPaper()}));
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["id"], "vaswani2017attention");
  EXPECT_EQ(j[0]["type"], "article");
  EXPECT_EQ(j[0]["number"], "arXiv:1706.03762");
  EXPECT_EQ(j[0]["publisher"], "arXiv");
  EXPECT_EQ(j[0]["author"][2], (nlohmann::json{{"family", "Kaiser"}, {"given", "Łukasz"}}));
  EXPECT_EQ(j[0]["issued"]["date-parts"], nlohmann::json::parse("[[2017, 6, 12]]"));
  EXPECT_EQ(j[1]["type"], "article-journal");
  EXPECT_EQ(j[1]["container-title"], "Nature");
  EXPECT_EQ(j[1]["DOI"], "10.1038/s41586-021-03819-2");
  EXPECT_EQ(j[1]["PMID"], "34265844");
  EXPECT_EQ(j[1]["page"], "583-589");
  Paper v = ArxivPaper();
  v.authors = {{"Ludwig van Beethoven", {}, ""}, {"ATLAS Collaboration", {}, ""}};
  auto k = nlohmann::json::parse(ToCslJson({v}));
  EXPECT_EQ(k[0]["author"][0],
            (nlohmann::json{
                {"family", "Beethoven"}, {"given", "Ludwig"}, {"non-dropping-particle", "van"}}));
  EXPECT_EQ(k[0]["author"][1], (nlohmann::json{{"literal", "ATLAS Collaboration"}}));
}

TEST(Export, OnlyWebLinksAreExported) {
  Paper p = JournalPaper();
  p.url = "javascript:alert(1)";
  p.pdf_url = "file:///etc/passwd";
  for (ExportFormat f : {ExportFormat::kBibtex, ExportFormat::kRis, ExportFormat::kCslJson}) {
    const std::string out = Export({p}, f);
    EXPECT_EQ(out.find("javascript:"), std::string::npos) << out;
    EXPECT_EQ(out.find("file:"), std::string::npos) << out;
    EXPECT_NE(out.find("https://doi.org/10.1038/s41586-021-03819-2"), std::string::npos) << out;
  }
}

TEST(CslJson, MarkupInDataStaysData) {
  Paper p = ArxivPaper();
  p.title = "<script>alert(\"x\")</script> \"quoted\" \\ end";
  auto j = nlohmann::json::parse(ToCslJson({p}));
  EXPECT_EQ(j[0]["title"], p.title);
}

TEST(CslJson, RoundTripRecoversIdsAndTitle) {
  const Reference a = One(ParseCslJson(ToCslJson({ArxivPaper()}), "a.json"));
  EXPECT_EQ(a.arxiv, "1706.03762");
  EXPECT_EQ(a.title, "Attention Is All You Need");
  EXPECT_EQ(a.authors,
            (std::vector<std::string>{"Ashish Vaswani", "Noam Shazeer", "Łukasz Kaiser"}));
  EXPECT_EQ(a.year, "2017");
  const Reference j = One(ParseCslJson(ToCslJson({JournalPaper()}), "j.json"));
  EXPECT_EQ(j.doi, "10.1038/s41586-021-03819-2");
  EXPECT_EQ(j.pmid, "34265844");
  EXPECT_EQ(j.title, "Highly accurate protein structure prediction with AlphaFold");
}

TEST(Export, DispatchesByFormat) {
  const std::vector<Paper> ps = {ArxivPaper()};
  EXPECT_EQ(Export(ps, ExportFormat::kBibtex), ToBibtex(ps));
  EXPECT_EQ(Export(ps, ExportFormat::kRis), ToRis(ps));
  EXPECT_EQ(Export(ps, ExportFormat::kCslJson), ToCslJson(ps));
  EXPECT_EQ(ToBibtex({}), "");
  EXPECT_EQ(nlohmann::json::parse(ToCslJson({})), nlohmann::json::array());
}

}  // namespace
}  // namespace ah::imports
