// RadarIndex's embeddings from a pluggable EmbeddingProvider (radar.h,
// RadarIndexOptions::provider): the library at Build, with the caller's cache,
// and any text afterwards. The LSA default lives in RadarIndex::Build.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "radar/embedding.h"
#include "radar/radar.h"

namespace ah::radar {

Status RadarIndex::EmbedLibrary(const RadarIndexOptions& options,
                                const std::vector<uint32_t>* which) {
  const EmbeddingProvider& p = *options.provider;
  provider_ = &p;
  provider_batch_ = options.provider_batch;
  const size_t n = corpus_->size();
  if (n == 0) return Ok();
  auto fail = [&](const Error& e) {
    return MakeError(e.code, "radar index: library " + e.message);
  };
  int dims = which != nullptr ? dims_ : p.dims();
  size_t first = 0;  // papers before `first` are done
  if (which != nullptr) {
    // Extend: the base's embeddings are in place already.
    embeddings_.resize(n * static_cast<size_t>(dims), 0.0f);
  } else if (dims <= 0) {
    // The dimension is needed before the cache can be read: the first paper's
    // answer tells it.
    auto e = ah::radar::EmbedTexts(p, {EmbeddingText((*corpus_)[0])}, 1, &dims);
    if (!e) return fail(e.error());
    embeddings_.assign(n * static_cast<size_t>(dims), 0.0f);
    std::copy(e->begin(), e->end(), embeddings_.begin());
    if (options.on_embedded) options.on_embedded(0, embeddings_.data(), dims);
    embeddings_computed_ = 1;
    first = 1;
  } else {
    embeddings_.assign(n * static_cast<size_t>(dims), 0.0f);
  }
  const size_t k = static_cast<size_t>(dims);
  std::vector<size_t> todo;
  std::vector<float> cached;
  std::vector<uint32_t> all;
  if (which == nullptr) {
    for (size_t i = first; i < n; ++i) all.push_back(static_cast<uint32_t>(i));
    which = &all;
  }
  for (uint32_t i : *which) {
    cached.clear();
    if (options.cached_embedding && options.cached_embedding(i, &cached) && cached.size() == k) {
      double norm = 0;
      for (float x : cached) norm += std::isfinite(x) ? double(x) * x : 1e300;
      if (norm < 1e300) {
        float inv = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.0f;
        for (size_t c = 0; c < k; ++c) embeddings_[i * k + c] = cached[c] * inv;
        ++embeddings_cached_;
        continue;
      }
    }
    todo.push_back(i);
  }
  const size_t step = provider_batch_ == 0 ? std::max<size_t>(todo.size(), 1) : provider_batch_;
  std::vector<std::string> texts;
  for (size_t b = 0; b < todo.size(); b += step) {
    size_t e = std::min(todo.size(), b + step);
    texts.clear();
    for (size_t j = b; j < e; ++j) texts.push_back(EmbeddingText((*corpus_)[todo[j]]));
    int d = dims;
    auto got = ah::radar::EmbedTexts(p, texts, 0, &d);
    if (!got) return fail(got.error());
    for (size_t j = b; j < e; ++j) {
      float* out = embeddings_.data() + todo[j] * k;
      std::copy_n(got->data() + (j - b) * k, k, out);
      if (options.on_embedded) options.on_embedded(todo[j], out, dims);
    }
    embeddings_computed_ += e - b;
  }
  dims_ = dims;
  return Ok();
}

std::string RadarIndex::embedding_name() const {
  if (provider_) return provider_->name();
  return lsa_ ? "lsa" : "";
}

Result<std::vector<float>> RadarIndex::EmbedTexts(const std::vector<std::string>& texts) const {
  std::vector<float> out;
  if (dims_ <= 0 || texts.empty()) return out;
  if (provider_) {
    int d = dims_;
    return ah::radar::EmbedTexts(*provider_, texts, provider_batch_, &d);
  }
  const size_t k = static_cast<size_t>(dims_);
  out.assign(texts.size() * k, 0.0f);
  std::vector<uint32_t> cols;
  std::vector<float> vals;
  for (size_t i = 0; i < texts.size(); ++i) {
    Document d;
    d.abstract = texts[i];
    features_->Transform(d, &cols, &vals);
    lsa_->Embed(cols.data(), vals.data(), cols.size(), out.data() + i * k);
  }
  return out;
}

}  // namespace ah::radar
