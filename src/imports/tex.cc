#include "imports/tex.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"

namespace ah::imports {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The accents TeX spells as a control symbol or a one-letter control word.
constexpr std::string_view kAccents = "'`^\"~=.uvHckrdbt";
// The combining mark of each accent, used when no precomposed letter exists.
constexpr uint32_t kCombining[] = {0x301, 0x300, 0x302, 0x308, 0x303, 0x304, 0x307, 0x306,
                                   0x30C, 0x30B, 0x327, 0x328, 0x30A, 0x323, 0x331, 0x361};

struct Composition {
  char accent;
  const char* bases;
  std::array<uint16_t, 26> cps;
};

// Precomposed Latin-1 / Latin Extended-A letters: for each accent, the base letters and
// their code points in the same order.
const Composition kCompositions[] = {
    {'\'',
     "AEIOUYaeiouyCcLlNnRrSsZzGg",
     {0xC1,  0xC9,  0xCD,  0xD3,  0xDA,  0xDD,  0xE1,  0xE9,  0xED,  0xF3,  0xFA,  0xFD,  0x106,
      0x107, 0x139, 0x13A, 0x143, 0x144, 0x154, 0x155, 0x15A, 0x15B, 0x179, 0x17A, 0x1F4, 0x1F5}},
    {'`',
     "AEIOUaeiouNn",
     {0xC0, 0xC8, 0xCC, 0xD2, 0xD9, 0xE0, 0xE8, 0xEC, 0xF2, 0xF9, 0x1F8, 0x1F9}},
    {'^', "AEIOUaeiouCcGgHhJjSsWwYy", {0xC2,  0xCA,  0xCE,  0xD4,  0xDB,  0xE2,  0xEA,  0xEE,
                                       0xF4,  0xFB,  0x108, 0x109, 0x11C, 0x11D, 0x124, 0x125,
                                       0x134, 0x135, 0x15C, 0x15D, 0x174, 0x175, 0x176, 0x177}},
    {'"',
     "AEIOUaeiouyY",
     {0xC4, 0xCB, 0xCF, 0xD6, 0xDC, 0xE4, 0xEB, 0xEF, 0xF6, 0xFC, 0xFF, 0x178}},
    {'~', "ANOanoIiUu", {0xC3, 0xD1, 0xD5, 0xE3, 0xF1, 0xF5, 0x128, 0x129, 0x168, 0x169}},
    {'=', "AaEeIiOoUu", {0x100, 0x101, 0x112, 0x113, 0x12A, 0x12B, 0x14C, 0x14D, 0x16A, 0x16B}},
    {'.', "CcEeGgIZz", {0x10A, 0x10B, 0x116, 0x117, 0x120, 0x121, 0x130, 0x17B, 0x17C}},
    {'u',
     "AaEeGgIiOoUu",
     {0x102, 0x103, 0x114, 0x115, 0x11E, 0x11F, 0x12C, 0x12D, 0x14E, 0x14F, 0x16C, 0x16D}},
    {'v',
     "CcDdEeNnRrSsTtZz",
     {0x10C, 0x10D, 0x10E, 0x10F, 0x11A, 0x11B, 0x147, 0x148, 0x158, 0x159, 0x160, 0x161, 0x164,
      0x165, 0x17D, 0x17E}},
    {'H', "OoUu", {0x150, 0x151, 0x170, 0x171}},
    {'c',
     "CcSsTtGgKkLlNnRr",
     {0xC7, 0xE7, 0x15E, 0x15F, 0x162, 0x163, 0x122, 0x123, 0x136, 0x137, 0x13B, 0x13C, 0x145,
      0x146, 0x156, 0x157}},
    {'k', "AaEeIiUu", {0x104, 0x105, 0x118, 0x119, 0x12E, 0x12F, 0x172, 0x173}},
    {'r', "AaUu", {0xC5, 0xE5, 0x16E, 0x16F}},
};

// Letters, symbols, Greek and the math symbols seen in titles, by command name.
const std::unordered_map<std::string_view, std::string_view>& NamedCommands() {
  static const auto* const kMap = new std::unordered_map<std::string_view, std::string_view>{
      {"ss", "ß"},
      {"SS", "SS"},
      {"o", "ø"},
      {"O", "Ø"},
      {"l", "ł"},
      {"L", "Ł"},
      {"ae", "æ"},
      {"AE", "Æ"},
      {"oe", "œ"},
      {"OE", "Œ"},
      {"aa", "å"},
      {"AA", "Å"},
      {"i", "ı"},
      {"j", "ȷ"},
      {"dh", "ð"},
      {"DH", "Ð"},
      {"th", "þ"},
      {"TH", "Þ"},
      {"dj", "đ"},
      {"DJ", "Đ"},
      {"ng", "ŋ"},
      {"NG", "Ŋ"},
      {"textendash", "–"},
      {"textemdash", "—"},
      {"textquoteright", "’"},
      {"textquoteleft", "‘"},
      {"textquotedblleft", "“"},
      {"textquotedblright", "”"},
      {"textquotesingle", "'"},
      {"textquotedbl", "\""},
      {"textless", "<"},
      {"textgreater", ">"},
      {"textbar", "|"},
      {"textasciitilde", "~"},
      {"textasciicircum", "^"},
      {"textbackslash", "\\"},
      {"textunderscore", "_"},
      {"textregistered", "®"},
      {"textcopyright", "©"},
      {"texttrademark", "™"},
      {"textdegree", "°"},
      {"textbullet", "•"},
      {"ldots", "…"},
      {"dots", "…"},
      {"textellipsis", "…"},
      {"S", "§"},
      {"P", "¶"},
      {"copyright", "©"},
      {"pounds", "£"},
      {"textsterling", "£"},
      {"euro", "€"},
      {"texteuro", "€"},
      {"textperiodcentered", "·"},
      {"guillemotleft", "«"},
      {"guillemotright", "»"},
      {"guillemetleft", "«"},
      {"guillemetright", "»"},
      {"textexclamdown", "¡"},
      {"textquestiondown", "¿"},
      {"textmu", "µ"},
      {"textpm", "±"},
      {"texttimes", "×"},
      {"textdiv", "÷"},
      {"textsection", "§"},
      {"textparagraph", "¶"},
      {"textdagger", "†"},
      {"textdaggerdbl", "‡"},
      {"textasteriskcentered", "*"},
      {"textbraceleft", "{"},
      {"textbraceright", "}"},
      {"textdollar", "$"},
      {"textpercent", "%"},
      {"textampersand", "&"},
      {"textonehalf", "½"},
      {"textonequarter", "¼"},
      {"textthreequarters", "¾"},
      {"textminus", "−"},
      {"LaTeX", "LaTeX"},
      {"TeX", "TeX"},
      {"BibTeX", "BibTeX"},
      {"LaTeXe", "LaTeX2e"},
      {"slash", "/"},
      {"hyphen", "-"},
      {"sharp", "♯"},
      {"flat", "♭"},
      {"natural", "♮"},
      {"space", " "},
      {"quad", " "},
      {"qquad", " "},
      {"enspace", " "},
      {"thinspace", " "},
      {"nobreakspace", " "},
      {"textvisiblespace", " "},
      // Greek.
      {"alpha", "α"},
      {"beta", "β"},
      {"gamma", "γ"},
      {"delta", "δ"},
      {"epsilon", "ε"},
      {"varepsilon", "ε"},
      {"zeta", "ζ"},
      {"eta", "η"},
      {"theta", "θ"},
      {"vartheta", "ϑ"},
      {"iota", "ι"},
      {"kappa", "κ"},
      {"lambda", "λ"},
      {"mu", "μ"},
      {"nu", "ν"},
      {"xi", "ξ"},
      {"omicron", "ο"},
      {"pi", "π"},
      {"varpi", "ϖ"},
      {"rho", "ρ"},
      {"varrho", "ϱ"},
      {"sigma", "σ"},
      {"varsigma", "ς"},
      {"tau", "τ"},
      {"upsilon", "υ"},
      {"phi", "φ"},
      {"varphi", "φ"},
      {"chi", "χ"},
      {"psi", "ψ"},
      {"omega", "ω"},
      {"Gamma", "Γ"},
      {"Delta", "Δ"},
      {"Theta", "Θ"},
      {"Lambda", "Λ"},
      {"Xi", "Ξ"},
      {"Pi", "Π"},
      {"Sigma", "Σ"},
      {"Upsilon", "Υ"},
      {"Phi", "Φ"},
      {"Psi", "Ψ"},
      {"Omega", "Ω"},
      // Math symbols.
      {"pm", "±"},
      {"mp", "∓"},
      {"times", "×"},
      {"div", "÷"},
      {"cdot", "·"},
      {"sim", "∼"},
      {"approx", "≈"},
      {"simeq", "≃"},
      {"leq", "≤"},
      {"le", "≤"},
      {"geq", "≥"},
      {"ge", "≥"},
      {"neq", "≠"},
      {"ne", "≠"},
      {"ll", "≪"},
      {"gg", "≫"},
      {"infty", "∞"},
      {"partial", "∂"},
      {"nabla", "∇"},
      {"rightarrow", "→"},
      {"to", "→"},
      {"leftarrow", "←"},
      {"Rightarrow", "⇒"},
      {"leftrightarrow", "↔"},
      {"uparrow", "↑"},
      {"downarrow", "↓"},
      {"ell", "ℓ"},
      {"hbar", "ℏ"},
      {"circ", "∘"},
      {"bullet", "•"},
      {"star", "⋆"},
      {"ast", "∗"},
      {"prime", "′"},
      {"degree", "°"},
      {"propto", "∝"},
      {"in", "∈"},
      {"notin", "∉"},
      {"subset", "⊂"},
      {"cup", "∪"},
      {"cap", "∩"},
      {"sqrt", "√"},
      {"sum", "∑"},
      {"prod", "∏"},
      {"int", "∫"},
      {"emptyset", "∅"},
      {"forall", "∀"},
      {"exists", "∃"},
      {"neg", "¬"},
      {"wedge", "∧"},
      {"vee", "∨"},
      {"oplus", "⊕"},
      {"otimes", "⊗"},
      {"langle", "⟨"},
      {"rangle", "⟩"},
      {"dagger", "†"},
      {"ddagger", "‡"},
      {"dag", "†"},
      {"ddag", "‡"},
      {"backslash", "\\"},
  };
  return *kMap;
}

// Commands whose first braced argument is not text (it is dropped with them).
bool DropsArgument(std::string_view name) {
  static const auto* const kSet = new std::unordered_set<std::string_view>{
      "href",   "noopsort", "SortNoop", "sortnoop",    "cite",   "citep",
      "citet",  "label",    "ref",      "footnote",    "thanks", "hspace",
      "vspace", "kern",     "index",    "hyphenation", "bibitem"};
  return kSet->count(name) > 0;
}

uint32_t Compose(char accent, char base) {
  for (const Composition& c : kCompositions) {
    if (c.accent != accent) continue;
    std::string_view bases(c.bases);
    size_t k = bases.find(base);
    if (k != std::string_view::npos) return c.cps[k];
    return 0;
  }
  return 0;
}

size_t SkipSpaces(std::string_view s, size_t i) {
  while (i < s.size() && IsSpace(s[i])) ++i;
  return i;
}

// Skips one balanced {...} group starting at s[i] == '{' (or a single token otherwise);
// returns the position after it. Iterative: any depth.
size_t SkipGroup(std::string_view s, size_t i) {
  i = SkipSpaces(s, i);
  if (i < s.size() && s[i] == '[') {  // optional argument (searched briefly: stays linear)
    size_t close = s.substr(0, std::min(s.size(), i + 256)).find(']', i);
    if (close != std::string_view::npos) i = SkipSpaces(s, close + 1);
  }
  if (i >= s.size()) return i;
  if (s[i] != '{') return i + 1;
  size_t depth = 0;
  for (; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
      continue;
    }
    if (s[i] == '{') ++depth;
    if (s[i] == '}' && --depth == 0) return i + 1;
  }
  return s.size();
}

// Reads an accent's argument at s[p...] and appends the accented letter. Returns the new
// position. Braces around the argument are left for the main loop to drop.
size_t AppendAccent(std::string_view s, size_t p, char accent, std::string& out) {
  p = SkipSpaces(s, p);
  if (p < s.size() && s[p] == '{') p = SkipSpaces(s, p + 1);
  char base = 0;
  if (p + 1 < s.size() && s[p] == '\\' && (s[p + 1] == 'i' || s[p + 1] == 'j') &&
      (p + 2 >= s.size() || !IsAlpha(s[p + 2]))) {
    base = s[p + 1];  // \'{\i}: the dotless i carries the accent
    p += 2;
  } else if (p < s.size() && IsAlpha(s[p])) {
    base = s[p];
    ++p;
  }
  if (base == 0) return p;  // \'{} : nothing to accent
  uint32_t cp = Compose(accent, base);
  if (cp != 0) {
    text::AppendUtf8(out, cp);
  } else {
    out.push_back(base);
    text::AppendUtf8(out, kCombining[kAccents.find(accent)]);
  }
  return p;
}

// "$\alpha$" -> "α": a formula that is one known symbol (braces and spaces aside).
std::string_view SimpleMathSymbol(std::string_view inner) {
  std::string_view t = text::Trim(inner);
  while (t.size() >= 2 && t.front() == '{' && t.back() == '}')
    t = text::Trim(t.substr(1, t.size() - 2));
  if (t == "^\\circ" || t == "^{\\circ}") return "°";
  if (t.size() < 2 || t[0] != '\\') return {};
  std::string_view name = t.substr(1);
  for (char c : name)
    if (!IsAlpha(c)) return {};
  auto it = NamedCommands().find(name);
  return it == NamedCommands().end() ? std::string_view() : it->second;
}

// A formula that is only known symbols ("$\Pi\Sigma$", "$16\times 16$", "{C}$^\sharp$", "$<$")
// as text ("ΠΣ", "16×16", "♯", "<"); empty when it has any other structure (sub- and
// superscripts, unknown commands such as \log) or no symbol at all ("$n$"): such a formula is
// kept as typed. Math spacing is TeX's: spaces are dropped.
std::string MathAsText(std::string_view inner) {
  static constexpr std::string_view kPunct = "+-=<>:;,.()[]|/!?*'";
  std::string out;
  bool symbol = false;
  size_t i = 0;
  while (i < inner.size() && (IsSpace(inner[i]) || inner[i] == '{')) ++i;
  if (i < inner.size() && inner[i] == '^') ++i;  // "C$^\sharp$", "37$^\circ$"
  for (; i < inner.size(); ++i) {
    const char c = inner[i];
    if (IsSpace(c) || c == '{' || c == '}') continue;
    if (c == '\\') {
      size_t j = i + 1;
      while (j < inner.size() && IsAlpha(inner[j])) ++j;
      std::string_view name = inner.substr(i + 1, j - i - 1);
      auto it = NamedCommands().find(name);
      if (name.empty() || it == NamedCommands().end()) return "";
      out += it->second;
      symbol = true;
      i = j - 1;
    } else if (IsAlpha(c) || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else if (kPunct.find(c) != std::string_view::npos) {
      out.push_back(c);
      if (inner.size() == 1 || text::Trim(inner).size() == 1) symbol = true;  // "$<$"
    } else {
      return "";
    }
  }
  return symbol ? out : "";
}

}  // namespace

std::string DecodeTex(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    char c = s[i];
    switch (c) {
      case '{':
      case '}':
        ++i;
        break;
      case '~':
        out.push_back(' ');
        ++i;
        break;
      case '-':
        if (s.substr(i, 3) == "---") {
          out += "—";
          i += 3;
        } else if (s.substr(i, 2) == "--") {
          out += "–";
          i += 2;
        } else {
          out.push_back('-');
          ++i;
        }
        break;
      case '`':
        if (i + 1 < n && s[i + 1] == '`') {
          out += "“";
          i += 2;
        } else {
          out += "‘";
          ++i;
        }
        break;
      case '\'':
        if (i + 1 < n && s[i + 1] == '\'') {
          out += "”";
          i += 2;
        } else {
          out.push_back('\'');
          ++i;
        }
        break;
      case '$': {
        // "$$...$$" (display math) or "$...$".
        const size_t delim = (i + 1 < n && s[i + 1] == '$') ? 2 : 1;
        size_t j = i + delim;
        while (j < n && s[j] != '$') j += (s[j] == '\\') ? 2 : 1;
        if (j >= n || (delim == 2 && (j + 1 >= n || s[j + 1] != '$'))) {  // a lone dollar
          out.push_back('$');
          ++i;
          break;
        }
        std::string_view inner = s.substr(i + delim, j - i - delim);
        std::string_view sym = SimpleMathSymbol(inner);
        std::string as_text;
        if (!sym.empty()) {
          out += sym;
        } else if (!(as_text = MathAsText(inner)).empty()) {
          out += as_text;
        } else if (!text::Trim(inner).empty()) {
          out.append(delim, '$');
          out += inner;
          out.append(delim, '$');
        }
        i = j + delim;
        break;
      }
      case '\\': {
        if (i + 1 >= n) {
          ++i;
          break;
        }
        char d = s[i + 1];
        if (IsAlpha(d)) {
          size_t j = i + 1;
          while (j < n && IsAlpha(s[j])) ++j;
          std::string_view name = s.substr(i + 1, j - i - 1);
          if (name.size() == 1 && kAccents.find(name[0]) != std::string_view::npos &&
              kAccents.find(name[0]) >= 7) {
            i = AppendAccent(s, j, name[0], out);
            break;
          }
          i = SkipSpaces(s, j);  // TeX eats the spaces after a control word
          auto it = NamedCommands().find(name);
          if (it != NamedCommands().end()) {
            out += it->second;
          } else if (name.size() > 4 && name.substr(0, 4) == "text" &&
                     NamedCommands().count(name.substr(4))) {
            out += NamedCommands().at(name.substr(4));  // \textalpha
          } else if (DropsArgument(name)) {
            i = SkipGroup(s, i);
          }
          // Other commands (\emph, \textit, {\em ...}, unknown) vanish; their text stays.
          break;
        }
        size_t accent = kAccents.find(d);
        if (accent != std::string_view::npos && accent < 7) {
          i = AppendAccent(s, i + 2, d, out);
        } else if (d == '\\' || d == ' ' || d == ',' || d == ';' || d == ':') {
          out.push_back(' ');
          i += 2;
        } else if (d == '-' || d == '/' || d == '!' || d == '@') {
          i += 2;
        } else if (static_cast<unsigned char>(d) < 0x80) {
          out.push_back(d);  // \& \% \$ \# \_ \{ \}
          i += 2;
        } else {
          ++i;  // a backslash before a non-ASCII byte: drop the backslash
        }
        break;
      }
      default:
        out.push_back(c);
        ++i;
    }
  }
  return out;
}

std::string DecodeTexVerbatim(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    char c = s[i];
    if (c == '{' || c == '}') {
      ++i;
    } else if (c == '\\' && i + 1 < n) {
      char d = s[i + 1];
      if (IsAlpha(d)) {
        size_t j = i + 1;
        while (j < n && IsAlpha(s[j])) ++j;
        std::string_view name = s.substr(i + 1, j - i - 1);
        auto it = NamedCommands().find(name);
        if (it != NamedCommands().end() && name.size() > 2) out += it->second;
        i = j;
        if (i < n && s[i] == ' ') ++i;
      } else {
        out.push_back(d);  // \_ \% \& \# \$ \~ \{ \}
        i += 2;
      }
    } else if (c == '$') {
      size_t j = s.find('$', i + 1);
      if (j == std::string_view::npos) {
        out.push_back('$');
        ++i;
        continue;
      }
      std::string_view inner = text::Trim(s.substr(i + 1, j - i - 1));
      if (inner == "\\sim" || inner == "\\textasciitilde")
        out.push_back('~');
      else if (inner == "\\backslash")
        out.push_back('\\');
      else if (inner == "\\_" || inner == "_")
        out.push_back('_');
      else
        out += inner;
      i = j + 1;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

}  // namespace ah::imports
