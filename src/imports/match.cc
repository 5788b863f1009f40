#include "imports/match.h"

#include <algorithm>
#include <cstdint>
#include <unordered_set>

#include "core/text.h"
#include "imports/tex.h"
#include "imports/util.h"

namespace ah::imports {
namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Decodes one UTF-8 code point at s[i] (valid UTF-8: callers sanitise); sets `len`.
uint32_t CodePoint(std::string_view s, size_t i, size_t& len) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  if (i + len > s.size()) {
    len = 1;
    return c;
  }
  if (len == 1) return c;
  uint32_t cp = c & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

// Punctuation and symbols outside ASCII that separate words: Latin-1 punctuation (« » · ¿ ´),
// general punctuation (dashes, quotes, bullets, ellipsis), CJK and full-width punctuation.
bool IsBreak(uint32_t cp) {
  return (cp >= 0xA1 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA) || cp == 0xD7 ||
         cp == 0xF7 || (cp >= 0x2010 && cp <= 0x206F) || cp == 0x2212 ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F);
}

// "ae" "oe" "ue" -> "a" "o" "u": the German transliterations of ä ö ü, which fold to a o u.
std::string FoldTransliterations(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (size_t i = 0; i < word.size(); ++i) {
    out.push_back(word[i]);
    if (i + 1 < word.size() && word[i + 1] == 'e' &&
        (word[i] == 'a' || word[i] == 'o' || word[i] == 'u'))
      ++i;
  }
  return out;
}

}  // namespace

std::string_view WithoutVersionQualifier(std::string_view t) {
  static const auto* const kWords = new std::unordered_set<std::string_view>{
      "extended", "long",     "full",        "short",         "version",    "versions", "technical",
      "report",   "abstract", "preliminary", "revised",       "corrected",  "incl",     "including",
      "proofs",   "proof",    "with",        "appendix",      "appendices", "paper",    "draft",
      "detailed", "tr",       "and",         "supplementary", "material"};
  std::string_view s = text::Trim(t);
  if (s.empty() || (s.back() != ')' && s.back() != ']')) return t;
  const char open = s.back() == ')' ? '(' : '[';
  const size_t at = s.rfind(open);
  if (at == std::string_view::npos || at == 0) return t;
  std::string_view inner = s.substr(at + 1, s.size() - at - 2);
  size_t words = 0;
  for (size_t i = 0; i < inner.size();) {
    if (!IsAsciiAlnum(inner[i])) {
      if (static_cast<unsigned char>(inner[i]) >= 0x80) return t;
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < inner.size() && IsAsciiAlnum(inner[i])) ++i;
    if (kWords->count(text::FoldForSearch(inner.substr(start, i - start))) == 0) return t;
    ++words;
  }
  return words > 0 ? text::Trim(s.substr(0, at)) : t;
}

std::string TitleMatchKey(std::string_view title) {
  const std::string decoded = FoldTypography(text::SanitizeUtf8(DecodeTex(title)));
  // The core fold (text::FoldForSearch: case, width, accents, ß -> ss, æ -> ae, ø -> o...);
  // the German transliterations on top.
  const std::string t = text::FoldForSearch(WithoutVersionQualifier(decoded));
  std::string out, word;
  auto flush = [&]() {
    if (word.empty()) return;
    if (!out.empty()) out.push_back(' ');
    out += FoldTransliterations(word);
    word.clear();
  };
  for (size_t i = 0; i < t.size();) {
    size_t len = 1;
    const uint32_t cp = CodePoint(t, i, len);
    if (cp < 0x80) {
      if (IsAsciiAlnum(static_cast<char>(cp)))
        word.push_back(static_cast<char>(cp));
      else
        flush();
    } else if (IsBreak(cp)) {
      flush();
    } else {
      word.append(t, i, len);
    }
    i += len;
  }
  flush();
  return out;
}

std::string SurnameMatchKey(std::string_view name) {
  // SurnameKey finds the surname ("Last, First", "First Last", "Smith Jr.") and folds it.
  return TitleMatchKey(text::SurnameKey(FoldTypography(text::SanitizeUtf8(DecodeTex(name)))));
}

bool AuthorsOverlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return false;
  std::unordered_set<std::string> keys;
  for (const std::string& name : a)
    if (std::string k = SurnameMatchKey(name); !k.empty()) keys.insert(std::move(k));
  for (const std::string& name : b)
    if (keys.count(SurnameMatchKey(name)) > 0) return true;
  return false;
}

bool HasVariantSpelling(std::string_view title) {
  for (size_t i = 0; i < title.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(title[i]);
    if (c >= 0x80 || c == '\\' || c == '$') return true;
    if (i + 1 < title.size() && (title[i + 1] == 'e' || title[i + 1] == 'E') &&
        (c == 'a' || c == 'o' || c == 'u' || c == 'A' || c == 'O' || c == 'U'))
      return true;
  }
  return false;
}

std::vector<std::string> TitleSearchWords(std::string_view title, size_t max) {
  const std::string t = FoldTypography(title);
  struct Word {
    size_t pos;
    std::string text;
  };
  std::vector<Word> words;
  for (size_t i = 0; i < t.size();) {
    if (!IsAsciiAlnum(t[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < t.size() && IsAsciiAlnum(t[i])) ++i;
    const bool after_tex = start > 0 && t[start - 1] == '\\';
    const bool touches_other = (start > 0 && static_cast<unsigned char>(t[start - 1]) >= 0x80) ||
                               (i < t.size() && static_cast<unsigned char>(t[i]) >= 0x80);
    std::string w = text::FoldForSearch(t.substr(start, i - start));
    if (w.size() < 2 || after_tex || touches_other || FoldTransliterations(w) != w) continue;
    words.push_back({start, std::move(w)});
  }
  if (words.size() > max) {
    std::stable_sort(words.begin(), words.end(),
                     [](const Word& x, const Word& y) { return x.text.size() > y.text.size(); });
    words.resize(max);
    std::sort(words.begin(), words.end(),
              [](const Word& x, const Word& y) { return x.pos < y.pos; });
  }
  std::vector<std::string> out;
  for (Word& w : words) out.push_back(std::move(w.text));
  return out;
}

}  // namespace ah::imports
