#include "brief/cluster.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

#include "brief/prose.h"
#include "core/text.h"
#include "radar/corpus.h"
#include "radar/features.h"
#include "radar/tokenizer.h"

namespace ah::brief {
namespace {

// Words every abstract uses to talk about itself: they say nothing about a
// paper's topic, so they neither label themes nor make papers similar.
constexpr std::string_view kBoilerplate =
    "able achieve achieved achieves across additionally address aim aims al allow allows "
    "approach approaches art available based better challenge challenging code com compared "
    "comprehensive critical crucial current demonstrate demonstrates different effective "
    "effectively enable enables especially et existing experiment experiments extensive "
    "finally framework furthermore github given help helps http https important improve "
    "improved improvement improves include including introduce introduces key lead leads "
    "level levels leverage leverages limited make makes method methods need needs novel new "
    "obtain obtained org outperform outperforms overall paper particular particularly "
    "perform performance potential present presents propose proposed proposes provide "
    "provides recent recently rely relies remain remains require requires respectively "
    "result results significant significantly simple specific specifically state studies "
    "study superior task tasks typically use various via vs way ways yield yields";

bool IsWordCp(uint32_t cp) {
  if (cp < 0x80) return std::isalnum(static_cast<int>(cp)) != 0;
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;
  if (cp >= 0x3000 && cp <= 0x303F) return false;
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false;
  return cp != 0xFFFD && cp < 0x1F000;
}

// Decodes one UTF-8 code point at s[i] and advances i (invalid byte: U+FFFD, one byte).
uint32_t NextCp(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80             ? 1
            : (c & 0xE0) == 0xC0 ? 2
            : (c & 0xF0) == 0xE0 ? 3
            : (c & 0xF8) == 0xF0 ? 4
                                 : 0;
  if (len == 0 || i + static_cast<size_t>(len) > s.size()) {
    ++i;
    return 0xFFFD;
  }
  uint32_t cp = len == 1 ? c : c & (0x7F >> len);
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

// Calls fn(word, start) for each maximal run of word code points in `text`.
template <typename Fn>
void ForEachWord(std::string_view text, Fn&& fn) {
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    uint32_t cp = NextCp(text, i);
    if (!IsWordCp(cp)) continue;
    size_t end = i;
    while (end < text.size()) {
      size_t probe = end;
      if (!IsWordCp(NextCp(text, probe))) break;
      end = probe;
    }
    i = end;
    fn(text.substr(start, end - start), start);
  }
}

// Counts the surface forms of the words of `text` by their folded form.
void CountSurfaces(std::string_view text, int weight,
                   std::unordered_map<std::string, std::map<std::string, int>>* counts) {
  ForEachWord(text, [&](std::string_view word, size_t) {
    if (word.size() < 2 || word.size() > 64) return;
    (*counts)[text::FoldForSearch(word)][std::string(word)] += weight;
  });
}

struct PhraseCounts {
  std::unordered_map<std::string, uint32_t> terms;  // term -> occurrences
  std::unordered_map<std::string, uint32_t> pairs;  // "a b" -> occurrences written as a phrase
  std::unordered_map<std::string, std::map<std::string, int>> forms;  // pair -> as written
  std::unordered_map<std::string, std::map<std::string, int>> next;   // term or pair -> next word
  // term -> occurrences inside a hyphenated compound ("long-horizon") or
  // before another content word ("machine learning"): a modifier's places.
  std::unordered_map<std::string, uint32_t> bound;
  // term -> occurrences right after "we", "to", "can"...: a verb's places.
  std::unordered_map<std::string, uint32_t> verbal;
};

// Counts the adjacent word pairs of `text` written as phrases: separated only
// by spaces or one hyphen, neither a stop word nor a number; and which word
// follows each term and each such pair ("long-horizon" -> "tasks").
void CountPhrases(std::string_view text, int weight, radar::TermMapper* mapper,
                  PhraseCounts* counts) {
  std::string prev;       // term of the previous word, "" when it cannot start a phrase
  std::string pair;       // the pair ending at the previous word, "" when none
  std::string prev_word;  // the previous word, lower case
  size_t prev_start = 0, prev_end = 0;
  ForEachWord(text, [&](std::string_view word, size_t start) {
    const size_t end = start + word.size();
    bool digits = std::all_of(word.begin(), word.end(),
                              [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    std::string term = digits || word.size() < 2 || word.size() > 64
                           ? std::string()
                           : mapper->Map(text::FoldForSearch(word));
    std::string_view gap = text.substr(prev_end, start - prev_end);
    bool spaced =
        !gap.empty() && std::all_of(gap.begin(), gap.end(), [](char c) { return c == ' '; });
    bool joined = spaced || gap == "-";
    if (!term.empty()) ++counts->terms[term];
    if (!term.empty() && (prev_word == "we" || prev_word == "to" || prev_word == "can" ||
                          prev_word == "will" || prev_word == "also" || prev_word == "further"))
      ++counts->verbal[term];
    if (!term.empty() && gap == "-") ++counts->bound[term];
    if (!prev.empty() && !term.empty() && joined) ++counts->bound[prev];
    std::string next_pair;
    if (!prev.empty() && !term.empty() && joined) {
      next_pair = prev + " " + term;
      ++counts->pairs[next_pair];
      counts->forms[next_pair][std::string(text.substr(prev_start, end - prev_start))] += weight;
    }
    if (!term.empty() && spaced) {
      if (!prev.empty()) ++counts->next[prev][std::string(word)];
      if (!pair.empty()) ++counts->next[pair][std::string(word)];
    }
    prev = std::move(term);
    pair = std::move(next_pair);
    prev_word = text::FoldForSearch(word);
    prev_start = start;
    prev_end = end;
  });
}

// The most frequent written form; on a tie one without capitals, then the
// byte-smaller.
std::string MostFrequentForm(const std::map<std::string, int>& forms) {
  const std::string* best = nullptr;
  int best_count = -1;
  bool best_lower = false;
  for (const auto& [form, count] : forms) {
    bool lower = std::none_of(form.begin(), form.end(),
                              [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
    if (count > best_count || (count == best_count && lower && !best_lower)) {
      best = &form;
      best_count = count;
      best_lower = lower;
    }
  }
  return best ? *best : std::string();
}

SparseVector Normalized(std::vector<uint32_t> cols, std::vector<float> vals) {
  double norm = 0;
  for (float v : vals) norm += double(v) * v;
  SparseVector out;
  if (norm <= 0 || !std::isfinite(norm)) return out;
  float inv = static_cast<float>(1.0 / std::sqrt(norm));
  for (auto& v : vals) v *= inv;
  out.cols = std::move(cols);
  out.vals = std::move(vals);
  return out;
}

// Keeps the entries of a row whose column passes `keep`, renormalised.
template <typename Keep>
SparseVector Filtered(const uint32_t* cols, const float* vals, size_t n, Keep&& keep) {
  std::vector<uint32_t> c;
  std::vector<float> v;
  for (size_t k = 0; k < n; ++k)
    if (keep(cols[k])) {
      c.push_back(cols[k]);
      v.push_back(vals[k]);
    }
  return Normalized(std::move(c), std::move(v));
}

std::vector<std::string_view> SplitSpace(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(' ', start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// splitmix64: a tiny deterministic generator (the standard distributions are
// implementation-defined, so results would differ between standard libraries).
struct Rng {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return double(Next() >> 11) * (1.0 / 9007199254740992.0); }
};

// One run of kernel k-means from k-means++ seeds; returns the objective.
double KMeansRun(const std::vector<double>& sim, size_t n, int k, Rng* rng,
                 std::vector<int>* assign) {
  auto K = [&](size_t i, size_t j) { return sim[i * n + j]; };
  size_t kk = static_cast<size_t>(k);
  std::vector<size_t> seeds{static_cast<size_t>(rng->Next() % n)};
  std::vector<double> d2(n);
  for (size_t i = 0; i < n; ++i)
    d2[i] = std::max(0.0, K(i, i) + K(seeds[0], seeds[0]) - 2 * K(i, seeds[0]));
  while (seeds.size() < kk) {
    double total = 0;
    for (size_t i = 0; i < n; ++i)
      if (std::find(seeds.begin(), seeds.end(), i) == seeds.end()) total += d2[i];
    size_t pick = n;
    if (total > 0) {
      double r = rng->Uniform() * total;
      for (size_t i = 0; i < n; ++i) {
        if (std::find(seeds.begin(), seeds.end(), i) != seeds.end()) continue;
        pick = i;
        r -= d2[i];
        if (r < 0) break;
      }
    } else {
      for (size_t i = 0; i < n && pick == n; ++i)
        if (std::find(seeds.begin(), seeds.end(), i) == seeds.end()) pick = i;
    }
    seeds.push_back(pick);
    for (size_t i = 0; i < n; ++i)
      d2[i] = std::min(d2[i], std::max(0.0, K(i, i) + K(pick, pick) - 2 * K(i, pick)));
  }
  assign->assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    double best = std::numeric_limits<double>::infinity();
    for (size_t c = 0; c < kk; ++c) {
      double d = K(i, i) + K(seeds[c], seeds[c]) - 2 * K(i, seeds[c]);
      if (i == seeds[c]) d = -1;  // a seed stays in its own cluster
      if (d < best) {
        best = d;
        (*assign)[i] = static_cast<int>(c);
      }
    }
  }
  std::vector<double> s(n * kk);
  std::vector<double> w(kk);
  std::vector<size_t> size(kk);
  double objective = 0;
  for (int iter = 0; iter < 100; ++iter) {
    std::fill(s.begin(), s.end(), 0.0);
    std::fill(size.begin(), size.end(), 0);
    for (size_t i = 0; i < n; ++i) {
      ++size[static_cast<size_t>((*assign)[i])];
      for (size_t j = 0; j < n; ++j) s[i * kk + static_cast<size_t>((*assign)[j])] += K(i, j);
    }
    std::fill(w.begin(), w.end(), 0.0);
    for (size_t i = 0; i < n; ++i)
      w[static_cast<size_t>((*assign)[i])] += s[i * kk + static_cast<size_t>((*assign)[i])];
    auto dist = [&](size_t i, size_t c) {
      double m = double(size[c]);
      return K(i, i) - 2 * s[i * kk + c] / m + w[c] / (m * m);
    };
    bool changed = false;
    objective = 0;
    std::vector<int> next(*assign);
    std::vector<double> own(n);
    for (size_t i = 0; i < n; ++i) {
      size_t cur = static_cast<size_t>((*assign)[i]);
      double best = dist(i, cur);
      for (size_t c = 0; c < kk; ++c) {
        double d = dist(i, c);
        if (d < best - 1e-12) {
          best = d;
          next[i] = static_cast<int>(c);
        }
      }
      own[i] = best;
      objective += best;
    }
    // A cluster left empty takes the item farthest from its centre.
    std::vector<size_t> nsize(kk, 0);
    for (int c : next) ++nsize[static_cast<size_t>(c)];
    for (size_t c = 0; c < kk; ++c) {
      if (nsize[c] > 0) continue;
      size_t far = n;
      for (size_t i = 0; i < n; ++i)
        if (nsize[static_cast<size_t>(next[i])] > 1 && (far == n || own[i] > own[far])) far = i;
      if (far == n) break;
      --nsize[static_cast<size_t>(next[far])];
      next[far] = static_cast<int>(c);
      nsize[c] = 1;
      own[far] = 0;
    }
    changed = next != *assign;
    *assign = std::move(next);
    if (!changed) break;
  }
  return objective;
}

// Relabels clusters in order of first appearance.
void Canonical(std::vector<int>* assign) {
  std::map<int, int> relabel;
  for (int& c : *assign) {
    auto it = relabel.emplace(c, static_cast<int>(relabel.size())).first;
    c = it->second;
  }
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The papers of each cluster id, radar order.
std::vector<std::vector<size_t>> Groups(const std::vector<int>& assign, int k) {
  std::vector<std::vector<size_t>> g(static_cast<size_t>(k));
  for (size_t i = 0; i < assign.size(); ++i) g[static_cast<size_t>(assign[i])].push_back(i);
  return g;
}

}  // namespace

double Dot(const SparseVector& a, const SparseVector& b) {
  double s = 0;
  size_t i = 0, j = 0;
  while (i < a.cols.size() && j < b.cols.size()) {
    if (a.cols[i] < b.cols[j]) {
      ++i;
    } else if (a.cols[i] > b.cols[j]) {
      ++j;
    } else {
      s += double(a.vals[i++]) * b.vals[j++];
    }
  }
  return s;
}

PaperVectors::PaperVectors(size_t n) : n_(n) {}
PaperVectors::PaperVectors(PaperVectors&&) noexcept = default;
PaperVectors& PaperVectors::operator=(PaperVectors&&) noexcept = default;
PaperVectors::~PaperVectors() = default;

PaperVectors PaperVectors::Build(const BriefInput& input,
                                 const std::vector<std::vector<float>>& embeddings,
                                 const TermStats* background) {
  PaperVectors v(input.papers.size());
  size_t n = v.n_;
  if (n == 0) return v;
  std::vector<radar::Document> docs;
  docs.reserve(n);
  std::unordered_map<std::string, std::map<std::string, int>> surfaces;
  // Readable texts: no markup words ("textbf"), no reference markers.
  std::vector<std::string> titles(n), abstracts(n);
  for (size_t i = 0; i < n; ++i) {
    const BriefPaper& p = input.papers[i];
    titles[i] = ReadableText(p.title);
    abstracts[i] = ReadableText(p.abstract);
    radar::Document d;
    d.id = "#" + std::to_string(i);
    d.title = titles[i];
    d.abstract = abstracts[i];
    docs.push_back(std::move(d));
    CountSurfaces(titles[i], 1, &surfaces);
    CountSurfaces(abstracts[i], 2, &surfaces);
  }
  for (auto& [folded, forms] : surfaces) v.surface_[folded] = MostFrequentForm(forms);

  radar::FeatureOptions fo;
  fo.tokenizer.keep_latex_commands = false;
  fo.layout = radar::FieldLayout::kFields;
  fo.title_weight = 2;
  fo.author_terms = false;
  fo.ngram_max = 2;
  fo.min_df = 1;
  fo.max_df = 1.0;
  fo.max_features = 0;
  fo.sublinear_tf = true;
  fo.threads = 1;
  {
    radar::TermMapper mapper(fo.tokenizer);
    PhraseCounts counts;
    for (size_t i = 0; i < n; ++i) {
      CountPhrases(titles[i], 1, &mapper, &counts);
      CountPhrases(abstracts[i], 2, &mapper, &counts);
    }
    for (auto& [key, f] : counts.forms) v.phrase_form_[key] = MostFrequentForm(f);
    v.phrase_count_ = std::move(counts.pairs);
    for (const auto& [term, occurrences] : counts.terms) {
      auto it = counts.bound.find(term);
      if (it != counts.bound.end() && 10 * it->second >= 7 * occurrences)
        v.modifier_terms_.insert(term);
      auto verb = counts.verbal.find(term);
      if (verb != counts.verbal.end() && 3 * verb->second >= occurrences)
        v.verb_terms_.insert(term);
    }
    // A term or phrase mostly followed by one word is a modifier of it
    // ("zero-shot" -> "segmentation"): labels show both.
    for (const auto& [key, next] : counts.next) {
      const bool pair = key.find(' ') != std::string::npos;
      uint32_t occurrences = 0;
      if (pair) {
        auto it = v.phrase_count_.find(key);
        occurrences = it == v.phrase_count_.end() ? 0 : it->second;
      } else {
        auto it = counts.terms.find(key);
        occurrences = it == counts.terms.end() ? 0 : it->second;
      }
      std::string best = MostFrequentForm(next);
      int count = 0;
      for (const auto& [form, c] : next)
        if (text::FoldForSearch(form) == text::FoldForSearch(best)) count += c;
      if (count >= 2 && 10 * uint32_t(count) >= 6 * occurrences) v.continuation_[key] = best;
    }
  }
  auto space = radar::FeatureSpace::Build(radar::Corpus(std::move(docs)), fo);
  v.rows_.resize(n);
  v.sim_.assign(n * n, 0.0);
  if (space) {
    v.space_ = std::move(*space);
    const radar::FeatureSpace& fs = *v.space_;
    std::set<std::string> stop;
    radar::TermMapper mapper(fo.tokenizer);
    for (auto w : SplitSpace(kBoilerplate)) {
      std::string t = mapper.Map(w);
      if (!t.empty()) stop.insert(t);
    }
    v.keep_.assign(fs.num_features(), true);
    for (uint32_t f = 0; f < fs.num_features(); ++f) {
      v.feature_id_.emplace(fs.FeatureName(f), f);
      for (auto t : SplitSpace(fs.FeatureName(f)))
        if (stop.count(std::string(t))) v.keep_[f] = false;
    }
    v.df_.assign(fs.num_features(), 0);
    v.ComputeSpecificity(background);
    const radar::SparseMatrix& m = fs.rows();
    for (size_t i = 0; i < n; ++i) {
      v.rows_[i] = Filtered(m.RowCols(i), m.RowVals(i), m.RowSize(i),
                            [&](uint32_t f) { return bool(v.keep_[f]); });
      if (background != nullptr) {
        // tf x library idf instead of tf x idf among these few papers.
        SparseVector& r = v.rows_[i];
        for (size_t k = 0; k < r.cols.size(); ++k)
          r.vals[k] *= static_cast<float>(v.library_idf_[r.cols[k]] / fs.Idf(r.cols[k]));
        r = Normalized(std::move(r.cols), std::move(r.vals));
      }
      for (uint32_t f : v.rows_[i].cols) ++v.df_[f];
      // Which features the title holds (labels prefer them).
      radar::Document title_only;
      title_only.title = titles[i];
      std::vector<uint32_t> cols;
      std::vector<float> vals;
      fs.Transform(title_only, &cols, &vals);
      v.title_cols_.push_back(std::move(cols));
    }
    // Similarity rows: terms shared by at least two papers.
    std::vector<std::vector<std::pair<uint32_t, float>>> postings(fs.num_features());
    for (size_t i = 0; i < n; ++i) {
      const SparseVector& r = v.rows_[i];
      SparseVector s = n >= 4 ? Filtered(r.cols.data(), r.vals.data(), r.cols.size(),
                                         [&](uint32_t f) { return v.df_[f] >= 2; })
                              : r;
      for (size_t k = 0; k < s.cols.size(); ++k)
        postings[s.cols[k]].emplace_back(static_cast<uint32_t>(i), s.vals[k]);
    }
    for (const auto& plist : postings)
      for (const auto& [a, wa] : plist)
        for (const auto& [b, wb] : plist) v.sim_[size_t(a) * n + b] += double(wa) * wb;
  }

  bool emb_ok = embeddings.size() == n && !embeddings[0].empty();
  for (size_t i = 0; emb_ok && i < n; ++i) emb_ok = embeddings[i].size() == embeddings[0].size();
  if (emb_ok) {
    v.uses_embeddings_ = true;
    size_t d = embeddings[0].size();
    std::vector<std::vector<double>> e(n, std::vector<double>(d, 0.0));
    for (size_t i = 0; i < n; ++i) {
      double norm = 0;
      for (size_t k = 0; k < d; ++k) norm += double(embeddings[i][k]) * embeddings[i][k];
      if (!(norm > 0) || !std::isfinite(norm)) continue;  // unusable: similar to nothing
      double inv = 1.0 / std::sqrt(norm);
      for (size_t k = 0; k < d; ++k) e[i][k] = embeddings[i][k] * inv;
    }
    for (size_t i = 0; i < n; ++i)
      for (size_t j = i; j < n; ++j) {
        double c = std::inner_product(e[i].begin(), e[i].end(), e[j].begin(), 0.0);
        v.sim_[i * n + j] = 0.5 * v.sim_[i * n + j] + 0.5 * c;
        if (j != i) v.sim_[j * n + i] = 0.5 * v.sim_[j * n + i] + 0.5 * c;
      }
  }
  return v;
}

SparseVector PaperVectors::TextVector(std::string_view text) const {
  if (!space_) return {};
  radar::Document d;
  d.abstract = std::string(text);
  std::vector<uint32_t> cols;
  std::vector<float> vals;
  space_->Transform(d, &cols, &vals);
  return Filtered(cols.data(), vals.data(), cols.size(),
                  [&](uint32_t f) { return bool(keep_[f]); });
}

SparseVector PaperVectors::Centroid(const std::vector<size_t>& papers) const {
  std::map<uint32_t, double> acc;
  for (size_t i : papers) {
    if (i >= n_) continue;
    const SparseVector& r = rows_[i];
    for (size_t k = 0; k < r.cols.size(); ++k) acc[r.cols[k]] += r.vals[k];
  }
  std::vector<uint32_t> cols;
  std::vector<float> vals;
  for (const auto& [c, x] : acc) {
    cols.push_back(c);
    vals.push_back(static_cast<float>(x));
  }
  return Normalized(std::move(cols), std::move(vals));
}

std::string PaperVectors::Display(uint32_t feature) const {
  if (!space_ || feature >= space_->num_features()) return {};
  if (auto it = phrase_form_.find(space_->FeatureName(feature)); it != phrase_form_.end())
    return it->second;
  std::string name = space_->DisplayName(feature);
  std::string out;
  for (auto word : SplitSpace(name)) {
    if (!out.empty()) out += ' ';
    auto it = surface_.find(std::string(word));
    out += it == surface_.end() ? std::string(word) : it->second;
  }
  return out;
}

double PaperVectors::Cohesion(uint32_t f) const {
  auto terms = SplitSpace(space_->FeatureName(f));
  if (terms.size() != 2) return 0;
  uint32_t rarer = std::numeric_limits<uint32_t>::max();
  for (auto t : terms) {
    auto it = feature_id_.find(std::string(t));
    if (it != feature_id_.end()) rarer = std::min(rarer, df_[it->second]);
  }
  if (rarer == 0 || rarer == std::numeric_limits<uint32_t>::max()) return 0;
  return std::min(1.0, double(df_[f]) / double(rarer));
}

bool PaperVectors::Presentable(uint32_t f) const {
  const std::string& name = space_->FeatureName(f);
  if (name.find(' ') == std::string::npos) return true;
  auto it = phrase_count_.find(name);
  return it != phrase_count_.end() && 2 * size_t(it->second) >= size_t(df_[f]);
}

std::vector<uint32_t> PaperVectors::PickDiverse(std::vector<std::pair<double, uint32_t>> scored,
                                                size_t max_terms) const {
  std::sort(scored.begin(), scored.end(), [&](const auto& x, const auto& y) {
    if (x.first != y.first) return x.first > y.first;
    return space_->FeatureName(x.second) < space_->FeatureName(y.second);
  });
  std::set<std::string> used;
  std::set<std::string> shown;
  std::vector<uint32_t> out;
  for (const auto& [score, f] : scored) {
    if (out.size() >= max_terms) break;
    if (!Presentable(f)) continue;
    auto terms = SplitSpace(space_->FeatureName(f));
    bool overlap = false;
    for (auto t : terms) overlap = overlap || used.count(std::string(t));
    if (overlap || terms.empty()) continue;
    std::string display = Lower(Display(f));
    if (display.empty() || !shown.insert(display).second) continue;
    for (auto t : terms) used.insert(std::string(t));
    out.push_back(f);
  }
  return out;
}

std::vector<std::string> PaperVectors::SharedTerms(size_t i, size_t j, size_t max_terms) const {
  std::vector<std::string> out;
  if (!space_ || i >= n_ || j >= n_) return out;
  const SparseVector& a = rows_[i];
  const SparseVector& b = rows_[j];
  std::vector<std::pair<double, uint32_t>> scored;
  for (size_t x = 0, y = 0; x < a.cols.size() && y < b.cols.size();) {
    if (a.cols[x] < b.cols[y]) {
      ++x;
    } else if (a.cols[x] > b.cols[y]) {
      ++y;
    } else {
      scored.emplace_back(double(a.vals[x]) * b.vals[y] * (1.0 + Cohesion(a.cols[x])), a.cols[x]);
      ++x;
      ++y;
    }
  }
  for (uint32_t f : PickDiverse(std::move(scored), max_terms)) out.push_back(Display(f));
  return out;
}

std::vector<std::pair<std::string, std::vector<size_t>>> PaperVectors::CommonTerms(
    size_t min_papers, size_t max_terms) const {
  std::vector<std::pair<std::string, std::vector<size_t>>> out;
  if (!space_) return out;
  std::vector<std::pair<double, uint32_t>> scored;
  // Terms in most papers say little: at most half of them (or min_papers).
  size_t max_papers = std::max(min_papers, n_ / 2);
  for (uint32_t f = 0; f < df_.size(); ++f) {
    if (df_[f] < std::max<size_t>(1, min_papers) || df_[f] > max_papers) continue;
    bool bigram = space_->FeatureName(f).find(' ') != std::string::npos;
    scored.emplace_back(double(df_[f]) * (bigram ? 2.0 : 1.0), f);
  }
  for (uint32_t f : PickDiverse(std::move(scored), max_terms)) {
    std::vector<size_t> papers;
    for (size_t i = 0; i < n_; ++i)
      if (std::binary_search(rows_[i].cols.begin(), rows_[i].cols.end(), f)) papers.push_back(i);
    out.emplace_back(Display(f), std::move(papers));
  }
  return out;
}

std::vector<int> KernelKMeans(const std::vector<double>& sim, size_t n, int k, uint64_t seed) {
  std::vector<int> best;
  if (n == 0) return best;
  k = std::clamp(k, 1, static_cast<int>(n));
  if (k == 1) return std::vector<int>(n, 0);
  Rng rng{seed * 0x2545F4914F6CDD1DULL + 7};
  double best_obj = std::numeric_limits<double>::infinity();
  int restarts = n <= 400 ? 8 : 3;
  for (int r = 0; r < restarts; ++r) {
    std::vector<int> assign;
    double obj = KMeansRun(sim, n, k, &rng, &assign);
    if (obj < best_obj - 1e-9) {
      best_obj = obj;
      best = std::move(assign);
    }
  }
  Canonical(&best);
  return best;
}

double Silhouette(const std::vector<double>& sim, size_t n, const std::vector<int>& assign, int k) {
  if (n < 2 || k < 2) return 0;
  size_t kk = static_cast<size_t>(k);
  std::vector<size_t> size(kk, 0);
  for (int c : assign) ++size[static_cast<size_t>(c)];
  double total = 0;
  std::vector<double> sum(kk);
  for (size_t i = 0; i < n; ++i) {
    size_t own = static_cast<size_t>(assign[i]);
    if (size[own] <= 1) continue;  // a singleton scores 0
    std::fill(sum.begin(), sum.end(), 0.0);
    for (size_t j = 0; j < n; ++j)
      if (j != i) sum[static_cast<size_t>(assign[j])] += std::max(0.0, 1.0 - sim[i * n + j]);
    double a = sum[own] / double(size[own] - 1);
    double b = std::numeric_limits<double>::infinity();
    for (size_t c = 0; c < kk; ++c)
      if (c != own && size[c] > 0) b = std::min(b, sum[c] / double(size[c]));
    double m = std::max(a, b);
    if (m > 0 && std::isfinite(b)) total += (b - a) / m;
  }
  return total / double(n);
}

std::vector<Cluster> ClusterPapers(const BriefInput& input,
                                   const std::vector<std::vector<float>>& embeddings,
                                   const ClusterOptions& options) {
  return ClusterPapers(input, PaperVectors::Build(input, embeddings, options.background), options);
}

std::vector<Cluster> ClusterPapers(const BriefInput& input, const PaperVectors& vectors,
                                   const ClusterOptions& options) {
  // Below this mean silhouette no split is better than one theme.
  constexpr double kMinSilhouette = 0.02;
  // Small inputs: papers this similar share a theme.
  constexpr double kSmallLink = 0.1;
  const size_t kPapersPerTheme = static_cast<size_t>(std::max(1, options.papers_per_theme));
  std::vector<Cluster> out;
  size_t n = std::min(input.papers.size(), vectors.size());
  if (n == 0) return out;
  std::vector<double> sim(n * n);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) sim[i * n + j] = vectors.Similarity(i, j);
  int max_k = std::clamp(options.max_themes, 1, static_cast<int>(n));

  std::vector<int> assign(n, 0);
  int k = 1;
  if (n <= 3) {
    // Connected components of the graph of similar pairs.
    std::vector<int> comp(n, -1);
    int next = 0;
    for (size_t i = 0; i < n; ++i) {
      if (comp[i] >= 0) continue;
      comp[i] = next++;
      std::vector<size_t> stack{i};
      while (!stack.empty()) {
        size_t x = stack.back();
        stack.pop_back();
        for (size_t y = 0; y < n; ++y)
          if (comp[y] < 0 && sim[x * n + y] >= kSmallLink) {
            comp[y] = comp[i];
            stack.push_back(y);
          }
      }
    }
    k = next;
    assign = comp;
    if (k > max_k) {
      k = max_k;
      assign = KernelKMeans(sim, n, k, options.seed);
    }
  } else {
    // Silhouettes of tf-idf clusterings shrink as N grows (distances in a
    // sparse space all tend to 1), so large inputs get a minimum number of
    // themes instead of one: about one per kPapersPerTheme papers.
    int min_k = std::min(max_k, static_cast<int>((n + kPapersPerTheme - 1) / kPapersPerTheme));
    double best = min_k >= 2 ? -std::numeric_limits<double>::infinity() : kMinSilhouette;
    for (int c = std::max(2, min_k); c <= std::min(max_k, static_cast<int>(n) - 1); ++c) {
      std::vector<int> a = KernelKMeans(sim, n, c, options.seed);
      double s = Silhouette(sim, n, a, c);
      if (s > best + 1e-9) {
        best = s;
        k = c;
        assign = std::move(a);
      }
    }
  }

  // Merge clusters below the minimum size into their nearest neighbour.
  auto groups = Groups(assign, k);
  size_t min_size = static_cast<size_t>(std::max(1, options.min_theme_size));
  while (groups.size() > 1) {
    size_t worst = groups.size();
    for (size_t g = 0; g < groups.size(); ++g)
      if (groups[g].size() < min_size &&
          (worst == groups.size() || groups[g].size() <= groups[worst].size()))
        worst = g;
    if (worst == groups.size()) break;
    std::vector<size_t> orphans = std::move(groups[worst]);
    groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(worst));
    for (size_t i : orphans) {
      size_t to = 0;
      double best = -std::numeric_limits<double>::infinity();
      for (size_t g = 0; g < groups.size(); ++g) {
        double s = 0;
        for (size_t j : groups[g]) s += sim[i * n + j];
        s /= double(groups[g].size());
        if (s > best) {
          best = s;
          to = g;
        }
      }
      groups[to].push_back(i);
    }
    for (auto& g : groups) std::sort(g.begin(), g.end());
  }
  std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
    if (a.size() != b.size()) return a.size() > b.size();
    return a.front() < b.front();
  });
  for (const auto& g : groups) {
    Cluster c;
    for (size_t i : g) c.papers.push_back(static_cast<int>(i) + 1);
    c.terms = vectors.CharacteristicTerms(g, 5);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace ah::brief
