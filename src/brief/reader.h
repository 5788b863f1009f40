// A briefing that knows its reader (pure, deterministic, thread-safe): themes
// ordered by the radar's scores, one line per theme on why it matters to the
// person who set up the radar (BriefInput::reader), and the wording of rising
// terms (brief/trends.h).
#pragma once

#include <string>
#include <vector>

#include "brief/briefing.h"
#include "brief/cluster.h"
#include "brief/trends.h"

namespace ah::brief {

// How much the radar cares about a theme: the mean of its best three papers'
// radar scores, min-max scaled over the input (by rank when all scores are
// equal). `members` are 0-based.
double ThemeInterest(const BriefInput& input, const std::vector<size_t>& members);

// One line on why a theme matters to input.reader, from what they said:
//  - the words of their description and keywords the theme's papers use, with
//    how many of its papers use them ("matches “segmentation” (5 of 6 papers)");
//  - the seed or liked paper closest to the theme (tf-idf of its title against
//    the theme's centroid, at least 0.15);
//  - followed authors on its papers (full names, accents and case folded; an
//    initial matches only an initial);
// else its best radar rank. In English or Chinese (`zh`). `members` are 0-based,
// `centroid` the theme's (PaperVectors::Centroid). Citation-like brackets of
// quoted titles are neutralised.
std::string WhyItMatters(const BriefInput& input, const PaperVectors& vectors,
                         const std::vector<size_t>& members, const SparseVector& centroid, bool zh);

// "“Gaussian splatting”: 5 of 30 papers (17%), against 4 of 240 (1.7%) in this
// radar's papers of 2026-05-19 – 2026-06-15 [3][7]...", citing at most six.
std::string TrendText(const Trend& trend, const BriefInput& input, bool zh);

}  // namespace ah::brief
