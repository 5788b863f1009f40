// The warm-started SVC of the feedback update: from zero it finds liblinear's
// optimum, from the optimum it stops at once, from the model before one more
// example a few passes rank as the converged model does; and it keeps the
// largest weights and rejects bad input.
#include "radar/warm_svc.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "radar/linear_model.h"
#include "radar/radar.h"

namespace ah::radar {
namespace {

constexpr uint32_t kFeatures = 60;

// Sparse rows labelled by a hidden linear rule with some noise; the rows own
// the memory the examples point into.
struct Problem {
  std::vector<std::vector<uint32_t>> cols;
  std::vector<std::vector<float>> vals;
  std::vector<bool> label;
  std::vector<Example> Examples() const {
    std::vector<Example> ex;
    for (size_t i = 0; i < cols.size(); ++i)
      ex.push_back({cols[i].data(), vals[i].data(), cols[i].size(), label[i]});
    return ex;
  }
};

Problem MakeProblem(size_t rows, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> hidden(kFeatures);
  for (auto& h : hidden) h = unit(rng) * 2 - 1;
  Problem p;
  for (size_t i = 0; i < rows; ++i) {
    std::vector<uint32_t> c;
    for (uint32_t f = 0; f < kFeatures; ++f)
      if (unit(rng) < 0.15) c.push_back(f);
    if (c.empty()) c.push_back(static_cast<uint32_t>(i % kFeatures));
    std::vector<float> v;
    double norm = 0, score = 0;
    for (size_t k = 0; k < c.size(); ++k) {
      v.push_back(static_cast<float>(0.2 + unit(rng)));
      norm += double(v.back()) * v.back();
    }
    for (size_t k = 0; k < c.size(); ++k) {
      v[k] = static_cast<float>(v[k] / std::sqrt(norm));
      score += v[k] * hidden[c[k]];
    }
    p.cols.push_back(std::move(c));
    p.vals.push_back(std::move(v));
    p.label.push_back(score + 0.1 * (unit(rng) - 0.5) > 0.05);
  }
  return p;
}

LinearOptions Tight() {
  LinearOptions o;
  o.C = 0.5;
  o.eps = 1e-7;
  return o;
}

SparseLinearModel Sparse(const LinearModel& m) {
  SparseLinearModel s;
  for (uint32_t f = 0; f < m.w.size(); ++f)
    if (m.w[f] != 0) {
      s.ids.push_back(f);
      s.w.push_back(m.w[f]);
    }
  s.b = m.b;
  return s;
}

double Score(const SparseLinearModel& m, const Example& e) {
  double s = m.b;
  for (size_t k = 0; k < e.n; ++k) {
    auto it = std::lower_bound(m.ids.begin(), m.ids.end(), e.cols[k]);
    if (it != m.ids.end() && *it == e.cols[k])
      s += double(e.vals[k]) * m.w[static_cast<size_t>(it - m.ids.begin())];
  }
  return s;
}

TEST(WarmSvc, FromZeroItFindsLiblinearsOptimum) {
  Problem p = MakeProblem(300, 1);
  auto ex = p.Examples();
  auto ref = TrainLinear(ex, kFeatures, Tight());
  ASSERT_TRUE(ref) << ref.error().ToString();
  WarmSvcStats stats;
  auto got = TrainSvcWarm(ex, kFeatures, Tight(), nullptr, {}, &stats);
  ASSERT_TRUE(got) << got.error().ToString();
  EXPECT_TRUE(stats.converged);
  SparseLinearModel want = Sparse(*ref);
  ASSERT_EQ(got->ids, want.ids);
  double scale = 0;
  for (float w : want.w) scale = std::max(scale, double(std::fabs(w)));
  ASSERT_GT(scale, 0);
  for (size_t j = 0; j < want.w.size(); ++j)
    EXPECT_NEAR(got->w[j], want.w[j], 1e-3 * scale) << "feature " << want.ids[j];
  EXPECT_NEAR(got->b, want.b, 1e-3 * scale);
}

TEST(WarmSvc, FromTheOptimumItStopsAtOnce) {
  Problem p = MakeProblem(300, 2);
  auto ex = p.Examples();
  WarmSvcStats cold;
  auto opt = TrainSvcWarm(ex, kFeatures, Tight(), nullptr, {}, &cold);
  ASSERT_TRUE(opt);
  LinearOptions usual = Tight();
  usual.eps = 1e-3;
  WarmSvcStats warm;
  auto again = TrainSvcWarm(ex, kFeatures, usual, &*opt, {}, &warm);
  ASSERT_TRUE(again);
  EXPECT_TRUE(warm.converged);
  EXPECT_LE(warm.passes, 2);
  EXPECT_GT(cold.passes, warm.passes);
  ASSERT_EQ(again->ids.size(), opt->ids.size());
  for (size_t j = 0; j < opt->w.size(); ++j) EXPECT_NEAR(again->w[j], opt->w[j], 1e-3);
}

TEST(WarmSvc, AFewPassesAfterOneMoreExampleRankAsTheConvergedModel) {
  Problem p = MakeProblem(400, 3);
  auto before = p.Examples();
  before.pop_back();  // the last row arrives as feedback
  auto prev = TrainSvcWarm(before, kFeatures, Tight(), nullptr);
  ASSERT_TRUE(prev);
  auto after = p.Examples();
  after.back().positive = true;  // a like
  auto converged = TrainSvcWarm(after, kFeatures, Tight(), nullptr);
  ASSERT_TRUE(converged);
  WarmSvcOptions three;
  three.max_passes = 3;
  WarmSvcStats stats;
  LinearOptions usual = Tight();
  usual.eps = 1e-4;
  auto quick = TrainSvcWarm(after, kFeatures, usual, &*prev, three, &stats);
  ASSERT_TRUE(quick);
  EXPECT_LE(stats.passes, 3);
  // The order of every row under both models: nearly the same.
  std::vector<double> a, b;
  for (const auto& e : after) {
    a.push_back(Score(*converged, e));
    b.push_back(Score(*quick, e));
  }
  double ma = std::accumulate(a.begin(), a.end(), 0.0) / double(a.size());
  double mb = std::accumulate(b.begin(), b.end(), 0.0) / double(b.size());
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  EXPECT_GT(sab / std::sqrt(saa * sbb), 0.999);
}

TEST(WarmSvc, KeepsTheLargestWeightsInFeatureOrder) {
  Problem p = MakeProblem(300, 4);
  auto ex = p.Examples();
  auto all = TrainSvcWarm(ex, kFeatures, Tight(), nullptr);
  ASSERT_TRUE(all);
  ASSERT_GT(all->ids.size(), 10u);
  WarmSvcOptions top;
  top.max_terms = 7;
  auto some = TrainSvcWarm(ex, kFeatures, Tight(), nullptr, top);
  ASSERT_TRUE(some);
  ASSERT_EQ(some->ids.size(), 7u);
  EXPECT_TRUE(std::is_sorted(some->ids.begin(), some->ids.end()));
  std::vector<float> mags;
  for (float w : all->w) mags.push_back(std::fabs(w));
  std::sort(mags.rbegin(), mags.rend());
  for (float w : some->w) EXPECT_GE(std::fabs(w), mags[6]);
  EXPECT_EQ(some->b, all->b);
}

TEST(WarmSvc, RejectsProblemsItCannotSolve) {
  Problem p = MakeProblem(50, 5);
  auto ex = p.Examples();
  for (auto& e : ex) e.positive = true;
  auto one_class = TrainSvcWarm(ex, kFeatures, Tight(), nullptr);
  ASSERT_FALSE(one_class);
  EXPECT_EQ(one_class.error().code, Code::kInvalidArgument);

  ex = p.Examples();
  auto narrow = TrainSvcWarm(ex, kFeatures / 2, Tight(), nullptr);
  ASSERT_FALSE(narrow);
  EXPECT_EQ(narrow.error().code, Code::kInvalidArgument);
  EXPECT_NE(narrow.error().message.find("column"), std::string::npos);

  LinearOptions zero = Tight();
  zero.C = 0;
  EXPECT_FALSE(TrainSvcWarm(ex, kFeatures, zero, nullptr));

  // A start model with ids beyond the features is ignored where out of range.
  SparseLinearModel odd;
  odd.ids = {3, kFeatures + 5};
  odd.w = {0.5f, 9.0f};
  EXPECT_TRUE(TrainSvcWarm(ex, kFeatures, Tight(), &odd));
}

// The radar's feedback update through BuildRadarModel: warm (the default) and
// cold (liblinear from zero, warm_start = false) rank a batch the same way.
TEST(RadarFeedback, WarmUpdateRanksAsTheColdOne) {
  std::vector<Document> d;
  const char* topics[] = {"graph neural networks message passing node classification",
                          "protein folding molecular dynamics structure prediction",
                          "quantum error correction surface codes qubits"};
  for (int i = 0; i < 30; ++i) {
    std::string t = topics[i % 3];
    d.push_back({"d" + std::to_string(i),
                 t.substr(0, t.find(' ', 10)) + " part " + std::to_string(i),
                 t + " study number " + std::to_string(i) + (i % 4 ? " with experiments" : ""),
                 {"Author " + std::to_string(i % 5)},
                 "2015-01-01",
                 {}});
  }
  Corpus lib(std::move(d));
  RadarIndexOptions io;
  io.features.min_df = 1;
  io.features.max_df = 1.0;
  io.lsa.dims = 4;
  io.lsa.oversample = 2;
  auto index = RadarIndex::Build(lib, io);
  ASSERT_TRUE(index) << index.error().ToString();
  std::vector<std::string> ids;
  for (int i = 0; i < 30; ++i) ids.push_back("d" + std::to_string(i));
  auto batch = PrepareLibraryBatch(**index, ids);
  ASSERT_TRUE(batch);

  RadarSpec spec;
  spec.seeds = {"d0", "d3", "d6"};
  RadarOptions ro;
  ro.background = 0;
  ro.expand = 4;
  auto first = BuildRadarModel(**index, spec, ro);
  ASSERT_TRUE(first) << first.error().ToString();
  ASSERT_FALSE(first->expansion.empty()) << "the update path needs an expansion to reuse";

  spec.liked = {"d9"};
  spec.disliked = {"d1"};
  auto warm = BuildRadarModel(**index, spec, ro, nullptr, &*first);
  RadarOptions cold_options = ro;
  cold_options.warm_start = false;
  auto cold = BuildRadarModel(**index, spec, cold_options, nullptr, &*first);
  ASSERT_TRUE(warm) << warm.error().ToString();
  ASSERT_TRUE(cold) << cold.error().ToString();
  EXPECT_EQ(warm->expansion, cold->expansion);
  EXPECT_FALSE(warm->term_ids.empty());
  auto order = [&](const RadarModel& m) {
    std::vector<std::string> out;
    for (const auto& r : RankBatch(**index, m, **batch, 10, 0))
      out.push_back((*batch)->docs[r.doc].id);
    return out;
  };
  auto w = order(*warm), c = order(*cold);
  EXPECT_EQ(w, c);
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(std::stoi(w[i].substr(1)) % 3, 0) << w[i];
}

}  // namespace
}  // namespace ah::radar
