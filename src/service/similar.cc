#include "service/similar.h"

#include <algorithm>
#include <queue>

#include "core/text.h"

namespace ah::service {
namespace {

// Keeps the k best (score, lower doc on ties) in a min-heap.
class TopK {
 public:
  explicit TopK(size_t k) : k_(k) {}
  // Whether Offer would keep it (checked first: deciding to skip a document may cost more).
  bool Accepts(uint32_t doc, double score) const {
    return k_ > 0 && (heap_.size() < k_ || Better({doc, score}, heap_.top()));
  }
  void Offer(uint32_t doc, double score) {
    if (k_ == 0) return;
    if (heap_.size() < k_) {
      heap_.push({doc, score});
    } else if (Better({doc, score}, heap_.top())) {
      heap_.pop();
      heap_.push({doc, score});
    }
  }
  std::vector<Neighbour> Take() {
    std::vector<Neighbour> out;
    while (!heap_.empty()) {
      out.push_back(heap_.top());
      heap_.pop();
    }
    std::sort(out.begin(), out.end(), Better);
    return out;
  }

 private:
  static bool Better(const Neighbour& a, const Neighbour& b) {
    return a.score != b.score ? a.score > b.score : a.doc < b.doc;
  }
  struct Worse {
    bool operator()(const Neighbour& a, const Neighbour& b) const { return Better(a, b); }
  };
  size_t k_;
  std::priority_queue<Neighbour, std::vector<Neighbour>, Worse> heap_;
};

}  // namespace

std::vector<Neighbour> NearestByEmbedding(const radar::RadarIndex& index, uint32_t doc, size_t k,
                                          const std::function<bool(uint32_t)>& skip) {
  if (!index.has_embeddings() || doc >= index.corpus().size()) return {};
  const int dims = index.dims();
  const float* q = index.Embedding(doc);
  TopK top(k);
  const auto n = static_cast<uint32_t>(index.corpus().size());
  for (uint32_t i = 0; i < n; ++i) {
    if (i == doc) continue;
    const float* e = index.Embedding(i);
    float dot = 0;
    for (int d = 0; d < dims; ++d) dot += q[d] * e[d];
    // Documents without text have a zero embedding: never a neighbour.
    if (dot <= 0 || !top.Accepts(i, dot)) continue;
    if (skip && skip(i)) continue;
    top.Offer(i, dot);
  }
  return top.Take();
}

std::vector<Neighbour> NearestByTfidf(const radar::RadarIndex& index,
                                      const std::vector<uint32_t>& cols,
                                      const std::vector<float>& vals, size_t k,
                                      const std::function<bool(uint32_t)>& skip) {
  const radar::SparseMatrix& rows = index.rows();
  if (cols.empty() || rows.cols == 0) return {};
  std::vector<float> dense(rows.cols, 0.0f);
  for (size_t j = 0; j < cols.size(); ++j)
    if (cols[j] < rows.cols) dense[cols[j]] = vals[j];
  TopK top(k);
  for (size_t r = 0; r < rows.rows(); ++r) {
    const double s = rows.DotDense(r, dense.data());
    const auto doc = static_cast<uint32_t>(r);
    if (s <= 0 || !top.Accepts(doc, s)) continue;
    if (skip && skip(doc)) continue;
    top.Offer(doc, s);
  }
  return top.Take();
}

Result<SimilarResult> FindSimilarPapers(store::Store& store, const LibraryIndex& library,
                                        const store::PaperView& of, size_t limit) {
  const radar::RadarIndex& index = library.index();
  const radar::Corpus& corpus = library.corpus();
  const Paper& paper = of.paper;
  const std::string title = text::TitleKey(paper.title);
  // The same work under another key: its other version, or a copy with the same title.
  auto skip = [&](uint32_t doc) {
    const radar::Document& d = corpus[doc];
    if (d.id == paper.key ||
        (!of.published_version_key.empty() && d.id == of.published_version_key) ||
        (!of.preprint_key.empty() && d.id == of.preprint_key))
      return true;
    return !title.empty() && text::TitleKey(d.title) == title;
  };
  // A few more than asked for: some may be gone from the store.
  const size_t want = limit + 5;
  SimilarResult out;
  std::vector<Neighbour> near;
  const std::optional<uint32_t> self = corpus.Find(paper.key);
  if (self && index.has_embeddings()) {
    near = NearestByEmbedding(index, *self, want, skip);
    out.method = index.embedding_name();
  } else {
    std::vector<uint32_t> cols;
    std::vector<float> vals;
    if (self && *self < index.rows().rows()) {
      const radar::SparseMatrix& rows = index.rows();
      cols.assign(rows.RowCols(*self), rows.RowCols(*self) + rows.RowSize(*self));
      vals.assign(rows.RowVals(*self), rows.RowVals(*self) + rows.RowSize(*self));
    } else {
      index.features().Transform(radar::DocumentFromPaper(paper), &cols, &vals);
    }
    near = NearestByTfidf(index, cols, vals, want, skip);
    out.method = "tf-idf";
  }
  for (const Neighbour& n : near) {
    if (out.papers.size() >= limit) break;
    auto view = store.Get(corpus[n.doc].id);
    if (!view) return Fail(view.error());
    if (!*view) continue;
    out.papers.push_back({std::move(**view), n.score});
  }
  return out;
}

}  // namespace ah::service
