#include "radar/radar.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <utility>

#include "core/date.h"
#include "core/text.h"
#include "radar/authors.h"
#include "radar/hash.h"
#include "radar/parallel.h"
#include "radar/warm_svc.h"
#include "search/query.h"

namespace ah::radar {
namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int32_t DayOf(const std::string& ymd) {
  auto d = date::Parse(ymd);
  if (!d) return INT32_MIN;
  return static_cast<int32_t>(date::ToDays(*d));
}

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

// (s - mean) / stddev in place; all zeros when the component is constant.
// With `include`, the statistics are those of the included entries only.
void ZNormalize(std::vector<double>& s, const std::vector<uint8_t>* include = nullptr) {
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

// Leaves of a parsed query: positive text, negative text, author and category terms.
struct QueryParts {
  std::vector<std::string> text, negative, authors, categories;
};

void CollectLeaves(const search::Node& n, bool negated, QueryParts* out) {
  using K = search::Node::Kind;
  if (n.kind == K::kNot) {
    for (const auto& c : n.children) CollectLeaves(c, !negated, out);
    return;
  }
  if (n.kind == K::kAnd || n.kind == K::kOr) {
    for (const auto& c : n.children) CollectLeaves(c, negated, out);
    return;
  }
  if (negated) {
    if (n.field != search::Field::kAuthor && n.field != search::Field::kCategory &&
        n.field != search::Field::kSource && n.field != search::Field::kId)
      out->negative.push_back(n.text);
    return;
  }
  switch (n.field) {
    case search::Field::kAuthor:
      out->authors.push_back(n.text);
      break;
    case search::Field::kCategory:
      out->categories.push_back(n.text);
      break;
    case search::Field::kSource:
    case search::Field::kId:
      break;
    default:
      out->text.push_back(n.text);
  }
}

QueryParts SplitQuery(const std::string& q, std::vector<std::string>* warnings) {
  QueryParts parts;
  if (text::Trim(q).empty()) return parts;
  auto parsed = search::ParseQuery(q);
  if (!parsed) {
    if (warnings) warnings->push_back("query: " + parsed.error().message + "; used as plain words");
    parts.text.push_back(q);
    return parts;
  }
  if (parsed->has_root) CollectLeaves(parsed->root, false, &parts);
  return parts;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) {
    if (!s.empty()) s += sep;
    s += x;
  }
  return s;
}

}  // namespace

FeatureOptions DefaultFeatureOptions() {
  FeatureOptions o;
  o.tokenizer.style = TokenStyle::kAcademic;
  o.tokenizer.drop_stop_words = true;
  o.tokenizer.stem = true;
  o.tokenizer.keep_latex_commands = true;
  o.tokenizer.drop_numbers = true;
  o.layout = FieldLayout::kFields;
  o.title_weight = 1;
  o.author_terms = true;
  o.ngram_max = 2;
  o.min_df = 3;
  o.max_df = 0.5;
  o.max_features = 0;
  o.sublinear_tf = true;
  return o;
}

Result<std::unique_ptr<RadarIndex>> RadarIndex::Build(const Corpus& corpus,
                                                      const RadarIndexOptions& options) {
  std::unique_ptr<RadarIndex> index(new RadarIndex());
  index->corpus_ = &corpus;
  auto t0 = std::chrono::steady_clock::now();
  auto fs = FeatureSpace::Build(corpus, options.features);
  if (!fs) return Fail(fs.error());
  index->features_ = std::move(*fs);
  index->features_seconds_ = Seconds(t0);
  if (options.embeddings) {
    auto t1 = std::chrono::steady_clock::now();
    if (options.provider) {
      if (auto st = index->EmbedLibrary(options); !st) return Fail(st.error());
    } else {
      LsaOptions lo = options.lsa;
      // A small library cannot carry many dimensions.
      size_t cap = std::min(corpus.size(), index->features_->num_features());
      if (cap < static_cast<size_t>(lo.dims))
        lo.dims = static_cast<int>(std::max<size_t>(cap / 2, 1));
      auto lsa = LsaModel::Fit(*index->features_, lo);
      if (!lsa) return Fail(lsa.error());
      index->lsa_ = std::move(*lsa);
      index->dims_ = index->lsa_->dims();
      index->embeddings_ = index->lsa_->EmbedAll(index->features_->rows());
    }
    index->embeddings_seconds_ = Seconds(t1);
  }
  return index;
}

Result<std::unique_ptr<RadarIndex>> RadarIndex::Extend(const RadarIndex& base, const Corpus& corpus,
                                                       const std::vector<uint32_t>& changed,
                                                       const RadarIndexOptions& options) {
  std::unique_ptr<RadarIndex> index(new RadarIndex());
  index->corpus_ = &corpus;
  index->features_ = base.features_;
  index->lsa_ = base.lsa_;
  index->provider_ = base.provider_;
  index->provider_batch_ = base.provider_batch_;
  index->dims_ = base.dims_;
  auto t0 = std::chrono::steady_clock::now();
  // The changed documents' rows, in the fitted space.
  std::vector<Document> docs;
  docs.reserve(changed.size());
  for (uint32_t i : changed) docs.push_back(corpus[i]);
  SparseMatrix fresh = base.features_->TransformAll(docs);
  const SparseMatrix& old = base.rows();
  auto rows = std::make_unique<SparseMatrix>();
  rows->cols = old.cols;
  rows->row_ptr.reserve(corpus.size() + 1);
  rows->col.reserve(old.col.size() + fresh.col.size());
  rows->val.reserve(old.val.size() + fresh.val.size());
  size_t next = 0;  // position in `changed` / `fresh`
  for (size_t i = 0; i < corpus.size(); ++i) {
    const SparseMatrix* src = &old;
    size_t r = i;
    if (next < changed.size() && changed[next] == i) {
      src = &fresh;
      r = next++;
    }
    rows->col.insert(rows->col.end(), src->RowCols(r), src->RowCols(r) + src->RowSize(r));
    rows->val.insert(rows->val.end(), src->RowVals(r), src->RowVals(r) + src->RowSize(r));
    rows->row_ptr.push_back(rows->col.size());
  }
  index->rows_ = std::move(rows);
  index->features_seconds_ = Seconds(t0);
  if (base.dims_ > 0) {
    auto t1 = std::chrono::steady_clock::now();
    const size_t k = static_cast<size_t>(base.dims_);
    index->embeddings_.assign(base.embeddings_.begin(), base.embeddings_.end());
    index->embeddings_.resize(corpus.size() * k, 0.0f);
    if (base.provider_ != nullptr) {
      RadarIndexOptions o = options;
      o.provider = base.provider_;
      o.provider_batch = base.provider_batch_;
      if (auto st = index->EmbedLibrary(o, &changed); !st) return Fail(st.error());
    } else if (base.lsa_) {
      for (size_t j = 0; j < changed.size(); ++j)
        base.lsa_->Embed(fresh.RowCols(j), fresh.RowVals(j), fresh.RowSize(j),
                         index->embeddings_.data() + changed[j] * k);
    }
    index->embeddings_seconds_ = Seconds(t1);
  }
  return index;
}

namespace {

std::unique_ptr<Batch> FinishBatch(const RadarIndex& index, std::unique_ptr<Batch> b) {
  std::vector<const Document*> ptrs;
  ptrs.reserve(b->docs.size());
  for (const auto& d : b->docs) ptrs.push_back(&d);
  b->bm25 = Bm25Index(index.features(), ptrs);
  // Transpose the rows (counting sort by column).
  const SparseMatrix& r = b->rows;
  b->col_start.assign(static_cast<size_t>(r.cols) + 1, 0);
  for (uint32_t c : r.col) ++b->col_start[c + 1];
  for (size_t c = 0; c < r.cols; ++c) b->col_start[c + 1] += b->col_start[c];
  b->col_doc.resize(r.col.size());
  b->col_val.resize(r.col.size());
  b->col_present.assign(static_cast<size_t>(r.cols) / 64 + 1, 0);
  for (uint32_t c : r.col) b->col_present[c / 64] |= uint64_t(1) << (c % 64);
  std::vector<uint64_t> fill(b->col_start.begin(), b->col_start.end() - 1);
  for (size_t d = 0; d < r.rows(); ++d)
    for (uint64_t k = r.row_ptr[d]; k < r.row_ptr[d + 1]; ++k) {
      uint64_t at = fill[r.col[k]]++;
      b->col_doc[at] = static_cast<uint32_t>(d);
      b->col_val[at] = r.val[k];
    }
  b->author_keys.resize(b->docs.size());
  b->day.resize(b->docs.size());
  for (size_t i = 0; i < b->docs.size(); ++i) {
    for (const auto& a : b->docs[i].authors) b->author_keys[i].push_back(AuthorKey(a));
    b->day[i] = DayOf(b->docs[i].date);
  }
  return b;
}

}  // namespace

Result<std::unique_ptr<Batch>> PrepareBatch(const RadarIndex& index, std::vector<Document> docs) {
  auto b = std::make_unique<Batch>();
  b->docs = std::move(docs);
  b->rows.cols = static_cast<uint32_t>(index.features().num_features());
  std::vector<Document> unseen;
  std::vector<size_t> unseen_pos;
  for (size_t i = 0; i < b->docs.size(); ++i) {
    auto li = index.corpus().Find(b->docs[i].id);
    b->library_index.push_back(li ? static_cast<int64_t>(*li) : -1);
    if (!li) {
      unseen.push_back(b->docs[i]);
      unseen_pos.push_back(i);
    }
  }
  SparseMatrix fresh = index.features().TransformAll(unseen);
  size_t k = static_cast<size_t>(index.dims());
  b->embeddings.assign(b->docs.size() * k, 0.0f);
  std::vector<float> fresh_emb;  // from the provider, unseen x k
  if (k > 0 && index.provider() && !unseen.empty()) {
    std::vector<std::string> texts;
    texts.reserve(unseen.size());
    for (const auto& d : unseen) texts.push_back(EmbeddingText(d));
    int dims = index.dims();
    auto e = EmbedTexts(*index.provider(), texts, index.provider_batch(), &dims);
    if (!e)
      return MakeError(e.error().code, "radar batch: " + std::to_string(unseen.size()) +
                                           " new papers: " + e.error().message);
    fresh_emb = std::move(*e);
  }
  size_t next = 0;
  const SparseMatrix& lib = index.rows();
  for (size_t i = 0; i < b->docs.size(); ++i) {
    const SparseMatrix* src = &lib;
    size_t r = 0;
    if (b->library_index[i] >= 0) {
      r = static_cast<size_t>(b->library_index[i]);
      if (k) std::copy_n(index.Embedding(r), k, b->embeddings.data() + i * k);
    } else {
      src = &fresh;
      r = next++;
      if (k && !fresh_emb.empty())
        std::copy_n(fresh_emb.data() + r * k, k, b->embeddings.data() + i * k);
      else if (k && index.lsa())
        index.lsa()->Embed(fresh.RowCols(r), fresh.RowVals(r), fresh.RowSize(r),
                           b->embeddings.data() + i * k);
    }
    b->rows.col.insert(b->rows.col.end(), src->RowCols(r), src->RowCols(r) + src->RowSize(r));
    b->rows.val.insert(b->rows.val.end(), src->RowVals(r), src->RowVals(r) + src->RowSize(r));
    b->rows.row_ptr.push_back(b->rows.col.size());
  }
  return FinishBatch(index, std::move(b));
}

Result<std::unique_ptr<Batch>> PrepareLibraryBatch(const RadarIndex& index,
                                                   const std::vector<std::string>& ids) {
  std::vector<Document> docs;
  docs.reserve(ids.size());
  for (const auto& id : ids) {
    auto i = index.corpus().Find(id);
    if (!i) return MakeError(Code::kNotFound, "radar: paper " + id + " is not in the library");
    docs.push_back(index.corpus()[*i]);
  }
  return PrepareBatch(index, std::move(docs));
}

size_t RadarModel::ByteSize() const {
  size_t n = sizeof(*this) + term_ids.size() * 4 + term_weights.size() * 4 + centroid.size() * 4 +
             description_embedding.size() * 4 + positives.size() * 5 + expansion.size() * 4;
  for (const auto& [t, w] : lexical) n += t.size() + sizeof(w) + 32;
  for (const auto& k : author_keys) n += k.size() + 32;
  for (const auto& [k, w] : coauthor_keys) n += k.size() + 36;
  for (const auto& h : hidden) n += h.size() + 32;
  return n;
}

Result<RadarModel> BuildRadarModel(const RadarIndex& index, const RadarSpec& spec,
                                   const RadarOptions& options, std::vector<std::string>* warnings,
                                   const RadarModel* previous) {
  const Corpus& corpus = index.corpus();
  const FeatureSpace& fs = index.features();
  RadarModel m;
  m.weights = options.weights;
  m.half_life_days = options.half_life_days;
  m.max_reasons_terms = options.max_reasons_terms;

  auto resolve = [&](const std::vector<std::string>& ids, const char* what) {
    std::vector<uint32_t> out;
    for (const auto& id : ids) {
      auto i = corpus.Find(id);
      if (!i) {
        if (warnings)
          warnings->push_back(std::string(what) + " " + id + ": not in the library, skipped");
        continue;
      }
      out.push_back(*i);
    }
    return out;
  };
  std::vector<uint32_t> seeds = resolve(spec.seeds, "seed");
  std::vector<uint32_t> liked = resolve(spec.liked, "liked paper");
  std::vector<uint32_t> disliked = resolve(spec.disliked, "disliked paper");
  std::set<uint32_t> pos_set;
  for (uint32_t s : seeds)
    if (pos_set.insert(s).second) {
      m.positives.push_back(s);
      m.positive_is_seed.push_back(1);
    }
  for (uint32_t s : liked)
    if (pos_set.insert(s).second) {
      m.positives.push_back(s);
      m.positive_is_seed.push_back(0);
    }
  std::set<uint32_t> neg_set(disliked.begin(), disliked.end());
  for (uint32_t p : pos_set) neg_set.erase(p);  // the latest word wins: liked beats disliked

  QueryParts query = SplitQuery(spec.query, warnings);
  QueryParts exclude = SplitQuery(spec.exclude, warnings);
  std::string positive_text = spec.description;
  for (const auto& t : query.text) positive_text += " " + t;
  // A description without keywords is the topic in the user's words, not a
  // list of words a paper must contain: it acts through the learned and
  // semantic components (as a pseudo-paper and its expansion); its BM25 adds
  // noise to them (docs/radar.md, "Radars from a few words").
  if (query.text.empty()) m.weights.lexical = options.description_lexical;
  std::vector<std::string> followed = spec.followed_authors;
  for (const auto& a : query.authors) followed.push_back(a);
  m.include_categories = spec.include_categories;
  for (const auto& c : query.categories) m.include_categories.push_back(c);
  m.exclude_categories = spec.exclude_categories;
  for (const auto& c : exclude.categories) m.exclude_categories.push_back(c);
  for (const auto& t : exclude.text)
    for (auto& term : fs.TermsOf(t)) m.exclude_terms.push_back(term);
  for (const auto& t : query.negative)
    for (auto& term : fs.TermsOf(t)) m.exclude_terms.push_back(term);
  std::sort(m.exclude_terms.begin(), m.exclude_terms.end());
  m.exclude_terms.erase(std::unique(m.exclude_terms.begin(), m.exclude_terms.end()),
                        m.exclude_terms.end());

  bool has_text = !text::Trim(positive_text).empty();
  if (m.positives.empty() && !has_text && followed.empty())
    return MakeError(Code::kInvalidArgument,
                     "radar " + (spec.name.empty() ? std::string("(unnamed)") : spec.name) +
                         ": nothing to rank by: give a description, keywords, an author or a seed "
                         "paper");

  // Lexical: BM25 query of description + keywords.
  if (has_text) m.lexical = MakeBm25Query(fs, positive_text);

  // Followed authors.
  std::vector<std::pair<std::string, std::string>> keyed;
  for (const auto& a : followed) {
    std::string k = AuthorKey(a);
    if (k.empty()) {
      if (warnings) warnings->push_back("author \"" + a + "\": no name to match, skipped");
      continue;
    }
    keyed.emplace_back(k, a);
  }
  std::sort(keyed.begin(), keyed.end());
  for (auto& [k, a] : keyed) {
    m.author_keys.push_back(k);
    m.author_names.push_back(a);
  }
  // Authors of the positives.
  std::map<std::string, float> co;
  for (uint32_t p : m.positives)
    for (const auto& a : corpus[p].authors) {
      std::string k = AuthorKey(a);
      if (!k.empty()) co[k] += 1.0f;
    }
  m.coauthor_keys.assign(co.begin(), co.end());

  // The description as a positive pseudo-paper.
  std::vector<uint32_t> desc_cols;
  std::vector<float> desc_vals;
  if (has_text) {
    Document d;
    d.abstract = positive_text;
    fs.Transform(d, &desc_cols, &desc_vals);
  }

  // The description's embedding: LSA of its row, or the provider's (asked once
  // per text: a feedback update reuses the previous model's; LSA vectors are
  // not reused, they belong to one fit of the library).
  if (index.has_embeddings() && has_text) {
    const size_t k = static_cast<size_t>(index.dims());
    m.description_key = HashBytes(index.embedding_name() + "\n" + positive_text);
    if (index.provider() && previous && previous->description_key == m.description_key &&
        previous->description_embedding.size() == k) {
      m.description_embedding = previous->description_embedding;
    } else if (index.provider()) {
      auto e = index.EmbedTexts({positive_text});
      if (!e)
        return MakeError(e.error().code,
                         "radar " + spec.name + ": description: " + e.error().message);
      m.description_embedding = std::move(*e);
    } else if (!desc_cols.empty()) {
      m.description_embedding.resize(k);
      index.lsa()->Embed(desc_cols.data(), desc_vals.data(), desc_cols.size(),
                         m.description_embedding.data());
    }
  }

  // Learned: positives (and the description) against dislikes and a library sample.
  std::vector<Example> ex;
  const SparseMatrix& rows = index.rows();
  std::vector<int64_t> ex_doc;  // library index of each example, -1 for the description
  auto add_row = [&](uint32_t r, bool positive) {
    ex.push_back({rows.RowCols(r), rows.RowVals(r), rows.RowSize(r), positive});
    ex_doc.push_back(r);
  };
  for (uint32_t p : m.positives) add_row(p, true);
  if (!desc_cols.empty() && options.description_weight > 0) {
    ex.push_back({desc_cols.data(), desc_vals.data(), desc_cols.size(), true});
    ex_doc.push_back(-1);
  }
  size_t n_pos = ex.size();
  for (uint32_t d : neg_set) add_row(d, false);
  if (n_pos > 0) {
    if (options.background == 0 || options.background >= corpus.size()) {
      for (uint32_t i = 0; i < corpus.size(); ++i)
        if (!pos_set.count(i) && !neg_set.count(i)) add_row(i, false);
    } else {
      std::mt19937_64 rng(options.background_seed);
      std::uniform_int_distribution<uint32_t> pick(0, static_cast<uint32_t>(corpus.size() - 1));
      // A bitmap, not a std::set: the same sample in ascending order, without
      // 10,000 node allocations on every model build.
      std::vector<uint64_t> chosen((corpus.size() + 63) / 64, 0);
      size_t count = 0, attempts = 0;
      while (count < options.background && attempts++ < options.background * 4) {
        uint32_t i = pick(rng);
        if (pos_set.count(i) || neg_set.count(i)) continue;
        const uint64_t bit = uint64_t(1) << (i % 64);
        if (chosen[i / 64] & bit) continue;
        chosen[i / 64] |= bit;
        ++count;
      }
      for (size_t wd = 0; wd < chosen.size(); ++wd)
        for (uint64_t b = chosen[wd]; b != 0; b &= b - 1)
          add_row(static_cast<uint32_t>(wd * 64 + static_cast<size_t>(std::countr_zero(b))), false);
    }
  }
  // Keeps the largest |w| of a trained model, given as (term id, weight) in
  // ascending id order without zero weights.
  auto keep_terms = [&](std::vector<std::pair<uint32_t, float>> terms, float bias) {
    if (options.max_terms > 0 && terms.size() > options.max_terms) {
      std::nth_element(terms.begin(), terms.begin() + static_cast<long>(options.max_terms), terms.end(),
                       [](const std::pair<uint32_t, float>& a, const std::pair<uint32_t, float>& b) {
                         return std::fabs(a.second) > std::fabs(b.second);
                       });
      terms.resize(options.max_terms);
      std::sort(terms.begin(), terms.end());  // ids are unique: ascending id
    }
    m.term_ids.clear();
    m.term_weights.clear();
    for (const auto& [id, w] : terms) {
      m.term_ids.push_back(id);
      m.term_weights.push_back(w);
    }
    m.bias = bias;
  };
  auto keep = [&](Result<LinearModel> lm) -> Status {
    if (!lm) return Fail(lm.error());
    std::vector<std::pair<uint32_t, float>> terms;
    for (uint32_t j = 0; j < lm->w.size(); ++j)
      if (lm->w[j] != 0) terms.emplace_back(j, lm->w[j]);
    keep_terms(std::move(terms), lm->b);
    return Ok();
  };
  auto keep_sparse = [&](Result<SparseLinearModel> lm) -> Status {
    if (!lm) return Fail(lm.error());
    std::vector<std::pair<uint32_t, float>> terms;
    terms.reserve(lm->ids.size());
    for (size_t k = 0; k < lm->ids.size(); ++k) terms.emplace_back(lm->ids[k], lm->w[k]);
    keep_terms(std::move(terms), lm->b);
    return Ok();
  };
  auto train = [&](const std::vector<Example>& examples) -> Status {
    if (options.own_solver && options.linear.solver == LinearSolver::kSvcL2Loss) {
      WarmSvcOptions wo;
      wo.max_terms = options.max_terms;
      return keep_sparse(TrainSvcWarm(examples, static_cast<uint32_t>(fs.num_features()),
                                      options.linear, nullptr, wo));
    }
    return keep(TrainLinear(examples, static_cast<uint32_t>(fs.num_features()), options.linear));
  };
  const bool reuse = previous != nullptr && options.expand > 0 && !previous->expansion.empty();
  if (n_pos > 0 && ex.size() > n_pos && !reuse)
    if (auto st = train(ex); !st) return Fail(st.error());

  // Semantic direction: positives (+ description) minus dislikes.
  const double expand_semantic =
      m.positives.empty() ? options.expand_semantic_no_papers : options.expand_semantic;
  auto centroid = [&](const std::vector<uint32_t>& extra) {
    m.centroid.clear();
    if (!index.has_embeddings()) return;
    size_t k = static_cast<size_t>(index.dims());
    std::vector<double> c(k, 0.0);
    double mass = 0;
    for (uint32_t p : m.positives) {
      const float* e = index.Embedding(p);
      for (size_t i = 0; i < k; ++i) c[i] += e[i];
      mass += 1;
    }
    for (uint32_t p : extra) {
      const float* e = index.Embedding(p);
      for (size_t i = 0; i < k; ++i) c[i] += expand_semantic * e[i];
      mass += expand_semantic;
    }
    if (m.description_embedding.size() == k) {
      const std::vector<float>& e = m.description_embedding;
      double w = options.description_weight * std::max(1.0, mass);
      for (size_t i = 0; i < k; ++i) c[i] += w * e[i];
      mass += w;
    }
    if (mass <= 0) return;
    for (auto& v : c) v /= mass;
    if (!neg_set.empty() && options.disliked_semantic > 0) {
      std::vector<double> n(k, 0.0);
      for (uint32_t d : neg_set) {
        const float* e = index.Embedding(d);
        for (size_t i = 0; i < k; ++i) n[i] += e[i];
      }
      for (size_t i = 0; i < k; ++i)
        c[i] -= options.disliked_semantic * n[i] / static_cast<double>(neg_set.size());
    }
    double norm = 0;
    for (double v : c) norm += v * v;
    norm = std::sqrt(norm);
    if (norm <= 0) return;
    m.centroid.resize(k);
    for (size_t i = 0; i < k; ++i) m.centroid[i] = static_cast<float>(c[i] / norm);
  };
  centroid({});

  // Pseudo-relevance feedback over the library (or the previous model's).
  if (reuse && n_pos > 0 && ex.size() > n_pos) {
    std::vector<uint32_t> extra;
    for (uint32_t i : previous->expansion)
      if (i < corpus.size() && !pos_set.count(i) && !neg_set.count(i)) extra.push_back(i);
    std::set<uint32_t> extra_set(extra.begin(), extra.end());
    std::vector<Example> ex2;
    for (const auto& e : ex)
      if (e.positive) ex2.push_back(e);
    for (uint32_t i : extra)
      ex2.push_back({rows.RowCols(i), rows.RowVals(i), rows.RowSize(i), true});
    for (size_t j = 0; j < ex.size(); ++j)
      if (!ex[j].positive && !(ex_doc[j] >= 0 && extra_set.count(static_cast<uint32_t>(ex_doc[j]))))
        ex2.push_back(ex[j]);
    if (options.warm_start && options.linear.solver == LinearSolver::kSvcL2Loss) {
      // The previous model is this problem but for a like or a dislike: the
      // solver starts from it (warm_svc.h).
      SparseLinearModel start{previous->term_ids, previous->term_weights, previous->bias};
      WarmSvcOptions wo;
      wo.max_passes = options.feedback_passes;
      wo.max_terms = options.max_terms;
      if (auto st = keep_sparse(TrainSvcWarm(ex2, static_cast<uint32_t>(fs.num_features()),
                                             options.linear, &start, wo));
          !st)
        return Fail(st.error());
    } else if (auto st = train(ex2); !st) {
      return Fail(st.error());
    }
    if (expand_semantic > 0) centroid(extra);
    m.expansion = std::move(extra);
  } else if (options.expand > 0 && n_pos > 0 && !m.term_ids.empty() &&
             (ex.size() - n_pos) / 4 > 0) {
    const int rounds =
        m.positives.empty() ? options.expand_rounds_no_papers : options.expand_rounds;
    for (int round = 0; round < std::max(1, rounds); ++round) {
      size_t n = corpus.size();
      std::vector<double> learned(n, 0.0), semantic(n, 0.0);
      std::vector<float> dense(fs.num_features(), 0.0f);
      for (size_t i = 0; i < m.term_ids.size(); ++i) dense[m.term_ids[i]] = m.term_weights[i];
      size_t k = static_cast<size_t>(index.dims());
      ParallelFor(fs.options().threads, n, [&](int, size_t b, size_t e) {
        for (size_t i = b; i < e; ++i) {
          learned[i] = rows.DotDense(i, dense.data());
          if (!m.centroid.empty()) semantic[i] = Dot(index.Embedding(i), m.centroid.data(), k);
        }
      });
      ZNormalize(learned);
      ZNormalize(semantic);
      std::vector<std::pair<double, uint32_t>> best;
      best.reserve(n);
      for (uint32_t i = 0; i < n; ++i)
        if (!pos_set.count(i) && !neg_set.count(i))
          best.emplace_back(learned[i] + options.expand_select_semantic * semantic[i], i);
      // Keep at least three quarters of the negatives (a small library).
      size_t negatives = ex.size() - n_pos;
      size_t take = std::min({options.expand, best.size(), negatives / 4});
      std::partial_sort(best.begin(), best.begin() + static_cast<long>(take), best.end(),
                        std::greater<>());
      std::vector<uint32_t> extra;
      std::set<uint32_t> extra_set;
      for (size_t i = 0; i < take; ++i) {
        extra.push_back(best[i].second);
        extra_set.insert(best[i].second);
      }
      // The expansion joins the positives and leaves the background.
      std::vector<Example> ex2;
      for (const auto& e : ex)
        if (e.positive) ex2.push_back(e);
      for (uint32_t i : extra)
        ex2.push_back({rows.RowCols(i), rows.RowVals(i), rows.RowSize(i), true});
      for (size_t j = 0; j < ex.size(); ++j)
        if (!ex[j].positive &&
            !(ex_doc[j] >= 0 && extra_set.count(static_cast<uint32_t>(ex_doc[j]))))
          ex2.push_back(ex[j]);
      if (auto st = train(ex2); !st) return Fail(st.error());
      if (expand_semantic > 0) centroid(extra);
      m.expansion = std::move(extra);
    }
  }

  m.hidden = spec.hidden;
  std::sort(m.hidden.begin(), m.hidden.end());
  return m;
}

namespace {

bool HasCategory(const Document& d, const std::vector<std::string>& cats, std::string* which) {
  for (const auto& c : d.categories)
    for (const auto& want : cats)
      if (text::IEquals(c, want)) {
        if (which) *which = c;
        return true;
      }
  return false;
}

}  // namespace

std::vector<Ranked> RankBatch(const RadarIndex& index, const RadarModel& m, const Batch& batch,
                              size_t top_n, size_t explain, const std::vector<uint8_t>* include) {
  const size_t n = batch.size();
  if (include != nullptr && include->size() != n) include = nullptr;
  const FeatureSpace& fs = index.features();
  const size_t k = static_cast<size_t>(index.dims());
  std::vector<double> total(n, 0.0), comp(n);

  // Learned: walk the batch's postings of the model's terms.
  if (!m.term_ids.empty() && m.weights.learned != 0 &&
      batch.col_start.size() == fs.num_features() + 1) {
    std::fill(comp.begin(), comp.end(), 0.0);
    for (size_t i = 0; i < m.term_ids.size(); ++i) {
      uint32_t t = m.term_ids[i];
      // Most of a model's terms are absent from a day: the bitmap (tens of KB)
      // answers that from cache.
      if (!(batch.col_present[t / 64] >> (t % 64) & 1)) continue;
      double w = m.term_weights[i];
      for (uint64_t k = batch.col_start[t]; k < batch.col_start[t + 1]; ++k)
        comp[batch.col_doc[k]] += w * batch.col_val[k];
    }
    ZNormalize(comp, include);
    for (size_t d = 0; d < n; ++d) total[d] += m.weights.learned * comp[d];
  }
  if (!m.centroid.empty() && m.weights.semantic != 0 && batch.embeddings.size() == n * k) {
    for (size_t d = 0; d < n; ++d)
      comp[d] = Dot(batch.embeddings.data() + d * k, m.centroid.data(), k);
    ZNormalize(comp, include);
    for (size_t d = 0; d < n; ++d) total[d] += m.weights.semantic * comp[d];
  }
  if (!m.lexical.empty() && m.weights.lexical != 0) {
    batch.bm25.Score(m.lexical, &comp);
    ZNormalize(comp, include);
    for (size_t d = 0; d < n; ++d) total[d] += m.weights.lexical * comp[d];
  }
  if (!m.author_keys.empty() && m.weights.author != 0) {
    for (size_t d = 0; d < n; ++d) {
      comp[d] = 0;
      for (const auto& a : batch.author_keys[d])
        if (std::binary_search(m.author_keys.begin(), m.author_keys.end(), a)) comp[d] = 1;
    }
    ZNormalize(comp, include);
    for (size_t d = 0; d < n; ++d) total[d] += m.weights.author * comp[d];
  }
  if (!m.coauthor_keys.empty() && m.weights.coauthor != 0) {
    for (size_t d = 0; d < n; ++d) {
      comp[d] = 0;
      for (const auto& a : batch.author_keys[d]) {
        auto it =
            std::lower_bound(m.coauthor_keys.begin(), m.coauthor_keys.end(), a,
                             [](const auto& x, const std::string& key) { return x.first < key; });
        if (it != m.coauthor_keys.end() && it->first == a) comp[d] += 1;
      }
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

  // Filters and exclusions.
  std::vector<uint8_t> keep = include != nullptr ? *include : std::vector<uint8_t>(n, 1);
  std::vector<double> exclude_hits;
  if (!m.exclude_terms.empty()) {
    Bm25Query q;
    for (const auto& t : m.exclude_terms) q.emplace_back(t, 1.0);
    batch.bm25.Score(q, &exclude_hits);
  }
  for (size_t d = 0; d < n; ++d) {
    const Document& doc = batch.docs[d];
    if (!m.hidden.empty() && std::binary_search(m.hidden.begin(), m.hidden.end(), doc.id))
      keep[d] = 0;
    if (!doc.categories.empty()) {
      if (!m.include_categories.empty() && !HasCategory(doc, m.include_categories, nullptr))
        keep[d] = 0;
      if (!m.exclude_categories.empty() && HasCategory(doc, m.exclude_categories, nullptr))
        keep[d] = 0;
    }
    // An excluded term sinks the paper below every paper without one.
    if (!exclude_hits.empty() && exclude_hits[d] > 0) total[d] -= 1e6;
  }

  std::vector<uint32_t> order;
  for (uint32_t d = 0; d < n; ++d)
    if (keep[d]) order.push_back(d);
  auto better = [&](uint32_t a, uint32_t b) {
    if (total[a] != total[b]) return total[a] > total[b];
    return batch.docs[a].id < batch.docs[b].id;
  };
  size_t limit = top_n == 0 ? order.size() : std::min(top_n, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<long>(limit), order.end(), better);
  order.resize(limit);

  std::vector<Ranked> out;
  out.reserve(limit);
  for (uint32_t d : order) out.push_back({d, total[d], {}});

  // Explanations for the top papers.
  size_t ne = std::min(explain, out.size());
  if (ne == 0) return out;

  for (size_t r = 0; r < ne; ++r) {
    uint32_t d = out[r].doc;
    auto& reasons = out[r].reasons;
    const Document& doc = batch.docs[d];
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
      for (size_t i = 0; i < contrib.size() && terms.size() < m.max_reasons_terms; ++i)
        if (fs.FeatureName(contrib[i].second)[0] != '@')  // author terms have their own reason
          terms.push_back(fs.DisplayName(contrib[i].second));
      if (!terms.empty()) reasons.push_back("terms: " + Join(terms, ", "));
    }
    if (!m.lexical.empty()) {
      std::vector<std::string> t;
      for (const auto& term : batch.bm25.MatchedTerms(m.lexical, d))
        if (t.size() < m.max_reasons_terms + 2) t.push_back(fs.DisplayTerm(term));
      if (!t.empty()) reasons.push_back("matches: " + Join(t, ", "));
    }
    // The most similar seed or liked paper.
    if (!m.positives.empty() && k > 0 && batch.embeddings.size() == n * k) {
      double best = -2;
      size_t best_i = 0;
      for (size_t i = 0; i < m.positives.size(); ++i) {
        if (batch.library_index[d] == static_cast<int64_t>(m.positives[i])) continue;
        double s = Dot(batch.embeddings.data() + d * k, index.Embedding(m.positives[i]), k);
        if (s > best) {
          best = s;
          best_i = i;
        }
      }
      if (best > -2) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f", best);
        reasons.push_back(std::string("similar to ") +
                          (m.positive_is_seed[best_i] ? "seed " : "liked paper ") +
                          index.corpus()[m.positives[best_i]].id + " (" + buf + ")");
      }
    }
    // Followed authors and authors of the positives.
    for (size_t a = 0; a < doc.authors.size() && a < batch.author_keys[d].size(); ++a) {
      const std::string& key = batch.author_keys[d][a];
      auto it = std::lower_bound(m.author_keys.begin(), m.author_keys.end(), key);
      if (it != m.author_keys.end() && *it == key) {
        const std::string& typed = m.author_names[static_cast<size_t>(it - m.author_keys.begin())];
        reasons.push_back("followed author: " + doc.authors[a] +
                          (typed == doc.authors[a] ? "" : " (as " + typed + ")"));
        continue;
      }
      auto co = std::lower_bound(m.coauthor_keys.begin(), m.coauthor_keys.end(), key,
                                 [](const auto& x, const std::string& kk) { return x.first < kk; });
      if (co != m.coauthor_keys.end() && co->first == key)
        reasons.push_back("author of a seed or liked paper: " + doc.authors[a]);
    }
    std::string cat;
    if (!m.include_categories.empty() && HasCategory(doc, m.include_categories, &cat))
      reasons.push_back("category: " + cat);
  }
  return out;
}

}  // namespace ah::radar
