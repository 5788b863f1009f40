#include "radar/authors.h"

#include <cctype>

#include "core/text.h"

namespace ah::radar {
namespace {

// Folded letters (text::FoldedLetters: case, width, accents, ß -> ss...).
std::string LettersOnly(std::string_view s) { return text::FoldedLetters(s); }

// Length of the UTF-8 sequence that starts with `c`.
size_t Utf8Len(unsigned char c) {
  return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
}

// First letter of folded letters, whole UTF-8 sequence kept.
std::string FirstLetter(const std::string& letters) {
  if (letters.empty()) return {};
  return letters.substr(0, std::min(letters.size(), Utf8Len(static_cast<unsigned char>(letters[0]))));
}

size_t LetterCount(const std::string& letters) {
  size_t n = 0;
  for (size_t i = 0; i < letters.size(); i += Utf8Len(static_cast<unsigned char>(letters[i]))) ++n;
  return n;
}

// First letter of the first word that has letters ("J.-P." -> 'j').
std::string FirstInitial(std::string_view given) { return FirstLetter(LettersOnly(given)); }

bool IsSuffix(std::string_view word) {
  std::string f = LettersOnly(word);
  return f == "jr" || f == "sr" || f == "ii" || f == "iii" || f == "iv";
}

bool IsParticle(std::string_view word) {
  static constexpr std::string_view kParticles[] = {
      "van", "von", "der", "den", "de", "del", "della", "dei", "di", "da", "dos", "das", "do",
      "du",  "la",  "le",  "ter", "ten", "bin", "ibn", "al",  "el", "zu", "zur", "af", "av"};
  for (auto p : kParticles)
    if (word == p) return true;
  return false;
}

std::vector<std::string_view> Words(std::string_view n) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < n.size()) {
    while (i < n.size() && (n[i] == ' ' || n[i] == '\t')) ++i;
    size_t j = i;
    while (j < n.size() && n[j] != ' ' && n[j] != '\t') ++j;
    if (j > i) words.push_back(n.substr(i, j - i));
    i = j;
  }
  return words;
}

bool AllUpperAscii(std::string_view w) {
  if (w.empty()) return false;
  for (unsigned char c : w)
    if (!(c >= 'A' && c <= 'Z')) return false;
  return true;
}

bool HasLower(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 'a' && c <= 'z') return true;
  return false;
}

bool IsOrcidAt(std::string_view s, size_t i) {
  if (i + 19 > s.size()) return false;
  for (size_t k = 0; k < 19; ++k) {
    const char c = s[i + k];
    if (k == 4 || k == 9 || k == 14) {
      if (c != '-') return false;
    } else if (k == 18) {
      if (!std::isdigit(static_cast<unsigned char>(c)) && c != 'X' && c != 'x') return false;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  // Not part of a longer number.
  if (i > 0 && std::isalnum(static_cast<unsigned char>(s[i - 1]))) return false;
  if (i + 19 < s.size() && std::isalnum(static_cast<unsigned char>(s[i + 19]))) return false;
  return true;
}

// Given-name units of `given` ("Jean-Pierre A." -> [jeanpierre, a*]).
void GivenUnits(std::string_view given, bool mixed_case, PersonName* out) {
  auto add = [&](std::string unit, bool initial) {
    if (unit.empty()) return;
    if (!initial && !out->given.empty() && !out->initial.back()) {
      out->given.back() += unit;  // consecutive full names are one ("Jean Pierre")
      return;
    }
    out->given.push_back(std::move(unit));
    out->initial.push_back(initial);
  };
  for (std::string_view word : Words(given)) {
    // Pieces split at '-' and '.'; a piece followed by '.' is abbreviated.
    size_t i = 0;
    while (i < word.size()) {
      size_t j = i;
      while (j < word.size() && word[j] != '-' && word[j] != '.') ++j;
      std::string_view piece = word.substr(i, j - i);
      const bool abbreviated = j < word.size() && word[j] == '.';
      i = j + 1;
      std::string letters = LettersOnly(piece);
      if (letters.empty()) continue;
      if (!abbreviated && mixed_case && piece.size() >= 2 && piece.size() <= 3 &&
          AllUpperAscii(piece)) {
        for (char c : letters) add(std::string(1, c), true);  // "YX": run-together initials
      } else if (abbreviated || LetterCount(letters) == 1) {
        add(FirstLetter(letters), true);
      } else {
        add(std::move(letters), false);
      }
    }
  }
}

// The surname's last part: "van der Berg" -> "berg", "García-López" -> "lopez".
std::string TailOf(std::string_view surname) {
  std::string tail;
  size_t i = 0;
  while (i < surname.size()) {
    size_t j = i;
    while (j < surname.size() && surname[j] != ' ' && surname[j] != '-' && surname[j] != '\t') ++j;
    std::string letters = LettersOnly(surname.substr(i, j - i));
    if (!letters.empty()) tail = std::move(letters);
    i = j + 1;
  }
  return tail;
}

std::string Joined(const PersonName& p) {
  std::string s;
  for (const auto& g : p.given) s += g;
  return s + p.surname;
}

bool HasInitial(const PersonName& p) {
  for (bool b : p.initial)
    if (b) return true;
  return false;
}

}  // namespace

std::string AuthorKey(std::string_view name) {
  std::string_view n = text::Trim(name);
  size_t paren = n.find('(');
  if (paren != std::string_view::npos) n = text::Trim(n.substr(0, paren));
  std::string surname, initial;
  size_t comma = n.find(',');
  if (comma != std::string_view::npos) {
    // "Surname, Given" (a trailing ", Jr." is not a given name).
    std::string_view rest = text::Trim(n.substr(comma + 1));
    size_t comma2 = rest.find(',');
    if (IsSuffix(rest) && comma2 == std::string_view::npos) rest = {};
    if (comma2 != std::string_view::npos) rest = text::Trim(rest.substr(0, comma2));
    surname = LettersOnly(n.substr(0, comma));
    initial = FirstInitial(rest);
  } else {
    std::vector<std::string_view> words = Words(n);
    while (words.size() > 1 && IsSuffix(words.back())) words.pop_back();
    if (words.empty()) return {};
    surname = LettersOnly(words.back());
    if (words.size() > 1) initial = FirstInitial(words.front());
  }
  if (surname.empty()) return {};
  return initial.empty() ? surname : surname + " " + initial;
}

std::string FindOrcid(std::string_view text) {
  for (size_t i = 0; i + 19 <= text.size(); ++i)
    if (IsOrcidAt(text, i)) {
      std::string id(text.substr(i, 19));
      if (id.back() == 'x') id.back() = 'X';
      return id;
    }
  return {};
}

PersonName ParsePersonName(std::string_view display, std::string_view orcid) {
  PersonName p;
  std::string text(display);
  // An iD in the text (bare or as a URL) is the person's; it leaves the name.
  for (size_t i = 0; i + 19 <= text.size(); ++i)
    if (IsOrcidAt(text, i)) {
      p.orcid = FindOrcid(std::string_view(text).substr(i, 19));
      size_t from = i;
      for (std::string_view host : {"https://orcid.org/", "http://orcid.org/", "orcid.org/"})
        if (from >= host.size() && std::string_view(text).substr(from - host.size(), host.size()) == host) {
          from -= host.size();
          break;
        }
      text.erase(from, i + 19 - from);
      break;
    }
  if (p.orcid.empty() && !orcid.empty()) p.orcid = FindOrcid(orcid);

  std::string_view n = text::Trim(text);
  if (size_t paren = n.find('('); paren != std::string_view::npos) n = text::Trim(n.substr(0, paren));
  if (size_t angle = n.find('<'); angle != std::string_view::npos) n = text::Trim(n.substr(0, angle));
  const bool mixed_case = HasLower(n);
  std::string_view surname, given;
  if (size_t comma = n.find(','); comma != std::string_view::npos) {
    std::string_view rest = text::Trim(n.substr(comma + 1));
    size_t comma2 = rest.find(',');
    if (IsSuffix(rest) && comma2 == std::string_view::npos) rest = {};
    if (comma2 != std::string_view::npos) rest = text::Trim(rest.substr(0, comma2));
    surname = text::Trim(n.substr(0, comma));
    given = rest;
  } else {
    std::vector<std::string_view> words = Words(n);
    while (words.size() > 1 && IsSuffix(words.back())) words.pop_back();
    if (words.empty()) return p;
    auto span = [&](size_t from, size_t to) {  // words [from, to) as one view
      if (from >= to) return std::string_view();
      const char* b = words[from].data();
      const char* e = words[to - 1].data() + words[to - 1].size();
      return std::string_view(b, static_cast<size_t>(e - b));
    };
    const size_t w = words.size();
    if (w >= 2 && mixed_case && words.back().size() <= 3 && AllUpperAscii(words.back()) &&
        HasLower(words.front())) {
      // "Wang YX": surname first, then run-together initials.
      surname = span(0, w - 1);
      given = words.back();
    } else {
      size_t s = w - 1;  // the surname starts at word s; lower-case particles join it
      while (s > 1 && IsParticle(words[s - 1])) --s;
      surname = span(s, w);
      given = span(0, s);
    }
  }
  p.surname = LettersOnly(surname);
  p.tail = TailOf(surname);
  if (p.surname.empty()) {
    p.tail.clear();
    return p;
  }
  GivenUnits(given, mixed_case, &p);
  return p;
}

bool SamePerson(const PersonName& a, const PersonName& b) {
  if (!a.orcid.empty() && !b.orcid.empty()) return a.orcid == b.orcid;
  if (a.tail.empty() || a.tail != b.tail) return false;
  if (a.given.empty() || b.given.empty()) return a.given.empty() && b.given.empty() && a.surname == b.surname;
  if (!HasInitial(a) && !HasInitial(b)) return Joined(a) == Joined(b);
  if (a.surname != b.surname) return false;
  const size_t n = std::min(a.given.size(), b.given.size());
  for (size_t i = 0; i < n; ++i)
    if (a.initial[i] != b.initial[i] || a.given[i] != b.given[i]) return false;
  const PersonName& longer = a.given.size() > n ? a : b;
  for (size_t i = n; i < longer.given.size(); ++i)
    if (!longer.initial[i]) return false;
  return true;
}

bool AuthorsMatch(std::string_view a, std::string_view b) {
  PersonName pa = ParsePersonName(a), pb = ParsePersonName(b);
  if (pa.empty() || pb.empty()) return false;
  return SamePerson(pa, pb);
}

int FindAuthor(const std::vector<std::string>& authors, std::string_view followed) {
  const PersonName f = ParsePersonName(followed);
  if (f.empty()) return -1;
  for (size_t i = 0; i < authors.size(); ++i)
    if (SamePerson(ParsePersonName(authors[i]), f)) return static_cast<int>(i);
  return -1;
}

}  // namespace ah::radar
