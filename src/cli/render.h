// Terminal and JSON rendering of papers for the CLI.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "service/today.h"
#include "store/store.h"

namespace ah::cli {

struct CardStyle {
  bool full_abstract = false;  // else truncated to ~3 lines
  int width = 100;
};

// A numbered card: "[3] arXiv (CS.LG) · 2026-06-01 · cross-list\n    Title\n    Authors\n    Abstract".
void PrintCard(std::FILE* out, int number, const store::PaperView& v, const std::string& listing_date,
               const CardStyle& style);
// The headline of a day's listing: "Thursday 2026-06-25 — 26 papers: 4 new, 22
// cross-lists", or, when a limit cut it, "... — showing 5 of 26 papers (4 new, 22
// cross-lists)": the counts are the whole day's. `source`/`category`: the
// filters, named after a " · ".
std::string DayHeadline(const service::DayListing& day, const std::string& source,
                        const std::string& category);
// Full details for `show`.
void PrintDetails(std::FILE* out, const store::PaperView& v);
// JSON array of PaperViewToJson, pretty when `pretty`.
void PrintJsonArray(std::FILE* out, const std::vector<store::PaperView>& views, bool pretty);

// Prints "<label>: <message>" per error, control characters escaped (messages
// quote feed text), the first 20 only, then "... and N more <plural>".
void PrintSummarised(std::FILE* out, const char* label, const char* plural,
                     const std::vector<Error>& errors);
void PrintSummarised(std::FILE* out, const char* label, const char* plural,
                     const std::vector<std::string>& messages);

// Word-wraps `text` to `width` columns with `indent` spaces on each line.
std::string Wrap(const std::string& text, int width, int indent);
// "1.2 MB", "350 KB".
std::string HumanBytes(int64_t bytes);

}  // namespace ah::cli
