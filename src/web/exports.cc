// Citation files of sets of papers (service/exports.h): a radar's day, a
// briefing's papers, the saved papers, as BibTeX, RIS or CSL-JSON. The viewer's
// own only: another user's radar or briefing is 404, like a missing one.
#include "service/exports.h"

#include <string>

#include "core/date.h"
#include "service/library.h"
#include "web/briefing_write.h"
#include "web/pages.h"
#include "web/radar_common.h"

namespace ah::web {
namespace {

constexpr int64_t kMaxExportLimit = 1000;

Result<imports::ExportFormat> FormatOf(const Request& req) {
  const std::string name = req.Param("format");
  auto f = imports::ParseExportFormat(name);
  if (!f)
    return MakeError(Code::kInvalidArgument, "format: unknown export format '" +
                                                 name.substr(0, 40) + "': use bib, ris or json");
  return *f;
}

Response File(const service::ExportSet& set, imports::ExportFormat format) {
  Response r = Response::Text(imports::Export(set.papers, format),
                              std::string(imports::ExportContentType(format)));
  r.Header("Content-Disposition",
           "attachment; filename=\"" + service::ExportFileName(set, format) + "\"");
  r.Header("Cache-Control", "private, no-store");
  return r;
}

}  // namespace

namespace pages {

// GET /radars/{id}/export/{format}?date=D&limit=N
Result<Response> RadarExport(Context& ctx) {
  auto format = FormatOf(ctx.req());
  if (!format) return Fail(format.error());
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  std::string day;
  if (const std::string d = ctx.req().Query("date"); !d.empty()) {
    day = date::Normalize(d);
    if (day.empty())
      return MakeError(Code::kInvalidArgument,
                       "date: '" + d.substr(0, 40) + "' is not a date (YYYY-MM-DD)");
  }
  int64_t limit = 0;
  if (const std::string l = ctx.req().Query("limit"); !l.empty()) {
    const bool digits = l.size() <= 6 && l.find_first_not_of("0123456789") == std::string::npos;
    limit = digits ? std::stoll(l) : -1;
    if (limit < 0 || limit > kMaxExportLimit)
      return MakeError(Code::kInvalidArgument, "limit: must be a number from 0 (all) to " +
                                                   std::to_string(kMaxExportLimit));
  }
  auto index = ctx.library().WaitIndex();
  if (!index) return Fail(index.error());
  auto set = service::ExportRadarDay(
      ctx.session().store(), ctx.session().radars(), **index, ctx.owner(), r->id, day,
      static_cast<size_t>(limit ? limit : kMaxExportLimit), &ctx.library().ranks());
  if (!set) return Fail(set.error());
  return File(*set, *format);
}

// GET /briefings/{id}/export/{format}
Result<Response> BriefingExport(Context& ctx) {
  auto format = FormatOf(ctx.req());
  if (!format) return Fail(format.error());
  auto id = PathId(ctx.req().Param("id"), "briefing");
  if (!id) return Fail(id.error());
  auto set =
      service::ExportBriefing(ctx.session().store(), ctx.session().radars(), ctx.owner(), *id);
  if (!set) return Fail(set.error());
  return File(*set, *format);
}

// GET /saved/export/{format}?radar=ID
Result<Response> SavedExport(Context& ctx) {
  auto format = FormatOf(ctx.req());
  if (!format) return Fail(format.error());
  int64_t radar = 0;
  if (const std::string r = ctx.req().Query("radar"); !r.empty()) {
    auto id = PathId(r, "radar");
    if (!id)
      return MakeError(Code::kInvalidArgument,
                       "radar: '" + r.substr(0, 40) + "' is not a radar id");
    radar = *id;
  }
  auto set =
      service::ExportSaved(ctx.session().store(), ctx.session().radars(), ctx.owner(), radar);
  if (!set) return Fail(set.error());
  return File(*set, *format);
}

}  // namespace pages

namespace api {
// The same files as the pages; errors as JSON (the /api/ prefix decides).
Result<Response> RadarExport(Context& ctx) { return pages::RadarExport(ctx); }
Result<Response> BriefingExport(Context& ctx) { return pages::BriefingExport(ctx); }
Result<Response> SavedExport(Context& ctx) { return pages::SavedExport(ctx); }
}  // namespace api

}  // namespace ah::web
