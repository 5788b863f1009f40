// A briefing: the cross-disciplinary analysis of a radar's papers for a day or
// a week. Data model shared by the extractive writer (brief/extractive.h), the
// LLM writer (brief/llm_writer.h), the renderers (brief/render.h) and the CLI.
//
// Papers are numbered 1..N in the order given (the radar's ranking); every
// citation is such a number, resolved to the paper's id only when rendering.
// Invariant of a finished Briefing (CheckBriefing): every cited number is in
// 1..N, every theme cites at least one paper, every bridge cites papers of at
// least two different fields.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace ah::brief {

// One input paper, as the radar ranked it.
struct BriefPaper {
  std::string id;        // library key (arXiv id, "doi:...")
  std::string title;     // plain text
  std::string abstract;  // plain text, LaTeX as typed
  std::vector<std::string> authors;
  std::string date;  // YYYY-MM-DD
  // Field of the paper, at the granularity researchers mean, for bridges: the
  // arXiv primary category ("cs.CL", "q-bio.GN", "stat.ME"), the preprint
  // server's subject ("biorxiv:bioinformatics"), the journal ("nature").
  std::string field;
  // Every field the paper is listed in (arXiv categories, cross-lists
  // included); may be empty. A paper listed in another's field is no bridge to it.
  std::vector<std::string> categories;
  std::string badge;                 // display badge, e.g. "arXiv (CS.LG)", "bioRxiv (Bioinfo)"
  std::string url;                   // where to read it
  double score = 0;                  // radar score
  std::vector<std::string> reasons;  // radar explanations
  std::string tldr;                  // one-sentence TL;DR in the briefing's language, if known
};

// What the researcher told the radar: a briefing is written for them.
struct Reader {
  std::string description;
  std::string keywords;                   // the radar's query, as typed
  std::vector<std::string> authors;       // followed authors, as typed
  std::vector<std::string> seed_titles;   // the papers they gave as seeds
  std::vector<std::string> liked_titles;  // the papers they liked or saved
  bool empty() const {
    return description.empty() && keywords.empty() && authors.empty() && seed_titles.empty() &&
           liked_titles.empty();
  }
};

struct BriefInput {
  std::string radar;               // radar name
  std::string lang = "en";         // "en" | "zh": every prompt and every label
  std::string date_from;           // YYYY-MM-DD
  std::string date_to;             // YYYY-MM-DD
  std::vector<BriefPaper> papers;  // numbered 1..N in this order
  Reader reader;
  // The radar's papers of the weeks before date_from (title and abstract are
  // enough), for trends: what rises against them. Never cited.
  std::vector<BriefPaper> earlier;
  std::string earlier_from, earlier_to;  // YYYY-MM-DD, the range they cover
};

struct Theme {
  std::string title;
  std::string summary;                // what the theme's papers found, cited inline as [n]
  std::vector<int> papers;            // 1-based numbers, at least one
  std::vector<std::string> findings;  // one finding per string, cited inline as [n]
  std::string why;                    // one line on why it matters to this reader (may be empty)
};

struct Bridge {
  std::vector<int> papers;  // from at least two different fields
  std::string why;          // the shared method / object, cited inline as [n]
};

struct MustRead {
  int paper = 0;  // 1-based
  std::string why;
};

enum class BriefMode { kLlm, kExtractive };

struct Briefing {
  BriefMode mode = BriefMode::kExtractive;
  std::string lang = "en";
  std::string radar;
  std::string date_from, date_to;
  std::string overview;  // a short paragraph, cited inline as [n]
  std::vector<Theme> themes;
  std::vector<Bridge> bridges;
  std::vector<std::string> trends;  // cited inline as [n]
  std::vector<MustRead> must_reads;
  std::vector<BriefPaper> papers;  // the input papers, numbered 1..N
  // Provenance.
  std::string model;           // "provider/model" or "extractive"
  std::string prompt_version;  // e.g. "brief-v1"; "extractive-v1"
  int64_t prompt_tokens = 0, completion_tokens = 0;
  double cost_usd = 0;
  int64_t llm_calls = 0;
  std::vector<std::string> notes;  // e.g. "2 citations to unknown papers were dropped"
};

// Checks the invariant above. Errors: kCorrupt naming the first violation.
[[nodiscard]] Status CheckBriefing(const Briefing& b);

}  // namespace ah::brief
