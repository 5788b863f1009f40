// A radar's webhooks (service/webhooks.h) on its delivery page
// (/radars/{id}/feed#webhooks) and in the API (/api/v1/radars/{id}/webhooks):
// add (kind, URL, secret for the kinds that sign), list (URL and secret
// masked), remove, and "send a test" (the radar's latest day posted now, the
// receiver's answer shown). Every call names the viewer's own radar and one of
// their webhooks of THAT radar: anything else is 404.
#include "service/webhooks.h"

#include <memory>
#include <string>

#include "net/address_policy.h"
#include "net/url.h"
#include "net/curl_http_client.h"
#include "service/library.h"
#include "web/errors.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/radar_common.h"
#include "web/webhooks.h"

namespace ah::web {
namespace {

using nlohmann::json;

constexpr Phrase kHookStrings[] = {
    {"hooks_title", "Webhooks", "Webhook"},
    {"hooks_help",
     "Post this radar's top papers to a chat or a service each day, at your delivery time: Slack "
     "incoming webhooks, Feishu and DingTalk bots, or any JSON endpoint.",
     "每天在你的推送时间，把该雷达的重点论文发送到群聊或服务：Slack 传入 "
     "Webhook、飞书和钉钉机器人，"
     "或任意 JSON 接口。"},
    {"hook_kind", "Kind", "类型"},
    {"hook_url", "Webhook URL", "Webhook 地址"},
    {"hook_secret", "Signing secret", "签名密钥"},
    {"hook_secret_help",
     "Feishu, DingTalk and JSON webhooks can be signed with a secret; Slack's URL is its secret.",
     "飞书、钉钉和 JSON Webhook 可以用密钥签名；Slack 的地址本身就是密钥。"},
    {"hook_add", "Add webhook", "添加 Webhook"},
    {"hook_none", "No webhooks for this radar yet.", "该雷达还没有 Webhook。"},
    {"hook_signed", "Signed", "签名"},
    {"hook_unsigned", "not signed", "未签名"},
    {"hook_test", "Send a test", "发送测试"},
    {"hook_remove", "Remove", "删除"},
    {"hook_added", "Webhook added.", "Webhook 已添加。"},
    {"hook_removed", "Webhook removed.", "Webhook 已删除。"},
    {"hook_public_only",
     "On this server webhooks must go to public internet addresses (not localhost or a private "
     "network).",
     "在本站，Webhook 必须指向公网地址（不能是 localhost 或内网地址）。"},
    {"test_ok", "The receiver accepted the test: HTTP", "接收方已接受测试消息：HTTP"},
    {"test_refused", "The receiver refused the test: HTTP", "接收方拒绝了测试消息：HTTP"},
    {"test_no_answer", "The test could not be delivered:", "测试消息未能送达："},
    {"test_papers", "papers of", "篇论文，日期"},
    {"hook_kind_json", "JSON (HMAC signed)", "JSON（HMAC 签名）"},
    {"hook_kind_slack", "Slack", "Slack"},
    {"hook_kind_feishu", "Feishu / Lark", "飞书"},
    {"hook_kind_dingtalk", "DingTalk", "钉钉"},
};

std::string Say(const char* key, Lang lang) {
  for (const Phrase& p : kHookStrings)
    if (std::string_view(p.key) == key) return lang == Lang::kZh ? p.zh : p.en;
  return key;
}

bool PrivateAllowed(Context& ctx) {
  return ctx.app().options().single_user || ctx.app().options().webhooks_private_addresses;
}

// The client webhooks of this request go through: public addresses only unless allowed.
std::unique_ptr<net::HttpClient> Client(Context& ctx) {
  net::CurlHttpClientOptions o;
  o.user_agent = net::MakeUserAgent(ctx.library().config().contact);
  o.public_addresses_only = !PrivateAllowed(ctx);
  return std::make_unique<net::CurlHttpClient>(o);
}

service::WebhookOptions Options(Context& ctx) {
  service::WebhookOptions o;
  const std::string& base = ctx.library().config().web_base_url;
  if (!base.empty()) o.base_url = base;
  o.timeout_ms = 15'000;  // a person is waiting
  return o;
}

json HookJson(const service::WebhookConfig& h) {
  return {{"id", h.id},
          {"radar", h.radar_id},
          {"kind", h.kind},
          {"url", service::MaskedWebhookUrl(h.url)},
          {"signed", !h.secret.empty()}};
}

// Adds the webhook of the request's fields to the viewer's radar `radar_id`.
Result<service::WebhookConfig> Add(Context& ctx, int64_t radar_id, service::WebhookConfig h) {
  h.radar_id = radar_id;
  if (auto st = service::CheckWebhookUrl(h.url); !st) return Fail(st.error());
  if (!PrivateAllowed(ctx)) {
    // Early and clear; every connection is checked again (DNS may change).
    if (auto st = net::CheckPublicHost(net::HostOf(h.url)); !st)
      return MakeError(Code::kInvalidArgument,
                       "url: is refused: " + st.error().message +
                           (st.error().code == Code::kPermissionDenied
                                ? "; on this server webhooks go to public addresses only"
                                : ""));
  }
  return service::AddWebhook(ctx.session().users(), ctx.session().radars(), ctx.owner(), h);
}

std::string TestOutcome(const service::WebhookTestResult& r, Lang lang);

// The test's outcome as a sentence for the page, naming the webhook.
std::string TestMessage(const service::WebhookTestResult& r, Lang lang) {
  const std::string which = Say(("hook_kind_" + r.kind).c_str(), lang) + " " + r.masked_url + ": ";
  return which + TestOutcome(r, lang);
}

std::string TestOutcome(const service::WebhookTestResult& r, Lang lang) {
  std::string papers =
      " (" + std::to_string(r.papers) + " " + Say("test_papers", lang) + " " + r.date + ")";
  if (r.ok) return Say("test_ok", lang) + " " + std::to_string(r.status) + papers;
  if (r.status > 0)
    return Say("test_refused", lang) + " " + std::to_string(r.status) +
           (r.why.empty() ? "" : " — " + r.why);
  return Say("test_no_answer", lang) + " " + r.why;
}

json TestJson(const service::WebhookTestResult& r) {
  json j = {{"ok", r.ok}, {"papers", r.papers}, {"date", r.date}};
  j["status"] = r.status > 0 ? json(r.status) : json(nullptr);
  if (!r.ok) j["message"] = r.why;
  return j;
}

std::string HookPage(int64_t radar_id) { return "/radars/" + std::to_string(radar_id) + "/feed"; }

}  // namespace

Result<json> WebhooksView(Context& ctx, int64_t radar_id, json* strings) {
  AddStrings(kHookStrings, ctx.lang, strings);
  auto hooks = service::ListWebhooks(ctx.session().users(), ctx.owner(), radar_id);
  if (!hooks) return Fail(hooks.error());
  json v;
  json list = json::array();
  for (const auto& h : *hooks) {
    json j = HookJson(h);
    j["kind_label"] = strings->value("hook_kind_" + h.kind, h.kind);
    list.push_back(std::move(j));
  }
  v["hooks"] = list;
  v["has_hooks"] = !list.empty();
  json kinds = json::array();
  for (const char* k : {"slack", "feishu", "dingtalk", "json"})
    kinds.push_back({{"value", k}, {"label", strings->value(std::string("hook_kind_") + k, k)}});
  v["kinds"] = kinds;
  v["hook_public_only"] = !PrivateAllowed(ctx);
  return v;
}

namespace pages {

// POST /radars/{id}/webhooks (kind, url, secret)
Result<Response> WebhookAdd(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  service::WebhookConfig h;
  h.kind = ctx.req().Form("kind");
  h.url = ctx.req().Form("url");
  h.secret = ctx.req().Form("secret");
  auto added = Add(ctx, r->id, h);
  if (!added) {
    if (HttpStatusOf(added.error().code) >= 500 || added.error().code == Code::kNotFound)
      return Fail(added.error());
    // The form again with what was typed (never the secret).
    json form = {{"url", h.url}, {"kind", h.kind}};
    return RadarDeliveryPage(ctx, *r, {{"hook_error", added.error().message}, {"hook_form", form}},
                             HttpStatusOf(added.error().code));
  }
  return Response::Redirect(HookPage(r->id) + "?done=added#webhooks");
}

// POST /radars/{id}/webhooks/{hook}/delete
Result<Response> WebhookRemove(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  if (auto st = service::DeleteWebhook(ctx.session().users(), ctx.owner(), ctx.req().Param("hook"),
                                       r->id);
      !st)
    return Fail(st.error());
  return Response::Redirect(HookPage(r->id) + "?done=removed#webhooks");
}

// POST /radars/{id}/webhooks/{hook}/test: the page with the receiver's answer.
Result<Response> WebhookTest(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  auto http = Client(ctx);
  auto result = service::TestWebhook(ctx.library(), ctx.owner(), r->id, ctx.req().Param("hook"),
                                     *http, Options(ctx));
  if (!result) return Fail(result.error());
  return RadarDeliveryPage(
      ctx, *r,
      {{"test_result", {{"ok", result->ok}, {"message", TestMessage(*result, ctx.lang)}}}});
}

}  // namespace pages

namespace api {

// GET /api/v1/radars/{id}/webhooks: {"webhooks": [{id, radar, kind, url (masked), signed}]}
Result<Response> WebhookList(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  auto hooks = service::ListWebhooks(ctx.session().users(), ctx.owner(), r->id);
  if (!hooks) return Fail(hooks.error());
  json list = json::array();
  for (const auto& h : *hooks) list.push_back(HookJson(h));
  return Response::Json({{"webhooks", list}});
}

// POST /api/v1/radars/{id}/webhooks {"kind", "url", "secret"?}: 201 with the webhook (masked).
Result<Response> WebhookAdd(Context& ctx) {
  auto body = BodyObject(ctx.req());
  if (!body) return Fail(body.error());
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  service::WebhookConfig h;
  for (auto it = body->begin(); it != body->end(); ++it) {
    std::string* out = it.key() == "kind"     ? &h.kind
                       : it.key() == "url"    ? &h.url
                       : it.key() == "secret" ? &h.secret
                                              : nullptr;
    if (!out)
      return MakeError(Code::kInvalidArgument,
                       "unknown field '" + it.key().substr(0, 40) + "': use kind, url, secret");
    if (!it->is_string()) return MakeError(Code::kInvalidArgument, it.key() + ": must be a string");
    *out = it->get<std::string>();
  }
  if (h.kind.empty()) return MakeError(Code::kInvalidArgument, "kind: missing");
  auto added = Add(ctx, r->id, h);
  if (!added) return Fail(added.error());
  return Response::Json(HookJson(*added), 201);
}

// DELETE /api/v1/radars/{id}/webhooks/{hook}: 204.
Result<Response> WebhookRemove(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  if (auto st = service::DeleteWebhook(ctx.session().users(), ctx.owner(), ctx.req().Param("hook"),
                                       r->id);
      !st)
    return Fail(st.error());
  return Response::Text("", "text/plain", 204);
}

// POST /api/v1/radars/{id}/webhooks/{hook}/test: {"ok", "status", "papers", "date", "message"?}
// (200 whatever the receiver answered: its answer is the result). The body is
// empty or {}.
Result<Response> WebhookTest(Context& ctx) {
  if (!ctx.req().body.empty()) {
    auto body = BodyObject(ctx.req());
    if (!body) return Fail(body.error());
    if (!body->empty())
      return MakeError(Code::kInvalidArgument,
                       "unknown field '" + body->begin().key().substr(0, 40) + "': send no body");
  }
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  auto http = Client(ctx);
  auto result = service::TestWebhook(ctx.library(), ctx.owner(), r->id, ctx.req().Param("hook"),
                                     *http, Options(ctx));
  if (!result) return Fail(result.error());
  return Response::Json(TestJson(*result));
}

}  // namespace api

}  // namespace ah::web
