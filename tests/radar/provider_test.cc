// The radar with a pluggable EmbeddingProvider (fakes here; the OpenAI-compatible
// client lives in src/llm): the library, new papers and descriptions are
// embedded by the provider, its failures become errors, cached vectors skip it,
// and without a provider the LSA default is what it always was.
#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "radar/embedding.h"
#include "radar/hash.h"
#include "radar/radar.h"

namespace ah::radar {
namespace {

Corpus Library() {
  std::vector<Document> d;
  const char* graph[] = {"Graph neural networks for node classification",
                         "Message passing on large graphs",
                         "Spectral graph convolution networks",
                         "Node embeddings with random walks on graphs",
                         "Graph attention networks",
                         "Link prediction in graphs with neural networks"};
  const char* protein[] = {
      "Protein folding with molecular dynamics", "Predicting protein structure from sequence",
      "Energy landscapes of protein folding",    "Coarse grained models of protein dynamics",
      "Protein contact maps from coevolution",   "Folding pathways of small proteins"};
  for (int i = 0; i < 6; ++i) {
    d.push_back({"g" + std::to_string(i),
                 graph[i],
                 "We study graph neural networks and message passing over graph edges.",
                 {"Ann Smith"},
                 "2015-01-02",
                 {}});
    d.push_back({"p" + std::to_string(i),
                 protein[i],
                 "We study protein folding and molecular dynamics of proteins.",
                 {"Bob Jones"},
                 "2015-01-02",
                 {}});
  }
  return Corpus(std::move(d));
}

RadarIndexOptions Options(const EmbeddingProvider* p, size_t batch = 5) {
  RadarIndexOptions o;
  o.features.min_df = 1;
  o.features.max_df = 1.0;
  o.lsa.dims = 4;
  o.lsa.oversample = 2;
  o.provider = p;
  o.provider_batch = batch;
  return o;
}

// Deterministic vectors: the sum of a pseudo-random direction per word, so that
// texts sharing words are close. Counts calls; fails from call `fail_from` on
// (1-based; 0 = never); with `learn_dims`, dims() is 0 until the first answer.
class HashProvider : public EmbeddingProvider {
 public:
  static constexpr int kDims = 16;
  explicit HashProvider(int fail_from = 0, bool learn_dims = false)
      : fail_from_(fail_from), known_(!learn_dims) {}
  std::string name() const override { return "fake-hash"; }
  int dims() const override { return known_ ? kDims : 0; }
  Result<std::vector<std::vector<float>>> Embed(
      const std::vector<std::string>& texts) const override {
    int call = ++calls_;
    if (fail_from_ > 0 && call >= fail_from_)
      return MakeError(Code::kUnavailable, "HTTP 503 from the embeddings server");
    texts_ += static_cast<int>(texts.size());
    known_ = true;
    std::vector<std::vector<float>> out;
    for (const auto& t : texts) out.push_back(Vector(t));
    return out;
  }
  static std::vector<float> Vector(const std::string& text) {
    std::vector<double> v(kDims, 0.0);
    std::string word;
    auto flush = [&] {
      if (word.empty()) return;
      uint64_t h = HashBytes(word);
      for (int i = 0; i < kDims; ++i) {
        h = HashU64(h + static_cast<uint64_t>(i));
        v[static_cast<size_t>(i)] += static_cast<double>(h % 2001) / 1000.0 - 1.0;
      }
      word.clear();
    };
    for (char c : text) {
      if (std::isalnum(static_cast<unsigned char>(c)))
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      else
        flush();
    }
    flush();
    double norm = 0;
    for (double x : v) norm += x * x;
    std::vector<float> out(kDims, 0.0f);
    for (size_t i = 0; i < out.size(); ++i)
      out[i] = norm > 0 ? static_cast<float>(v[i] / std::sqrt(norm)) : 0.0f;
    return out;
  }
  int calls() const { return calls_; }
  int texts() const { return texts_; }

 private:
  int fail_from_;
  mutable std::atomic<int> calls_{0}, texts_{0};
  mutable std::atomic<bool> known_;
};

// Graph papers on one axis, protein papers on another (`orthogonal`), or every
// paper on the same axis.
class TopicProvider : public EmbeddingProvider {
 public:
  explicit TopicProvider(bool orthogonal) : orthogonal_(orthogonal) {}
  std::string name() const override { return orthogonal_ ? "topics" : "one-topic"; }
  int dims() const override { return 2; }
  Result<std::vector<std::vector<float>>> Embed(
      const std::vector<std::string>& texts) const override {
    std::vector<std::vector<float>> out;
    for (const auto& t : texts) {
      bool protein = t.find("rotein") != std::string::npos;
      out.push_back(orthogonal_ && protein ? std::vector<float>{0, 1} : std::vector<float>{1, 0});
    }
    return out;
  }

 private:
  bool orthogonal_;
};

// Answers with something wrong: too few vectors, the wrong dimension, a NaN,
// or vectors that are not unit length (which are fine, and scaled).
class BadProvider : public EmbeddingProvider {
 public:
  enum class Fault { kCount, kDims, kNan, kLong };
  explicit BadProvider(Fault f) : f_(f) {}
  std::string name() const override { return "bad"; }
  int dims() const override { return 3; }
  Result<std::vector<std::vector<float>>> Embed(
      const std::vector<std::string>& texts) const override {
    std::vector<std::vector<float>> out(texts.size(), std::vector<float>{3, 0, 4});
    if (f_ == Fault::kCount) out.pop_back();
    if (f_ == Fault::kDims) out.back().push_back(1);
    if (f_ == Fault::kNan) out.back()[1] = std::numeric_limits<float>::quiet_NaN();
    return out;
  }

 private:
  Fault f_;
};

std::vector<float> Row(const RadarIndex& index, size_t i) {
  return std::vector<float>(index.Embedding(i), index.Embedding(i) + index.dims());
}

void ExpectNear(const std::vector<float>& a, const std::vector<float>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-6) << "at " << i;
}

std::vector<Document> NewPapers() {
  return {{"n1",
           "Graph transformers",
           "Attention over graph nodes and edges.",
           {"Ann Smith"},
           "2015-01-03",
           {}},
          {"n2",
           "Protein design",
           "Designing protein sequences that fold.",
           {"Bob Jones"},
           "2015-01-03",
           {}}};
}

TEST(RadarProvider, LibraryIsEmbeddedByTheProviderInBatches) {
  Corpus lib = Library();
  HashProvider p;
  auto index = RadarIndex::Build(lib, Options(&p, 5));
  ASSERT_TRUE(index) << index.error().ToString();
  const RadarIndex& ix = **index;
  EXPECT_EQ(p.calls(), 3);  // 12 papers, 5 per call
  EXPECT_EQ(p.texts(), 12);
  EXPECT_TRUE(ix.has_embeddings());
  EXPECT_EQ(ix.dims(), HashProvider::kDims);
  EXPECT_EQ(ix.lsa(), nullptr);
  EXPECT_EQ(ix.provider(), &p);
  EXPECT_EQ(ix.embedding_name(), "fake-hash");
  EXPECT_EQ(ix.embeddings_computed(), 12u);
  EXPECT_EQ(ix.embeddings_cached(), 0u);
  for (size_t i = 0; i < lib.size(); ++i) {
    EXPECT_EQ(EmbeddingText(lib[i]), lib[i].title + ". " + lib[i].abstract);
    ExpectNear(Row(ix, i), HashProvider::Vector(EmbeddingText(lib[i])));
  }
}

TEST(RadarProvider, NewPapersAndTheDescriptionAreEmbeddedByTheProvider) {
  Corpus lib = Library();
  HashProvider p;
  auto index = RadarIndex::Build(lib, Options(&p, 5));
  ASSERT_TRUE(index);
  std::vector<Document> docs = NewPapers();
  docs.push_back(lib[0]);  // a library paper keeps its library embedding
  auto batch = PrepareBatch(**index, docs);
  ASSERT_TRUE(batch) << batch.error().ToString();
  EXPECT_EQ(p.calls(), 4);
  EXPECT_EQ(p.texts(), 14);
  const size_t k = HashProvider::kDims;
  for (size_t i = 0; i < docs.size(); ++i)
    ExpectNear(std::vector<float>((*batch)->embeddings.begin() + static_cast<long>(i * k),
                                  (*batch)->embeddings.begin() + static_cast<long>((i + 1) * k)),
               HashProvider::Vector(EmbeddingText(docs[i])));

  RadarSpec spec;
  spec.name = "graphs";
  spec.description = "graph neural networks";
  spec.seeds = {"g0"};
  RadarOptions ro;
  ro.background = 0;
  auto m = BuildRadarModel(**index, spec, ro);
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_EQ(p.calls(), 5);
  ExpectNear(m->description_embedding, HashProvider::Vector("graph neural networks"));
  ASSERT_EQ(m->centroid.size(), k);

  // A feedback update with the same description does not ask again.
  spec.liked = {"g1"};
  auto m2 = BuildRadarModel(**index, spec, ro, nullptr, &*m);
  ASSERT_TRUE(m2) << m2.error().ToString();
  EXPECT_EQ(p.calls(), 5);
  ExpectNear(m2->description_embedding, m->description_embedding);
  // A new description does.
  spec.description = "message passing";
  auto m3 = BuildRadarModel(**index, spec, ro, nullptr, &*m2);
  ASSERT_TRUE(m3);
  EXPECT_EQ(p.calls(), 6);
}

TEST(RadarProvider, TheProvidersGeometryDrivesTheSemanticComponent) {
  Corpus lib = Library();
  RadarSpec spec;
  spec.seeds = {"g0", "g1", "g2"};
  RadarOptions ro;
  ro.background = 0;
  ro.weights = ScoreWeights{0, 1, 0, 0, 0, 0};  // semantic only
  std::vector<std::string> ids = {"g3", "p3", "g4", "p4", "g5", "p5"};

  TopicProvider two(true);
  auto index = RadarIndex::Build(lib, Options(&two));
  ASSERT_TRUE(index);
  auto batch = PrepareLibraryBatch(**index, ids);
  ASSERT_TRUE(batch);
  auto m = BuildRadarModel(**index, spec, ro);
  ASSERT_TRUE(m);
  auto ranked = RankBatch(**index, *m, **batch);
  ASSERT_EQ(ranked.size(), 6u);
  for (size_t i = 0; i < 6; ++i)
    EXPECT_EQ((*batch)->docs[ranked[i].doc].id[0], i < 3 ? 'g' : 'p') << i;
  EXPECT_GT(ranked[2].score, ranked[3].score + 1.0);
  bool similar = false;
  for (const auto& r : ranked[0].reasons) similar |= r.find("similar to seed \"") == 0;
  EXPECT_TRUE(similar);

  // Every paper on one axis: the semantic component cannot tell them apart.
  TopicProvider one(false);
  auto flat = RadarIndex::Build(lib, Options(&one));
  ASSERT_TRUE(flat);
  auto flat_batch = PrepareLibraryBatch(**flat, ids);
  ASSERT_TRUE(flat_batch);
  auto fm = BuildRadarModel(**flat, spec, ro);
  ASSERT_TRUE(fm);
  for (const auto& r : RankBatch(**flat, *fm, **flat_batch)) EXPECT_EQ(r.score, 0.0);
}

TEST(RadarProvider, ProviderFailuresAreErrorsOfBuildBatchAndModel) {
  Corpus lib = Library();
  {
    HashProvider p(/*fail_from=*/2);
    auto index = RadarIndex::Build(lib, Options(&p, 5));
    ASSERT_FALSE(index);
    EXPECT_EQ(index.error().code, Code::kUnavailable);
    EXPECT_NE(index.error().message.find("fake-hash"), std::string::npos);
    EXPECT_NE(index.error().message.find("library"), std::string::npos);
    EXPECT_NE(index.error().message.find("503"), std::string::npos);
  }
  HashProvider p(/*fail_from=*/4);  // the library takes calls 1-3
  auto index = RadarIndex::Build(lib, Options(&p, 5));
  ASSERT_TRUE(index) << index.error().ToString();
  auto batch = PrepareBatch(**index, NewPapers());
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().code, Code::kUnavailable);
  EXPECT_NE(batch.error().message.find("2 new papers"), std::string::npos);
  // Library papers need no call.
  EXPECT_TRUE(PrepareLibraryBatch(**index, {"g1", "p1"}));

  RadarSpec spec;
  spec.name = "r1";
  spec.seeds = {"g0"};
  RadarOptions ro;
  ro.background = 0;
  EXPECT_TRUE(BuildRadarModel(**index, spec, ro));  // no text: no call
  spec.description = "graphs";
  auto m = BuildRadarModel(**index, spec, ro);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, Code::kUnavailable);
  EXPECT_NE(m.error().message.find("r1"), std::string::npos);
}

TEST(RadarProvider, MalformedAnswersAreParseErrors) {
  Corpus lib = Library();
  for (auto fault :
       {BadProvider::Fault::kCount, BadProvider::Fault::kDims, BadProvider::Fault::kNan}) {
    BadProvider p(fault);
    auto index = RadarIndex::Build(lib, Options(&p, 5));
    ASSERT_FALSE(index);
    EXPECT_EQ(index.error().code, Code::kParse) << index.error().ToString();
    EXPECT_NE(index.error().message.find("bad"), std::string::npos);
    int dims = 0;
    auto e = EmbedTexts(p, {"a", "b"}, 0, &dims);
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().code, Code::kParse);
  }
  BadProvider longer(BadProvider::Fault::kLong);
  int dims = 0;
  auto e = EmbedTexts(longer, {"a", "b", "c"}, 2, &dims);
  ASSERT_TRUE(e) << e.error().ToString();
  EXPECT_EQ(dims, 3);
  ASSERT_EQ(e->size(), 9u);
  EXPECT_NEAR((*e)[6], 0.6, 1e-6);
  EXPECT_NEAR((*e)[8], 0.8, 1e-6);
  EXPECT_TRUE(EmbedTexts(longer, {}, 2, &dims)->empty());
}

TEST(RadarProvider, CachedEmbeddingsSkipTheProviderAndNewOnesAreHandedBack) {
  Corpus lib = Library();
  HashProvider p;
  std::map<size_t, std::vector<float>> cache;
  RadarIndexOptions o = Options(&p, 5);
  o.on_embedded = [&](size_t doc, const float* e, int dims) { cache[doc].assign(e, e + dims); };
  auto first = RadarIndex::Build(lib, o);
  ASSERT_TRUE(first);
  ASSERT_EQ(cache.size(), lib.size());

  // Everything cached: no call at all.
  HashProvider q;
  RadarIndexOptions cached = Options(&q, 5);
  cached.cached_embedding = [&](size_t doc, std::vector<float>* out) {
    auto it = cache.find(doc);
    if (it == cache.end()) return false;
    *out = it->second;
    return true;
  };
  auto second = RadarIndex::Build(lib, cached);
  ASSERT_TRUE(second);
  EXPECT_EQ(q.calls(), 0);
  EXPECT_EQ((*second)->embeddings_cached(), lib.size());
  for (size_t i = 0; i < lib.size(); ++i) ExpectNear(Row(**second, i), Row(**first, i));

  // Half cached, one of them of a stale dimension: the rest is embedded and handed back.
  for (size_t i = 0; i < lib.size(); i += 2) cache.erase(i);
  cache[1].resize(3);
  std::vector<size_t> handed;
  cached.on_embedded = [&](size_t doc, const float*, int dims) {
    EXPECT_EQ(dims, HashProvider::kDims);
    handed.push_back(doc);
  };
  HashProvider r;
  cached.provider = &r;
  auto third = RadarIndex::Build(lib, cached);
  ASSERT_TRUE(third);
  EXPECT_EQ((*third)->embeddings_cached(), 5u);
  EXPECT_EQ((*third)->embeddings_computed(), 7u);
  EXPECT_EQ(r.texts(), 7);
  EXPECT_EQ(handed, (std::vector<size_t>{0, 1, 2, 4, 6, 8, 10}));
  for (size_t i = 0; i < lib.size(); ++i) ExpectNear(Row(**third, i), Row(**first, i));
}

TEST(RadarProvider, DimensionIsLearntFromTheFirstAnswer) {
  Corpus lib = Library();
  HashProvider p(0, /*learn_dims=*/true);
  ASSERT_EQ(p.dims(), 0);
  auto index = RadarIndex::Build(lib, Options(&p, 5));
  ASSERT_TRUE(index) << index.error().ToString();
  EXPECT_EQ((*index)->dims(), HashProvider::kDims);
  EXPECT_EQ(p.texts(), 12);
  for (size_t i = 0; i < lib.size(); ++i)
    ExpectNear(Row(**index, i), HashProvider::Vector(EmbeddingText(lib[i])));
}

TEST(RadarProvider, NoEmbeddingsMeansNoCalls) {
  Corpus lib = Library();
  HashProvider p;
  RadarIndexOptions o = Options(&p);
  o.embeddings = false;
  auto index = RadarIndex::Build(lib, o);
  ASSERT_TRUE(index);
  EXPECT_FALSE((*index)->has_embeddings());
  EXPECT_EQ((*index)->embedding_name(), "");
  EXPECT_TRUE(PrepareBatch(**index, NewPapers()));
  EXPECT_EQ(p.calls(), 0);
}

TEST(RadarProvider, WithoutAProviderTheLibraryGetsTheLsaEmbeddings) {
  Corpus lib = Library();
  RadarIndexOptions o = Options(nullptr);
  auto index = RadarIndex::Build(lib, o);
  ASSERT_TRUE(index);
  const RadarIndex& ix = **index;
  ASSERT_NE(ix.lsa(), nullptr);
  EXPECT_EQ(ix.provider(), nullptr);
  EXPECT_EQ(ix.embedding_name(), "lsa");
  EXPECT_EQ(ix.dims(), 4);
  auto fs = FeatureSpace::Build(lib, o.features);
  ASSERT_TRUE(fs);
  auto lsa = LsaModel::Fit(**fs, o.lsa);
  ASSERT_TRUE(lsa);
  std::vector<float> all = (*lsa)->EmbedAll((*fs)->rows());
  ASSERT_EQ(all.size(), lib.size() * 4);
  for (size_t i = 0; i < lib.size(); ++i)
    ExpectNear(Row(ix, i), std::vector<float>(all.begin() + static_cast<long>(i * 4),
                                              all.begin() + static_cast<long>(i * 4 + 4)));
  // Texts go through the same LSA as a description.
  auto e = ix.EmbedTexts({"graph neural networks"});
  ASSERT_TRUE(e);
  LsaEmbeddingProvider same(fs->get(), lsa->get());
  auto v = same.Embed({"graph neural networks"});
  ASSERT_TRUE(v);
  ExpectNear(*e, (*v)[0]);
}

}  // namespace
}  // namespace ah::radar
