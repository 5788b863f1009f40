// Abstracts as a reader should see them, and the sentence that states a
// paper's result (pure functions, thread-safe).
//
// The library keeps abstracts "plain, LaTeX as typed": arXiv abstracts carry
// text markup (\textbf{...}, \emph{...}, {\em ...}, \href, \footnote), the
// authors' own macros (\method, \ours, \bpf{}), reference markers ("[3]") and
// stray LaTeX comment signs; OpenAlex and JATS structured abstracts lose the
// punctuation after their section labels ("Background Since December...").
// ReadableText removes the markup, keeps math ($...$, $$...$$, and \(...\),
// \[...\], equation environments turned into $ / $$) for KaTeX, and rebuilds the
// section labels ("Background: Since December...").
//
// What counts as a reference marker: a bracket of numbers ("[3]", "[2, 7]",
// "[4-6]") outside math, unless it holds a 0 or follows "range", "interval",
// "between" or "within" (then it is an interval such as "[0, 1]" and stays).
// Unknown macros without an argument become their name (an acronym in capitals
// when it is a short lower-case name: \bpf -> BPF), the usual placeholders
// (\method, \ours, \model, \dataset, \benchmark...) "our method", "our model"...
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ah::brief {

// Where a sentence of a structured abstract stands.
enum class Section { kNone, kBackground, kAim, kMethods, kResults, kConclusions, kOther };

struct ProseSentence {
  std::string text;                  // readable, without its section label
  Section section = Section::kNone;  // the label it stands under, if any
};

// `text` without LaTeX text markup, macros, reference markers and comment signs,
// math kept, section labels followed by ": ", whitespace collapsed to single
// spaces. Idempotent. Linear in the input (no recursion on nesting).
std::string ReadableText(std::string_view text);

// The sentences of ReadableText(abstract) (see SplitSentences in
// brief/extractive.h), each with the section it stands under and without the
// label itself.
std::vector<ProseSentence> ReadableSentences(std::string_view abstract);

// How a sentence leans on the one before it.
struct Leaning {
  bool leans = false;  // it opens with a connective or a pronoun pointing back
  // When the rest can stand alone ("To address this, we propose X" -> "We
  // propose X"): the sentence without its opening, capitalised; else empty.
  std::string standalone;
};
// "Moreover, ...", "However, ...", "To this end, ...", "Specifically, ...",
// "This approach ...", "These results ...", "It ...", "Such ..." lean; "This
// paper/work/study ..." and "We ..." do not.
Leaning LeansOnPrevious(std::string_view sentence);

// Cues of background: the sentence tells what is known, hard or missing
// ("remains challenging", "has attracted", "existing methods", "however, ...
// fail") rather than what this paper does. 0 = none.
int BackgroundCueScore(std::string_view sentence);

// Cues of a contribution: "we propose", "we present", "this paper", "here we"...
bool HasContributionCue(std::string_view sentence);

// The extractive TL;DR: the sentence of `abstract` that states the paper's
// contribution or result (contribution and result cues, title words, sections
// "Results" and "Conclusions"; not background, not a sentence leaning on the
// one before unless its opening can be dropped), readable, at most about
// `max_bytes` (cut at a clause when longer). Falls back to `title` when the
// abstract has no sentence.
std::string ResultSentence(std::string_view title, std::string_view abstract, size_t max_bytes);

}  // namespace ah::brief
