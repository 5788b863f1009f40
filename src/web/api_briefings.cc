// API: a radar's briefings (list, write, one by id), TL;DRs of papers, and
// who is asking (/api/v1/me). Another user's radar or briefing is 404.
#include "brief/render.h"
#include "core/date.h"
#include "service/radars.h"
#include "web/briefing_view.h"
#include "web/briefing_write.h"
#include "web/pages.h"

namespace ah::web::api {
namespace {

constexpr size_t kMaxTldrPapers = 50;

nlohmann::json SummaryJson(const store::StoredBriefing& b) {
  return {{"id", b.id},
          {"radar_id", b.radar_id},
          {"date_from", b.date_from},
          {"date_to", b.date_to},
          {"lang", b.lang},
          {"mode", b.mode},
          {"model", b.model},
          {"prompt_version", b.prompt_version},
          {"tokens", {{"prompt", b.prompt_tokens}, {"completion", b.completion_tokens}}},
          {"cost_usd", b.cost_usd},
          {"created", date::FormatTimestamp(b.created_unix)}};
}

// An optional field of the body: absent or null leaves *out as it is.
Status StringField(const nlohmann::json& body, const char* key, std::string* out) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return Ok();
  if (!it->is_string())
    return MakeError(Code::kInvalidArgument, std::string(key) + ": must be a string");
  *out = it->get<std::string>();
  return Ok();
}

}  // namespace

Result<Response> BriefingList(Context& ctx) {
  auto id = PathId(ctx.req().Param("id"), "radar");
  if (!id) return Fail(id.error());
  auto radar = service::FindRadarById(ctx.session().radars(), ctx.owner(), *id);
  if (!radar) return Fail(radar.error());
  int64_t limit = 50;
  if (ctx.req().HasQuery("limit")) {
    const std::string l = ctx.req().Query("limit");
    limit = l.size() <= 4 && !l.empty() && l.find_first_not_of("0123456789") == std::string::npos
                ? std::stoll(l)
                : 0;
    if (limit < 1 || limit > 500)
      return MakeError(Code::kInvalidArgument, "limit: must be between 1 and 500");
  }
  auto list = ctx.session().radars().ListBriefings(ctx.owner(), radar->id, limit);
  if (!list) return Fail(list.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& b : *list) out.push_back(SummaryJson(b));
  return Response::Json(out);
}

Result<Response> BriefingWrite(Context& ctx) {
  auto id = PathId(ctx.req().Param("id"), "radar");
  if (!id) return Fail(id.error());
  BriefRequest r;
  r.lang = LangCode(ctx.lang);
  if (!ctx.req().body.empty()) {
    auto body = BodyObject(ctx.req());
    if (!body) return Fail(body.error());
    if (auto st = StringField(*body, "date", &r.date); !st) return Fail(st.error());
    if (auto st = StringField(*body, "lang", &r.lang); !st) return Fail(st.error());
    if (auto it = body->find("days"); it != body->end() && !it->is_null()) {
      if (!it->is_number_integer())
        return MakeError(Code::kInvalidArgument, "days: must be an integer from 1 to 366");
      const int64_t d = it->get<int64_t>();
      r.days = d < 1 || d > 366 ? 0 : static_cast<int>(d);
    }
    if (auto it = body->find("extractive"); it != body->end() && !it->is_null()) {
      if (!it->is_boolean())
        return MakeError(Code::kInvalidArgument, "extractive: must be true or false");
      r.extractive = it->get<bool>();
    }
  }
  auto out = WriteBriefingFor(ctx, *id, r);
  if (!out) return Fail(out.error());
  nlohmann::json j = brief::BriefingToJson(out->briefing);
  j["id"] = out->stored_id;
  j["radar_id"] = *id;
  return Response::Json(j, 201).Header("Location",
                                       "/api/v1/briefings/" + std::to_string(out->stored_id));
}

Result<Response> BriefingGet(Context& ctx) {
  auto id = PathId(ctx.req().Param("id"), "briefing");
  if (!id) return Fail(id.error());
  auto stored = ctx.session().radars().GetBriefing(ctx.owner(), *id);
  if (!stored) return Fail(stored.error());
  if (!*stored) return MakeError(Code::kNotFound, "no briefing " + std::to_string(*id));
  // Read back and written again: the same object as when it was written.
  auto b = ReadStoredBriefing((*stored)->json);
  if (!b) return Fail(b.error());
  nlohmann::json j = brief::BriefingToJson(*b);
  j["id"] = (*stored)->id;
  j["radar_id"] = (*stored)->radar_id;
  j["created"] = date::FormatTimestamp((*stored)->created_unix);
  return Response::Json(j);
}

Result<Response> Tldr(Context& ctx) {
  auto body = BodyObject(ctx.req());
  if (!body) return Fail(body.error());
  auto papers = body->find("papers");
  if (papers == body->end() || !papers->is_array() || papers->empty())
    return MakeError(Code::kInvalidArgument, "papers: want a non-empty array of paper ids");
  if (papers->size() > kMaxTldrPapers)
    return MakeError(Code::kTooLarge,
                     "papers: at most " + std::to_string(kMaxTldrPapers) + " at once");
  std::vector<std::string> refs;
  for (const auto& p : *papers) {
    if (!p.is_string() || p.get_ref<const std::string&>().empty() ||
        p.get_ref<const std::string&>().size() > 300)
      return MakeError(Code::kInvalidArgument, "papers: every entry must be a paper id");
    refs.push_back(p.get<std::string>());
  }
  std::string lang = LangCode(ctx.lang);
  if (auto st = StringField(*body, "lang", &lang); !st) return Fail(st.error());
  if (lang != "en" && lang != "zh")
    return MakeError(Code::kInvalidArgument, "lang: must be en or zh");
  bool extractive = false;
  if (auto it = body->find("extractive"); it != body->end() && !it->is_null()) {
    if (!it->is_boolean())
      return MakeError(Code::kInvalidArgument, "extractive: must be true or false");
    extractive = it->get<bool>();
  }
  auto work = StartLlmWork(ctx, extractive);
  if (!work) return Fail(work.error());
  auto out = service::WriteTldrs(ctx.session().store(), ctx.session().radars(), refs, lang,
                                 work->llm.client, work->deadline.get(), work->llm.cache_scope);
  if (!out) return Fail(out.error());
  return Response::Json(service::TldrsToJson(*out, lang));
}

Result<Response> Me(Context& ctx) {
  auto user = ViewerAccount(ctx);
  if (!user) return Fail(user.error());
  return Response::Json({{"name", user->name},
                         {"admin", ctx.user->admin},
                         {"lang", user->lang.empty() ? LangCode(ctx.lang) : user->lang}});
}

}  // namespace ah::web::api
