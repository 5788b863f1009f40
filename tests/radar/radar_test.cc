#include "radar/radar.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "radar/bm25.h"
#include "radar/embedding.h"
#include "radar/eval.h"
#include "radar/linear_model.h"

namespace ah::radar {
namespace {

// Two topics (graphs, proteins) and a few papers of each, over two days.
Corpus TwoTopics() {
  std::vector<Document> d;
  const char* graph_titles[] = {"Graph neural networks for node classification",
                                "Message passing on large graphs",
                                "Spectral graph convolution networks",
                                "Node embeddings with random walks on graphs",
                                "Graph attention networks",
                                "Link prediction in graphs with neural networks"};
  const char* protein_titles[] = {
      "Protein folding with molecular dynamics", "Predicting protein structure from sequence",
      "Energy landscapes of protein folding",    "Coarse grained models of protein dynamics",
      "Protein contact maps from coevolution",   "Folding pathways of small proteins"};
  for (int i = 0; i < 6; ++i) {
    d.push_back({"g" + std::to_string(i),
                 graph_titles[i],
                 std::string("We study graph neural networks, node features and message passing "
                             "over graph edges. ") +
                     graph_titles[i],
                 {i % 2 ? "Li, P." : "Ann Smith", "Carl Graph"},
                 i < 3 ? "2015-01-01" : "2015-01-02",
                 {"cs.LG"}});
    d.push_back({"p" + std::to_string(i),
                 protein_titles[i],
                 std::string("We study protein folding, molecular dynamics and structure "
                             "prediction of proteins. ") +
                     protein_titles[i],
                 {"Bob Jones"},
                 i < 3 ? "2015-01-01" : "2015-01-02",
                 {"q-bio.BM"}});
  }
  return Corpus(std::move(d));
}

RadarIndexOptions SmallIndexOptions() {
  RadarIndexOptions o;
  o.features.min_df = 1;
  o.features.max_df = 1.0;
  o.lsa.dims = 4;
  o.lsa.oversample = 2;
  return o;
}

class RadarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_ = TwoTopics();
    auto index = RadarIndex::Build(corpus_, SmallIndexOptions());
    ASSERT_TRUE(index) << index.error().ToString();
    index_ = std::move(*index);
    std::vector<std::string> ids;
    for (int i = 3; i < 6; ++i) {
      ids.push_back("g" + std::to_string(i));
      ids.push_back("p" + std::to_string(i));
    }
    auto batch = PrepareLibraryBatch(*index_, ids);
    ASSERT_TRUE(batch) << batch.error().ToString();
    batch_ = std::move(*batch);
    options_.background = 0;
  }

  std::vector<std::string> Ids(const std::vector<Ranked>& r) const {
    std::vector<std::string> out;
    for (const auto& x : r) out.push_back(batch_->docs[x.doc].id);
    return out;
  }

  Corpus corpus_;
  std::unique_ptr<RadarIndex> index_;
  std::unique_ptr<Batch> batch_;
  RadarOptions options_;
};

bool StartsWithG(const std::string& s) { return !s.empty() && s[0] == 'g'; }

TEST_F(RadarTest, SeedsRankTheirTopicFirst) {
  RadarSpec spec;
  spec.seeds = {"g0", "g1", "g2"};
  auto m = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(m) << m.error().ToString();
  auto ids = Ids(RankBatch(*index_, *m, *batch_));
  ASSERT_EQ(ids.size(), 6u);
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(StartsWithG(ids[static_cast<size_t>(i)])) << ids[static_cast<size_t>(i)];
}

TEST_F(RadarTest, DescriptionAloneIsEnoughToStart) {
  RadarSpec spec;
  spec.description = "protein folding and molecular dynamics";
  auto m = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(m) << m.error().ToString();
  auto ranked = RankBatch(*index_, *m, *batch_);
  auto ids = Ids(ranked);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(ids[static_cast<size_t>(i)][0], 'p');
  bool matches = false;
  for (const auto& r : ranked[0].reasons) matches |= r.rfind("matches: ", 0) == 0;
  EXPECT_TRUE(matches) << ::testing::PrintToString(ranked[0].reasons);
}

TEST_F(RadarTest, EveryExplainedPaperCarriesReasons) {
  RadarSpec spec;
  spec.seeds = {"g0", "g2"};
  spec.followed_authors = {"P. Li"};
  spec.include_categories = {"cs.LG", "q-bio.BM"};
  auto m = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(m);
  auto ranked = RankBatch(*index_, *m, *batch_, 0, 3);
  ASSERT_GE(ranked.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_FALSE(ranked[i].reasons.empty());
  bool similar = false, author = false, terms = false, category = false;
  for (size_t i = 0; i < 3; ++i)
    for (const auto& r : ranked[i].reasons) {
      // Seeds named by title.
      similar |= r.rfind("similar to seed \"Graph neural networks for node classification\" (", 0) == 0 ||
                 r.rfind("similar to seed \"Spectral graph convolution networks\" (", 0) == 0;
      author |= r == "followed author: Li, P. (as P. Li)";
      terms |= r.rfind("terms: ", 0) == 0;
      category |= r == "category: cs.LG";
    }
  EXPECT_TRUE(similar);
  EXPECT_TRUE(author);
  EXPECT_TRUE(terms);
  EXPECT_TRUE(category);
  EXPECT_TRUE(ranked[4].reasons.empty()) << "only the first `explain` papers are explained";
}

TEST_F(RadarTest, FollowedAuthorLiftsTheirPaper) {
  RadarSpec spec;
  spec.followed_authors = {"P. Li"};
  auto m = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(m);
  auto ids = Ids(RankBatch(*index_, *m, *batch_));
  // g3 and g5 are by "Li, P.".
  EXPECT_TRUE(ids[0] == "g3" || ids[0] == "g5");
  EXPECT_TRUE(ids[1] == "g3" || ids[1] == "g5");
}

TEST_F(RadarTest, DislikesPushPapersDownAndHiddenOnesVanish) {
  RadarSpec spec;
  spec.seeds = {"g0", "g1"};
  spec.hidden = {"g4"};
  auto m = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(m);
  auto ids = Ids(RankBatch(*index_, *m, *batch_));
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "g4"), ids.end());
  EXPECT_EQ(ids.size(), 5u);
}

TEST_F(RadarTest, CategoryFiltersAndExcludeTerms) {
  RadarSpec spec;
  spec.description = "graph neural networks";
  spec.exclude_categories = {"q-bio.BM"};
  auto m = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(m);
  for (const auto& id : Ids(RankBatch(*index_, *m, *batch_))) EXPECT_EQ(id[0], 'g');

  RadarSpec ex;
  ex.description = "graph neural networks";
  ex.exclude = "attention";
  auto m2 = BuildRadarModel(*index_, ex, options_);
  ASSERT_TRUE(m2);
  auto ids = Ids(RankBatch(*index_, *m2, *batch_));
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "g4"), ids.end())
      << "the paper with an excluded term is filtered out";
  EXPECT_EQ(ids.size(), 5u);
}

TEST_F(RadarTest, QueryLanguageFieldsFeedTheRightComponents) {
  RadarSpec spec;
  spec.query = "au:\"Li, P\" \"message passing\" -protein";
  auto m = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_FALSE(m->query.empty());
  EXPECT_FALSE(m->lexical.empty()) << "the positive words join the radar's text";
  // The query as a whole: Li, P.'s papers that mention message passing (g3, g5) first.
  auto ranked = RankBatch(*index_, *m, *batch_);
  ASSERT_GE(ranked.size(), 2u);
  auto ids = Ids(ranked);
  EXPECT_TRUE((ids[0] == "g3" && ids[1] == "g5") || (ids[0] == "g5" && ids[1] == "g3"));
  EXPECT_TRUE(ranked[0].query_match && ranked[1].query_match);
  for (size_t i = 2; i < ranked.size(); ++i) EXPECT_FALSE(ranked[i].query_match) << ids[i];
}

TEST_F(RadarTest, EmptyRadarIsAnErrorAndUnknownIdsWarn) {
  RadarSpec empty;
  empty.name = "nothing";
  auto m = BuildRadarModel(*index_, empty, options_);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, Code::kInvalidArgument);
  EXPECT_NE(m.error().message.find("nothing"), std::string::npos);

  RadarSpec spec;
  spec.seeds = {"g0", "9999.99999"};
  std::vector<std::string> warnings;
  auto m2 = BuildRadarModel(*index_, spec, options_, &warnings);
  ASSERT_TRUE(m2);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("9999.99999"), std::string::npos);

  RadarSpec only_unknown;
  only_unknown.seeds = {"nope"};
  EXPECT_FALSE(BuildRadarModel(*index_, only_unknown, options_));
}

TEST_F(RadarTest, NewPapersOutsideTheLibraryAreRanked) {
  std::vector<Document> day = {
      {"new1",
       "Graph transformers",
       "Neural networks on graph nodes and edges.",
       {"X Y"},
       "2015-01-03",
       {}},
      {"new2", "Protein design", "Folding of designed proteins.", {"Z W"}, "2015-01-03", {}}};
  auto batch = PrepareBatch(*index_, day);
  ASSERT_TRUE(batch);
  EXPECT_EQ((*batch)->library_index[0], -1);
  RadarSpec spec;
  spec.seeds = {"g0", "g1"};
  auto m = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(m);
  auto ranked = RankBatch(*index_, *m, **batch);
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ((*batch)->docs[ranked[0].doc].id, "new1");
  EXPECT_LT(m->ByteSize(), 64u * 1024u);
}

TEST_F(RadarTest, ExpansionKeepsTheRanking) {
  RadarSpec spec;
  spec.seeds = {"g0", "g1"};
  options_.expand = 2;
  auto m = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(m) << m.error().ToString();
  auto ids = Ids(RankBatch(*index_, *m, *batch_));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(StartsWithG(ids[static_cast<size_t>(i)]));
}

TEST_F(RadarTest, FeedbackUpdateReusesTheExpansion) {
  RadarSpec spec;
  spec.seeds = {"g0"};
  options_.expand = 3;
  auto before = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(before);
  ASSERT_FALSE(before->expansion.empty());
  ASSERT_LE(before->expansion.size(), 3u);
  spec.liked = {"g1"};
  spec.disliked = {"p0"};
  auto after = BuildRadarModel(*index_, spec, options_, nullptr, &*before);
  ASSERT_TRUE(after) << after.error().ToString();
  // The expansion is the previous one, minus papers now liked or disliked.
  for (uint32_t e : after->expansion) {
    EXPECT_NE(std::find(before->expansion.begin(), before->expansion.end(), e),
              before->expansion.end());
    EXPECT_NE(index_->corpus()[e].id, "g1");
    EXPECT_NE(index_->corpus()[e].id, "p0");
  }
  ASSERT_EQ(after->positives.size(), 2u);
  auto ids = Ids(RankBatch(*index_, *after, *batch_));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(StartsWithG(ids[static_cast<size_t>(i)]));
}

TEST(RadarLinear, LearnsTheSeparatingDirection) {
  // Feature 0 marks positives, feature 1 negatives.
  std::vector<uint32_t> c0 = {0}, c1 = {1};
  std::vector<float> one = {1.0f};
  std::vector<Example> ex;
  for (int i = 0; i < 3; ++i) ex.push_back({c0.data(), one.data(), 1, true});
  for (int i = 0; i < 30; ++i) ex.push_back({c1.data(), one.data(), 1, false});
  LinearOptions o;
  o.C = 1.0;
  for (auto solver : {LinearSolver::kSvcL2Loss, LinearSolver::kLogistic}) {
    o.solver = solver;
    auto m = TrainLinear(ex, 2, o);
    ASSERT_TRUE(m);
    EXPECT_GT(m->Score(c0.data(), one.data(), 1), 0);
    EXPECT_LT(m->Score(c1.data(), one.data(), 1), 0);
  }
  std::vector<Example> only_pos(ex.begin(), ex.begin() + 3);
  auto bad = TrainLinear(only_pos, 2, o);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
}

TEST(RadarBm25, PrefersTheDocumentWithTheRarerTermInTheTitle) {
  Corpus c = TwoTopics();
  FeatureOptions fo;
  fo.min_df = 1;
  fo.max_df = 1.0;
  auto fs = FeatureSpace::Build(c, fo);
  ASSERT_TRUE(fs);
  std::vector<const Document*> docs = {&c[0], &c[1], &c[8]};  // g0, p0, g4 ("attention")
  Bm25Index bm(**fs, docs);
  std::vector<double> s;
  std::vector<std::vector<std::string>> matched;
  bm.Score(MakeBm25Query(**fs, "graph attention"), &s, &matched);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_GT(s[2], s[0]);
  EXPECT_GT(s[0], s[1]);
  EXPECT_EQ(s[1], 0.0);
  EXPECT_EQ(matched[2].size(), 2u);
}

TEST(RadarEmbedding, LsaSeparatesTheTopics) {
  Corpus c = TwoTopics();
  FeatureOptions fo;
  fo.min_df = 1;
  fo.max_df = 1.0;
  auto fs = FeatureSpace::Build(c, fo);
  ASSERT_TRUE(fs);
  LsaOptions lo;
  lo.dims = 2;
  lo.oversample = 4;
  auto lsa = LsaModel::Fit(**fs, lo);
  ASSERT_TRUE(lsa) << lsa.error().ToString();
  auto e = (*lsa)->EmbedAll((*fs)->rows());
  auto cos = [&](size_t a, size_t b) { return e[a * 2] * e[b * 2] + e[a * 2 + 1] * e[b * 2 + 1]; };
  EXPECT_GT(cos(0, 2), cos(0, 1));  // g0~g1 closer than g0~p0
  EXPECT_GT(cos(1, 3), cos(1, 2));
  LsaEmbeddingProvider provider(fs->get(), lsa->get());
  auto v = provider.Embed({"graph neural networks", ""});
  ASSERT_TRUE(v);
  ASSERT_EQ(v->size(), 2u);
  EXPECT_NEAR(std::hypot((*v)[0][0], (*v)[0][1]), 1.0, 1e-5);
  EXPECT_EQ((*v)[1][0], 0.0f);
  lo.dims = 100;
  EXPECT_FALSE(LsaModel::Fit(**fs, lo));
}

TEST(RadarEval, MetricsOfAKnownRanking) {
  Metrics m = ScoreRanking({"a", "x", "b", "y"}, {"a", "b"});
  EXPECT_NEAR(m.p10, 0.2, 1e-12);
  EXPECT_NEAR(m.ap, (1.0 + 2.0 / 3.0) / 2.0, 1e-12);
  double dcg = 1.0 + 1.0 / std::log2(4.0), idcg = 1.0 + 1.0 / std::log2(3.0);
  EXPECT_NEAR(m.ndcg10, dcg / idcg, 1e-12);
  Metrics none = ScoreRanking({"a"}, {});
  EXPECT_EQ(none.ndcg10, 0.0);
}

TEST(RadarEval, ParseTasksNamesTheBadLine) {
  auto ok =
      ParseTasks("{\"task\":\"t\",\"seeds\":[\"1\"],\"candidates\":[\"2\"],\"relevant\":[]}\n\n",
                 "tasks.jsonl");
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_EQ((*ok)[0].name, "t");
  auto bad = ParseTasks("{\"task\":\"t\",\"seeds\":[],\"candidates\":[],\"relevant\":[]}\n{oops",
                        "tasks.jsonl");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::kParse);
  EXPECT_NE(bad.error().message.find("tasks.jsonl:2: column 2: "), std::string::npos)
      << bad.error().message;
  auto deep = ParseTasks(std::string(100000, '[') + std::string(100000, ']'), "deep.jsonl");
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().message,
            "deep.jsonl:1: column 129: JSON nested deeper than 128 levels of arrays and objects");
  auto wrong = ParseTasks("{\"seeds\":[1],\"candidates\":[],\"relevant\":[]}", "x");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("seeds"), std::string::npos);
}

TEST(RadarEval, EvaluatesOursAndTheBaselinesOnATinyLibrary) {
  Corpus c = TwoTopics();
  Task t;
  t.name = "graphs";
  t.seeds = {"g0", "g1", "g2"};
  t.candidates = {"g3", "g4", "g5", "p3", "p4", "p5", "unknown"};
  t.relevant = {"g3", "g4", "g5"};
  EvalOptions o;
  o.index = SmallIndexOptions();
  o.radar.background = 0;
  auto rep = EvaluateRadarTasks(c, {t}, o);
  ASSERT_TRUE(rep) << rep.error().ToString();
  EXPECT_EQ(rep->tasks, 1u);
  EXPECT_NEAR(rep->ours.mean.ndcg10, 1.0, 1e-9);
  ASSERT_EQ(rep->baselines.size(), 5u);
  EXPECT_EQ(rep->baselines[0].name, "recency");
  EXPECT_EQ(rep->baselines[2].name, "arxiv_sanity");
  EXPECT_EQ(rep->baselines[3].name, "tfidf_cosine");
  EXPECT_EQ(rep->baselines[4].name, "okapi_bm25");
  ASSERT_EQ(rep->warnings.size(), 1u);
  EXPECT_NE(rep->warnings[0].find("unknown"), std::string::npos);
  std::string json = EvalReportJson(*rep);
  EXPECT_NE(json.find("\"arxiv_sanity\""), std::string::npos);
  EXPECT_NE(json.find("\"per_task\""), std::string::npos);
  EXPECT_EQ(json.find('\n'), std::string::npos);

  Task lost;
  lost.name = "lost";
  lost.seeds = {"nope"};
  lost.candidates = {"g3"};
  auto none = EvaluateRadarTasks(c, {lost}, o);
  ASSERT_FALSE(none);
}

}  // namespace
}  // namespace ah::radar

namespace ah::radar {
namespace {

TEST(CorpusExtend, ReplacesInPlaceAppendsAndSharesTheRest) {
  Corpus base = TwoTopics();
  std::vector<Document> changed;
  changed.push_back({"g1", "Message passing, revised", "new abstract", {"Li, P."}, "2015-01-03", {}});
  changed.push_back({"n0", "A new paper", "about graphs", {"Ann Smith"}, "2015-01-03", {}});
  std::vector<uint32_t> at;
  Corpus next = Corpus::Extend(base, changed, &at);
  EXPECT_EQ(next.size(), base.size() + 1);
  ASSERT_EQ(at.size(), 2u);
  EXPECT_EQ(next[*next.Find("g1")].title, "Message passing, revised");
  EXPECT_EQ(base[*base.Find("g1")].title, "Message passing on large graphs");
  EXPECT_EQ(*next.Find("g1"), *base.Find("g1"));
  EXPECT_EQ(*next.Find("n0"), base.size());
  EXPECT_EQ(at, (std::vector<uint32_t>{*base.Find("g1"), static_cast<uint32_t>(base.size())}));
  // Unchanged documents are the same objects.
  EXPECT_EQ(&next[*next.Find("p2")], &base[*base.Find("p2")]);
}

TEST_F(RadarTest, ExtendedIndexTransformsOnlyChangedPapersInTheFittedSpace) {
  std::vector<Document> changed;
  changed.push_back({"n0", "Graph attention for message passing", "graph neural networks node",
                     {"Ann Smith"}, "2015-01-03", {"cs.LG"}});
  std::vector<uint32_t> at;
  Corpus next = Corpus::Extend(corpus_, changed, &at);
  auto extended = RadarIndex::Extend(*index_, next, at, SmallIndexOptions());
  ASSERT_TRUE(extended) << extended.error().ToString();
  const RadarIndex& x = **extended;
  EXPECT_EQ(&x.features(), &index_->features()) << "the fit is shared";
  EXPECT_EQ(x.fit_docs(), corpus_.size());
  ASSERT_EQ(x.rows().rows(), next.size());
  // Old rows are copied, the new one is the fitted space's transform.
  for (size_t i = 0; i < corpus_.size(); ++i) {
    ASSERT_EQ(x.rows().RowSize(i), index_->rows().RowSize(i));
    EXPECT_TRUE(std::equal(x.rows().RowCols(i), x.rows().RowCols(i) + x.rows().RowSize(i),
                           index_->rows().RowCols(i)));
  }
  std::vector<uint32_t> cols;
  std::vector<float> vals;
  index_->features().Transform(next[at[0]], &cols, &vals);
  ASSERT_EQ(x.rows().RowSize(at[0]), cols.size());
  EXPECT_TRUE(std::equal(cols.begin(), cols.end(), x.rows().RowCols(at[0])));
  // Its embedding is the fitted LSA's.
  ASSERT_TRUE(x.has_embeddings());
  std::vector<float> e(static_cast<size_t>(x.dims()));
  index_->lsa()->Embed(cols.data(), vals.data(), cols.size(), e.data());
  for (int k = 0; k < x.dims(); ++k) EXPECT_FLOAT_EQ(x.Embedding(at[0])[k], e[static_cast<size_t>(k)]);
  for (int k = 0; k < x.dims(); ++k) EXPECT_FLOAT_EQ(x.Embedding(3)[k], index_->Embedding(3)[k]);
  // A radar built on it finds the new paper.
  RadarSpec spec;
  spec.seeds = {"g0", "g1"};
  auto m = BuildRadarModel(x, spec, options_);
  ASSERT_TRUE(m) << m.error().ToString();
  auto batch = PrepareLibraryBatch(x, {"n0", "p4", "p5"});
  ASSERT_TRUE(batch);
  auto ranked = RankBatch(x, *m, **batch);
  ASSERT_FALSE(ranked.empty());
  EXPECT_EQ((*batch)->docs[ranked[0].doc].id, "n0");
}

TEST_F(RadarTest, IncludeMaskRanksTheIncludedPapersAsTheirOwnBatch) {
  RadarSpec spec;
  spec.seeds = {"g0", "g1", "g2"};
  auto m = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(m);
  // batch_: g3 p3 g4 p4 g5 p5; include g3, g4, p4, p5.
  std::vector<uint8_t> include = {1, 0, 1, 1, 0, 1};
  auto masked = RankBatch(*index_, *m, *batch_, 0, 10, &include);
  auto sub = PrepareLibraryBatch(*index_, {"g3", "g4", "p4", "p5"});
  ASSERT_TRUE(sub);
  auto alone = RankBatch(*index_, *m, **sub, 0, 10);
  ASSERT_EQ(masked.size(), 4u);
  ASSERT_EQ(alone.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(batch_->docs[masked[i].doc].id, (*sub)->docs[alone[i].doc].id);
    EXPECT_NEAR(masked[i].score, alone[i].score, 1e-6) << i;
  }
}

TEST(RadarSolver, OwnSolverRanksAsLiblinear) {
  Corpus corpus = TwoTopics();
  auto index = RadarIndex::Build(corpus, SmallIndexOptions());
  ASSERT_TRUE(index);
  RadarSpec spec;
  spec.seeds = {"g0", "p1"};
  spec.description = "graph neural networks";
  RadarOptions own, lib;
  own.background = lib.background = 0;
  lib.own_solver = false;
  auto a = BuildRadarModel(**index, spec, own);
  auto b = BuildRadarModel(**index, spec, lib);
  ASSERT_TRUE(a && b);
  std::vector<std::string> all;
  for (size_t i = 0; i < corpus.size(); ++i) all.push_back(corpus[i].id);
  auto batch = PrepareLibraryBatch(**index, all);
  ASSERT_TRUE(batch);
  auto ra = RankBatch(**index, *a, **batch);
  auto rb = RankBatch(**index, *b, **batch);
  ASSERT_EQ(ra.size(), rb.size());
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(ra[i].doc, rb[i].doc) << i;
}

TEST(RadarBackground, TheSampleIsDeterministicAndSharedByRadars) {
  const auto a = BackgroundSample(10000, 1000, 7);
  EXPECT_EQ(a, BackgroundSample(10000, 1000, 7));
  ASSERT_EQ(a.size(), 1000u);
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  EXPECT_EQ(std::adjacent_find(a.begin(), a.end()), a.end());
  EXPECT_NE(a, BackgroundSample(10000, 1000, 8));
  // A radar's own papers are left out and replaced; the rest is the shared sample.
  const std::set<uint32_t> own = {a[0], a[10], a[500]};
  const auto b = BackgroundSample(10000, 1000, 7, [&](uint32_t i) { return own.count(i) > 0; });
  ASSERT_EQ(b.size(), 1000u);
  for (uint32_t i : own) EXPECT_FALSE(std::binary_search(b.begin(), b.end(), i));
  size_t shared = 0;
  for (uint32_t i : a) shared += std::binary_search(b.begin(), b.end(), i) ? 1 : 0;
  EXPECT_EQ(shared, 997u);
  // A sample as large as the library takes what the draws find, never a duplicate.
  const auto c = BackgroundSample(50, 50, 7);
  EXPECT_LE(c.size(), 50u);
  EXPECT_GT(c.size(), 40u);
  EXPECT_TRUE(BackgroundSample(0, 10, 7).empty());
}

TEST_F(RadarTest, ThePassCapBoundsFullBuildsAndKeepsTheRanking) {
  RadarSpec spec;
  spec.seeds = {"g0", "g1"};
  spec.description = "graph neural networks";
  options_.expand = 2;
  auto full = BuildRadarModel(*index_, spec, options_);
  options_.max_passes = 1;
  auto capped = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(full && capped);
  EXPECT_NE(full->term_weights, capped->term_weights);  // the cap is applied
  auto ids = Ids(RankBatch(*index_, *capped, *batch_));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(StartsWithG(ids[static_cast<size_t>(i)]));
}

TEST_F(RadarTest, WarmExpansionRoundsRankAsColdOnes) {
  RadarSpec spec;
  spec.description = "protein folding";
  options_.expand = 2;
  options_.expand_rounds = 2;
  options_.expand_warm_no_papers = false;
  auto cold = BuildRadarModel(*index_, spec, options_);
  options_.expand_warm_no_papers = true;
  auto warm = BuildRadarModel(*index_, spec, options_);
  auto again = BuildRadarModel(*index_, spec, options_);
  ASSERT_TRUE(cold && warm && again);
  EXPECT_EQ(warm->term_weights, again->term_weights);  // deterministic
  auto a = Ids(RankBatch(*index_, *cold, *batch_));
  auto b = Ids(RankBatch(*index_, *warm, *batch_));
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(StartsWithG(a[static_cast<size_t>(i)]));
    EXPECT_FALSE(StartsWithG(b[static_cast<size_t>(i)]));
  }
}

}  // namespace
}  // namespace ah::radar
