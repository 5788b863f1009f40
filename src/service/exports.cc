#include "service/exports.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "brief/render.h"
#include "core/json.h"
#include "service/radars.h"

namespace ah::service {

Result<ExportSet> ExportRadarDay(store::Store& store, store::RadarStore& radars,
                                 const LibraryIndex& library, std::string_view owner,
                                 int64_t radar_id, const std::string& date, size_t limit,
                                 RankCache* cache) {
  auto r = FindRadarById(radars, owner, radar_id);
  if (!r) return Fail(r.error());
  RunOptions o;
  o.date = date;
  o.days = 1;
  o.limit = limit;
  o.include_shown = false;
  o.record_shown = false;
  auto report = RunRadar(store, radars, library, *r, o, cache);
  if (!report) return Fail(report.error());
  ExportSet set;
  set.name = "radar-" + std::to_string(radar_id) + "-" + report->date_to;
  set.papers.reserve(report->papers.size());
  for (auto& p : report->papers) set.papers.push_back(std::move(p.view.paper));
  return set;
}

Result<ExportSet> ExportBriefing(store::Store& store, store::RadarStore& radars,
                                 std::string_view owner, int64_t briefing_id) {
  auto stored = radars.GetBriefing(owner, briefing_id);
  if (!stored) return Fail(stored.error());
  if (!*stored) return MakeError(Code::kNotFound, "no briefing " + std::to_string(briefing_id));
  auto j = ParseJson((*stored)->json, "briefing " + std::to_string(briefing_id));
  if (!j) return MakeError(Code::kCorrupt, j.error().message);
  auto b = brief::BriefingFromJson(*j);
  if (!b) return MakeError(Code::kCorrupt, b.error().message);
  ExportSet set;
  set.name = "briefing-" + std::to_string(briefing_id);
  for (const auto& p : b->papers) {
    auto v = store.Get(p.id);
    if (!v) return Fail(v.error());
    if (*v) set.papers.push_back(std::move((*v)->paper));
  }
  return set;
}

Result<ExportSet> ExportSaved(store::Store& store, store::RadarStore& radars,
                              std::string_view owner, int64_t radar_id) {
  std::vector<int64_t> ids;
  if (radar_id != 0) {
    ids.push_back(radar_id);
  } else {
    auto list = radars.ListRadars(owner);
    if (!list) return Fail(list.error());
    for (const auto& r : *list) ids.push_back(r.id);
  }
  // (time saved, paper) of every paper whose latest action in a radar is "save".
  std::vector<std::pair<int64_t, std::string>> saved;
  for (int64_t id : ids) {
    auto r = FindRadarById(radars, owner, id);
    if (!r) return Fail(r.error());
    std::map<std::string, const store::RadarFeedback*> latest;
    for (const auto& f : r->feedback) latest[f.paper] = &f;  // oldest first: the last wins
    for (const auto& [paper, f] : latest)
      if (f->action == "save") saved.emplace_back(f->at_unix, paper);
  }
  std::stable_sort(saved.begin(), saved.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  ExportSet set;
  set.name = radar_id ? "saved-radar-" + std::to_string(radar_id) : "saved";
  std::set<std::string> seen;
  for (const auto& [at, key] : saved) {
    if (!seen.insert(key).second) continue;
    auto v = store.Get(key);
    if (!v) return Fail(v.error());
    if (*v) set.papers.push_back(std::move((*v)->paper));
  }
  return set;
}

std::string ExportFileName(const ExportSet& set, imports::ExportFormat format) {
  return set.name + "." + std::string(imports::ExportExtension(format));
}

}  // namespace ah::service
