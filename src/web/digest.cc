// Email digest settings (/settings/digest, /api/v1/me/digest) and the
// unsubscribe page a digest links to (/unsubscribe/{token}: GET asks, POST
// turns the digest off; mail clients POST "List-Unsubscribe=One-Click",
// RFC 8058, without cookies).
#include "service/digest.h"

#include <string>

#include "web/i18n.h"
#include "web/pages.h"

namespace ah::web {
namespace {

constexpr Phrase kDigestStrings[] = {
    {"digest_title", "Email digest", "邮件摘要"},
    {"digest_help", "Your radars' top papers by email, with the briefings' themes.",
     "通过邮件接收你的雷达的重点论文及简报主题。"},
    {"digest_email", "Email address", "邮箱地址"},
    {"digest_frequency", "How often", "频率"},
    {"digest_empty", "On a day with nothing new", "没有新论文的日子"},
    {"digest_lang", "Language", "语言"},
    {"save", "Save", "保存"},
    {"saved", "Saved.", "已保存。"},
    {"daily", "Daily", "每天"},
    {"weekly", "Weekly", "每周"},
    {"off", "Off", "关闭"},
    {"skip", "Send nothing", "不发送"},
    {"nothing_new", "Send \"nothing new\"", "发送“没有新论文”"},
    {"unsub_confirm", "Stop sending you the email digest?", "停止向你发送邮件摘要？"},
    {"unsub_button", "Unsubscribe", "退订"},
    {"unsub_done", "You will receive no more digests. You can turn them on again in your settings.",
     "你将不再收到邮件摘要。可以在设置中重新开启。"},
};

nlohmann::json Strings(Lang lang) {
  nlohmann::json t = CommonStrings(lang);
  AddStrings(kDigestStrings, lang, &t);
  return t;
}

nlohmann::json Options(const nlohmann::json& t, std::initializer_list<const char*> values,
                       const std::string& chosen) {
  nlohmann::json a = nlohmann::json::array();
  for (const char* v : values)
    a.push_back({{"value", v}, {"label", t.value(v, std::string(v))}, {"selected", chosen == v}});
  return a;
}

nlohmann::json SettingsJson(const service::DigestSettings& s) {
  return {{"email", s.email}, {"frequency", s.frequency}, {"empty", s.empty}, {"lang", s.lang}};
}

Result<Response> SettingsPage(Context& ctx, const service::DigestSettings& s,
                              const std::string& done, const std::string& error) {
  nlohmann::json t = Strings(ctx.lang);
  nlohmann::json v;
  v["t"] = t;
  v["settings"] = true;
  v["email"] = s.email;
  v["frequencies"] = Options(t, {"daily", "weekly", "off"}, s.frequency);
  v["empties"] = Options(t, {"skip", "nothing_new"}, s.empty);
  v["langs"] =
      nlohmann::json::array({{{"value", "en"}, {"label", "English"}, {"selected", s.lang == "en"}},
                             {{"value", "zh"}, {"label", "中文"}, {"selected", s.lang == "zh"}}});
  if (!done.empty()) v["done"] = done;
  if (!error.empty()) v["error"] = error;
  return pages::Render(ctx, "digest_page", std::move(v), t.value("digest_title", ""),
                       error.empty() ? 200 : 400);
}

}  // namespace

namespace pages {

// GET /settings/digest
Result<Response> DigestSettingsPage(Context& ctx) {
  auto s = service::GetDigestSettings(ctx.session().users(), ctx.owner());
  if (!s) return Fail(s.error());
  return SettingsPage(ctx, *s, "", "");
}

// POST /settings/digest (email, frequency, empty, lang)
Result<Response> DigestSettingsSave(Context& ctx) {
  auto s = service::GetDigestSettings(ctx.session().users(), ctx.owner());
  if (!s) return Fail(s.error());
  service::DigestSettings next = *s;
  next.email = ctx.req().Form("email");
  next.frequency = ctx.req().Form("frequency");
  next.empty = ctx.req().Form("empty");
  next.lang = ctx.req().Form("lang");
  if (auto st = service::SaveDigestSettings(ctx.session().users(), ctx.owner(), next); !st) {
    if (st.error().code != Code::kInvalidArgument) return Fail(st.error());
    return SettingsPage(ctx, next, "", st.error().message);
  }
  return SettingsPage(ctx, next, Strings(ctx.lang).value("saved", ""), "");
}

// GET /unsubscribe/{token}: asks (a link scanner's GET changes nothing).
Result<Response> UnsubscribeForm(Context& ctx) {
  nlohmann::json t = Strings(ctx.lang);
  nlohmann::json v;
  v["t"] = t;
  v["unsubscribe"] = true;
  v["action"] = "/unsubscribe/" + ctx.req().Param("token");
  return Render(ctx, "digest_page", std::move(v), t.value("digest_title", ""));
}

// POST /unsubscribe/{token}: one click.
Result<Response> UnsubscribeDo(Context& ctx) {
  auto user = service::Unsubscribe(ctx.session().users(), ctx.req().Param("token"));
  if (!user) return Fail(user.error());
  nlohmann::json t = Strings(ctx.lang);
  nlohmann::json v;
  v["t"] = t;
  v["done"] = t.value("unsub_done", "");
  return Render(ctx, "digest_page", std::move(v), t.value("digest_title", ""));
}

}  // namespace pages

namespace api {

// GET /api/v1/me/digest
Result<Response> DigestGet(Context& ctx) {
  auto s = service::GetDigestSettings(ctx.session().users(), ctx.owner());
  if (!s) return Fail(s.error());
  return Response::Json(SettingsJson(*s));
}

// PATCH /api/v1/me/digest {"email", "frequency", "empty", "lang"}: given fields change.
Result<Response> DigestUpdate(Context& ctx) {
  auto body = BodyObject(ctx.req());
  if (!body) return Fail(body.error());
  for (auto it = body->begin(); it != body->end(); ++it)
    if (it.key() != "email" && it.key() != "frequency" && it.key() != "empty" && it.key() != "lang")
      return MakeError(Code::kInvalidArgument, "unknown field '" + it.key().substr(0, 40) +
                                                   "': use email, frequency, empty, lang");
  auto s = service::GetDigestSettings(ctx.session().users(), ctx.owner());
  if (!s) return Fail(s.error());
  for (auto [key, out] : {std::pair{"email", &s->email}, std::pair{"frequency", &s->frequency},
                          std::pair{"empty", &s->empty}, std::pair{"lang", &s->lang}}) {
    auto it = body->find(key);
    if (it == body->end()) continue;
    if (!it->is_string())
      return MakeError(Code::kInvalidArgument, std::string(key) + ": must be a string");
    *out = it->get<std::string>();
  }
  if (auto st = service::SaveDigestSettings(ctx.session().users(), ctx.owner(), *s); !st)
    return Fail(st.error());
  return Response::Json(SettingsJson(*s));
}

}  // namespace api

}  // namespace ah::web
