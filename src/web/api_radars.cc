// API: radars — CRUD, the ranked run, feedback, seeds. Objects are those of
// the CLI's --json (service::RadarToJson, service::RankedPapersToJson); every
// call works on the caller's radars only (another user's radar is 404).
#include <charconv>

#include "core/date.h"
#include "service/radar_service.h"
#include "service/radars.h"
#include "web/pages.h"
#include "web/radar_common.h"

namespace ah::web::api {
namespace {

using nlohmann::json;

constexpr const char* kFieldNames =
    "name, description, query, exclude, categories, exclude_categories, sources, "
    "exclude_sources, authors, seeds, public, include_updates";

Error BadField(const std::string& field, const std::string& want) {
  return Error(Code::kInvalidArgument, field + ": want " + want);
}

Result<std::string> StringField(const json& j, const std::string& field) {
  if (!j.is_string()) return Fail(BadField(field, "a string"));
  return j.get<std::string>();
}

Result<std::vector<std::string>> ListField(const json& j, const std::string& field) {
  if (!j.is_array()) return Fail(BadField(field, "an array of strings"));
  std::vector<std::string> out;
  for (const auto& e : j) {
    if (!e.is_string()) return Fail(BadField(field, "an array of strings"));
    out.push_back(e.get<std::string>());
  }
  return out;
}

// The fields of `radar create` from a JSON object (the names of the radar
// object); read-only members of the radar object are ignored so that a
// radar read with GET can be sent back.
Result<service::RadarFields> FieldsOf(const json& body) {
  service::RadarFields f;
  for (auto it = body.begin(); it != body.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (k == "id" || k == "feedback" || k == "created" || k == "updated") continue;
    std::optional<std::string>* text = k == "name"          ? &f.name
                                       : k == "description" ? &f.description
                                       : k == "query"       ? &f.query
                                       : k == "exclude"     ? &f.exclude
                                                            : nullptr;
    std::optional<std::vector<std::string>>* list = k == "categories" ? &f.categories
                                                    : k == "exclude_categories"
                                                        ? &f.exclude_categories
                                                    : k == "sources"         ? &f.sources
                                                    : k == "exclude_sources" ? &f.exclude_sources
                                                    : k == "authors"         ? &f.authors
                                                    : k == "seeds"           ? &f.seeds
                                                                             : nullptr;
    if (text != nullptr) {
      auto s = StringField(v, k);
      if (!s) return Fail(s.error());
      *text = std::move(*s);
    } else if (list != nullptr) {
      auto l = ListField(v, k);
      if (!l) return Fail(l.error());
      *list = std::move(*l);
    } else if (k == "public" || k == "is_public") {
      if (!v.is_boolean()) return Fail(BadField(k, "true or false"));
      f.is_public = v.get<bool>();
    } else if (k == "include_updates") {
      if (!v.is_boolean()) return Fail(BadField(k, "true or false"));
      f.include_updates = v.get<bool>();
    } else {
      return MakeError(Code::kInvalidArgument,
                       "unknown field '" + k + "' (the fields are " + kFieldNames + ")");
    }
  }
  if (auto st = radars::CheckLimits(f); !st) return Fail(st.error());
  return f;
}

json WithWarnings(json j, const std::vector<std::string>& warnings) {
  j["warnings"] = warnings;
  return j;
}

// An integer query parameter in [min, max], or `fallback` when absent.
Result<int64_t> IntParam(const Request& req, const char* name, int64_t min, int64_t max,
                         int64_t fallback) {
  if (!req.HasQuery(name)) return fallback;
  const std::string s = req.Query(name);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max)
    return MakeError(Code::kInvalidArgument, std::string(name) + ": want a whole number from " +
                                                 std::to_string(min) + " to " +
                                                 std::to_string(max));
  return v;
}

Result<bool> BoolParam(const Request& req, const char* name, bool fallback) {
  if (!req.HasQuery(name)) return fallback;
  const std::string s = req.Query(name);
  if (s == "1" || s == "true" || s == "yes" || s.empty()) return true;
  if (s == "0" || s == "false" || s == "no") return false;
  return MakeError(Code::kInvalidArgument, std::string(name) + ": want true or false");
}

Response NoContent() { return Response::Text("", "text/plain; charset=utf-8", 204); }

}  // namespace

Result<Response> RadarList(Context& ctx) {
  auto list = ctx.session().radars().ListRadars(ctx.owner());
  if (!list) return Fail(list.error());
  json a = json::array();
  for (const auto& r : *list) a.push_back(service::RadarToJson(r));
  return Response::Json(a);
}

Result<Response> RadarCreate(Context& ctx) {
  auto body = BodyObject(ctx.req());
  if (!body) return Fail(body.error());
  auto fields = FieldsOf(*body);
  if (!fields) return Fail(fields.error());
  if (!fields->name) return MakeError(Code::kInvalidArgument, "name: required");
  if (auto st = radars::CheckPublic(ctx, *fields); !st) return Fail(st.error());
  std::vector<std::string> warnings;
  auto r = service::CreateRadar(ctx.session().store(), ctx.session().radars(), ctx.owner(), *fields,
                                &warnings);
  if (!r) {
    // Nothing else is looked up: a missing paper is one of the seeds.
    if (r.error().code == Code::kNotFound) return Fail(radars::FieldError("seeds", r.error()));
    return Fail(r.error());
  }
  radars::NoteChange(ctx, *r);
  Response res = Response::Json(WithWarnings(service::RadarToJson(*r), warnings), 201);
  res.Header("Location", "/api/v1/radars/" + std::to_string(r->id));
  return res;
}

Result<Response> RadarGet(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  return Response::Json(service::RadarToJson(*r));
}

Result<Response> RadarUpdate(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  auto body = BodyObject(ctx.req());
  if (!body) return Fail(body.error());
  auto fields = FieldsOf(*body);
  if (!fields) return Fail(fields.error());
  if (auto st = radars::CheckPublic(ctx, *fields); !st) return Fail(st.error());
  std::vector<std::string> warnings;
  auto edited = service::EditRadar(ctx.session().store(), ctx.session().radars(), ctx.owner(),
                                   r->id, *fields, &warnings);
  if (!edited) {
    if (edited.error().code == Code::kNotFound && fields->seeds)
      return Fail(radars::FieldError("seeds", edited.error()));
    return Fail(edited.error());
  }
  radars::NoteChange(ctx, *r);
  radars::NoteChange(ctx, *edited);
  return Response::Json(WithWarnings(service::RadarToJson(*edited), warnings));
}

Result<Response> RadarDelete(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  if (auto st = ctx.session().radars().DeleteRadar(ctx.owner(), r->id); !st)
    return Fail(st.error());
  ctx.library().ranks().Forget(r->id);
  radars::NoteChange(ctx, *r);
  return NoContent();
}

Result<Response> RadarRun(Context& ctx) {
  const Request& req = ctx.req();
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  service::RunOptions o;
  if (req.HasQuery("date")) {
    o.date = date::Normalize(req.Query("date"));
    if (o.date.empty())
      return MakeError(Code::kInvalidArgument,
                       "date: '" + req.Query("date") + "' is not a date (want YYYY-MM-DD)");
  }
  auto days = IntParam(req, "days", 1, 366, 1);
  if (!days) return Fail(days.error());
  auto limit = IntParam(req, "limit", 0, 100000, 20);
  if (!limit) return Fail(limit.error());
  auto all = BoolParam(req, "all", false);
  if (!all) return Fail(all.error());
  auto record = BoolParam(req, "record", true);
  if (!record) return Fail(record.error());
  o.days = static_cast<int>(*days);
  o.limit = static_cast<size_t>(*limit);
  o.include_shown = *all;
  o.below_floor = *all;
  o.record_shown = *record;
  o.now_unix = ctx.library().clock().NowUnix();
  auto index = ctx.library().WaitIndex();
  if (!index) return Fail(index.error());
  auto report = service::RunRadar(ctx.session().store(), ctx.session().radars(), **index, *r, o,
                                  &ctx.library().ranks());
  if (!report) {
    // The radar is the caller's: "not found" is a library with nothing
    // announced yet, where a run ranks nothing (a 404 would say "no radar").
    if (report.error().code == Code::kNotFound) return Response::Json(json::array());
    return Fail(report.error());
  }
  Response res = Response::Json(service::RankedPapersToJson(report->papers));
  res.Header("X-Radar-Date-From", report->date_from);
  res.Header("X-Radar-Date-To", report->date_to);
  return res;
}

Result<Response> RadarFeedback(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  auto body = BodyObject(ctx.req());
  if (!body) return Fail(body.error());
  for (const char* k : {"paper", "action"}) {
    if (!body->contains(k)) return MakeError(Code::kInvalidArgument, std::string(k) + ": required");
    if (!(*body)[k].is_string()) return Fail(BadField(k, "a string"));
  }
  const std::string action = (*body)["action"].get<std::string>();
  auto key = radars::RecordFeedback(ctx, *r, (*body)["paper"].get<std::string>(), action);
  if (!key) return Fail(key.error());
  return Response::Json({{"paper", *key}, {"action", action}});
}

Result<Response> RadarFeedbackList(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  json a = json::array();
  for (const auto& f : r->feedback) a.push_back(service::FeedbackToJson(f));
  return Response::Json(a);
}

Result<Response> RadarSeeds(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  auto body = BodyObject(ctx.req());
  if (!body) return Fail(body.error());
  if (!body->contains("ids")) return MakeError(Code::kInvalidArgument, "ids: required");
  auto ids = ListField((*body)["ids"], "ids");
  if (!ids) return Fail(ids.error());
  if (ids->empty()) return MakeError(Code::kInvalidArgument, "ids: give at least one paper");
  if (auto st = radars::CheckList(*ids, "ids"); !st) return Fail(st.error());
  auto added =
      service::AddSeeds(ctx.session().store(), ctx.session().radars(), ctx.owner(), r->id, *ids);
  if (!added) {
    if (added.error().code == Code::kNotFound)
      return Fail(radars::FieldError("ids", added.error()));
    return Fail(added.error());
  }
  radars::NoteChange(ctx, *r);
  return Response::Json({{"added", added->added}, {"seeds", added->total}});
}

Result<Response> RadarSeedsImport(Context& ctx) {
  const Request& req = ctx.req();
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  std::string format = req.Arg("format");
  if (format.empty()) format = "auto";
  if (auto st = radars::CheckFormat(format, "format"); !st) return Fail(st.error());
  // The export: a multipart file, else the body itself.
  std::string origin = "the uploaded export";
  const std::string* text = &req.body;
  if (!req.files.empty()) {
    text = &req.files.front().data;
    if (!req.files.front().filename.empty()) origin = req.files.front().filename;
  } else if (req.Header("Content-Type").rfind("multipart/form-data", 0) == 0) {
    return MakeError(Code::kInvalidArgument, "file: the form has no file");
  }
  if (text->empty())
    return MakeError(Code::kInvalidArgument,
                     "file: send the export (BibTeX, RIS or CSL-JSON) as the request body");
  auto imported = service::ImportSeedText(ctx.session().store(), ctx.session().radars(),
                                          ctx.owner(), r->id, origin, *text, format);
  if (!imported) return Fail(imported.error());
  if (imported->matched == 0)
    return MakeError(Code::kInvalidArgument, service::NothingFound(origin, *imported).message);
  radars::NoteChange(ctx, *r);
  return Response::Json(service::SeedImportToJson(*imported));
}

}  // namespace ah::web::api
