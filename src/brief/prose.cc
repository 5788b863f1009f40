#include "brief/prose.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <set>

#include "brief/extractive.h"
#include "brief/latex_text.h"
#include "brief/prompts.h"
#include "brief/render.h"
#include "core/text.h"
#include "radar/tokenizer.h"

namespace ah::brief {
namespace {

constexpr size_t npos = std::string_view::npos;

bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsUpper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool OneOf(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// ---- Section labels ----

struct LabelDef {
  std::string_view text;  // lower case
  Section section;
};

constexpr std::array<LabelDef, 48> kLabels = {{
    {"abstract", Section::kNone},
    {"materials and methods", Section::kMethods},
    {"methods and materials", Section::kMethods},
    {"patients and methods", Section::kMethods},
    {"methods and findings", Section::kResults},
    {"conclusions and relevance", Section::kConclusions},
    {"conclusions and implications", Section::kConclusions},
    {"results and conclusions", Section::kResults},
    {"main outcome measures", Section::kMethods},
    {"main outcomes and measures", Section::kMethods},
    {"design, setting, and participants", Section::kMethods},
    {"design and setting", Section::kMethods},
    {"evidence acquisition", Section::kMethods},
    {"evidence synthesis", Section::kResults},
    {"data sources", Section::kMethods},
    {"study selection", Section::kMethods},
    {"data extraction", Section::kMethods},
    {"trial registration", Section::kOther},
    {"author summary", Section::kOther},
    {"key points", Section::kOther},
    {"background", Section::kBackground},
    {"introduction", Section::kBackground},
    {"context", Section::kBackground},
    {"motivation", Section::kBackground},
    {"rationale", Section::kBackground},
    {"importance", Section::kBackground},
    {"objectives", Section::kAim},
    {"objective", Section::kAim},
    {"aims", Section::kAim},
    {"aim", Section::kAim},
    {"purpose", Section::kAim},
    {"methods", Section::kMethods},
    {"method", Section::kMethods},
    {"methodology", Section::kMethods},
    {"design", Section::kMethods},
    {"setting", Section::kMethods},
    {"participants", Section::kMethods},
    {"interventions", Section::kMethods},
    {"measurements", Section::kMethods},
    {"results", Section::kResults},
    {"findings", Section::kResults},
    {"observations", Section::kResults},
    {"conclusions", Section::kConclusions},
    {"conclusion", Section::kConclusions},
    {"interpretation", Section::kConclusions},
    {"significance", Section::kConclusions},
    {"implications", Section::kConclusions},
    {"funding", Section::kOther},
}};

// A section label at s[i] (at the start, after a newline or a sentence end):
// its length including the ":" / "." and spaces after it, whether it is marked
// off as a label (a colon or period, a line of its own, capitals) and whether
// it is glued to the next word, as OpenAlex's inverted indexes and some JATS
// conversions leave it ("BackgroundSince December", "patients.MethodsWe").
const LabelDef* LabelAt(std::string_view s, size_t i, size_t* len, bool* marked, bool* glued) {
  if (i >= s.size() || !IsUpper(s[i])) return nullptr;
  for (const LabelDef& l : kLabels) {
    if (s.size() - i < l.text.size() || Lower(s.substr(i, l.text.size())) != l.text) continue;
    size_t j = i + l.text.size();
    const bool upper = std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i),
                                   s.begin() + static_cast<std::ptrdiff_t>(j),
                                   [](char c) { return !IsAlpha(c) || IsUpper(c); });
    if (j < s.size() && IsUpper(s[j]) && !upper && j + 1 < s.size() &&
        std::islower(static_cast<unsigned char>(s[j + 1]))) {
      *len = j - i;
      *marked = *glued = true;
      return &l;
    }
    if (j < s.size() && (IsAlpha(s[j]) || IsDigit(s[j]) || s[j] == '-')) continue;
    const bool punct = j < s.size() && (s[j] == ':' || s[j] == '.');
    if (punct) ++j;
    const bool newline = j < s.size() && s[j] == '\n';
    size_t k = j;
    while (k < s.size() && (s[k] == ' ' || s[k] == '\n')) ++k;
    if (k == j || k >= s.size()) continue;
    // Unmarked, the text after it must start a sentence ("Background Since ...").
    if (!(newline || punct || upper) && !(IsUpper(s[k]) || IsDigit(s[k]))) continue;
    *len = k - i;
    *marked = newline || punct || upper;
    *glued = false;
    return &l;
  }
  return nullptr;
}

// 0: no label can start at s[i]; 1: one can (start, newline, after ". ");
// 2: only a glued one can (right after a period: "patients.MethodsWe").
int Boundary(std::string_view s, size_t i) {
  if (i == 0 || s[i - 1] == '\n') return 1;
  if (i >= 2 && s[i - 1] == ' ' && (s[i - 2] == '.' || s[i - 2] == '?' || s[i - 2] == '!'))
    return 1;
  if (i >= 2 && (s[i - 1] == '.' || s[i - 1] == ')') && s[i - 2] != ' ' && s[i - 2] != '.')
    return 2;
  return 0;
}

struct Part {
  Section section = Section::kNone;
  std::string label;  // as shown ("Background")
  std::string body;
};

// Splits a tidy text (single newlines kept) at its section labels. A text is
// structured when it starts with a label that is marked off, or starts with a
// label and has another one at a later sentence start ("Background Since ...
// Methods We ..."); an arXiv abstract that merely opens with "Design Space
// Exploration ..." is not.
std::vector<Part> Sections(std::string_view s) {
  std::vector<Part> parts;
  struct Found {
    size_t at, len;
    const LabelDef* def;
  };
  std::vector<Found> found;
  bool first_marked = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const int boundary = Boundary(s, i);
    if (boundary == 0) continue;
    size_t len = 0;
    bool marked = false, glued = false;
    const LabelDef* l = LabelAt(s, i, &len, &marked, &glued);
    if (l == nullptr || (boundary == 2 && !glued)) continue;
    if (i == 0) first_marked = marked;
    found.push_back({i, len, l});
    i += len - 1;
  }
  // "Abstract Driven by ..." (a heading left in the text): the heading goes.
  if (found.size() == 1 && found[0].at == 0 && found[0].def->section == Section::kNone) {
    parts.push_back(Part{Section::kNone, "", std::string(s.substr(found[0].len))});
    return parts;
  }
  const bool structured = !found.empty() && found[0].at == 0 && (first_marked || found.size() >= 2);
  if (!structured) {
    parts.push_back(Part{Section::kNone, "", std::string(s)});
    return parts;
  }
  for (size_t f = 0; f < found.size(); ++f) {
    Part p;
    p.section = found[f].def->section;
    p.label = std::string(s.substr(found[f].at, found[f].def->text.size()));
    for (size_t k = 1; k < p.label.size(); ++k)  // "BACKGROUND" -> "Background"
      p.label[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(p.label[k])));
    const size_t from = found[f].at + found[f].len;
    const size_t to = f + 1 < found.size() ? found[f + 1].at : s.size();
    p.body = std::string(text::Trim(s.substr(from, to > from ? to - from : 0)));
    parts.push_back(std::move(p));
  }
  return parts;
}

// Everything but the labels: a tidy text with newlines.
std::string Tidy(std::string_view text) { return PlainLatexText(text); }

// ---- Cues ----

constexpr std::string_view kContribution[] = {
    "we propose",      "we present",    "we introduce",   "we develop",   "here we",
    "in this work",    "in this paper", "this paper",     "this work",    "this study",
    "we investigate",  "we study",      "we examine",     "we evaluate",  "we analy",
    "we report",       "we describe",   "we design",      "we build",     "we apply",
    "we construct",    "we formulate",  "we derive",      "we prove",     "we release",
    "we curate",       "we collect",    "we train",       "we extend",    "we frame",
    "we establish",    "we provide",    "we contribute",  "we offer",     "we identify",
    "we show",         "we find",       "we demonstrate", "this article", "our work",
    "we conduct",      "we perform",    "we benchmark",   "we explore",   "we characterize",
    "we characterise", "we quantify",   "we measure",     "we test",      "we compare",
};

constexpr std::string_view kBackground[] = {
    "remains",
    "remain ",
    "has been",
    "have been",
    "has attracted",
    "have attracted",
    "has gained",
    "have gained",
    "has emerged",
    "have emerged",
    "has become",
    "have become",
    "existing method",
    "existing approach",
    "existing work",
    "existing model",
    "existing benchmark",
    "prior work",
    "previous work",
    "previous method",
    "previous approach",
    "prior method",
    "prior approach",
    "recent advances",
    "recent progress",
    "recent years",
    "recently",
    "however",
    "despite",
    "challenging",
    "is crucial",
    "are crucial",
    "is essential",
    "are essential",
    "is critical",
    "plays a",
    "play a",
    "widely",
    "increasingly",
    "struggle",
    "suffer",
    "fail to",
    "fails to",
    "lack",
    "limited",
    "is a key",
    "is a fundamental",
    "is an important",
    "poses",
    "hinder",
    "bottleneck",
    "open problem",
    "open question",
    "little is known",
    "unclear",
    "underexplored",
    "under-explored",
    "largely unexplored",
    "often",
};

}  // namespace

std::string ReadableText(std::string_view text) {
  std::string out;
  for (const Part& p : Sections(Tidy(text))) {
    if (!out.empty()) out += ' ';
    if (!p.label.empty() && p.section != Section::kNone)
      out += p.label + ":" + (p.body.empty() ? "" : " ");
    out += p.body;
  }
  return text::CollapseWhitespace(out);
}

std::vector<ProseSentence> ReadableSentences(std::string_view abstract) {
  std::vector<ProseSentence> out;
  for (const Part& p : Sections(Tidy(abstract))) {
    for (auto& s : SplitSentences(p.body)) out.push_back(ProseSentence{std::move(s), p.section});
  }
  return out;
}

Leaning LeansOnPrevious(std::string_view sentence) {
  Leaning r;
  std::string_view s = text::Trim(sentence);
  std::string lower = Lower(s.substr(0, std::min<size_t>(s.size(), 160)));
  // Openings that join this sentence to the last one: connectives, then a comma.
  static constexpr std::string_view kConnectives[] = {
      "moreover",
      "furthermore",
      "additionally",
      "in addition",
      "however",
      "also",
      "besides",
      "then",
      "finally",
      "specifically",
      "in particular",
      "thus",
      "therefore",
      "hence",
      "consequently",
      "as a result",
      "to this end",
      "meanwhile",
      "second",
      "secondly",
      "third",
      "thirdly",
      "first",
      "firstly",
      "lastly",
      "next",
      "overall",
      "together",
      "in turn",
      "accordingly",
      "similarly",
      "likewise",
      "in contrast",
      "by contrast",
      "on the other hand",
      "nevertheless",
      "nonetheless",
      "instead",
      "importantly",
      "notably",
      "crucially",
      "concretely",
      "subsequently",
      "afterwards",
      "in doing so",
      "by doing so",
      "in this way",
      "to do so",
      "to that end",
      "for this purpose",
      "with this",
      "building on this",
      "based on this",
      "based on these",
      "beyond this",
      "in summary",
      "taken together",
      "collectively",
      "in practice",
      "further",
  };
  // An item of a list the sentence before announced: "(ii) ...", "2) ...", "(b) ...".
  {
    size_t k = s.starts_with("(") ? 1 : 0;
    size_t e = k;
    while (e < s.size() && e - k < 5 &&
           (IsDigit(s[e]) || OneOf(std::string(1, s[e]), {"i", "v", "x"})))
      ++e;
    if (e == k && e < s.size() && std::islower(static_cast<unsigned char>(s[e])) &&
        e + 1 < s.size() && s[e + 1] == ')')
      ++e;
    if (e > k && e < s.size() && s[e] == ')' && (k == 1 || e - k <= 3)) {
      r.leans = true;
      return r;
    }
  }
  size_t cut = 0;
  for (std::string_view c : kConnectives) {
    if (lower.starts_with(c) && lower.size() > c.size() &&
        (lower[c.size()] == ',' || lower[c.size()] == ' ')) {
      size_t comma = lower[c.size()] == ',' ? c.size() : std::string::npos;
      if (comma == std::string::npos) {
        // "Then we ...", "Finally we ...": a connective without its comma.
        if (!lower.substr(c.size()).starts_with(" we ")) continue;
        comma = c.size();
      }
      cut = comma + 1;
      r.leans = true;
      break;
    }
  }
  // "To address this (gap), ...", "To tackle these issues, ...", "To solve it, ...":
  // a purpose clause pointing back, up to its comma.
  if (!r.leans && lower.starts_with("to ")) {
    size_t comma = lower.find(',');
    if (comma != std::string::npos && comma < 80) {
      std::string_view clause(lower.data(), comma);
      for (std::string_view p : {" this", " these", " it", " them", " such", " that", " those"}) {
        size_t at = clause.find(p);
        if (at != std::string_view::npos &&
            (at + p.size() == clause.size() || clause[at + p.size()] == ' ')) {
          r.leans = true;
          cut = comma + 1;
          break;
        }
      }
    }
  }
  if (r.leans) {
    std::string_view rest = text::Trim(s.substr(std::min(cut, s.size())));
    std::string rl = Lower(rest.substr(0, std::min<size_t>(rest.size(), 12)));
    if (rl.starts_with("we ") || rl.starts_with("our ") || rl.starts_with("this paper") ||
        rl.starts_with("this work") || rl.starts_with("this study") || rl.starts_with("here ")) {
      r.standalone = std::string(rest);
      r.standalone[0] =
          static_cast<char>(std::toupper(static_cast<unsigned char>(r.standalone[0])));
    }
    return r;
  }
  // A pointer back among the first words: "This approach ...", "These results
  // ...", "It ...", "Using this benchmark, ...", "We address this gap ...".
  static constexpr std::string_view kSelf[] = {
      "paper", "work", "study", "article", "thesis", "report", "manuscript", "letter", "survey",
      "review", "position", "tutorial", "chapter", "technical", "short", "dissertation"};
  std::vector<std::string> words;
  for (size_t b = 0; b < lower.size() && words.size() < 8;) {
    size_t e = lower.find_first_of(" ,;:", b);
    if (e == std::string::npos) e = lower.size();
    if (e > b) words.push_back(lower.substr(b, e - b));
    b = e + 1;
  }
  for (size_t k = 0; k < words.size(); ++k) {
    const std::string& w = words[k];
    const bool subject = k == 0 && OneOf(w, {"it", "they", "its", "their", "both", "that"});
    const bool demonstrative = OneOf(w, {"this", "these", "those", "such"});
    if (!subject && !demonstrative) continue;
    const std::string next = k + 1 < words.size() ? words[k + 1] : "";
    const bool self = (w == "this" || w == "these") &&
                      std::find(std::begin(kSelf), std::end(kSelf), next) != std::end(kSelf);
    if (!self) {
      r.leans = true;
      break;
    }
  }
  return r;
}

int BackgroundCueScore(std::string_view sentence) {
  std::string lower = Lower(sentence);
  int n = 0;
  for (std::string_view c : kBackground)
    if (lower.find(c) != std::string::npos) ++n;
  return n;
}

bool HasContributionCue(std::string_view sentence) {
  std::string lower = Lower(sentence);
  for (std::string_view c : kContribution)
    if (lower.find(c) != std::string::npos) return true;
  return false;
}

namespace {

// A long sentence cut at a clause boundary ("..., demonstrating that ..."),
// outside parentheses and math, to at most `max` bytes; whole when it has no
// such boundary but fits `hard_max`; else cut at a word, with "…".
std::string CutAtClause(std::string_view s, size_t max, size_t hard_max) {
  if (s.size() <= max) return std::string(s);
  static constexpr std::string_view kClauses[] = {
      "; ",           ", demonstrating", ", showing",      ", indicating",
      ", suggesting", ", highlighting",  ", enabling",     ", offering",
      ", providing",  ", paving",        ", while",        ", which",
      ", whereas",    ", thereby",       ", establishing", ", validating",
      ", confirming", ", yielding",      ", making",       ", with "};
  // Depth of parentheses and math before each byte up to max.
  std::vector<bool> nested(max + 1, false);
  int paren = 0;
  bool math = false;
  for (size_t k = 0; k <= max && k < s.size(); ++k) {
    nested[k] = paren > 0 || math;
    if (s[k] == '$' && !Escaped(s, k)) math = !math;
    if (!math && s[k] == '(') ++paren;
    if (!math && s[k] == ')' && paren > 0) --paren;
  }
  size_t best = 0;
  for (std::string_view clause : kClauses) {
    for (size_t at = s.rfind(clause, max - 1); at != npos && at >= max * 2 / 5;
         at = at == 0 ? npos : s.rfind(clause, at - 1)) {
      if (!nested[at]) {
        best = std::max(best, at);
        break;
      }
    }
  }
  if (best > 0) {
    std::string out(text::Trim(s.substr(0, best)));
    while (!out.empty() && (out.back() == ',' || out.back() == ';')) out.pop_back();
    return out + ".";
  }
  if (s.size() <= hard_max) return std::string(s);
  return TruncateToTokens(s, static_cast<int64_t>(max / 4));
}

// The name a title gives its method before a colon ("CPS4: Class Prompt ...",
// "MOCHI: Motion ..."), or "".
std::string TitleName(std::string_view title) {
  size_t colon = title.find(':');
  if (colon == npos || colon == 0 || colon > 40) return "";
  std::string_view name = text::Trim(title.substr(0, colon));
  if (std::count(name.begin(), name.end(), ' ') > 2) return "";
  return std::string(name);
}

}  // namespace

std::string ResultSentence(std::string_view title, std::string_view abstract, size_t max_bytes) {
  // A TL;DR's limit (ValidTldr): a sentence without a clause to cut at may be this long.
  constexpr size_t kMaxTldrBytes = 400;
  std::vector<ProseSentence> sentences = ReadableSentences(abstract);
  if (sentences.empty()) return text::CollapseWhitespace(ReadableText(title));
  radar::TokenizerOptions topts;
  topts.keep_latex_commands = false;
  radar::TermMapper mapper(topts);
  auto terms_of = [&](std::string_view s) {
    std::string scratch;
    std::vector<std::string_view> words;
    radar::ExtractWords(s, topts, &scratch, &words);
    std::set<std::string> terms;
    for (auto w : words) {
      std::string t = mapper.Map(w);
      if (!t.empty()) terms.insert(std::move(t));
    }
    return terms;
  };
  const std::string readable_title = ReadableText(title);
  const std::set<std::string> title_terms = terms_of(readable_title);
  const std::string name = TitleName(readable_title);
  std::string best;
  double best_score = -1e9;
  for (size_t k = 0; k < sentences.size(); ++k) {
    std::string s = sentences[k].text;
    double score = 0;
    Leaning lean = LeansOnPrevious(s);
    if (lean.leans) {
      if (lean.standalone.empty()) {
        score -= 3;  // needs the sentence before it
      } else {
        s = lean.standalone;
        score -= 0.25;
      }
    }
    const std::set<std::string> terms = terms_of(s);
    int overlap = 0;
    for (const auto& t : terms) overlap += title_terms.count(t) ? 1 : 0;
    const double cue = std::min(ResultCueScore(s), 3);
    const bool contribution = HasContributionCue(s);
    const int background = BackgroundCueScore(s);
    // Title words say what the paper is about; contribution and result cues
    // that it says what the paper did or found; background cues that it does not.
    score += std::min(overlap, 3) + 0.75 * cue + (contribution ? 1.5 : 0) +
             0.3 * std::sqrt(static_cast<double>(terms.size()));
    // The sentence names what the paper made ("we propose CPS4", "MOCHI achieves").
    if (!name.empty() && s.find(name) != std::string::npos) score += 1;
    if (!contribution && cue == 0) score -= 1.5 + 0.5 * std::min(background, 3);
    if (k == 0 && !contribution && cue == 0) score -= 1;
    switch (sentences[k].section) {
      // The authors' own conclusion is the result a reader wants first.
      case Section::kConclusions:
        score += 3;
        break;
      case Section::kResults:
        score += 1.5;
        break;
      case Section::kBackground:
      case Section::kMethods:
      case Section::kOther:
        score -= 2;
        break;
      default:
        break;
    }
    if (s.size() < 40) score -= 2;
    if (s.size() > max_bytes) score -= 0.5 + 0.5 * double(s.size() - max_bytes) / double(max_bytes);
    if (s.find("http") != std::string::npos || s.find("github") != std::string::npos) score -= 2;
    if (score > best_score) {  // ties keep the earlier sentence
      best_score = score;
      best = std::move(s);
    }
  }
  if (best.empty()) return text::CollapseWhitespace(ReadableText(title));
  return CutAtClause(best, max_bytes, kMaxTldrBytes);
}

}  // namespace ah::brief
