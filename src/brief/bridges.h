// Bridges between fields (pure, deterministic, thread-safe).
//
// A bridge joins two papers of different fields at the granularity researchers
// mean (BriefPaper::field: an arXiv category such as "cs.CL" or "q-bio.GN", a
// bioRxiv / medRxiv subject, a journal), neither listed in the other's field
// (BriefPaper::categories), that rest on the same method, model or dataset
// named in both abstracts:
//  - a name: a token with capitals after its first letter or digits among
//    letters ("CLIP", "SAM", "LoRA", "GPT-4o", "nnU-Net", "ImageNet"), not a
//    generic abbreviation ("AI", "LLM", "3D", "RGB"), nor common in the
//    library (ClusterOptions::background: in more than 2% of its papers);
//  - a method phrase: one or two words before a head noun that names a
//    method, model or dataset ("optimal transport", "Gaussian splatting",
//    "graph neural network", "knowledge distillation", "protein language
//    model"), written as a phrase in both abstracts, not a generic one
//    ("language model", "deep learning", "neural network").
// Pairs are ranked by how specific their shared terms are (library idf, or 1
// each without statistics), then by similarity; pairs of different arXiv
// archives ("cs" and "q-bio") count 1.5 times; each paper is in at most one
// bridge.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "brief/cluster.h"

namespace ah::brief {

// The names and method phrases of a text (see above), as written, each once,
// in order of appearance. `background` may be null.
std::vector<std::string> NamedTerms(std::string_view text, const TermStats* background);

}  // namespace ah::brief
