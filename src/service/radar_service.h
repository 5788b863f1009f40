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
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "radar/corpus.h"
#include "radar/radar.h"
#include "store/radar_store.h"
#include "store/store.h"

namespace ah::service {

// The whole library prepared for ranking (features, embeddings).
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
  const radar::Corpus& corpus() const { return corpus_; }
  const radar::RadarIndex& index() const { return *index_; }

 private:
  radar::Corpus corpus_;
  std::unique_ptr<radar::RadarIndex> index_;
};

// Checks a definition before it is stored. Errors (kInvalidArgument) for
// contradictory filters (a category or source both included and excluded) and
// a bad name; warnings for a radar with nothing to rank by yet.
[[nodiscard]] Status ValidateDefinition(const store::RadarDefinition& r,
                                        std::vector<std::string>* warnings);

// The library key of a paper reference (arXiv id, doi:..., pmid:..., key).
// Errors: kNotFound "unknown paper '<ref>': not in the library ...".
[[nodiscard]] Result<std::string> ResolvePaper(store::Store& store, std::string_view ref);

// Seeds, liked / disliked / hidden papers from the definition and its
// feedback: the latest action on a paper wins (like and save count as liked).
radar::RadarSpec SpecOf(const store::RadarDefinition& r);

struct RunOptions {
  std::string date;         // last day of the run, YYYY-MM-DD; empty = latest announced day
  int days = 1;             // days ending at `date`
  size_t limit = 20;        // papers returned (0 = all)
  bool include_shown = false;  // also papers first shown on an earlier day
  bool record_shown = true;    // remember the returned papers as shown
  int64_t now_unix = 0;        // time recorded with the shown papers (0 = now)
};

struct RankedPaper {
  store::PaperView view;
  double score = 0;
  std::vector<std::string> reasons;
  std::string listing_date;    // the announcement that made it a candidate
  std::string listing_source;
  std::string badge;           // e.g. "arXiv (CS.LG)"
};

struct RunReport {
  std::string date_from, date_to;
  size_t candidates = 0;     // new papers announced in the range (after source filters)
  size_t already_shown = 0;  // left out: shown on an earlier day
  size_t hidden = 0;         // left out: hidden by the user
  std::vector<RankedPaper> papers;  // best first
  std::vector<std::string> warnings;
};

// Ranks the papers announced (new or cross-listed, not replacements) in the
// range for radar `r`. A paper counts as shown when it, its journal version or
// its preprint was shown by this radar on an earlier day.
// Errors: kInvalidArgument for a radar with nothing to rank by; the store's.
[[nodiscard]] Result<RunReport> RunRadar(store::Store& store, store::RadarStore& radars,
                                         const LibraryIndex& library,
                                         const store::RadarDefinition& r, const RunOptions& options);

}  // namespace ah::service
