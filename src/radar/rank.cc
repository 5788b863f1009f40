// RankBatch: the components, the tiers (keywords, relevance floor), the
// filters, the dislike penalty and the reasons. See radar.h.
#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "core/text.h"
#include "radar/hash.h"
#include "radar/radar.h"
#include "radar/scoring.h"

namespace ah::radar {
namespace {

// Cosine of two L2-normalised sparse rows (ascending columns).
double SparseCos(const uint32_t* ac, const float* av, size_t an, const uint32_t* bc,
                 const float* bv, size_t bn) {
  double s = 0;
  size_t i = 0, j = 0;
  while (i < an && j < bn) {
    if (ac[i] < bc[j]) {
      ++i;
    } else if (ac[i] > bc[j]) {
      ++j;
    } else {
      s += double(av[i++]) * bv[j++];
    }
  }
  return s;
}

}  // namespace

namespace internal {

float Dot(const float* a, const float* b, size_t n) {
  // Eight independent sums so that the compiler can use SIMD lanes without
  // reassociating (no -ffast-math needed).
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (size_t j = 0; j < 8; ++j) acc[j] += a[i + j] * b[i + j];
  float s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  for (; i < n; ++i) s += a[i] * b[i];
  return s;
}

void ZNormalize(std::vector<double>& s, const std::vector<uint8_t>* include) {
  if (s.empty()) return;
  double sum = 0;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i)
    if (include == nullptr || (*include)[i]) {
      sum += s[i];
      ++n;
    }
  if (n == 0) return;
  const double mean = sum / static_cast<double>(n);
  double var = 0;
  for (size_t i = 0; i < s.size(); ++i)
    if (include == nullptr || (*include)[i]) var += (s[i] - mean) * (s[i] - mean);
  double sd = std::sqrt(var / static_cast<double>(n));
  for (double& v : s) v = sd > 1e-12 ? (v - mean) / sd : 0.0;
}

TextScores ScoreText(const RadarIndex& index, const RadarModel& m, const Batch& batch) {
  TextScores out;
  const size_t n = batch.size();
  const FeatureSpace& fs = index.features();
  const size_t k = static_cast<size_t>(index.dims());
  // Learned: walk the batch's postings of the model's terms.
  if (!m.term_ids.empty() && m.weights.learned != 0 &&
      batch.col_start.size() == fs.num_features() + 1) {
    out.learned.assign(n, 0.0);
    for (size_t i = 0; i < m.term_ids.size(); ++i) {
      uint32_t t = m.term_ids[i];
      // Most of a model's terms are absent from a day: the bitmap (tens of KB)
      // answers that from cache.
      if (!(batch.col_present[t / 64] >> (t % 64) & 1)) continue;
      double w = m.term_weights[i];
      for (uint64_t p = batch.col_start[t]; p < batch.col_start[t + 1]; ++p)
        out.learned[batch.col_doc[p]] += w * batch.col_val[p];
    }
  }
  if (!m.centroid.empty() && m.weights.semantic != 0 && batch.embeddings.size() == n * k) {
    out.semantic.resize(n);
    for (size_t d = 0; d < n; ++d)
      out.semantic[d] = Dot(batch.embeddings.data() + d * k, m.centroid.data(), k);
  }
  if (!m.lexical.empty() && m.weights.lexical != 0) batch.bm25.Score(m.lexical, &out.lexical);
  return out;
}

double Relevance(const RadarModel& m, const TextScores& s, size_t d) {
  const RadarModel::Floor& f = m.floor;
  if (!f.ready) return std::numeric_limits<double>::quiet_NaN();
  if (!f.has_text) return -std::numeric_limits<double>::infinity();
  const std::vector<double>* comps[3] = {&s.learned, &s.semantic, &s.lexical};
  const double weights[3] = {m.weights.learned, m.weights.semantic, m.weights.lexical};
  double sum = 0;
  for (int c = 0; c < 3; ++c)
    if (f.scale[c] > 0 && d < comps[c]->size())
      sum += weights[c] * ((*comps[c])[d] - f.median[c]) / f.scale[c];
  return (sum - f.sum_median) / f.sum_scale;
}

namespace {

// Median and robust scale (1.4826 MAD, or the standard deviation when the
// MAD is 0) of v; scale 0 when v is constant.
std::pair<double, double> RobustCenter(std::vector<double> v) {
  if (v.empty()) return {0, 0};
  auto median_of = [](std::vector<double>& x) {
    const size_t mid = x.size() / 2;
    std::nth_element(x.begin(), x.begin() + static_cast<long>(mid), x.end());
    double med = x[mid];
    if (x.size() % 2 == 0) {
      const double below = *std::max_element(x.begin(), x.begin() + static_cast<long>(mid));
      med = (med + below) / 2;
    }
    return med;
  };
  std::vector<double> copy = v;
  const double med = median_of(copy);
  std::vector<double> dev(v.size());
  for (size_t i = 0; i < v.size(); ++i) dev[i] = std::fabs(v[i] - med);
  double scale = 1.4826 * median_of(dev);
  if (scale <= 1e-12) {
    double mean = 0, var = 0;
    for (double x : v) mean += x;
    mean /= static_cast<double>(v.size());
    for (double x : v) var += (x - mean) * (x - mean);
    scale = std::sqrt(var / static_cast<double>(v.size()));
  }
  return {med, scale > 1e-12 ? scale : 0.0};
}

}  // namespace

void CalibrateFloor(const RadarIndex& index, double threshold, RadarModel* m) {
  m->floor = RadarModel::Floor{};
  m->floor.threshold = threshold;
  const Batch* sample = index.calibration();
  if (sample == nullptr || sample->size() == 0) return;
  // With a sample, the floor applies: a radar without text (only authors or
  // keywords) passes only what those select.
  m->floor.ready = true;
  TextScores s = ScoreText(index, *m, *sample);
  const std::vector<double>* comps[3] = {&s.learned, &s.semantic, &s.lexical};
  bool any = false;
  for (int c = 0; c < 3; ++c) {
    if (comps[c]->empty()) continue;
    auto [med, scale] = RobustCenter(*comps[c]);
    m->floor.median[c] = med;
    m->floor.scale[c] = scale;
    any = any || scale > 0;
  }
  if (!any) return;
  m->floor.has_text = true;  // for Relevance below; the sum is centred next
  m->floor.sum_median = 0;
  m->floor.sum_scale = 1;
  std::vector<double> sums(sample->size());
  for (size_t d = 0; d < sample->size(); ++d) sums[d] = Relevance(*m, s, d);
  auto [med, scale] = RobustCenter(std::move(sums));
  m->floor.sum_median = med;
  m->floor.sum_scale = scale > 0 ? scale : 1.0;
}

double Coverage(const RadarIndex& index, const RadarModel& m, const Batch& batch, uint32_t d) {
  const FeatureSpace& fs = index.features();
  const double n = static_cast<double>(fs.num_docs());
  auto idf = [&](const std::string& t) {
    const double df = std::min<double>(fs.TermDf(t), n);
    return std::log(1 + (n - df + 0.5) / (df + 0.5));
  };
  double total = 0, got = 0;
  for (const auto& [t, w] : m.lexical) total += idf(t);
  if (total <= 0) return 0;
  for (const auto& t : batch.bm25.MatchedTerms(m.lexical, d)) got += idf(t);
  return got / total;
}

std::vector<uint8_t> DislikedNeighbours(const RadarIndex& index, const RadarModel& m,
                                        const Batch& batch, const std::vector<uint8_t>& keep) {
  const size_t n = batch.size();
  std::vector<uint8_t> near(n, 0);
  if (m.disliked.empty()) return near;
  const SparseMatrix& lib = index.rows();
  const size_t k = static_cast<size_t>(index.dims());
  const bool embedded = k > 0 && batch.embeddings.size() == n * k;
  std::vector<std::pair<double, uint32_t>> sims;
  for (uint32_t p : m.disliked) {
    if (p >= lib.rows()) continue;
    // Near-duplicates by text.
    for (size_t d = 0; d < n; ++d)
      if (keep[d] && !near[d] &&
          SparseCos(batch.rows.RowCols(d), batch.rows.RowVals(d), batch.rows.RowSize(d),
                    lib.RowCols(p), lib.RowVals(p), lib.RowSize(p)) >= m.dislike_neighbour_tfidf)
        near[d] = 1;
    if (!embedded || m.dislike_neighbours == 0) continue;
    // The few papers of the batch closest to it, when they stand out from the rest.
    sims.clear();
    double sum = 0, sq = 0;
    for (size_t d = 0; d < n; ++d) {
      if (!keep[d] || batch.library_index[d] == static_cast<int64_t>(p)) continue;
      const double c = Dot(batch.embeddings.data() + d * k, index.Embedding(p), k);
      sims.emplace_back(c, static_cast<uint32_t>(d));
      sum += c;
      sq += c * c;
    }
    if (sims.size() < 2) continue;
    const double mean = sum / static_cast<double>(sims.size());
    const double sd = std::sqrt(std::max(0.0, sq / static_cast<double>(sims.size()) - mean * mean));
    const size_t take = std::min(m.dislike_neighbours, sims.size());
    std::partial_sort(sims.begin(), sims.begin() + static_cast<long>(take), sims.end(),
                      std::greater<>());
    for (size_t i = 0; i < take; ++i)
      if (sd > 0 && (sims[i].first - mean) / sd >= m.dislike_neighbour_z) near[sims[i].second] = 1;
  }
  return near;
}

}  // namespace internal

namespace {

using internal::Dot;
using internal::ZNormalize;

bool HasCategory(const Document& d, const std::vector<std::string>& cats, std::string* which) {
  for (const auto& c : d.categories)
    for (const auto& want : cats)
      if (text::IEquals(c, want)) {
        if (which) *which = c;
        return true;
      }
  return false;
}

// Index of the followed author who is `p`, or -1.
int FollowedIndex(const RadarModel& m, const PersonName& p) {
  auto lo = std::lower_bound(m.followed.begin(), m.followed.end(), p.tail,
                             [](const PersonName& x, const std::string& t) { return x.tail < t; });
  for (auto it = lo; it != m.followed.end() && it->tail == p.tail; ++it)
    if (SamePerson(*it, p)) return static_cast<int>(it - m.followed.begin());
  // ORCID-only entries have no tail: they sort first.
  for (auto it = m.followed.begin(); it != m.followed.end() && it->tail.empty(); ++it)
    if (SamePerson(*it, p)) return static_cast<int>(it - m.followed.begin());
  return -1;
}

// Index in m.coauthors of an author of a positive who is `p`, or -1.
int CoauthorIndex(const RadarModel& m, const PersonName& p) {
  auto lo = std::lower_bound(m.coauthors.begin(), m.coauthors.end(), p.tail,
                             [](const auto& x, const std::string& t) { return x.first.tail < t; });
  for (auto it = lo; it != m.coauthors.end() && it->first.tail == p.tail; ++it)
    if (SamePerson(it->first, p)) return static_cast<int>(it - m.coauthors.begin());
  return -1;
}

// Words that say nothing about a topic on their own: a reason never shows them.
bool IsFiller(std::string_view word) {
  static constexpr std::string_view kFiller[] = {
      "achieve",   "achieves",     "analysis",   "application", "applications", "approach",
      "approaches", "based",       "data",       "different",   "effective",    "efficient",
      "existing",  "field",        "fields",     "framework",   "frameworks",   "improve",
      "improved",  "improves",     "improving",  "including",   "interested",   "like",
      "method",    "methods",      "new",        "novel",       "paper",        "papers",
      "performance", "present",    "presents",   "problem",     "problems",     "propose",
      "proposed",  "proposes",     "provide",    "provides",    "recent",       "related",
      "research",  "result",       "results",    "shown",       "shows",        "studies",
      "study",     "task",         "tasks",      "topic",       "topics",       "use",
      "used",      "uses",         "using",      "various",     "work",         "works"};
  // LaTeX formatting commands kept as words by the tokenizer (from "\emph").
  static constexpr std::string_view kMarkup[] = {
      "cite", "citep", "citet", "emph", "eqref", "footnote", "href", "label", "mathbb", "mathbf",
      "mathcal", "mathrm", "ref", "textbf", "textit", "texttt", "textsc", "url"};
  for (auto f : kFiller)
    if (word == f) return true;
  for (auto f : kMarkup)
    if (word == f) return true;
  return IsEnglishStopWord(word);
}

bool IsWordChar(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

// The words of a shown text ("low-resource languages" -> low, resource, languages).
std::vector<std::string> SplitWords(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (unsigned char c : s) {
    if (IsWordChar(c)) {
      cur.push_back(static_cast<char>(c));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// Every word of the text a filler or a stop word ("based", "papers like").
bool IsFillerText(const std::string& s) {
  for (const auto& w : SplitWords(s))
    if (!IsFiller(w)) return false;
  return true;
}

// How `shown` (a display name: "lingual", "low resource") reads in the paper:
// when its first word occurs only inside hyphenated compounds ("cross-lingual"),
// or is short and occurs inside them at least as often as alone ("end" of
// "end-to-end"), the first such compound as the paper writes it; else `shown`.
std::string AsInPaper(const std::string& shown, const Document& doc) {
  const std::string first = shown.substr(0, shown.find(' '));
  if (first.empty()) return shown;
  std::string compound;
  size_t alone = 0, inside_count = 0;
  for (const std::string* field : {&doc.title, &doc.abstract}) {
    const std::string folded = text::FoldForSearch(*field);
    // FoldForSearch may change lengths (accents): the compound is cut from the
    // folded text.
    for (size_t at = folded.find(first); at != std::string::npos;
         at = folded.find(first, at + 1)) {
      if (at > 0 && IsWordChar(static_cast<unsigned char>(folded[at - 1]))) continue;
      // A display word may continue in the paper ("translat" in "translation").
      size_t word_end = at + first.size();
      while (word_end < folded.size() && IsWordChar(static_cast<unsigned char>(folded[word_end])))
        ++word_end;
      auto joins = [&](size_t i) {  // a hyphen at i between two word characters
        return i > 0 && i + 1 < folded.size() && folded[i] == '-' &&
               IsWordChar(static_cast<unsigned char>(folded[i - 1])) &&
               IsWordChar(static_cast<unsigned char>(folded[i + 1]));
      };
      const bool inside = (at > 0 && joins(at - 1)) || (word_end < folded.size() && joins(word_end));
      if (!inside) {
        ++alone;
        continue;
      }
      if (compound.empty() && word_end - at > 4 && alone > 0) continue;
      ++inside_count;
      if (compound.empty()) {
        size_t b = at, e = word_end;
        while (b > 0 && (IsWordChar(static_cast<unsigned char>(folded[b - 1])) || joins(b - 1)))
          --b;
        while (e < folded.size() && (IsWordChar(static_cast<unsigned char>(folded[e])) || joins(e)))
          ++e;
        compound = folded.substr(b, e - b);
      }
    }
  }
  // A long word that also stands alone is a word; a short one ("end",
  // "low") is a fragment unless it stands alone more often.
  if (compound.empty() || (alone > 0 && first.size() > 4) || alone > inside_count) return shown;
  return compound;
}

// The reason's words for terms of the model or of the radar's text: fillers
// and very common words dropped, fragments shown as the paper's compounds,
// each shown once (also across `taken`).
void AddShown(const std::string& display, bool unigram, double df_ratio, const Document& doc,
              size_t max, std::vector<std::string>* out, std::set<std::string>* taken) {
  if (out->size() >= max || display.empty()) return;
  if (IsFillerText(display)) return;  // "based", "data", "like"
  if (unigram && df_ratio > 0.2) return;  // in a fifth of the library: says nothing
  std::string shown = AsInPaper(display, doc);
  if (!taken->insert(shown).second) return;
  for (const auto& w : SplitWords(shown)) taken->insert(w);
  out->push_back(std::move(shown));
}

// "Title" cut at a word near 80 characters.
std::string ShortTitle(const std::string& title) {
  constexpr size_t kMax = 80;
  if (title.size() <= kMax) return title;
  size_t cut = title.rfind(' ', kMax);
  if (cut == std::string::npos || cut < kMax / 2) cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80) --cut;
  return title.substr(0, cut) + "…";
}

const char* KindWord(RadarModel::PositiveKind k) {
  switch (k) {
    case RadarModel::PositiveKind::kLiked: return "liked";
    case RadarModel::PositiveKind::kSaved: return "saved";
    default: return "seed";
  }
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) {
    if (!s.empty()) s += sep;
    s += x;
  }
  return s;
}

std::string PositiveNoun(const std::string& kind) {
  return kind == "liked" ? "liked paper" : kind == "saved" ? "saved paper" : "seed";
}

}  // namespace

const char* ReasonKindName(Reason::Kind k) {
  switch (k) {
    case Reason::Kind::kTerms: return "terms";
    case Reason::Kind::kQuery: return "query";
    case Reason::Kind::kMatches: return "matches";
    case Reason::Kind::kSimilar: return "similar";
    case Reason::Kind::kFollowedAuthor: return "followed_author";
    case Reason::Kind::kCoauthor: return "coauthor";
    case Reason::Kind::kCategory: return "category";
  }
  return "";
}

std::string ReasonText(const Reason& r) {
  auto arg = [&](size_t i) { return i < r.args.size() ? r.args[i] : std::string(); };
  switch (r.kind) {
    case Reason::Kind::kTerms: return "terms: " + Join(r.args, ", ");
    case Reason::Kind::kQuery: return "matches the keywords: " + Join(r.args, ", ");
    case Reason::Kind::kMatches: return "matches: " + Join(r.args, ", ");
    case Reason::Kind::kSimilar:
      return "similar to " + PositiveNoun(arg(0)) + " \"" + arg(2) + "\" (" + arg(3) + ")";
    case Reason::Kind::kFollowedAuthor:
      return "followed author: " + arg(0) + (arg(1).empty() ? "" : " (as " + arg(1) + ")");
    case Reason::Kind::kCoauthor:
      return "author of " + PositiveNoun(arg(1)) + " \"" + arg(3) + "\": " + arg(0);
    case Reason::Kind::kCategory: return "category: " + arg(0);
  }
  return "";
}

std::vector<Ranked> RankBatch(const RadarIndex& index, const RadarModel& m, const Batch& batch,
                              size_t top_n, size_t explain, const std::vector<uint8_t>* include,
                              RankStats* stats, bool strong_first) {
  const size_t n = batch.size();
  if (include != nullptr && include->size() != n) include = nullptr;
  const FeatureSpace& fs = index.features();
  const size_t k = static_cast<size_t>(index.dims());
  std::vector<double> total(n, 0.0), comp(n);

  const internal::TextScores text_scores = internal::ScoreText(index, m, batch);
  auto add = [&](const std::vector<double>& raw, double weight) {
    if (raw.size() != n || weight == 0) return;
    comp = raw;
    ZNormalize(comp, include);
    for (size_t d = 0; d < n; ++d) total[d] += weight * comp[d];
  };
  add(text_scores.learned, m.weights.learned);
  add(text_scores.semantic, m.weights.semantic);
  add(text_scores.lexical, m.weights.lexical);

  // Followed authors (the person, not the surname: authors.h).
  std::vector<uint8_t> by_followed(n, 0);
  if (!m.followed.empty()) {
    for (size_t d = 0; d < n; ++d)
      for (const auto& a : batch.authors[d])
        if (FollowedIndex(m, a) >= 0) by_followed[d] = 1;
    if (m.weights.author != 0) {
      for (size_t d = 0; d < n; ++d) comp[d] = by_followed[d];
      ZNormalize(comp, include);
      for (size_t d = 0; d < n; ++d) total[d] += m.weights.author * comp[d];
    }
  }
  if (!m.coauthors.empty() && m.weights.coauthor != 0) {
    for (size_t d = 0; d < n; ++d) {
      comp[d] = 0;
      for (const auto& a : batch.authors[d])
        if (CoauthorIndex(m, a) >= 0) comp[d] += 1;
    }
    ZNormalize(comp, include);
    for (size_t d = 0; d < n; ++d) total[d] += m.weights.coauthor * comp[d];
  }
  if (m.weights.recency != 0) {
    int32_t newest = INT32_MIN;
    for (size_t d = 0; d < n; ++d)
      if (include == nullptr || (*include)[d]) newest = std::max(newest, batch.day[d]);
    for (size_t d = 0; d < n; ++d) {
      double age = batch.day[d] == INT32_MIN ? 365.0 : double(newest - batch.day[d]);
      comp[d] = std::exp(-age * std::log(2.0) / std::max(m.half_life_days, 0.1));
    }
    ZNormalize(comp, include);
    for (size_t d = 0; d < n; ++d) total[d] += m.weights.recency * comp[d];
  }

  // Filters: rated, seeded or hidden papers, categories, the exclusions.
  std::vector<uint8_t> keep = include != nullptr ? *include : std::vector<uint8_t>(n, 1);
  for (size_t d = 0; d < n; ++d) {
    if (!keep[d]) continue;
    const Document& doc = batch.docs[d];
    if (!m.hidden.empty() && std::binary_search(m.hidden.begin(), m.hidden.end(), doc.id))
      keep[d] = 0;
    if (!doc.categories.empty()) {
      if (!m.include_categories.empty() && !HasCategory(doc, m.include_categories, nullptr))
        keep[d] = 0;
      if (!m.exclude_categories.empty() && HasCategory(doc, m.exclude_categories, nullptr))
        keep[d] = 0;
    }
    if (keep[d] && !m.exclude.empty() && d < batch.match.size() &&
        m.exclude.Matches(doc, batch.match[d]))
      keep[d] = 0;
  }

  // Close neighbours of a disliked paper: a penalty, and below the floor.
  const std::vector<uint8_t> near_disliked = internal::DislikedNeighbours(index, m, batch, keep);
  for (size_t d = 0; d < n; ++d)
    if (near_disliked[d]) total[d] -= m.dislike_penalty;

  // Tiers: keyword matches, the others, close neighbours of a dislike; with
  // strong_first, the papers below the floor after those above it.
  std::vector<uint8_t> query_match(n, 0), strong(n, 1);
  std::vector<double> relevance(n, std::numeric_limits<double>::quiet_NaN());
  std::vector<int> tier(n, 1);
  RankStats counted;
  for (size_t d = 0; d < n; ++d) {
    if (!keep[d]) continue;
    if (!m.query.empty() && d < batch.match.size())
      query_match[d] = m.query.Matches(batch.docs[d], batch.match[d]);
    relevance[d] = internal::Relevance(m, text_scores, d);
    if (m.floor.ready) {
      strong[d] = query_match[d] || by_followed[d];
      // Without a paper to learn from, only the radar's words are direct
      // evidence: a paper with few of them is not strongly relevant.
      if (!strong[d] && !m.keywords_only && relevance[d] >= m.floor.threshold)
        strong[d] = !m.positives.empty() || m.lexical.empty() ||
                    internal::Coverage(index, m, batch, d) >= m.floor.min_coverage;
    }
    if (near_disliked[d]) strong[d] = 0;
    tier[d] = near_disliked[d] ? 0 : query_match[d] ? 3 : 2;
    if (strong_first && !strong[d]) tier[d] = near_disliked[d] ? 0 : 1;
    ++counted.ranked;
    if (strong[d]) ++counted.strong;
  }
  if (stats != nullptr) *stats = counted;

  std::vector<uint32_t> order;
  for (uint32_t d = 0; d < n; ++d)
    if (keep[d]) order.push_back(d);
  auto better = [&](uint32_t a, uint32_t b) {
    if (tier[a] != tier[b]) return tier[a] > tier[b];
    if (total[a] != total[b]) return total[a] > total[b];
    return batch.docs[a].id < batch.docs[b].id;
  };
  size_t limit = top_n == 0 ? order.size() : std::min(top_n, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<long>(limit), order.end(), better);
  order.resize(limit);

  std::vector<Ranked> out;
  out.reserve(limit);
  for (uint32_t d : order) {
    Ranked r;
    r.doc = d;
    r.score = total[d];
    r.relevance = relevance[d];
    r.query_match = query_match[d];
    r.strong = strong[d];
    r.near_disliked = near_disliked[d];
    out.push_back(std::move(r));
  }

  // Explanations for the top papers.
  const size_t ne = std::min(explain, out.size());
  const double num_docs = std::max<double>(1.0, static_cast<double>(fs.num_docs()));
  for (size_t r = 0; r < ne; ++r) {
    const uint32_t d = out[r].doc;
    auto& why = out[r].why;
    const Document& doc = batch.docs[d];
    std::set<std::string> taken;
    std::set<uint64_t> said;  // stems the "matches" reason shows
    if (out[r].query_match) {
      auto leaves = m.query.MatchedLeaves(doc, batch.match[d]);
      if (!leaves.empty()) {
        for (const auto& l : leaves) taken.insert(text::FoldForSearch(l));
        why.push_back({Reason::Kind::kQuery, std::move(leaves)});
      }
    }
    // Words of the radar's text found in the paper (as the user wrote them),
    // then other terms of the model.
    if (!m.text_units.empty() && d < batch.match.size()) {
      std::vector<std::string> t;
      for (const auto& u : m.text_units) {
        if (t.size() >= m.max_reasons_terms + 2) break;
        if (!batch.match[d].HasPhrase(u.stems) || IsFillerText(u.shown)) continue;
        if (!taken.insert(u.shown).second) continue;
        // Its words are said: the model's terms do not repeat them.
        for (const auto& w : SplitWords(u.shown)) taken.insert(w);
        said.insert(u.stems.begin(), u.stems.end());
        t.push_back(u.shown);
      }
      if (!t.empty()) why.push_back({Reason::Kind::kMatches, std::move(t)});
    }
    // Terms that weighed most in the learned model.
    if (!m.term_ids.empty()) {
      std::vector<std::pair<double, uint32_t>> contrib;
      const uint32_t* cols = batch.rows.RowCols(d);
      const float* vals = batch.rows.RowVals(d);
      for (size_t i = 0; i < batch.rows.RowSize(d); ++i) {
        auto it = std::lower_bound(m.term_ids.begin(), m.term_ids.end(), cols[i]);
        if (it == m.term_ids.end() || *it != cols[i]) continue;
        double c = double(vals[i]) * m.term_weights[static_cast<size_t>(it - m.term_ids.begin())];
        if (c > 0) contrib.emplace_back(c, cols[i]);
      }
      std::sort(contrib.begin(), contrib.end(), std::greater<>());
      std::vector<std::string> terms;
      for (size_t i = 0; i < contrib.size() && terms.size() < m.max_reasons_terms; ++i) {
        const std::string& name = fs.FeatureName(contrib[i].second);
        if (name.empty() || name[0] == '@') continue;  // author terms have their own reason
        bool repeated = !said.empty();
        for (size_t from = 0; repeated && from <= name.size();) {
          size_t sp = name.find(' ', from);
          if (sp == std::string::npos) sp = name.size();
          repeated = said.count(HashBytes(std::string_view(name).substr(from, sp - from))) > 0;
          from = sp + 1;
        }
        if (repeated) continue;  // every word of it already in "matches"
        const bool unigram = name.find(' ') == std::string::npos;
        // A word in a fifth of a real library says nothing (a small one cannot tell).
        const double df = unigram && num_docs >= 1000 ? fs.TermDf(name) / num_docs : 0.0;
        AddShown(fs.DisplayName(contrib[i].second), unigram, df, doc, m.max_reasons_terms, &terms,
                 &taken);
      }
      if (!terms.empty()) why.push_back({Reason::Kind::kTerms, std::move(terms)});
    }
    // The most similar seed, liked or saved paper (never the paper itself).
    if (!m.positives.empty() && k > 0 && batch.embeddings.size() == n * k) {
      double best = -2;
      size_t best_i = 0;
      const std::string title_key = text::TitleKey(doc.title);
      for (size_t i = 0; i < m.positives.size(); ++i) {
        const Document& pos = index.corpus()[m.positives[i]];
        if (batch.library_index[d] == static_cast<int64_t>(m.positives[i]) || pos.id == doc.id ||
            (!title_key.empty() && text::TitleKey(pos.title) == title_key))
          continue;
        double s = Dot(batch.embeddings.data() + d * k, index.Embedding(m.positives[i]), k);
        if (s > best) {
          best = s;
          best_i = i;
        }
      }
      if (best > -2) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f", best);
        const Document& pos = index.corpus()[m.positives[best_i]];
        why.push_back({Reason::Kind::kSimilar,
                       {KindWord(m.positive_kind[best_i]), pos.id, ShortTitle(pos.title), buf}});
      }
    }
    // Followed authors and authors of the positives: one reason per person.
    std::vector<const PersonName*> named;
    for (size_t a = 0; a < doc.authors.size() && a < batch.authors[d].size(); ++a) {
      const PersonName& p = batch.authors[d][a];
      if (p.empty()) continue;
      bool seen = false;
      for (const PersonName* q : named) seen = seen || SamePerson(*q, p);
      if (seen) continue;
      if (int f = FollowedIndex(m, p); f >= 0) {
        const std::string& typed = m.followed_typed[static_cast<size_t>(f)];
        why.push_back({Reason::Kind::kFollowedAuthor,
                       {doc.authors[a], typed == doc.authors[a] ? std::string() : typed}});
        named.push_back(&p);
        continue;
      }
      if (int c = CoauthorIndex(m, p); c >= 0) {
        const uint32_t pi = m.coauthors[static_cast<size_t>(c)].second;
        const Document& pos = index.corpus()[m.positives[pi]];
        if (pos.id == doc.id) continue;
        why.push_back({Reason::Kind::kCoauthor,
                       {doc.authors[a], KindWord(m.positive_kind[pi]), pos.id, ShortTitle(pos.title)}});
        named.push_back(&p);
      }
    }
    std::string cat;
    if (!m.include_categories.empty() && HasCategory(doc, m.include_categories, &cat))
      why.push_back({Reason::Kind::kCategory, {cat}});
    for (const auto& w : why) out[r].reasons.push_back(ReasonText(w));
  }
  return out;
}

}  // namespace ah::radar
