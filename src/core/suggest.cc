#include "core/suggest.h"

#include <algorithm>
#include <numeric>

namespace ah {
namespace {

constexpr size_t kMaxLength = 256;

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

size_t EditDistance(std::string_view a, std::string_view b) {
  if (a.size() > kMaxLength || b.size() > kMaxLength) return kMaxLength + 1;
  const size_t n = a.size(), m = b.size();
  // Three rows of the dynamic programme: two back (for swaps), one back, this one.
  std::vector<size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  std::iota(prev.begin(), prev.end(), size_t{0});
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= m; ++j) {
      const bool same = Lower(a[i - 1]) == Lower(b[j - 1]);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && Lower(a[i - 1]) == Lower(b[j - 2]) &&
          Lower(a[i - 2]) == Lower(b[j - 1]))
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::vector<std::string> NearestWords(std::string_view typed,
                                      const std::vector<std::string>& choices, size_t max) {
  const size_t limit = std::clamp<size_t>(typed.size() / 3, 1, 3);
  std::vector<std::pair<size_t, size_t>> near;  // (distance, index)
  for (size_t i = 0; i < choices.size(); ++i) {
    const size_t d = EditDistance(typed, choices[i]);
    if (d <= limit) near.emplace_back(d, i);
  }
  std::stable_sort(near.begin(), near.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (const auto& [d, i] : near) {
    if (out.size() >= max || d > near.front().first) break;  // the nearest only
    if (std::find(out.begin(), out.end(), choices[i]) == out.end()) out.push_back(choices[i]);
  }
  return out;
}

std::string QuotedAlternatives(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += "'" + words[i] + "'";
  }
  return out;
}

}  // namespace ah
