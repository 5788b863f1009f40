#include "service/radars.h"

#include <algorithm>
#include <cmath>

#include "core/date.h"
#include "core/text.h"
#include "service/categories.h"
#include "service/radar_service.h"
#include "service/seeds.h"
#include "store/view_json.h"

namespace ah::service {
namespace {

// Resolves references to library keys, distinct, in order; the first unknown
// one is an error.
Result<std::vector<std::string>> ResolveAll(store::Store& store,
                                            const std::vector<std::string>& refs) {
  std::vector<std::string> keys;
  for (const auto& ref : refs) {
    auto key = ResolvePaper(store, ref);
    if (!key) return Fail(key.error());
    if (std::find(keys.begin(), keys.end(), *key) == keys.end()) keys.push_back(*key);
  }
  return keys;
}

// The categories as the library spells them (blanks dropped); the first
// unknown one is an error.
Result<std::vector<std::string>> ResolveCategories(store::Store& store,
                                                   const std::vector<std::string>& typed) {
  std::vector<std::string> out;
  for (const auto& c : typed) {
    if (text::Trim(c).empty()) continue;
    auto spelt = ResolveCategory(store, c);
    if (!spelt) return Fail(spelt.error());
    if (std::find(out.begin(), out.end(), *spelt) == out.end()) out.push_back(std::move(*spelt));
  }
  return out;
}

Status Apply(store::Store& store, const RadarFields& f, store::RadarDefinition& r) {
  if (f.name) r.name = *f.name;
  if (f.description) r.description = *f.description;
  if (f.query) r.query = *f.query;
  if (f.exclude) r.exclude = *f.exclude;
  if (f.categories) {
    auto cats = ResolveCategories(store, *f.categories);
    if (!cats) return Fail(cats.error());
    r.include_categories = std::move(*cats);
  }
  if (f.exclude_categories) {
    auto cats = ResolveCategories(store, *f.exclude_categories);
    if (!cats) return Fail(cats.error());
    r.exclude_categories = std::move(*cats);
  }
  if (f.sources) r.include_sources = *f.sources;
  if (f.exclude_sources) r.exclude_sources = *f.exclude_sources;
  if (f.authors) r.authors = *f.authors;
  if (f.is_public) r.is_public = *f.is_public;
  if (f.include_updates) r.include_updates = *f.include_updates;
  if (f.seeds) {
    auto keys = ResolveAll(store, *f.seeds);
    if (!keys) return Fail(keys.error());
    r.seeds = std::move(*keys);
  }
  return Ok();
}

size_t MergeSeeds(const std::vector<std::string>& keys, store::RadarDefinition& r) {
  size_t added = 0;
  for (const auto& k : keys) {
    if (std::find(r.seeds.begin(), r.seeds.end(), k) != r.seeds.end()) continue;
    r.seeds.push_back(k);
    ++added;
  }
  return added;
}

}  // namespace

Result<store::RadarDefinition> FindRadar(store::RadarStore& radars, std::string_view owner,
                                         std::string_view name) {
  auto r = radars.GetRadar(owner, name);
  if (!r) return Fail(r.error());
  if (!*r) return MakeError(Code::kNotFound, "no radar named '" + std::string(name) + "'");
  return std::move(**r);
}

Result<store::RadarDefinition> FindRadarById(store::RadarStore& radars, std::string_view owner,
                                             int64_t id) {
  auto r = radars.GetRadarById(owner, id);
  if (!r) return Fail(r.error());
  if (!*r) return MakeError(Code::kNotFound, "no radar " + std::to_string(id));
  return std::move(**r);
}

Result<store::RadarDefinition> CreateRadar(store::Store& store, store::RadarStore& radars,
                                           std::string_view owner, const RadarFields& fields,
                                           std::vector<std::string>* warnings) {
  store::RadarDefinition r;
  r.owner = std::string(owner);
  if (auto st = Apply(store, fields, r); !st) return Fail(st.error());
  if (auto st = ValidateDefinition(r, warnings); !st) return Fail(st.error());
  auto id = radars.CreateRadar(r);
  if (!id) return Fail(id.error());
  return FindRadarById(radars, owner, *id);
}

Result<store::RadarDefinition> EditRadar(store::Store& store, store::RadarStore& radars,
                                         std::string_view owner, int64_t id,
                                         const RadarFields& fields,
                                         std::vector<std::string>* warnings) {
  auto r = FindRadarById(radars, owner, id);
  if (!r) return Fail(r.error());
  if (auto st = Apply(store, fields, *r); !st) return Fail(st.error());
  if (auto st = ValidateDefinition(*r, warnings); !st) return Fail(st.error());
  if (auto st = radars.UpdateRadar(owner, *r); !st) return Fail(st.error());
  return FindRadarById(radars, owner, id);
}

Result<SeedsAdded> AddSeeds(store::Store& store, store::RadarStore& radars, std::string_view owner,
                            int64_t id, const std::vector<std::string>& refs) {
  auto r = FindRadarById(radars, owner, id);
  if (!r) return Fail(r.error());
  auto keys = ResolveAll(store, refs);
  if (!keys) return Fail(keys.error());
  SeedsAdded out;
  out.added = MergeSeeds(*keys, *r);
  out.total = r->seeds.size();
  if (out.added > 0)
    if (auto st = radars.UpdateRadar(owner, *r); !st) return Fail(st.error());
  return out;
}

Result<SeedFileImport> ImportSeedText(store::Store& store, store::RadarStore& radars,
                                      std::string_view owner, int64_t id, std::string_view origin,
                                      std::string_view text, const std::string& format) {
  auto r = FindRadarById(radars, owner, id);
  if (!r) return Fail(r.error());
  auto imported = MatchSeeds(store, origin, text, format);
  if (!imported) return Fail(imported.error());
  SeedFileImport out;
  out.entries = imported->entries;
  out.matched = imported->found;
  out.papers = imported->keys.size();
  out.warnings = std::move(imported->warnings);
  out.seeds.total = r->seeds.size();
  if (imported->keys.empty()) return out;  // nothing to add: the radar is unchanged
  out.seeds.added = MergeSeeds(imported->keys, *r);
  out.seeds.total = r->seeds.size();
  if (out.seeds.added > 0)
    if (auto st = radars.UpdateRadar(owner, *r); !st) return Fail(st.error());
  return out;
}

Error NothingFound(std::string_view origin, const SeedFileImport& import) {
  return Error(Code::kNotFound, std::string(origin) + ": none of the " +
                                    std::to_string(import.entries) +
                                    " entries is in the library; the radar is unchanged");
}

Result<std::string> RecordFeedback(store::Store& store, store::RadarStore& radars,
                                   std::string_view owner, int64_t id, std::string_view paper,
                                   std::string_view action, int64_t now_unix) {
  if (!store::IsFeedbackAction(action))
    return MakeError(Code::kInvalidArgument, "unknown feedback '" + std::string(action) +
                                                 "' (like, dislike, save or hide)");
  auto key = ResolvePaper(store, paper);
  if (!key) return Fail(key.error());
  store::RadarFeedback f{*key, std::string(action), now_unix};
  if (auto st = radars.AddFeedback(owner, id, f); !st) return Fail(st.error());
  return *key;
}

nlohmann::json FeedbackToJson(const store::RadarFeedback& f) {
  return {{"paper", f.paper}, {"action", f.action}, {"at", date::FormatTimestamp(f.at_unix)}};
}

nlohmann::json RadarToJson(const store::RadarDefinition& r) {
  nlohmann::json fb = nlohmann::json::array();
  for (const auto& f : r.feedback) fb.push_back(FeedbackToJson(f));
  return {{"id", r.id},
          {"name", r.name},
          {"public", r.is_public},
          {"description", r.description},
          {"query", r.query},
          {"exclude", r.exclude},
          {"categories", r.include_categories},
          {"exclude_categories", r.exclude_categories},
          {"sources", r.include_sources},
          {"exclude_sources", r.exclude_sources},
          {"authors", r.authors},
          {"seeds", r.seeds},
          {"include_updates", r.include_updates},
          {"feedback", fb},
          {"created", date::FormatTimestamp(r.created_unix)},
          {"updated", date::FormatTimestamp(r.updated_unix)}};
}

nlohmann::json SeedImportToJson(const SeedFileImport& import) {
  return {{"entries", import.entries},
          {"matched", import.matched},
          {"papers", import.papers},
          {"added", import.seeds.added},
          {"seeds", import.seeds.total},
          {"warnings", import.warnings}};
}

std::string AnnounceOf(const RankedPaper& p) {
  if (p.announce_type == "replace" || p.announce_type == "replace-cross")
    return "updated v" + std::to_string(std::max(p.version, 1));
  return p.announce_type;
}

nlohmann::json RankedPapersToJson(const std::vector<RankedPaper>& papers) {
  nlohmann::json a = nlohmann::json::array();
  int rank = 0;
  for (const auto& p : papers) {
    nlohmann::json j = store::PaperViewToJson(p.view);
    j["rank"] = ++rank;
    j["score"] = p.score;
    j["reasons"] = p.reasons;
    nlohmann::json why = nlohmann::json::array();
    for (const auto& w : p.why) why.push_back({{"kind", radar::ReasonKindName(w.kind)}, {"args", w.args}});
    j["why"] = std::move(why);
    j["relevance"] = std::isfinite(p.relevance) ? nlohmann::json(p.relevance) : nlohmann::json();
    j["strong"] = p.strong;
    j["query_match"] = p.query_match;
    j["badge"] = p.badge;
    j["listing_date"] = p.listing_date;
    j["announce"] = AnnounceOf(p);
    j["version"] = p.version;
    a.push_back(std::move(j));
  }
  return a;
}

}  // namespace ah::service
