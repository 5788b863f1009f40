// Radars over the library: validating a definition, resolving seed papers,
// and the daily run (the day's new papers ranked for one radar, papers already
// shown on an earlier day and hidden papers left out, the shown ones recorded).
//
// The pure ranking lives in radar/; this layer reads the Store and RadarStore
// and turns stored definitions and feedback into radar::RadarSpec.
// Thread-safety: LibraryIndex is immutable once loaded; the functions take the
// store, which is single-threaded (see store/store.h).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "radar/corpus.h"
#include "radar/radar.h"
#include "store/radar_store.h"
#include "store/store.h"

namespace ah::service {

// The whole library prepared for ranking (features, embeddings): an immutable
// snapshot. A long-lived process keeps one and replaces it with Extend when
// papers arrive, and with a fresh Load from time to time (the fit's vocabulary
// and embedding model age as the library grows).
class LibraryIndex {
 public:
  // Reads every paper of `store`. Embeddings come from `provider` when given
  // (e.g. an OpenAI-compatible /v1/embeddings model), kept in `cache` per
  // (provider, paper) so that each paper is embedded once; otherwise from the
  // embedded LSA model, skipped for a library too small to fit it (fewer than
  // 4 x dims papers). Errors: the store's, the provider's.
  [[nodiscard]] static Result<std::unique_ptr<LibraryIndex>> Load(
      store::Store& store, radar::RadarIndexOptions options = {},
      const radar::EmbeddingProvider* provider = nullptr, store::RadarStore* cache = nullptr);
  // `base` brought up to date: the papers written after base.seq() replace
  // theirs or are appended, in base's fitted space (radar::RadarIndex::Extend).
  // Returns nullptr when nothing changed. Same provider and cache as Load.
  // Errors: the store's, the provider's.
  [[nodiscard]] static Result<std::unique_ptr<LibraryIndex>> Extend(
      const LibraryIndex& base, store::Store& store, store::RadarStore* cache = nullptr);

  const radar::Corpus& corpus() const { return corpus_; }
  const radar::RadarIndex& index() const { return *index_; }
  // Embeddings come from a configured model (not the offline LSA).
  bool has_embedding_provider() const { return options_.provider != nullptr; }
  // The library change (Store::LastChange) this snapshot includes.
  int64_t seq() const { return seq_; }
  // Counts the fits: models built on snapshots of one fit can be updated from
  // each other (same feature ids and document indices).
  uint64_t fit() const { return fit_; }
  // Unique to this snapshot in the process.
  uint64_t id() const { return id_; }

 private:
  radar::Corpus corpus_;
  std::unique_ptr<radar::RadarIndex> index_;
  radar::RadarIndexOptions options_;  // without the cache callbacks
  store::RadarStore* cache_ = nullptr;
  int64_t seq_ = 0;
  uint64_t fit_ = 0;
  uint64_t id_ = 0;
};

// Checks a definition before it is stored. Errors (kInvalidArgument) for
// contradictory filters (a category or source both included and excluded) and
// a bad name; warnings for a radar with nothing to rank by yet.
[[nodiscard]] Status ValidateDefinition(const store::RadarDefinition& r,
                                        std::vector<std::string>* warnings);

// The warning for a description written mostly in Chinese or Japanese (more
// CJK characters than Latin letters): the offline ranker matches words, so
// English papers score 0 against it; ranking them by meaning needs a
// multilingual embedding model. Empty when the description is not CJK, or
// when `embedding_model` is configured (has_provider).
std::string DescriptionLanguageWarning(const store::RadarDefinition& r, bool has_provider);

// The library key of a paper reference (arXiv id, doi:..., pmid:..., key).
// Errors: kNotFound "unknown paper '<ref>': not in the library ...".
[[nodiscard]] Result<std::string> ResolvePaper(store::Store& store, std::string_view ref);

// Seeds, liked / saved / disliked / hidden papers from the definition and its
// feedback: the latest action on a paper wins (liked and saved papers are both
// positives; they are kept apart so that reasons name them as the user did).
radar::RadarSpec SpecOf(const store::RadarDefinition& r);

struct RunOptions {
  std::string date;         // last day of the run, YYYY-MM-DD; empty = the latest day
                            // announced by the radar's sources
  int days = 1;             // days ending at `date`
  size_t limit = 20;        // papers returned (0 = all)
  bool include_shown = false;  // also papers first shown on an earlier day
  // Also the papers below the relevance floor (after those above it).
  bool below_floor = false;
  bool record_shown = true;    // remember the returned papers as shown
  int64_t now_unix = 0;        // time recorded with the shown papers (0 = now)
};

struct RankedPaper {
  store::PaperView view;
  double score = 0;
  std::vector<std::string> reasons;  // English (radar::ReasonText of `why`)
  std::vector<radar::Reason> why;    // the same as data, for other languages
  // Calibrated relevance (radar::Ranked::relevance; NaN without a floor) and
  // whether it passes the floor.
  double relevance = 0;
  bool strong = true;
  bool query_match = false;   // matches the radar's keywords
  std::string listing_date;    // the announcement that made it a candidate
  std::string listing_source;
  std::string announce_type;   // that announcement's: new, cross, replace, replace-cross
  int version = 0;             // the paper's latest version (shown as "updated vN")
  std::string badge;           // e.g. "arXiv (CS.LG)"
};

struct RunReport {
  std::string date_from, date_to;
  size_t candidates = 0;     // papers announced in the range (after source filters; updated
                             // ones only for a radar that includes updates)
  size_t updates = 0;        // ... of which updated (announced as replacements)
  size_t already_shown = 0;  // left out: shown on an earlier day
  size_t hidden = 0;         // left out: hidden by the user
  size_t rated = 0;          // left out: disliked, or a seed, liked or saved paper
  // The relevance floor: whether it applies (a library large enough to
  // calibrate it), and the ranked papers below it left out (without
  // RunOptions::below_floor). Papers empty and below_floor > 0: nothing
  // strongly relevant in the range.
  bool floor = false;
  size_t below_floor = 0;
  std::vector<RankedPaper> papers;  // best first
  std::vector<std::string> warnings;
};

// One announcement of a candidate paper in the range.
struct CandidateListing {
  std::string date, source, announce_type;
  bool update() const { return announce_type == "replace" || announce_type == "replace-cross"; }
};

// The papers announced in a range (new, cross-listed, or updated), of every
// source, prepared for ranking once for every radar.
struct RangeCandidates {
  std::string date_from, date_to;
  std::vector<store::PaperView> views;
  // Per paper, its announcements in the range (not "api" / "oai"), oldest day
  // first, new and cross-lists before replacements on a day.
  std::vector<std::vector<CandidateListing>> listings;
  std::unique_ptr<radar::Batch> batch;  // null when there are no candidates
};

// What a long-lived process keeps between radar runs: each radar's model and
// each range's candidates, for the current library snapshot. A radar page
// then costs a ranking, and a like or dislike a warm model update
// (radar::BuildRadarModel with `previous`) instead of a full build.
// Thread-safe: requests of many users call it at once; a model or a range
// being built by one request is built, not waited for, by another.
class RankCache {
 public:
  explicit RankCache(size_t max_models = 4096, size_t max_ranges = 16)
      : max_models_(max_models), max_ranges_(max_ranges) {}

  // The radar's model on `library`: the cached one when its definition,
  // feedback and the snapshot's fit are unchanged; a warm update of it when
  // only the feedback changed; else a full build. Errors: BuildRadarModel's.
  [[nodiscard]] Result<std::shared_ptr<const radar::RadarModel>> Model(
      const LibraryIndex& library, const store::RadarDefinition& r,
      std::vector<std::string>* warnings);
  // The candidates of [from, to] on the snapshot `library`.
  [[nodiscard]] Result<std::shared_ptr<const RangeCandidates>> Candidates(
      store::Store& store, const LibraryIndex& library, const std::string& from,
      const std::string& to);
  // Drops what belongs to the radar (after it was deleted).
  void Forget(int64_t radar_id);

 private:
  struct ModelEntry {
    uint64_t definition = 0;  // hash of what the user said, but the feedback
    uint64_t feedback = 0;    // hash of the feedback
    uint64_t fit = 0;
    int64_t seq = 0;          // the snapshot's library change
    bool incomplete = false;  // some seed or rated paper was not in the snapshot
    std::shared_ptr<const radar::RadarModel> model;
    std::vector<std::string> warnings;
    uint64_t used = 0;
  };
  struct RangeEntry {
    std::string from, to;
    uint64_t snapshot = 0;  // LibraryIndex::id()
    std::shared_ptr<const RangeCandidates> candidates;
    uint64_t used = 0;
  };
  std::mutex mu_;
  size_t max_models_, max_ranges_;
  uint64_t clock_ = 0;
  std::unordered_map<int64_t, ModelEntry> models_;
  std::vector<RangeEntry> ranges_;
};

// Ranks the papers announced (new or cross-listed; updated ones too when
// r.include_updates) in the range for radar `r` (loaded for its owner: shown
// papers and feedback are the owner's). Left out: papers shown by this radar
// on an earlier day (the paper, its journal version or its preprint), hidden
// and disliked papers, seeds, liked and saved papers (by the same three keys),
// and, unless options.below_floor, papers below the relevance floor (see
// radar.h). With `cache`, models and candidates are taken from it (see
// RankCache); without, built for this run.
// Errors: kInvalidArgument for a radar with nothing to rank by or bad
// options; kNotFound for a library with nothing announced; the store's.
[[nodiscard]] Result<RunReport> RunRadar(store::Store& store, store::RadarStore& radars,
                                         const LibraryIndex& library,
                                         const store::RadarDefinition& r, const RunOptions& options,
                                         RankCache* cache = nullptr);

struct DayRange {
  std::string date_from, date_to;
};

// The range RunRadar covers for radar `r`: `days` days ending at `date`, or at
// the latest day announced by a source the radar reads (its sources, or every
// source but those it excludes) when `date` is empty. Also what a stored briefing of the run is filed under.
// Errors: kInvalidArgument (days outside 1..366, a date not YYYY-MM-DD),
// kNotFound (nothing announced yet), the store's.
[[nodiscard]] Result<DayRange> RunRange(store::Store& store, const store::RadarDefinition& r,
                                        const std::string& date, int days);

}  // namespace ah::service
