// Sparse tf-idf features of papers (pure, in memory).
//
// A FeatureSpace is fitted on a library (a Corpus): it learns the vocabulary of
// uni- and bigrams (bigrams join adjacent terms after stop-word removal, within
// one text field, as scikit-learn does), prunes it by document frequency, keeps
// the max_features most frequent terms, and computes idf. It holds the
// library's rows and transforms new papers into the same space.
//
// Weights follow scikit-learn's TfidfVectorizer(smooth_idf=True, norm="l2"):
//   idf(t) = ln((1 + N) / (1 + df(t))) + 1
//   w(t, d) = (sublinear ? 1 + ln tf(t, d) : tf(t, d)) * idf(t), then the row is
//   scaled to unit L2 norm.
// Feature ids are assigned in byte order of the feature names, so results do not
// depend on the number of threads.
//
// Thread-safety: a built FeatureSpace is immutable; const methods are
// thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "radar/corpus.h"
#include "radar/hash.h"
#include "radar/tokenizer.h"

namespace ah::radar {

// Compressed sparse rows. Column indices are ascending within a row.
struct SparseMatrix {
  uint32_t cols = 0;
  std::vector<uint64_t> row_ptr{0};
  std::vector<uint32_t> col;
  std::vector<float> val;

  size_t rows() const { return row_ptr.size() - 1; }
  size_t RowSize(size_t r) const { return row_ptr[r + 1] - row_ptr[r]; }
  const uint32_t* RowCols(size_t r) const { return col.data() + row_ptr[r]; }
  const float* RowVals(size_t r) const { return val.data() + row_ptr[r]; }
  // Dot product of row r with a dense vector of size cols.
  double DotDense(size_t r, const float* dense) const {
    double s = 0;
    for (uint64_t k = row_ptr[r]; k < row_ptr[r + 1]; ++k) s += double(val[k]) * dense[col[k]];
    return s;
  }
  // Appends the rows of `other` (same cols).
  void Append(const SparseMatrix& other);
};

// How a paper's fields become text.
enum class FieldLayout {
  // One text "title abstract author1 author2 ..." (arxiv-sanity-lite's make_corpus):
  // bigrams cross field borders, author names are words.
  kJoined,
  // Title (repeated title_weight times), abstract and authors are separate
  // fields (no bigram across them); each author becomes one term "@surname i"
  // (see authors.h AuthorKey) instead of words.
  kFields,
};

struct FeatureOptions {
  TokenizerOptions tokenizer;
  FieldLayout layout = FieldLayout::kFields;
  int title_weight = 1;      // kFields: how many times the title counts
  bool author_terms = true;  // kFields: "@surname i" terms; kJoined: names as words
  int ngram_max = 2;         // 1 or 2
  int min_df = 5;            // keep terms in at least min_df documents
  double max_df = 0.5;       // ... and in at most max_df * N documents
  size_t max_features = 0;   // keep the most frequent (total count); 0 = all
  bool sublinear_tf = true;
  int threads = 2;  // worker threads for Build / TransformAll
};

// The options of arxiv-sanity-lite's recipe as specified for the baseline:
// TfidfVectorizer(ngram_range=(1, 2), max_features=10000, min_df=5, max_df=0.5,
// sublinear_tf=True, stop_words="english") with the default token pattern.
FeatureOptions ArxivSanityFeatureOptions();

class FeatureSpace {
 public:
  // Fits the vocabulary and idf on `corpus` and computes its rows.
  // An empty corpus gives a space without documents or features. Errors:
  // kInvalidArgument for bad options.
  [[nodiscard]] static Result<std::unique_ptr<FeatureSpace>> Build(const Corpus& corpus,
                                                                   const FeatureOptions& options);

  const FeatureOptions& options() const { return options_; }
  // Rows of the library documents, in corpus order.
  const SparseMatrix& rows() const { return rows_; }
  size_t num_features() const { return names_.size(); }
  size_t num_docs() const { return num_docs_; }
  // "graph", "neural network", "@li p" (stemmed when stemming is on).
  const std::string& FeatureName(uint32_t f) const { return names_[f]; }
  // The feature as a reader would write it: each stem replaced by its most
  // frequent word in the library ("messag pass" -> "message passing").
  std::string DisplayName(uint32_t f) const;
  // The same for one unigram term (the term itself when unknown).
  std::string DisplayTerm(std::string_view term) const;
  float Idf(uint32_t f) const { return idf_[f]; }
  // Document frequency of a unigram term over the library, 0 when unseen
  // (kept for every term, also those pruned from the features; used by BM25).
  uint32_t TermDf(std::string_view term) const;

  // L2-normalised tf-idf row of a document not in the library (or of any text
  // put in a Document). Features unknown to the vocabulary are ignored.
  void Transform(const Document& doc, std::vector<uint32_t>* cols, std::vector<float>* vals) const;
  SparseMatrix TransformAll(const std::vector<Document>& docs) const;

  // Terms of a text as this space maps them (stop words dropped, stemmed).
  std::vector<std::string> TermsOf(std::string_view text) const;

 private:
  FeatureSpace() = default;
  // The term sequences (segments) of a document, as ids into terms_ (or kUnknown).
  void Segments(const Document& doc, TermMapper* mapper, bool learn,
                std::vector<std::vector<uint32_t>>* segs) const;

  FeatureOptions options_;
  size_t num_docs_ = 0;
  Interner terms_;                    // every unigram term of the library
  std::vector<uint32_t> term_df_;     // df per term id
  std::vector<std::string> display_;  // most frequent word per term id
  FlatMap64 feature_of_;              // n-gram key -> feature id
  std::vector<std::string> names_;
  std::vector<float> idf_;
  SparseMatrix rows_;

  friend class FeatureBuilder;
};

}  // namespace ah::radar
