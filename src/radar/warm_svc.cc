#include "radar/warm_svc.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace ah::radar {
namespace {

// xorshift64*: the coordinate order only needs to be cheap, seeded and spread.
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ULL + 1) {}
  uint64_t operator()() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 0x2545F4914F6CDD1DULL;
  }
};

// The start of an example's row into the cache ahead of its use: the rows are
// spread over the library's matrix, and a pass waits on them otherwise.
inline void Prefetch(const Example& e) {
  if (e.n == 0) return;
  __builtin_prefetch(e.cols);
  __builtin_prefetch(e.vals);
  if (e.n > 16) {
    __builtin_prefetch(e.cols + 16);
    __builtin_prefetch(e.vals + 16);
  }
}

}  // namespace

Result<SparseLinearModel> TrainSvcWarm(const std::vector<Example>& examples, uint32_t num_features,
                                       const LinearOptions& options, const SparseLinearModel* start,
                                       const WarmSvcOptions& warm, WarmSvcStats* stats) {
  const size_t l = examples.size();
  size_t pos = 0;
  for (const auto& e : examples) pos += e.positive ? 1 : 0;
  const size_t neg = l - pos;
  if (pos == 0 || neg == 0)
    return MakeError(Code::kInvalidArgument,
                     "radar model: training needs positive and negative examples (have " +
                         std::to_string(pos) + " positive, " + std::to_string(neg) + " negative)");
  if (!(options.C > 0)) return MakeError(Code::kInvalidArgument, "radar model: C must be positive");
  if (l >= UINT32_MAX)  // example indices are 32-bit
    return MakeError(Code::kInvalidArgument, "radar model: too many examples");
  const double n = static_cast<double>(l);
  const double cp = options.C * (options.balanced ? n / (2.0 * static_cast<double>(pos)) : 1.0);
  const double cn = options.C * (options.balanced ? n / (2.0 * static_cast<double>(neg)) : 1.0);
  const bool has_bias = options.bias >= 0;
  const double bias = has_bias ? options.bias : 0.0;

  // The start model's weights, and a bitmap of them (small enough for the
  // cache, while the dense array is not: most columns miss it).
  std::vector<float> start_w;
  std::vector<uint64_t> start_bits;
  if (start) {
    start_w.assign(num_features, 0.0f);
    start_bits.assign(num_features / 64 + 1, 0);
    for (size_t j = 0; j < start->ids.size() && j < start->w.size(); ++j) {
      uint32_t f = start->ids[j];
      if (f >= num_features) continue;
      start_w[f] = start->w[j];
      start_bits[f / 64] |= uint64_t(1) << (f % 64);
    }
  }

  // Per example: label, D_ii, Q_ii + D_ii, alpha. One pass over the rows.
  struct Coord {
    double y = 0, diag = 0, qd = 0, alpha = 0;
  };
  std::vector<Coord> x;
  x.resize(l);
  std::vector<double> guess;
  if (start) guess.resize(l);
  for (size_t i = 0; i < l; ++i) {
    const Example& e = examples[i];
    if (i + 2 < l) Prefetch(examples[i + 2]);
    double sq = bias * bias, f = start ? start->b : 0.0;
    for (size_t k = 0; k < e.n; ++k) {
      const uint32_t c = e.cols[k];
      if (c >= num_features)
        return MakeError(Code::kInvalidArgument, "radar model: example " + std::to_string(i) +
                                                     " has column " + std::to_string(c) +
                                                     " beyond " + std::to_string(num_features));
      const double v = e.vals[k];
      sq += v * v;
      if (start && (start_bits[c / 64] >> (c % 64) & 1)) f += v * start_w[c];
    }
    x[i].y = e.positive ? 1.0 : -1.0;
    x[i].diag = 0.5 / (e.positive ? cp : cn);
    x[i].qd = x[i].diag + sq;
    if (start) guess[i] = f;
  }

  // w over the features, then the bias feature.
  std::vector<float> w(static_cast<size_t>(num_features) + 1, 0.0f);
  float& wb = w[num_features];
  auto dot = [&](const Example& e) {
    // Four independent sums: the gathers overlap instead of waiting on one chain.
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t k = 0;
    for (; k + 4 <= e.n; k += 4) {
      s0 += double(e.vals[k]) * w[e.cols[k]];
      s1 += double(e.vals[k + 1]) * w[e.cols[k + 1]];
      s2 += double(e.vals[k + 2]) * w[e.cols[k + 2]];
      s3 += double(e.vals[k + 3]) * w[e.cols[k + 3]];
    }
    for (; k < e.n; ++k) s0 += double(e.vals[k]) * w[e.cols[k]];
    return wb * bias + ((s0 + s1) + (s2 + s3));
  };
  auto axpy = [&](double a, const Example& e) {
    const float af = static_cast<float>(a);
    for (size_t k = 0; k < e.n; ++k) w[e.cols[k]] += af * e.vals[k];
    wb += static_cast<float>(a * bias);
  };

  if (start) {
    // The optimality condition read backwards, then the exact line search of
    // the (quadratic) dual along that direction: t = e^T a / a^T (Q + D) a.
    double sum = 0, quad = 0;
    for (size_t i = 0; i < l; ++i) {
      if (i + 2 < l) Prefetch(examples[i + 2]);
      double margin = 1.0 - x[i].y * guess[i];
      if (!(margin > 0) || !std::isfinite(margin)) continue;
      x[i].alpha = margin / x[i].diag;  // 2 C_i margin
      axpy(x[i].y * x[i].alpha, examples[i]);
      sum += x[i].alpha;
      quad += x[i].alpha * x[i].alpha * x[i].diag;
    }
    for (float v : w) quad += double(v) * v;
    double t = quad > 0 ? sum / quad : 0.0;
    for (Coord& c : x) c.alpha *= t;
    for (float& v : w) v = static_cast<float>(v * t);
  }

  // liblinear's solve_l2r_l1l2_svc for the L2 loss (no upper bound on alpha).
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const int max_passes = warm.max_passes;
  std::vector<uint32_t> index(l);
  for (size_t i = 0; i < l; ++i) index[i] = static_cast<uint32_t>(i);
  Rng rng(options.seed);
  size_t active = l;
  double pg_max_old = kInf;
  int iter = 0;
  bool converged = false;
  while (iter < max_passes) {
    double pg_max = -kInf, pg_min = kInf;
    for (size_t i = 0; i < active; ++i) std::swap(index[i], index[i + rng() % (active - i)]);
    for (size_t s = 0; s < active; ++s) {
      const uint32_t i = index[s];
      if (s + 2 < active) Prefetch(examples[index[s + 2]]);
      const Example& e = examples[i];
      double g = x[i].y * dot(e) - 1 + x[i].alpha * x[i].diag;
      double pg = 0;
      if (x[i].alpha == 0) {
        if (g > pg_max_old) {  // shrink: likely to stay at the bound
          --active;
          std::swap(index[s], index[active]);
          --s;  // unsigned wrap-around is undone by ++s
          continue;
        }
        if (g < 0) pg = g;
      } else {
        pg = g;
      }
      pg_max = std::max(pg_max, pg);
      pg_min = std::min(pg_min, pg);
      if (std::fabs(pg) > 1e-12) {
        double old = x[i].alpha;
        x[i].alpha = std::max(old - g / x[i].qd, 0.0);
        axpy((x[i].alpha - old) * x[i].y, e);
      }
    }
    ++iter;
    if (pg_max - pg_min <= options.eps) {
      if (active == l) {
        converged = true;
        break;
      }
      active = l;  // check the shrunk examples once more before stopping
      pg_max_old = kInf;
      continue;
    }
    pg_max_old = pg_max <= 0 ? kInf : pg_max;
  }
  if (stats) {
    stats->passes = iter;
    stats->converged = converged;
  }

  // The non-zero weights in feature order, or the largest max_terms of them
  // (a bounded heap whose top is the weakest kept; scanning ids in ascending
  // order and replacing only on a strictly larger |w| keeps the lower id of a tie).
  SparseLinearModel out;
  out.b = has_bias ? static_cast<float>(wb * bias) : 0.0f;
  const size_t k = warm.max_terms;
  using Entry = std::pair<float, uint32_t>;  // |w|, feature
  auto better = [](const Entry& a, const Entry& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  };
  std::vector<Entry> heap;
  if (k == 0) {
    for (uint32_t f = 0; f < num_features; ++f)
      if (w[f] != 0) {
        out.ids.push_back(f);
        out.w.push_back(w[f]);
      }
  } else {
    heap.reserve(k);
    float floor = 0;  // |w| must exceed it to enter: zeros never do
    for (uint32_t f = 0; f < num_features; ++f) {
      const float a = std::fabs(w[f]);
      if (!(a > floor)) continue;
      if (heap.size() < k) {
        heap.emplace_back(a, f);
        std::push_heap(heap.begin(), heap.end(), better);
        if (heap.size() < k) continue;
      } else {
        std::pop_heap(heap.begin(), heap.end(), better);
        heap.back() = {a, f};
        std::push_heap(heap.begin(), heap.end(), better);
      }
      floor = heap.front().first;
    }
  }
  if (k > 0) {
    std::sort(heap.begin(), heap.end(),
              [](const Entry& a, const Entry& b) { return a.second < b.second; });
    for (const auto& [a, f] : heap) {
      out.ids.push_back(f);
      out.w.push_back(w[f]);
    }
  }
  return out;
}

}  // namespace ah::radar
