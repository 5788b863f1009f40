#include "brief/cluster.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "brief/bridges.h"
#include "brief_input_json.h"
#include "core/text.h"
#include "testing.h"

namespace ah::brief {
namespace {

BriefInput LoadInput(const std::string& rel) { return ah::brief::testing::ReadBriefInput(rel); }

const std::vector<std::vector<float>> kNoEmbeddings;

// Library shares of terms (folded, stemmed as radar::TermMapper maps them).
class FakeLibrary final : public TermStats {
 public:
  explicit FakeLibrary(std::map<std::string, double> shares) : shares_(std::move(shares)) {}
  double DocFraction(std::string_view term) const override {
    auto it = shares_.find(std::string(term));
    return it == shares_.end() ? 0.001 : it->second;
  }

 private:
  std::map<std::string, double> shares_;
};

std::vector<int> AllPapers(const std::vector<Cluster>& clusters) {
  std::vector<int> all;
  for (const auto& c : clusters) all.insert(all.end(), c.papers.begin(), c.papers.end());
  std::sort(all.begin(), all.end());
  return all;
}

std::string Folded(std::string_view s) { return text::FoldForSearch(s); }

// Whether `word` occurs in `hay` as a whole word (both folded).
bool HasWord(const std::string& hay, const std::string& word) {
  for (size_t at = hay.find(word); at != std::string::npos; at = hay.find(word, at + 1)) {
    bool left = at == 0 || !std::isalnum(static_cast<unsigned char>(hay[at - 1]));
    size_t end = at + word.size();
    bool right = end >= hay.size() || !std::isalnum(static_cast<unsigned char>(hay[end]));
    if (left && right) return true;
  }
  return false;
}

TEST(BriefCluster, SeparatesTwoClearlyDifferentTopicGroups) {
  // Six cs.CL papers on LLM reasoning with RL, six bioRxiv cancer-biology papers, interleaved.
  BriefInput in = LoadInput("brief/two_topics_12.json");
  ASSERT_EQ(in.papers.size(), 12u);
  auto clusters = ClusterPapers(in, kNoEmbeddings, ClusterOptions{});
  ASSERT_EQ(clusters.size(), 2u);
  for (const auto& c : clusters) {
    std::set<std::string> fields;
    for (int p : c.papers) fields.insert(in.papers[size_t(p - 1)].field);
    EXPECT_EQ(fields.size(), 1u) << "a theme mixes both topics";
    EXPECT_EQ(c.papers.size(), 6u);
  }
  // Labels name the topics.
  std::string llm, bio;
  for (const auto& c : clusters) {
    std::string all;
    for (const auto& t : c.terms) all += Folded(t) + "|";
    (in.papers[size_t(c.papers[0] - 1)].field == "cs" ? llm : bio) = all;
  }
  EXPECT_NE(llm.find("reasoning"), std::string::npos) << llm;
  EXPECT_TRUE(bio.find("cancer") != std::string::npos || bio.find("cells") != std::string::npos)
      << bio;
}

TEST(BriefCluster, EveryPaperInExactlyOneThemeBestFirst) {
  BriefInput in = LoadInput("brief/radar_pathology_30.json");
  ClusterOptions o;
  auto clusters = ClusterPapers(in, kNoEmbeddings, o);
  ASSERT_GE(clusters.size(), 2u);
  ASSERT_LE(clusters.size(), size_t(o.max_themes));
  std::vector<int> expected(30);
  for (int i = 0; i < 30; ++i) expected[size_t(i)] = i + 1;
  EXPECT_EQ(AllPapers(clusters), expected);
  for (size_t k = 0; k < clusters.size(); ++k) {
    EXPECT_FALSE(clusters[k].papers.empty());
    EXPECT_TRUE(std::is_sorted(clusters[k].papers.begin(), clusters[k].papers.end()));
    EXPECT_FALSE(clusters[k].terms.empty());
    if (k > 0) {
      EXPECT_GE(clusters[k - 1].papers.size(), clusters[k].papers.size());
    }
  }
}

TEST(BriefCluster, GroupsTheBrainTumorSegmentationPapers) {
  // Papers 5, 12, 20 and 26 are the four brain-tumour MRI segmentation papers.
  BriefInput in = LoadInput("brief/radar_pathology_30.json");
  auto clusters = ClusterPapers(in, kNoEmbeddings, ClusterOptions{});
  const Cluster* with5 = nullptr;
  for (const auto& c : clusters)
    if (std::count(c.papers.begin(), c.papers.end(), 5)) with5 = &c;
  ASSERT_NE(with5, nullptr);
  for (int p : {12, 20, 26})
    EXPECT_TRUE(std::count(with5->papers.begin(), with5->papers.end(), p)) << p;
}

TEST(BriefCluster, LabelsAreReadableWordsOfThePapers) {
  BriefInput in = LoadInput("brief/radar_pathology_30.json");
  auto clusters = ClusterPapers(in, kNoEmbeddings, ClusterOptions{});
  std::string corpus;
  for (const auto& p : in.papers) corpus += Folded(p.title) + " " + Folded(p.abstract) + " ";
  for (const auto& c : clusters) {
    ASSERT_FALSE(c.terms.empty());
    for (const auto& term : c.terms) {
      ASSERT_FALSE(term.empty());
      // Each word of a label is a word as written in the papers (not a stem such
      // as "transcriptom" or "segment"), and the label has at most three words
      // (a bigram and the word it mostly modifies: "predict gene expression").
      auto words = text::SplitTrim(Folded(term), ' ');
      EXPECT_LE(words.size(), 3u) << term;
      for (const auto& w : words) {
        EXPECT_TRUE(HasWord(corpus, w)) << "\"" << w << "\" of label \"" << term << "\"";
      }
    }
    // No boilerplate label.
    for (const auto& term : c.terms)
      for (const char* bad : {"propose", "results", "method", "paper", "outperforms", "novel"})
        EXPECT_NE(Folded(term), bad);
  }
  // The spatial-transcriptomics papers (1, 3, 8, 14) get a label naming it.
  bool found = false;
  for (const auto& c : clusters)
    if (std::count(c.papers.begin(), c.papers.end(), 3))
      for (const auto& t : c.terms) found = found || Folded(t) == "spatial transcriptomics";
  EXPECT_TRUE(found);
}

TEST(BriefCluster, IsDeterministicForAFixedSeed) {
  BriefInput in = LoadInput("brief/radar_pathology_30.json");
  auto a = ClusterPapers(in, kNoEmbeddings, ClusterOptions{});
  auto b = ClusterPapers(in, kNoEmbeddings, ClusterOptions{});
  ASSERT_EQ(a.size(), b.size());
  for (size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].papers, b[k].papers);
    EXPECT_EQ(a[k].terms, b[k].terms);
  }
}

TEST(BriefCluster, RespectsMaxThemes) {
  BriefInput in = LoadInput("brief/radar_pathology_30.json");
  ClusterOptions o;
  o.max_themes = 2;
  auto two = ClusterPapers(in, kNoEmbeddings, o);
  EXPECT_LE(two.size(), 2u);
  EXPECT_EQ(AllPapers(two).size(), 30u);
  o.max_themes = 1;
  auto one = ClusterPapers(in, kNoEmbeddings, o);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].papers.size(), 30u);
  o.max_themes = 0;  // nonsense: treated as 1
  EXPECT_EQ(ClusterPapers(in, kNoEmbeddings, o).size(), 1u);
}

TEST(BriefCluster, MergesThemesBelowTheMinimumSize) {
  BriefInput in = LoadInput("brief/radar_pathology_30.json");
  ClusterOptions o;
  o.min_theme_size = 6;
  auto clusters = ClusterPapers(in, kNoEmbeddings, o);
  EXPECT_EQ(AllPapers(clusters).size(), 30u);
  for (const auto& c : clusters) EXPECT_GE(c.papers.size(), 6u);
}

TEST(BriefCluster, HandlesNoPaperAndOnePaper) {
  BriefInput empty;
  EXPECT_TRUE(ClusterPapers(empty, kNoEmbeddings, ClusterOptions{}).empty());
  EXPECT_TRUE(FindBridges(empty, kNoEmbeddings, ClusterOptions{}).empty());

  BriefInput in = LoadInput("brief/two_topics_12.json");
  in.papers.resize(1);
  auto clusters = ClusterPapers(in, kNoEmbeddings, ClusterOptions{});
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0].papers, std::vector<int>{1});
  EXPECT_FALSE(clusters[0].terms.empty());
  EXPECT_TRUE(FindBridges(in, kNoEmbeddings, ClusterOptions{}).empty());
}

TEST(BriefCluster, SmallInputsGroupOnlySimilarPapers) {
  BriefInput all = LoadInput("brief/two_topics_12.json");
  BriefInput in;
  // Two RL-reasoning papers (1, 5 of the file) and one cancer-biology paper (2).
  in.papers = {all.papers[0], all.papers[4], all.papers[1]};
  auto clusters = ClusterPapers(in, {}, ClusterOptions{});
  ASSERT_EQ(clusters.size(), 2u);
  EXPECT_EQ(clusters[0].papers, (std::vector<int>{1, 2}));
  EXPECT_EQ(clusters[1].papers, std::vector<int>{3});
}

TEST(BriefCluster, PapersWithoutWordsDoNotBreakClustering) {
  BriefInput in = LoadInput("brief/two_topics_12.json");
  BriefPaper blank;
  blank.id = "blank";
  BriefPaper symbols;
  symbols.id = "symbols";
  symbols.title = "$$ \\alpha $$ -- 42 !!!";
  symbols.abstract = "\xff\xfe [1] <b></b>";
  in.papers.insert(in.papers.begin() + 3, blank);
  in.papers.push_back(symbols);
  auto clusters = ClusterPapers(in, kNoEmbeddings, ClusterOptions{});
  EXPECT_EQ(AllPapers(clusters).size(), in.papers.size());
}

TEST(BriefKernelKMeans, SplitsABlockSimilarityMatrix) {
  // Two blocks of 4 items: similar inside (0.8), dissimilar across (0.05).
  const size_t n = 8;
  std::vector<double> sim(n * n);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) sim[i * n + j] = i == j ? 1.0 : (i / 4 == j / 4 ? 0.8 : 0.05);
  auto a = KernelKMeans(sim, n, 2, 1);
  ASSERT_EQ(a.size(), n);
  for (size_t i = 0; i < n; ++i) EXPECT_EQ(a[i], i < 4 ? 0 : 1);
  EXPECT_GT(Silhouette(sim, n, a, 2), 0.7);
  std::vector<int> mixed = {0, 1, 0, 1, 0, 1, 0, 1};
  EXPECT_LT(Silhouette(sim, n, mixed, 2), 0.0);
}

TEST(BriefPaperVectors, UsesEmbeddingsOnlyWhenParallel) {
  BriefInput in = LoadInput("brief/two_topics_12.json");
  auto plain = PaperVectors::Build(in, {});
  EXPECT_FALSE(plain.uses_embeddings());
  EXPECT_NEAR(plain.Similarity(0, 0), 1.0, 1e-6);

  // Everyone has the same embedding: similarity rises by half the gap to 1.
  std::vector<std::vector<float>> same(in.papers.size(), std::vector<float>{0.3f, 0.4f});
  auto with = PaperVectors::Build(in, same);
  EXPECT_TRUE(with.uses_embeddings());
  EXPECT_NEAR(with.Similarity(0, 1), 0.5 * plain.Similarity(0, 1) + 0.5, 1e-6);

  // Not parallel (one missing) or ragged: ignored.
  std::vector<std::vector<float>> short_list(in.papers.size() - 1, std::vector<float>{1.f});
  EXPECT_FALSE(PaperVectors::Build(in, short_list).uses_embeddings());
  auto ragged = same;
  ragged[3].push_back(1.f);
  EXPECT_FALSE(PaperVectors::Build(in, ragged).uses_embeddings());

  // Hostile values: a NaN or zero vector is similar to nothing, nothing crashes.
  auto bad = same;
  bad[0] = {std::numeric_limits<float>::quiet_NaN(), 1.f};
  bad[1] = {0.f, 0.f};
  auto v = PaperVectors::Build(in, bad);
  EXPECT_TRUE(v.uses_embeddings());
  EXPECT_NEAR(v.Similarity(0, 2), 0.5 * plain.Similarity(0, 2), 1e-6);
  EXPECT_EQ(AllPapers(ClusterPapers(in, bad, ClusterOptions{})).size(), in.papers.size());
}

// The input with the fields researchers mean: "arXiv (cs.CV)" -> "cs.CV".
BriefInput ByCategory(BriefInput in) {
  for (auto& p : in.papers) {
    size_t open = p.badge.find('('), close = p.badge.find(')');
    if (text::StartsWith(p.badge, "arXiv (") && close != std::string::npos)
      p.field = p.badge.substr(open + 1, close - open - 1);
  }
  return in;
}

TEST(BriefBridges, OnlyJoinPapersOfDifferentFieldsThatNameTheSameMethod) {
  BriefInput in = ByCategory(LoadInput("brief/radar_pathology_30.json"));
  ClusterOptions o;
  o.bridge_min_similarity = -1;
  o.max_bridges = 6;
  auto bridges = FindBridges(in, kNoEmbeddings, o);
  ASSERT_GE(bridges.size(), 1u);
  std::set<int> used;
  for (const auto& b : bridges) {
    ASSERT_GE(b.a, 1);
    ASSERT_LT(b.a, b.b);
    ASSERT_LE(b.b, 30);
    const BriefPaper& pa = in.papers[size_t(b.a - 1)];
    const BriefPaper& pb = in.papers[size_t(b.b - 1)];
    EXPECT_NE(pa.field, pb.field);
    ASSERT_FALSE(b.shared_terms.empty());
    // Every shared term is named in both abstracts.
    for (const auto& t : b.shared_terms) {
      EXPECT_NE(pa.abstract.find(t), std::string::npos) << t;
      EXPECT_NE(pb.abstract.find(t), std::string::npos) << t;
    }
    EXPECT_TRUE(used.insert(b.a).second) << "paper in two bridges";
    EXPECT_TRUE(used.insert(b.b).second) << "paper in two bridges";
  }
}

TEST(BriefBridges, RestOnAMethodNamedInBothAbstractsNotOnCommonWords) {
  // An AI tissue-profiling paper (cs.CV) and a bioRxiv cancer paper both use
  // immunohistochemistry (IHC): a bridge. The bioRxiv DLL3 paper and the medRxiv
  // lupus paper share only "biomarker" and "treatment response": none.
  BriefInput in = ByCategory(LoadInput("brief/radar_pathology_30.json"));
  auto bridges = FindBridges(in, kNoEmbeddings, ClusterOptions{});
  ASSERT_FALSE(bridges.empty());
  EXPECT_EQ(bridges[0].a, 28);
  EXPECT_EQ(bridges[0].b, 29);
  EXPECT_EQ(bridges[0].shared_terms, std::vector<std::string>{"IHC"});
  for (const auto& b : bridges) EXPECT_FALSE(b.a == 29 && b.b == 30) << "a bridge of common words";
  // A paper cross-listed in the other's field is no bridge to it.
  in.papers[27].categories = {"cs.CV", "biorxiv:cancer-biology"};
  for (const auto& b : FindBridges(in, kNoEmbeddings, ClusterOptions{}))
    EXPECT_FALSE(b.a == 28 && b.b == 29);
  // Nor is a name common in the library (here: in 5% of its papers).
  in.papers[27].categories.clear();
  FakeLibrary library({{"ihc", 0.05}});
  ClusterOptions o;
  o.background = &library;
  for (const auto& b : FindBridges(in, kNoEmbeddings, o)) EXPECT_FALSE(b.a == 28 && b.b == 29);
}

TEST(BriefBridges, NamedTermsAreMethodsModelsAndDatasets) {
  // 2606.15604, 2606.17016 (June feeds).
  auto terms = NamedTerms(
      "We present a lightweight framework that applies parameter-efficient fine-tuning to the "
      "Segment Anything Model 3 (SAM 3) via low-rank adaptation (LoRA), with contrastive "
      "learning on the BraTS dataset. Large language models and deep learning struggle; LLMs "
      "and GPT-4o fail in 3D.",
      nullptr);
  std::set<std::string> got(terms.begin(), terms.end());
  for (const char* want :
       {"SAM", "LoRA", "BraTS", "low-rank adaptation", "contrastive learning", "BraTS dataset"})
    EXPECT_TRUE(got.count(want)) << want;
  for (const char* generic :
       {"LLMs", "GPT-4o", "3D", "Large language models", "deep learning", "language models"})
    EXPECT_FALSE(got.count(generic)) << generic;
}

TEST(BriefBridges, NeverJoinPapersOfOneField) {
  BriefInput in = LoadInput("brief/radar_pathology_30.json");
  for (auto& p : in.papers) p.field = "cs";
  in.papers[4].field = "CS";  // case does not make a field different
  in.papers[11].field = " cs ";
  ClusterOptions o;
  o.bridge_min_similarity = -1;
  EXPECT_TRUE(FindBridges(in, kNoEmbeddings, o).empty());
  for (auto& p : in.papers) p.field.clear();  // unknown fields bridge nothing
  EXPECT_TRUE(FindBridges(in, kNoEmbeddings, o).empty());
  o.max_bridges = 0;
  EXPECT_TRUE(FindBridges(LoadInput("brief/radar_pathology_30.json"), kNoEmbeddings, o).empty());
}

BriefPaper Paper(std::string title, std::string abstract) {
  BriefPaper p;
  p.title = std::move(title);
  p.abstract = std::move(abstract);
  return p;
}

TEST(BriefPaperVectors, LibraryStatisticsMakeFillerWordsWeighLittle) {
  // Papers 1 and 2 share only words every abstract uses in this library
  // ("real", "world", "agent"); papers 1 and 3 share the topic ("histopathology").
  BriefInput in;
  in.papers = {
      Paper("Agents for histopathology slides", "A real world agent reads histopathology slides."),
      Paper("Agents for retail planning", "A real world agent plans retail orders."),
      Paper("Histopathology slide search", "We index histopathology slides for search."),
      Paper("Weather forecasting", "We forecast weather with ensembles.")};
  FakeLibrary library(
      {{"real", 0.2}, {"world", 0.2}, {"agent", 0.3}, {"histopatholog", 0.0005}, {"slide", 0.002}});
  PaperVectors plain = PaperVectors::Build(in, {});
  PaperVectors weighted = PaperVectors::Build(in, {}, &library);
  EXPECT_GT(weighted.Similarity(0, 2), weighted.Similarity(0, 1));
  EXPECT_LT(weighted.Similarity(0, 1), plain.Similarity(0, 1));
}

TEST(BriefCluster, LabelsAreKeyPhrasesNotFillerWords) {
  BriefInput in = LoadInput("brief/radar_pathology_30.json");
  // What every abstract of a library says weighs little with its statistics.
  FakeLibrary library({{"real", 0.1},
                       {"world", 0.1},
                       {"agent", 0.1},
                       {"data", 0.3},
                       {"model", 0.4},
                       {"imag", 0.2},
                       {"learn", 0.3},
                       {"quantifi", 0.01}});
  ClusterOptions o;
  o.background = &library;
  auto clusters = ClusterPapers(in, kNoEmbeddings, o);
  ASSERT_GE(clusters.size(), 3u) << "30 papers make at least ceil(30 / 8) themes";
  for (const auto& c : clusters) {
    ASSERT_FALSE(c.terms.empty());
    for (const auto& t : c.terms) {
      for (const char* filler : {"real", "agent", "quantifying", "data", "model", "image",
                                 "spatial", "clinical", "robust", "findings", "reveals", "tool"})
        EXPECT_NE(Folded(t), filler) << "a lone filler word as a label";
    }
  }
}

}  // namespace
}  // namespace ah::brief
