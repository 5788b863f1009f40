// Atom feeds (service/feeds.h): a radar's, behind its secret token; a
// category's and a source's, public; the OPML list of the viewer's feeds; and
// the radar's delivery page where its owner creates, rotates or revokes the
// token, manages webhooks (webhooks.cc) and exports the day.
#include "service/feeds.h"

#include <string>

#include "service/library.h"
#include "service/radars.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/radar_common.h"
#include "web/webhooks.h"

namespace ah::web {
namespace {

constexpr Phrase kFeedStrings[] = {
    {"deliver_title", "Feed, webhooks and exports", "订阅、Webhook 与导出"},
    {"feed_title", "Atom feed", "Atom 订阅"},
    {"delivery_settings", "Delivery time, email digest", "推送时间与邮件摘要"},
    {"feed_help",
     "Follow this radar in any feed reader. The address is secret: anyone who has it can read the "
     "feed. Rotate it to stop the old address working.",
     "在任意阅读器中订阅该雷达。地址是保密的：持有地址者均可阅读。更换地址后旧地址即失效。"},
    {"feed_url", "Feed address", "订阅地址"},
    {"feed_rotate", "New address", "更换地址"},
    {"feed_revoke", "Turn off", "关闭订阅"},
    {"feed_none", "This radar has no feed yet.", "该雷达尚未开启订阅。"},
    {"feed_create", "Create a feed address", "生成订阅地址"},
    {"feed_opml", "All your feeds (OPML)", "你的全部订阅（OPML）"},
    {"export_title", "Export this radar's day", "导出该雷达当天的论文"},
    {"export_saved", "Export your saved papers (BibTeX)", "导出已收藏的论文（BibTeX）"},
};

constexpr const char* kAtomType = "application/atom+xml; charset=utf-8";

// The web app's address for links: [web] base_url, else the request's Host
// when it is a plain host[:port], else the loopback default.
std::string BaseUrl(Context& ctx) {
  const std::string& configured = ctx.library().config().web_base_url;
  if (!configured.empty()) return configured;
  const std::string host = ctx.req().Header("Host");
  const bool plain = !host.empty() && host.size() <= 255 &&
                     host.find_first_not_of(
                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         "0123456789.-:[]") == std::string::npos;
  return plain ? "http://" + host : "http://127.0.0.1:8080";
}

service::FeedOptions Options(Context& ctx) {
  service::FeedOptions o;
  o.base_url = BaseUrl(ctx);
  o.now_unix = ctx.library().clock().NowUnix();
  return o;
}

// "{name}.atom" -> name; empty when the file is not an Atom file.
std::string Stem(const std::string& file) {
  static const std::string ext = ".atom";
  if (file.size() <= ext.size() || file.compare(file.size() - ext.size(), ext.size(), ext) != 0)
    return "";
  return file.substr(0, file.size() - ext.size());
}

Response Atom(std::string xml) {
  Response r = Response::Text(std::move(xml), kAtomType);
  r.Header("Cache-Control", "private, max-age=300");
  return r;
}

Result<store::DeliveryStore*> Deliveries(Context& ctx) {
  auto* d = ctx.session().store().delivery_store();
  if (!d) return MakeError(Code::kInternal, "this library keeps no feed tokens");
  return d;
}

}  // namespace

Result<Response> RadarDeliveryPage(Context& ctx, const store::RadarDefinition& r,
                                   nlohmann::json extra, int status) {
  auto d = Deliveries(ctx);
  if (!d) return Fail(d.error());
  auto t = (*d)->GetFeedToken(ctx.owner(), r.id);
  if (!t) return Fail(t.error());
  nlohmann::json s = CommonStrings(ctx.lang);
  AddStrings(kFeedStrings, ctx.lang, &s);
  auto hooks = WebhooksView(ctx, r.id, &s);
  if (!hooks) return Fail(hooks.error());
  nlohmann::json v = std::move(*hooks);
  v["t"] = s;
  v["radar_name"] = r.name;
  v["radar_id"] = std::to_string(r.id);
  v["radar_href"] = "/radars/" + std::to_string(r.id);
  v["action"] = "/radars/" + std::to_string(r.id) + "/feed";
  v["export_base"] = "/radars/" + std::to_string(r.id) + "/export/";
  if (*t) v["feed_url"] = BaseUrl(ctx) + service::RadarFeedPath((*t)->token);
  for (auto it = extra.begin(); it != extra.end(); ++it) v[it.key()] = it.value();
  if (v.contains("hook_form"))  // the add form again, with what was typed
    for (auto& k : v["kinds"]) k["selected"] = k["value"] == v["hook_form"].value("kind", "");
  if (v.contains("hook_done"))
    v["hook_done"] = s.value("hook_" + v["hook_done"].get<std::string>(), "");
  v["page_css"] = "delivery.css";
  return pages::Render(ctx, "radar_feed", std::move(v),
                       s.value("deliver_title", "") + " · " + r.name, status);
}

namespace pages {

// GET /feeds/radar/{token}.atom: no sign-in; the token is the credential.
Result<Response> RadarAtom(Context& ctx) {
  const std::string token = Stem(ctx.req().Param("file"));
  if (token.empty() || token.size() > 100) return MakeError(Code::kNotFound, "no such feed");
  auto d = Deliveries(ctx);
  if (!d) return Fail(d.error());
  auto index = ctx.library().WaitIndex();
  if (!index) return Fail(index.error());
  auto xml = service::RadarFeed(ctx.session().store(), ctx.session().radars(), **d, **index, token,
                                Options(ctx), &ctx.library().ranks());
  if (!xml) return Fail(xml.error());
  return Atom(std::move(*xml));
}

// GET /feeds/category/{cat}.atom
Result<Response> CategoryAtom(Context& ctx) {
  const std::string cat = Stem(ctx.req().Param("file"));
  if (cat.empty() || cat.size() > 200) return MakeError(Code::kNotFound, "no such feed");
  auto xml = service::CategoryFeed(ctx.session().store(), cat, Options(ctx));
  if (!xml) return Fail(xml.error());
  return Atom(std::move(*xml));
}

// GET /feeds/source/{source}.atom
Result<Response> SourceAtom(Context& ctx) {
  const std::string source = Stem(ctx.req().Param("file"));
  if (source.empty() || source.size() > 200) return MakeError(Code::kNotFound, "no such feed");
  auto xml = service::SourceFeed(ctx.session().store(), source, Options(ctx));
  if (!xml) return Fail(xml.error());
  return Atom(std::move(*xml));
}

// GET /feeds.opml: the viewer's radar feeds.
Result<Response> FeedsOpml(Context& ctx) {
  auto d = Deliveries(ctx);
  if (!d) return Fail(d.error());
  auto xml = service::UserFeedsOpml(ctx.session().radars(), **d, ctx.owner(), Options(ctx));
  if (!xml) return Fail(xml.error());
  Response r = Response::Text(std::move(*xml), "text/x-opml; charset=utf-8");
  r.Header("Content-Disposition", "attachment; filename=\"academichub-feeds.opml\"");
  r.Header("Cache-Control", "private, no-store");
  return r;
}

// GET /radars/{id}/feed: the feed's address, rotate / revoke; webhooks; the exports.
Result<Response> RadarFeedPage(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  nlohmann::json extra = nlohmann::json::object();
  const std::string done = ctx.req().Query("done");
  if (done == "added" || done == "removed") extra["hook_done"] = done;
  return RadarDeliveryPage(ctx, *r, std::move(extra));
}

// POST /radars/{id}/feed (action=rotate|revoke)
Result<Response> RadarFeedChange(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  auto d = Deliveries(ctx);
  if (!d) return Fail(d.error());
  const std::string action = ctx.req().Form("action");
  if (action == "rotate") {
    auto token = service::RotateFeedToken(**d, ctx.owner(), r->id, ctx.library().clock().NowUnix());
    if (!token) return Fail(token.error());
  } else if (action == "revoke") {
    if (auto st = (*d)->DeleteFeedToken(ctx.owner(), r->id); !st) return Fail(st.error());
  } else {
    return MakeError(Code::kInvalidArgument, "action: must be rotate or revoke");
  }
  return Response::Redirect("/radars/" + std::to_string(r->id) + "/feed");
}

}  // namespace pages

namespace api {

namespace {
nlohmann::json FeedJson(Context& ctx, const std::optional<store::FeedToken>& t) {
  if (!t) return {{"url", nullptr}};
  return {{"url", BaseUrl(ctx) + service::RadarFeedPath(t->token)},
          {"created_unix", t->created_unix}};
}
}  // namespace

// GET /api/v1/radars/{id}/feed: {"url"} (null without a feed).
Result<Response> RadarFeedGet(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  auto d = Deliveries(ctx);
  if (!d) return Fail(d.error());
  auto t = (*d)->GetFeedToken(ctx.owner(), r->id);
  if (!t) return Fail(t.error());
  return Response::Json(FeedJson(ctx, *t));
}

// POST /api/v1/radars/{id}/feed: a new address (the old one stops working); 201.
// The body is empty, or {"action": "rotate"}.
Result<Response> RadarFeedRotate(Context& ctx) {
  if (!ctx.req().body.empty()) {
    auto body = BodyObject(ctx.req());
    if (!body) return Fail(body.error());
    for (auto it = body->begin(); it != body->end(); ++it)
      if (it.key() != "action" || !it->is_string() || it->get<std::string>() != "rotate")
        return MakeError(Code::kInvalidArgument,
                         it.key() == "action" ? "action: must be \"rotate\""
                                              : "unknown field '" + it.key().substr(0, 40) + "'");
  }
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  auto d = Deliveries(ctx);
  if (!d) return Fail(d.error());
  auto token = service::RotateFeedToken(**d, ctx.owner(), r->id, ctx.library().clock().NowUnix());
  if (!token) return Fail(token.error());
  auto t = (*d)->GetFeedToken(ctx.owner(), r->id);
  if (!t) return Fail(t.error());
  return Response::Json(FeedJson(ctx, *t), 201);
}

// DELETE /api/v1/radars/{id}/feed: no feed any more; 204.
Result<Response> RadarFeedRevoke(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  auto d = Deliveries(ctx);
  if (!d) return Fail(d.error());
  if (auto st = (*d)->DeleteFeedToken(ctx.owner(), r->id); !st) return Fail(st.error());
  Response res = Response::Text("", "text/plain", 204);
  return res;
}

}  // namespace api

}  // namespace ah::web
