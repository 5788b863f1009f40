// The research radar's ranking core (pure, in memory).
//
// A RadarIndex is the library prepared once (tf-idf features, LSA embeddings).
// A RadarSpec is what the user said (description, keywords, authors, seeds,
// feedback); BuildRadarModel turns it into a compact RadarModel (a few KB:
// sparse term weights of a linear model, a dense semantic direction, BM25
// query terms, author keys). A Batch is a set of papers to rank (one day's new
// papers), prepared once and shared by every radar; RankBatch scores a batch for
// one radar and explains the top of the ranking.
//
// Score (see docs/radar.md for the measurements behind the default weights):
//   score(d) = sum_c weight_c * z_c(d)
// where each component c is z-normalised over the batch ((s - mean) / stddev):
//   learned   w . x(d)   (liblinear on seeds + liked vs disliked + a library sample)
//   semantic  cos(e(d), centroid of the positives' embeddings [+ description])
//   lexical   BM25F of description + keywords (bm25.h)
//   author    1 when an author of d is followed (authors.h), else 0
//   coauthor  number of d's authors who wrote a seed / liked paper
//   recency   -age(d) in days / half_life
// Papers matching the exclude query terms are pushed to the bottom; category
// include/exclude filters drop papers (only when the paper lists categories).
//
// Thread-safety: RadarIndex, Batch and RadarModel are immutable once built;
// BuildRadarModel and RankBatch may run concurrently on shared ones.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "radar/bm25.h"
#include "radar/corpus.h"
#include "radar/embedding.h"
#include "radar/features.h"
#include "radar/linear_model.h"

namespace ah::radar {

// Our feature defaults (chosen by measurement, docs/radar.md).
FeatureOptions DefaultFeatureOptions();

struct RadarIndexOptions {
  FeatureOptions features = DefaultFeatureOptions();
  LsaOptions lsa;
  bool embeddings = true;  // false: no semantic component (faster build)
  // Where the embeddings come from. nullptr: the embedded default, LSA fitted
  // on the library (`lsa`). Otherwise the provider embeds EmbeddingText() of
  // every library paper (`provider_batch` texts per call) at Build, of papers
  // not in the library (PrepareBatch), and the radar's description + keywords
  // (BuildRadarModel); its errors become theirs. It must outlive the index,
  // and be thread-safe when those run concurrently. Ignored without
  // `embeddings`.
  const EmbeddingProvider* provider = nullptr;
  size_t provider_batch = 256;
  // With a provider: library embeddings the caller already has (e.g. cached in
  // the store under provider->name()). Called at Build once per library paper,
  // in corpus order; fills *out and returns true, or returns false to have the
  // provider embed the paper. A vector of another dimension than the
  // provider's is not used (the paper is embedded again). May be empty.
  std::function<bool(size_t doc, std::vector<float>* out)> cached_embedding;
  // With a provider: called at Build with each library embedding the provider
  // computed (unit length, `dims` floats), e.g. to cache it. May be empty.
  std::function<void(size_t doc, const float* embedding, int dims)> on_embedded;
};

class RadarIndex {
 public:
  // Builds the features and embeddings of `corpus`, which must outlive the index.
  [[nodiscard]] static Result<std::unique_ptr<RadarIndex>> Build(const Corpus& corpus,
                                                                 const RadarIndexOptions& options);
  // The index of `corpus` = Corpus::Extend(base.corpus(), ..., &changed) without
  // a new fit: base's vocabulary, idf and embedding model are shared, and only
  // the changed documents are transformed and embedded (`options` supplies the
  // provider's cache callbacks, as at Build). Terms unseen at the fit are not
  // features until the next Build; fit_docs() tells how large the fitted
  // library was. `corpus` must outlive the index; `base` need not.
  // Errors: the provider's.
  [[nodiscard]] static Result<std::unique_ptr<RadarIndex>> Extend(
      const RadarIndex& base, const Corpus& corpus, const std::vector<uint32_t>& changed,
      const RadarIndexOptions& options);

  const Corpus& corpus() const { return *corpus_; }
  const FeatureSpace& features() const { return *features_; }
  // The tf-idf rows of the corpus documents, in corpus order.
  const SparseMatrix& rows() const { return rows_ ? *rows_ : features_->rows(); }
  // Documents of the library the vocabulary and embedding model were fitted on.
  size_t fit_docs() const { return features_->num_docs(); }
  bool has_embeddings() const { return dims_ > 0; }
  // The fitted LSA model; nullptr with a provider or without embeddings.
  const LsaModel* lsa() const { return lsa_.get(); }
  // The provider given in the options; nullptr for LSA or without embeddings.
  const EmbeddingProvider* provider() const { return provider_; }
  size_t provider_batch() const { return provider_batch_; }
  // "lsa", the provider's name, or "" without embeddings.
  std::string embedding_name() const;
  int dims() const { return dims_; }
  // Embedding of library document i (dims() floats); nullptr without embeddings.
  const float* Embedding(size_t i) const {
    return dims_ > 0 ? embeddings_.data() + i * static_cast<size_t>(dims_) : nullptr;
  }
  // Embeddings of texts that are not library papers (row-major, texts x
  // dims()): the provider's, or LSA of the text's tf-idf as an abstract.
  // Empty without embeddings. Errors: the provider's (see EmbedTexts).
  [[nodiscard]] Result<std::vector<float>> EmbedTexts(const std::vector<std::string>& texts) const;
  double features_seconds() const { return features_seconds_; }
  double embeddings_seconds() const { return embeddings_seconds_; }
  // With a provider: library embeddings taken from cached_embedding, and
  // computed by the provider at Build.
  size_t embeddings_cached() const { return embeddings_cached_; }
  size_t embeddings_computed() const { return embeddings_computed_; }

 private:
  RadarIndex() = default;
  // Embeds the documents `which` (all when null) with options.provider.
  Status EmbedLibrary(const RadarIndexOptions& options, const std::vector<uint32_t>* which = nullptr);
  const Corpus* corpus_ = nullptr;
  std::shared_ptr<const FeatureSpace> features_;
  std::unique_ptr<const SparseMatrix> rows_;  // set by Extend; else features_->rows()
  std::shared_ptr<const LsaModel> lsa_;
  const EmbeddingProvider* provider_ = nullptr;
  size_t provider_batch_ = 256;
  int dims_ = 0;
  std::vector<float> embeddings_;
  double features_seconds_ = 0, embeddings_seconds_ = 0;
  size_t embeddings_cached_ = 0, embeddings_computed_ = 0;
};

// Papers to rank, prepared once for all radars.
struct Batch {
  std::vector<Document> docs;
  std::vector<int64_t> library_index;  // index in the library, or -1
  SparseMatrix rows;                   // tf-idf
  std::vector<float> embeddings;       // docs x dims
  Bm25Index bm25;
  std::vector<std::vector<std::string>> author_keys;  // AuthorKey of each author
  std::vector<int32_t> day;  // days since 1970-01-01 of docs[i].date, or INT32_MIN
  // The rows by column (feature -> (doc, value)), for scoring sparse models.
  std::vector<uint64_t> col_start;    // num_features + 1
  std::vector<uint64_t> col_present;  // bitmap: feature has postings (cache-friendly skip)
  std::vector<uint32_t> col_doc;
  std::vector<float> col_val;
  size_t size() const { return docs.size(); }
};

// Prepares papers that may or may not be in the library (found by id).
[[nodiscard]] Result<std::unique_ptr<Batch>> PrepareBatch(const RadarIndex& index,
                                                          std::vector<Document> docs);
// Prepares library papers by id. Errors: kNotFound naming the first unknown id.
[[nodiscard]] Result<std::unique_ptr<Batch>> PrepareLibraryBatch(
    const RadarIndex& index, const std::vector<std::string>& ids);

struct RadarSpec {
  std::string name;
  std::string description;  // free text
  std::string query;        // keywords (search query language or plain words)
  std::string exclude;      // negative keywords
  std::vector<std::string> include_categories;
  std::vector<std::string> exclude_categories;
  std::vector<std::string> followed_authors;  // display names, any form
  std::vector<std::string> seeds;             // library ids
  std::vector<std::string> liked;             // library ids liked or saved
  std::vector<std::string> disliked;          // library ids disliked
  std::vector<std::string> hidden;            // library ids never to show
};

struct ScoreWeights {
  double learned = 1.0;
  double semantic = 0.5;
  double lexical = 1.0;
  double author = 1.0;
  double coauthor = 0.0;
  double recency = 0.0;
};

struct RadarOptions {
  ScoreWeights weights;
  LinearOptions linear;
  size_t background = 10000;  // library sample used as negatives; 0 = whole library
  uint64_t background_seed = 7;
  size_t max_terms = 4096;          // learned model: keep the largest |w| terms
  double description_weight = 1.0;  // the description as a positive pseudo-paper
  double disliked_semantic = 0.5;   // semantic: minus this times cos to disliked centroid
  double half_life_days = 7.0;
  size_t max_reasons_terms = 3;
  // Pseudo-relevance feedback: the `expand` library papers that the first
  // model ranks highest (z(learned) + expand_select_semantic * z(semantic))
  // join the positives and the model is trained again (`expand_rounds` times,
  // each round choosing from the model of the round before); each counts
  // expand_semantic in the semantic centroid.
  size_t expand = 500;
  int expand_rounds = 1;
  double expand_select_semantic = 1.0;
  double expand_semantic = 0.0;
  // The same for a radar without seed or liked papers (a description or
  // keywords alone), whose first model rests on a few words: the expansion
  // stands in for the papers it lacks (docs/radar.md, "Radars from a few words").
  int expand_rounds_no_papers = 3;
  double expand_semantic_no_papers = 1.0;
  // The lexical weight of a radar whose text is a description without
  // keywords (weights.lexical is that of a radar with keywords).
  double description_lexical = 0.0;
  // A feedback update (BuildRadarModel with `previous`) starts the SVC from the
  // previous model (warm_svc.h) and stops after `feedback_passes` passes over
  // the examples (or at convergence), instead of a liblinear run from zero.
  // Only for LinearSolver::kSvcL2Loss; false: liblinear as a full build.
  bool warm_start = true;
  int feedback_passes = 3;
  // Full builds train with the project's own solver (warm_svc.h, from zero, to
  // liblinear's stopping rule) rather than liblinear, whose global print hook
  // and rand() need a process-wide lock: with per-call state, the radars of
  // many users train at once. Only for LinearSolver::kSvcL2Loss.
  bool own_solver = true;
};

// A compact, immutable model of one radar (a few KB).
struct RadarModel {
  std::vector<uint32_t> term_ids;  // ascending
  std::vector<float> term_weights;
  float bias = 0;
  std::vector<float> centroid;  // dims floats, or empty
  Bm25Query lexical;            // description + query terms
  std::vector<std::string> exclude_terms;
  std::vector<std::string> author_keys;   // followed, sorted
  std::vector<std::string> author_names;  // as the user typed them, parallel to author_keys
  std::vector<std::pair<std::string, float>> coauthor_keys;  // authors of positives, sorted
  std::vector<std::string> include_categories, exclude_categories;
  std::vector<uint32_t> positives;  // library indices of seeds + liked (for explanations)
  std::vector<uint8_t> positive_is_seed;
  std::vector<uint32_t> expansion;  // library indices chosen by pseudo-relevance feedback
  std::vector<std::string> hidden;  // sorted ids
  ScoreWeights weights;
  double half_life_days = 7.0;
  size_t max_reasons_terms = 3;
  // The embedding of description + keywords (dims floats, or empty) and a hash
  // of the embedder's name and that text: with a provider, a feedback update
  // (`previous`) with the same key reuses it instead of asking again.
  std::vector<float> description_embedding;
  uint64_t description_key = 0;
  size_t ByteSize() const;
};

// Builds the model. Unknown ids are skipped with a warning naming them;
// a spec with nothing to go on (no description, query, author or paper) is
// kInvalidArgument.
// With `previous` (the model of the same radar before a like / dislike), its
// pseudo-relevance expansion is reused instead of recomputed: one training
// instead of two and no pass over the library, for the instant feedback
// update; that training starts from `previous` (RadarOptions::warm_start) and
// a provider's description embedding is reused. Rebuild without `previous`
// when seeds, description or keywords change (and from time to time, e.g.
// nightly). Errors also: a provider's, when it embeds the description.
[[nodiscard]] Result<RadarModel> BuildRadarModel(const RadarIndex& index, const RadarSpec& spec,
                                                 const RadarOptions& options,
                                                 std::vector<std::string>* warnings = nullptr,
                                                 const RadarModel* previous = nullptr);

struct Ranked {
  uint32_t doc = 0;  // index in the batch
  double score = 0;
  std::vector<std::string> reasons;
};

// Ranks the batch for one radar, best first: at most top_n papers (0 = all),
// filtered papers left out; reasons filled for the first `explain` papers.
// With `include` (one flag per batch paper), only the included papers are
// ranked, as a batch of them alone would rank them (but for BM25's average
// field lengths, which stay the whole batch's): so one batch of a day's papers
// serves every radar, each with its own candidates.
std::vector<Ranked> RankBatch(const RadarIndex& index, const RadarModel& model, const Batch& batch,
                              size_t top_n = 0, size_t explain = 10,
                              const std::vector<uint8_t>* include = nullptr);

}  // namespace ah::radar
