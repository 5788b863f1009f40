// The extractive briefing: the same structure as the LLM briefing, written
// without any language model, so the product works fully offline.
//
//  - themes: ClusterPapers (cluster.h), titled by their key phrases, ordered
//    by the radar's scores of their best papers (ThemeInterest, reader.h), each
//    with a line on why it matters to the reader (WhyItMatters);
//    the summary quotes the sentences of the theme's abstracts closest to the
//    theme's centroid (at most one per paper while there are enough papers,
//    a bonus for contribution cues such as "we propose", "here we"), each
//    cited [n]; findings are sentences with result cues ("we show",
//    "outperforms", "achieves", "%", numbers...), one per paper, best-ranked
//    papers first;
//  - bridges: FindBridges (bridges.h), "Both rest on <shared method> — in
//    <field>: <the sentence naming it> [a]; in <field>: ... [b]";
//  - trends: RisingTerms (trends.h) against input.earlier, with the counts;
//    a note says why there are none;
//  - must-reads: 0.7 x radar score (min-max scaled; rank when all scores are
//    equal) + 0.3 x similarity to the paper's theme centroid, with a why;
//  - overview: counts of papers, fields and themes, one cited example per theme.
// Every label is in the briefing's language ("en", or Chinese for "zh...");
// quoted sentences stay as written in the abstracts. Citation-like brackets in
// quoted text ("[12]" outside $...$) become "(12)" so that every [n] in the
// briefing is a citation of the input papers 1..N.
//
// Pure and deterministic (fixed seed); thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "brief/briefing.h"
#include "brief/cluster.h"
#include "brief/trends.h"
#include "core/result.h"

namespace ah::brief {

struct ExtractiveOptions {
  ClusterOptions cluster;
  TrendOptions trends;
  int sentences_per_theme = 2;  // summary sentences per theme (>= 1)
  int must_reads = 5;           // 0 = none
  // Optional dense embeddings parallel to input.papers (see PaperVectors::Build).
  std::vector<std::vector<float>> embeddings;
};

// Writes the extractive briefing of `input`: mode kExtractive, model
// "extractive", prompt_version "extractive-v1", papers = input.papers; the
// result passes CheckBriefing. Errors: kInvalidArgument when input.papers is
// empty.
[[nodiscard]] Result<Briefing> WriteExtractiveBriefing(const BriefInput& input,
                                                       const ExtractiveOptions& options);

// Sentences of a plain-text abstract, trimmed, whitespace collapsed. Does not
// split after abbreviations ("e.g.", "i.e.", "et al.", "Fig.", "vs."), single
// initials ("C. elegans"), inside decimals ("3.5") or inside LaTeX math
// ($...$); splits after . ! ? (followed by a space and a capital, digit,
// "$", "(" or non-ASCII letter) and after 。！？.
std::vector<std::string> SplitSentences(std::string_view text);

// How strongly a sentence reports a result: 2 points per strong cue ("we
// show", "outperform", "achiev", "improv", "significantly"...), 1 per weak cue
// ("%", "reduc", "higher", "accuracy", "predict"...), 1 for a number. 0 when
// there is no strong cue and no weak cue with a number (background sentences).
int ResultCueScore(std::string_view sentence);

// `text` made safe to quote inside a briefing: citation-like brackets outside
// math become parentheses ("as in [12, 13]" -> "as in (12, 13)") and a "$"
// that opens no closed math becomes "＄" (U+FF04), so that it cannot pair with
// a "$" of the surrounding text and hide its citations.
std::string NeutralizeCitations(std::string_view text);

}  // namespace ah::brief
