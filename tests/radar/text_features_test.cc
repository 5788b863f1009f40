#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "radar/authors.h"
#include "radar/features.h"
#include "radar/tokenizer.h"

namespace ah::radar {
namespace {

std::vector<std::string> Words(std::string_view text, const TokenizerOptions& o) {
  std::string scratch;
  std::vector<std::string_view> w;
  ExtractWords(text, o, &scratch, &w);
  return {w.begin(), w.end()};
}

TEST(RadarTokenizer, SklearnStyleKeepsRunsOfTwoOrMoreWordCharacters) {
  TokenizerOptions o;
  o.style = TokenStyle::kSklearn;
  EXPECT_EQ(Words("A state-of-the-art $O(n^2)$ x_1 model_v2, Müller", o),
            (std::vector<std::string>{"state", "of", "the", "art", "x_1", "model_v2", "müller"}));
}

TEST(RadarTokenizer, AcademicStyleFoldsAccentsAndSplitsSubscripts) {
  TokenizerOptions o;
  o.style = TokenStyle::kAcademic;
  EXPECT_EQ(Words("Müller's x_1 graphs 2015", o), (std::vector<std::string>{"muller", "graphs"}));
  o.drop_numbers = false;
  EXPECT_EQ(Words("in 2015", o), (std::vector<std::string>{"in", "2015"}));
}

TEST(RadarTokenizer, LatexCommandsAreKeptOrDropped) {
  TokenizerOptions o;
  o.keep_latex_commands = true;
  EXPECT_EQ(Words("an $\\alpha$-stable \\emph{law}", o),
            (std::vector<std::string>{"an", "alpha", "stable", "emph", "law"}));
  o.keep_latex_commands = false;
  EXPECT_EQ(Words("an $\\alpha$-stable \\emph{law}", o),
            (std::vector<std::string>{"an", "stable", "law"}));
}

TEST(RadarTokenizer, HostileBytesNeverCrash) {
  TokenizerOptions o;
  std::string junk = "\xff\xfe\xc3(\\\\\\\x01 ok \xe2\x82";
  EXPECT_EQ(Words(junk, o), (std::vector<std::string>{"ok"}));
  o.style = TokenStyle::kSklearn;
  EXPECT_EQ(Words(junk, o), (std::vector<std::string>{"ok"}));
}

TEST(RadarTokenizer, StopWordsAreScikitLearnsList) {
  EXPECT_TRUE(IsEnglishStopWord("the"));
  EXPECT_TRUE(IsEnglishStopWord("amoungst"));
  EXPECT_TRUE(IsEnglishStopWord("system"));  // sklearn's list has it
  EXPECT_FALSE(IsEnglishStopWord("graph"));
}

TEST(RadarTokenizer, TermMapperStemsAndDropsStopWords) {
  TokenizerOptions o;
  TermMapper m(o);
  EXPECT_EQ(m.Map("networks"), "network");
  EXPECT_EQ(m.Map("learning"), "learn");
  EXPECT_EQ(m.Map("the"), "");
  o.stem = false;
  TermMapper plain(o);
  EXPECT_EQ(plain.Map("networks"), "networks");
}

// The feature key is coarse on purpose; identity is SamePerson (authors_test.cc).
TEST(RadarAuthors, NameVariantsShareAFeatureKey) {
  EXPECT_EQ(AuthorKey("Ping Li"), "li p");
  EXPECT_EQ(AuthorKey("Li, P."), "li p");
  EXPECT_EQ(AuthorKey("P. Li"), "li p");
  EXPECT_EQ(AuthorKey("Li, Ping"), "li p");
  EXPECT_EQ(AuthorKey("José García-López"), "garcialopez j");
  EXPECT_EQ(AuthorKey("Martin Luther King Jr."), "king m");
  EXPECT_EQ(AuthorKey("Aristotle"), "aristotle");
  EXPECT_EQ(AuthorKey("  "), "");
  EXPECT_EQ(AuthorKey("Yun Wang"), AuthorKey("Yu Wang"));
  EXPECT_FALSE(AuthorsMatch("Yun Wang", "Yu Wang")) << "a shared key is not the same person";
  EXPECT_FALSE(AuthorsMatch("Li, Q.", "Ping Li"));
  EXPECT_FALSE(AuthorsMatch("Ping Lin", "Ping Li"));
  EXPECT_EQ(FindAuthor({"A. Smith", "Ping Li (MIT)"}, "Ping Li"), 1);
  EXPECT_EQ(FindAuthor({"A. Smith"}, "Ping Li"), -1);
}

Corpus Tiny() {
  std::vector<Document> d = {
      {"1",
       "Graph neural networks",
       "We study graph neural networks for node classification.",
       {"Ping Li"},
       "2015-01-01",
       {}},
      {"2",
       "Neural networks for graphs",
       "Graph neural networks learn node embeddings.",
       {"Li, P.", "Ann Smith"},
       "2015-01-02",
       {}},
      {"3",
       "Protein folding",
       "Molecular dynamics of protein folding.",
       {"Bob Jones"},
       "2015-01-03",
       {}},
      {"4",
       "Folding proteins fast",
       "Protein structure prediction with dynamics.",
       {"B. Jones"},
       "2015-01-04",
       {}},
  };
  return Corpus(std::move(d));
}

TEST(RadarFeatures, SklearnIdfAndL2NormalisedRows) {
  Corpus c = Tiny();
  FeatureOptions o = ArxivSanityFeatureOptions();
  o.min_df = 1;
  o.max_df = 1.0;
  o.max_features = 0;
  auto fs = FeatureSpace::Build(c, o);
  ASSERT_TRUE(fs) << fs.error().ToString();
  const SparseMatrix& x = (*fs)->rows();
  ASSERT_EQ(x.rows(), 4u);
  for (size_t r = 0; r < x.rows(); ++r) {
    double n = 0;
    for (size_t k = 0; k < x.RowSize(r); ++k) n += double(x.RowVals(r)[k]) * x.RowVals(r)[k];
    EXPECT_NEAR(n, 1.0, 1e-5);
    for (size_t k = 1; k < x.RowSize(r); ++k) EXPECT_LT(x.RowCols(r)[k - 1], x.RowCols(r)[k]);
  }
  // "graph" is in documents 1 and 2 (df 2 of 4): idf = ln(5/3) + 1.
  uint32_t graph = 0;
  bool found = false;
  for (uint32_t f = 0; f < (*fs)->num_features(); ++f)
    if ((*fs)->FeatureName(f) == "graph") {
      graph = f;
      found = true;
    }
  ASSERT_TRUE(found);
  EXPECT_NEAR((*fs)->Idf(graph), std::log(5.0 / 3.0) + 1.0, 1e-6);
  // Bigrams skip stop words ("networks for graphs" -> "networks graphs").
  bool bigram = false;
  for (uint32_t f = 0; f < (*fs)->num_features(); ++f)
    bigram |= (*fs)->FeatureName(f) == "networks graphs";
  EXPECT_TRUE(bigram);
}

TEST(RadarFeatures, MinDfMaxDfAndMaxFeaturesPrune) {
  Corpus c = Tiny();
  FeatureOptions o = ArxivSanityFeatureOptions();
  o.min_df = 2;
  o.max_df = 0.5;  // at most 2 of 4 documents
  o.max_features = 0;
  auto fs = FeatureSpace::Build(c, o);
  ASSERT_TRUE(fs);
  for (uint32_t f = 0; f < (*fs)->num_features(); ++f)
    EXPECT_NE((*fs)->FeatureName(f), "classification") << "df 1 must be pruned";
  o.max_features = 3;
  auto small = FeatureSpace::Build(c, o);
  ASSERT_TRUE(small);
  EXPECT_EQ((*small)->num_features(), 3u);
}

TEST(RadarFeatures, SameResultWithOneOrTwoThreads) {
  Corpus c = Tiny();
  FeatureOptions o;
  o.min_df = 1;
  o.max_df = 1.0;
  o.threads = 1;
  auto a = FeatureSpace::Build(c, o);
  o.threads = 2;
  auto b = FeatureSpace::Build(c, o);
  ASSERT_TRUE(a && b);
  EXPECT_EQ((*a)->rows().col, (*b)->rows().col);
  EXPECT_EQ((*a)->rows().val, (*b)->rows().val);
}

TEST(RadarFeatures, TransformMatchesTheLibraryRow) {
  Corpus c = Tiny();
  FeatureOptions o;
  o.min_df = 1;
  o.max_df = 1.0;
  auto fs = FeatureSpace::Build(c, o);
  ASSERT_TRUE(fs);
  std::vector<uint32_t> cols;
  std::vector<float> vals;
  (*fs)->Transform(c[1], &cols, &vals);
  const SparseMatrix& x = (*fs)->rows();
  ASSERT_EQ(cols.size(), x.RowSize(1));
  for (size_t k = 0; k < cols.size(); ++k) {
    EXPECT_EQ(cols[k], x.RowCols(1)[k]);
    EXPECT_NEAR(vals[k], x.RowVals(1)[k], 1e-6);
  }
  // Author terms: "Li, P." and "Ping Li" are one feature.
  bool author = false;
  for (uint32_t f = 0; f < (*fs)->num_features(); ++f) author |= (*fs)->FeatureName(f) == "@li p";
  EXPECT_TRUE(author);
  EXPECT_EQ((*fs)->TermDf("@li p"), 2u);
}

TEST(RadarFeatures, DisplayNamesUnstemTheMostFrequentWord) {
  Corpus c = Tiny();
  FeatureOptions o;
  o.min_df = 1;
  o.max_df = 1.0;
  auto fs = FeatureSpace::Build(c, o);
  ASSERT_TRUE(fs);
  bool found = false;
  for (uint32_t f = 0; f < (*fs)->num_features(); ++f)
    if ((*fs)->FeatureName(f) == "graph neural") {
      found = true;
      EXPECT_EQ((*fs)->DisplayName(f), "graph neural");
    } else if ((*fs)->FeatureName(f) == "neural network") {
      EXPECT_EQ((*fs)->DisplayName(f), "neural networks");
    }
  EXPECT_TRUE(found);
  EXPECT_EQ((*fs)->DisplayTerm("protein"), "protein");
  EXPECT_EQ((*fs)->DisplayTerm("unseen"), "unseen");
}

// A library before its first fetch: a space without documents or features
// (a server starts on it; the first papers refit it).
TEST(RadarFeatures, AnEmptyLibraryHasNoFeatures) {
  auto fs = FeatureSpace::Build(Corpus(), FeatureOptions());
  ASSERT_TRUE(fs) << fs.error().message;
  EXPECT_EQ((*fs)->num_features(), 0u);
  EXPECT_EQ((*fs)->rows().rows(), 0u);
}

}  // namespace
}  // namespace ah::radar
