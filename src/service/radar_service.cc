#include "service/radar_service.h"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "core/date.h"
#include "radar/hash.h"
#include "store/view_json.h"

namespace ah::service {
namespace {

bool Contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

bool SourcePasses(const store::RadarDefinition& r, std::string_view source) {
  if (!r.include_sources.empty() && !Contains(r.include_sources, source)) return false;
  return !Contains(r.exclude_sources, source);
}

}  // namespace

namespace {

std::atomic<uint64_t> next_fit{1};
std::atomic<uint64_t> next_snapshot{1};

// The index options with the provider's embeddings cached in the library's
// answer cache, per (provider, paper). The store is single-threaded and the
// index may embed from worker threads: every access holds one mutex.
radar::RadarIndexOptions WithCache(radar::RadarIndexOptions options, const radar::Corpus* corpus,
                                   store::RadarStore* cache) {
  if (options.provider == nullptr || cache == nullptr) return options;
  auto mu = std::make_shared<std::mutex>();
  const std::string prefix = "emb:" + options.provider->name() + ":";
  options.cached_embedding = [corpus, cache, prefix, mu](size_t doc, std::vector<float>* out) {
    std::lock_guard<std::mutex> lock(*mu);
    // A damaged entry is a miss: the paper is embedded again and the entry replaced.
    auto hit = cache->CacheGetVector(prefix + (*corpus)[doc].id);
    if (!hit || !*hit || (*hit)->empty()) return false;
    *out = std::move(**hit);
    return true;
  };
  options.on_embedded = [corpus, cache, prefix, mu](size_t doc, const float* e, int dims) {
    std::lock_guard<std::mutex> lock(*mu);
    (void)cache->CachePutVector(prefix + (*corpus)[doc].id,
                                std::span<const float>(e, static_cast<size_t>(dims)));
  };
  return options;
}

}  // namespace

Result<std::unique_ptr<LibraryIndex>> LibraryIndex::Load(store::Store& store,
                                                         radar::RadarIndexOptions options,
                                                         const radar::EmbeddingProvider* provider,
                                                         store::RadarStore* cache) {
  // The change number first: a paper written during the scan is read again by
  // the next Extend, never missed.
  auto seq = store.LastChange();
  if (!seq) return Fail(seq.error());
  std::vector<radar::Document> docs;
  auto st = store.ForEachPaper([&](const Paper& p) {
    docs.push_back(radar::DocumentFromPaper(p));
    return Ok();
  });
  if (!st) return Fail(st.error());
  std::unique_ptr<LibraryIndex> lib(new LibraryIndex());
  lib->corpus_ = radar::Corpus(std::move(docs));
  lib->seq_ = *seq;
  lib->fit_ = next_fit++;
  lib->id_ = next_snapshot++;
  lib->cache_ = cache;
  if (provider != nullptr) {
    options.provider = provider;
    options.embeddings = true;
  } else if (lib->corpus_.size() < 4 * static_cast<size_t>(std::max(options.lsa.dims, 1))) {
    options.embeddings = false;
  }
  lib->options_ = options;
  auto index = radar::RadarIndex::Build(lib->corpus_, WithCache(options, &lib->corpus_, cache));
  if (!index) return Fail(index.error());
  lib->index_ = std::move(*index);
  return lib;
}

Result<std::unique_ptr<LibraryIndex>> LibraryIndex::Extend(const LibraryIndex& base,
                                                           store::Store& store,
                                                           store::RadarStore* cache) {
  auto seq = store.LastChange();
  if (!seq) return Fail(seq.error());
  if (*seq <= base.seq_) return std::unique_ptr<LibraryIndex>();
  std::vector<radar::Document> docs;
  auto st = store.ForEachPaperSince(base.seq_, [&](const Paper& p) {
    docs.push_back(radar::DocumentFromPaper(p));
    return Ok();
  });
  if (!st) return Fail(st.error());
  std::unique_ptr<LibraryIndex> lib(new LibraryIndex());
  std::vector<uint32_t> changed;
  lib->corpus_ = radar::Corpus::Extend(base.corpus_, std::move(docs), &changed);
  lib->seq_ = *seq;
  lib->fit_ = base.fit_;
  lib->id_ = next_snapshot++;
  lib->options_ = base.options_;
  lib->cache_ = cache;
  auto index = radar::RadarIndex::Extend(base.index(), lib->corpus_, changed,
                                         WithCache(base.options_, &lib->corpus_, cache));
  if (!index) return Fail(index.error());
  lib->index_ = std::move(*index);
  return lib;
}

Status ValidateDefinition(const store::RadarDefinition& r, std::vector<std::string>* warnings) {
  if (r.name.empty() || r.name.size() > 200)
    return MakeError(Code::kInvalidArgument, "a radar name must have 1 to 200 characters");
  for (unsigned char c : r.name) {
    if (c < 0x20 || c == 0x7f)
      return MakeError(Code::kInvalidArgument, "a radar name cannot contain control characters");
  }
  for (const auto& c : r.include_categories) {
    if (Contains(r.exclude_categories, c))
      return MakeError(Code::kInvalidArgument,
                       "category '" + c + "' is both included and excluded: choose one");
  }
  for (const auto& s : r.include_sources) {
    if (Contains(r.exclude_sources, s))
      return MakeError(Code::kInvalidArgument,
                       "source '" + s + "' is both included and excluded: choose one");
  }
  if (std::string w = DescriptionLanguageWarning(r, false); !w.empty() && warnings != nullptr)
    warnings->push_back(std::move(w));
  const bool has_signal = !r.description.empty() || !r.query.empty() || !r.authors.empty() ||
                          !r.seeds.empty();
  if (!has_signal && warnings != nullptr) {
    warnings->push_back("radar '" + r.name +
                        "' has nothing to rank by yet: give it a description, keywords, "
                        "an author or a seed paper");
  }
  return Ok();
}

std::string DescriptionLanguageWarning(const store::RadarDefinition& r, bool has_provider) {
  if (has_provider) return "";
  size_t cjk = 0, latin = 0;
  const std::string& d = r.description;
  for (size_t i = 0; i < d.size(); ++i) {
    const auto c = static_cast<unsigned char>(d[i]);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ++latin;
    // U+3040..U+9FFF (kana, CJK ideographs): 3-byte UTF-8 from E3 81 80 to E9 BF BF.
    if (c < 0xE3 || c > 0xE9 || i + 2 >= d.size()) continue;
    if (c == 0xE3 && static_cast<unsigned char>(d[i + 1]) < 0x81) continue;
    ++cjk;
  }
  if (cjk < 2 || cjk <= latin) return "";
  return "radar '" + r.name +
         "': its description is in Chinese, and the offline ranker matches words: English papers "
         "score 0 against it. Configure a multilingual embedding model (embedding_model in the "
         "config) to rank papers by meaning across languages, or describe the topic in English "
         "(keywords, authors or seed papers work in any case)";
}

Result<std::string> ResolvePaper(store::Store& store, std::string_view ref) {
  auto got = store.Get(ref);
  if (!got) return Fail(got.error());
  if (!*got)
    return MakeError(Code::kNotFound,
                     "unknown paper '" + std::string(ref) +
                         "': not in the library (ingest or fetch it first)");
  return (*got)->paper.key;
}

radar::RadarSpec SpecOf(const store::RadarDefinition& r) {
  radar::RadarSpec spec;
  spec.name = r.name;
  spec.description = r.description;
  spec.query = r.query;
  spec.exclude = r.exclude;
  spec.include_categories = r.include_categories;
  spec.exclude_categories = r.exclude_categories;
  spec.followed_authors = r.authors;
  spec.seeds = r.seeds;
  std::map<std::string, std::string> latest;  // paper -> last action
  for (const auto& f : r.feedback) latest[f.paper] = f.action;
  for (const auto& [paper, action] : latest) {
    if (action == "like") {
      spec.liked.push_back(paper);
    } else if (action == "save") {
      spec.saved.push_back(paper);
    } else if (action == "dislike") {
      spec.disliked.push_back(paper);
    } else if (action == "hide") {
      spec.hidden.push_back(paper);
    }
  }
  return spec;
}

namespace {

uint64_t Mix(uint64_t h, std::string_view s) {
  return radar::HashU64(h ^ radar::HashBytes(s)) + 0x9e3779b97f4a7c15ULL;
}
uint64_t Mix(uint64_t h, const std::vector<std::string>& v) {
  h = Mix(h, std::to_string(v.size()));
  for (const auto& x : v) h = Mix(h, x);
  return h;
}

// What the model depends on but the feedback.
uint64_t DefinitionHash(const radar::RadarSpec& s) {
  uint64_t h = Mix(0, s.description);
  h = Mix(h, s.query);
  h = Mix(h, s.exclude);
  h = Mix(h, s.include_categories);
  h = Mix(h, s.exclude_categories);
  h = Mix(h, s.followed_authors);
  return Mix(h, s.seeds);
}
uint64_t FeedbackHash(const radar::RadarSpec& s) {
  return Mix(Mix(Mix(Mix(1, s.liked), s.saved), s.disliked), s.hidden);
}

Result<std::unique_ptr<RangeCandidates>> BuildCandidates(store::Store& store,
                                                         const LibraryIndex& library,
                                                         const std::string& from,
                                                         const std::string& to) {
  auto first = date::Parse(from);
  auto last = date::Parse(to);
  if (!first || !last) return MakeError(Code::kInvalidArgument, "bad range " + from + ".." + to);
  auto out = std::make_unique<RangeCandidates>();
  out->date_from = from;
  out->date_to = to;
  std::unordered_map<std::string, size_t> seen;
  for (int64_t day = date::ToDays(*first); day <= date::ToDays(*last); ++day) {
    store::ListingFilter f;
    f.date = date::Format(date::FromDays(day));
    auto views = store.ListByListing(f);
    if (!views) return Fail(views.error());
    for (auto& v : *views) {
      std::vector<CandidateListing> qualifying;
      for (const auto& l : v.paper.listings) {
        if (l.date != f.date) continue;
        if (l.announce_type == "api" || l.announce_type == "oai") continue;
        qualifying.push_back({l.date, l.source, l.announce_type});
      }
      if (qualifying.empty()) continue;
      // On a day, a new or cross-listed announcement before a replacement.
      std::stable_sort(qualifying.begin(), qualifying.end(),
                       [](const CandidateListing& a, const CandidateListing& b) {
                         return !a.update() && b.update();
                       });
      auto [it, fresh] = seen.emplace(v.paper.key, out->views.size());
      if (fresh) {
        out->views.push_back(std::move(v));
        out->listings.push_back(std::move(qualifying));
      } else {
        auto& have = out->listings[it->second];
        have.insert(have.end(), qualifying.begin(), qualifying.end());
      }
    }
  }
  if (out->views.empty()) return out;
  std::vector<radar::Document> docs;
  docs.reserve(out->views.size());
  for (const auto& v : out->views) docs.push_back(radar::DocumentFromPaper(v.paper));
  // Papers newer than the snapshot are prepared from their text.
  auto batch = radar::PrepareBatch(library.index(), std::move(docs));
  if (!batch) return Fail(batch.error());
  out->batch = std::move(*batch);
  return out;
}

}  // namespace

Result<std::shared_ptr<const radar::RadarModel>> RankCache::Model(
    const LibraryIndex& library, const store::RadarDefinition& r,
    std::vector<std::string>* warnings) {
  const radar::RadarSpec spec = SpecOf(r);
  const uint64_t def = DefinitionHash(spec), fb = FeedbackHash(spec);
  std::shared_ptr<const radar::RadarModel> previous;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = models_.find(r.id);
    if (it != models_.end() && it->second.fit == library.fit() && it->second.definition == def) {
      ModelEntry& e = it->second;
      const bool stale = e.incomplete && e.seq != library.seq();
      if (e.feedback == fb && !stale) {
        e.used = ++clock_;
        if (warnings) warnings->insert(warnings->end(), e.warnings.begin(), e.warnings.end());
        return e.model;
      }
      if (!stale) previous = e.model;
    }
  }
  std::vector<std::string> built_warnings;
  radar::RadarOptions ropts;
  auto model = radar::BuildRadarModel(library.index(), spec, ropts, &built_warnings, previous.get());
  if (!model) return Fail(model.error());
  auto shared = std::make_shared<const radar::RadarModel>(std::move(*model));
  if (warnings) warnings->insert(warnings->end(), built_warnings.begin(), built_warnings.end());
  std::lock_guard<std::mutex> lock(mu_);
  if (models_.size() >= max_models_ && !models_.count(r.id)) {
    auto oldest = models_.begin();
    for (auto it = models_.begin(); it != models_.end(); ++it)
      if (it->second.used < oldest->second.used) oldest = it;
    models_.erase(oldest);
  }
  ModelEntry& e = models_[r.id];
  e.definition = def;
  e.feedback = fb;
  e.fit = library.fit();
  e.seq = library.seq();
  e.incomplete = !built_warnings.empty();
  e.model = shared;
  e.warnings = std::move(built_warnings);
  e.used = ++clock_;
  return shared;
}

Result<std::shared_ptr<const RangeCandidates>> RankCache::Candidates(store::Store& store,
                                                                     const LibraryIndex& library,
                                                                     const std::string& from,
                                                                     const std::string& to) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& e : ranges_)
      if (e.snapshot == library.id() && e.from == from && e.to == to) {
        e.used = ++clock_;
        return e.candidates;
      }
  }
  auto built = BuildCandidates(store, library, from, to);
  if (!built) return Fail(built.error());
  std::shared_ptr<const RangeCandidates> shared(std::move(*built));
  std::lock_guard<std::mutex> lock(mu_);
  // Ranges of older snapshots are of no more use.
  std::erase_if(ranges_, [&](const RangeEntry& e) { return e.snapshot != library.id(); });
  if (ranges_.size() >= max_ranges_) {
    auto oldest = std::min_element(ranges_.begin(), ranges_.end(),
                                   [](const auto& a, const auto& b) { return a.used < b.used; });
    ranges_.erase(oldest);
  }
  ranges_.push_back({from, to, library.id(), shared, ++clock_});
  return shared;
}

void RankCache::Forget(int64_t radar_id) {
  std::lock_guard<std::mutex> lock(mu_);
  models_.erase(radar_id);
}

namespace {

// The latest day a source the radar reads announced papers ("" when none).
Result<std::string> LatestDayOfSources(store::Store& store, const store::RadarDefinition& r) {
  std::vector<std::string> sources = r.include_sources;
  if (sources.empty() && !r.exclude_sources.empty()) {
    auto stats = store.Stats();
    if (!stats) return Fail(stats.error());
    for (const auto& [source, count] : stats->papers_by_source)
      if (SourcePasses(r, source)) sources.push_back(source);
    if (sources.empty()) return std::string();
  }
  store::ListingFilter f;
  if (sources.empty()) return store.LatestListingDate(f);
  std::string latest;
  for (const auto& source : sources) {
    f.source = source;
    auto day = store.LatestListingDate(f);
    if (!day) return Fail(day.error());
    latest = std::max(latest, *day);
  }
  return latest;
}

}  // namespace

Result<DayRange> RunRange(store::Store& store, const store::RadarDefinition& r,
                          const std::string& date, int days) {
  if (days < 1 || days > 366)
    return MakeError(Code::kInvalidArgument, "days must be between 1 and 366");
  // `days` days ending at the given or latest announced day.
  std::string last = date;
  if (last.empty()) {
    auto latest = LatestDayOfSources(store, r);
    if (!latest) return Fail(latest.error());
    last = *latest;
    if (last.empty())
      return MakeError(Code::kNotFound,
                       r.include_sources.empty() && r.exclude_sources.empty()
                           ? "the library has no announced papers yet"
                           : "the radar's sources have no announced papers yet");
  }
  auto last_ymd = date::Parse(last);
  if (!last_ymd || date::Format(*last_ymd) != last)
    return MakeError(Code::kInvalidArgument, "bad date '" + last + "' (want YYYY-MM-DD)");
  return DayRange{date::Format(date::AddDays(*last_ymd, -(days - 1))), last};
}

Result<RunReport> RunRadar(store::Store& store, store::RadarStore& radars,
                           const LibraryIndex& library, const store::RadarDefinition& r,
                           const RunOptions& options, RankCache* cache) {
  RunReport report;
  auto days = RunRange(store, r, options.date, options.days);
  if (!days) return Fail(days.error());
  report.date_from = days->date_from;
  report.date_to = days->date_to;

  std::shared_ptr<const RangeCandidates> range;
  if (cache != nullptr) {
    auto c = cache->Candidates(store, library, report.date_from, report.date_to);
    if (!c) return Fail(c.error());
    range = std::move(*c);
  } else {
    auto c = BuildCandidates(store, library, report.date_from, report.date_to);
    if (!c) return Fail(c.error());
    range = std::move(*c);
  }

  // Shown on an earlier day (this paper, its journal version or its preprint);
  // hidden; rated or seeded (never recommended back).
  std::unordered_map<std::string, std::string> shown;  // key -> date first shown
  auto shown_list = radars.ShownPapers(r.owner, r.id);
  if (!shown_list) return Fail(shown_list.error());
  for (const auto& s : *shown_list) shown.emplace(s.paper, s.date);
  const radar::RadarSpec spec = SpecOf(r);
  const std::unordered_set<std::string> hidden(spec.hidden.begin(), spec.hidden.end());
  std::unordered_set<std::string> rated;
  for (const auto* v : {&spec.disliked, &spec.seeds, &spec.liked, &spec.saved})
    rated.insert(v->begin(), v->end());
  auto shown_before = [&](const std::string& key) {
    if (key.empty()) return false;
    auto it = shown.find(key);
    return it != shown.end() && it->second < report.date_from;
  };
  auto any_of_keys = [](const store::PaperView& v, const auto& pred) {
    return pred(v.paper.key) || pred(v.published_version_key) || pred(v.preprint_key);
  };
  auto in = [](const std::unordered_set<std::string>& set) {
    return [&set](const std::string& key) { return !key.empty() && set.count(key) > 0; };
  };
  const size_t n = range->views.size();
  std::vector<uint8_t> include(n, 0);
  std::vector<const CandidateListing*> listing(n, nullptr);
  size_t included = 0;
  for (size_t i = 0; i < n; ++i) {
    // The first announcement of a source the radar reads: new or cross-listed
    // ones first, an update only for a radar that asks for them.
    for (int pass = 0; pass < 2 && listing[i] == nullptr; ++pass)
      for (const auto& l : range->listings[i])
        if (SourcePasses(r, l.source) && l.update() == (pass == 1) &&
            (!l.update() || r.include_updates)) {
          listing[i] = &l;
          break;
        }
    if (listing[i] == nullptr) continue;
    ++report.candidates;
    if (listing[i]->update()) ++report.updates;
    const auto& v = range->views[i];
    if (any_of_keys(v, in(hidden))) {
      ++report.hidden;
      continue;
    }
    if (any_of_keys(v, in(rated))) {
      ++report.rated;
      continue;
    }
    if (!options.include_shown && any_of_keys(v, shown_before)) {
      ++report.already_shown;
      continue;
    }
    include[i] = 1;
    ++included;
  }

  if (std::string w = DescriptionLanguageWarning(r, library.has_embedding_provider()); !w.empty())
    report.warnings.push_back(std::move(w));
  std::shared_ptr<const radar::RadarModel> model;
  {
    Result<std::shared_ptr<const radar::RadarModel>> m =
        cache != nullptr ? cache->Model(library, r, &report.warnings)
                         : [&]() -> Result<std::shared_ptr<const radar::RadarModel>> {
      auto built = radar::BuildRadarModel(library.index(), spec, radar::RadarOptions(),
                                          &report.warnings);
      if (!built) return Fail(built.error());
      return std::make_shared<const radar::RadarModel>(std::move(*built));
    }();
    if (!m) {
      if (m.error().code == Code::kInvalidArgument)
        return MakeError(Code::kInvalidArgument,
                         "radar '" + r.name + "' has nothing to rank by: " + m.error().message);
      return Fail(m.error());
    }
    model = std::move(*m);
  }
  report.floor = model->floor.ready;
  if (included == 0) return report;
  radar::RankStats stats;
  // Reasons for every paper returned (all of them when the limit is 0).
  auto ranked =
      radar::RankBatch(library.index(), *model, *range->batch, options.limit,
                       options.limit == 0 ? included : options.limit, &include, &stats, true);
  report.below_floor = stats.ranked - stats.strong;
  std::vector<store::ShownPaper> to_record;
  for (auto& rk : ranked) {
    if (!rk.strong && !options.below_floor) continue;
    const size_t i = rk.doc;
    RankedPaper p;
    p.view = range->views[i];
    p.score = rk.score;
    p.relevance = rk.relevance;
    p.strong = rk.strong;
    p.query_match = rk.query_match;
    p.reasons = std::move(rk.reasons);
    p.why = std::move(rk.why);
    p.listing_date = listing[i]->date;
    p.listing_source = listing[i]->source;
    p.announce_type = listing[i]->announce_type;
    for (const auto& ver : p.view.paper.versions) p.version = std::max(p.version, ver.number);
    for (const auto& l : p.view.paper.listings) {
      if (l.date == p.listing_date && l.source == p.listing_source &&
          l.announce_type == p.announce_type) {
        p.badge = store::SourceBadge(l);
        break;
      }
    }
    to_record.push_back({p.view.paper.key, p.listing_date, options.now_unix});
    report.papers.push_back(std::move(p));
  }
  if (options.record_shown && !to_record.empty()) {
    if (auto st = radars.MarkShown(r.owner, r.id, to_record); !st) return Fail(st.error());
  }
  return report;
}

}  // namespace ah::service
