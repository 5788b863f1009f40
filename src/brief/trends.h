// Rising terms: what a radar's papers talk about more this period than in its
// own earlier weeks (pure, deterministic, thread-safe).
//
// A term (a phrase written as one, or a name such as "MCP" or "LoRA", by the
// label rules of PaperVectors; not a measure such as "success rate" nor a
// modifier without its noun such as "high-dimensional") is rising when
//  - it is in at least min_papers of the briefing's papers,
//  - its share of them is at least min_ratio times its share of the earlier
//    papers (BriefInput::earlier: the radar's papers of the weeks before; the
//    earlier share smoothed by half a paper), and
//  - the difference is significant: Dunning's log-likelihood ratio G2
//    ("Accurate methods for the statistics of surprise and coincidence",
//    Computational Linguistics 19(1), 1993) of the 2x2 table (papers with /
//    without the term, now / before) is at least min_g2 (10.83: p < 0.001 for
//    one degree of freedom).
// Most significant first, no two sharing a word. Nothing without at least
// min_earlier earlier papers: a trend needs a past to rise against.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "brief/briefing.h"
#include "brief/cluster.h"

namespace ah::brief {

struct TrendOptions {
  size_t max_trends = 3;
  size_t min_papers = 3;
  double min_ratio = 2.0;
  double min_g2 = 10.83;
  size_t min_earlier = 20;
};

struct Trend {
  std::string term;                     // as written in the papers
  std::vector<int> papers;              // 1-based: the briefing's papers using it
  size_t now = 0, now_total = 0;        // papers using it / the briefing's papers
  size_t before = 0, before_total = 0;  // ... of the earlier papers
  double g2 = 0;
};

// Dunning's G2 for a papers of n1 now and b of n2 before (0 when a/n1 <= b/n2).
double RisingG2(size_t a, size_t n1, size_t b, size_t n2);

std::vector<Trend> RisingTerms(const BriefInput& input, const PaperVectors& vectors,
                               const TrendOptions& options = {});

}  // namespace ah::brief
