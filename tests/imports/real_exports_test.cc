// Real reference-manager exports (tests/data/imports-real/, provenance in its README.md):
// every file parses with exactly its independent entry count, and the defects issue 11
// found in them ("Seeds from real libraries") stay fixed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "import_test_util.h"
#include "testing.h"

namespace ah::imports {
namespace {

ImportResult Real(const std::string& file) {
  auto r = ParseReferences(ah::testing::ReadData("imports-real/" + file), file);
  EXPECT_TRUE(r.has_value()) << file << ": " << (r ? "" : r.error().ToString());
  return r ? *r : ImportResult{};
}

std::string Warnings(const ImportResult& r) { return ::testing::PrintToString(r.warnings); }

struct Count {
  const char* file;
  RefFormat format;
  size_t entries;  // the independent count (README of the fixtures, or of the excerpt)
  size_t usable;   // entries - the ones skipped with a warning naming them
};

TEST(RealExports, EveryFileParsesWithItsExactEntryCount) {
  const Count kCounts[] = {
      {"AhmedThahir_Zotero_Database__My_Library.bib", RefFormat::kBibtex, 42, 42},
      {"lmthang_thesis__thesis.bib", RefFormat::kBibtex, 290, 290},
      {"mitliagkas_dshs__arxiv_googlescholar.bib", RefFormat::kBibtex, 64, 64},
      {"nvpatin_MAMBO__My_Library_zotero.ris", RefFormat::kRis, 5, 5},
      {"plk_biblatex__biblatex-examples.bib", RefFormat::kBibtex, 92, 90},  // 2 @set
      {"synthesisr__ASP_ris_example.ris", RefFormat::kRis, 4, 4},
      {"synthesisr__Ovid_ris_example.ris", RefFormat::kRis, 4, 4},
      {"synthesisr__PubMed_example.txt", RefFormat::kRis, 3, 3},
      {"synthesisr__Scopus_bib_example.bib", RefFormat::kBibtex, 3, 3},
      {"synthesisr__citesource_issue_24.ris", RefFormat::kRis, 17, 17},
      {"derived_lmthang_three_duplicates.bib", RefFormat::kBibtex, 3, 3},
      {"derived_BU-DiSC_mendeley_excerpt.bib", RefFormat::kBibtex, 4, 4},
      {"derived_Blaisorblade_zotero_excerpt.bib", RefFormat::kBibtex, 17, 17},
      {"derived_EricMFink_betterCSL_excerpt.json", RefFormat::kCslJson, 7, 7},
      {"derived_bibfix_embase_excerpt.RIS", RefFormat::kRis, 4, 4},
      {"derived_carlostome_dblp_excerpt.bib", RefFormat::kBibtex, 7, 7},
      {"derived_crcox_jabref_excerpt.bib", RefFormat::kBibtex, 4, 4},
      {"derived_deep-review_output_excerpt.csl.json", RefFormat::kCslJson, 5, 4},  // URL only
      {"derived_diegoferigo_zotero_excerpt.bib", RefFormat::kBibtex, 4, 4},
      {"derived_tudelft_pure_cs_excerpt.bib", RefFormat::kBibtex, 12, 12},
      {"derived_tudelft_website_all_excerpt.bib", RefFormat::kBibtex, 7, 7},
  };
  for (const Count& c : kCounts) {
    ImportResult r = Real(c.file);
    EXPECT_EQ(r.format, c.format) << c.file;
    EXPECT_EQ(r.refs.size(), c.usable) << c.file << " " << Warnings(r);
    size_t skipped = 0;
    for (const std::string& w : r.warnings)
      skipped += w.find("no identifier and no title") != std::string::npos ||
                 w.find("groups other entries") != std::string::npos;
    EXPECT_EQ(r.refs.size() + skipped, c.entries) << c.file << " " << Warnings(r);
    // Every kept entry is named by its place in the file, in order.
    for (size_t k = 1; k < r.refs.size(); ++k)
      EXPECT_LT(r.refs[k - 1].index, r.refs[k].index) << c.file;
  }
}

TEST(RealExports, DoisWithASpaceOrALabelAreRepairedAndSaidSo) {
  ImportResult r = Real("derived_tudelft_pure_cs_excerpt.bib");
  const Reference* pone = ByLabel(r, "cf855c03e5f04812a330c930922b08f9");
  ASSERT_NE(pone, nullptr);
  EXPECT_EQ(pone->doi, "10.1371/journal.pone.0287612");  // was "10.1371/journal", silently
  EXPECT_TRUE(HasWarning(
      r, {"'cf855c03e5f04812a330c930922b08f9' (line 89)", "10.1371/journal.pone.0287612", "space"}))
      << Warnings(r);
  EXPECT_EQ(ByLabel(r, "3e5250706302431cb1e653467875dd15")->doi, "10.3390/aerospace10050423");
  EXPECT_EQ(ByLabel(r, "800b05c664ea47a18066c17e9aafd538")->doi, "10.3390/aerospace9120847");
  EXPECT_EQ(ByLabel(r, "f90f7c350b124ea9a658a96a299a59b7")->doi, "10.1007/s11340-010-9411-x");
  for (const std::string& w : r.warnings) EXPECT_EQ(w.find("malformed"), std::string::npos) << w;
}

TEST(RealExports, ProxyHostsAndLinksAroundDoisAreRecovered) {
  ImportResult csl = Real("derived_EricMFink_betterCSL_excerpt.json");
  EXPECT_EQ(ByLabel(csl, "Mather2011")->doi, "10.1017/cbo9780511921506.007");
  EXPECT_EQ(ByLabel(csl, "Murthy2020")->doi, "10.2979/jewisocistud.25.2.05");
  EXPECT_EQ(ByLabel(csl, "Tejani2018")->doi, "10.1007/s10624-018-9497-6");
  for (const std::string& w : csl.warnings) EXPECT_EQ(w.find("malformed"), std::string::npos) << w;
  ImportResult bu = Real("derived_BU-DiSC_mendeley_excerpt.bib");
  EXPECT_EQ(ByLabel(bu, "Pirk2014b")->doi, "10.1109/icde.2014.6816677");
  ImportResult embase = Real("derived_bibfix_embase_excerpt.RIS");
  bool dotted = false;
  for (const Reference& ref : embase.refs) dotted |= ref.doi == "10.1519/jsc.0b013e318248d789";
  EXPECT_TRUE(dotted);
  EXPECT_TRUE(HasWarning(embase, {"10.1519/JSC.0b013e318248d789", "'.' for the '/'"}))
      << Warnings(embase);
  ImportResult bz = Real("derived_Blaisorblade_zotero_excerpt.bib");
  EXPECT_EQ(ByLabel(bz, "Rowe2019Characterising")->doi, "10.1145/3314221.3314600");
  EXPECT_TRUE(HasWarning(bz, {"Rowe2019Characterising", "other text"})) << Warnings(bz);
}

TEST(RealExports, TitlesAndNamesAreText) {
  ImportResult bz = Real("derived_Blaisorblade_zotero_excerpt.bib");
  EXPECT_EQ(ByLabel(bz, "Altenkirch2010PS")->title, "ΠΣ: Dependent Types without the Sugar");
  EXPECT_EQ(ByLabel(bz, "Kennedy2018Transposing")->title,
            "Transposing G to C♯: Expressivity of Generalized Algebraic Data Types in an "
            "Object-Oriented Language");
  EXPECT_EQ(ByLabel(bz, "Kelly2016Evolving")->title,
            "Evolving the Incremental λ Calculus into a Model of Forward Automatic "
            "Differentiation (AD)");
  EXPECT_EQ(ByLabel(bz, "Hu2020Undecidability")->title,
            "Undecidability of $D_{<:}$ and Its Decidable Fragments");
  EXPECT_EQ(ByLabel(bz, "Yachi2016Sound")->title,
            "A Sound and Complete Bisimulation for Contextual Equivalence in λ-Calculus with "
            "Call/Cc");
  ImportResult dblp = Real("derived_carlostome_dblp_excerpt.bib");
  EXPECT_EQ(ByLabel(dblp, "McAllester20")->title,
            "MathZero, The Classification Problem, and Set-Theoretic Type Theory");
  ImportResult bu = Real("derived_BU-DiSC_mendeley_excerpt.bib");
  EXPECT_EQ(ByLabel(bu, "Ilyas2008")->title,
            "A survey of top-k query processing techniques in relational database systems");
  EXPECT_EQ(ByLabel(bu, "Kruger2011")->authors.front(), "Jens Krüger");
  ImportResult web = Real("derived_tudelft_website_all_excerpt.bib");
  bool amp = false;
  for (const Reference& ref : web.refs) {
    EXPECT_EQ(ref.title.find("&amp;"), std::string::npos) << ref.title;
    amp |= ref.title == "Guidance & Control Networks for Time-Optimal Quadcopter Flight";
  }
  EXPECT_TRUE(amp);
  ImportResult zotero = Real("derived_diegoferigo_zotero_excerpt.bib");
  const Reference* baydin = ByLabel(zotero, "baydin_automatic_2018");
  EXPECT_EQ(baydin->title, "Automatic Differentiation in Machine Learning: a Survey");
  EXPECT_EQ(baydin->authors.back(), "Jeffrey Mark Siskind");
  ImportResult deep = Real("derived_deep-review_output_excerpt.csl.json");
  EXPECT_EQ(ByLabel(deep, "mlqKTlZY")->authors.front(), "Alexander B. Rosenberg");  // U+00A0
  EXPECT_EQ(ByLabel(deep, "1E1PWjqTm")->doi, "10.1371/journal.pone.0141287");
}

TEST(RealExports, UndefinedStringMacrosAreNamed) {
  // The JabRef file writes every author as a macro of a file it does not include.
  ImportResult r = Real("derived_crcox_jabref_excerpt.bib");
  EXPECT_TRUE(ByLabel(r, "cirelli_is_2008")->authors.empty());
  EXPECT_TRUE(HasWarning(r, {"derived_crcox_jabref_excerpt.bib: entry 1 'cirelli_is_2008' (line 4)",
                             "'CirelliC' (line 6)", "not defined"}))
      << Warnings(r);
  EXPECT_TRUE(HasWarning(r, {"'TononiG' (line 6)", "and 3 more uses"})) << Warnings(r);
}

}  // namespace
}  // namespace ah::imports
