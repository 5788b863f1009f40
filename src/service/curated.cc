#include "service/curated.h"

#include <algorithm>
#include <map>
#include <set>

#include "service/brief_service.h"

namespace ah::service {

Result<CuratedDay> Curate(store::Store& store, store::RadarStore& radar_store,
                          const LibraryIndex& library,
                          const std::vector<store::RadarDefinition>& radars,
                          const CuratedOptions& options, RankCache* cache) {
  CuratedDay day;
  std::vector<RunReport> runs;
  std::vector<const store::RadarDefinition*> ran;
  std::optional<Error> first_error;
  for (const auto& r : radars) {
    RunOptions o;
    o.date = options.date;
    o.limit = options.per_radar;
    o.include_shown = !options.record_shown;
    o.record_shown = options.record_shown;
    o.now_unix = options.now_unix;
    auto rep = RunRadar(store, radar_store, library, r, o, cache);
    if (!rep) {
      if (!first_error) first_error = rep.error();
      day.warnings.push_back("radar '" + r.name + "': " + rep.error().message);
      continue;
    }
    if (rep->date_to > day.date) day.date = rep->date_to;
    runs.push_back(std::move(*rep));
    ran.push_back(&r);
  }
  if (runs.empty() && first_error && !radars.empty()) return Fail(*first_error);

  // Round robin over the radars, best first; a paper appears once.
  std::set<std::string> taken;
  std::vector<CuratedCard> merged;
  std::vector<size_t> next(runs.size(), 0);
  for (bool more = true; more;) {
    more = false;
    for (size_t k = 0; k < runs.size(); ++k) {
      while (next[k] < runs[k].papers.size()) {
        RankedPaper& p = runs[k].papers[next[k]++];
        if (!taken.insert(p.view.paper.key).second) continue;
        CuratedCard c;
        c.field = FieldOf(p.view.paper);
        c.radar_id = ran[k]->id;
        c.radar_name = ran[k]->name;
        c.paper = std::move(p);
        merged.push_back(std::move(c));
        more = true;
        break;
      }
    }
  }
  // Diversify: a field past its share waits until the other fields run out.
  const size_t cap = std::max<size_t>(
      1, static_cast<size_t>(options.max_field_share * static_cast<double>(options.limit)));
  std::map<std::string, size_t> per_field;
  std::vector<CuratedCard> deferred;
  for (auto& c : merged) {
    if (day.cards.size() >= options.limit) break;
    if (per_field[c.field] >= cap) {
      deferred.push_back(std::move(c));
      continue;
    }
    ++per_field[c.field];
    day.cards.push_back(std::move(c));
  }
  for (auto& c : deferred) {
    if (day.cards.size() >= options.limit) break;
    day.cards.push_back(std::move(c));
  }
  return day;
}

}  // namespace ah::service
