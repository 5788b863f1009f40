// Radars from a few words: how a description without papers or keywords is
// scored (RadarOptions::description_lexical, expand_rounds_no_papers,
// expand_semantic_no_papers; docs/radar.md "Radars from a few words").
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "radar/radar.h"

namespace ah::radar {
namespace {

Corpus Topics() {
  std::vector<Document> d;
  const char* graph[] = {"message passing", "node classification",  "link prediction",
                         "graph attention", "spectral convolution", "random walks"};
  const char* protein[] = {"folding pathways",      "contact maps",         "energy landscapes",
                           "coarse grained models", "structure prediction", "side chains"};
  // 48 papers: the no-paper settings need a library of at least 20 x expand.
  for (int i = 0; i < 24; ++i) {
    d.push_back({"g" + std::to_string(i),
                 std::string("Graph neural networks: ") + graph[i % 6],
                 std::string("We study graph neural networks and ") + graph[i % 6] +
                     " on large graphs with node features.",
                 {"Ann Smith"},
                 "2015-01-01",
                 {}});
    d.push_back({"p" + std::to_string(i),
                 std::string("Protein folding: ") + protein[i % 6],
                 std::string("We simulate protein folding and ") + protein[i % 6] +
                     " with molecular dynamics.",
                 {"Bob Jones"},
                 "2015-01-01",
                 {}});
  }
  return Corpus(std::move(d));
}

class DescribeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RadarIndexOptions o;
    o.features.min_df = 1;
    o.features.max_df = 1.0;
    o.lsa.dims = 4;
    o.lsa.oversample = 2;
    auto built = RadarIndex::Build(corpus_, o);
    ASSERT_TRUE(built) << built.error().ToString();
    index_ = std::move(*built);
    options_.background = 0;
    options_.expand = 2;
  }
  static double Cosine(const std::vector<float>& a, const std::vector<float>& b) {
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / std::sqrt(aa * bb);
  }
  Corpus corpus_ = Topics();
  std::unique_ptr<RadarIndex> index_;
  RadarOptions options_;
};

TEST_F(DescribeTest, ADescriptionAloneIsNotScoredAsKeywords) {
  RadarSpec spec;
  spec.description = "graph neural networks";
  auto m = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_EQ(m->weights.lexical, options_.description_lexical);
  EXPECT_EQ(m->weights.lexical, 0.0);
  EXPECT_FALSE(m->lexical.empty());  // its words still explain a match
  // Keywords keep their lexical weight, with or without a description.
  spec.query = "attention";
  m = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->weights.lexical, options_.weights.lexical);
  spec.description.clear();
  m = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->weights.lexical, options_.weights.lexical);
}

TEST_F(DescribeTest, WithoutPapersTheExpansionJoinsTheSemanticCentroid) {
  RadarSpec spec;
  spec.description = "graph neural networks";
  auto m = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(m) << m.error().ToString();
  ASSERT_EQ(m->expansion.size(), 2u);
  for (uint32_t i : m->expansion) EXPECT_EQ(corpus_[i].id[0], 'g') << corpus_[i].id;
  ASSERT_EQ(m->centroid.size(), m->description_embedding.size());
  EXPECT_LT(Cosine(m->centroid, m->description_embedding), 1.0 - 1e-6);

  RadarOptions words_only = options_;
  words_only.expand_semantic_no_papers = 0;
  auto w = BuildRadarModel(*index_, spec, words_only);
  ASSERT_TRUE(w);
  EXPECT_NEAR(Cosine(w->centroid, w->description_embedding), 1.0, 1e-6);
}

TEST_F(DescribeTest, SeedRadarsKeepTheirExpansionSettings) {
  RadarSpec spec;
  spec.seeds = {"g0", "g1"};
  RadarOptions other = options_;
  other.expand_rounds_no_papers = 5;
  other.expand_semantic_no_papers = 3;
  other.description_lexical = 7;
  other.background_no_papers = 5;
  other.max_passes_no_papers = 1;
  other.expand_warm_no_papers = !options_.expand_warm_no_papers;
  other.rocchio_no_papers = !options_.rocchio_no_papers;
  auto a = BuildRadarModel(*index_, spec, options_);
  auto b = BuildRadarModel(*index_, spec, other);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->centroid, b->centroid);
  EXPECT_EQ(a->term_ids, b->term_ids);
  EXPECT_EQ(a->term_weights, b->term_weights);
  EXPECT_EQ(a->expansion, b->expansion);
}

TEST_F(DescribeTest, RadarsWithoutPapersLearnAgainstTheirOwnSample) {
  // background_no_papers: a description radar learns against a sample of the
  // library (a seed radar against `background`), deterministically.
  RadarSpec spec;
  spec.description = "graph neural networks";
  RadarOptions sampled = options_;
  sampled.background = 0;
  sampled.background_no_papers = 20;
  RadarOptions whole = sampled;
  whole.background_no_papers = 0;
  auto a = BuildRadarModel(*index_, spec, sampled);
  auto b = BuildRadarModel(*index_, spec, sampled);
  auto c = BuildRadarModel(*index_, spec, whole);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->term_weights, b->term_weights);
  EXPECT_NE(a->term_weights, c->term_weights);
  for (uint32_t i : a->expansion) EXPECT_EQ(corpus_[i].id[0], 'g') << corpus_[i].id;
}

TEST_F(DescribeTest, RocchioRanksTheTopicWithoutAnSvm) {
  // rocchio_no_papers: the learned weights are the positives' mean row minus
  // the negatives' (no SVM): the description's words weigh positive, the
  // other topic's negative, and the expansion stays on the topic.
  RadarSpec spec;
  spec.description = "graph neural networks";
  RadarOptions r = options_;
  r.rocchio_no_papers = true;
  auto m = BuildRadarModel(*index_, spec, r);
  ASSERT_TRUE(m) << m.error().ToString();
  ASSERT_FALSE(m->term_ids.empty());
  EXPECT_EQ(m->bias, 0.0f);
  ASSERT_EQ(m->expansion.size(), 2u);
  for (uint32_t i : m->expansion) EXPECT_EQ(corpus_[i].id[0], 'g') << corpus_[i].id;
  const FeatureSpace& fs = index_->features();
  double graph = 0, protein = 0;
  for (size_t k = 0; k < m->term_ids.size(); ++k) {
    const std::string& term = fs.FeatureName(m->term_ids[k]);
    if (term == "graph") graph = m->term_weights[k];
    if (term == "protein") protein = m->term_weights[k];
  }
  EXPECT_GT(graph, 0);
  EXPECT_LT(protein, 0);
  // Deterministic, and different from the SVM's weights.
  auto again = BuildRadarModel(*index_, spec, r);
  auto svm = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(again && svm);
  EXPECT_EQ(m->term_weights, again->term_weights);
  EXPECT_NE(m->term_weights, svm->term_weights);
  // Every graph paper scores above every protein paper.
  auto batch = PrepareLibraryBatch(*index_, {"g3", "p3", "g4", "p4"});
  ASSERT_TRUE(batch);
  auto ranked = RankBatch(*index_, *m, **batch, 4);
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ((*batch)->docs[ranked[0].doc].id[0], 'g');
  EXPECT_EQ((*batch)->docs[ranked[1].doc].id[0], 'g');
}

TEST_F(DescribeTest, ASmallLibraryKeepsTheWordsOfADescription) {
  // 48 papers and an expansion of 3: the expansion would be more than a
  // twentieth of the library, so the description keeps its lexical weight
  // and the expansion stays out of the centroid.
  RadarOptions small = options_;
  small.expand = 3;
  RadarSpec spec;
  spec.description = "graph neural networks";
  auto m = BuildRadarModel(*index_, spec, small);
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_EQ(m->weights.lexical, small.weights.lexical);
  ASSERT_EQ(m->centroid.size(), m->description_embedding.size());
  EXPECT_NEAR(Cosine(m->centroid, m->description_embedding), 1.0, 1e-6);
}

}  // namespace
}  // namespace ah::radar
