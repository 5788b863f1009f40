#include "radar/features.h"

#include <algorithm>
#include <cmath>

#include "radar/authors.h"
#include "radar/parallel.h"

namespace ah::radar {
namespace {

constexpr uint32_t kDrop = 0xFFFFFFFFu;     // a stop word: removed before n-grams
constexpr uint32_t kUnknown = 0xFFFFFFFEu;  // a term the library never saw: breaks n-grams
constexpr uint32_t kSep = 0xFFFFFFFDu;      // field border: no n-gram across it

// The texts of a document; an entry starting with '@' is one author term, not
// text to tokenize.
void DocTexts(const Document& d, const FeatureOptions& o, std::vector<std::string>* out) {
  out->clear();
  if (o.layout == FieldLayout::kJoined) {
    std::string s = d.title;
    s += ' ';
    s += d.abstract;
    if (o.author_terms)
      for (const auto& a : d.authors) {
        s += ' ';
        s += a;
      }
    out->push_back(std::move(s));
    return;
  }
  for (int i = 0; i < std::max(1, o.title_weight); ++i) out->push_back(d.title);
  out->push_back(d.abstract);
  if (o.author_terms)
    for (const auto& a : d.authors) {
      std::string k = AuthorKey(a);
      if (!k.empty()) out->push_back("@" + k);
    }
}

uint64_t UnigramKey(uint32_t t) { return t; }
uint64_t BigramKey(uint32_t a, uint32_t b) { return ((uint64_t(a) + 1) << 32) | b; }

// Calls f(key) for every n-gram of a term sequence with kSep borders.
template <typename F>
void ForEachNgram(const uint32_t* seq, size_t n, int ngram_max, F&& f) {
  uint32_t prev = kUnknown;
  for (size_t i = 0; i < n; ++i) {
    uint32_t t = seq[i];
    if (t == kDrop) continue;
    if (t == kSep || t == kUnknown) {
      prev = kUnknown;
      continue;
    }
    f(UnigramKey(t));
    if (ngram_max >= 2 && prev != kUnknown) f(BigramKey(prev, t));
    prev = t;
  }
}

// Turns a document's n-gram keys into its normalised tf-idf row.
void MakeRow(std::vector<uint32_t>& fids, const std::vector<float>& idf, bool sublinear,
             SparseMatrix* out) {
  std::sort(fids.begin(), fids.end());
  size_t start = out->col.size();
  double norm = 0;
  for (size_t i = 0; i < fids.size();) {
    size_t j = i;
    while (j < fids.size() && fids[j] == fids[i]) ++j;
    double tf = static_cast<double>(j - i);
    double w = (sublinear ? 1.0 + std::log(tf) : tf) * idf[fids[i]];
    out->col.push_back(fids[i]);
    out->val.push_back(static_cast<float>(w));
    norm += w * w;
    i = j;
  }
  if (norm > 0) {
    float inv = static_cast<float>(1.0 / std::sqrt(norm));
    for (size_t k = start; k < out->val.size(); ++k) out->val[k] *= inv;
  }
  out->row_ptr.push_back(out->col.size());
}

}  // namespace

void SparseMatrix::Append(const SparseMatrix& other) {
  uint64_t base = col.size();
  col.insert(col.end(), other.col.begin(), other.col.end());
  val.insert(val.end(), other.val.begin(), other.val.end());
  for (size_t r = 1; r < other.row_ptr.size(); ++r) row_ptr.push_back(base + other.row_ptr[r]);
}

FeatureOptions ArxivSanityFeatureOptions() {
  FeatureOptions o;
  o.tokenizer.style = TokenStyle::kSklearn;
  o.tokenizer.drop_stop_words = true;
  o.tokenizer.stem = false;
  o.layout = FieldLayout::kJoined;
  o.ngram_max = 2;
  o.min_df = 5;
  o.max_df = 0.5;
  o.max_features = 10000;
  o.sublinear_tf = true;
  return o;
}

// Builds a FeatureSpace in five passes; see Build.
class FeatureBuilder {
 public:
  FeatureBuilder(const Corpus& corpus, const FeatureOptions& o, FeatureSpace* fs)
      : corpus_(corpus), o_(o), fs_(fs), threads_(std::max(1, o.threads)) {}

  void Run() {
    part_.resize(static_cast<size_t>(threads_));
    Tokenize();
    MapWords();
    CountNgrams();
    SelectFeatures();
    BuildRows();
  }

 private:
  struct Part {
    size_t begin = 0, end = 0;
    Interner words;  // local word ids
    std::vector<uint32_t> word_count;
    std::vector<uint32_t> seq;      // word ids, then term ids; kSep between fields
    std::vector<uint64_t> off{0};   // per document
    std::vector<uint32_t> to_term;  // local word id -> term id / kDrop
    FlatMap64 slot;                 // n-gram key -> index into df/tf
    std::vector<uint32_t> df;
    std::vector<uint64_t> tf;
    SparseMatrix rows;
  };

  // Pass 1 (parallel): words of each document, interned per thread.
  void Tokenize() {
    ParallelFor(threads_, corpus_.size(), [&](int t, size_t b, size_t e) {
      Part& p = part_[static_cast<size_t>(t)];
      p.begin = b;
      p.end = e;
      std::vector<std::string> texts;
      std::string scratch;
      std::vector<std::string_view> words;
      for (size_t i = b; i < e; ++i) {
        DocTexts(corpus_[i], o_, &texts);
        for (const auto& text : texts) {
          if (!p.seq.empty() && p.seq.size() != p.off.back()) p.seq.push_back(kSep);
          auto add = [&](std::string_view w) {
            uint32_t id = p.words.Intern(w);
            if (id >= p.word_count.size()) p.word_count.resize(id + 1, 0);
            ++p.word_count[id];
            p.seq.push_back(id);
          };
          if (!text.empty() && text[0] == '@') {
            add(text);
            continue;
          }
          words.clear();
          ExtractWords(text, o_.tokenizer, &scratch, &words);
          for (auto w : words) add(w);
        }
        p.off.push_back(p.seq.size());
      }
    });
  }

  // Pass 2: every distinct word to its term (stemming in parallel, interning in order).
  void MapWords() {
    Interner all;
    std::vector<uint64_t> count;
    std::vector<std::vector<uint32_t>> to_global(part_.size());
    for (size_t t = 0; t < part_.size(); ++t) {
      Part& p = part_[t];
      to_global[t].resize(p.words.size());
      for (uint32_t w = 0; w < p.words.size(); ++w) {
        uint32_t g = all.Intern(p.words.Get(w));
        if (g >= count.size()) count.resize(g + 1, 0);
        count[g] += p.word_count[w];
        to_global[t][w] = g;
      }
    }
    std::vector<std::string> term_of(all.size());
    ParallelFor(threads_, all.size(), [&](int, size_t b, size_t e) {
      TermMapper mapper(o_.tokenizer);
      for (size_t w = b; w < e; ++w) {
        std::string_view word = all.Get(static_cast<uint32_t>(w));
        term_of[w] = word[0] == '@' ? std::string(word) : mapper.Map(word);
      }
    });
    std::vector<uint32_t> global_to_term(all.size());
    std::vector<uint64_t> best;  // count of the display word of each term
    for (size_t w = 0; w < all.size(); ++w) {
      if (term_of[w].empty()) {
        global_to_term[w] = kDrop;
        continue;
      }
      uint32_t t = fs_->terms_.Intern(term_of[w]);
      global_to_term[w] = t;
      if (t >= best.size()) {
        best.resize(t + 1, 0);
        fs_->display_.resize(t + 1);
      }
      // Most frequent word; ties to the byte-smaller one, so threads do not matter.
      std::string_view word = all.Get(static_cast<uint32_t>(w));
      if (count[w] > best[t] || (count[w] == best[t] && word < fs_->display_[t])) {
        best[t] = count[w];
        fs_->display_[t] = std::string(word);
      }
    }
    for (size_t t = 0; t < part_.size(); ++t) {
      Part& p = part_[t];
      p.to_term.resize(p.words.size());
      for (uint32_t w = 0; w < p.words.size(); ++w) p.to_term[w] = global_to_term[to_global[t][w]];
      p.words = Interner();
      p.word_count = {};
    }
  }

  // Pass 3 (parallel): document frequency and total count of every n-gram.
  void CountNgrams() {
    ParallelFor(threads_, part_.size(), [&](int, size_t b, size_t e) {
      for (size_t t = b; t < e; ++t) {
        Part& p = part_[t];
        for (auto& x : p.seq)
          if (x != kSep) x = p.to_term[x];
        std::vector<uint64_t> keys;
        for (size_t d = 0; d + 1 < p.off.size(); ++d) {
          keys.clear();
          ForEachNgram(p.seq.data() + p.off[d], p.off[d + 1] - p.off[d], o_.ngram_max,
                       [&](uint64_t k) { keys.push_back(k); });
          std::sort(keys.begin(), keys.end());
          for (size_t i = 0; i < keys.size();) {
            size_t j = i;
            while (j < keys.size() && keys[j] == keys[i]) ++j;
            uint32_t& s = p.slot.At(keys[i], static_cast<uint32_t>(p.df.size()));
            if (s == p.df.size()) {
              p.df.push_back(0);
              p.tf.push_back(0);
            }
            p.df[s] += 1;
            p.tf[s] += j - i;
            i = j;
          }
        }
      }
    });
  }

  // Pass 4: merge the counts, prune by df, keep the max_features most frequent.
  void SelectFeatures() {
    struct Cand {
      uint64_t key;
      uint64_t tf;
      uint32_t df;
    };
    size_t n = corpus_.size();
    double max_count = o_.max_df * static_cast<double>(n);
    fs_->term_df_.assign(fs_->terms_.size(), 0);
    // Partition the key space across threads so the merge runs in parallel.
    std::vector<std::vector<Cand>> cands(part_.size());
    ParallelFor(threads_, part_.size(), [&](int, size_t b, size_t e) {
      for (size_t q = b; q < e; ++q) {
        FlatMap64 merged;
        std::vector<uint32_t> df;
        std::vector<uint64_t> tf;
        for (const Part& p : part_) {
          p.slot.ForEach([&](uint64_t key, uint32_t s) {
            if (part_.size() > 1 && HashU64(key ^ 0x9e3779b97f4a7c15ULL) % part_.size() != q)
              return;
            uint32_t& m = merged.At(key, static_cast<uint32_t>(df.size()));
            if (m == df.size()) {
              df.push_back(0);
              tf.push_back(0);
            }
            df[m] += p.df[s];
            tf[m] += p.tf[s];
          });
        }
        merged.ForEach([&](uint64_t key, uint32_t m) {
          // Unigram keys are term ids; partitions hold distinct keys.
          if (key < (uint64_t(1) << 32)) fs_->term_df_[key] = df[m];
          if (df[m] < static_cast<uint32_t>(std::max(1, o_.min_df))) return;
          if (static_cast<double>(df[m]) > max_count) return;
          cands[q].push_back({key, tf[m], df[m]});
        });
      }
    });
    for (Part& p : part_) {
      p.slot = FlatMap64();
      p.df = {};
      p.tf = {};
    }
    std::vector<std::pair<std::string, Cand>> named;
    for (auto& c : cands)
      for (auto& x : c) named.emplace_back(NameOf(x.key), x);
    if (o_.max_features > 0 && named.size() > o_.max_features) {
      std::sort(named.begin(), named.end(), [](const auto& a, const auto& b) {
        if (a.second.tf != b.second.tf) return a.second.tf > b.second.tf;
        return a.first < b.first;
      });
      named.resize(o_.max_features);
    }
    std::sort(named.begin(), named.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    fs_->names_.reserve(named.size());
    fs_->idf_.reserve(named.size());
    for (uint32_t f = 0; f < named.size(); ++f) {
      fs_->feature_of_.At(named[f].second.key) = f;
      fs_->names_.push_back(std::move(named[f].first));
      double df = named[f].second.df;
      fs_->idf_.push_back(
          static_cast<float>(std::log((1.0 + static_cast<double>(n)) / (1.0 + df)) + 1.0));
    }
  }

  std::string NameOf(uint64_t key) const {
    if (key < (uint64_t(1) << 32)) return std::string(fs_->terms_.Get(static_cast<uint32_t>(key)));
    uint32_t a = static_cast<uint32_t>((key >> 32) - 1), b = static_cast<uint32_t>(key);
    std::string s(fs_->terms_.Get(a));
    s += ' ';
    s += fs_->terms_.Get(b);
    return s;
  }

  // Pass 5 (parallel): each document's row.
  void BuildRows() {
    ParallelFor(threads_, part_.size(), [&](int, size_t b, size_t e) {
      for (size_t t = b; t < e; ++t) {
        Part& p = part_[t];
        p.rows.cols = static_cast<uint32_t>(fs_->names_.size());
        std::vector<uint32_t> fids;
        for (size_t d = 0; d + 1 < p.off.size(); ++d) {
          fids.clear();
          ForEachNgram(p.seq.data() + p.off[d], p.off[d + 1] - p.off[d], o_.ngram_max,
                       [&](uint64_t k) {
                         uint32_t f = fs_->feature_of_.Get(k, kUnknown);
                         if (f != kUnknown) fids.push_back(f);
                       });
          MakeRow(fids, fs_->idf_, o_.sublinear_tf, &p.rows);
        }
        p.seq = {};
      }
    });
    fs_->rows_.cols = static_cast<uint32_t>(fs_->names_.size());
    for (auto& p : part_) {
      fs_->rows_.Append(p.rows);
      p.rows = SparseMatrix();
    }
  }

  const Corpus& corpus_;
  const FeatureOptions& o_;
  FeatureSpace* fs_;
  int threads_;
  std::vector<Part> part_;
};

Result<std::unique_ptr<FeatureSpace>> FeatureSpace::Build(const Corpus& corpus,
                                                          const FeatureOptions& options) {
  if (options.ngram_max < 1 || options.ngram_max > 2)
    return MakeError(Code::kInvalidArgument, "radar features: ngram_max must be 1 or 2");
  if (!(options.max_df > 0.0 && options.max_df <= 1.0))
    return MakeError(Code::kInvalidArgument, "radar features: max_df must be in (0, 1]");
  std::unique_ptr<FeatureSpace> fs(new FeatureSpace());
  fs->options_ = options;
  fs->num_docs_ = corpus.size();
  FeatureBuilder builder(corpus, fs->options_, fs.get());
  builder.Run();
  return fs;
}

std::string FeatureSpace::DisplayName(uint32_t f) const {
  const std::string& name = names_[f];
  if (name.empty() || name[0] == '@') return name;
  std::string out;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find(' ', start);
    if (end == std::string::npos) end = name.size();
    if (!out.empty()) out += ' ';
    out += DisplayTerm(std::string_view(name).substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string FeatureSpace::DisplayTerm(std::string_view term) const {
  int64_t id = terms_.Find(term);
  if (id >= 0 && static_cast<size_t>(id) < display_.size() &&
      !display_[static_cast<size_t>(id)].empty())
    return display_[static_cast<size_t>(id)];
  return std::string(term);
}

uint32_t FeatureSpace::TermDf(std::string_view term) const {
  int64_t id = terms_.Find(term);
  return id < 0 ? 0 : term_df_[static_cast<size_t>(id)];
}

void FeatureSpace::Segments(const Document& doc, TermMapper* mapper, bool,
                            std::vector<std::vector<uint32_t>>* segs) const {
  std::vector<std::string> texts;
  DocTexts(doc, options_, &texts);
  std::string scratch;
  std::vector<std::string_view> words;
  segs->clear();
  for (const auto& text : texts) {
    std::vector<uint32_t> seg;
    if (!text.empty() && text[0] == '@') {
      int64_t id = terms_.Find(text);
      seg.push_back(id < 0 ? kUnknown : static_cast<uint32_t>(id));
    } else {
      words.clear();
      ExtractWords(text, options_.tokenizer, &scratch, &words);
      for (auto w : words) {
        std::string t = mapper->Map(w);
        if (t.empty()) continue;
        int64_t id = terms_.Find(t);
        seg.push_back(id < 0 ? kUnknown : static_cast<uint32_t>(id));
      }
    }
    segs->push_back(std::move(seg));
  }
}

void FeatureSpace::Transform(const Document& doc, std::vector<uint32_t>* cols,
                             std::vector<float>* vals) const {
  TermMapper mapper(options_.tokenizer);
  std::vector<std::vector<uint32_t>> segs;
  Segments(doc, &mapper, false, &segs);
  std::vector<uint32_t> fids;
  for (const auto& seg : segs)
    ForEachNgram(seg.data(), seg.size(), options_.ngram_max, [&](uint64_t k) {
      uint32_t f = feature_of_.Get(k, kUnknown);
      if (f != kUnknown) fids.push_back(f);
    });
  SparseMatrix one;
  MakeRow(fids, idf_, options_.sublinear_tf, &one);
  *cols = std::move(one.col);
  *vals = std::move(one.val);
}

SparseMatrix FeatureSpace::TransformAll(const std::vector<Document>& docs) const {
  std::vector<SparseMatrix> parts(static_cast<size_t>(std::max(1, options_.threads)));
  ParallelFor(options_.threads, docs.size(), [&](int t, size_t b, size_t e) {
    TermMapper mapper(options_.tokenizer);
    SparseMatrix& m = parts[static_cast<size_t>(t)];
    std::vector<std::vector<uint32_t>> segs;
    std::vector<uint32_t> fids;
    for (size_t i = b; i < e; ++i) {
      Segments(docs[i], &mapper, false, &segs);
      fids.clear();
      for (const auto& seg : segs)
        ForEachNgram(seg.data(), seg.size(), options_.ngram_max, [&](uint64_t k) {
          uint32_t f = feature_of_.Get(k, kUnknown);
          if (f != kUnknown) fids.push_back(f);
        });
      MakeRow(fids, idf_, options_.sublinear_tf, &m);
    }
  });
  SparseMatrix out;
  out.cols = static_cast<uint32_t>(names_.size());
  for (auto& p : parts) out.Append(p);
  return out;
}

std::vector<std::string> FeatureSpace::TermsOf(std::string_view text) const {
  return Terms(text, options_.tokenizer);
}

}  // namespace ah::radar
