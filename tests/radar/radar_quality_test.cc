// What a researcher said is what the radar does (issue 11): keywords as a
// query, dislikes that act, positives never recommended back, a relevance
// floor, reasons a person understands.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "radar/radar.h"

namespace ah::radar {
namespace {

Document Doc(std::string id, std::string title, std::string abstract,
             std::vector<std::string> authors = {"Ann Smith"}) {
  Document d;
  d.id = std::move(id);
  d.title = std::move(title);
  d.abstract = std::move(abstract);
  d.authors = std::move(authors);
  d.date = "2026-06-16";
  return d;
}

// Ten topics of ten words each; paper i of topic t draws its words from t
// (and a few shared words), so that topics are separable and papers differ.
const std::vector<std::vector<std::string>> kTopics = {
    {"graph", "node", "edge", "message", "passing", "molecule", "neighbour", "adjacency", "vertex",
     "spectral"},
    {"protein", "folding", "residue", "structure", "sequence", "enzyme", "binding", "amino",
     "chain", "dynamics"},
    {"speech", "acoustic", "phoneme", "speaker", "audio", "waveform", "prosody", "transcription",
     "utterance", "vocoder"},
    {"ocean", "salinity", "current", "arctic", "ice", "circulation", "sea", "warming", "climate",
     "temperature"},
    {"robot", "grasp", "manipulator", "gripper", "trajectory", "torque", "actuator", "locomotion",
     "legged", "kinematics"},
    {"image", "pixel", "segmentation", "mask", "convolution", "camera", "scene", "depth",
     "detection", "lidar"},
    {"market", "price", "auction", "bidder", "equilibrium", "payoff", "utility", "mechanism",
     "welfare", "revenue"},
    {"compiler", "type", "program", "syntax", "semantics", "lambda", "parser", "optimizer",
     "bytecode", "register"},
    {"galaxy", "star", "telescope", "cosmic", "redshift", "halo", "nebula", "planet", "orbit",
     "supernova"},
    {"cipher", "encryption", "attack", "key", "signature", "protocol", "adversary", "hash",
     "privacy", "secure"}};

std::string Words(size_t topic, size_t n, size_t count, size_t stride) {
  std::string s;
  for (size_t i = 0; i < count; ++i)
    s += kTopics[topic][(n * stride + i * 3) % kTopics[topic].size()] + " ";
  return s + "with results";
}

Document TopicDoc(const std::string& id, size_t topic, size_t n) {
  return Doc(id, Words(topic, n, 4, 7), Words(topic, n, 16, 3),
             {"Author " + std::to_string(topic) + "x" + std::to_string(n % 7)});
}

class RadarQualityTest : public ::testing::Test {
 protected:
  // `extra` library papers join 30 of each topic; the day is `day`.
  void Build(std::vector<Document> extra, std::vector<Document> day, size_t min_library = 100) {
    std::vector<Document> docs;
    for (size_t t = 0; t < kTopics.size(); ++t)
      for (size_t i = 0; i < 30; ++i) docs.push_back(TopicDoc("L" + std::to_string(t) + "-" + std::to_string(i), t, i));
    for (auto& d : extra) docs.push_back(std::move(d));
    day_ids_.clear();
    for (auto& d : day) {
      day_ids_.push_back(d.id);
      docs.push_back(std::move(d));
    }
    corpus_ = Corpus(std::move(docs));
    RadarIndexOptions o;
    o.features.min_df = 1;
    o.lsa.dims = 16;
    o.calibration_min_library = min_library;
    auto index = RadarIndex::Build(corpus_, o);
    ASSERT_TRUE(index) << index.error().ToString();
    index_ = std::move(*index);
    auto batch = PrepareLibraryBatch(*index_, day_ids_);
    ASSERT_TRUE(batch) << batch.error().ToString();
    batch_ = std::move(*batch);
    options_.background = 0;
  }

  std::vector<Ranked> Rank(const RadarSpec& spec, size_t explain = 10) {
    auto m = BuildRadarModel(*index_, spec, options_);
    EXPECT_TRUE(m) << m.error().ToString();
    if (!m) return {};
    model_ = *m;
    return RankBatch(*index_, model_, *batch_, 0, explain);
  }

  std::vector<std::string> Ids(const std::vector<Ranked>& r) const {
    std::vector<std::string> out;
    for (const auto& x : r) out.push_back(batch_->docs[x.doc].id);
    return out;
  }

  size_t Position(const std::vector<Ranked>& r, const std::string& id) const {
    auto ids = Ids(r);
    return static_cast<size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
  }

  Corpus corpus_;
  std::unique_ptr<RadarIndex> index_;
  std::unique_ptr<Batch> batch_;
  std::vector<std::string> day_ids_;
  RadarOptions options_;
  RadarModel model_;
};

TEST_F(RadarQualityTest, APaperMatchingTheKeywordsRanksAboveOnesThatOnlyShareWords) {
  std::vector<Document> day;
  // Many of the radar's words, but not the phrase.
  for (int i = 0; i < 4; ++i)
    day.push_back(Doc("w" + std::to_string(i), "Graph node edge passing study " + std::to_string(i),
                      "Graph node edge vertex adjacency spectral message graph node passing "
                      "neighbour edge graph node."));
  // The phrase, in a paper otherwise about proteins.
  day.push_back(Doc("q", "Protein folding dynamics",
                    "Protein residue structure with message passing between residues."));
  for (size_t i = 0; i < 5; ++i) day.push_back(TopicDoc("o" + std::to_string(i), 1, 40 + i));
  Build({}, day);
  RadarSpec spec;
  spec.description = "graph node edge vertex adjacency spectral neighbour";
  spec.query = "\"message passing\"";
  auto ranked = Rank(spec);
  ASSERT_FALSE(ranked.empty());
  EXPECT_EQ(Ids(ranked)[0], "q");
  EXPECT_TRUE(ranked[0].query_match);
  ASSERT_FALSE(ranked[0].why.empty());
  EXPECT_EQ(ranked[0].why[0].kind, Reason::Kind::kQuery);
  EXPECT_EQ(ranked[0].reasons[0], "matches the keywords: \"message passing\"");
}

TEST_F(RadarQualityTest, ExcludedPapersAreFilteredOut) {
  std::vector<Document> day;
  for (size_t i = 0; i < 6; ++i) day.push_back(TopicDoc("g" + std::to_string(i), 0, 40 + i));
  day.push_back(Doc("x", "Graph node quantum edge", "Graph node edge message passing quantum."));
  Build({}, day);
  RadarSpec spec;
  spec.description = "graph node edge message passing";
  spec.exclude = "quantum blockchain";
  auto ids = Ids(Rank(spec));
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "x"), ids.end());
  EXPECT_EQ(ids.size(), 6u);
}

TEST_F(RadarQualityTest, ADislikeDropsThePaperAndSinksItsCloseNeighbours) {
  std::vector<Document> day;
  for (size_t i = 0; i < 8; ++i) day.push_back(TopicDoc("g" + std::to_string(i), 0, 40 + i));
  // The paper the reader dislikes, a near-copy of it, and other topics.
  day.push_back(Doc("d", "Graph attention for molecule toxicity prediction",
                    "Graph attention toxicity molecule assay screening toxicity graph node "
                    "molecule attention toxic compounds."));
  day.push_back(Doc("n", "Molecule toxicity prediction with graph attention",
                    "Toxicity of molecule compounds: graph attention screening toxicity assay "
                    "node graph toxic molecule attention."));
  for (size_t i = 0; i < 4; ++i) day.push_back(TopicDoc("p" + std::to_string(i), 1, 40 + i));
  std::vector<Document> extra = {
      Doc("d-lib", "Toxicity screening", "toxicity assay toxic compounds screening attention")};
  Build(extra, day);
  RadarSpec spec;
  spec.description = "graph attention for molecule toxicity prediction, graph node edge";
  auto before = Rank(spec);
  ASSERT_LT(Position(before, "d"), 3u) << "the test wants a top paper to dislike";
  ASSERT_LT(Position(before, "n"), 3u);
  spec.disliked = {"d"};
  auto after = Rank(spec);
  auto ids = Ids(after);
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "d"), ids.end()) << "a disliked paper is not shown";
  // Its close neighbour goes below every graph paper, and below the floor.
  const size_t n_at = Position(after, "n");
  ASSERT_LT(n_at, after.size());
  for (size_t i = 0; i < 8; ++i) EXPECT_LT(Position(after, "g" + std::to_string(i)), n_at);
  EXPECT_FALSE(after[n_at].strong);
}

TEST_F(RadarQualityTest, SeedLikedAndSavedPapersAreNotRecommendedBackAndSavedIsNotLiked) {
  std::vector<Document> day;
  for (size_t i = 0; i < 6; ++i) day.push_back(TopicDoc("g" + std::to_string(i), 0, 40 + i));
  Build({}, day);
  RadarSpec spec;
  spec.seeds = {"g0"};
  spec.liked = {"g1"};
  spec.saved = {"L0-3"};
  auto ranked = Rank(spec);
  auto ids = Ids(ranked);
  for (const char* id : {"g0", "g1"})
    EXPECT_EQ(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  ASSERT_EQ(ids.size(), 4u);
  bool saved = false;
  for (const auto& r : ranked)
    for (const auto& w : r.why) {
      if (w.kind != Reason::Kind::kSimilar) continue;
      EXPECT_NE(w.args[1], batch_->docs[r.doc].id) << "a reason never points at the paper itself";
      if (w.args[0] == "saved") {
        saved = true;
        EXPECT_EQ(ReasonText(w).rfind("similar to saved paper \"", 0), 0u) << ReasonText(w);
      }
      EXPECT_EQ(ReasonText(w).find("liked paper \"" + corpus_[*corpus_.Find("L0-3")].title),
                std::string::npos);
    }
  (void)saved;
}

TEST_F(RadarQualityTest, AReasonNamesASeedByTitleAndNeverThePaperItself) {
  std::vector<Document> day;
  for (size_t i = 0; i < 4; ++i) day.push_back(TopicDoc("g" + std::to_string(i), 0, 40 + i));
  Build({}, day);
  // The day's paper itself is a seed: it is not ranked; the reasons of the
  // others name the seeds by title.
  RadarSpec spec;
  spec.seeds = {"g0", "L0-1"};
  auto ranked = Rank(spec);
  ASSERT_FALSE(ranked.empty());
  for (const auto& r : ranked) {
    bool similar = false;
    for (const auto& w : r.why)
      if (w.kind == Reason::Kind::kSimilar) {
        similar = true;
        EXPECT_NE(w.args[1], batch_->docs[r.doc].id);
        const Document& seed = corpus_[*corpus_.Find(w.args[1])];
        EXPECT_EQ(w.args[2], seed.title);
        EXPECT_EQ(ReasonText(w).rfind("similar to seed \"" + seed.title + "\" (", 0), 0u);
      }
    EXPECT_TRUE(similar);
  }
}

TEST_F(RadarQualityTest, ReasonsShowNoFillerWordsAndNoWordFragments) {
  std::vector<Document> day = {
      Doc("s", "Cross-lingual speech translation for low-resource languages",
          "End-to-end cross-lingual speech translation based on data augmentation for "
          "low-resource languages, like Wolof."),
      Doc("o", "Ocean salinity", "Ocean salinity current arctic ice circulation.")};
  for (size_t i = 0; i < 4; ++i) day.push_back(TopicDoc("t" + std::to_string(i), 2, 40 + i));
  Build({}, day);
  RadarSpec spec;
  spec.description = "papers like cross-lingual speech translation based on data for low-resource "
                     "languages, end-to-end";
  auto ranked = Rank(spec);
  ASSERT_FALSE(ranked.empty());
  ASSERT_EQ(Ids(ranked)[0], "s");
  std::vector<std::string> words;
  for (const auto& w : ranked[0].why)
    if (w.kind == Reason::Kind::kMatches || w.kind == Reason::Kind::kTerms)
      words.insert(words.end(), w.args.begin(), w.args.end());
  ASSERT_FALSE(words.empty());
  for (const char* bad : {"like", "based", "data", "papers", "lingual", "end", "low", "resource",
                          "cross"})
    EXPECT_EQ(std::find(words.begin(), words.end(), bad), words.end())
        << bad << " in " << ::testing::PrintToString(words);
  for (const char* compound : {"cross-lingual", "low-resource"})
    EXPECT_NE(std::find(words.begin(), words.end(), compound), words.end())
        << compound << " in " << ::testing::PrintToString(words);
}

TEST_F(RadarQualityTest, FollowedAuthorsArePeopleAndEachAuthorHasOneReason) {
  std::vector<Document> day;
  day.push_back(Doc("yu", "Graph node edge", "Graph node edge message.", {"Yu Wang", "Zhihui Wang"}));
  day.push_back(Doc("yun", "Graph node edge two", "Graph node edge message.", {"Yun Wang"}));
  day.push_back(Doc("yifan", "Graph node edge three", "Graph node edge message.", {"Yifan Wang"}));
  day.push_back(Doc("yw", "Graph node edge four", "Graph node edge message.", {"Y. Wang"}));
  // Two authors of the seed paper, one of them listed twice.
  day.push_back(Doc("co", "Graph node edge five", "Graph node edge message.",
                    {"Carla Ruiz", "Dan Oduya", "Carla Ruiz"}));
  for (size_t i = 0; i < 4; ++i) day.push_back(TopicDoc("t" + std::to_string(i), 2, 40 + i));
  Build({Doc("seed", "A seed on graphs", "Graph node edge.", {"Carla Ruiz", "Dan Oduya"})}, day);
  RadarSpec spec;
  spec.followed_authors = {"Yu Wang"};
  spec.seeds = {"seed"};
  auto ranked = Rank(spec, 20);
  EXPECT_EQ(Ids(ranked)[0], "yu");
  for (const auto& r : ranked) {
    const std::string& id = batch_->docs[r.doc].id;
    size_t followed = 0, coauthor = 0;
    for (const auto& w : r.why) {
      followed += w.kind == Reason::Kind::kFollowedAuthor;
      coauthor += w.kind == Reason::Kind::kCoauthor;
      if (w.kind == Reason::Kind::kCoauthor) {
        EXPECT_EQ(ReasonText(w).rfind("author of seed \"A seed on graphs\": ", 0), 0u);
      }
    }
    EXPECT_EQ(followed, id == "yu" ? 1u : 0u) << id;
    EXPECT_EQ(coauthor, id == "co" ? 2u : 0u) << id;
  }
}

TEST_F(RadarQualityTest, TheFloorPassesTheTopicAndSaysWhenNothingIsStronglyRelevant) {
  std::vector<Document> day;
  for (size_t i = 0; i < 5; ++i) day.push_back(TopicDoc("g" + std::to_string(i), 0, 40 + i));
  for (size_t t = 4; t < 10; ++t)
    for (size_t i = 0; i < 3; ++i)
      day.push_back(TopicDoc("x" + std::to_string(t) + std::to_string(i), t, 40 + i));
  Build({}, day);
  RadarSpec graphs;
  graphs.description = "graph node edge message passing on molecules";
  RankStats stats;
  auto m = BuildRadarModel(*index_, graphs, options_);
  ASSERT_TRUE(m);
  ASSERT_TRUE(m->floor.ready);
  auto ranked = RankBatch(*index_, *m, *batch_, 0, 0, nullptr, &stats);
  EXPECT_EQ(stats.ranked, day_ids_.size());
  EXPECT_EQ(stats.strong, 5u) << "the five graph papers, and only them";
  for (const auto& r : ranked) {
    const std::string& id = batch_->docs[r.doc].id;
    EXPECT_EQ(r.strong, id[0] == 'g') << id << " relevance " << r.relevance;
    EXPECT_TRUE(std::isfinite(r.relevance));
  }
  // A topic the day has nothing on: nothing passes (the ranking still exists).
  RadarSpec ocean;
  ocean.description = "ocean salinity and arctic sea ice circulation";
  auto m2 = BuildRadarModel(*index_, ocean, options_);
  ASSERT_TRUE(m2);
  auto none = RankBatch(*index_, *m2, *batch_, 0, 0, nullptr, &stats);
  EXPECT_EQ(stats.strong, 0u);
  EXPECT_EQ(none.size(), day_ids_.size());
  // A library too small to calibrate: no floor, every paper passes.
  Build({}, day, /*min_library=*/100000);
  auto m3 = BuildRadarModel(*index_, graphs, options_);
  ASSERT_TRUE(m3);
  EXPECT_FALSE(m3->floor.ready);
  RankBatch(*index_, *m3, *batch_, 0, 0, nullptr, &stats);
  EXPECT_EQ(stats.strong, stats.ranked);
}

}  // namespace
}  // namespace ah::radar
