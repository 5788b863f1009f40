// Similar papers: the library's papers nearest to a paper, for the paper page
// and the API's /similar. Nearest by the radar index snapshot's embeddings
// (cosine; LSA or the configured embedding model, both unit length), or by
// tf-idf (cosine of the snapshot's L2-normalised rows) when the snapshot has
// no embeddings (a library too small for LSA) or does not hold the paper yet
// (stored after the snapshot: its row is computed from its text in the
// snapshot's space). Brute force over the snapshot: about a millisecond per
// 10,000 papers with 128-dim embeddings.
//
// Thread-safety: stateless; the snapshot is immutable (shared by requests),
// the store is the caller's (one thread at a time).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "radar/radar.h"
#include "service/radar_service.h"
#include "store/store.h"

namespace ah::service {

// A document of the index and how close it is (cosine, higher is closer).
struct Neighbour {
  uint32_t doc = 0;
  double score = 0;
};

// The `k` documents nearest to document `doc` by embedding, best first (ties:
// lower index first), without `doc` itself and without documents for which
// `skip(i)` is true. Empty when the index has no embeddings.
// REQUIRES: doc < index.corpus().size().
std::vector<Neighbour> NearestByEmbedding(const radar::RadarIndex& index, uint32_t doc, size_t k,
                                          const std::function<bool(uint32_t)>& skip = {});
// The `k` documents nearest to a tf-idf row (ascending cols, L2-normalised, as
// FeatureSpace::Transform gives), best first, with a positive score only.
std::vector<Neighbour> NearestByTfidf(const radar::RadarIndex& index,
                                      const std::vector<uint32_t>& cols,
                                      const std::vector<float>& vals, size_t k,
                                      const std::function<bool(uint32_t)>& skip = {});

struct SimilarPaper {
  store::PaperView view;
  double score = 0;  // cosine similarity
};

struct SimilarResult {
  std::vector<SimilarPaper> papers;  // best first
  std::string method;                // "lsa", the embedding model's name, or "tf-idf"
};

// The `limit` papers of the library most similar to `of`, best first. Left
// out: `of` itself, its published version and its preprint (the same work),
// papers with the same title, and papers no longer in the store.
// Errors: the store's.
[[nodiscard]] Result<SimilarResult> FindSimilarPapers(store::Store& store,
                                                      const LibraryIndex& library,
                                                      const store::PaperView& of, size_t limit);

}  // namespace ah::service
