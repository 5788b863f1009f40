#include "service/webhooks.h"

#include "core/json.h"
#include "core/redact.h"
#include "service/feeds.h"
#include "service/radars.h"

namespace ah::service {
namespace {

using nlohmann::json;

Result<store::User> UserOf(store::UserStore& users, std::string_view name) {
  auto u = users.GetUser(name);
  if (!u) return Fail(u.error());
  if (!*u) return MakeError(Code::kNotFound, "no user '" + std::string(name) + "'");
  return **u;
}

json SettingsOf(const std::string& s) {
  auto j = ParseJson(s.empty() ? "{}" : s, "settings");
  if (!j || !j->is_object()) return json::object();
  return *j;
}

std::vector<WebhookConfig> HooksOf(const json& settings) {
  std::vector<WebhookConfig> out;
  auto it = settings.find("webhooks");
  if (it == settings.end() || !it->is_array()) return out;
  for (const auto& h : *it) {
    if (!h.is_object()) continue;
    WebhookConfig c;
    c.id = h.value("id", "");
    c.radar_id = h.value("radar", int64_t{0});
    c.kind = h.value("kind", "");
    c.url = h.value("url", "");
    c.secret = h.value("secret", "");
    if (!c.id.empty()) out.push_back(std::move(c));
  }
  return out;
}

json ToJson(const std::vector<WebhookConfig>& hooks) {
  json a = json::array();
  for (const auto& h : hooks)
    a.push_back({{"id", h.id},
                 {"radar", h.radar_id},
                 {"kind", h.kind},
                 {"url", h.url},
                 {"secret", h.secret}});
  return a;
}

Status Save(store::UserStore& users, store::User u, const std::vector<WebhookConfig>& hooks) {
  json s = SettingsOf(u.settings_json);
  s["webhooks"] = ToJson(hooks);
  u.settings_json = s.dump();
  return users.UpdateUser(u);
}

// Whether the service's answer says it took the message.
bool Accepted(delivery::WebhookKind kind, const net::HttpResponse& r, std::string* why) {
  if (r.status < 200 || r.status >= 300) {
    *why = "HTTP " + std::to_string(r.status);
    return false;
  }
  if (kind != delivery::WebhookKind::kFeishu && kind != delivery::WebhookKind::kDingTalk)
    return true;
  auto j = ParseJson(r.body, "webhook answer");
  if (!j || !j->is_object()) return true;  // not JSON: the status decides
  const char* key = kind == delivery::WebhookKind::kFeishu ? "code" : "errcode";
  auto it = j->find(key);
  if (it == j->end() || !it->is_number_integer() || it->get<int64_t>() == 0) return true;
  *why = std::string(key) + " " + std::to_string(it->get<int64_t>()) + ": " +
         j->value("msg", j->value("errmsg", std::string()));
  return false;
}

}  // namespace

Result<std::vector<WebhookConfig>> ListWebhooks(store::UserStore& users, std::string_view owner,
                                                int64_t radar_id) {
  auto u = UserOf(users, owner);
  if (!u) return Fail(u.error());
  std::vector<WebhookConfig> out;
  for (auto& h : HooksOf(SettingsOf(u->settings_json)))
    if (radar_id == 0 || h.radar_id == radar_id) out.push_back(std::move(h));
  return out;
}

Result<WebhookConfig> AddWebhook(store::UserStore& users, store::RadarStore& radars,
                                 std::string_view owner, WebhookConfig hook) {
  auto r = FindRadarById(radars, owner, hook.radar_id);
  if (!r) return Fail(r.error());
  if (!delivery::ParseWebhookKind(hook.kind))
    return MakeError(Code::kInvalidArgument, "kind: must be slack, feishu, dingtalk or json");
  hook.kind = std::string(delivery::WebhookKindName(*delivery::ParseWebhookKind(hook.kind)));
  if ((hook.url.rfind("https://", 0) != 0 && hook.url.rfind("http://", 0) != 0) ||
      hook.url.size() > 2000 || hook.url.find_first_of(" \r\n\t") != std::string::npos)
    return MakeError(Code::kInvalidArgument, "url: must be an http:// or https:// address");
  if (hook.secret.size() > 200)
    return MakeError(Code::kInvalidArgument, "secret: at most 200 characters");
  auto u = UserOf(users, owner);
  if (!u) return Fail(u.error());
  auto hooks = HooksOf(SettingsOf(u->settings_json));
  if (hooks.size() >= 50) return MakeError(Code::kInvalidArgument, "url: at most 50 webhooks");
  hook.id = NewFeedToken().substr(0, 16);
  hooks.push_back(hook);
  if (auto st = Save(users, *u, hooks); !st) return Fail(st.error());
  return hook;
}

Status DeleteWebhook(store::UserStore& users, std::string_view owner, std::string_view id) {
  auto u = UserOf(users, owner);
  if (!u) return Fail(u.error());
  auto hooks = HooksOf(SettingsOf(u->settings_json));
  const size_t before = hooks.size();
  std::erase_if(hooks, [&](const WebhookConfig& h) { return h.id == id; });
  if (hooks.size() == before) return MakeError(Code::kNotFound, "no webhook " + std::string(id));
  return Save(users, *u, hooks);
}

Result<std::vector<DeliveryOutcome>> DeliverWebhooks(Library& library, std::string_view owner,
                                                     int64_t radar_id, const std::string& date,
                                                     net::HttpClient& http,
                                                     const WebhookOptions& o) {
  auto session = library.OpenSession();
  auto* deliveries = session->store().delivery_store();
  if (!deliveries) return MakeError(Code::kInternal, "this library keeps no delivery records");
  auto r = FindRadarById(session->radars(), owner, radar_id);
  if (!r) return Fail(r.error());
  auto hooks = ListWebhooks(session->users(), owner, radar_id);
  if (!hooks) return Fail(hooks.error());
  std::vector<DeliveryOutcome> outcomes;
  if (hooks->empty()) return outcomes;
  auto index = library.WaitIndex();
  if (!index) return Fail(index.error());
  DigestOptions d;
  d.date = date;
  d.papers_per_radar = o.papers;
  d.base_url = o.base_url;
  auto digest = BuildDigest(session->store(), session->radars(), **index, owner, {radar_id}, d,
                            &library.ranks());
  if (!digest) return Fail(digest.error());
  delivery::WebhookMessage m;
  m.radar = r->name;
  m.date = digest->date;
  m.radar_url = o.base_url + "/radars/" + std::to_string(radar_id);
  if (!digest->radars.empty()) {
    m.radar_url = digest->radars[0].web_url;
    for (const auto& p : digest->radars[0].papers) {
      delivery::WebhookPaper w;
      w.title = p.title;
      w.url = p.url;
      w.web_url = p.web_url;
      w.id = p.web_url.substr(p.web_url.rfind("/papers/") + 8);
      w.badge = p.badge;
      w.authors = p.authors;
      w.tldr = p.tldr;
      w.reasons = p.reasons;
      m.papers.push_back(std::move(w));
    }
  }
  const int64_t now_ms = o.now_ms ? o.now_ms : library.clock().NowUnix() * 1000;
  for (const auto& h : *hooks) {
    DeliveryOutcome out;
    out.key = "webhook:" + std::string(owner) + ":" + h.id + ":" + m.date;
    if (m.papers.empty()) {
      out.why = "nothing new";
      outcomes.push_back(out);
      continue;
    }
    store::DeliveryRecord rec;
    rec.key = out.key;
    rec.owner = std::string(owner);
    rec.channel = "webhook";
    rec.message_id = out.key;
    rec.lease_owner = DeliveryWorkerName();
    const int64_t now = library.clock().NowUnix();
    rec.lease_expires_unix =
        o.lease_until_unix > now ? o.lease_until_unix : now + kDeliveryLeaseSeconds;
    auto begun = deliveries->BeginDelivery(rec, now);
    if (!begun) return Fail(begun.error());
    if (!*begun) {
      auto existing = deliveries->GetDelivery(out.key);
      if (!existing) return Fail(existing.error());
      out.state = *existing && (*existing)->state == "sent" ? DeliveryState::kAlreadySent
                                                            : DeliveryState::kInProgress;
      outcomes.push_back(out);
      continue;
    }
    const auto kind = delivery::ParseWebhookKind(h.kind).value_or(delivery::WebhookKind::kJson);
    auto req = delivery::BuildWebhook(kind, h.url, h.secret, m, now_ms);
    std::string why;
    if (req) {
      net::HttpRequest hr;
      hr.method = "POST";
      hr.url = req->url;
      hr.body = req->body;
      hr.headers = req->headers;
      hr.timeout_ms = 30'000;
      hr.max_body_bytes = 1 << 20;
      ++out.attempts;
      auto resp = http.Send(hr);
      if (!resp)
        why = resp.error().message;
      else if (Accepted(kind, *resp, &why))
        why.clear();
    } else {
      why = req.error().message;
    }
    why = RedactSecrets(why, {h.secret, h.url});
    const bool ok = req && why.empty();
    if (auto st = deliveries->FinishDelivery(out.key, ok ? "sent" : "failed", why, "",
                                             library.clock().NowUnix());
        !st)
      return Fail(st.error());
    out.state = ok ? DeliveryState::kSent : DeliveryState::kSkipped;
    out.why = why;
    outcomes.push_back(out);
  }
  return outcomes;
}

}  // namespace ah::service
