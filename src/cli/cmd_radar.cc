// `radar create|list|show|edit|delete|seed|feedback|run`.
#include <algorithm>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/render.h"
#include "core/date.h"
#include "service/radar_service.h"
#include "service/seeds.h"
#include "store/view_json.h"

namespace ah::cli {
namespace {

using nlohmann::json;

constexpr const char* kOwner = "local";

}  // namespace

Result<store::RadarStore*> Radars(App& app) {
  auto lib = app.library();
  if (!lib) return Fail(lib.error());
  store::RadarStore* rs = (*lib)->radar_store();
  if (rs == nullptr)
    return MakeError(Code::kInvalidArgument, "this library backend does not keep radars");
  return rs;
}

namespace {

json DefinitionJson(const store::RadarDefinition& r) {
  json fb = json::array();
  for (const auto& f : r.feedback)
    fb.push_back({{"paper", f.paper}, {"action", f.action}, {"at", date::FormatTimestamp(f.at_unix)}});
  return {{"name", r.name},
          {"description", r.description},
          {"query", r.query},
          {"exclude", r.exclude},
          {"categories", r.include_categories},
          {"exclude_categories", r.exclude_categories},
          {"sources", r.include_sources},
          {"exclude_sources", r.exclude_sources},
          {"authors", r.authors},
          {"seeds", r.seeds},
          {"feedback", fb},
          {"created", date::FormatTimestamp(r.created_unix)},
          {"updated", date::FormatTimestamp(r.updated_unix)}};
}

void PrintList(const char* label, const std::vector<std::string>& v) {
  if (v.empty()) return;
  std::printf("  %-18s", label);
  for (size_t i = 0; i < v.size(); ++i) std::printf("%s%s", i ? ", " : "", v[i].c_str());
  std::printf("\n");
}

void PrintDefinition(const store::RadarDefinition& r) {
  std::printf("%s\n", r.name.c_str());
  if (!r.description.empty()) std::printf("  %-18s%s\n", "description", r.description.c_str());
  if (!r.query.empty()) std::printf("  %-18s%s\n", "keywords", r.query.c_str());
  if (!r.exclude.empty()) std::printf("  %-18s%s\n", "exclude", r.exclude.c_str());
  PrintList("categories", r.include_categories);
  PrintList("not categories", r.exclude_categories);
  PrintList("sources", r.include_sources);
  PrintList("not sources", r.exclude_sources);
  PrintList("authors", r.authors);
  PrintList("seeds", r.seeds);
  if (!r.feedback.empty()) {
    std::printf("  feedback          %zu (latest first):\n", r.feedback.size());
    size_t shown = 0;
    for (auto it = r.feedback.rbegin(); it != r.feedback.rend() && shown < 10; ++it, ++shown)
      std::printf("    %s  %-8s %s\n", date::FormatTimestamp(it->at_unix).c_str(),
                  it->action.c_str(), it->paper.c_str());
  }
}

// The first 20, then a count: an import can warn about every one of 200,000 entries.
void PrintWarnings(const std::vector<std::string>& w) {
  PrintSummarised(stderr, "warning", "warnings", w);
}

// Resolves seed references to library keys; the first unknown one is an error.
Result<std::vector<std::string>> ResolveAll(store::Store& lib, const std::vector<std::string>& refs) {
  std::vector<std::string> keys;
  for (const auto& ref : refs) {
    auto key = service::ResolvePaper(lib, ref);
    if (!key) return Fail(key.error());
    if (std::find(keys.begin(), keys.end(), *key) == keys.end()) keys.push_back(*key);
  }
  return keys;
}

// Applies the fields given on the command line.
Status Apply(const RadarFields& f, store::RadarDefinition& r, store::Store& lib) {
  if (f.description) r.description = *f.description;
  if (f.query) r.query = *f.query;
  if (f.exclude) r.exclude = *f.exclude;
  if (f.categories) r.include_categories = *f.categories;
  if (f.exclude_categories) r.exclude_categories = *f.exclude_categories;
  if (f.sources) r.include_sources = *f.sources;
  if (f.exclude_sources) r.exclude_sources = *f.exclude_sources;
  if (f.authors) r.authors = *f.authors;
  if (f.seeds) {
    auto keys = ResolveAll(lib, *f.seeds);
    if (!keys) return Fail(keys.error());
    r.seeds = std::move(*keys);
  }
  return Ok();
}

}  // namespace

Result<store::RadarDefinition> LoadRadar(App& app, const std::string& name) {
  auto rs = Radars(app);
  if (!rs) return Fail(rs.error());
  auto r = (*rs)->GetRadar(kOwner, name);
  if (!r) return Fail(r.error());
  if (!*r)
    return MakeError(Code::kNotFound,
                     "no radar named '" + name + "' (see `academichub radar list`)");
  return std::move(**r);
}

int RunRadarCreate(App& app, const RadarCreateArgs& args) {
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto rs = Radars(app);
  if (!rs) return ReportError(rs.error());
  store::RadarDefinition r;
  r.owner = kOwner;
  r.name = args.name;
  if (auto st = Apply(args.fields, r, **lib); !st) return ReportError(st.error());
  std::vector<std::string> warnings;
  if (auto st = service::ValidateDefinition(r, &warnings); !st) return ReportError(st.error());
  auto id = (*rs)->CreateRadar(r);
  if (!id) return ReportError(id.error());
  PrintWarnings(warnings);
  if (args.json) {
    auto saved = LoadRadar(app, r.name);
    if (!saved) return ReportError(saved.error());
    std::puts(DefinitionJson(*saved).dump().c_str());
  } else if (!app.options().quiet) {
    std::printf("Created radar '%s'. Rank today's papers with: academichub radar run '%s'\n",
                r.name.c_str(), r.name.c_str());
  }
  return kExitOk;
}

int RunRadarList(App& app, bool json_out) {
  auto rs = Radars(app);
  if (!rs) return ReportError(rs.error());
  auto list = (*rs)->ListRadars(kOwner);
  if (!list) return ReportError(list.error());
  if (json_out) {
    json a = json::array();
    for (const auto& r : *list) a.push_back(DefinitionJson(r));
    std::puts(a.dump().c_str());
    return kExitOk;
  }
  if (list->empty()) {
    std::puts("No radars yet. Create one: academichub radar create NAME --description \"...\"");
    return kExitOk;
  }
  for (const auto& r : *list) {
    std::printf("%-24s %s\n", r.name.c_str(),
                r.description.empty() ? r.query.c_str() : r.description.c_str());
  }
  return kExitOk;
}

int RunRadarShow(App& app, const std::string& name, bool json_out) {
  auto r = LoadRadar(app, name);
  if (!r) return ReportError(r.error());
  if (json_out) {
    std::puts(DefinitionJson(*r).dump().c_str());
  } else {
    PrintDefinition(*r);
  }
  return kExitOk;
}

int RunRadarEdit(App& app, const RadarEditArgs& args) {
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto r = LoadRadar(app, args.name);
  if (!r) return ReportError(r.error());
  if (auto st = Apply(args.fields, *r, **lib); !st) return ReportError(st.error());
  if (!args.rename.empty()) r->name = args.rename;
  std::vector<std::string> warnings;
  if (auto st = service::ValidateDefinition(*r, &warnings); !st) return ReportError(st.error());
  auto rs = Radars(app);
  if (auto st = (*rs)->UpdateRadar(*r); !st) return ReportError(st.error());
  PrintWarnings(warnings);
  if (!app.options().quiet) std::printf("Updated radar '%s'.\n", r->name.c_str());
  return kExitOk;
}

int RunRadarDelete(App& app, const std::string& name) {
  auto r = LoadRadar(app, name);
  if (!r) return ReportError(r.error());
  auto rs = Radars(app);
  if (auto st = (*rs)->DeleteRadar(r->id); !st) return ReportError(st.error());
  if (!app.options().quiet) std::printf("Deleted radar '%s'.\n", name.c_str());
  return kExitOk;
}

int RunRadarSeedAdd(App& app, const std::string& name, const std::vector<std::string>& refs) {
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto r = LoadRadar(app, name);
  if (!r) return ReportError(r.error());
  auto keys = ResolveAll(**lib, refs);
  if (!keys) return ReportError(keys.error());
  size_t added = 0;
  for (const auto& k : *keys) {
    if (std::find(r->seeds.begin(), r->seeds.end(), k) != r->seeds.end()) continue;
    r->seeds.push_back(k);
    ++added;
  }
  auto rs = Radars(app);
  if (auto st = (*rs)->UpdateRadar(*r); !st) return ReportError(st.error());
  if (!app.options().quiet)
    std::printf("Radar '%s': %zu seed(s) added, %zu in all.\n", name.c_str(), added, r->seeds.size());
  return kExitOk;
}

int RunRadarSeedImport(App& app, const RadarSeedImportArgs& args) {
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto r = LoadRadar(app, args.name);
  if (!r) return ReportError(r.error());
  auto imported = service::ImportSeeds(**lib, args.path, args.format);
  if (!imported) return ReportError(imported.error());
  PrintWarnings(imported->warnings);
  if (imported->keys.empty()) {
    return ReportError(Error(Code::kNotFound, args.path + ": none of the " +
                                                  std::to_string(imported->entries) +
                                                  " entries is in the library; the radar is unchanged"));
  }
  size_t added = 0;
  for (const auto& k : imported->keys) {
    if (std::find(r->seeds.begin(), r->seeds.end(), k) != r->seeds.end()) continue;
    r->seeds.push_back(k);
    ++added;
  }
  auto rs = Radars(app);
  if (auto st = (*rs)->UpdateRadar(*r); !st) return ReportError(st.error());
  if (args.json) {
    std::puts(json({{"entries", imported->entries},
                    {"matched", imported->keys.size()},
                    {"added", added},
                    {"seeds", r->seeds.size()},
                    {"warnings", imported->warnings}})
                  .dump()
                  .c_str());
  } else if (!app.options().quiet) {
    std::printf("Radar '%s': %zu of %zu entries found in the library, %zu new seed(s), %zu in all.\n",
                args.name.c_str(), imported->keys.size(), imported->entries, added, r->seeds.size());
  }
  return imported->keys.size() < imported->entries ? kExitRejected : kExitOk;
}

int RunRadarFeedback(App& app, const RadarFeedbackArgs& args) {
  if (!store::IsFeedbackAction(args.action))
    return ReportError(Error(Code::kInvalidArgument, "unknown feedback '" + args.action +
                                                         "' (like, dislike, save or hide)"));
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto r = LoadRadar(app, args.name);
  if (!r) return ReportError(r.error());
  auto key = service::ResolvePaper(**lib, args.paper);
  if (!key) return ReportError(key.error());
  auto rs = Radars(app);
  store::RadarFeedback f{*key, args.action, static_cast<int64_t>(std::time(nullptr))};
  if (auto st = (*rs)->AddFeedback(r->id, f); !st) return ReportError(st.error());
  if (!app.options().quiet)
    std::printf("Radar '%s': %s %s recorded.\n", args.name.c_str(), args.action.c_str(), key->c_str());
  return kExitOk;
}

int RunRadarRun(App& app, const RadarRunArgs& args) {
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto r = LoadRadar(app, args.name);
  if (!r) return ReportError(r.error());
  auto rs = Radars(app);
  auto provider = Provider(app, false);
  if (!provider) return ReportError(provider.error());
  auto index = LoadIndex(app, provider->get());
  if (!index) return ReportError(index.error());
  service::RunOptions opts;
  if (!args.date.empty()) {
    opts.date = date::Normalize(args.date);
    if (opts.date.empty())
      return ReportError(Error(Code::kInvalidArgument, "--date '" + args.date + "' is not a date"));
  }
  opts.days = args.days;
  opts.limit = static_cast<size_t>(std::max<int64_t>(args.limit, 0));
  opts.include_shown = args.all;
  opts.record_shown = !args.no_record;
  auto report = service::RunRadar(**lib, **rs, **index, *r, opts);
  if (!report) return ReportError(report.error());
  PrintWarnings(report->warnings);
  if (args.json) {
    json a = json::array();
    int rank = 0;
    for (const auto& p : report->papers) {
      json j = store::PaperViewToJson(p.view);
      j["rank"] = ++rank;
      j["score"] = p.score;
      j["reasons"] = p.reasons;
      j["badge"] = p.badge;
      j["listing_date"] = p.listing_date;
      a.push_back(std::move(j));
    }
    std::puts(a.dump().c_str());
    return kExitOk;
  }
  std::printf("Radar '%s' · %s%s%s · %zu new paper(s)", r->name.c_str(), report->date_from.c_str(),
              report->date_from == report->date_to ? "" : " .. ",
              report->date_from == report->date_to ? "" : report->date_to.c_str(), report->candidates);
  if (report->already_shown) std::printf(", %zu shown before", report->already_shown);
  if (report->hidden) std::printf(", %zu hidden", report->hidden);
  std::printf("\n\n");
  if (report->papers.empty()) {
    std::puts("Nothing new for this radar.");
    return kExitOk;
  }
  CardStyle style;
  style.full_abstract = args.full;
  int n = 0;
  for (const auto& p : report->papers) {
    PrintCard(stdout, ++n, p.view, p.listing_date, style);
    std::printf("    score %.2f", p.score);
    for (size_t i = 0; i < p.reasons.size(); ++i)
      std::printf("%s%s", i ? " · " : " — ", p.reasons[i].c_str());
    std::printf("\n\n");
  }
  return kExitOk;
}

}  // namespace ah::cli
