// Renders a Briefing for people (Markdown, standalone HTML) and for storage
// and APIs (JSON), and reads the JSON back. Pure functions, thread-safe.
//
// Inline citations. In a briefing's prose a citation is "[n]", "[n, m, ...]"
// or a range "[n-m]" / "[n–m]" (n, m decimal, at most 6 digits, ranges expand
// to at most 64 numbers), found outside LaTeX math ($...$, $$...$$; "\$" is a
// literal dollar). Brackets holding anything else ("[Section 2]") are text.
//
// JSON contract (BriefingToJson / BriefingFromJson):
//   {"mode": "llm"|"extractive", "lang", "radar", "date_from", "date_to",
//    "overview", "themes": [{"title", "why", "summary", "papers": [ids], "findings": [...]}],
//    "bridges": [{"papers": [ids], "why"}], "trends": [...],
//    "must_reads": [ids], "must_reads_why": [...],
//    "papers": [{"n", "id", "title", "badge", "field", "score", "url", "tldr"}],
//    "model", "prompt_version", "tokens": {"prompt", "completion"}, "cost_usd",
//    "notes": [...]}
// Themes, bridges and must-reads name papers by id; prose keeps its [n]
// citations, resolved through "papers" ("n" is the 1-based number).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "brief/briefing.h"
#include "core/result.h"

namespace ah::brief {

struct CitationSpan {
  size_t begin = 0, end = 0;  // byte range of the bracket, "[" to "]" inclusive
  std::vector<int> numbers;   // as written (not checked against any N)
};

// The inline citations of `text`, in order (see the syntax above).
// The one rule by which every scanner in brief/ skips LaTeX math: s[i] is
// escaped when preceded by an odd number of backslashes; MathEnd is one past
// the closing delimiter of the math opening at s[i] == '$' ("$...$" or
// "$$...$$"), or npos when it is not closed (then the '$' is text).
bool Escaped(std::string_view s, size_t i);
size_t MathEnd(std::string_view s, size_t i);

std::vector<CitationSpan> FindCitations(std::string_view text);

// Markdown: a title, the "extractive briefing (no language model)" label when
// the briefing is extractive, overview, themes (summary, findings, papers),
// bridges, trends, must-reads, references and provenance, with every heading
// in the briefing's language ("en", "zh"). Citations [n] become [[n]](url)
// (plain [n] when the paper has no http(s) url or n is out of range). Titles
// and prose are made inert: "<", ">" and entity-like "&" are escaped, "[" and
// "]" backslash-escaped; inside $...$ "<", ">", "[", "]" become \lt, \gt,
// \lbrack, \rbrack (the same for KaTeX); LaTeX is otherwise left as typed.
std::string RenderMarkdown(const Briefing& b);

// A standalone UTF-8 HTML5 page with the same content, inline CSS, no script.
// Every text is HTML-escaped; citations are <a class="cite" href="url">[n]</a>
// (href "#ref-n" when the url is not http(s)); LaTeX $...$ is left in the text
// for a math renderer such as KaTeX auto-render.
std::string RenderHtml(const Briefing& b);

// The JSON contract above. Numbers out of range in themes/bridges/must-reads
// are left out (a checked briefing has none).
nlohmann::json BriefingToJson(const Briefing& b);

// Inverse of BriefingToJson, for stored briefings. Papers get only the fields
// the JSON holds (n, id, title, badge, field, score, url, tldr). Missing optional keys take
// their defaults; "mode" and "papers" are required. Errors: kParse naming the
// offending field ("themes[2].papers[0]: unknown paper id ..."), including
// citations outside 1..N and themes without papers.
[[nodiscard]] Result<Briefing> BriefingFromJson(const nlohmann::json& j);

}  // namespace ah::brief
