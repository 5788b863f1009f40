#include "core/text.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

namespace ah::text {
namespace {

bool IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsAlpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

struct Entity {
  const char* name;
  uint32_t cp;
};

// Sorted by name for binary search. The entities seen in arXiv, Crossref, PubMed,
// bioRxiv and publisher feeds; the full HTML5 table is not needed.
constexpr Entity kEntities[] = {
    {"AElig", 0xC6},   {"Aacute", 0xC1}, {"Acirc", 0xC2},   {"Agrave", 0xC0},  {"Alpha", 0x391},
    {"Aring", 0xC5},   {"Atilde", 0xC3}, {"Auml", 0xC4},    {"Beta", 0x392},   {"Ccedil", 0xC7},
    {"Chi", 0x3A7},    {"Delta", 0x394}, {"Eacute", 0xC9},  {"Ecirc", 0xCA},   {"Egrave", 0xC8},
    {"Epsilon", 0x395}, {"Eta", 0x397},  {"Euml", 0xCB},    {"Gamma", 0x393},  {"Iacute", 0xCD},
    {"Icirc", 0xCE},   {"Igrave", 0xCC}, {"Iota", 0x399},   {"Iuml", 0xCF},    {"Kappa", 0x39A},
    {"Lambda", 0x39B}, {"Mu", 0x39C},    {"Ntilde", 0xD1},  {"Nu", 0x39D},     {"Oacute", 0xD3},
    {"Ocirc", 0xD4},   {"Ograve", 0xD2}, {"Omega", 0x3A9},  {"Omicron", 0x39F}, {"Oslash", 0xD8},
    {"Otilde", 0xD5},  {"Ouml", 0xD6},   {"Phi", 0x3A6},    {"Pi", 0x3A0},     {"Psi", 0x3A8},
    {"Rho", 0x3A1},    {"Sigma", 0x3A3}, {"Tau", 0x3A4},    {"Theta", 0x398},  {"Uacute", 0xDA},
    {"Ucirc", 0xDB},   {"Ugrave", 0xD9}, {"Upsilon", 0x3A5}, {"Uuml", 0xDC},   {"Xi", 0x39E},
    {"Yacute", 0xDD},  {"Zeta", 0x396},  {"aacute", 0xE1},  {"acirc", 0xE2},   {"aelig", 0xE6},
    {"agrave", 0xE0},  {"alpha", 0x3B1}, {"amp", '&'},      {"apos", '\''},    {"aring", 0xE5},
    {"asymp", 0x2248}, {"atilde", 0xE3}, {"auml", 0xE4},    {"beta", 0x3B2},   {"bull", 0x2022},
    {"ccedil", 0xE7},  {"cent", 0xA2},   {"chi", 0x3C7},    {"copy", 0xA9},    {"deg", 0xB0},
    {"delta", 0x3B4},  {"divide", 0xF7}, {"eacute", 0xE9},  {"ecirc", 0xEA},   {"egrave", 0xE8},
    {"epsilon", 0x3B5}, {"equiv", 0x2261}, {"eta", 0x3B7},  {"euml", 0xEB},    {"euro", 0x20AC},
    {"gamma", 0x3B3},  {"ge", 0x2265},   {"gt", '>'},       {"hellip", 0x2026}, {"iacute", 0xED},
    {"icirc", 0xEE},   {"iexcl", 0xA1},  {"igrave", 0xEC},  {"infin", 0x221E}, {"iota", 0x3B9},
    {"iquest", 0xBF},  {"iuml", 0xEF},   {"kappa", 0x3BA},  {"lambda", 0x3BB}, {"laquo", 0xAB},
    {"larr", 0x2190},  {"ldquo", 0x201C}, {"le", 0x2264},   {"lsquo", 0x2018}, {"lt", '<'},
    {"mdash", 0x2014}, {"micro", 0xB5},  {"middot", 0xB7},  {"minus", 0x2212}, {"mu", 0x3BC},
    {"nbsp", 0xA0},    {"ndash", 0x2013}, {"ne", 0x2260},   {"ntilde", 0xF1},  {"nu", 0x3BD},
    {"oacute", 0xF3},  {"ocirc", 0xF4},  {"ograve", 0xF2},  {"omega", 0x3C9},  {"omicron", 0x3BF},
    {"oslash", 0xF8},  {"otilde", 0xF5}, {"ouml", 0xF6},    {"para", 0xB6},    {"phi", 0x3C6},
    {"pi", 0x3C0},     {"plusmn", 0xB1}, {"pound", 0xA3},   {"prime", 0x2032}, {"psi", 0x3C8},
    {"quot", '"'},     {"raquo", 0xBB},  {"rarr", 0x2192},  {"rdquo", 0x201D}, {"reg", 0xAE},
    {"rho", 0x3C1},    {"rsquo", 0x2019}, {"sect", 0xA7},   {"shy", 0xAD},     {"sigma", 0x3C3},
    {"sim", 0x223C},   {"sup2", 0xB2},   {"sup3", 0xB3},    {"szlig", 0xDF},   {"tau", 0x3C4},
    {"theta", 0x3B8},  {"thinsp", 0x2009}, {"times", 0xD7}, {"trade", 0x2122}, {"uacute", 0xFA},
    {"ucirc", 0xFB},   {"ugrave", 0xF9}, {"uml", 0xA8},     {"upsilon", 0x3C5}, {"uuml", 0xFC},
    {"xi", 0x3BE},     {"yacute", 0xFD}, {"yen", 0xA5},     {"yuml", 0xFF},    {"zeta", 0x3B6},
};

const Entity* FindEntity(std::string_view name) {
  auto it = std::lower_bound(std::begin(kEntities), std::end(kEntities), name,
                             [](const Entity& e, std::string_view n) { return std::string_view(e.name) < n; });
  if (it != std::end(kEntities) && std::string_view(it->name) == name) return &*it;
  return nullptr;
}

// Decodes one reference starting at in[i] == '&'. On success appends the
// character and returns the number of bytes consumed, else 0.
size_t DecodeOne(std::string_view in, size_t i, std::string& out) {
  size_t semi = in.find(';', i + 1);
  if (semi == std::string_view::npos || semi - i > 12) return 0;
  std::string_view body = in.substr(i + 1, semi - i - 1);
  if (body.empty()) return 0;
  if (body[0] == '#') {
    uint32_t cp = 0;
    bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    for (char c : digits) {
      uint32_t v;
      if (IsDigit(c)) v = c - '0';
      else if (hex && c >= 'a' && c <= 'f') v = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F') v = c - 'A' + 10;
      else return 0;
      cp = cp * (hex ? 16 : 10) + v;
      if (cp > 0x10FFFF) return 0;
    }
    AppendUtf8(out, cp);
    return semi - i + 1;
  }
  const Entity* e = FindEntity(body);
  if (!e) return 0;
  AppendUtf8(out, e->cp);
  return semi - i + 1;
}

// Tag names whose boundaries separate paragraphs.
bool IsBlockTag(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {"p", "br", "div", "sec", "title", "li", "ul", "ol",
                                                 "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
                                                 "abstract", "list-item", "list", "blockquote"};
  // Strip a namespace prefix (jats:p).
  size_t colon = name.rfind(':');
  if (colon != std::string_view::npos) name = name.substr(colon + 1);
  std::string lower;
  lower.reserve(name.size());
  for (char c : name) lower.push_back(Lower(c));
  for (auto b : kBlocks)
    if (lower == b) return true;
  return false;
}

// If in[i] == '<' starts something that looks like a tag, returns its length
// and sets *name; else 0.
size_t TagLength(std::string_view in, size_t i, std::string_view* name) {
  size_t j = i + 1;
  if (j < in.size() && in[j] == '/') ++j;
  if (j < in.size() && in[j] == '!') {  // comment or CDATA
    if (in.substr(j, 3) == "!--") {
      size_t end = in.find("-->", j + 3);
      if (end == std::string_view::npos) return 0;
      *name = "";
      return end + 3 - i;
    }
    return 0;
  }
  size_t name_start = j;
  if (j >= in.size() || !IsAlpha(static_cast<unsigned char>(in[j]))) return 0;
  while (j < in.size() && (IsAlpha(static_cast<unsigned char>(in[j])) ||
                           IsDigit(static_cast<unsigned char>(in[j])) || in[j] == ':' ||
                           in[j] == '-' || in[j] == '_'))
    ++j;
  *name = in.substr(name_start, j - name_start);
  if (j >= in.size()) return 0;
  if (in[j] == '>') return j + 1 - i;
  if (in[j] == '/' && j + 1 < in.size() && in[j + 1] == '>') return j + 2 - i;
  if (!IsSpace(static_cast<unsigned char>(in[j]))) return 0;
  // Attributes: scan to '>' honouring quotes, bounded so "a < b" in prose is not eaten.
  char quote = 0;
  for (size_t k = j; k < in.size() && k - i < 2048; ++k) {
    char c = in[k];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return k + 1 - i;
    } else if (c == '<' || c == '\n') {
      return 0;
    }
  }
  return 0;
}

}  // namespace

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string DecodeEntities(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    size_t amp = in.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(in.substr(i));
      break;
    }
    out.append(in.substr(i, amp - i));
    size_t used = DecodeOne(in, amp, out);
    if (used == 0) {
      out.push_back('&');
      i = amp + 1;
    } else {
      i = amp + used;
    }
  }
  return out;
}

std::string_view Trim(std::string_view in) {
  size_t b = 0, e = in.size();
  while (b < e && IsSpace(static_cast<unsigned char>(in[b]))) ++b;
  while (e > b && IsSpace(static_cast<unsigned char>(in[e - 1]))) --e;
  return in.substr(b, e - b);
}

std::string CollapseWhitespace(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  bool pending = false;
  for (char c : in) {
    if (IsSpace(static_cast<unsigned char>(c))) {
      pending = !out.empty();
    } else {
      if (pending) out.push_back(' ');
      pending = false;
      out.push_back(c);
    }
  }
  return out;
}

std::string StripMarkup(std::string_view in) {
  // Fast path: no tags, entities or newlines to fold.
  if (in.find_first_of("<&\n\r\t") == std::string_view::npos) {
    std::string_view t = Trim(in);
    if (t.find("  ") == std::string_view::npos) return std::string(t);
  }
  // Pass 1: remove tags, marking block boundaries with '\n'.
  std::string no_tags;
  no_tags.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    char c = in[i];
    if (c == '<') {
      std::string_view name;
      size_t len = TagLength(in, i, &name);
      if (len > 0) {
        if (IsBlockTag(name)) no_tags.append("\n\n");
        else if (!no_tags.empty() && !IsSpace(static_cast<unsigned char>(no_tags.back())) && name.empty())
          no_tags.push_back(' ');
        i += len;
        continue;
      }
    }
    no_tags.push_back(c);
    ++i;
  }
  std::string decoded = DecodeEntities(no_tags);
  // Pass 2: collapse whitespace within paragraphs; paragraphs separated by one '\n'.
  std::string out;
  out.reserve(decoded.size());
  int newlines = 0;
  bool space = false;
  for (size_t k = 0; k < decoded.size(); ++k) {
    char ch = decoded[k];
    unsigned char u = static_cast<unsigned char>(ch);
    if (ch == '\n') {
      ++newlines;
      continue;
    }
    if (IsSpace(u)) {
      space = true;
      continue;
    }
    if (u == 0xC2 && k + 1 < decoded.size() && static_cast<unsigned char>(decoded[k + 1]) == 0xA0) {
      ++k;  // no-break space folds like a space
      space = true;
      continue;
    }
    if (!out.empty()) {
      if (newlines >= 2) out.push_back('\n');
      else if (newlines == 1 || space) out.push_back(' ');
    }
    newlines = 0;
    space = false;
    out.push_back(ch);
  }
  return out;
}

namespace {

// Accents: the combining marks of the diacritics blocks. Marks of other blocks
// (Devanagari vowel signs, Thai tone marks, Hebrew points...) belong to the
// letters of those scripts and are kept: कमाल "wonder" is not कमल "lotus".
bool IsAccent(int32_t cp) {
  return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
         (cp >= 0xFE20 && cp <= 0xFE2F);
}

// Latin letters that Unicode does not decompose (after case folding), as names
// with them are conventionally written in ASCII: "Łukasz" -> "lukasz",
// "Søren" -> "soren", "Đặng" -> "dang", "Æther" -> "aether", "Þórr" -> "thorr".
const char* Transliteration(int32_t cp) {
  switch (cp) {
    case 0xE6:
      return "ae";  // æ
    case 0x153:
      return "oe";  // œ
    case 0xFE:
      return "th";  // þ
    case 0xF0:
      return "d";  // ð
    case 0xF8:
      return "o";  // ø
    case 0x111:
      return "d";  // đ
    case 0x127:
      return "h";  // ħ
    case 0x131:
      return "i";  // ı
    case 0x142:
      return "l";  // ł
    case 0x167:
      return "t";  // ŧ
    default:
      return nullptr;
  }
}

bool IsAscii(std::string_view in) {
  size_t i = 0;
  for (; i + 8 <= in.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, in.data() + i, 8);
    if (w & 0x8080808080808080ULL) return false;
  }
  for (; i < in.size(); ++i)
    if (static_cast<unsigned char>(in[i]) >= 0x80) return false;
  return true;
}

std::string LowerAscii(std::string_view in) {
  std::string out(in);
  for (char& c : out) c = Lower(c);
  return out;
}

// Folds `in` with utf8proc (see FoldForSearch). Errors are values: a negative
// utf8proc code (UTF8PROC_ERROR_INVALIDUTF8 for invalid input, NOMEM, OVERFLOW).
utf8proc_ssize_t FoldUnicode(std::string_view in, std::string* out) {
  const auto* str = reinterpret_cast<const utf8proc_uint8_t*>(in.data());
  const auto len = static_cast<utf8proc_ssize_t>(in.size());
  constexpr auto kOptions = static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                                                           UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
  // NFKD of UTF-8 text has rarely more code points than the text has bytes.
  std::vector<utf8proc_int32_t> cps(in.size() + 8);
  utf8proc_ssize_t n =
      utf8proc_decompose(str, len, cps.data(), static_cast<utf8proc_ssize_t>(cps.size()), kOptions);
  if (n >= 0 && static_cast<size_t>(n) > cps.size()) {
    cps.resize(static_cast<size_t>(n));
    n = utf8proc_decompose(str, len, cps.data(), n, kOptions);
    if (n >= 0 && static_cast<size_t>(n) > cps.size()) return UTF8PROC_ERROR_OVERFLOW;
  }
  if (n < 0) return n;
  std::vector<utf8proc_int32_t> kept;
  kept.reserve(static_cast<size_t>(n) + 8);
  for (utf8proc_ssize_t i = 0; i < n; ++i) {
    const utf8proc_int32_t cp = cps[static_cast<size_t>(i)];
    if (IsAccent(cp)) continue;
    if (const char* t = cp >= 0xE6 ? Transliteration(cp) : nullptr) {
      for (; *t; ++t) kept.push_back(*t);
      continue;
    }
    kept.push_back(cp);
  }
  const size_t count = kept.size();
  kept.push_back(0);  // utf8proc_reencode writes a terminating NUL byte
  const utf8proc_ssize_t bytes =
      utf8proc_reencode(kept.data(), static_cast<utf8proc_ssize_t>(count), UTF8PROC_COMPOSE);
  if (bytes < 0) return bytes;
  out->assign(reinterpret_cast<const char*>(kept.data()), static_cast<size_t>(bytes));
  return bytes;
}

// Decodes the code point at in[i] of valid UTF-8 and advances i.
int32_t NextCodePoint(std::string_view in, size_t& i) {
  utf8proc_int32_t cp = 0;
  const utf8proc_ssize_t n =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(in.data()) + i,
                       static_cast<utf8proc_ssize_t>(in.size() - i), &cp);
  if (n <= 0) {
    ++i;
    return 0xFFFD;
  }
  i += static_cast<size_t>(n);
  return cp;
}

bool IsLetterOrMark(int32_t cp) {
  const utf8proc_category_t c = utf8proc_category(cp);
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME;
}
bool IsNumber(int32_t cp) {
  const utf8proc_category_t c = utf8proc_category(cp);
  return c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO;
}

// Runs of folded code points that `keep` accepts, each run followed by `sep`
// when `sep` is not 0 (the last one trimmed).
template <typename Keep>
std::string FoldedRuns(std::string_view in, Keep keep, char sep) {
  const std::string folded = FoldForSearch(in);
  std::string out;
  out.reserve(folded.size());
  bool gap = false;
  for (size_t i = 0; i < folded.size();) {
    const size_t at = i;
    const unsigned char c = static_cast<unsigned char>(folded[i]);
    const int32_t cp = c < 0x80 ? folded[i++] : NextCodePoint(folded, i);
    const bool ascii_word = c < 0x80 && (IsAlpha(c) || IsDigit(c));
    if (c < 0x80 ? ascii_word && keep(cp) : keep(cp)) {
      if (gap && sep != 0 && !out.empty()) out.push_back(sep);
      gap = false;
      out.append(folded, at, i - at);
    } else {
      gap = true;
    }
  }
  return out;
}

}  // namespace

std::string FoldForSearch(std::string_view in) {
  if (IsAscii(in)) return LowerAscii(in);
  std::string out;
  utf8proc_ssize_t st = FoldUnicode(in, &out);
  if (st == UTF8PROC_ERROR_INVALIDUTF8) {
    const std::string valid = SanitizeUtf8(in);
    st = FoldUnicode(valid, &out);
    if (st < 0) out = LowerAscii(valid);  // out of memory: still a usable key
  } else if (st < 0) {
    out = LowerAscii(SanitizeUtf8(in));
  }
  return out;
}

std::string TitleKey(std::string_view title) {
  return FoldedRuns(
      StripMarkup(title), [](int32_t cp) { return IsLetterOrMark(cp) || IsNumber(cp); }, ' ');
}

std::string FoldedLetters(std::string_view in) {
  return FoldedRuns(
      in, [](int32_t cp) { return !IsNumber(cp) && IsLetterOrMark(cp); }, 0);
}

std::string SurnameKey(std::string_view name) {
  std::string_view n = Trim(name);
  // Drop a parenthesised affiliation.
  size_t paren = n.find('(');
  if (paren != std::string_view::npos) n = Trim(n.substr(0, paren));
  std::string_view surname;
  size_t comma = n.find(',');
  if (comma != std::string_view::npos) {
    surname = Trim(n.substr(0, comma));
  } else {
    size_t sp = n.find_last_of(" \t");
    surname = sp == std::string_view::npos ? n : n.substr(sp + 1);
    // "Smith Jr." -> take the previous token.
    std::string f = FoldForSearch(surname);
    if ((f == "jr" || f == "jr." || f == "sr" || f == "sr." || f == "ii" || f == "iii") &&
        sp != std::string_view::npos) {
      std::string_view rest = Trim(n.substr(0, sp));
      size_t sp2 = rest.find_last_of(" \t");
      surname = sp2 == std::string_view::npos ? rest : rest.substr(sp2 + 1);
    }
  }
  return FoldedLetters(surname);
}

std::vector<std::string> SplitTrim(std::string_view in, char delim) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= in.size()) {
    size_t end = in.find(delim, start);
    if (end == std::string_view::npos) end = in.size();
    std::string_view p = Trim(in.substr(start, end - start));
    if (!p.empty()) parts.emplace_back(p);
    start = end + 1;
  }
  return parts;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (Lower(a[i]) != Lower(b[i])) return false;
  return true;
}

std::string SanitizeUtf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = len > 0 && i + len <= in.size();
    uint32_t cp = 0;
    if (ok) {
      cp = c & (0x7F >> len);
      for (int k = 1; k < len; ++k) {
        unsigned char cc = static_cast<unsigned char>(in[i + k]);
        if ((cc & 0xC0) != 0x80) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (cc & 0x3F);
      }
    }
    // Reject overlong forms and surrogates.
    if (ok && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
               (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF))
      ok = false;
    if (ok) {
      out.append(in.substr(i, len));
      i += len;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  return out;
}

namespace {

// Length (1 or 2) of the control character at in[i], or 0 when there is none.
size_t ControlAt(std::string_view in, size_t i) {
  const auto c = static_cast<unsigned char>(in[i]);
  if (c < 0x20 || c == 0x7F) return 1;
  if (c == 0xC2 && i + 1 < in.size()) {
    const auto d = static_cast<unsigned char>(in[i + 1]);
    if (d >= 0x80 && d <= 0x9F) return 2;
  }
  return 0;
}

bool Kept(char c, bool multiline) { return multiline && (c == '\n' || c == '\t'); }

}  // namespace

bool HasControls(std::string_view in, bool multiline) {
  // Every record of every ingest passes here: skip 8 bytes at a time while none
  // of them is below 0x20, DEL or 0xC2 (the lead byte of C1 controls).
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  const size_t n = in.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, in.data() + i, 8);
      const bool below_space = ((w - kOnes * 0x20) & ~w & kHigh) != 0;
      if (!below_space && !has_zero(w ^ (kOnes * 0x7F)) && !has_zero(w ^ (kOnes * 0xC2))) {
        i += 8;
        continue;
      }
    }
    if (ControlAt(in, i) != 0 && !Kept(in[i], multiline)) return true;
    ++i;
  }
  return false;
}

namespace {

std::string StripControlsOnce(std::string_view in, bool multiline) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size();) {
    const size_t n = ControlAt(in, i);
    if (n == 0 || Kept(in[i], multiline)) {
      out.push_back(in[i++]);
      continue;
    }
    const char c = in[i];
    if (c == '\r' || c == '\n' || c == '\t') {
      if (!multiline) {
        out.push_back(' ');
      } else if (c == '\r' && !(i + 1 < in.size() && in[i + 1] == '\n')) {
        out.push_back('\n');
      }
    }
    i += n;
  }
  return out;
}

}  // namespace

std::string StripControls(std::string_view in, bool multiline) {
  std::string out = StripControlsOnce(in, multiline);
  // In invalid UTF-8, removing a control can join a stray 0xC2 and a
  // continuation byte into a new C1 control: strip until none is left (each
  // pass is shorter).
  while (HasControls(out, multiline)) out = StripControlsOnce(out, multiline);
  return out;
}

std::string EscapeControls(std::string_view in) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size();) {
    const size_t n = ControlAt(in, i);
    if (n == 0 || in[i] == '\n' || in[i] == '\t') {
      out.push_back(in[i++]);
      continue;
    }
    const auto cp =
        n == 1 ? static_cast<unsigned char>(in[i]) : static_cast<unsigned char>(in[i + 1]);
    out += n == 1 ? "\\x" : "\\u00";
    out.push_back(kHex[cp >> 4]);
    out.push_back(kHex[cp & 15]);
    i += n;
  }
  return out;
}

std::string PercentEncode(std::string_view in, std::string_view keep) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(in.size());
  for (unsigned char c : in) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~' || keep.find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace ah::text
