#include "search/suggest.h"

#include <algorithm>

namespace ah::search {
namespace {

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsWordByte(char c) {
  return IsAsciiLetter(c) || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}

void Collect(const Node& n, std::vector<std::string>* out) {
  if (n.kind == Node::Kind::kTerm) {
    if (n.prefix || (n.field != Field::kAny && n.field != Field::kTitle &&
                     n.field != Field::kAbstract))
      return;
    if (n.text.size() < 4 || n.text.size() > 40) return;
    std::string w;
    for (char c : n.text) {
      if (!IsAsciiLetter(c)) return;
      w += LowerAscii(c);
    }
    if (std::find(out->begin(), out->end(), w) == out->end()) out->push_back(std::move(w));
    return;
  }
  for (const auto& c : n.children) Collect(c, out);
}

}  // namespace

size_t EditDistance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

std::vector<std::string> CheckableWords(const Query& q) {
  std::vector<std::string> out;
  if (q.has_root) Collect(q.root, &out);
  return out;
}

std::optional<std::string> BestCorrection(std::string_view typed,
                                          const std::vector<VocabWord>& vocab,
                                          int64_t typed_docs) {
  if (typed_docs > kRareDocs) return std::nullopt;
  const size_t reach = typed.size() >= 8 ? 2 : 1;
  const VocabWord* best = nullptr;
  size_t best_dist = reach + 1;
  for (const auto& v : vocab) {
    if (v.docs <= 0 || v.word == typed || v.docs < typed_docs * kRareRatio) continue;
    const size_t len_diff =
        v.word.size() > typed.size() ? v.word.size() - typed.size() : typed.size() - v.word.size();
    if (len_diff > reach) continue;
    const size_t d = EditDistance(typed, v.word);
    if (d > reach) continue;
    if (d < best_dist || (d == best_dist && (v.docs > best->docs ||
                                             (v.docs == best->docs && v.word < best->word)))) {
      best = &v;
      best_dist = d;
    }
  }
  if (best == nullptr) return std::nullopt;
  return best->word;
}

std::string ReplaceWords(std::string_view raw, const std::map<std::string, std::string>& fixes) {
  std::string out;
  size_t i = 0;
  while (i < raw.size()) {
    if (!IsWordByte(raw[i])) {
      out += raw[i++];
      continue;
    }
    size_t j = i;
    while (j < raw.size() && IsWordByte(raw[j])) ++j;
    std::string lower;
    for (size_t k = i; k < j; ++k) lower += LowerAscii(raw[k]);
    auto it = fixes.find(lower);
    // A field name ("ti" in ti:word) is followed by ':'; the word after it is replaced.
    if (it != fixes.end() && !(j < raw.size() && raw[j] == ':')) {
      out += it->second;
    } else {
      out.append(raw.substr(i, j - i));
    }
    i = j;
  }
  return out;
}

}  // namespace ah::search
