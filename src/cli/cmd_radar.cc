// `radar create|list|show|edit|delete|seed|feedback|run`.
#include <algorithm>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/render.h"
#include "core/date.h"
#include "core/text.h"
#include "service/radar_service.h"
#include "service/radars.h"
#include "store/view_json.h"

namespace ah::cli {
namespace {

using nlohmann::json;

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
  if (r.include_updates) std::printf("  %-18s%s\n", "updates", "included (papers never shown)");
  if (!r.feedback.empty()) {
    std::printf("  feedback          %zu (latest first):\n", r.feedback.size());
    size_t shown = 0;
    for (auto it = r.feedback.rbegin(); it != r.feedback.rend() && shown < 10; ++it, ++shown)
      std::printf("    %s  %-8s %s\n", date::FormatTimestamp(it->at_unix).c_str(),
                  it->action.c_str(), it->paper.c_str());
  }
}

// "3 seeds", "1 author".
std::string Counted(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// One line of `radar list`: what the radar follows, whatever it was defined by
// (a description, keywords, seeds, authors, filters), so that no radar is blank.
std::string RadarSummary(const store::RadarDefinition& r) {
  constexpr size_t kMaxText = 60;
  std::vector<std::string> parts;
  auto cut = [&](const std::string& s) {
    if (s.size() <= kMaxText) return s;
    size_t at = s.rfind(' ', kMaxText);
    if (at == std::string::npos || at < kMaxText / 2) at = kMaxText;
    while (at > 0 && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) --at;
    return s.substr(0, at) + " …";
  };
  if (!r.description.empty()) parts.push_back(cut(r.description));
  if (!r.query.empty()) parts.push_back("keywords: " + cut(r.query));
  if (!r.seeds.empty()) parts.push_back(Counted(r.seeds.size(), "seed paper", "seed papers"));
  if (!r.authors.empty()) parts.push_back(Counted(r.authors.size(), "author", "authors"));
  auto names = [](const char* label, const std::vector<std::string>& v) {
    std::string out = label;
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : " ") + v[i];
    return out;
  };
  if (!r.include_categories.empty()) parts.push_back(names("categories", r.include_categories));
  if (!r.include_sources.empty()) parts.push_back(names("sources", r.include_sources));
  if (!r.feedback.empty()) parts.push_back(Counted(r.feedback.size(), "feedback", "feedback"));
  if (r.is_public) parts.push_back("public");
  if (parts.empty())
    return "(nothing to rank by yet: radar edit '" + r.name + "' --description ...)";
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " · ") + p;
  return out;
}

// The first 20, then a count: an import can warn about every one of 200,000 entries.
void PrintWarnings(const std::vector<std::string>& w) {
  PrintSummarised(stderr, "warning", "warnings", w);
}

}  // namespace

Result<store::RadarDefinition> LoadRadar(App& app, const std::string& name) {
  auto rs = Radars(app);
  if (!rs) return Fail(rs.error());
  auto r = service::FindRadar(**rs, kLocalUser, name);
  if (!r && r.error().code == Code::kNotFound)
    return MakeError(Code::kNotFound, r.error().message + " (see `academichub radar list`)");
  return r;
}

int RunRadarCreate(App& app, const RadarCreateArgs& args) {
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto rs = Radars(app);
  if (!rs) return ReportError(rs.error());
  service::RadarFields fields = args.fields;
  fields.name = args.name;
  std::vector<std::string> warnings;
  auto r = service::CreateRadar(**lib, **rs, kLocalUser, fields, &warnings);
  if (!r) return ReportError(r.error());
  PrintWarnings(warnings);
  if (args.json) {
    std::puts(service::RadarToJson(*r).dump().c_str());
  } else if (!app.options().quiet) {
    std::printf("Created radar '%s'. Rank today's papers with: academichub radar run '%s'\n",
                r->name.c_str(), r->name.c_str());
  }
  return kExitOk;
}

int RunRadarList(App& app, bool json_out) {
  auto rs = Radars(app);
  if (!rs) return ReportError(rs.error());
  auto list = (*rs)->ListRadars(kLocalUser);
  if (!list) return ReportError(list.error());
  if (json_out) {
    json a = json::array();
    for (const auto& r : *list) a.push_back(service::RadarToJson(r));
    std::puts(a.dump().c_str());
    return kExitOk;
  }
  if (list->empty()) {
    std::puts("No radars yet. Create one: academichub radar create NAME --description \"...\"");
    return kExitOk;
  }
  for (const auto& r : *list)
    std::printf("%-24s %s\n", text::EscapeControls(r.name).c_str(),
                text::EscapeControls(RadarSummary(r)).c_str());
  return kExitOk;
}

int RunRadarShow(App& app, const std::string& name, bool json_out) {
  auto r = LoadRadar(app, name);
  if (!r) return ReportError(r.error());
  if (json_out) {
    std::puts(service::RadarToJson(*r).dump().c_str());
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
  service::RadarFields fields = args.fields;
  if (!args.rename.empty()) fields.name = args.rename;
  std::vector<std::string> warnings;
  auto rs = Radars(app);
  auto edited = service::EditRadar(**lib, **rs, kLocalUser, r->id, fields, &warnings);
  if (!edited) return ReportError(edited.error());
  PrintWarnings(warnings);
  if (!app.options().quiet) std::printf("Updated radar '%s'.\n", edited->name.c_str());
  return kExitOk;
}

int RunRadarDelete(App& app, const std::string& name) {
  auto r = LoadRadar(app, name);
  if (!r) return ReportError(r.error());
  auto rs = Radars(app);
  if (auto st = (*rs)->DeleteRadar(kLocalUser, r->id); !st) return ReportError(st.error());
  if (!app.options().quiet) std::printf("Deleted radar '%s'.\n", name.c_str());
  return kExitOk;
}

int RunRadarSeedAdd(App& app, const std::string& name, const std::vector<std::string>& refs) {
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto r = LoadRadar(app, name);
  if (!r) return ReportError(r.error());
  auto rs = Radars(app);
  auto added = service::AddSeeds(**lib, **rs, kLocalUser, r->id, refs);
  if (!added) return ReportError(added.error());
  if (!app.options().quiet)
    std::printf("Radar '%s': %zu seed(s) added, %zu in all.\n", name.c_str(), added->added,
                added->total);
  return kExitOk;
}

int RunRadarSeedImport(App& app, const RadarSeedImportArgs& args) {
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto r = LoadRadar(app, args.name);
  if (!r) return ReportError(r.error());
  auto body = ReadSmallFile(args.path);
  if (!body) return ReportError(body.error());
  auto rs = Radars(app);
  auto imported = service::ImportSeedText(**lib, **rs, kLocalUser, r->id, args.path, *body, args.format);
  if (!imported) return ReportError(imported.error());
  PrintWarnings(imported->warnings);
  // The report is printed whatever was found: with --json, always one JSON document.
  if (args.json) {
    std::puts(service::SeedImportToJson(*imported).dump().c_str());
  } else if (!app.options().quiet && imported->matched > 0) {
    std::printf("Radar '%s': %zu of %zu entries found in the library", args.name.c_str(),
                imported->matched, imported->entries);
    if (imported->papers < imported->matched)
      std::printf(" (%zu distinct paper%s; %zu entr%s repeat%s a paper found earlier)",
                  imported->papers, imported->papers == 1 ? "" : "s",
                  imported->matched - imported->papers,
                  imported->matched - imported->papers == 1 ? "y" : "ies",
                  imported->matched - imported->papers == 1 ? "s" : "");
    std::printf(", %zu new seed(s), %zu in all.\n", imported->seeds.added, imported->seeds.total);
  }
  if (imported->matched == 0) return ReportError(service::NothingFound(args.path, *imported));
  // Success when every entry is in the library, however many of them name one paper.
  return imported->matched < imported->entries ? kExitRejected : kExitOk;
}

int RunRadarFeedback(App& app, const RadarFeedbackArgs& args) {
  if (!store::IsFeedbackAction(args.action))
    return ReportError(Error(Code::kInvalidArgument, "unknown feedback '" + args.action +
                                                         "' (like, dislike, save or hide)"));
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto r = LoadRadar(app, args.name);
  if (!r) return ReportError(r.error());
  auto rs = Radars(app);
  auto key = service::RecordFeedback(**lib, **rs, kLocalUser, r->id, args.paper, args.action,
                                     static_cast<int64_t>(std::time(nullptr)));
  if (!key) return ReportError(key.error());
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
  if (args.days < 1 || args.days > 366)
    return ReportError(Error(Code::kInvalidArgument, "--days must be between 1 and 366"));
  opts.days = args.days;
  opts.limit = static_cast<size_t>(std::max<int64_t>(args.limit, 0));
  opts.include_shown = args.all;
  opts.below_floor = args.all;
  opts.record_shown = !args.no_record;
  auto report = service::RunRadar(**lib, **rs, **index, *r, opts);
  if (!report) return ReportError(report.error());
  PrintWarnings(report->warnings);
  if (args.json) {
    json a = service::RankedPapersToJson(report->papers);
    std::puts(a.dump().c_str());
    return kExitOk;
  }
  std::printf("Radar '%s' · %s%s%s · %zu new paper(s)", r->name.c_str(), report->date_from.c_str(),
              report->date_from == report->date_to ? "" : " .. ",
              report->date_from == report->date_to ? "" : report->date_to.c_str(),
              report->candidates - report->updates);
  if (report->updates) std::printf(", %zu updated", report->updates);
  if (report->already_shown) std::printf(", %zu shown before", report->already_shown);
  if (report->hidden) std::printf(", %zu hidden", report->hidden);
  if (report->rated) std::printf(", %zu rated or seeded", report->rated);
  if (report->below_floor && !args.all)
    std::printf(", %zu below the relevance floor (--all shows them)", report->below_floor);
  std::printf("\n\n");
  if (report->papers.empty()) {
    if (report->below_floor > 0)
      std::printf("Nothing strongly relevant %s%s. `--all` shows the %zu weaker match(es).\n",
                  report->date_from == report->date_to ? "on " : "from ",
                  report->date_from == report->date_to
                      ? report->date_to.c_str()
                      : (report->date_from + " to " + report->date_to).c_str(),
                  report->below_floor);
    else
      std::puts("Nothing new for this radar.");
    return kExitOk;
  }
  CardStyle style;
  style.full_abstract = args.full;
  int n = 0;
  bool weak_started = false;
  for (const auto& p : report->papers) {
    if (!p.strong && !weak_started && report->floor) {
      weak_started = true;
      std::puts(n == 0 ? "Nothing strongly relevant today; the weaker matches:\n"
                       : "Below the relevance floor:\n");
    }
    PrintCard(stdout, ++n, p.view, p.listing_date, style);
    std::printf("    score %.2f", p.score);
    for (size_t i = 0; i < p.reasons.size(); ++i)
      std::printf("%s%s", i ? " · " : " — ", p.reasons[i].c_str());
    std::printf("\n\n");
  }
  return kExitOk;
}

}  // namespace ah::cli
