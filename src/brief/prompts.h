// Versioned prompt templates for LLM-written briefings and TL;DRs (pure).
//
// Every prompt exists in English and in Chinese; the briefing's language
// (BriefInput::lang, "en" | "zh") picks the template for every message, so the
// model is asked in the language it must answer in. The briefing prompts ask
// for one JSON object and state its schema:
//   {"overview": str,
//    "themes": [{"title": str, "why": str, "summary": str, "papers": [n, ...],
//                "findings": [str, ...]}],
//    "bridges": [{"papers": [n, ...], "why": str}],
//    "trends": [str, ...],
//    "must_reads": [{"paper": n, "why": str}]}
// with inline citations written [n], n the paper's number in the input (1..N).
// Papers are shown numbered ("[n] title" then Field/Authors/Abstract lines,
// abstracts made readable (brief/prose.h) and truncated to a token budget),
// followed by the clusters, bridge candidates and rising terms computed by
// brief/cluster.h, brief/bridges.h and brief/trends.h as hints. The reader
// (BriefInput::reader: description, keywords, followed authors, seed and liked
// papers' titles) is described, and the model asked to order the themes by
// their interest and to say per theme, in "why", why it matters to them.
//
// Changing any template's wording changes its behaviour: bump the version
// constant (it is recorded in each Briefing and in the TL;DR cache key).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "brief/briefing.h"

namespace ah::brief {

inline constexpr std::string_view kBriefPromptVersion = "brief-v2";
inline constexpr std::string_view kTldrPromptVersion = "tldr-v1";

// UTF-8 helpers shared by the brief writers. DecodeUtf8 reads the code point
// at s[*i] and advances *i (at least one byte); invalid bytes yield U+FFFD.
uint32_t DecodeUtf8(std::string_view s, size_t* i);
// Han ideographs, kana and hangul (the letters of CJK prose).
bool IsCjkLetter(uint32_t cp);
// IsCjkLetter plus CJK and full-width punctuation/forms (one token each).
bool IsCjk(uint32_t cp);

// True when `lang` asks for Chinese ("zh", "zh-CN", "zh-Hans"...); anything
// else is English.
bool IsChinese(std::string_view lang);

// Rough token count of UTF-8 text: one token per CJK character (Han, kana,
// hangul, CJK punctuation), one per 4 other characters (rounded up).
int64_t EstimateTokens(std::string_view text);

// Cuts `text` to about `max_tokens` (EstimateTokens), at a UTF-8 boundary and
// preferably at a word boundary, appending "…" when something was cut.
std::string TruncateToTokens(std::string_view text, int64_t max_tokens);

// "1-3, 5, 8-9" for {1,2,3,5,8,9} (sorted, deduplicated).
std::string FormatNumberList(std::vector<int> numbers);

// A chat prompt: one system and one user message.
struct Prompt {
  std::string system;
  std::string user;
  int64_t EstimatedTokens() const;  // both messages plus per-message overhead
};

// Hints computed from the texts (brief/cluster.h), with 1-based paper numbers.
struct PromptHints {
  struct Group {
    std::vector<int> papers;
    std::vector<std::string> terms;
  };
  struct Pair {
    int a = 0, b = 0;  // 1-based
    double similarity = 0;
    std::vector<std::string> shared_terms;
  };
  // A term rising against the radar's earlier weeks (brief/trends.h).
  struct Rising {
    std::string term;
    std::vector<int> papers;  // 1-based
    size_t now = 0, now_total = 0, before = 0, before_total = 0;
  };
  std::vector<Group> clusters;
  std::vector<Pair> bridges;  // shared_terms: the method, model or dataset both name
  std::vector<Rising> rising;
};

struct PaperFormat {
  int64_t abstract_tokens = 300;  // abstract budget per paper
  size_t max_authors = 3;         // then "et al." / "等"
};

// One paper as shown to the model: "[n] title\n    Field: ...\n    Authors: ...\n
//     Abstract: ...\n" (labels in the language of `lang`). REQUIRES: number >= 1.
std::string FormatPaper(const BriefPaper& paper, int number, std::string_view lang,
                        const PaperFormat& format);

// The single-call briefing prompt over all papers of `input`.
Prompt BuildBriefPrompt(const BriefInput& input, const PromptHints& hints,
                        const PaperFormat& format);

// Map stage: papers `numbers` (1-based, global numbering kept) as part `part`
// of `parts`; asks for partial themes/bridges/trends citing only these numbers.
// Hints are restricted to the given numbers.
Prompt BuildMapPrompt(const BriefInput& input, const std::vector<int>& numbers, int part, int parts,
                      const PromptHints& hints, const PaperFormat& format);

// Reduce stage: merges `partials_json` (an array of partial answers, global
// numbers) into the final briefing (final_stage) or into one larger partial
// answer (intermediate level of a multi-level reduce). `index` lists the
// papers to show as "[n] title (field)" lines, titles cut to `title_chars`.
Prompt BuildReducePrompt(const BriefInput& input, const std::vector<int>& index,
                         std::string_view partials_json, const PromptHints& hints, bool final_stage,
                         size_t title_chars);

// The stricter follow-up message after an answer that broke the rules: lists
// the violations, the valid numbers, the language and the schema again.
std::string BuildRetryMessage(std::string_view lang, const std::vector<std::string>& violations,
                              const std::vector<int>& valid_numbers, bool partial);

// TL;DR prompt: `papers` numbered 1..k locally; answer {"tldr":[{"n":1,"text":"..."}]}.
Prompt BuildTldrPrompt(const std::vector<const BriefPaper*>& papers, std::string_view lang,
                       const PaperFormat& format);

// Stricter follow-up for TL;DRs that were missing or invalid.
std::string BuildTldrRetryMessage(std::string_view lang, const std::vector<std::string>& problems,
                                  int count);

}  // namespace ah::brief
