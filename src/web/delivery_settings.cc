// The delivery settings page (/settings/delivery) and its API
// (/api/v1/settings/delivery): when the daemon delivers (on/off, local time,
// time zone, briefings) and the email digest (address, frequency, empty days,
// language), all one object read by one reader (service/delivery_settings.h);
// links to each radar's feed, webhooks and exports and to the OPML list.
// /settings/digest, the older digest-only page, redirects here.
#include "service/delivery_settings.h"

#include <string>

#include "service/webhooks.h"
#include "web/briefing_write.h"
#include "web/errors.h"
#include "web/i18n.h"
#include "web/pages.h"

namespace ah::web {
namespace {

using nlohmann::json;

constexpr Phrase kDeliveryStrings[] = {
    {"delivery_title", "Deliveries", "推送设置"},
    {"delivery_help",
     "How your radars reach you: the email digest at your time, each radar's Atom feed and "
     "webhooks.",
     "你的雷达如何送达：按你设定的时间发送邮件摘要，以及每个雷达的 Atom 订阅和 Webhook。"},
    {"when_title", "When", "时间"},
    {"enabled_label", "Deliver every day (email digest and webhooks)",
     "每天推送（邮件摘要和 Webhook）"},
    {"time_label", "Local time", "本地时间"},
    {"zone_label", "Time zone", "时区"},
    {"zone_help",
     "Deliveries go out at this time in your zone, once the day's papers are ranked. Any IANA "
     "zone name (Area/City) works.",
     "每天论文排序完成后，按你所在时区的这个时间推送。可填写任意 IANA 时区名（地区/城市）。"},
    {"briefing_label", "Write a briefing of each radar's day before delivering",
     "推送前为每个雷达撰写当天的简报"},
    {"digest_title", "Email digest", "邮件摘要"},
    {"digest_email", "Email address", "邮箱地址"},
    {"digest_frequency", "How often", "频率"},
    {"digest_empty", "On a day with nothing new", "没有新论文的日子"},
    {"digest_lang", "Language of the email", "邮件语言"},
    {"daily", "Daily", "每天"},
    {"weekly", "Weekly (Mondays)", "每周（周一）"},
    {"off", "Off", "关闭"},
    {"skip", "Send nothing", "不发送"},
    {"nothing_new", "Send \"nothing new\"", "发送“没有新论文”"},
    {"save", "Save", "保存"},
    {"saved", "Saved.", "已保存。"},
    {"channels_title", "Feeds, webhooks and exports", "订阅、Webhook 与导出"},
    {"channels_help", "Each radar has its own secret Atom feed address and its own webhooks.",
     "每个雷达都有自己的私密 Atom 订阅地址和 Webhook。"},
    {"feed_link", "Atom feed", "Atom 订阅"},
    {"webhooks_link", "Webhooks", "Webhook"},
    {"exports_link", "Exports", "导出"},
    {"no_radars", "No radars yet.", "还没有雷达。"},
    {"create_radar", "Create one", "创建一个"},
    {"opml_link", "All your feeds (OPML)", "你的全部订阅（OPML）"},
    {"saved_link", "Saved papers (BibTeX)", "已收藏的论文（BibTeX）"},
    {"zone_stored_unknown",
     "Your stored time zone is not one this server knows; deliveries use UTC until you choose "
     "another.",
     "你保存的时区本站无法识别；在你重新选择之前，推送按 UTC 时间进行。"},
};

json Strings(Lang lang) {
  json t = CommonStrings(lang);
  AddStrings(kDeliveryStrings, lang, &t);
  return t;
}

json Options(const json& t, std::initializer_list<const char*> values, const std::string& chosen) {
  json a = json::array();
  for (const char* v : values)
    a.push_back({{"value", v}, {"label", t.value(v, std::string(v))}, {"selected", chosen == v}});
  return a;
}

json SettingsJson(const service::DeliverySettings& s) {
  return {{"enabled", s.enabled},   {"time", s.time},   {"time_zone", s.time_zone},
          {"briefing", s.briefing}, {"email", s.email}, {"frequency", s.frequency},
          {"empty", s.empty},       {"lang", s.lang}};
}

// The page with `s` in the form (what is stored, or what was posted with `error`).
Result<Response> Page(Context& ctx, const service::DeliverySettings& s, bool zone_chosen,
                      const std::string& done, const std::string& error) {
  json t = Strings(ctx.lang);
  json v;
  v["t"] = t;
  v["s"] = SettingsJson(s);
  // Never chosen: the page's script offers the browser's zone instead of UTC.
  v["zone_default"] = !zone_chosen;
  v["zones"] = service::CommonTimeZones();
  v["frequencies"] = Options(t, {"daily", "weekly", "off"}, s.frequency);
  v["empties"] = Options(t, {"skip", "nothing_new"}, s.empty);
  v["langs"] = json::array({{{"value", "en"}, {"label", "English"}, {"selected", s.lang == "en"}},
                            {{"value", "zh"}, {"label", "中文"}, {"selected", s.lang == "zh"}}});
  if (error.empty() && !service::CheckTimeZone(s.time_zone))
    v["zone_warning"] = t.value("zone_stored_unknown", "");
  auto radars = ctx.session().radars().ListRadars(ctx.owner());
  if (!radars) return Fail(radars.error());
  auto hooks = service::ListWebhooks(ctx.session().users(), ctx.owner());
  if (!hooks) return Fail(hooks.error());
  json list = json::array();
  for (const auto& r : *radars) {
    size_t n = 0;
    for (const auto& h : *hooks) n += h.radar_id == r.id ? 1 : 0;
    list.push_back({{"id", std::to_string(r.id)}, {"name", r.name}, {"hooks", n}});
  }
  v["radars"] = list;
  v["has_radars"] = !list.empty();
  if (!done.empty()) v["done"] = done;
  if (!error.empty()) v["error"] = error;
  v["page_css"] = "delivery.css";
  return pages::Render(ctx, "delivery_page", std::move(v), t.value("delivery_title", ""),
                       error.empty() ? 200 : 400);
}

// Whether the user's stored settings name a zone (else the page offers the browser's).
bool ZoneChosen(Context& ctx) {
  auto u = ViewerAccount(ctx);
  if (!u) return true;
  auto j = json::parse(u->settings_json.empty() ? "{}" : u->settings_json, nullptr, false);
  if (!j.is_object()) return false;
  auto d = j.find("delivery");
  return d != j.end() && d->is_object() && d->contains("time_zone");
}

Result<service::DeliverySettings> Stored(Context& ctx) {
  if (auto u = ViewerAccount(ctx); !u) return Fail(u.error());  // single-user: made on first use
  return service::GetDeliverySettings(ctx.session().users(), ctx.owner());
}

std::string Trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}

}  // namespace

namespace pages {

// GET /settings/delivery
Result<Response> DeliverySettingsPage(Context& ctx) {
  auto s = Stored(ctx);
  if (!s) return Fail(s.error());
  const std::string done =
      ctx.req().Query("done") == "1" ? Strings(ctx.lang).value("saved", "") : "";
  return Page(ctx, *s, ZoneChosen(ctx), done, "");
}

// POST /settings/delivery (enabled, time, time_zone, briefing, email, frequency, empty, lang)
Result<Response> DeliverySettingsSave(Context& ctx) {
  auto s = Stored(ctx);
  if (!s) return Fail(s.error());
  service::DeliverySettings next = *s;
  const Request& req = ctx.req();
  next.enabled = req.Form("enabled") == "1";
  next.briefing = req.Form("briefing") == "1";
  next.time = Trim(req.Form("time"));
  next.time_zone = Trim(req.Form("time_zone"));
  next.email = Trim(req.Form("email"));
  next.frequency = req.Form("frequency");
  next.empty = req.Form("empty");
  next.lang = req.Form("lang");
  auto saved = service::SaveDeliverySettings(ctx.session().users(), ctx.owner(), next);
  if (!saved) {
    if (saved.error().code != Code::kInvalidArgument) return Fail(saved.error());
    return Page(ctx, next, true, "", saved.error().message);
  }
  return Response::Redirect("/settings/delivery?done=1");
}

// GET /settings/digest: the older digest page is part of this one now.
Result<Response> DigestSettingsPage(Context&) {
  return Response::Redirect("/settings/delivery#digest");
}

// POST /settings/digest (email, frequency, empty, lang): the older form, kept
// for bookmarks and scripts; the other settings are kept.
Result<Response> DigestSettingsSave(Context& ctx) {
  auto s = Stored(ctx);
  if (!s) return Fail(s.error());
  service::DeliverySettings next = *s;
  next.email = Trim(ctx.req().Form("email"));
  next.frequency = ctx.req().Form("frequency");
  next.empty = ctx.req().Form("empty");
  next.lang = ctx.req().Form("lang");
  auto saved = service::SaveDeliverySettings(ctx.session().users(), ctx.owner(), next);
  if (!saved) {
    if (saved.error().code != Code::kInvalidArgument) return Fail(saved.error());
    return Page(ctx, next, true, "", saved.error().message);
  }
  return Response::Redirect("/settings/delivery?done=1#digest");
}

}  // namespace pages

namespace api {

// GET /api/v1/settings/delivery
Result<Response> DeliveryGet(Context& ctx) {
  auto s = Stored(ctx);
  if (!s) return Fail(s.error());
  return Response::Json(SettingsJson(*s));
}

// PUT /api/v1/settings/delivery: the given fields change, the others are kept;
// answers the settings as stored.
Result<Response> DeliveryPut(Context& ctx) {
  auto body = BodyObject(ctx.req());
  if (!body) return Fail(body.error());
  auto s = Stored(ctx);
  if (!s) return Fail(s.error());
  for (auto it = body->begin(); it != body->end(); ++it) {
    const std::string& key = it.key();
    if (key == "enabled" || key == "briefing") {
      if (!it->is_boolean())
        return MakeError(Code::kInvalidArgument, key + ": must be true or false");
      (key == "enabled" ? s->enabled : s->briefing) = it->get<bool>();
      continue;
    }
    std::string* out = key == "time"        ? &s->time
                       : key == "time_zone" ? &s->time_zone
                       : key == "email"     ? &s->email
                       : key == "frequency" ? &s->frequency
                       : key == "empty"     ? &s->empty
                       : key == "lang"      ? &s->lang
                                            : nullptr;
    if (!out)
      return MakeError(Code::kInvalidArgument,
                       "unknown field '" + key.substr(0, 40) +
                           "': use enabled, time, time_zone, briefing, email, frequency, empty, "
                           "lang");
    if (!it->is_string()) return MakeError(Code::kInvalidArgument, key + ": must be a string");
    *out = it->get<std::string>();
  }
  auto saved = service::SaveDeliverySettings(ctx.session().users(), ctx.owner(), *s);
  if (!saved) return Fail(saved.error());
  return Response::Json(SettingsJson(*saved));
}

}  // namespace api

}  // namespace ah::web
