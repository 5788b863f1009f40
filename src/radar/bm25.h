// BM25F lexical scoring of a batch of papers (pure).
//
// Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and
// Beyond", Foundations and Trends in IR 3(4), 2009, eq. (3.15)-(3.17) — the
// per-field "simple BM25F" of Robertson, Zaragoza & Taylor (CIKM 2004):
//
//   tf~(t, d)  = sum_f  w_f * tf_f(t, d) / (1 - b + b * len_f(d) / avglen_f)
//   score(q,d) = sum_{t in q}  qw(t) * idf(t) * tf~(t, d) / (k1 + tf~(t, d))
//   idf(t)     = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))        (non-negative form)
//   qw(t)      = (k3 + 1) * qtf(t) / (k3 + qtf(t))                 (query-term saturation)
//
// N and df come from the library (FeatureSpace::TermDf, num_docs); field
// lengths are averaged over the batch. Fields: title, abstract, authors (names
// as words).
//
// Thread-safety: an index is immutable after construction; Score is
// thread-safe.
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "radar/corpus.h"
#include "radar/features.h"

namespace ah::radar {

struct Bm25Params {
  double k1 = 1.2;
  double b = 0.75;
  double k3 = 8.0;
  double title_weight = 2.0;
  double abstract_weight = 1.0;
  double author_weight = 1.0;
};

// A weighted query: distinct terms (as FeatureSpace::TermsOf maps them) and
// qw(t) already applied.
using Bm25Query = std::vector<std::pair<std::string, double>>;

// Builds a query from free text: terms counted, weights qw(qtf).
Bm25Query MakeBm25Query(const FeatureSpace& space, const std::string& text,
                        const Bm25Params& params = {});

class Bm25Index {
 public:
  Bm25Index() = default;
  // Indexes `docs` (not owned; only read during construction) against the
  // library statistics of `space` (which must outlive the index).
  Bm25Index(const FeatureSpace& space, const std::vector<const Document*>& docs,
            const Bm25Params& params = {});

  size_t size() const { return num_docs_; }
  // scores[i] for the i-th indexed document (resized to size()).
  // When `matched` is given, (*matched)[i] lists the query terms found in doc i.
  void Score(const Bm25Query& query, std::vector<double>* scores,
             std::vector<std::vector<std::string>>* matched = nullptr) const;
  // The query terms found in document `doc`, in query order.
  std::vector<std::string> MatchedTerms(const Bm25Query& query, uint32_t doc) const;

 private:
  struct Posting {
    uint32_t doc;
    float weighted_tf;  // tf~ without the query part
  };
  const FeatureSpace* space_ = nullptr;
  Bm25Params params_;
  size_t num_docs_ = 0;
  std::unordered_map<std::string, std::vector<Posting>> postings_;
};

}  // namespace ah::radar
