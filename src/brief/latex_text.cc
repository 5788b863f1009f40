#include "brief/latex_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <vector>

#include "brief/render.h"
#include "core/text.h"

namespace ah::brief {
namespace {

constexpr size_t npos = std::string_view::npos;

bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

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
      // A tie between words ("series~(Qwen)") is a space; "~30B" after a space
      // means "about", as authors write it in abstracts.
      const bool about = (i == 0 || IsSpace(s[i - 1]) || s[i - 1] == '(') && i + 1 < s.size() &&
                         std::isdigit(static_cast<unsigned char>(s[i + 1]));
      out += InUrl(out) || about ? "~" : " ";
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
    // A sentence end without its space ("to identify and trace.To address this"),
    // as feeds join lines: the space back, so that sentences split there.
    auto lower = [](char x) { return x >= 'a' && x <= 'z'; };
    auto upper = [](char x) { return x >= 'A' && x <= 'Z'; };
    if (c == '.' && i >= 2 && lower(s[i - 1]) && lower(s[i - 2]) && i + 2 < s.size() &&
        upper(s[i + 1]) && lower(s[i + 2]))
      out += ' ';
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  return out;
}

}  // namespace

std::string PlainLatexText(std::string_view text) {
  return TidySpaces(DropReferenceMarkers(StripTextMarkup(NormalizeMath(text))));
}

}  // namespace ah::brief
