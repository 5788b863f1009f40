// Read-only commands over the library: today, search, show, stats.
#include <algorithm>
#include <cstdio>
#include <map>

#include "cli/commands.h"
#include "cli/render.h"
#include "core/clock.h"
#include "core/date.h"
#include "search/query.h"
#include "sources/calendar.h"
#include "store/view_json.h"

namespace ah::cli {
namespace {

const char* WeekdayName(const std::string& ymd) {
  static const char* kNames[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  auto d = date::Parse(ymd);
  return d ? kNames[date::Weekday(*d)] : "";
}

int TypeRank(const std::string& t) {
  if (t == "new" || t == "published") return 0;
  if (t == "cross") return 1;
  if (t == "replace") return 2;
  if (t == "replace-cross") return 3;
  return 4;
}

// The announce type of the paper's listing on `date` (best of several).
std::string TypeOn(const Paper& p, const std::string& date, const std::string& source) {
  std::string best;
  for (const auto& l : p.listings)
    if (l.date == date && (source.empty() || l.source == source) &&
        (best.empty() || TypeRank(l.announce_type) < TypeRank(best)))
      best = l.announce_type;
  return best;
}

// Says when a source family makes no announcement today, and when the next is due.
void PrintCalendarNote(const std::string& family, const std::string& latest) {
  SystemClock clock;
  int64_t now = clock.NowUnix();
  std::string today = date::FormatTimestamp(now).substr(0, 10);
  std::string note = sources::NoAnnouncementNote(family, today);
  if (!note.empty()) std::printf("%s\n", note.c_str());
  std::string current = sources::CurrentAnnouncementDate(family, now);
  if (!latest.empty() && !current.empty() && latest < current)
    std::printf("The library's latest %s day is %s %s; the current announcement is %s (run `academichub fetch`).\n\n",
                family.c_str(), WeekdayName(latest), latest.c_str(), current.c_str());
}

}  // namespace

int RunToday(App& app, const TodayArgs& args) {
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  store::ListingFilter f;
  f.source = args.source;
  f.category = args.category;
  if (!args.date.empty()) {
    f.date = date::Normalize(args.date);
    if (f.date.empty()) return ReportError(Error(Code::kInvalidArgument, "--date '" + args.date + "' is not a date"));
  } else {
    auto latest = (*lib)->LatestListingDate(f);
    if (!latest) return ReportError(latest.error());
    f.date = *latest;
  }
  if (f.date.empty()) {
    if (args.json) {
      std::puts("[]");
      return kExitOk;
    }
    std::printf("No announcements in the library%s yet. Run `academichub fetch`, or `academichub ingest PATH`.\n",
                args.source.empty() ? "" : (" for source '" + args.source + "'").c_str());
    return kExitOk;
  }
  auto views = (*lib)->ListByListing(f);
  if (!views) return ReportError(views.error());
  std::stable_sort(views->begin(), views->end(), [&](const store::PaperView& a, const store::PaperView& b) {
    return TypeRank(TypeOn(a.paper, f.date, f.source)) < TypeRank(TypeOn(b.paper, f.date, f.source));
  });
  if (args.limit > 0 && static_cast<int64_t>(views->size()) > args.limit) views->resize(args.limit);
  if (args.json) {
    PrintJsonArray(stdout, *views, false);
    return kExitOk;
  }
  std::map<std::string, int> by_type;
  for (const auto& v : *views) ++by_type[TypeOn(v.paper, f.date, f.source)];
  if (args.date.empty() && !app.options().quiet) {
    // Without --source, the arXiv schedule is the one users wait for; the library's
    // latest day may then belong to another source, so it is not compared.
    PrintCalendarNote(args.source.empty() ? "arxiv" : args.source, args.source.empty() ? "" : f.date);
  }
  std::printf("%s %s — %zu paper(s)", WeekdayName(f.date), f.date.c_str(), views->size());
  std::string sep = ": ";
  for (const auto& [type, n] : by_type) {
    std::printf("%s%d %s", sep.c_str(), n, type.empty() ? "listed" : type.c_str());
    sep = ", ";
  }
  std::printf("%s%s\n\n", args.source.empty() ? "" : (" · source " + args.source).c_str(),
              args.category.empty() ? "" : (" · category " + args.category).c_str());
  CardStyle style;
  style.full_abstract = args.full;
  int n = 0;
  for (const auto& v : *views) PrintCard(stdout, ++n, v, f.date, style);
  return kExitOk;
}

int RunSearch(App& app, const SearchArgs& args) {
  std::string q;
  for (const auto& w : args.words) q += (q.empty() ? "" : " ") + w;
  auto query = search::ParseQuery(q);
  if (!query) return ReportError(query.error());
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto views = (*lib)->Search(*query, args.limit, args.offset);
  if (!views) return ReportError(views.error());
  if (args.json) {
    PrintJsonArray(stdout, *views, false);
    return kExitOk;
  }
  if (views->empty()) {
    std::printf("No papers match %s\n", q.c_str());
    return kExitOk;
  }
  CardStyle style;
  style.full_abstract = args.full;
  int n = static_cast<int>(args.offset);
  for (const auto& v : *views) PrintCard(stdout, ++n, v, "", style);
  return kExitOk;
}

int RunShow(App& app, const ShowArgs& args) {
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto view = (*lib)->Get(args.id);
  if (!view) return ReportError(view.error());
  if (!*view) return ReportError(Error(Code::kNotFound, "no paper '" + args.id + "' in the library"));
  if (args.json) {
    std::puts(store::PaperViewToJson(**view).dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    PrintDetails(stdout, **view);
  }
  return kExitOk;
}

int RunStats(App& app, bool json) {
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto st = (*lib)->Stats();
  if (!st) return ReportError(st.error());
  if (json) {
    nlohmann::json j{{"papers", st->papers},
                     {"listings", st->listings},
                     {"with_doi", st->with_doi},
                     {"with_published_version", st->with_published_version},
                     {"latest_listing_date", st->latest_listing_date},
                     {"db", app.db_path()}};
    nlohmann::json by = nlohmann::json::object();
    for (const auto& [s, n] : st->papers_by_source) by[s] = n;
    j["papers_by_source"] = by;
    nlohmann::json fetches = nlohmann::json::array();
    for (const auto& e : st->recent_fetches)
      fetches.push_back({{"source", e.source}, {"url", e.url}, {"started", date::FormatTimestamp(e.started_unix)},
                         {"status", e.http_status}, {"added", e.added}, {"updated", e.updated},
                         {"unchanged", e.unchanged}, {"rejected", e.rejected}, {"error", e.error}});
    j["recent_fetches"] = fetches;
    std::puts(j.dump(2).c_str());
    return kExitOk;
  }
  std::printf("library         %s\n", app.db_path().c_str());
  std::printf("papers          %lld\n", static_cast<long long>(st->papers));
  std::printf("listings        %lld\n", static_cast<long long>(st->listings));
  std::printf("with DOI        %lld\n", static_cast<long long>(st->with_doi));
  std::printf("published links %lld\n", static_cast<long long>(st->with_published_version));
  std::printf("latest day      %s\n", st->latest_listing_date.c_str());
  for (const auto& [s, n] : st->papers_by_source) std::printf("  %-14s %lld\n", s.c_str(), static_cast<long long>(n));
  if (!st->recent_fetches.empty()) std::printf("recent fetches:\n");
  for (const auto& e : st->recent_fetches)
    std::printf("  %s %-24s %3d +%lld ~%lld =%lld !%lld %s\n", date::FormatTimestamp(e.started_unix).c_str(),
                e.source.c_str(), e.http_status, static_cast<long long>(e.added), static_cast<long long>(e.updated),
                static_cast<long long>(e.unchanged), static_cast<long long>(e.rejected), e.error.c_str());
  return kExitOk;
}

}  // namespace ah::cli
