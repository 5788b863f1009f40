#include "brief/reader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "brief/extractive.h"
#include "brief/prose.h"
#include "core/text.h"

namespace ah::brief {
namespace {

std::string Quote(std::string_view s) { return "“" + std::string(s) + "”"; }

std::string Percent(size_t a, size_t n) {
  if (n == 0) return "0%";
  const double p = 100.0 * double(a) / double(n);
  char buf[32];
  std::snprintf(buf, sizeof buf, p >= 10 || p == 0 ? "%.0f%%" : "%.1f%%", p);
  return buf;
}

std::string ShortTitle(std::string_view title) {
  std::string t = text::CollapseWhitespace(ReadableText(title));
  if (t.size() > 70) {
    size_t cut = t.rfind(' ', 70);
    t = t.substr(0, cut == std::string::npos || cut < 35 ? 70 : cut);
    while (!t.empty() && (static_cast<unsigned char>(t.back()) & 0xC0) == 0x80) t.pop_back();
    if (!t.empty() && (static_cast<unsigned char>(t.back()) & 0xC0) == 0xC0) t.pop_back();
    t += "…";
  }
  return NeutralizeCitations(t);
}

// "Ping Li" / "Li, Ping" / "P. Li" -> {"li", "ping"} / {"li", "p"}: surname and
// given name (or initial), folded.
std::pair<std::string, std::string> NameParts(std::string_view name) {
  std::string s = text::FoldForSearch(text::Trim(name));
  std::string surname, given;
  if (size_t comma = s.find(','); comma != std::string::npos) {
    surname = std::string(text::Trim(s.substr(0, comma)));
    given = std::string(text::Trim(s.substr(comma + 1)));
  } else {
    size_t space = s.rfind(' ');
    surname = space == std::string::npos ? s : s.substr(space + 1);
    given = space == std::string::npos ? "" : std::string(text::Trim(s.substr(0, space)));
  }
  given = given.substr(0, given.find(' '));
  std::erase(given, '.');
  return {surname, given};
}

bool SamePerson(std::string_view followed, std::string_view author) {
  auto [fs, fg] = NameParts(followed);
  auto [as, ag] = NameParts(author);
  if (fs.empty() || fs != as) return false;
  if (fg.empty() || ag.empty()) return false;
  // A full given name matches only itself; an initial only an initial of it.
  if (fg.size() == 1 || ag.size() == 1)
    return fg[0] == ag[0] && (fg.size() == 1) == (ag.size() == 1);
  return fg == ag;
}

}  // namespace

double ThemeInterest(const BriefInput& input, const std::vector<size_t>& members) {
  const size_t n = input.papers.size();
  if (n == 0 || members.empty()) return 0;
  double lo = 0, hi = 0;
  bool seen = false;
  for (const auto& p : input.papers) {
    if (!std::isfinite(p.score)) continue;
    lo = seen ? std::min(lo, p.score) : p.score;
    hi = seen ? std::max(hi, p.score) : p.score;
    seen = true;
  }
  const bool by_score = seen && hi - lo > 1e-12;
  std::vector<double> scaled;
  for (size_t m : members) {
    if (m >= n) continue;
    const double s = input.papers[m].score;
    scaled.push_back(by_score ? (std::isfinite(s) ? (s - lo) / (hi - lo) : 0.0)
                              : 1.0 - double(m) / double(n));
  }
  std::sort(scaled.rbegin(), scaled.rend());
  const size_t k = std::min<size_t>(3, scaled.size());
  double sum = 0;
  for (size_t i = 0; i < k; ++i) sum += scaled[i];
  return k == 0 ? 0 : sum / double(k);
}

std::string WhyItMatters(const BriefInput& input, const PaperVectors& vectors,
                         const std::vector<size_t>& members, const SparseVector& centroid,
                         bool zh) {
  const Reader& r = input.reader;
  std::vector<std::string> parts;
  // Their words that the theme's papers use.
  const std::vector<uint32_t> words =
      vectors.FeaturesOf(r.keywords, r.description);     // keywords count as the title
  std::vector<std::tuple<size_t, bool, uint32_t>> used;  // (papers, bigram, feature)
  for (uint32_t f : words) {
    size_t c = 0;
    for (size_t m : members) c += vectors.Has(m, f) ? 1 : 0;
    if (c == 0) continue;
    const bool bigram = vectors.Display(f).find(' ') != std::string::npos;
    if (!bigram && vectors.IsModifier(f)) continue;  // "multi" of "multi-agent"
    used.emplace_back(c, bigram, f);
  }
  // Their most telling words first: in many of the theme's papers, a phrase
  // ("drug discovery") before a word ("discovery"), a specific word before a common one.
  std::vector<std::pair<double, uint32_t>> ranked;
  for (const auto& [c, bigram, f] : used)
    ranked.emplace_back(double(c) * (bigram ? 1.5 : 1.0) * (0.5 + vectors.Specificity(f)), f);
  std::vector<uint32_t> picked = vectors.PickDiverse(std::move(ranked), 2);
  if (!picked.empty()) {
    std::string terms;
    size_t most = 0;
    for (size_t k = 0; k < picked.size(); ++k) {
      terms +=
          (k ? (zh ? "、" : ", ") : "") + Quote(NeutralizeCitations(vectors.Display(picked[k])));
      size_t c = 0;
      for (size_t m : members) c += vectors.Has(m, picked[k]) ? 1 : 0;
      most = std::max(most, c);
    }
    parts.push_back(zh ? "与你的描述相符：" + terms + "（" + std::to_string(members.size()) +
                             " 篇中 " + std::to_string(most) + " 篇）"
                       : "matches your " + terms + " (" + std::to_string(most) + " of " +
                             std::to_string(members.size()) + " papers)");
  }
  // The closest of their seed and liked papers.
  double best = 0.15;
  std::string closest;
  bool seed = false;
  auto consider = [&](const std::vector<std::string>& titles, bool is_seed) {
    for (const auto& t : titles) {
      const double s = Dot(vectors.TextVector(ReadableText(t)), centroid);
      if (s > best) {
        best = s;
        closest = t;
        seed = is_seed;
      }
    }
  };
  consider(r.seed_titles, true);
  consider(r.liked_titles, false);
  if (!closest.empty()) {
    const std::string q = Quote(ShortTitle(closest));
    parts.push_back(zh ? (seed ? "接近你的种子论文" : "接近你喜欢的论文") + q
                       : (seed ? "close to your seed " : "close to a paper you liked, ") + q);
  }
  // Followed authors.
  std::set<std::string> authors;
  for (const auto& followed : r.authors)
    for (size_t m : members)
      if (m < input.papers.size())
        for (const auto& a : input.papers[m].authors)
          if (SamePerson(followed, a)) authors.insert(text::CollapseWhitespace(a));
  if (!authors.empty()) {
    std::string list;
    size_t k = 0;
    for (const auto& a : authors) {
      if (k == 3) break;
      list += (k++ ? (zh ? "、" : ", ") : "") + NeutralizeCitations(a);
    }
    parts.push_back(zh ? "作者含你关注的 " + list : "by " + list + ", whom you follow");
  }
  if (parts.empty()) {
    size_t top = members.empty() ? 0 : *std::min_element(members.begin(), members.end());
    return zh ? "雷达排名最高的一篇为第 " + std::to_string(top + 1) + " 名。"
              : "Your radar ranks its best paper #" + std::to_string(top + 1) + ".";
  }
  std::string out;
  for (size_t k = 0; k < parts.size(); ++k) out += (k ? (zh ? "；" : "; ") : "") + parts[k];
  if (!zh && !out.empty())
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out + (zh ? "。" : ".");
}

std::string TrendText(const Trend& t, const BriefInput& input, bool zh) {
  std::string cites;
  for (size_t k = 0; k < t.papers.size() && k < 6; ++k)
    cites += "[" + std::to_string(t.papers[k]) + "]";
  const std::string term = Quote(NeutralizeCitations(t.term));
  std::string range = input.earlier_from.empty() ? std::string()
                      : input.earlier_from == input.earlier_to
                          ? input.earlier_from
                          : input.earlier_from + " – " + input.earlier_to;
  if (zh) {
    return term + "：本期 " + std::to_string(t.now_total) + " 篇中 " + std::to_string(t.now) +
           " 篇（" + Percent(t.now, t.now_total) + "），此前" +
           (range.empty() ? "" : "（" + range + "）") + "本雷达 " + std::to_string(t.before_total) +
           " 篇中 " + std::to_string(t.before) + " 篇（" + Percent(t.before, t.before_total) +
           "）" + cites + "。";
  }
  return term + ": " + std::to_string(t.now) + " of " + std::to_string(t.now_total) + " papers (" +
         Percent(t.now, t.now_total) + "), against " + std::to_string(t.before) + " of " +
         std::to_string(t.before_total) + " (" + Percent(t.before, t.before_total) +
         ") in this radar's papers" + (range.empty() ? "" : " of " + range) + " " + cites + ".";
}

}  // namespace ah::brief
