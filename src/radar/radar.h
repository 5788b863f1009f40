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
//   coauthor  number of d's authors who wrote a seed / liked / saved paper
//   recency   -age(d) in days / half_life
// Minus, for the close neighbours of a disliked paper, a penalty (see
// RadarOptions::dislike_*).
// Papers that match the radar's keywords (`query`, evaluated as a query:
// query_match.h) rank above the others. A relevance floor tells the papers
// worth showing (RankBatch's `strong_first` puts them first). The floor is a robust
// z-score of the text components against the radar's scores of a fixed sample
// of the library (RadarIndex::calibration), so it does not depend on the day:
// see docs/radar.md for how its threshold was calibrated. A followed author's
// paper and a query match always pass it.
// Filters drop papers: the exclude query (any of its parts), category
// include/exclude (only when the paper lists categories), and the papers the
// user rated or seeded (hidden, disliked, seeds, liked, saved).
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
#include "radar/authors.h"
#include "radar/linear_model.h"
#include "radar/query_match.h"

namespace ah::radar {

struct Batch;

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
  // Library papers sampled (evenly, by position) to calibrate each radar's
  // relevance floor; the floor is off for a library smaller than
  // calibration_min_library (too few papers to tell the bulk from the tail).
  size_t calibration_sample = 2000;
  size_t calibration_min_library = 500;
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
  // The library sample that calibrates relevance floors; nullptr when the
  // library is too small (RadarIndexOptions::calibration_min_library).
  const Batch* calibration() const { return calibration_.get(); }

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
  std::shared_ptr<const Batch> calibration_;
  // Builds calibration_ from the corpus (after features and embeddings).
  Status BuildCalibration(const RadarIndexOptions& options);
};

// Papers to rank, prepared once for all radars.
struct Batch {
  std::vector<Document> docs;
  std::vector<int64_t> library_index;  // index in the library, or -1
  SparseMatrix rows;                   // tf-idf
  std::vector<float> embeddings;       // docs x dims
  Bm25Index bm25;
  std::vector<std::vector<PersonName>> authors;  // each paper's authors, parsed (with ORCID iDs)
  std::vector<MatchDoc> match;                   // each paper's words for query matching
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
  // Display names in any form (authors.h), an ORCID iD alone, or a name with
  // its iD: "Yu Wang (0000-0002-1825-0097)".
  std::vector<std::string> followed_authors;
  std::vector<std::string> seeds;     // library ids
  std::vector<std::string> liked;     // library ids liked
  std::vector<std::string> saved;     // library ids saved (positives too, named "saved")
  std::vector<std::string> disliked;  // library ids disliked
  std::vector<std::string> hidden;    // library ids never to show
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
  size_t background = 10000;  // library sample used as negatives (BackgroundSample); 0 = all
  uint64_t background_seed = 7;
  size_t max_terms = 4096;          // learned model: keep the largest |w| terms
  double description_weight = 1.0;  // the description as a positive pseudo-paper
  double disliked_semantic = 0.5;   // semantic: minus this times cos to disliked centroid
  // A close neighbour of a disliked paper loses dislike_penalty standard
  // deviations of score and fails the relevance floor: one of the
  // dislike_neighbours papers of the day closest to it by embedding, when its
  // cosine stands dislike_neighbour_z standard deviations above the day's
  // mean cosine to it, or a near-duplicate (tf-idf cosine >=
  // dislike_neighbour_tfidf). Measured on the June 2026 feeds
  // (bench/radar_dislike_tool.cc, docs/radar.md).
  size_t dislike_neighbours = 3;
  double dislike_neighbour_z = 3.5;
  double dislike_neighbour_tfidf = 0.25;
  double dislike_penalty = 3.0;
  // Relevance floor: a paper passes when its calibrated relevance (a robust
  // z-score against the library sample, see RadarModel::floor) is at least
  // this, and, for a radar without seed, liked or saved papers, when the
  // paper has at least floor_coverage of the radar's words (by idf mass:
  // direct evidence, where a model learned from words alone can drift to the
  // library's nearest topic). Calibrated on the 2016 evaluation weeks
  // (docs/radar.md: bench/radar_floor_tool.cc).
  double floor_threshold = 4.0;
  double floor_coverage = 0.3;
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
  // These three apply only in a library of at least 20 * expand papers (in a
  // smaller one the expansion drifts off the topic): else the settings above.
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
  // Full builds stop after this many passes over the examples, or earlier at
  // liblinear's stopping rule (1000: liblinear's cap, the rule decides).
  int max_passes = 1000;
  // Each pseudo-relevance round's training starts from the model of the round
  // before (warm_svc.h) instead of from zero: the same examples, the
  // expansion's labels flipped to positive.
  bool expand_warm = false;
  // The same three for a radar without seed, liked or saved papers (a
  // description or keywords alone: most radars, and every radar of the
  // daemon's day benchmark), in a library of any size. Its model learns from
  // a few words, and a smaller sample, capped passes and warm rounds rank as
  // well or better for a third of the daemon's CPU per radar (docs/radar.md,
  // "The daemon's day: cheaper models for radars without papers"); 3 passes
  // rank as 10 did, within 0.001 nDCG@10 ("Cheaper still").
  size_t background_no_papers = 2000;
  int max_passes_no_papers = 3;
  bool expand_warm_no_papers = true;
  // A radar without seed, liked or saved papers learns no SVM when set: its
  // learned weights are Rocchio's centroid difference (Rocchio 1971) — the
  // mean tf-idf row of its positives (the description as a pseudo-paper, then
  // each pseudo-relevance round's expansion, the description weighing
  // rocchio_description times as much as all of them) minus rocchio_negative
  // times the mean row of its negatives (the background sample and dislikes,
  // less the expansion). The expansion rounds choose papers as with the SVM.
  // Off: it ranks worse than the SVM on the radar evaluation (describe tasks
  // 0.486 against 0.539 nDCG@10; docs/radar.md, "Cheaper still").
  bool rocchio_no_papers = false;
  double rocchio_description = 1.0;
  double rocchio_negative = 1.0;
};

// A compact, immutable model of one radar (a few KB).
struct RadarModel {
  std::vector<uint32_t> term_ids;  // ascending
  std::vector<float> term_weights;
  float bias = 0;
  std::vector<float> centroid;  // dims floats, or empty
  Bm25Query lexical;            // description + query terms
  // The radar's text as the user wrote it, word by word ("low-resource" one
  // unit), with the stems of each: the "matches" reason shows these.
  struct TextUnit {
    std::string shown;
    std::vector<uint64_t> stems;  // HashBytes of each stem, in order
  };
  std::vector<TextUnit> text_units;
  QueryMatcher query;    // the keywords as a query (empty: no keywords)
  QueryMatcher exclude;  // a paper matching any part of it is dropped
  // Keywords and nothing else to learn from (no description, no positives):
  // the keywords define the radar, only their matches pass the floor.
  bool keywords_only = false;
  std::vector<PersonName> followed;         // followed authors, by tail
  std::vector<std::string> followed_typed;  // as the user typed them, parallel
  // Authors of the positives, by tail, with the index in `positives` of their paper.
  std::vector<std::pair<PersonName, uint32_t>> coauthors;
  std::vector<std::string> include_categories, exclude_categories;
  enum class PositiveKind : uint8_t { kSeed, kLiked, kSaved };
  std::vector<uint32_t> positives;  // library indices of seeds + liked + saved (for explanations)
  std::vector<PositiveKind> positive_kind;
  std::vector<uint32_t> disliked;   // library indices
  std::vector<uint32_t> expansion;  // library indices chosen by pseudo-relevance feedback
  // Never ranked: hidden, disliked, seeds, liked and saved papers (sorted ids).
  std::vector<std::string> hidden;
  // The relevance floor's calibration: per text component (learned, semantic,
  // lexical) its median and robust scale (1.4826 MAD) over the library sample,
  // then the same of their weighted sum. `ready` false: no floor (every paper
  // passes); `has_text` false: no text component, only keyword matches and
  // followed authors pass.
  struct Floor {
    bool ready = false;
    bool has_text = false;
    double median[3] = {0, 0, 0}, scale[3] = {0, 0, 0};
    double sum_median = 0, sum_scale = 1;
    double threshold = 4.0;
    double min_coverage = 0.3;  // without positives: the share of the radar's words (idf mass)
  } floor;
  size_t dislike_neighbours = 3;
  double dislike_neighbour_z = 3.5, dislike_neighbour_tfidf = 0.25, dislike_penalty = 3.0;
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

// The library sample a radar's model learns against (RadarOptions::background):
// n distinct library indices in ascending order, drawn with `seed`, skipping
// those `excluded` says (the radar's own rated and seed papers). The same seed
// gives every radar the same sample but for the papers it excludes, which are
// replaced by the next draws; fewer than n when the draws run out (4n attempts).
// Pure.
std::vector<uint32_t> BackgroundSample(size_t library_size, size_t n, uint64_t seed,
                                       const std::function<bool(uint32_t)>& excluded = {});

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

// Why a paper is on the list, as data: the CLI and the API print ReasonText
// (English); the web words it in the page's language.
struct Reason {
  enum class Kind {
    kTerms,           // args: the terms that weighed most in the learned model
    kQuery,           // args: the keywords' words and phrases the paper matches
    kMatches,         // args: words of the description found in the paper
    kSimilar,         // args: "seed" | "liked" | "saved", id, title, cosine ("0.71")
    kFollowedAuthor,  // args: the name on the paper, the name as followed ("" when the same)
    kCoauthor,        // args: the name on the paper, "seed" | "liked" | "saved", id, title
    kCategory,        // args: the category
  };
  Kind kind = Kind::kTerms;
  std::vector<std::string> args;
};
// "terms: a, b", "matches the keywords: "x y", z", "matches: a, b",
// "similar to seed "Title" (0.71)", "followed author: Name (as Typed)",
// "author of seed "Title": Name", "category: cs.CL".
std::string ReasonText(const Reason& r);
// "terms", "query", "matches", "similar", "followed_author", "coauthor", "category".
const char* ReasonKindName(Reason::Kind k);

struct Ranked {
  uint32_t doc = 0;  // index in the batch
  double score = 0;
  // Calibrated relevance (robust z against the library sample; see
  // RadarModel::Floor), NaN when the floor is not calibrated, -inf for a
  // radar without text.
  double relevance = 0;
  bool query_match = false;          // matches the radar's keywords
  bool strong = true;                // passes the relevance floor
  bool near_disliked = false;        // a close neighbour of a disliked paper
  std::vector<std::string> reasons;  // ReasonText of `why`
  std::vector<Reason> why;
};

struct RankStats {
  size_t ranked = 0;  // papers left after the filters
  size_t strong = 0;  // ... of which pass the relevance floor
};

// Ranks the batch for one radar, best first: papers that match the radar's
// keywords before the others, close neighbours of a disliked paper last, by
// score within each; with `strong_first`, the papers that pass the relevance
// floor before those that do not (what a reader is shown; the evaluation
// ranks by score alone). At most top_n papers (0 = all), filtered papers left
// out; reasons filled for the first `explain` papers.
// With `include` (one flag per batch paper), only the included papers are
// ranked, as a batch of them alone would rank them (but for BM25's average
// field lengths, which stay the whole batch's): so one batch of a day's papers
// serves every radar, each with its own candidates. `stats`, when given,
// counts the whole ranking (not only the top_n).
std::vector<Ranked> RankBatch(const RadarIndex& index, const RadarModel& model, const Batch& batch,
                              size_t top_n = 0, size_t explain = 10,
                              const std::vector<uint8_t>* include = nullptr,
                              RankStats* stats = nullptr, bool strong_first = false);

}  // namespace ah::radar
