// Radar pages: the list with the create form (/radars), the edit form, delete,
// and seeds from a reference manager's export. The radar's ranked day is in
// radar_day.cc. Forms that fail come back filled in, with the message naming
// the field, and the status of the error table.
#include "service/radars.h"

#include <algorithm>

#include "service/seeds.h"
#include "web/errors.h"
#include "web/pages.h"
#include "web/radar_common.h"

namespace ah::web::pages {
namespace {

using nlohmann::json;

// Entries separated by commas or white space ("cs.LG, cs.AI").
std::vector<std::string> SplitWords(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string Trim(std::string_view s) {
  const char* ws = " \t\r\n";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return "";
  return std::string(s.substr(b, s.find_last_not_of(ws) - b + 1));
}

// Names one per line (or separated by ';'): "LeCun, Yann" keeps its comma.
std::vector<std::string> SplitLines(std::string_view s) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at <= s.size()) {
    size_t end = s.find_first_of("\n;", at);
    if (end == std::string_view::npos) end = s.size();
    std::string item = Trim(s.substr(at, end - at));
    if (!item.empty()) out.push_back(std::move(item));
    at = end + 1;
  }
  return out;
}

// Paper references one per line or separated by spaces; a trailing comma or
// semicolon of a typed list is dropped.
std::vector<std::string> SplitRefs(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    while (!cur.empty() && (cur.back() == ',' || cur.back() == ';')) cur.pop_back();
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      flush();
    } else {
      cur += c;
    }
  }
  flush();
  return out;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

bool HasField(const Request& req, const char* key) { return req.form.count(key) > 0; }

// The radar fields of a submitted form. A field the form does not carry is
// left unset (unchanged by an edit); `public` only when the form offered it.
service::RadarFields FieldsOfForm(const Request& req) {
  service::RadarFields f;
  if (HasField(req, "name")) f.name = Trim(req.Form("name"));
  if (HasField(req, "description")) f.description = Trim(req.Form("description"));
  if (HasField(req, "query")) f.query = Trim(req.Form("query"));
  if (HasField(req, "exclude")) f.exclude = Trim(req.Form("exclude"));
  if (HasField(req, "categories")) f.categories = SplitWords(req.Form("categories"));
  if (HasField(req, "exclude_categories"))
    f.exclude_categories = SplitWords(req.Form("exclude_categories"));
  if (HasField(req, "sources")) f.sources = SplitWords(req.Form("sources"));
  if (HasField(req, "exclude_sources")) f.exclude_sources = SplitWords(req.Form("exclude_sources"));
  if (HasField(req, "authors")) f.authors = SplitLines(req.Form("authors"));
  if (HasField(req, "seeds")) f.seeds = SplitRefs(req.Form("seeds"));
  if (HasField(req, "is_public") || HasField(req, "public_field"))
    f.is_public = HasField(req, "is_public");
  if (HasField(req, "include_updates") || HasField(req, "updates_field"))
    f.include_updates = HasField(req, "include_updates");
  return f;
}

// The form's values as the user typed them (a form coming back with an error).
json FormOfRequest(const Request& req) {
  json f;
  for (const char* k : {"name", "description", "query", "exclude", "categories",
                        "exclude_categories", "sources", "exclude_sources", "authors", "seeds"})
    f[k] = req.Form(k);
  f["is_public"] = HasField(req, "is_public");
  f["include_updates"] = HasField(req, "include_updates");
  f["open_advanced"] = true;
  return f;
}

json FormOfRadar(const store::RadarDefinition& r) {
  json f;
  f["name"] = r.name;
  f["description"] = r.description;
  f["query"] = r.query;
  f["exclude"] = r.exclude;
  f["categories"] = Join(r.include_categories, ", ");
  f["exclude_categories"] = Join(r.exclude_categories, ", ");
  f["sources"] = Join(r.include_sources, ", ");
  f["exclude_sources"] = Join(r.exclude_sources, ", ");
  f["authors"] = Join(r.authors, "\n");
  f["seeds"] = Join(r.seeds, "\n");
  f["is_public"] = r.is_public;
  f["include_updates"] = r.include_updates;
  f["open_advanced"] = !r.include_categories.empty() || !r.exclude_categories.empty() ||
                       !r.include_sources.empty() || !r.exclude_sources.empty() ||
                       !r.authors.empty() || !r.seeds.empty();
  return f;
}

json Formats(const std::string& selected, Lang lang) {
  json t;
  radars::AddRadarStrings(lang, &t);
  const std::pair<const char*, std::string> kFormats[] = {{"auto", t["format_auto"]},
                                                          {"bibtex", "BibTeX"},
                                                          {"ris", "RIS"},
                                                          {"csl-json", "CSL-JSON (Zotero)"}};
  json a = json::array();
  for (const auto& [value, label] : kFormats)
    a.push_back({{"value", value}, {"label", label}, {"selected", selected == value}});
  return a;
}

json Strings(Lang lang) {
  json t = CommonStrings(lang);
  radars::AddRadarStrings(lang, &t);
  return t;
}

// Whether a failed form submission is shown again with its message (the
// user's input was wrong) rather than as an error page.
bool IsInputError(const Error& e) {
  return e.code == Code::kInvalidArgument || e.code == Code::kParse ||
         e.code == Code::kAlreadyExists || e.code == Code::kTooLarge ||
         e.code == Code::kPermissionDenied;
}

// The /radars page, with the create form filled with `form`.
Result<Response> ListPage(Context& ctx, json form, const std::string& error, int status) {
  auto list = ctx.session().radars().ListRadars(ctx.owner());
  if (!list) return Fail(list.error());
  json items = json::array();
  for (const auto& r : *list) {
    json item;
    item["id"] = std::to_string(r.id);
    item["name"] = r.name;
    if (r.is_public) item["public"] = true;
    const std::string& summary = r.description.empty() ? r.query : r.description;
    if (!summary.empty()) item["summary"] = summary;
    if (!r.query.empty() && !r.description.empty()) item["query"] = r.query;
    if (!r.seeds.empty()) item["seed_count"] = r.seeds.size();
    items.push_back(std::move(item));
  }
  json v;
  v["t"] = Strings(ctx.lang);
  v["radars"] = items;
  v["has_radars"] = !items.empty();
  form["with_file"] = true;
  v["form"] = std::move(form);
  v["formats"] = Formats(ctx.req().Form("format"), ctx.lang);
  if (!error.empty()) v["form_error"] = error;
  v["page_css"] = "radars.css";
  v["page_class"] = "radars";
  return Render(ctx, "radars", v, v["t"]["radars_title"].get<std::string>(), status);
}

// The edit page of `r`; `extra` adds to its view (an error, an import's report).
Result<Response> EditPage(Context& ctx, const store::RadarDefinition& r, json form, json extra,
                          int status) {
  json v = std::move(extra);
  v["t"] = Strings(ctx.lang);
  v["radar"] = {{"id", std::to_string(r.id)}, {"name", r.name}};
  v["form"] = std::move(form);
  v["formats"] = Formats(ctx.req().Form("format"), ctx.lang);
  v["page_css"] = "radars.css";
  v["page_class"] = "radars";
  return Render(ctx, "radar_edit", v, v["t"]["edit_title"].get<std::string>() + " · " + r.name,
                status);
}

// The uploaded file of a form field, or nullptr when none was chosen.
const UploadedFile* FileOf(const Request& req, const char* field) {
  for (const auto& f : req.files)
    if (f.field == field && !f.data.empty()) return &f;
  return nullptr;
}

}  // namespace

Result<Response> Radars(Context& ctx) {
  json form;
  form["open_advanced"] = false;
  return ListPage(ctx, std::move(form), "", 200);
}

Result<Response> RadarCreate(Context& ctx) {
  const Request& req = ctx.req();
  service::RadarFields fields = FieldsOfForm(req);
  size_t entries = 0, matched = 0;
  auto created = [&]() -> Result<store::RadarDefinition> {
    if (!fields.name || fields.name->empty())
      return MakeError(Code::kInvalidArgument, "name: give the radar a name");
    if (auto st = radars::CheckLimits(fields); !st) return Fail(st.error());
    if (auto st = radars::CheckPublic(ctx, fields); !st) return Fail(st.error());
    if (const UploadedFile* file = FileOf(req, "seeds_file")) {
      std::string format = req.Form("format").empty() ? "auto" : req.Form("format");
      if (auto st = radars::CheckFormat(format, "format"); !st) return Fail(st.error());
      const std::string origin = file->filename.empty() ? "the uploaded file" : file->filename;
      auto found = service::MatchSeeds(ctx.session().store(), origin, file->data, format);
      if (!found) return Fail(found.error());
      entries = found->entries;
      matched = found->found;
      if (found->keys.empty())
        return MakeError(Code::kInvalidArgument,
                         "seeds_file: none of the " + std::to_string(found->entries) +
                             " entries of " + origin + " is in the library");
      if (!fields.seeds) fields.seeds.emplace();
      fields.seeds->insert(fields.seeds->end(), found->keys.begin(), found->keys.end());
    }
    std::vector<std::string> warnings;
    auto r = service::CreateRadar(ctx.session().store(), ctx.session().radars(), ctx.owner(),
                                  fields, &warnings);
    if (!r && r.error().code == Code::kNotFound)
      return Fail(radars::FieldError("seeds", r.error()));
    return r;
  }();
  if (!created) {
    if (!IsInputError(created.error())) return Fail(created.error());
    return ListPage(ctx, FormOfRequest(req), PublicMessage(created.error(), ctx.request_id),
                    HttpStatusOf(created.error().code));
  }
  radars::NoteChange(ctx, *created);
  std::string to = "/radars/" + std::to_string(created->id) + "?created=1";
  if (entries > 0)
    to += "&matched=" + std::to_string(matched) + "&entries=" + std::to_string(entries);
  return Response::Redirect(to);
}

Result<Response> RadarEditForm(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  return EditPage(ctx, *r, FormOfRadar(*r), json::object(), 200);
}

Result<Response> RadarEdit(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  service::RadarFields fields = FieldsOfForm(ctx.req());
  auto edited = [&]() -> Result<store::RadarDefinition> {
    if (fields.name && fields.name->empty())
      return MakeError(Code::kInvalidArgument, "name: give the radar a name");
    if (auto st = radars::CheckLimits(fields); !st) return Fail(st.error());
    if (auto st = radars::CheckPublic(ctx, fields); !st) return Fail(st.error());
    std::vector<std::string> warnings;
    auto e = service::EditRadar(ctx.session().store(), ctx.session().radars(), ctx.owner(), r->id,
                                fields, &warnings);
    if (!e && e.error().code == Code::kNotFound && fields.seeds)
      return Fail(radars::FieldError("seeds", e.error()));
    return e;
  }();
  if (!edited) {
    if (!IsInputError(edited.error())) return Fail(edited.error());
    json extra;
    extra["form_error"] = PublicMessage(edited.error(), ctx.request_id);
    return EditPage(ctx, *r, FormOfRequest(ctx.req()), extra, HttpStatusOf(edited.error().code));
  }
  radars::NoteChange(ctx, *r);
  radars::NoteChange(ctx, *edited);
  return Response::Redirect("/radars/" + std::to_string(r->id) + "?saved=1");
}

Result<Response> RadarDelete(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  if (ctx.req().Form("confirm") != "yes")
    return MakeError(Code::kInvalidArgument,
                     "confirm: tick the box to confirm that the radar is to be deleted");
  if (auto st = ctx.session().radars().DeleteRadar(ctx.owner(), r->id); !st)
    return Fail(st.error());
  ctx.library().ranks().Forget(r->id);
  radars::NoteChange(ctx, *r);
  return Response::Redirect("/radars");
}

Result<Response> RadarSeedsUpload(Context& ctx) {
  const Request& req = ctx.req();
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  auto imported = [&]() -> Result<service::SeedFileImport> {
    const UploadedFile* file = FileOf(req, "file");
    if (file == nullptr)
      return MakeError(Code::kInvalidArgument, "file: choose an export file to upload");
    std::string format = req.Form("format").empty() ? "auto" : req.Form("format");
    if (auto st = radars::CheckFormat(format, "format"); !st) return Fail(st.error());
    const std::string origin = file->filename.empty() ? "the uploaded file" : file->filename;
    auto im = service::ImportSeedText(ctx.session().store(), ctx.session().radars(), ctx.owner(),
                                      r->id, origin, file->data, format);
    if (im && im->matched == 0)
      return MakeError(Code::kInvalidArgument, service::NothingFound(origin, *im).message);
    return im;
  }();
  json extra;
  int status = 200;
  if (!imported) {
    if (!IsInputError(imported.error())) return Fail(imported.error());
    extra["seed_error"] = PublicMessage(imported.error(), ctx.request_id);
    status = HttpStatusOf(imported.error().code);
  } else {
    json j = service::SeedImportToJson(*imported);
    j["has_warnings"] = !imported->warnings.empty();
    extra["import_report"] = std::move(j);
    radars::NoteChange(ctx, *r);
  }
  auto now = service::FindRadarById(ctx.session().radars(), ctx.owner(), r->id);
  if (!now) return Fail(now.error());
  return EditPage(ctx, *now, FormOfRadar(*now), extra, status);
}

}  // namespace ah::web::pages
