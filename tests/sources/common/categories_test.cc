#include "sources/categories.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ah::sources {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(Categories, FindsArxivBiorxivAndMedrxivCategoriesWithoutCase) {
  const KnownCategory* lg = FindKnownCategory("cs.lg");
  ASSERT_NE(lg, nullptr);
  EXPECT_EQ(lg->name, "cs.LG");
  EXPECT_EQ(lg->server, "arXiv");
  ASSERT_NE(FindKnownCategory("q-bio.GN"), nullptr);
  ASSERT_NE(FindKnownCategory("hep-th"), nullptr);  // an old-style archive
  const KnownCategory* bio = FindKnownCategory("Bioinformatics");
  ASSERT_NE(bio, nullptr);
  EXPECT_EQ(bio->name, "bioinformatics");
  EXPECT_EQ(bio->server, "bioRxiv");
  const KnownCategory* id = FindKnownCategory("infectious diseases (except hiv/aids)");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->server, "medRxiv");
}

TEST(Categories, RejectsWhatNoServerHas) {
  EXPECT_EQ(FindKnownCategory("nonsense.XX"), nullptr);
  EXPECT_EQ(FindKnownCategory("cs.ML"), nullptr);
  EXPECT_EQ(FindKnownCategory(""), nullptr);
}

TEST(Categories, EveryCategoryOfTheJuneArxivFeedsIsKnown) {
  // The categories of the papers announced in June 2026 (cs, its cross-lists).
  for (const char* c :
       {"cs.CV", "cs.AI", "cs.CL", "cs.LG", "eess.IV", "stat.ML", "econ.TH", "q-bio.QM",
        "cond-mat.mtrl-sci", "physics.comp-ph", "q-fin.CP", "math-ph", "astro-ph.IM", "nlin.AO",
        "cond-mat.stat-mech", "physics.pop-ph", "cs.GL", "cond-mat.other", "astro-ph.EP"})
    EXPECT_NE(FindKnownCategory(c), nullptr) << c;
}

TEST(Categories, SuggestsTheCategoryMeant) {
  EXPECT_THAT(NearestKnownCategories("cs.LGG"), ElementsAre("cs.LG"));
  EXPECT_THAT(NearestKnownCategories("cs.ML"), Contains("stat.ML"));
  EXPECT_EQ(NearestKnownCategories("cs.ML").front(), "stat.ML");
  EXPECT_THAT(NearestKnownCategories("bioinformatic"), ElementsAre("bioinformatics"));
  EXPECT_THAT(NearestKnownCategories("nonsense.XX"), IsEmpty());
}

TEST(Categories, NamesAreUniquePerServer) {
  const auto& all = KnownCategories();
  for (size_t i = 0; i < all.size(); ++i)
    for (size_t j = i + 1; j < all.size(); ++j)
      EXPECT_FALSE(all[i].name == all[j].name && all[i].server == all[j].server) << all[i].name;
}

}  // namespace
}  // namespace ah::sources
