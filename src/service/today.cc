#include "service/today.h"

#include <algorithm>

#include "core/date.h"
#include "sources/calendar.h"

namespace ah::service {
namespace {}  // namespace

int AnnounceTypeRank(const std::string& t) {
  if (t == "new" || t == "published") return 0;
  if (t == "cross") return 1;
  if (t == "replace") return 2;
  if (t == "replace-cross") return 3;
  return 4;
}

std::string AnnounceTypeOn(const Paper& p, const std::string& date, const std::string& source) {
  std::string best;
  bool found = false;
  for (const auto& l : p.listings)
    if (l.date == date && (source.empty() || l.source == source) && l.announce_type != "api" &&
        l.announce_type != "oai" &&
        (!found || AnnounceTypeRank(l.announce_type) < AnnounceTypeRank(best))) {
      best = l.announce_type;
      found = true;
    }
  return best;
}

Result<DayListing> ListDay(store::Store& store, const DayQuery& q) {
  if (q.limit < 0) return MakeError(Code::kInvalidArgument, "limit must not be negative");
  if (q.offset < 0) return MakeError(Code::kInvalidArgument, "offset must not be negative");
  store::ListingFilter f;
  f.source = q.source;
  f.category = q.category;
  DayListing out;
  if (!q.date.empty()) {
    f.date = date::Normalize(q.date);
    if (f.date.empty())
      return MakeError(Code::kInvalidArgument, "'" + q.date + "' is not a date (want YYYY-MM-DD)");
  } else {
    auto latest = store.LatestListingDate(f);
    if (!latest) return Fail(latest.error());
    f.date = *latest;
    if (f.date.empty()) return out;
  }
  out.date = f.date;
  auto views = store.ListByListing(f);
  if (!views) return Fail(views.error());
  std::vector<std::pair<int, size_t>> order;  // (type rank, arrival)
  std::vector<std::string> types;
  types.reserve(views->size());
  for (size_t i = 0; i < views->size(); ++i) {
    types.push_back(AnnounceTypeOn((*views)[i].paper, f.date, f.source));
    ++out.by_type[types.back()];
    order.emplace_back(AnnounceTypeRank(types.back()), i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  out.total = views->size();
  const size_t begin = std::min(out.total, static_cast<size_t>(q.offset));
  const size_t end =
      q.limit > 0 ? std::min(out.total, begin + static_cast<size_t>(q.limit)) : out.total;
  for (size_t k = begin; k < end; ++k) {
    out.papers.push_back(std::move((*views)[order[k].second]));
    out.types.push_back(types[order[k].second]);
  }
  auto adjacent = store.AdjacentListingDates(f);
  if (!adjacent) return Fail(adjacent.error());
  out.previous_date = adjacent->first;
  out.next_date = adjacent->second;
  return out;
}

std::string CalendarNote(const std::string& family, const std::string& latest, int64_t now_unix) {
  std::string today = date::FormatTimestamp(now_unix).substr(0, 10);
  std::string note = sources::NoAnnouncementNote(family, today);
  std::string current = sources::CurrentAnnouncementDate(family, now_unix);
  if (!latest.empty() && !current.empty() && latest < current) {
    if (!note.empty()) note += "\n";
    note += "The library's latest " + family + " day is " + std::string(date::WeekdayName(latest)) +
            " " + latest + "; the current announcement is " + current + " (a fetch brings it).";
  }
  return note;
}

}  // namespace ah::service
