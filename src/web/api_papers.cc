// API: papers, today, search, similar papers, exports — the same objects as
// the CLI's --json (store::PaperViewToJson).
#include <cerrno>
#include <cstdlib>

#include "core/date.h"
#include "search/query.h"
#include "service/categories.h"
#include "service/similar.h"
#include "service/today.h"
#include "store/view_json.h"
#include "web/pages.h"

namespace ah::web::api {
namespace {

// A non-negative integer query parameter no larger than `max`; `fallback`
// when absent. Errors: kInvalidArgument naming the parameter.
Result<int64_t> IntParam(const Request& req, const char* name, int64_t fallback, int64_t min,
                         int64_t max) {
  if (!req.HasQuery(name)) return fallback;
  const std::string s = req.Query(name);
  char* end = nullptr;
  errno = 0;
  const long long n = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || end == s.c_str() || *end != '\0' || errno != 0 || n < min || n > max)
    return MakeError(Code::kInvalidArgument, std::string(name) + " must be a whole number from " +
                                                 std::to_string(min) + " to " +
                                                 std::to_string(max));
  return static_cast<int64_t>(n);
}

constexpr int64_t kMaxOffset = 100000;

Result<store::PaperView> Find(Context& ctx) {
  const std::string ref = ctx.req().Param("id");
  auto got = ctx.session().store().Get(ref.substr(0, 512));
  if (!got) return Fail(got.error());
  if (!*got)
    return MakeError(Code::kNotFound, "no paper '" + ref.substr(0, 512) + "' in the library");
  return std::move(**got);
}

nlohmann::json Array(const std::vector<store::PaperView>& views) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& v : views) a.push_back(store::PaperViewToJson(v));
  return a;
}

}  // namespace

Result<Response> Today(Context& ctx) {
  const Request& req = ctx.req();
  auto limit = IntParam(req, "limit", 0, 0, 5000);
  if (!limit) return Fail(limit.error());
  auto offset = IntParam(req, "offset", 0, 0, kMaxOffset);
  if (!offset) return Fail(offset.error());
  service::DayQuery q;
  q.date = req.Query("date");
  if (!q.date.empty() && date::Normalize(q.date).empty())
    return MakeError(Code::kInvalidArgument, "date '" + q.date.substr(0, 40) + "' is not a date");
  q.source = req.Query("source");
  q.category = req.Query("category");
  if (!q.category.empty()) {
    auto cat = service::ResolveCategory(ctx.session().store(), q.category);
    if (!cat) return Fail(cat.error());
    q.category = std::move(*cat);
  }
  q.limit = *limit;
  q.offset = *offset;
  auto day = service::ListDay(ctx.session().store(), q);
  if (!day) return Fail(day.error());
  Response r = Response::Json(Array(day->papers));
  r.Header("X-AH-Date", day->date);
  r.Header("X-Total-Count", std::to_string(day->total));
  if (!day->previous_date.empty()) r.Header("X-AH-Previous-Date", day->previous_date);
  if (!day->next_date.empty()) r.Header("X-AH-Next-Date", day->next_date);
  return r;
}

Result<Response> Search(Context& ctx) {
  const Request& req = ctx.req();
  const std::string q = req.Query("q");
  if (q.find_first_not_of(" \t") == std::string::npos)
    return MakeError(Code::kInvalidArgument, "q is required: the search query");
  auto limit = IntParam(req, "limit", 20, 1, 100);
  if (!limit) return Fail(limit.error());
  auto offset = IntParam(req, "offset", 0, 0, kMaxOffset);
  if (!offset) return Fail(offset.error());
  auto query = search::ParseQuery(q);
  if (!query) return Fail(query.error());
  store::Store& store = ctx.session().store();
  auto count = store.SearchFacets(*query, 0);
  if (!count) return Fail(count.error());
  auto views = store.Search(*query, *limit, *offset);
  if (!views) return Fail(views.error());
  Response r = Response::Json(Array(*views));
  r.Header("X-Total-Count", std::to_string(count->total));
  if (count->total < *limit) {
    auto suggestion = store.SuggestQuery(*query);
    if (!suggestion) return Fail(suggestion.error());
    // Header values are one line of text: the query as typed is (ParseQuery
    // takes control characters as spaces), URL-encoded for non-ASCII safety.
    if (!suggestion->empty()) r.Header("X-Did-You-Mean", UrlEncode(*suggestion));
  }
  return r;
}

Result<Response> Paper(Context& ctx) {
  auto v = Find(ctx);
  if (!v) return Fail(v.error());
  return Response::Json(store::PaperViewToJson(*v));
}

Result<Response> Similar(Context& ctx) {
  auto limit = IntParam(ctx.req(), "limit", 10, 1, 50);
  if (!limit) return Fail(limit.error());
  auto v = Find(ctx);
  if (!v) return Fail(v.error());
  // The snapshot as it is: a request never waits for the first one to be built.
  std::shared_ptr<const service::LibraryIndex> index = ctx.library().index();
  if (!index)
    return MakeError(Code::kUnavailable,
                     "the library's index is still being built; try again in a minute");
  auto similar =
      service::FindSimilarPapers(ctx.session().store(), *index, *v, static_cast<size_t>(*limit));
  if (!similar) return Fail(similar.error());
  nlohmann::json a = nlohmann::json::array();
  for (const auto& s : similar->papers) {
    nlohmann::json j = store::PaperViewToJson(s.view);
    j["score"] = s.score;
    a.push_back(std::move(j));
  }
  Response r = Response::Json(a);
  r.Header("X-AH-Similarity", similar->method);
  return r;
}

// The same file as the page's /export/{format}/{id...}; errors as JSON.
Result<Response> Export(Context& ctx) { return pages::Export(ctx); }

}  // namespace ah::web::api
