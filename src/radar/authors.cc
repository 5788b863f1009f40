#include "radar/authors.h"

#include <cctype>

#include "core/text.h"

namespace ah::radar {
namespace {

std::string LettersOnly(std::string_view s) {
  std::string folded = text::FoldForSearch(s);
  std::string out;
  for (unsigned char c : folded)
    if (std::isalpha(c) || c >= 0x80) out.push_back(static_cast<char>(c));
  return out;
}

// First letter of the first word that has letters ("J.-P." -> 'j').
std::string FirstInitial(std::string_view given) {
  std::string letters = LettersOnly(given);
  if (letters.empty()) return {};
  unsigned char c = static_cast<unsigned char>(letters[0]);
  if (c < 0x80) return std::string(1, static_cast<char>(c));
  // A non-ASCII letter left after folding: keep its whole UTF-8 sequence.
  size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
  return letters.substr(0, n);
}

bool IsSuffix(std::string_view word) {
  std::string f = LettersOnly(word);
  return f == "jr" || f == "sr" || f == "ii" || f == "iii" || f == "iv";
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
    std::vector<std::string_view> words;
    size_t i = 0;
    while (i < n.size()) {
      while (i < n.size() && (n[i] == ' ' || n[i] == '\t')) ++i;
      size_t j = i;
      while (j < n.size() && n[j] != ' ' && n[j] != '\t') ++j;
      if (j > i) words.push_back(n.substr(i, j - i));
      i = j;
    }
    while (words.size() > 1 && IsSuffix(words.back())) words.pop_back();
    if (words.empty()) return {};
    surname = LettersOnly(words.back());
    if (words.size() > 1) initial = FirstInitial(words.front());
  }
  if (surname.empty()) return {};
  return initial.empty() ? surname : surname + " " + initial;
}

bool AuthorsMatch(std::string_view a, std::string_view b) {
  std::string ka = AuthorKey(a), kb = AuthorKey(b);
  if (ka.empty() || kb.empty()) return false;
  if (ka == kb) return true;
  // One side without a given name: compare surnames.
  auto surname = [](const std::string& k) { return k.substr(0, k.find(' ')); };
  bool a_bare = ka.find(' ') == std::string::npos, b_bare = kb.find(' ') == std::string::npos;
  return (a_bare || b_bare) && surname(ka) == surname(kb);
}

int FindAuthor(const std::vector<std::string>& authors, std::string_view followed) {
  for (size_t i = 0; i < authors.size(); ++i)
    if (AuthorsMatch(authors[i], followed)) return static_cast<int>(i);
  return -1;
}

}  // namespace ah::radar
