// Dense semantic embeddings of papers.
//
// EmbeddingProvider is the pluggable interface (an OpenAI-compatible
// /v1/embeddings client can implement it). The embedded default needs no
// network and no downloaded model: latent semantic analysis (Deerwester et al.,
// "Indexing by Latent Semantic Analysis", JASIS 41(6), 1990) of the library's
// tf-idf matrix, computed with a randomized SVD (Halko, Martinsson & Tropp,
// "Finding Structure with Randomness", SIAM Review 53(2), 2011):
//   X ~ U S V^T (rank k);  embed(x) = normalize(x V_k S_k^-alpha)
// where alpha = 0 is classic LSA (x V_k) and alpha = 1 whitens the dimensions.
// A random projection (x R with R Gaussian) is available for comparison.
//
// Thread-safety: a fitted LsaModel is immutable; const methods are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "radar/features.h"

namespace ah::radar {

class EmbeddingProvider {
 public:
  virtual ~EmbeddingProvider() = default;
  virtual std::string name() const = 0;
  // The dimension, or 0 while unknown (learnt from the first answer).
  virtual int dims() const = 0;
  // One unit-length vector of dims() floats per text, in order.
  [[nodiscard]] virtual Result<std::vector<std::vector<float>>> Embed(
      const std::vector<std::string>& texts) const = 0;
};

// The text a provider embeds for a paper: title + ". " + abstract (either may
// be empty; then the other alone).
std::string EmbeddingText(const Document& doc);

// Embeds `texts` with `provider`, at most `batch` texts per call (0 = one call),
// into a row-major texts.size() x *dims matrix whose non-zero rows are scaled
// to unit length. *dims: on entry the expected dimension, or 0 to take the
// provider's dims() (or, when that is 0 too, the first answer's); on return the
// dimension used. Empty `texts` return an empty matrix without a call.
// Errors: the provider's own (message prefixed with its name and the batch),
// and kParse when an answer has the wrong number of vectors, a vector of
// another dimension, or a non-finite value.
[[nodiscard]] Result<std::vector<float>> EmbedTexts(const EmbeddingProvider& provider,
                                                    const std::vector<std::string>& texts,
                                                    size_t batch, int* dims);

enum class EmbeddingMethod { kLsa, kRandomProjection };

struct LsaOptions {
  EmbeddingMethod method = EmbeddingMethod::kLsa;
  int dims = 128;
  int oversample = 16;       // extra random directions for accuracy
  int power_iterations = 1;  // subspace iterations (0 = single pass)
  size_t vocab = 32768;      // fit on the most common features (lowest idf); 0 = all
  size_t fit_docs = 20000;   // fit on a random sample of rows; 0 = all
  double alpha = 0.0;        // singular value exponent, see above
  uint64_t seed = 42;
  int threads = 2;
};

class LsaModel {
 public:
  // Fits the projection on the rows of `space` (its library).
  // Errors: kInvalidArgument for bad options or a space smaller than dims.
  [[nodiscard]] static Result<std::unique_ptr<LsaModel>> Fit(const FeatureSpace& space,
                                                             const LsaOptions& options);

  int dims() const { return dims_; }
  // Writes the unit-length embedding of a sparse row into out[0..dims).
  // A row with no known feature yields the zero vector.
  void Embed(const uint32_t* cols, const float* vals, size_t n, float* out) const;
  // Embeddings of every row, row-major (rows x dims), computed in parallel.
  std::vector<float> EmbedAll(const SparseMatrix& m) const;
  // Singular values of the fit, descending (empty for random projection).
  const std::vector<double>& singular_values() const { return sigma_; }

 private:
  LsaModel() = default;
  int dims_ = 0;
  int threads_ = 1;
  std::vector<int32_t> row_of_;  // feature id -> row of proj_, or -1
  std::vector<float> proj_;      // (used features) x dims, row-major
  std::vector<double> sigma_;
};

// The embedded default provider: tf-idf of the text in `space`, then `lsa`.
// Both must outlive the provider.
class LsaEmbeddingProvider final : public EmbeddingProvider {
 public:
  LsaEmbeddingProvider(const FeatureSpace* space, const LsaModel* lsa) : space_(space), lsa_(lsa) {}
  std::string name() const override { return "lsa"; }
  int dims() const override { return lsa_->dims(); }
  [[nodiscard]] Result<std::vector<std::vector<float>>> Embed(
      const std::vector<std::string>& texts) const override;

 private:
  const FeatureSpace* space_;
  const LsaModel* lsa_;
};

}  // namespace ah::radar
