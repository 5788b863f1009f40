// Defensive parsing and validation of a model's briefing answer (pure).
//
// A model's answer is hostile input: it may wrap the JSON in ```json fences or
// prose, be truncated, nest absurdly, use wrong types, cite papers it was not
// given ("[12]" when only 1..10 exist, ranges "[3-5]", lists "[3, 7]"), or be
// written in the wrong language. ParseBriefAnswer never throws and never lets
// an unknown citation through: unknown numbers are removed from lists and from
// the prose, themes left without papers and bridges that do not join two
// fields are dropped, and every such repair is reported as a Violation so the
// caller can decide on one stricter retry (NeedsRetry) and write notes.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "brief/briefing.h"
#include "core/result.h"

namespace ah::brief {

enum class ViolationKind {
  kUnknownPaper,        // a number outside the papers given (list or inline); removed
  kWrongLanguage,       // the prose is not in the requested language
  kSchema,              // a missing key or a value of the wrong type; skipped
  kThemeWithoutPapers,  // a theme citing no valid paper; dropped
  kBridgeOneField,      // a bridge not joining papers of >= 2 fields; dropped
};

std::string_view ViolationKindName(ViolationKind kind);

struct Violation {
  ViolationKind kind;
  std::string detail;  // e.g. "themes[1].papers: 12 is not a given paper"
};

// What the answer may cite and how it must be written.
struct AnswerRules {
  std::vector<std::string> fields;  // fields[n-1] = field of paper n; size() == N
  std::vector<int> allowed;         // numbers given in this call; empty = 1..N
  std::string lang = "en";          // "en" | "zh"
  bool partial = false;             // map/merge stage: no overview/must_reads expected
};

// Rules for all papers of `input` in its language.
AnswerRules RulesFor(const BriefInput& input);

// The validated content. Every citation (lists and inline [n]) is an allowed
// number; every theme has at least one paper; every bridge joins >= 2 fields.
struct BriefAnswer {
  std::string overview;
  std::vector<Theme> themes;
  std::vector<Bridge> bridges;
  std::vector<std::string> trends;
  std::vector<MustRead> must_reads;

  std::vector<Violation> violations;
  int unknown_citations = 0;  // numbers removed
  int dropped_themes = 0;
  int dropped_bridges = 0;

  int Count(ViolationKind kind) const;
  // Unknown numbers, wrong language, schema errors or themes without papers:
  // worth one stricter retry. (Single-field bridges are only dropped.)
  bool NeedsRetry() const;
  int RetryWorthy() const;  // how many violations NeedsRetry counts
};

// Finds the JSON object in a model's answer (after a BOM, ```json fences or
// leading prose) and parses it (core ReadJson, nesting limited to 64). Errors:
// kParse naming `origin` and the position as "line L, column C (byte B)" (no
// object, unbalanced, truncated: where the unclosed object opens, nesting deeper
// than 64, syntax error), or an answer larger than 4 MiB.
[[nodiscard]] Result<nlohmann::json> ParseJsonAnswer(std::string_view answer,
                                                     std::string_view origin);

// Parses and validates a briefing answer. Errors: kParse as ParseJsonAnswer,
// or when the JSON is not an object.
[[nodiscard]] Result<BriefAnswer> ParseBriefAnswer(std::string_view answer,
                                                   const AnswerRules& rules,
                                                   std::string_view origin);

// Numbers cited inline in `prose`: "[3]", "[3, 7]", "[3-5]", "[3–5]", "［3］",
// "【3】", "[Paper 3]", "[论文3]"... in order of appearance (ranges expanded up to
// 64 numbers; longer ranges yield their ends).
std::vector<int64_t> InlineCitations(std::string_view prose);

// Rewrites the inline citations of `prose` as "[a][b]" keeping only allowed
// numbers, removing groups left empty (and the space before them);
// *unknown += numbers removed. Brackets that are no citation ("[Section 2]")
// are kept as they are.
std::string CleanCitations(std::string_view prose, const std::function<bool(int64_t)>& is_allowed,
                           int* unknown);

// Language of prose, weighing each CJK letter as one unit and each Latin word
// as 1.5 (a Chinese word is ~1.5 characters).
struct LanguageStats {
  int64_t cjk = 0;          // CJK letters
  int64_t latin_words = 0;  // runs of Latin letters
  double CjkShare() const;  // cjk / (cjk + 1.5 * latin_words), 0 when empty
  double Weight() const;    // cjk + 1.5 * latin_words
};
LanguageStats MeasureLanguage(std::string_view prose);
// zh: CJK share >= 0.35; en: CJK share <= 0.5. Text lighter than `min_weight`
// passes (too little to judge).
bool LanguageMatches(const LanguageStats& stats, std::string_view lang, double min_weight = 8);

}  // namespace ah::brief
