#include "brief/prose.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "brief/extractive.h"
#include "brief/prompts.h"
#include "brief/render.h"
#include "core/text.h"
#include "radar/tokenizer.h"

namespace ah::brief {
namespace {

constexpr size_t npos = std::string_view::npos;

bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }
bool IsUpper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool OneOf(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// ---- Markup ----

// Environments whose body is display math.
bool DisplayMathEnv(std::string_view env) {
  if (!env.empty() && env.back() == '*') env.remove_suffix(1);
  return OneOf(env, {"equation", "align", "gather", "multline", "eqnarray", "displaymath",
                     "flalign", "alignat"});
}

// The braced group opening at s[i] == '{': one past its closing brace, or npos
// when it does not close. Counts braces (escaped ones excepted) without recursion.
size_t GroupEnd(std::string_view s, size_t i) {
  constexpr size_t kMaxGroup = 2048;  // longer arguments are left to the brace stack
  int depth = 0;
  for (size_t j = i; j < s.size() && j - i < kMaxGroup; ++j) {
    if ((s[j] == '{' || s[j] == '}') && Escaped(s, j)) continue;
    if (s[j] == '{') ++depth;
    if (s[j] == '}' && --depth == 0) return j + 1;
  }
  return std::string_view::npos;
}

// \(...\), \[...\] and math environments become $...$ / $$...$$; other
// environments' \begin{...} / \end{...} disappear.
std::string NormalizeMath(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  // Math longer than this is not looked for. The next occurrence of each
  // closing delimiter is remembered, so that many unclosed openers cost one
  // scan of the text, not one each.
  constexpr size_t kMaxMath = 4096;
  std::map<std::string, size_t, std::less<>> next;  // delimiter -> its next position, or npos
  auto find_near = [&](std::string_view what, size_t from) {
    auto it = next.find(what);
    if (it == next.end() || (it->second != npos && it->second < from))
      it = next.insert_or_assign(std::string(what), s.find(what, from)).first;
    const size_t at = it->second;
    return at != npos && at - from <= kMaxMath ? at : npos;
  };
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '$' && !Escaped(s, i)) {
      size_t end = MathEnd(s, i);
      if (end == std::string_view::npos) {
        out += c;
        ++i;
      } else {
        out.append(s.substr(i, end - i));
        i = end;
      }
      continue;
    }
    if (c != '\\' || i + 1 >= s.size()) {
      out += c;
      ++i;
      continue;
    }
    const char d = s[i + 1];
    if (d == '(' || d == '[') {
      const std::string_view close = d == '(' ? "\\)" : "\\]";
      size_t end = find_near(close, i + 2);
      if (end != std::string_view::npos && s.substr(i + 2, end - i - 2).find('$') == npos) {
        const char* delim = d == '(' ? "$" : "$$";
        out += delim;
        out.append(s.substr(i + 2, end - i - 2));
        out += delim;
        i = end + 2;
        continue;
      }
    }
    bool handled = false;
    for (std::string_view cmd : {"\\begin{", "\\end{"}) {
      if (s.substr(i, cmd.size()) != cmd) continue;
      size_t close = s.find('}', i + cmd.size());
      if (close == npos || close - i > 64) break;
      std::string_view env = s.substr(i + cmd.size(), close - i - cmd.size());
      handled = true;
      if (cmd == "\\begin{" && DisplayMathEnv(env)) {
        const std::string end_tag = "\\end{" + std::string(env) + "}";
        size_t end = find_near(end_tag, close + 1);
        if (end != npos) {
          std::string_view body = s.substr(close + 1, end - close - 1);
          if (body.find('$') == npos) {
            out += " $$";
            out.append(text::Trim(body));
            out += "$$ ";
            i = end + end_tag.size();
            break;
          }
        }
      }
      out += ' ';
      i = close + 1;
      break;
    }
    if (handled) continue;
    out += c;
    out += d;
    i += 2;
  }
  return out;
}

// What an unknown macro without an argument stands for.
std::string MacroName(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kPlaceholders = {{
      {"ours", "our method"},
      {"method", "our method"},
      {"methodname", "our method"},
      {"ourmethod", "our method"},
      {"fullmethod", "our method"},
      {"methodfull", "our method"},
      {"approach", "our approach"},
      {"ourapproach", "our approach"},
      {"model", "our model"},
      {"modelname", "our model"},
      {"ourmodel", "our model"},
      {"system", "our system"},
      {"framework", "our framework"},
      {"dataset", "our dataset"},
      {"datasetname", "our dataset"},
      {"ourdata", "our dataset"},
      {"benchmark", "our benchmark"},
      {"bench", "our benchmark"},
      {"benchmarkname", "our benchmark"},
      {"tool", "our tool"},
      {"algo", "our algorithm"},
      {"algorithm", "our algorithm"},
  }};
  for (const auto& [k, v] : kPlaceholders)
    if (name == k) return std::string(v);
  bool lower = std::all_of(name.begin(), name.end(),
                           [](char c) { return std::islower(static_cast<unsigned char>(c)); });
  if (lower && name.size() <= 5) {
    std::string up(name);
    for (auto& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return up;
  }
  return std::string(name);
}

// Commands that stand for a character or a word outside math.
std::string_view Symbol(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 31> kSymbols = {{
      {"eg", "e.g."},
      {"ie", "i.e."},
      {"etal", "et al."},
      {"etc", "etc."},
      {"vs", "vs."},
      {"wrt", "w.r.t."},
      {"cf", "cf."},
      {"degree", "°"},
      {"textdegree", "°"},
      {"times", "×"},
      {"pm", "±"},
      {"approx", "≈"},
      {"sim", "~"},
      {"le", "≤"},
      {"leq", "≤"},
      {"ge", "≥"},
      {"geq", "≥"},
      {"ldots", "…"},
      {"dots", "…"},
      {"cdots", "…"},
      {"textendash", "–"},
      {"textemdash", "—"},
      {"LaTeX", "LaTeX"},
      {"TeX", "TeX"},
      {"textasciitilde", "~"},
      {"rightarrow", "→"},
      {"to", "→"},
      {"S", "§"},
      {"checkmark", "✓"},
      {"textbullet", "•"},
      {"copyright", "©"},
  }};
  for (const auto& [k, v] : kSymbols)
    if (name == k) return v;
  return {};
}

// Commands whose (first) argument is dropped with them.
bool DropsArgument(std::string_view name) {
  return OneOf(name, {"cite",      "citep",           "citet",        "citealp",
                      "citealt",   "citeauthor",      "citeyear",     "nocite",
                      "ref",       "eqref",           "autoref",      "cref",
                      "Cref",      "label",           "footnote",     "footnotetext",
                      "thanks",    "vspace",          "hspace",       "color",
                      "pagecolor", "includegraphics", "bibliography", "bibliographystyle",
                      "input",     "newcommand",      "renewcommand", "def",
                      "setlength", "addtolength"});
}

// Commands that are dropped, their argument (if any) kept as text.
bool Dropped(std::string_view name) {
  return OneOf(
      name,
      {"em",       "bf",        "it",       "sc",           "tt",         "sf",       "rm",
       "sl",       "up",        "small",    "footnotesize", "scriptsize", "tiny",     "large",
       "Large",    "LARGE",     "huge",     "Huge",         "normalsize", "bfseries", "itshape",
       "scshape",  "ttfamily",  "sffamily", "rmfamily",     "mdseries",   "upshape",  "normalfont",
       "noindent", "par",       "newline",  "linebreak",    "xspace",     "quad",     "qquad",
       "hfill",    "centering", "item",     "maketitle",    "smallskip",  "medskip",  "bigskip",
       "indent",   "relax",     "protect",  "leavevmode",   "null",       "break",    "allowbreak",
       "nobreak"});
}

// Combining marks of the text accents \' \` \^ \" \~ \= \. \c \v \u \H \k.
uint32_t AccentMark(char a) {
  switch (a) {
    case '\'':
      return 0x301;
    case '`':
      return 0x300;
    case '^':
      return 0x302;
    case '"':
      return 0x308;
    case '~':
      return 0x303;
    case '=':
      return 0x304;
    case '.':
      return 0x307;
    case 'c':
      return 0x327;
    case 'v':
      return 0x30C;
    case 'u':
      return 0x306;
    case 'H':
      return 0x30B;
    case 'k':
      return 0x328;
    default:
      return 0;
  }
}

bool InUrl(const std::string& out) {
  size_t start = out.size();
  const size_t limit = out.size() > 256 ? out.size() - 256 : 0;
  while (start > limit && !IsSpace(out[start - 1]) && out[start - 1] != '(') --start;
  std::string_view token(out.data() + start, out.size() - start);
  return token.starts_with("http") || token.starts_with("www.") || token.find("://") != npos;
}

constexpr size_t kMaxBraceDepth = 64;

// Text markup and macros outside math (after NormalizeMath).
std::string StripTextMarkup(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  // What each open brace outside math emits when it closes.
  std::vector<std::string> closers;
  size_t overflow = 0;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '$' && !Escaped(s, i)) {
      size_t end = MathEnd(s, i);
      if (end != std::string_view::npos) {
        out.append(s.substr(i, end - i));
        i = end;
        continue;
      }
      out += "\xEF\xBC\x84";  // an unclosed '$' would open math for what follows: U+FF04
      ++i;
      continue;
    }
    if (c == '{') {
      if (closers.size() < kMaxBraceDepth) {
        closers.emplace_back();
      } else {
        ++overflow;
      }
      ++i;
      continue;
    }
    if (c == '}') {
      if (overflow > 0) {
        --overflow;
      } else if (!closers.empty()) {
        out += closers.back();
        closers.pop_back();
      }
      ++i;
      continue;
    }
    if (c == '~') {
      out += InUrl(out) ? "~" : " ";
      ++i;
      continue;
    }
    if (c == '%' && (i == 0 || IsSpace(s[i - 1])) && (i + 1 >= s.size() || IsSpace(s[i + 1]))) {
      // A stray LaTeX comment sign before text meant to be read ("unavailable. % We
      // propose"), not a spaced percent sign ("10 % of").
      size_t k = i;
      while (k > 0 && IsSpace(s[k - 1])) --k;
      if (k == 0 || !(IsDigit(s[k - 1]) || s[k - 1] == '$' || s[k - 1] == ')')) {
        ++i;
        continue;
      }
    }
    if (c == '-' && s.substr(i, 2) == "--" && !InUrl(out)) {
      bool em = s.substr(i, 3) == "---";
      out += em ? "—" : "–";
      i += em ? 3 : 2;
      continue;
    }
    if (c == '`' && s.substr(i, 2) == "``") {
      out += "“";
      i += 2;
      continue;
    }
    if (c == '\'' && s.substr(i, 2) == "''") {
      out += "”";
      i += 2;
      continue;
    }
    if (c != '\\' || i + 1 >= s.size()) {
      out += c;
      ++i;
      continue;
    }
    const char d = s[i + 1];
    if (!IsAlpha(d)) {
      // Control symbols.
      if (d == '%' || d == '&' || d == '_' || d == '#' || d == '{' || d == '}') {
        out += d;
        i += 2;
      } else if (d == '$') {
        out += "\\$";  // a literal dollar stays escaped (the renderers' rule)
        i += 2;
      } else if (d == ',' || d == ';' || d == ' ' || d == '\\' || d == '!' || d == '/' ||
                 d == '@' || d == '-') {
        if (d != '!' && d != '/' && d != '@' && d != '-') out += ' ';
        i += 2;
      } else if (uint32_t mark = AccentMark(d); mark != 0) {
        size_t j = i + 2;
        bool braced = j < s.size() && s[j] == '{';
        if (braced) ++j;
        if (j < s.size() && IsAlpha(s[j])) {
          out += s[j];
          text::AppendUtf8(out, mark);
          j += 1;
          if (braced && j < s.size() && s[j] == '}') ++j;
          i = j;
        } else {
          i += 2;
        }
      } else {
        out += d;
        i += 2;
      }
      continue;
    }
    // A control word.
    size_t j = i + 1;
    while (j < s.size() && IsAlpha(s[j]) && j - i < 40) ++j;
    std::string_view name = s.substr(i + 1, j - i - 1);
    if (j < s.size() && s[j] == '*') ++j;
    const bool arg = j < s.size() && s[j] == '{';
    const bool empty_arg = arg && j + 1 < s.size() && s[j + 1] == '}';
    if (name.size() == 1 && AccentMark(name[0]) != 0 && arg && j + 2 < s.size() &&
        IsAlpha(s[j + 1]) && s[j + 2] == '}') {  // \c{c}, \v{s}
      out += s[j + 1];
      text::AppendUtf8(out, AccentMark(name[0]));
      i = j + 3;
      continue;
    }
    if (DropsArgument(name)) {
      const size_t end = arg ? GroupEnd(s, j) : npos;
      // The space before a citation or footnote goes too: "models \cite{x}." -> "models."
      if (name != "color" && name != "vspace" && name != "hspace")
        while (!out.empty() && out.back() == ' ') out.pop_back();
      i = end != npos ? end : j;
      continue;
    }
    if (name == "href" && arg) {
      const size_t url_end = GroupEnd(s, j);
      const size_t text_end =
          url_end != npos && url_end < s.size() && s[url_end] == '{' ? GroupEnd(s, url_end) : npos;
      if (text_end != npos) {
        std::string url(s.substr(j + 1, url_end - j - 2));
        std::string_view shown = s.substr(url_end + 1, text_end - url_end - 2);
        // The link text follows as text; the address after it unless it shows it.
        out.append(shown.find(url) == npos && url.find(' ') == std::string::npos && !url.empty()
                       ? std::string(shown) + " (" + url + ")"
                       : std::string(shown));
        i = text_end;
        continue;
      }
    }
    if ((name == "textcolor" || name == "colorbox") && arg) {
      const size_t end = GroupEnd(s, j);
      i = end != npos ? end : j;  // the colour goes, the coloured text (next group) stays
      continue;
    }
    if (name == "url" && arg) {
      const size_t end = GroupEnd(s, j);
      if (end != npos) {
        out.append(s.substr(j + 1, end - j - 2));
        i = end;
        continue;
      }
    }
    if (std::string_view sym = Symbol(name); !sym.empty()) {
      out += sym;
      i = empty_arg ? j + 2 : j;  // "\eg{}"
      continue;
    }
    if (Dropped(name)) {
      if (name == "item") out += ' ';
      i = empty_arg ? j + 2 : j;
      continue;
    }
    if (arg && !empty_arg) {
      i = j;  // a wrapper (\textbf{...}, \emph{...}, \role{user}): its group is the text
      continue;
    }
    // A macro without an argument (or with an empty one): what it stands for.
    std::string word = MacroName(name);
    const size_t after = empty_arg ? j + 2 : j;
    // "\fullmethod (\method)" -> "our method", not "our method (our method)".
    if (word.starts_with("our ") && text::EndsWith(out, word + " (") && after < s.size() &&
        s[after] == ')') {
      out.resize(out.size() - 2);
      i = after + 1;
      continue;
    }
    // At the start of a sentence: "Our method uses ...".
    size_t k = out.size();
    while (k > 0 && out[k - 1] == ' ') --k;
    if (word.starts_with("our ") && (k == 0 || out[k - 1] == '.' || out[k - 1] == '\n'))
      word[0] = 'O';
    out += word;
    i = after;
  }
  return out;
}

// Brackets of numbers outside math that are reference markers (see the header).
std::string DropReferenceMarkers(std::string_view s) {
  std::string out;
  size_t at = 0;
  for (const auto& c : FindCitations(s)) {
    bool interval = std::find(c.numbers.begin(), c.numbers.end(), 0) != c.numbers.end();
    size_t w = c.begin;
    while (w > 0 && s[w - 1] == ' ') --w;
    size_t ws = w;
    while (ws > 0 && IsAlpha(s[ws - 1])) --ws;
    std::string before = Lower(s.substr(ws, w - ws));
    interval = interval ||
               (OneOf(before, {"range", "ranges", "interval", "intervals", "between", "within"}) &&
                c.numbers.size() == 2);
    if (interval) continue;
    out.append(s.substr(at, w - at));
    at = c.end;
  }
  out.append(s.substr(at));
  return out;
}

// Collapses runs of spaces and tabs, keeps single newlines, trims; removes the
// space before , . ; : ) that dropped markup leaves behind.
std::string TidySpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r' || c == '\t') c = ' ';
    if (c == ' ' || c == '\n') {
      if (out.empty()) continue;
      if (out.back() == '\n') continue;
      if (out.back() == ' ') {
        if (c == '\n') out.back() = '\n';
        continue;
      }
      out += c;
      continue;
    }
    if ((c == ',' || c == '.' || c == ';' || c == ':' || c == ')') && !out.empty() &&
        out.back() == ' ' && !(c == '.' && i + 1 < s.size() && IsDigit(s[i + 1]))) {
      out.pop_back();
    }
    if (c == '(' && i + 1 < s.size() && s[i + 1] == ')') {  // "()" left by a dropped macro
      ++i;
      continue;
    }
    out += c;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  return out;
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
std::string Tidy(std::string_view text) {
  return TidySpaces(DropReferenceMarkers(StripTextMarkup(NormalizeMath(text))));
}

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
  // A subject that points back: "This approach ...", "These results ...", "It ...".
  auto first_word_end = lower.find_first_of(" ,");
  std::string first = lower.substr(0, first_word_end);
  if (OneOf(first, {"it", "they", "its", "their", "such", "both", "these", "those", "this", "that",
                    "the former", "the latter"})) {
    std::string second;
    if (first_word_end != std::string::npos) {
      size_t b = first_word_end + 1;
      size_t e = lower.find_first_of(" ,", b);
      second = lower.substr(b, e == std::string::npos ? std::string::npos : e - b);
    }
    bool self = (first == "this" || first == "these") &&
                OneOf(second, {"paper", "work", "study", "article", "thesis", "report",
                               "manuscript", "letter", "survey", "review", "position", "tutorial",
                               "chapter", "technical", "short", "dissertation"});
    r.leans = !self;
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
      case Section::kResults:
      case Section::kConclusions:
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
