#include "radar/radar.h"

#include <algorithm>
#include <cctype>
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
#include "radar/scoring.h"
#include "radar/warm_svc.h"
#include "search/query.h"

namespace ah::radar {
namespace {

using internal::Dot;
using internal::ZNormalize;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int32_t DayOf(const std::string& ymd) {
  auto d = date::Parse(ymd);
  if (!d) return INT32_MIN;
  return static_cast<int32_t>(date::ToDays(*d));
}

// The positive words and phrases of a parsed query (not under a NOT; not
// au: cat: src: id:): with the description, they are the radar's text.
void PositiveText(const search::Node& n, bool negated, std::vector<std::string>* out) {
  using K = search::Node::Kind;
  if (n.kind == K::kNot) {
    for (const auto& c : n.children) PositiveText(c, !negated, out);
    return;
  }
  if (n.kind == K::kAnd || n.kind == K::kOr) {
    for (const auto& c : n.children) PositiveText(c, negated, out);
    return;
  }
  if (negated) return;
  switch (n.field) {
    case search::Field::kAuthor:
    case search::Field::kCategory:
    case search::Field::kSource:
    case search::Field::kId:
      break;
    default:
      out->push_back(n.text);
  }
}

// The words of `text` as a query matching any of them (quoted: no operators).
std::string AnyOfWords(std::string_view text) {
  std::string q;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    q += (q.empty() ? "\"" : " OR \"") + word + "\"";
    word.clear();
  };
  for (char c : text) {
    if (c == '"' || c == '(' || c == ')' || c == ' ' || c == '\t' || c == '\n') {
      flush();
    } else {
      word.push_back(c);
    }
  }
  flush();
  return q;
}

// The words of the radar's text as written, a hyphenated compound as one
// ("low-resource"), each with its stems; stop words alone are left out.
std::vector<RadarModel::TextUnit> TextUnits(std::string_view text, const TokenizerOptions& tok) {
  std::vector<RadarModel::TextUnit> units;
  TermMapper mapper(tok);
  auto word_char = [](unsigned char c) { return std::isalnum(c) || c >= 0x80; };
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !word_char(static_cast<unsigned char>(text[i]))) ++i;
    size_t j = i;
    while (j < text.size() && (word_char(static_cast<unsigned char>(text[j])) ||
                               (text[j] == '-' && j + 1 < text.size() &&
                                word_char(static_cast<unsigned char>(text[j + 1])))))
      ++j;
    if (j == i) break;
    RadarModel::TextUnit u;
    u.shown = text::FoldForSearch(text.substr(i, j - i));
    std::string scratch;
    std::vector<std::string_view> words;
    ExtractWords(text.substr(i, j - i), tok, &scratch, &words);
    for (std::string_view w : words) {
      std::string t = mapper.Map(w);
      if (!t.empty()) u.stems.push_back(HashBytes(t));
    }
    i = j;
    if (u.stems.empty()) continue;
    bool seen = false;
    for (const auto& v : units) seen = seen || v.shown == u.shown;
    if (!seen) units.push_back(std::move(u));
  }
  return units;
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
  if (auto st = index->BuildCalibration(options); !st) return Fail(st.error());
  return index;
}

Status RadarIndex::BuildCalibration(const RadarIndexOptions& options) {
  const size_t n = corpus_->size();
  if (n < std::max<size_t>(options.calibration_min_library, 1) || options.calibration_sample == 0)
    return Ok();
  // Evenly spaced by position: deterministic, and spread over the library's history.
  const size_t take = std::min(n, options.calibration_sample);
  std::vector<std::string> ids;
  ids.reserve(take);
  for (size_t i = 0; i < take; ++i) ids.push_back((*corpus_)[i * n / take].id);
  auto batch = PrepareLibraryBatch(*this, ids);
  if (!batch) return Fail(batch.error());
  calibration_ = std::move(*batch);
  return Ok();
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
  // The sample of the fit's library: its papers are unchanged or updated in place.
  index->calibration_ = base.calibration_;
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
  b->authors.resize(b->docs.size());
  b->day.resize(b->docs.size());
  b->match.reserve(b->docs.size());
  const TokenizerOptions& tok = index.features().options().tokenizer;
  TermMapper mapper(tok);
  for (size_t i = 0; i < b->docs.size(); ++i) {
    const Document& d = b->docs[i];
    for (size_t a = 0; a < d.authors.size(); ++a)
      b->authors[i].push_back(
          ParsePersonName(d.authors[a], a < d.orcids.size() ? d.orcids[a] : std::string()));
    b->day[i] = DayOf(d.date);
    b->match.push_back(MatchDoc::Of(d, tok, &mapper));
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
  auto name_size = [](const PersonName& p) {
    size_t s = p.surname.size() + p.tail.size() + p.orcid.size() + 128;
    for (const auto& g : p.given) s += g.size() + 32;
    return s;
  };
  for (const auto& p : followed) n += name_size(p);
  for (const auto& t : followed_typed) n += t.size() + 32;
  for (const auto& [p, i] : coauthors) n += name_size(p) + 4;
  for (const auto& h : hidden) n += h.size() + 32;
  n += disliked.size() * 4;
  return n;
}

std::vector<uint32_t> BackgroundSample(size_t library_size, size_t n, uint64_t seed,
                                       const std::function<bool(uint32_t)>& excluded) {
  std::vector<uint32_t> out;
  if (library_size == 0 || n == 0) return out;
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<uint32_t> pick(0, static_cast<uint32_t>(library_size - 1));
  // A bitmap, not a std::set: the sample in ascending order, without n node
  // allocations on every model build.
  std::vector<uint64_t> chosen((library_size + 63) / 64, 0);
  size_t count = 0, attempts = 0;
  while (count < n && attempts++ < n * 4) {
    uint32_t i = pick(rng);
    if (excluded && excluded(i)) continue;
    const uint64_t bit = uint64_t(1) << (i % 64);
    if (chosen[i / 64] & bit) continue;
    chosen[i / 64] |= bit;
    ++count;
  }
  out.reserve(count);
  for (size_t wd = 0; wd < chosen.size(); ++wd)
    for (uint64_t b = chosen[wd]; b != 0; b &= b - 1)
      out.push_back(static_cast<uint32_t>(wd * 64 + static_cast<size_t>(std::countr_zero(b))));
  return out;
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
  std::vector<uint32_t> saved = resolve(spec.saved, "saved paper");
  std::vector<uint32_t> disliked = resolve(spec.disliked, "disliked paper");
  std::set<uint32_t> pos_set;
  auto add_positives = [&](const std::vector<uint32_t>& v, RadarModel::PositiveKind kind) {
    for (uint32_t s : v)
      if (pos_set.insert(s).second) {
        m.positives.push_back(s);
        m.positive_kind.push_back(kind);
      }
  };
  add_positives(seeds, RadarModel::PositiveKind::kSeed);
  add_positives(liked, RadarModel::PositiveKind::kLiked);
  add_positives(saved, RadarModel::PositiveKind::kSaved);
  std::set<uint32_t> neg_set(disliked.begin(), disliked.end());
  for (uint32_t p : pos_set) neg_set.erase(p);  // the latest word wins: liked beats disliked
  m.disliked.assign(neg_set.begin(), neg_set.end());
  m.dislike_neighbours = options.dislike_neighbours;
  m.dislike_neighbour_z = options.dislike_neighbour_z;
  m.dislike_neighbour_tfidf = options.dislike_neighbour_tfidf;
  m.dislike_penalty = options.dislike_penalty;

  // The keywords: evaluated as a query (query_match.h), and their positive
  // words join the description as the radar's text.
  const TokenizerOptions& tok = fs.options().tokenizer;
  std::string positive_text = spec.description;
  // A description without keywords is the topic in the user's words, not a
  // list of words a paper must contain: it acts through the learned and
  // semantic components (as a pseudo-paper and its expansion); its BM25 adds
  // noise to them (docs/radar.md, "Radars from a few words"). Only in a
  // library large enough that the expansion (options.expand papers) is at
  // most a twentieth of it: in a small one (a day or a month of feeds) the
  // expansion drifts off the topic and the words keep it there.
  const bool large_library = corpus.size() >= 20 * options.expand;
  if (large_library && text::Trim(spec.query).empty())
    m.weights.lexical = options.description_lexical;
  if (!text::Trim(spec.query).empty()) {
    auto parsed = search::ParseQuery(spec.query);
    if (!parsed) {
      if (warnings)
        warnings->push_back("keywords: " + parsed.error().message +
                            "; used as plain words, not as a query");
      positive_text += " " + spec.query;
    } else {
      m.query = QueryMatcher::Compile(*parsed, tok);
      std::vector<std::string> words;
      if (parsed->has_root) PositiveText(parsed->root, false, &words);
      for (const auto& w : words) positive_text += " " + w;
    }
  }
  if (!text::Trim(spec.exclude).empty()) {
    auto parsed = QueryMatcher::Parse(spec.exclude, tok, /*any_part=*/true);
    if (!parsed) {
      if (warnings)
        warnings->push_back("exclude: " + parsed.error().message + "; each word excluded");
      parsed = QueryMatcher::Parse(AnyOfWords(spec.exclude), tok, true);
    }
    if (parsed) m.exclude = std::move(*parsed);
  }
  m.include_categories = spec.include_categories;
  m.exclude_categories = spec.exclude_categories;

  bool has_text = !text::Trim(positive_text).empty();
  if (m.positives.empty() && !has_text && spec.followed_authors.empty() && m.query.empty())
    return MakeError(Code::kInvalidArgument,
                     "radar " + (spec.name.empty() ? std::string("(unnamed)") : spec.name) +
                         ": nothing to rank by: give a description, keywords, an author or a seed "
                         "paper");

  // Lexical: BM25 query of description + keywords.
  if (has_text) m.lexical = MakeBm25Query(fs, positive_text);
  m.text_units = TextUnits(positive_text, tok);
  m.keywords_only = !m.query.empty() && text::Trim(spec.description).empty() && m.positives.empty();

  // Followed authors, by surname tail for lookup.
  std::vector<std::pair<PersonName, std::string>> parsed_authors;
  for (const auto& a : spec.followed_authors) {
    PersonName p = ParsePersonName(a);
    if (p.empty()) {
      if (warnings) warnings->push_back("author \"" + a + "\": no name or ORCID iD to match, skipped");
      continue;
    }
    parsed_authors.emplace_back(std::move(p), a);
  }
  std::stable_sort(parsed_authors.begin(), parsed_authors.end(),
                   [](const auto& x, const auto& y) { return x.first.tail < y.first.tail; });
  for (auto& [p, a] : parsed_authors) {
    m.followed.push_back(std::move(p));
    m.followed_typed.push_back(std::move(a));
  }
  // Authors of the positives.
  for (uint32_t i = 0; i < m.positives.size(); ++i) {
    const Document& d = corpus[m.positives[i]];
    for (size_t a = 0; a < d.authors.size(); ++a) {
      PersonName p = ParsePersonName(d.authors[a], a < d.orcids.size() ? d.orcids[a] : "");
      if (!p.empty()) m.coauthors.emplace_back(std::move(p), i);
    }
  }
  std::stable_sort(m.coauthors.begin(), m.coauthors.end(),
                   [](const auto& x, const auto& y) { return x.first.tail < y.first.tail; });

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
  // A radar without papers learns from its words alone: the cheaper settings.
  const bool no_papers = m.positives.empty();
  const size_t background = no_papers ? options.background_no_papers : options.background;
  const int max_passes = no_papers ? options.max_passes_no_papers : options.max_passes;
  const bool expand_warm = no_papers ? options.expand_warm_no_papers : options.expand_warm;
  if (n_pos > 0) {
    if (background == 0 || background >= corpus.size()) {
      for (uint32_t i = 0; i < corpus.size(); ++i)
        if (!pos_set.count(i) && !neg_set.count(i)) add_row(i, false);
    } else {
      auto own = [&](uint32_t i) { return pos_set.count(i) > 0 || neg_set.count(i) > 0; };
      for (uint32_t i : BackgroundSample(corpus.size(), background, options.background_seed, own))
        add_row(i, false);
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
      wo.max_passes = max_passes;
      return keep_sparse(TrainSvcWarm(examples, static_cast<uint32_t>(fs.num_features()),
                                      options.linear, nullptr, wo));
    }
    return keep(TrainLinear(examples, static_cast<uint32_t>(fs.num_features()), options.linear));
  };
  // Rocchio instead of an SVM (a radar without papers, when asked): the mean
  // of the positives (the description, then the expansion) minus that of the
  // negatives that are not in the expansion.
  const bool rocchio = no_papers && options.rocchio_no_papers;
  auto train_rocchio = [&](const std::vector<uint32_t>& extra,
                           const std::set<uint32_t>& extra_set) {
    std::vector<double> acc(fs.num_features(), 0.0);
    auto add = [&](const uint32_t* cols, const float* vals, size_t n, double w) {
      for (size_t k = 0; k < n; ++k) acc[cols[k]] += w * vals[k];
    };
    double desc_w = extra.empty() ? 1.0 : options.rocchio_description * double(extra.size());
    double pos_mass = extra.size() + desc_w * double(n_pos);
    size_t n_neg = 0;
    for (size_t j = 0; j < ex.size(); ++j)
      if (!ex[j].positive && !(ex_doc[j] >= 0 && extra_set.count(static_cast<uint32_t>(ex_doc[j]))))
        ++n_neg;
    for (size_t j = 0; j < ex.size(); ++j) {
      if (ex[j].positive) {
        add(ex[j].cols, ex[j].vals, ex[j].n, desc_w / pos_mass);
      } else if (n_neg > 0 &&
                 !(ex_doc[j] >= 0 && extra_set.count(static_cast<uint32_t>(ex_doc[j])))) {
        add(ex[j].cols, ex[j].vals, ex[j].n, -options.rocchio_negative / double(n_neg));
      }
    }
    for (uint32_t i : extra) add(rows.RowCols(i), rows.RowVals(i), rows.RowSize(i), 1.0 / pos_mass);
    std::vector<std::pair<uint32_t, float>> terms;
    for (uint32_t j = 0; j < acc.size(); ++j)
      if (acc[j] != 0) terms.emplace_back(j, static_cast<float>(acc[j]));
    keep_terms(std::move(terms), 0.0f);
  };
  const bool reuse = previous != nullptr && options.expand > 0 && !previous->expansion.empty();
  if (n_pos > 0 && ex.size() > n_pos && !reuse) {
    if (rocchio) {
      train_rocchio({}, {});
    } else if (auto st = train(ex); !st) {
      return Fail(st.error());
    }
  }

  // Semantic direction: positives (+ description) minus dislikes.
  const double expand_semantic = large_library && m.positives.empty()
                                     ? options.expand_semantic_no_papers
                                     : options.expand_semantic;
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
    if (rocchio) {
      train_rocchio(extra, extra_set);
    } else if (options.warm_start && options.linear.solver == LinearSolver::kSvcL2Loss) {
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
    const int rounds = large_library && m.positives.empty() ? options.expand_rounds_no_papers
                                                            : options.expand_rounds;
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
      if (rocchio) {
        train_rocchio(extra, extra_set);
      } else if (expand_warm && options.own_solver &&
                 options.linear.solver == LinearSolver::kSvcL2Loss) {
        SparseLinearModel start{m.term_ids, m.term_weights, m.bias};
        WarmSvcOptions wo;
        wo.max_passes = max_passes;
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
    }
  }

  // Never ranked: what the user hid, disliked, seeded, liked or saved.
  for (const auto* v : {&spec.hidden, &spec.disliked, &spec.seeds, &spec.liked, &spec.saved})
    m.hidden.insert(m.hidden.end(), v->begin(), v->end());
  std::sort(m.hidden.begin(), m.hidden.end());
  m.hidden.erase(std::unique(m.hidden.begin(), m.hidden.end()), m.hidden.end());
  internal::CalibrateFloor(index, options.floor_threshold, &m);
  m.floor.min_coverage = options.floor_coverage;
  return m;
}

}  // namespace ah::radar
