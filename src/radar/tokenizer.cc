#include "radar/tokenizer.h"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include "core/text.h"

namespace ah::radar {
namespace {

// scikit-learn 1.2 sklearn/feature_extraction/_stop_words.py, sorted for binary search.
constexpr std::array<std::string_view, 318> kStopWords = {
    "a",          "about",      "above",      "across",       "after",      "afterwards",
    "again",      "against",    "all",        "almost",       "alone",      "along",
    "already",    "also",       "although",   "always",       "am",         "among",
    "amongst",    "amoungst",   "amount",     "an",           "and",        "another",
    "any",        "anyhow",     "anyone",     "anything",     "anyway",     "anywhere",
    "are",        "around",     "as",         "at",           "back",       "be",
    "became",     "because",    "become",     "becomes",      "becoming",   "been",
    "before",     "beforehand", "behind",     "being",        "below",      "beside",
    "besides",    "between",    "beyond",     "bill",         "both",       "bottom",
    "but",        "by",         "call",       "can",          "cannot",     "cant",
    "co",         "con",        "could",      "couldnt",      "cry",        "de",
    "describe",   "detail",     "do",         "done",         "down",       "due",
    "during",     "each",       "eg",         "eight",        "either",     "eleven",
    "else",       "elsewhere",  "empty",      "enough",       "etc",        "even",
    "ever",       "every",      "everyone",   "everything",   "everywhere", "except",
    "few",        "fifteen",    "fifty",      "fill",         "find",       "fire",
    "first",      "five",       "for",        "former",       "formerly",   "forty",
    "found",      "four",       "from",       "front",        "full",       "further",
    "get",        "give",       "go",         "had",          "has",        "hasnt",
    "have",       "he",         "hence",      "her",          "here",       "hereafter",
    "hereby",     "herein",     "hereupon",   "hers",         "herself",    "him",
    "himself",    "his",        "how",        "however",      "hundred",    "i",
    "ie",         "if",         "in",         "inc",          "indeed",     "interest",
    "into",       "is",         "it",         "its",          "itself",     "keep",
    "last",       "latter",     "latterly",   "least",        "less",       "ltd",
    "made",       "many",       "may",        "me",           "meanwhile",  "might",
    "mill",       "mine",       "more",       "moreover",     "most",       "mostly",
    "move",       "much",       "must",       "my",           "myself",     "name",
    "namely",     "neither",    "never",      "nevertheless", "next",       "nine",
    "no",         "nobody",     "none",       "noone",        "nor",        "not",
    "nothing",    "now",        "nowhere",    "of",           "off",        "often",
    "on",         "once",       "one",        "only",         "onto",       "or",
    "other",      "others",     "otherwise",  "our",          "ours",       "ourselves",
    "out",        "over",       "own",        "part",         "per",        "perhaps",
    "please",     "put",        "rather",     "re",           "same",       "see",
    "seem",       "seemed",     "seeming",    "seems",        "serious",    "several",
    "she",        "should",     "show",       "side",         "since",      "sincere",
    "six",        "sixty",      "so",         "some",         "somehow",    "someone",
    "something",  "sometime",   "sometimes",  "somewhere",    "still",      "such",
    "system",     "take",       "ten",        "than",         "that",       "the",
    "their",      "them",       "themselves", "then",         "thence",     "there",
    "thereafter", "thereby",    "therefore",  "therein",      "thereupon",  "these",
    "they",       "thick",      "thin",       "third",        "this",       "those",
    "though",     "three",      "through",    "throughout",   "thru",       "thus",
    "to",         "together",   "too",        "top",          "toward",     "towards",
    "twelve",     "twenty",     "two",        "un",           "under",      "until",
    "up",         "upon",       "us",         "very",         "via",        "was",
    "we",         "well",       "were",       "what",         "whatever",   "when",
    "whence",     "whenever",   "where",      "whereafter",   "whereas",    "whereby",
    "wherein",    "whereupon",  "wherever",   "whether",      "which",      "while",
    "whither",    "who",        "whoever",    "whole",        "whom",       "whose",
    "why",        "will",       "with",       "within",       "without",    "would",
    "yet",        "you",        "your",       "yours",        "yourself",   "yourselves"};

static_assert(std::is_sorted(kStopWords.begin(), kStopWords.end()));

// Decodes one UTF-8 code point at s[i]; advances i. Invalid bytes decode to
// U+FFFD consuming one byte.
uint32_t DecodeAt(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || i + static_cast<size_t>(len) > s.size()) {
    ++i;
    return 0xFFFD;
  }
  uint32_t cp = c & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    unsigned char d = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
    if ((d & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (d & 0x3F);
  }
  i += static_cast<size_t>(len);
  return cp;
}

bool IsAsciiAlnum(uint32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Python's str.isalnum() approximated without Unicode tables: the symbol and
// punctuation blocks are not word characters, letters of other scripts are.
bool IsUnicodeWordChar(uint32_t cp) {
  if (cp < 0x80) return IsAsciiAlnum(cp) || cp == '_';
  if (cp < 0xC0)
    return cp == 0xAA || cp == 0xB2 || cp == 0xB3 || cp == 0xB5 || cp == 0xB9 || cp == 0xBA ||
           (cp >= 0xBC && cp <= 0xBE);
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, arrows, math operators
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  if (cp >= 0xFE30 && cp <= 0xFE4F) return false;
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false;
  if (cp == 0xFFFD || cp >= 0x1F000) return false;  // replacement char, emoji
  if (cp >= 0x0300 && cp <= 0x036F) return true;    // combining marks join words (\w does too)
  return true;
}

// Lower-cases the scripts that matter here (Latin-1, Latin Extended-A, Greek,
// Cyrillic) like str.lower(); other code points unchanged.
uint32_t LowerCp(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp < 0xC0) return cp;
  if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)) return cp + 32;
  if (cp >= 0x100 && cp <= 0x17F) {
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return (cp & 1) ? cp + 1 : cp;
    if (cp == 0x130 || cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F) return cp;
    return (cp & 1) ? cp : cp + 1;
  }
  if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
  return cp;
}

void ExtractSklearn(std::string_view text, std::string* scratch,
                    std::vector<std::pair<size_t, size_t>>* spans) {
  size_t i = 0;
  size_t start = 0, count = 0;
  auto flush = [&] {
    if (count >= 2) spans->emplace_back(start, scratch->size() - start);
    count = 0;
  };
  while (i < text.size()) {
    uint32_t cp = DecodeAt(text, i);
    if (IsUnicodeWordChar(cp)) {
      if (count == 0) start = scratch->size();
      text::AppendUtf8(*scratch, LowerCp(cp));
      ++count;
    } else {
      flush();
      // Keep words apart in scratch so spans never touch.
      scratch->push_back(' ');
    }
  }
  flush();
}

void ExtractAcademic(std::string_view text, const TokenizerOptions& o, std::string* scratch,
                     std::vector<std::pair<size_t, size_t>>* spans) {
  std::string folded = text::FoldForSearch(text);
  std::string_view s = folded;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\\' && i + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[i + 1]))) {
      size_t j = i + 1;
      while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
      if (o.keep_latex_commands && j - i - 1 >= 2) {
        spans->emplace_back(scratch->size(), j - i - 1);
        scratch->append(s.substr(i + 1, j - i - 1));
        scratch->push_back(' ');
      }
      i = j;
      continue;
    }
    size_t save = i;
    uint32_t cp = DecodeAt(s, i);
    bool word = cp != '_' && IsUnicodeWordChar(cp);
    if (!word) continue;
    size_t start = scratch->size();
    size_t n = 0;
    bool digits_only = true;
    i = save;
    while (i < s.size()) {
      size_t before = i;
      uint32_t d = DecodeAt(s, i);
      if (d == '_' || !IsUnicodeWordChar(d)) {
        i = before;
        break;
      }
      if (d < '0' || d > '9') digits_only = false;
      text::AppendUtf8(*scratch, LowerCp(d));
      ++n;
    }
    if (n >= 2 && !(digits_only && o.drop_numbers)) {
      spans->emplace_back(start, scratch->size() - start);
      scratch->push_back(' ');
    } else {
      scratch->resize(start);
    }
  }
}

}  // namespace

void ExtractWords(std::string_view text, const TokenizerOptions& options, std::string* scratch,
                  std::vector<std::string_view>* out) {
  scratch->clear();
  scratch->reserve(text.size() + 16);
  std::vector<std::pair<size_t, size_t>> spans;
  if (options.style == TokenStyle::kSklearn) {
    ExtractSklearn(text, scratch, &spans);
  } else {
    ExtractAcademic(text, options, scratch, &spans);
  }
  // Views are taken only now: scratch no longer grows.
  std::string_view all = *scratch;
  for (auto [start, len] : spans) out->push_back(all.substr(start, len));
}

bool IsEnglishStopWord(std::string_view word) {
  return std::binary_search(kStopWords.begin(), kStopWords.end(), word);
}

TermMapper::TermMapper(const TokenizerOptions& options) : options_(options) {
  if (options_.stem) stemmer_ = sb_stemmer_new("english", "UTF_8");
}

TermMapper::~TermMapper() {
  if (stemmer_) sb_stemmer_delete(stemmer_);
}

std::string TermMapper::Map(std::string_view word) {
  if (options_.drop_stop_words && IsEnglishStopWord(word)) return {};
  if (!stemmer_) return std::string(word);
  const sb_symbol* stem = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()),
                                          static_cast<int>(word.size()));
  if (!stem) return std::string(word);  // out of memory: the word itself is a fine term
  std::string out(reinterpret_cast<const char*>(stem),
                  static_cast<size_t>(sb_stemmer_length(stemmer_)));
  // Stems shorter than two characters ("is" -> "is" is fine; "as" stays) are kept as the word.
  return out.size() >= 2 ? out : std::string(word);
}

std::vector<std::string> Terms(std::string_view text, const TokenizerOptions& options) {
  std::string scratch;
  std::vector<std::string_view> words;
  ExtractWords(text, options, &scratch, &words);
  TermMapper mapper(options);
  std::vector<std::string> out;
  for (auto w : words) {
    std::string t = mapper.Map(w);
    if (!t.empty()) out.push_back(std::move(t));
  }
  return out;
}

}  // namespace ah::radar
