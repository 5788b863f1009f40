// Read-only commands over the library: today, search, show, stats.
#include <algorithm>
#include <cstdio>
#include <map>

#include "cli/commands.h"
#include "cli/render.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/text.h"
#include "search/query.h"
#include "service/categories.h"
#include "service/today.h"
#include "sources/categories.h"
#include "store/view_json.h"

namespace ah::cli {

int RunToday(App& app, const TodayArgs& args) {
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  if (!args.date.empty() && date::Normalize(args.date).empty())
    return ReportError(Error(Code::kInvalidArgument, "--date '" + args.date + "' is not a date"));
  service::DayQuery q;
  q.date = args.date;
  q.source = args.source;
  q.category = args.category;
  q.limit = args.limit;
  auto day = service::ListDay(**lib, q);
  if (!day) return ReportError(day.error());
  std::string category_note;  // " in category 'q-bio.GN' (arXiv)"
  std::string config_hint;
  if (!args.category.empty() && day->papers.empty()) {
    // Nothing matched: a category no one has is a mistake to say, not an empty day.
    auto spelt = service::ResolveCategory(**lib, args.category);
    if (!spelt) {
      const std::string& m = spelt.error().message;  // "category 'x' is not ..."
      return ReportError(
          Error(spelt.error().code, (m.rfind("category '", 0) == 0 ? "--" : "--category: ") + m));
    }
    category_note = " in category '" + *spelt + "'";
    if (const auto* known = sources::FindKnownCategory(*spelt)) {
      category_note += " (" + known->server + ")";
      // Say where a category of a preprint server comes from.
      config_hint = known->server == "arXiv"
                        ? "Add it to [arxiv] categories in the config and run"
                        : "Add it to [biorxiv] categories in the config and run";
    }
  }
  if (day->date.empty()) {
    if (args.json) {
      std::puts("[]");
      return kExitOk;
    }
    const std::string filters =
        (args.source.empty() ? "" : " for source '" + args.source + "'") + category_note;
    std::printf(
        "No announcements in the library%s yet. %s `academichub fetch`, or `academichub "
        "ingest PATH`.\n",
        text::EscapeControls(filters).c_str(), config_hint.empty() ? "Run" : config_hint.c_str());
    return kExitOk;
  }
  if (args.json) {
    PrintJsonArray(stdout, day->papers, false);
    return kExitOk;
  }
  if (args.date.empty() && !app.options().quiet) {
    // Without --source, the arXiv schedule is the one users wait for; the library's
    // latest day may then belong to another source, so it is not compared.
    SystemClock clock;
    std::string note = service::CalendarNote(args.source.empty() ? "arxiv" : args.source,
                                             args.source.empty() ? "" : day->date, clock.NowUnix());
    if (!note.empty()) std::printf("%s\n\n", note.c_str());
  }
  std::printf("%s\n\n", DayHeadline(*day, args.source, args.category).c_str());
  CardStyle style;
  style.full_abstract = args.full;
  int n = 0;
  for (const auto& v : day->papers) PrintCard(stdout, ++n, v, day->date, style);
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
  // The count of every match (not the page), from the same ranking.
  auto summary = (*lib)->SearchFacets(*query, 0);
  if (!summary) return ReportError(summary.error());
  std::string suggestion;
  if (summary->total < std::max<int64_t>(args.limit, 20)) {  // few matches: a typo?
    auto s = (*lib)->SuggestQuery(*query);
    if (!s) return ReportError(s.error());
    suggestion = std::move(*s);
  }
  if (args.json) {
    PrintJsonArray(stdout, *views, false);
    // stdout stays the array that scripts read; the hint goes to stderr.
    if (!suggestion.empty()) std::fprintf(stderr, "Did you mean: %s\n", suggestion.c_str());
    return kExitOk;
  }
  if (views->empty()) {
    if (summary->total > 0) {
      std::printf("%lld papers match %s; none after the first %lld\n",
                  static_cast<long long>(summary->total), q.c_str(),
                  static_cast<long long>(args.offset));
    } else {
      std::printf("No papers match %s\n", q.c_str());
    }
    if (!suggestion.empty()) std::printf("Did you mean: %s\n", suggestion.c_str());
    return kExitOk;
  }
  const auto from = static_cast<long long>(args.offset) + 1;
  const auto to = static_cast<long long>(args.offset) + static_cast<long long>(views->size());
  std::printf("%lld %s %s (showing %lld-%lld)\n", static_cast<long long>(summary->total),
              summary->total == 1 ? "paper matches" : "papers match", q.c_str(), from, to);
  if (!suggestion.empty()) std::printf("Did you mean: %s\n", suggestion.c_str());
  std::printf("\n");
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
  if (!*view)
    return ReportError(Error(Code::kNotFound, "no paper '" + args.id + "' in the library"));
  if (args.json) {
    std::puts(store::PaperViewToJson(**view)
                  .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                  .c_str());
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
      fetches.push_back({{"source", e.source},
                         {"url", e.url},
                         {"started", date::FormatTimestamp(e.started_unix)},
                         {"status", e.http_status},
                         {"added", e.added},
                         {"updated", e.updated},
                         {"unchanged", e.unchanged},
                         {"rejected", e.rejected},
                         {"error", e.error}});
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
  for (const auto& [s, n] : st->papers_by_source)
    std::printf("  %-14s %lld\n", s.c_str(), static_cast<long long>(n));
  if (!st->recent_fetches.empty()) std::printf("recent fetches:\n");
  for (const auto& e : st->recent_fetches)
    std::printf("  %s %-24s %3d +%lld ~%lld =%lld !%lld %s\n",
                date::FormatTimestamp(e.started_unix).c_str(), e.source.c_str(), e.http_status,
                static_cast<long long>(e.added), static_cast<long long>(e.updated),
                static_cast<long long>(e.unchanged), static_cast<long long>(e.rejected),
                e.error.c_str());
  return kExitOk;
}

}  // namespace ah::cli
