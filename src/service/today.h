// "Today": the papers a source announced on a day, as the CLI's `today`, the
// web's Curated Daily page and the API's /today show them. The day is the
// latest announced one in the library unless given; the announcement calendar
// says when a source has none that day and when the next is due.
// Thread-safety: stateless; the store is the caller's (one thread at a time).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace ah::service {

struct DayQuery {
  std::string date;      // YYYY-MM-DD, or any form date::Normalize takes; empty = latest
  std::string source;    // listing source, empty = any
  std::string category;  // empty = any
  int64_t limit = 0;     // 0 = all
  int64_t offset = 0;
};

struct DayListing {
  std::string date;  // empty: nothing announced in the library (for this filter) yet
  std::string source;  // the query's source (empty = any)
  std::vector<store::PaperView> papers;  // new first, then cross-lists, then replacements
  std::vector<std::string> types;        // each paper's announce type that day, parallel
  std::map<std::string, int> by_type;    // counts over the whole day (before limit/offset)
  size_t total = 0;                      // papers that day (before limit/offset)
  std::string previous_date, next_date;  // neighbouring announced days, empty at the ends
};

// Ranks announce types as a day's listing shows them: new (or published),
// cross, replace, replace-cross, anything else.
int AnnounceTypeRank(const std::string& type);
// The paper's best announce type on `date` from `source` (any when empty).
std::string AnnounceTypeOn(const Paper& paper, const std::string& date, const std::string& source);

// Errors: kInvalidArgument (a date that is not a date, a negative limit or
// offset); the store's.
[[nodiscard]] Result<DayListing> ListDay(store::Store& store, const DayQuery& q);

// What the calendar says about a source family's day, for people: empty when
// nothing is worth saying, else e.g. "arXiv makes no announcement on Saturday
// 2026-11-28; the next one is due Sunday 2026-11-29 20:00 ET ..., listed as
// 2026-11-30." and, when the library's latest day `latest` is older than the
// current announcement, that a fetch would bring it.
std::string CalendarNote(const std::string& family, const std::string& latest, int64_t now_unix);

}  // namespace ah::service
