#include "brief/trends.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

namespace ah::brief {
namespace {

double XLogX(double o, double e) { return o > 0 && e > 0 ? o * std::log(o / e) : 0.0; }

// Whether a phrase names what is rising: not a measure ("success rate",
// "answer accuracy"), not a modifier without its noun ("high-dimensional",
// "artificial general").
bool TrendWorthy(std::string_view shown) {
  std::string lower(shown);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const size_t space = lower.rfind(' ');
  if (space == std::string::npos && lower.find('-') != std::string::npos) return false;
  const std::string last = space == std::string::npos ? lower : lower.substr(space + 1);
  for (std::string_view head : {"accuracy", "rate", "rates", "score", "scores", "performance",
                                "error", "errors", "general", "specific", "based", "driven",
                                "aware", "level", "scale", "wise"})
    if (last == head) return false;
  return true;
}

}  // namespace

double RisingG2(size_t a, size_t n1, size_t b, size_t n2) {
  if (n1 == 0 || n2 == 0 || a > n1 || b > n2) return 0;
  const double A = double(a), B = double(b), N1 = double(n1), N2 = double(n2);
  if (A / N1 <= B / N2) return 0;
  const double N = N1 + N2, with = A + B, without = N - with;
  // Observed and expected counts of the 2x2 table (with / without, now / before).
  const double g = XLogX(A, N1 * with / N) + XLogX(N1 - A, N1 * without / N) +
                   XLogX(B, N2 * with / N) + XLogX(N2 - B, N2 * without / N);
  return std::max(0.0, 2.0 * g);
}

std::vector<Trend> RisingTerms(const BriefInput& input, const PaperVectors& vectors,
                               const TrendOptions& options) {
  std::vector<Trend> out;
  const size_t n1 = std::min(input.papers.size(), vectors.size());
  const size_t n2 = input.earlier.size();
  if (n1 == 0 || n2 < std::max<size_t>(1, options.min_earlier) || options.max_trends == 0)
    return out;
  // Earlier papers with each feature of the briefing's vocabulary.
  std::vector<uint32_t> before(vectors.num_features(), 0);
  for (const BriefPaper& p : input.earlier)
    for (uint32_t f : vectors.FeaturesOf(p.title, p.abstract)) ++before[f];
  std::vector<std::pair<double, uint32_t>> scored;
  std::vector<double> g2(vectors.num_features(), 0);
  for (uint32_t f = 0; f < vectors.num_features(); ++f) {
    const size_t a = vectors.PaperCount(f);
    if (a < std::max<size_t>(1, options.min_papers) || !vectors.Labelable(f)) continue;
    // A trend is a phrase or a name ("Gaussian splatting", "MCP"): a single
    // common word rising ("written", "converts") says nothing.
    if (!vectors.IsPhraseOrName(f) || !TrendWorthy(vectors.Display(f))) continue;
    const double now = double(a) / double(n1);
    const double earlier = (double(before[f]) + 0.5) / (double(n2) + 0.5);
    if (now < options.min_ratio * earlier) continue;
    g2[f] = RisingG2(a, n1, before[f], n2);
    if (g2[f] < options.min_g2) continue;
    scored.emplace_back(g2[f], f);
  }
  for (uint32_t f : vectors.PickDiverse(std::move(scored), options.max_trends)) {
    Trend t;
    t.term = vectors.Display(f);
    for (size_t i = 0; i < n1; ++i)
      if (vectors.Has(i, f)) t.papers.push_back(static_cast<int>(i) + 1);
    t.now = t.papers.size();
    t.now_total = n1;
    t.before = before[f];
    t.before_total = n2;
    t.g2 = g2[f];
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace ah::brief
