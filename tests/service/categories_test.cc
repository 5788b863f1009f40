// Categories typed by a person, checked against the taxonomies and the library
// (a real SQLite library holding arXiv, PubMed and bioRxiv-style papers).
#include "service/categories.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service/radars.h"
#include "store/sqlite/sqlite_store.h"
#include "testing.h"

namespace ah::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Paper Listed(std::string arxiv, std::vector<std::string> categories, std::string date) {
  Paper p;
  p.ids.arxiv = arxiv;
  p.key = arxiv;
  p.title = "Paper " + arxiv;
  p.categories = std::move(categories);
  p.primary_category = p.categories.front();
  p.listings.push_back(Listing{"arxiv", date, "new", ""});
  return p;
}

class CategoriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::sqlite::SqliteStore::Open((dir_.path() / "lib.db").string());
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(*s);
    std::vector<Paper> page = {
        Listed("2606.00001", {"cs.LG", "cs.AI"}, "2026-06-01"),
        // A journal's subject vocabulary is open-ended: known only from its papers.
        Listed("2606.00002", {"Humans", "Magnetic Resonance Imaging"}, "2026-06-02")};
    auto r = store_->UpsertPage(page, std::nullopt);
    ASSERT_TRUE(r) << r.error().ToString();
  }

  ah::testing::TempDir dir_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
};

TEST_F(CategoriesTest, KnownCategoriesTakeTheServersSpelling) {
  EXPECT_EQ(ResolveCategory(*store_, "cs.lg").value(), "cs.LG");
  EXPECT_EQ(ResolveCategory(*store_, " q-bio.GN ").value(), "q-bio.GN");  // none in the library
  EXPECT_EQ(ResolveCategory(*store_, "Bioinformatics").value(), "bioinformatics");
}

TEST_F(CategoriesTest, CategoriesOfListedPapersAreAccepted) {
  EXPECT_EQ(ResolveCategory(*store_, "humans").value(), "Humans");
  EXPECT_EQ(ResolveCategory(*store_, "Magnetic Resonance Imaging").value(),
            "Magnetic Resonance Imaging");
}

TEST_F(CategoriesTest, UnknownCategoryIsAnErrorSayingWhatItWasCheckedAgainst) {
  auto r = ResolveCategory(*store_, "nonsense.XX");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::kInvalidArgument);
  EXPECT_THAT(r.error().message, HasSubstr("'nonsense.XX'"));
  EXPECT_THAT(r.error().message,
              HasSubstr("not an arXiv, bioRxiv or medRxiv category, and no paper in the library"));
  EXPECT_THAT(r.error().message, Not(HasSubstr("did you mean")));
}

TEST_F(CategoriesTest, SuggestsFromTheTaxonomyAndFromTheLibrary) {
  auto r = ResolveCategory(*store_, "cs.ML");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("did you mean 'stat.ML'"));
  // The library's latest day carries "Humans".
  r = ResolveCategory(*store_, "Humnas");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("'Humans'"));
}

TEST_F(CategoriesTest, RadarFiltersAreCheckedAndSpeltAsTheLibraryDoes) {
  RadarFields f;
  f.name = "mri";
  f.description = "brain imaging";
  f.categories = std::vector<std::string>{"cs.lg", "humans", ""};
  f.exclude_categories = std::vector<std::string>{"CS.AI"};
  auto r = CreateRadar(*store_, *store_, "ada", f, nullptr);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->include_categories, (std::vector<std::string>{"cs.LG", "Humans"}));
  EXPECT_EQ(r->exclude_categories, (std::vector<std::string>{"cs.AI"}));

  f.name = "typo";
  f.categories = std::vector<std::string>{"nonsense.XX"};
  f.exclude_categories.reset();
  auto bad = CreateRadar(*store_, *store_, "ada", f, nullptr);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
  auto list = store_->ListRadars("ada");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->size(), 1u);  // nothing created
}

}  // namespace
}  // namespace ah::service
