// Themes and cross-field bridges of a briefing's papers (pure, deterministic).
//
// Papers are represented by tf-idf vectors fitted on the input papers alone
// (radar tokenizer: accent folding, scikit-learn stop words, Snowball stems,
// uni- and bigrams; title counted twice; words of boilerplate such as
// "propose", "results", "outperform" removed), optionally combined with dense
// embeddings given by the caller (e.g. the library's LSA vectors):
//   sim(i, j) = cos_tfidf(i, j)                                 without embeddings
//   sim(i, j) = 0.5 cos_tfidf(i, j) + 0.5 cos_embedding(i, j)   with them
// For similarity the tf-idf rows keep only terms shared by at least two papers
// (when N >= 4), so that words unique to one abstract do not dilute it.
//
// Clustering is kernel k-means (Dhillon, Guan & Kulis, "Kernel k-means,
// spectral clustering and normalized cuts", KDD 2004) on that similarity
// matrix, seeded with k-means++ (Arthur & Vassilvitskii, SODA 2007) from a
// fixed seed, several restarts, k = 2..max_themes chosen by the mean
// silhouette (Rousseeuw, J. Comput. Appl. Math. 20, 1987) on the distance
// 1 - sim; one theme when no k separates the papers (mean silhouette < 0.02).
// Silhouettes of sparse text shrink as N grows, so at least ceil(N / 40)
// themes are made (capped at max_themes). N <= 3 uses connected components of
// the similarity graph instead.
//
// Theme labels are c-TF-IDF-like (Grootendorst, "BERTopic", arXiv:2203.05794):
// terms covering many papers of the theme and few others, shown in the most
// frequent surface form of their words ("spatial transcriptomics", "MIL").
//
// Thread-safety: all functions are pure; a PaperVectors is immutable after
// Build and its const methods are thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "brief/briefing.h"

namespace ah::radar {
class FeatureSpace;
}

namespace ah::brief {

// Document frequencies over a larger collection than the briefing's papers
// (the library), so that words common everywhere ("real", "end", "control")
// weigh little even when only a few of the papers use them, and specific terms
// ("histopathology", "MCP") much. Implementations are thread-safe.
class TermStats {
 public:
  virtual ~TermStats() = default;
  // The share of the collection's documents containing `term`, a unigram term
  // as radar::TermMapper maps words (folded, stemmed), in [0, 1]; negative
  // when the collection has not seen it.
  virtual double DocFraction(std::string_view term) const = 0;
};

struct ClusterOptions {
  int max_themes = 6;  // at most this many clusters (>= 1)
  // About this many papers per theme at least: an input of N papers gets at
  // least ceil(N / papers_per_theme) themes (capped at max_themes).
  int papers_per_theme = 8;
  int min_theme_size = 1;  // smaller clusters are merged into their nearest one
  double bridge_min_similarity = 0.05;
  size_t max_bridges = 5;
  uint64_t seed = 1;
  // Library document frequencies (nullable; must outlive the call): with them,
  // a term weighs by its library idf (bigrams by their rarer word's) instead
  // of its idf among the briefing's few papers, and labels prefer specific terms.
  const TermStats* background = nullptr;
};

struct Cluster {
  std::vector<int> papers;         // 1-based, best (radar order) first
  std::vector<std::string> terms;  // characteristic terms, display form, best first
};

struct BridgeCandidate {
  int a = 0, b = 0;  // 1-based, a < b, papers of different fields
  double similarity = 0;
  // The methods, models or datasets both abstracts name, as written, most
  // specific first; at least one.
  std::vector<std::string> shared_terms;
};

// A sparse vector: ascending column ids, unit L2 norm (or empty).
struct SparseVector {
  std::vector<uint32_t> cols;
  std::vector<float> vals;
};
double Dot(const SparseVector& a, const SparseVector& b);

// The vectors of a briefing's papers. Indices here are 0-based.
class PaperVectors {
 public:
  // `embeddings` is used when it holds one vector per paper, all of the same
  // non-zero dimension; otherwise it is ignored (tf-idf only).
  static PaperVectors Build(const BriefInput& input,
                            const std::vector<std::vector<float>>& embeddings,
                            const TermStats* background = nullptr);

  PaperVectors(PaperVectors&&) noexcept;
  PaperVectors& operator=(PaperVectors&&) noexcept;
  ~PaperVectors();

  size_t size() const { return n_; }
  bool uses_embeddings() const { return uses_embeddings_; }
  // Combined similarity of papers i and j, in [-1, 1] (1 on the diagonal
  // unless the paper has no usable words).
  double Similarity(size_t i, size_t j) const { return sim_[i * n_ + j]; }
  // The paper's tf-idf row (boilerplate removed, unit length).
  const SparseVector& Row(size_t i) const { return rows_[i]; }
  // A text (a sentence) in the same space, unit length; empty when no known word.
  SparseVector TextVector(std::string_view text) const;
  // Unit-length mean of the rows of `papers` (0-based).
  SparseVector Centroid(const std::vector<size_t>& papers) const;
  // Characteristic terms of a group of papers (0-based) against the others.
  std::vector<std::string> CharacteristicTerms(const std::vector<size_t>& papers,
                                               size_t max_terms) const;
  // Terms present in both papers, strongest first.
  std::vector<std::string> SharedTerms(size_t i, size_t j, size_t max_terms) const;
  // Terms present in at least min_papers papers but at most half of them (or
  // min_papers): (display form, 0-based papers), most common first, bigrams
  // counting double.
  std::vector<std::pair<std::string, std::vector<size_t>>> CommonTerms(size_t min_papers,
                                                                       size_t max_terms) const;
  size_t num_features() const;
  // How specific a feature is in the library, in [0, 1] (0.5 without library statistics).
  double Specificity(uint32_t f) const { return f < specificity_.size() ? specificity_[f] : 0.5; }
  // Papers (of the input) containing feature f.
  uint32_t PaperCount(uint32_t f) const { return f < df_.size() ? df_[f] : 0; }
  // Whether paper i (0-based) contains feature f.
  bool Has(size_t i, uint32_t f) const;
  // Whether a feature can name a theme or a trend: a phrase written as one
  // that names something, or a single word that does ("MCP", "histopathology";
  // not "Real", "Quantifying", "tool", nor "horizon" of "long-horizon").
  bool Labelable(uint32_t f) const;
  // A single word mostly written inside a phrase ("multi" of "multi-agent",
  // "machine" of "machine learning").
  bool IsModifier(uint32_t f) const;
  // A bigram, or a single word written as a name ("MCP", "LoRA", "GPT-4o";
  // not a generic abbreviation such as "AI" or "LLM").
  bool IsPhraseOrName(uint32_t f) const;
  // The features (boilerplate removed, ascending) of a paper that is not one of
  // the input's, in the input's vocabulary.
  std::vector<uint32_t> FeaturesOf(std::string_view title, std::string_view abstract) const;
  // Picks features by score, best first, skipping those that are not
  // presentable or share a word with one already taken.
  std::vector<uint32_t> PickDiverse(std::vector<std::pair<double, uint32_t>> scored,
                                    size_t max_terms) const;
  // A feature as a reader would write it.
  std::string Display(uint32_t feature) const;
  // The same as a label: with the word that mostly follows it when it is a
  // modifier ("Zero-shot segmentation", "Medical image segmentation").
  std::string LabelDisplay(uint32_t feature) const;

 private:
  // No default constructor, so that ClusterPapers(input, {}, options) means
  // "no embeddings" and is not ambiguous.
  explicit PaperVectors(size_t n);
  // Whether a feature reads well as a label: a unigram, or a bigram mostly
  // written as a phrase.
  bool Presentable(uint32_t f) const;
  // For a bigram, df(bigram) / df(its rarer word): 1 for a fixed phrase; else 0.
  double Cohesion(uint32_t f) const;
  // library_idf_ and specificity_ of every feature, from `background` (or
  // neutral values without it).
  void ComputeSpecificity(const TermStats* background);

  size_t n_ = 0;
  bool uses_embeddings_ = false;
  std::unique_ptr<radar::FeatureSpace> space_;
  std::vector<bool> keep_;           // per feature: not boilerplate
  std::vector<uint32_t> df_;         // per feature: papers containing it
  std::vector<double> library_idf_;  // per feature: ln(1 / library share) + 1 (bigram: rarer word)
  std::vector<double> specificity_;  // per feature: in [0, 1], -log10(library share) / 4
  std::vector<std::vector<uint32_t>> title_cols_;         // per paper: features of its title
  std::vector<SparseVector> rows_;                        // per paper
  std::vector<double> sim_;                               // n_ x n_
  std::unordered_map<std::string, std::string> surface_;  // folded word -> display word
  std::unordered_map<std::string, uint32_t> feature_id_;  // feature name -> id
  // Bigram -> occurrences written as a phrase ("gene expression", "cell-type"),
  // not across punctuation or a stop word ("learning (MIL)", "end-to-end").
  std::unordered_map<std::string, uint32_t> phrase_count_;
  std::unordered_map<std::string, std::string> phrase_form_;  // bigram -> as written
  // Terms mostly written inside a phrase ("machine" of "machine learning",
  // "horizon" of "long-horizon"): no label on their own.
  std::unordered_set<std::string> modifier_terms_;
  // Terms used as verbs ("we accelerate", "to improve"): no label, nor the
  // first word of one.
  std::unordered_set<std::string> verb_terms_;
  // Term or bigram -> the word that mostly follows it ("zero shot" -> "segmentation").
  std::unordered_map<std::string, std::string> continuation_;
};

// Kernel k-means on a similarity matrix (row-major n x n). Returns a cluster
// id in [0, k) per item, every id used. Deterministic for a given seed.
// REQUIRES: 1 <= k <= n, sim.size() == n * n.
std::vector<int> KernelKMeans(const std::vector<double>& sim, size_t n, int k, uint64_t seed);
// Mean silhouette of an assignment on the distance 1 - sim (singletons count 0).
double Silhouette(const std::vector<double>& sim, size_t n, const std::vector<int>& assign, int k);

// Themes of input.papers: every paper in exactly one cluster; clusters ordered
// by size (largest first), then by their best paper. Empty for no papers.
std::vector<Cluster> ClusterPapers(const BriefInput& input,
                                   const std::vector<std::vector<float>>& embeddings,
                                   const ClusterOptions& options);
std::vector<Cluster> ClusterPapers(const BriefInput& input, const PaperVectors& vectors,
                                   const ClusterOptions& options);

// Pairs of papers of different non-empty `field`s (case-insensitive), neither
// listed in the other's field, whose similarity is at least
// options.bridge_min_similarity and that name a method, model or dataset in
// both abstracts (shared_terms: those names; see brief/bridges.h); the most
// specific first, each paper in at most one bridge, at most options.max_bridges.
std::vector<BridgeCandidate> FindBridges(const BriefInput& input,
                                         const std::vector<std::vector<float>>& embeddings,
                                         const ClusterOptions& options);
std::vector<BridgeCandidate> FindBridges(const BriefInput& input, const PaperVectors& vectors,
                                         const ClusterOptions& options);

}  // namespace ah::brief
