// The email digest's API (/api/v1/me/digest; the page is /settings/delivery,
// delivery_settings.cc) and the unsubscribe page a digest links to
// (/unsubscribe/{token}: GET asks, POST turns the digest off; mail clients
// POST "List-Unsubscribe=One-Click", RFC 8058, without cookies).
#include "service/digest.h"

#include <string>

#include "web/i18n.h"
#include "web/pages.h"

namespace ah::web {
namespace {

constexpr Phrase kDigestStrings[] = {
    {"digest_title", "Email digest", "邮件摘要"},
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

nlohmann::json SettingsJson(const service::DigestSettings& s) {
  return {{"email", s.email}, {"frequency", s.frequency}, {"empty", s.empty}, {"lang", s.lang}};
}

}  // namespace

namespace pages {

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
