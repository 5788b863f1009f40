#include "service/radar_service.h"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/date.h"
#include "store/view_json.h"

namespace ah::service {
namespace {

bool Contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

bool IsReplacement(std::string_view announce_type) {
  return announce_type == "replace" || announce_type == "replace-cross";
}

bool SourcePasses(const store::RadarDefinition& r, std::string_view source) {
  if (!r.include_sources.empty() && !Contains(r.include_sources, source)) return false;
  return !Contains(r.exclude_sources, source);
}

}  // namespace

Result<std::unique_ptr<LibraryIndex>> LibraryIndex::Load(store::Store& store,
                                                         radar::RadarIndexOptions options,
                                                         const radar::EmbeddingProvider* provider,
                                                         store::RadarStore* cache) {
  std::vector<radar::Document> docs;
  auto st = store.ForEachPaper([&](const Paper& p) {
    docs.push_back(radar::DocumentFromPaper(p));
    return Ok();
  });
  if (!st) return Fail(st.error());
  std::unique_ptr<LibraryIndex> lib(new LibraryIndex());
  lib->corpus_ = radar::Corpus(std::move(docs));
  if (provider != nullptr) {
    options.provider = provider;
    options.embeddings = true;
    if (cache != nullptr) {
      // The store is single-threaded; the index may embed from worker threads.
      auto mu = std::make_shared<std::mutex>();
      const LibraryIndex* self = lib.get();
      const std::string prefix = "emb:" + provider->name() + ":";
      options.cached_embedding = [self, cache, prefix, mu](size_t doc, std::vector<float>* out) {
        std::lock_guard<std::mutex> lock(*mu);
        auto hit = cache->CacheGet(prefix + self->corpus_[doc].id);
        if (!hit || !*hit || (*hit)->empty() || (*hit)->size() % sizeof(float) != 0) return false;
        out->resize((*hit)->size() / sizeof(float));
        std::memcpy(out->data(), (*hit)->data(), (*hit)->size());
        return true;
      };
      options.on_embedded = [self, cache, prefix, mu](size_t doc, const float* e, int dims) {
        std::lock_guard<std::mutex> lock(*mu);
        (void)cache->CachePut(prefix + self->corpus_[doc].id,
                              std::string_view(reinterpret_cast<const char*>(e),
                                               static_cast<size_t>(dims) * sizeof(float)));
      };
    }
  } else if (lib->corpus_.size() < 4 * static_cast<size_t>(std::max(options.lsa.dims, 1))) {
    options.embeddings = false;
  }
  auto index = radar::RadarIndex::Build(lib->corpus_, options);
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
  const bool has_signal = !r.description.empty() || !r.query.empty() || !r.authors.empty() ||
                          !r.seeds.empty();
  if (!has_signal && warnings != nullptr) {
    warnings->push_back("radar '" + r.name +
                        "' has nothing to rank by yet: give it a --description, --query, "
                        "--author or --seed");
  }
  return Ok();
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
    if (action == "like" || action == "save") {
      spec.liked.push_back(paper);
    } else if (action == "dislike") {
      spec.disliked.push_back(paper);
    } else if (action == "hide") {
      spec.hidden.push_back(paper);
    }
  }
  return spec;
}

Result<RunReport> RunRadar(store::Store& store, store::RadarStore& radars,
                           const LibraryIndex& library, const store::RadarDefinition& r,
                           const RunOptions& options) {
  RunReport report;
  if (options.days < 1 || options.days > 366)
    return MakeError(Code::kInvalidArgument, "--days must be between 1 and 366");

  // The range: `days` days ending at the given or latest announced day.
  std::string last = options.date;
  if (last.empty()) {
    store::ListingFilter f;
    if (r.include_sources.size() == 1) f.source = r.include_sources[0];
    auto latest = store.LatestListingDate(f);
    if (!latest) return Fail(latest.error());
    last = *latest;
    if (last.empty()) return MakeError(Code::kNotFound, "the library has no announced papers yet");
  }
  auto last_ymd = date::Parse(last);
  if (!last_ymd || date::Format(*last_ymd) != last)
    return MakeError(Code::kInvalidArgument, "bad date '" + last + "' (want YYYY-MM-DD)");
  report.date_to = last;
  report.date_from = date::Format(date::AddDays(*last_ymd, -(options.days - 1)));

  // Candidates: papers with a new / cross-list announcement in the range.
  std::vector<store::PaperView> views;
  std::vector<std::pair<std::string, std::string>> first_listing;  // date, source
  std::unordered_map<std::string, size_t> seen;
  for (int d = options.days - 1; d >= 0; --d) {
    store::ListingFilter f;
    f.date = date::Format(date::AddDays(*last_ymd, -d));
    auto day = store.ListByListing(f);
    if (!day) return Fail(day.error());
    for (auto& v : *day) {
      const Listing* match = nullptr;
      for (const auto& l : v.paper.listings) {
        if (l.date != f.date || IsReplacement(l.announce_type)) continue;
        if (l.announce_type == "api" || l.announce_type == "oai") continue;
        if (!SourcePasses(r, l.source)) continue;
        match = &l;
        break;
      }
      if (match == nullptr || seen.count(v.paper.key)) continue;
      seen.emplace(v.paper.key, views.size());
      first_listing.emplace_back(match->date, match->source);
      views.push_back(std::move(v));
    }
  }
  report.candidates = views.size();

  // Shown on an earlier day (this paper, its journal version or its preprint); hidden.
  std::unordered_map<std::string, std::string> shown;  // key -> date first shown
  auto shown_list = radars.ShownPapers(r.id);
  if (!shown_list) return Fail(shown_list.error());
  for (const auto& s : *shown_list) shown.emplace(s.paper, s.date);
  const radar::RadarSpec spec = SpecOf(r);
  const std::unordered_set<std::string> hidden(spec.hidden.begin(), spec.hidden.end());
  auto shown_before = [&](const std::string& key) {
    if (key.empty()) return false;
    auto it = shown.find(key);
    return it != shown.end() && it->second < report.date_from;
  };
  std::vector<size_t> keep;
  std::vector<radar::Document> docs;
  for (size_t i = 0; i < views.size(); ++i) {
    const auto& v = views[i];
    if (hidden.count(v.paper.key) || hidden.count(v.published_version_key) ||
        hidden.count(v.preprint_key)) {
      ++report.hidden;
      continue;
    }
    if (!options.include_shown && (shown_before(v.paper.key) ||
                                   shown_before(v.published_version_key) ||
                                   shown_before(v.preprint_key))) {
      ++report.already_shown;
      continue;
    }
    keep.push_back(i);
    docs.push_back(radar::DocumentFromPaper(v.paper));
  }

  radar::RadarOptions ropts;
  auto model = radar::BuildRadarModel(library.index(), spec, ropts, &report.warnings);
  if (!model) {
    if (model.error().code == Code::kInvalidArgument)
      return MakeError(Code::kInvalidArgument,
                       "radar '" + r.name + "' has nothing to rank by: " + model.error().message);
    return Fail(model.error());
  }
  if (docs.empty()) return report;
  // Papers newer than the index are prepared from their text.
  auto batch = radar::PrepareBatch(library.index(), std::move(docs));
  if (!batch) return Fail(batch.error());
  auto ranked = radar::RankBatch(library.index(), *model, **batch, options.limit, options.limit);
  std::vector<store::ShownPaper> to_record;
  for (auto& rk : ranked) {
    const size_t i = keep[rk.doc];
    RankedPaper p;
    p.view = std::move(views[i]);
    p.score = rk.score;
    p.reasons = std::move(rk.reasons);
    p.listing_date = first_listing[i].first;
    p.listing_source = first_listing[i].second;
    for (const auto& l : p.view.paper.listings) {
      if (l.date == p.listing_date && l.source == p.listing_source) {
        p.badge = store::SourceBadge(l);
        break;
      }
    }
    to_record.push_back({p.view.paper.key, p.listing_date, options.now_unix});
    report.papers.push_back(std::move(p));
  }
  if (options.record_shown && !to_record.empty()) {
    if (auto st = radars.MarkShown(r.id, to_record); !st) return Fail(st.error());
  }
  return report;
}

}  // namespace ah::service
