#include "radar/embedding.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "radar/parallel.h"

namespace ah::radar {
namespace {

// A dense row-major matrix of floats.
struct Dense {
  size_t rows = 0, cols = 0;
  std::vector<float> a;
  Dense() = default;
  Dense(size_t r, size_t c) : rows(r), cols(c), a(r * c, 0.0f) {}
  float* Row(size_t r) { return a.data() + r * cols; }
  const float* Row(size_t r) const { return a.data() + r * cols; }
};

// The fit's view of the library: selected rows, features remapped to 0..V'.
struct FitInput {
  const SparseMatrix* x;
  std::vector<uint32_t> rows;
  const std::vector<int32_t>* remap;
  size_t used;
};

void Axpy(float alpha, const float* x, float* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] += alpha * x[i];
}

// Y = X_s B   (|rows| x l), B is V' x l.
Dense MulXB(const FitInput& in, const Dense& b, int threads) {
  Dense y(in.rows.size(), b.cols);
  ParallelFor(threads, in.rows.size(), [&](int, size_t s, size_t e) {
    for (size_t i = s; i < e; ++i) {
      size_t r = in.rows[i];
      float* out = y.Row(i);
      for (uint64_t k = in.x->row_ptr[r]; k < in.x->row_ptr[r + 1]; ++k) {
        int32_t f = (*in.remap)[in.x->col[k]];
        if (f >= 0) Axpy(in.x->val[k], b.Row(static_cast<size_t>(f)), out, b.cols);
      }
    }
  });
  return y;
}

// Z = X_s^T Q   (V' x l), Q is |rows| x l. Per-thread accumulators, then summed.
Dense MulXtQ(const FitInput& in, const Dense& q, int threads) {
  int t_count = std::max(1, threads);
  std::vector<Dense> parts(static_cast<size_t>(t_count));
  ParallelFor(t_count, in.rows.size(), [&](int t, size_t s, size_t e) {
    Dense z(in.used, q.cols);
    for (size_t i = s; i < e; ++i) {
      size_t r = in.rows[i];
      const float* qi = q.Row(i);
      for (uint64_t k = in.x->row_ptr[r]; k < in.x->row_ptr[r + 1]; ++k) {
        int32_t f = (*in.remap)[in.x->col[k]];
        if (f >= 0) Axpy(in.x->val[k], qi, z.Row(static_cast<size_t>(f)), q.cols);
      }
    }
    parts[static_cast<size_t>(t)] = std::move(z);
  });
  Dense z = std::move(parts[0]);
  if (z.a.empty()) z = Dense(in.used, q.cols);
  for (size_t t = 1; t < parts.size(); ++t)
    if (!parts[t].a.empty())
      for (size_t i = 0; i < z.a.size(); ++i) z.a[i] += parts[t].a[i];
  return z;
}

// G = M^T M in double.
std::vector<double> Gram(const Dense& m, int threads) {
  size_t l = m.cols;
  int t_count = std::max(1, threads);
  std::vector<std::vector<double>> parts(static_cast<size_t>(t_count),
                                         std::vector<double>(l * l, 0));
  ParallelFor(t_count, m.rows, [&](int t, size_t s, size_t e) {
    auto& g = parts[static_cast<size_t>(t)];
    for (size_t r = s; r < e; ++r) {
      const float* row = m.Row(r);
      for (size_t i = 0; i < l; ++i) {
        double ri = row[i];
        if (ri == 0) continue;
        double* gi = g.data() + i * l;
        for (size_t j = i; j < l; ++j) gi[j] += ri * row[j];
      }
    }
  });
  std::vector<double> g(l * l, 0);
  for (auto& p : parts)
    for (size_t i = 0; i < g.size(); ++i) g[i] += p[i];
  for (size_t i = 0; i < l; ++i)
    for (size_t j = 0; j < i; ++j) g[i * l + j] = g[j * l + i];
  return g;
}

// Orthonormalises the columns of M in place (Cholesky QR, applied twice for
// stability). Columns that are numerically dependent come out as zeros.
void Orthonormalize(Dense& m, int threads, int passes) {
  size_t l = m.cols;
  for (int pass = 0; pass < passes; ++pass) {
    std::vector<double> g = Gram(m, threads);
    double trace = 0;
    for (size_t i = 0; i < l; ++i) trace += g[i * l + i];
    double jitter = 1e-10 * (trace / static_cast<double>(std::max<size_t>(l, 1)) + 1e-30);
    // Cholesky G = R^T R (upper R stored in g's upper triangle).
    std::vector<double> r(l * l, 0);
    for (size_t j = 0; j < l; ++j) {
      double d = g[j * l + j] + jitter;
      for (size_t k = 0; k < j; ++k) d -= r[k * l + j] * r[k * l + j];
      double rjj = d > jitter ? std::sqrt(d) : 0.0;
      r[j * l + j] = rjj;
      for (size_t i = j + 1; i < l; ++i) {
        double v = g[j * l + i];
        for (size_t k = 0; k < j; ++k) v -= r[k * l + j] * r[k * l + i];
        r[j * l + i] = rjj > 0 ? v / rjj : 0.0;
      }
    }
    // M <- M R^{-1}: forward substitution per row.
    ParallelFor(threads, m.rows, [&](int, size_t s, size_t e) {
      std::vector<double> tmp(l);
      for (size_t row = s; row < e; ++row) {
        float* x = m.Row(row);
        for (size_t j = 0; j < l; ++j) {
          double v = x[j];
          for (size_t k = 0; k < j; ++k) v -= tmp[k] * r[k * l + j];
          tmp[j] = r[j * l + j] > 0 ? v / r[j * l + j] : 0.0;
        }
        for (size_t j = 0; j < l; ++j) x[j] = static_cast<float>(tmp[j]);
      }
    });
  }
}

// Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations.
// On return `a` is destroyed, `vals` holds eigenvalues, `vecs` (row-major, l x l)
// holds eigenvectors as columns.
void JacobiEigen(std::vector<double> a, size_t l, std::vector<double>* vals,
                 std::vector<double>* vecs) {
  std::vector<double>& v = *vecs;
  v.assign(l * l, 0);
  for (size_t i = 0; i < l; ++i) v[i * l + i] = 1;
  for (int sweep = 0; sweep < 60; ++sweep) {
    double off = 0, diag = 0;
    for (size_t i = 0; i < l; ++i) {
      diag += a[i * l + i] * a[i * l + i];
      for (size_t j = i + 1; j < l; ++j) off += a[i * l + j] * a[i * l + j];
    }
    if (off <= 1e-22 * diag) break;
    for (size_t p = 0; p < l; ++p) {
      for (size_t q = p + 1; q < l; ++q) {
        double apq = a[p * l + q];
        if (std::fabs(apq) < 1e-300) continue;
        double app = a[p * l + p], aqq = a[q * l + q];
        double theta = (aqq - app) / (2 * apq);
        double t = (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
        double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (size_t k = 0; k < l; ++k) {
          double akp = a[k * l + p], akq = a[k * l + q];
          a[k * l + p] = c * akp - s * akq;
          a[k * l + q] = s * akp + c * akq;
        }
        for (size_t k = 0; k < l; ++k) {
          double apk = a[p * l + k], aqk = a[q * l + k];
          a[p * l + k] = c * apk - s * aqk;
          a[q * l + k] = s * apk + c * aqk;
        }
        for (size_t k = 0; k < l; ++k) {
          double vkp = v[k * l + p], vkq = v[k * l + q];
          v[k * l + p] = c * vkp - s * vkq;
          v[k * l + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  vals->resize(l);
  for (size_t i = 0; i < l; ++i) (*vals)[i] = a[i * l + i];
}

}  // namespace

Result<std::unique_ptr<LsaModel>> LsaModel::Fit(const FeatureSpace& space, const LsaOptions& o) {
  const SparseMatrix& x = space.rows();
  size_t nf = space.num_features();
  if (o.dims < 1 || o.dims > 1024)
    return MakeError(Code::kInvalidArgument, "radar embedding: dims must be in 1..1024");
  if (x.rows() < static_cast<size_t>(o.dims) || nf < static_cast<size_t>(o.dims))
    return MakeError(Code::kInvalidArgument,
                     "radar embedding: the library (" + std::to_string(x.rows()) + " papers, " +
                         std::to_string(nf) + " features) is smaller than " +
                         std::to_string(o.dims) + " dimensions");
  std::unique_ptr<LsaModel> m(new LsaModel());
  m->dims_ = o.dims;
  m->threads_ = std::max(1, o.threads);

  // The most common features (lowest idf), ties by id.
  std::vector<uint32_t> order(nf);
  std::iota(order.begin(), order.end(), 0u);
  size_t used = o.vocab == 0 ? nf : std::min(nf, std::max<size_t>(o.vocab, size_t(o.dims)));
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return space.Idf(a) < space.Idf(b); });
  m->row_of_.assign(nf, -1);
  std::vector<uint32_t> kept(order.begin(), order.begin() + static_cast<long>(used));
  std::sort(kept.begin(), kept.end());
  for (size_t i = 0; i < kept.size(); ++i) m->row_of_[kept[i]] = static_cast<int32_t>(i);

  std::mt19937_64 rng(o.seed);
  std::normal_distribution<float> gauss(0.0f, 1.0f);
  size_t k = static_cast<size_t>(o.dims);

  if (o.method == EmbeddingMethod::kRandomProjection) {
    m->proj_.resize(used * k);
    for (auto& v : m->proj_) v = gauss(rng);
    return m;
  }

  FitInput in{&x, {}, &m->row_of_, used};
  in.rows.resize(x.rows());
  std::iota(in.rows.begin(), in.rows.end(), 0u);
  if (o.fit_docs > 0 && o.fit_docs < in.rows.size()) {
    std::shuffle(in.rows.begin(), in.rows.end(), rng);
    in.rows.resize(std::max(o.fit_docs, k));
    std::sort(in.rows.begin(), in.rows.end());
  }
  size_t l = std::min(k + static_cast<size_t>(std::max(0, o.oversample)), used);
  Dense omega(used, l);
  for (auto& v : omega.a) v = gauss(rng);
  // Intermediate bases need only be well conditioned (one Cholesky-QR pass);
  // the last one must be orthonormal (two passes).
  Dense q = MulXB(in, omega, m->threads_);
  Orthonormalize(q, m->threads_, o.power_iterations > 0 ? 1 : 2);
  for (int it = 0; it < o.power_iterations; ++it) {
    Dense z = MulXtQ(in, q, m->threads_);
    Orthonormalize(z, m->threads_, 1);
    q = MulXB(in, z, m->threads_);
    Orthonormalize(q, m->threads_, it + 1 == o.power_iterations ? 2 : 1);
  }
  // B = Q^T X_s; Z = B^T (V' x l). B B^T = Z^T Z = U L U^T; V = Z U L^{-1/2}.
  Dense z = MulXtQ(in, q, m->threads_);
  std::vector<double> s = Gram(z, m->threads_);
  std::vector<double> evals, evecs;
  JacobiEigen(std::move(s), l, &evals, &evecs);
  std::vector<size_t> idx(l);
  std::iota(idx.begin(), idx.end(), 0u);
  std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return evals[a] > evals[b]; });
  k = std::min(k, l);
  m->dims_ = static_cast<int>(k);
  // Column c of the projection: Z u_c / sigma_c^(1 + alpha).
  std::vector<double> coef(l * k, 0);
  for (size_t c = 0; c < k; ++c) {
    double lambda = std::max(evals[idx[c]], 0.0);
    double sigma = std::sqrt(lambda);
    m->sigma_.push_back(sigma);
    double scale = sigma > 1e-12 ? std::pow(sigma, -(1.0 + o.alpha)) : 0.0;
    for (size_t j = 0; j < l; ++j) coef[j * k + c] = evecs[j * l + idx[c]] * scale;
  }
  m->proj_.assign(used * k, 0.0f);
  ParallelFor(m->threads_, used, [&](int, size_t b, size_t e) {
    std::vector<double> acc(k);
    for (size_t f = b; f < e; ++f) {
      std::fill(acc.begin(), acc.end(), 0.0);
      const float* zf = z.Row(f);
      for (size_t j = 0; j < l; ++j) {
        double zj = zf[j];
        if (zj == 0) continue;
        const double* cj = coef.data() + j * k;
        for (size_t c = 0; c < k; ++c) acc[c] += zj * cj[c];
      }
      float* out = m->proj_.data() + f * k;
      for (size_t c = 0; c < k; ++c) out[c] = static_cast<float>(acc[c]);
    }
  });
  return m;
}

void LsaModel::Embed(const uint32_t* cols, const float* vals, size_t n, float* out) const {
  size_t k = static_cast<size_t>(dims_);
  std::fill(out, out + k, 0.0f);
  for (size_t i = 0; i < n; ++i) {
    if (cols[i] >= row_of_.size()) continue;
    int32_t f = row_of_[cols[i]];
    if (f >= 0) Axpy(vals[i], proj_.data() + static_cast<size_t>(f) * k, out, k);
  }
  double norm = 0;
  for (size_t c = 0; c < k; ++c) norm += double(out[c]) * out[c];
  if (norm > 0) {
    float inv = static_cast<float>(1.0 / std::sqrt(norm));
    for (size_t c = 0; c < k; ++c) out[c] *= inv;
  }
}

std::vector<float> LsaModel::EmbedAll(const SparseMatrix& m) const {
  size_t k = static_cast<size_t>(dims_);
  std::vector<float> out(m.rows() * k);
  ParallelFor(threads_, m.rows(), [&](int, size_t b, size_t e) {
    for (size_t r = b; r < e; ++r)
      Embed(m.RowCols(r), m.RowVals(r), m.RowSize(r), out.data() + r * k);
  });
  return out;
}

std::string EmbeddingText(const Document& doc) {
  if (doc.title.empty()) return doc.abstract;
  if (doc.abstract.empty()) return doc.title;
  return doc.title + ". " + doc.abstract;
}

Result<std::vector<float>> EmbedTexts(const EmbeddingProvider& provider,
                                      const std::vector<std::string>& texts, size_t batch,
                                      int* dims) {
  std::vector<float> out;
  if (texts.empty()) return out;
  if (*dims <= 0) *dims = std::max(provider.dims(), 0);
  if (batch == 0) batch = texts.size();
  std::vector<std::string> chunk;
  for (size_t begin = 0; begin < texts.size(); begin += batch) {
    size_t end = std::min(texts.size(), begin + batch);
    chunk.assign(texts.begin() + static_cast<long>(begin), texts.begin() + static_cast<long>(end));
    const std::string where = "embeddings (" + provider.name() + ", texts " +
                              std::to_string(begin) + ".." + std::to_string(end - 1) + ")";
    auto got = provider.Embed(chunk);
    if (!got) return MakeError(got.error().code, where + ": " + got.error().message);
    if (got->size() != chunk.size())
      return MakeError(Code::kParse, where + ": " + std::to_string(got->size()) + " vectors for " +
                                         std::to_string(chunk.size()) + " texts");
    if (*dims <= 0) {
      if ((*got)[0].empty()) return MakeError(Code::kParse, where + ": text 0: empty vector");
      *dims = static_cast<int>((*got)[0].size());
    }
    const size_t k = static_cast<size_t>(*dims);
    if (out.empty()) out.reserve(texts.size() * k);
    for (size_t i = 0; i < got->size(); ++i) {
      const std::vector<float>& v = (*got)[i];
      if (v.size() != k)
        return MakeError(Code::kParse, where + ": text " + std::to_string(begin + i) + ": " +
                                           std::to_string(v.size()) + " dimensions, expected " +
                                           std::to_string(k));
      double norm = 0;
      for (float x : v) {
        if (!std::isfinite(x))
          return MakeError(Code::kParse,
                           where + ": text " + std::to_string(begin + i) + ": non-finite value");
        norm += double(x) * x;
      }
      // The vectors are promised unit length; scaling again keeps cosines honest
      // when a server does not normalise.
      float inv = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.0f;
      for (float x : v) out.push_back(x * inv);
    }
  }
  return out;
}

Result<std::vector<std::vector<float>>> LsaEmbeddingProvider::Embed(
    const std::vector<std::string>& texts) const {
  std::vector<std::vector<float>> out;
  out.reserve(texts.size());
  std::vector<uint32_t> cols;
  std::vector<float> vals;
  for (const auto& t : texts) {
    Document d;
    d.abstract = t;
    space_->Transform(d, &cols, &vals);
    std::vector<float> e(static_cast<size_t>(lsa_->dims()));
    lsa_->Embed(cols.data(), vals.data(), cols.size(), e.data());
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace ah::radar
