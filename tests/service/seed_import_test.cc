// Seed imports against a small real SQLite library, as the issue's real exports exercise them
// (issue 11, "Seeds from real libraries"): duplicates of one paper, a journal DOI that an
// arXiv record gives, spellings of titles and names, capped "not in the library" warnings,
// and a report when nothing is found.
#include <gtest/gtest.h>

#include <string>

#include "service/radars.h"
#include "service/seeds.h"
#include "store/sqlite/sqlite_store.h"
#include "testing.h"

namespace ah::service {
namespace {

Paper Arxiv(const std::string& id, const std::string& title, std::vector<std::string> authors,
            const std::string& published_doi = "") {
  Paper p;
  p.ids.arxiv = id;
  p.key = id;
  p.title = title;
  for (auto& a : authors) p.authors.push_back({a, {}, ""});
  p.abstract = p.abstract_raw = "An abstract.";
  p.categories = {"cs.CL"};
  p.primary_category = "cs.CL";
  p.versions = {{1, "2016-01-04"}};
  p.listings = {{"arxiv", "2016-01-04", "oai", "cs"}};
  p.submitted = "2016-01-04";
  p.published_doi = published_doi;
  return p;
}

class SeedImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::sqlite::SqliteStore::Open((dir_.path() / "lib.db").string());
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(*s);
    std::vector<Paper> page = {
        Arxiv("1502.02551", "Deep Learning with Limited Numerical Precision",
              {"Suyog Gupta", "Ankur Agrawal", "Kailash Gopalakrishnan", "Pritish Narayanan"}),
        Arxiv("1503.05140",
              "ProtVec: A Continuous Distributed Representation of Biological Sequences",
              {"Ehsaneddin Asgari", "Mohammad R. K. Mofrad"}, "10.1371/journal.pone.0141287"),
        Arxiv("1109.6885", "Fast Updates on Read-Optimized Databases Using Multi-Core CPUs",
              {"Jens Krueger", "Changkyu Kim"}),
        Arxiv("1502.05767", "Automatic differentiation in machine learning: a survey",
              {"Atilim Gunes Baydin", "Barak A. Pearlmutter"}),
        Arxiv("1109.1702", "Kripke Semantics for Martin-L\\\"of's Extensional Type Theory",
              {"Steve Awodey", "Michael Warren"}),
        Arxiv(
            "1208.3596",
            "First steps in synthetic guarded domain theory: step-indexing in the topos of trees",
            {"Lars Birkedal", "Rasmus Ejlers Mogelberg", "Jan Schwinghammer", "Kristian Stovring"}),
        Arxiv("1506.05043",
              "Analysing the Complexity of Functional Programs: Higher-Order Meets "
              "First-Order (Long Version)",
              {"Martin Avanzini", "Ugo Dal Lago"}),
    };
    auto r = store_->UpsertPage(page, std::nullopt);
    ASSERT_TRUE(r) << r.error().ToString();
    RadarFields f;
    f.name = "nmt";
    f.description = "neural machine translation";
    auto radar = CreateRadar(*store_, *store_, "ada", f, nullptr);
    ASSERT_TRUE(radar) << radar.error().ToString();
    radar_id_ = radar->id;
  }

  Result<SeedImport> Match(const std::string& body, const std::string& origin = "lib.bib") {
    return MatchSeeds(*store_, origin, body, "auto");
  }

  ah::testing::TempDir dir_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  int64_t radar_id_ = 0;
};

// tests/data/imports-real/derived_lmthang_three_duplicates.bib: three entries of one paper.
TEST_F(SeedImportTest, DuplicatesOfOnePaperAreEntriesFoundAndOnePaper) {
  const std::string bib =
      ah::testing::ReadData("imports-real/derived_lmthang_three_duplicates.bib");
  auto m = Match(bib, "derived_lmthang_three_duplicates.bib");
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_EQ(m->entries, 3u);
  EXPECT_EQ(m->found, 3u);
  EXPECT_EQ(m->keys, std::vector<std::string>{"1502.02551"});
  ASSERT_EQ(m->warnings.size(), 2u) << ::testing::PrintToString(m->warnings);
  EXPECT_NE(m->warnings[0].find("the same paper as entry 1"), std::string::npos) << m->warnings[0];
  EXPECT_NE(m->warnings[0].find("1502.02551"), std::string::npos) << m->warnings[0];

  auto im = ImportSeedText(*store_, *store_, "ada", radar_id_, "dups.bib", bib, "auto");
  ASSERT_TRUE(im) << im.error().ToString();
  EXPECT_EQ(im->entries, 3u);
  EXPECT_EQ(im->matched, 3u);
  EXPECT_EQ(im->papers, 1u);
  EXPECT_EQ(im->seeds.added, 1u);
  EXPECT_EQ(SeedImportToJson(*im)["papers"], 1);
  EXPECT_EQ(SeedImportToJson(*im)["matched"], 3);
}

TEST_F(SeedImportTest, AJournalDoiGivenByAnArxivRecordFindsIt) {
  // deep-review__output_references.csl.json, item 1E1PWjqTm.
  auto m = Match(
      R"([{"id": "1E1PWjqTm", "type": "article-journal", "DOI": "10.1371/journal.pone.0141287",
                     "title": "Continuous Distributed Representation of Biological Sequences for Deep Proteomics and Genomics"}])",
      "refs.json");
  ASSERT_TRUE(m) << m.error().ToString();
  ASSERT_EQ(m->lookups.size(), 1u);
  EXPECT_EQ(m->lookups[0].key, "1503.05140");
  EXPECT_EQ(m->lookups[0].via, "doi");
}

TEST_F(SeedImportTest, SpellingsOfTitlesAndNamesFindThePaper) {
  auto m = Match(
      // BU-DiSC_mendeley-library__library_MendeleyDesktop.bib: Krüger, arXiv: Krueger.
      "@article{Kruger2011, author = {Kr{\\\"{u}}ger, Jens and Kim, Changkyu},\n"
      " title = {{Fast updates on read-optimized databases using multi-core CPUs}}}\n"
      // diegoferigo_phd-thesis__zotero.bib: a ligature.
      "@article{baydin, title = {Automatic {Di\xEF\xAC\x80"
      "erentiation} in {Machine} {Learning}: a {Survey}},\n"
      " author = {Baydin, At\xC4\xB1l\xC4\xB1m Gunes and Pearlmutter, Barak A}}\n"
      // Blaisorblade_Bibs__zotero.bib: TeX in the arXiv title.
      "@article{Awodey2009Kripke, title = {Kripke {{Semantics}} for {{Martin}}-{{L\xC3\xB6"
      "f}}'s "
      "{{Extensional Type Theory}}}, author = {Awodey, Steve and Warren, Michael A.}}\n"
      // Blaisorblade_Bibs__zotero.bib: the authors in another order.
      "@article{Stovring2012First, title = {First Steps in Synthetic Guarded Domain Theory: "
      "Step-Indexing in the Topos of Trees}, author = {St\\o vring, Kristian and Birkedal, Lars}}\n"
      // The arXiv title's "(Long Version)".
      "@article{Avanzini2015, title = {Analysing the Complexity of Functional Programs: "
      "Higher-Order Meets First-Order}, author = {Avanzini, Martin and Dal Lago, Ugo}}\n");
  ASSERT_TRUE(m) << m.error().ToString();
  ASSERT_EQ(m->lookups.size(), 5u);
  EXPECT_EQ(m->lookups[0].key, "1109.6885");
  EXPECT_EQ(m->lookups[1].key, "1502.05767");
  EXPECT_EQ(m->lookups[2].key, "1109.1702");
  EXPECT_EQ(m->lookups[3].key, "1208.3596");
  EXPECT_EQ(m->lookups[4].key, "1506.05043");
  for (const auto& e : m->lookups) EXPECT_EQ(e.via, "title") << e.label;
  EXPECT_EQ(m->found, 5u);
}

TEST_F(SeedImportTest, TheSameTitleByOtherAuthorsIsNotAMatch) {
  auto m = Match(
      "@article{other, title = {Fast updates on read-optimized databases using multi-core CPUs},"
      " author = {Smith, John}}\n"
      // Without authors, a title of fewer than four words is not enough.
      "@misc{short, title = {Automatic differentiation}}\n");
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_EQ(m->found, 0u);
}

TEST_F(SeedImportTest, NotFoundWarningsAreCappedWithACount) {
  std::string bib;
  for (int i = 0; i < 250; ++i)
    bib += "@misc{k" + std::to_string(i) + ", title = {Nobody ingested paper " + std::to_string(i) +
           "}, doi = {10.9999/none." + std::to_string(i) + "}}\n";
  auto m = Match(bib, "many.bib");
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_EQ(m->entries, 250u);
  ASSERT_EQ(m->warnings.size(), kMaxNotFoundWarnings + 1);
  EXPECT_EQ(m->warnings.back(), "many.bib: ... and 150 more entries not in the library");
}

TEST_F(SeedImportTest, NothingFoundIsAReportAndTheRadarIsUnchanged) {
  auto im = ImportSeedText(*store_, *store_, "ada", radar_id_, "none.bib",
                           "@misc{a, title = {Nobody ingested this}, doi = {10.9999/x}}\n", "auto");
  ASSERT_TRUE(im) << im.error().ToString();
  EXPECT_EQ(im->entries, 1u);
  EXPECT_EQ(im->matched, 0u);
  EXPECT_EQ(im->seeds.added, 0u);
  EXPECT_EQ(im->seeds.total, 0u);
  ASSERT_EQ(im->warnings.size(), 1u);
  EXPECT_NE(im->warnings[0].find("not in the library"), std::string::npos);
  EXPECT_EQ(NothingFound("none.bib", *im).code, Code::kNotFound);
  EXPECT_EQ(NothingFound("none.bib", *im).message,
            "none.bib: none of the 1 entries is in the library; the radar is unchanged");
  auto r = FindRadarById(*store_, "ada", radar_id_);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->seeds.empty());
}

}  // namespace
}  // namespace ah::service
