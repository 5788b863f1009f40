#include "service/webhooks.h"

#include <algorithm>
#include <cctype>

#include "core/json.h"
#include "core/redact.h"
#include "net/url.h"
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

// The message of radar `r`'s top papers of `date` ("" = latest announced).
Result<delivery::WebhookMessage> RadarMessage(Library& library, Session& session,
                                              std::string_view owner,
                                              const store::RadarDefinition& r,
                                              const std::string& date, const WebhookOptions& o) {
  auto index = library.WaitIndex();
  if (!index) return Fail(index.error());
  DigestOptions d;
  d.date = date;
  d.papers_per_radar = o.papers;
  d.base_url = o.base_url;
  auto digest =
      BuildDigest(session.store(), session.radars(), **index, owner, {r.id}, d, &library.ranks());
  if (!digest) return Fail(digest.error());
  delivery::WebhookMessage m;
  m.radar = r.name;
  m.date = digest->date;
  m.radar_url = o.base_url + "/radars/" + std::to_string(r.id);
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
  return m;
}

// Posts `m` to `h`; returns why it failed ("" when accepted), secrets redacted.
std::string Post(const WebhookConfig& h, const delivery::WebhookMessage& m, int64_t now_ms,
                 int64_t timeout_ms, net::HttpClient& http, int* status) {
  const auto kind = delivery::ParseWebhookKind(h.kind).value_or(delivery::WebhookKind::kJson);
  auto req = delivery::BuildWebhook(kind, h.url, h.secret, m, now_ms);
  std::string why;
  if (req) {
    net::HttpRequest hr;
    hr.method = "POST";
    hr.url = req->url;
    hr.body = req->body;
    hr.headers = req->headers;
    hr.timeout_ms = timeout_ms;
    hr.max_body_bytes = 1 << 20;
    auto resp = http.Send(hr);
    if (!resp) {
      why = resp.error().message;
    } else {
      if (status) *status = resp->status;
      if (Accepted(kind, *resp, &why)) why.clear();
    }
  } else {
    why = req.error().message;
  }
  why = RedactSecrets(why, {h.secret, h.url});
  // "POST <url>: cannot connect: ..." says which webhook; the caller knows it.
  static const std::string kPrefix = "POST [REDACTED]: ";
  if (why.rfind(kPrefix, 0) == 0) why.erase(0, kPrefix.size());
  return why;
}

bool IsControlOrSpace(unsigned char c) { return c <= 0x20 || c == 0x7f; }

}  // namespace

Status CheckWebhookUrl(std::string_view url) {
  const std::string shown(url.substr(0, 60));
  if (url.empty()) return MakeError(Code::kInvalidArgument, "url: missing");
  if (url.size() > 2000)
    return MakeError(Code::kInvalidArgument, "url: longer than 2,000 characters");
  const size_t colon = url.find(':');
  std::string scheme(colon == std::string_view::npos ? "" : url.substr(0, colon));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "http" && scheme != "https")
    return MakeError(Code::kInvalidArgument,
                     "url: '" + shown + "' is refused: only http:// and https:// addresses " +
                         "receive webhooks" +
                         (scheme.empty() ? "" : " (not " + scheme.substr(0, 20) + ":)"));
  if (url.substr(colon, 3) != "://")
    return MakeError(Code::kInvalidArgument,
                     "url: '" + shown + "' is refused: write it as " + scheme + "://host/path");
  for (unsigned char c : url)
    if (IsControlOrSpace(c))
      return MakeError(Code::kInvalidArgument,
                       "url: is refused: it contains a space or a control character");
  if (net::HostOf(url).empty())
    return MakeError(Code::kInvalidArgument, "url: '" + shown + "' is refused: it names no host");
  return Ok();
}

std::string MaskedWebhookUrl(std::string_view url) {
  const size_t start = url.find("://");
  if (start == std::string_view::npos) return "…";
  const size_t path = url.find_first_of("/?#", start + 3);
  std::string out(url.substr(0, path == std::string_view::npos ? url.size() : path));
  if (const size_t at = out.rfind('@'); at != std::string::npos && at > start)
    out = out.substr(0, start + 3) + "…@" + out.substr(at + 1);  // user:password@
  if (path == std::string_view::npos) return out;
  const std::string_view tail = url.substr(path);
  if (tail.size() <= 8) return out + std::string(tail.substr(0, 1)) + "…";
  std::string last(tail.substr(tail.size() - 4));
  while (!last.empty() && (static_cast<unsigned char>(last.front()) & 0xC0) == 0x80)
    last.erase(0, 1);  // not half a character
  return out + "/…" + last;
}

bool WebhookKindSigns(std::string_view kind) {
  auto k = delivery::ParseWebhookKind(kind);
  return k && *k != delivery::WebhookKind::kSlack;
}

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
  if (auto st = CheckWebhookUrl(hook.url); !st) return Fail(st.error());
  if (hook.secret.size() > 200)
    return MakeError(Code::kInvalidArgument, "secret: at most 200 characters");
  for (unsigned char c : hook.secret)
    if (c < 0x20 || c == 0x7f)
      return MakeError(Code::kInvalidArgument, "secret: no control characters");
  if (!hook.secret.empty() && !WebhookKindSigns(hook.kind))
    return MakeError(Code::kInvalidArgument,
                     "secret: a " + hook.kind + " webhook is not signed (its URL is the secret)");
  auto u = UserOf(users, owner);
  if (!u) return Fail(u.error());
  auto hooks = HooksOf(SettingsOf(u->settings_json));
  if (hooks.size() >= 50) return MakeError(Code::kInvalidArgument, "url: at most 50 webhooks");
  hook.id = NewFeedToken().substr(0, 16);
  hooks.push_back(hook);
  if (auto st = Save(users, *u, hooks); !st) return Fail(st.error());
  return hook;
}

Status DeleteWebhook(store::UserStore& users, std::string_view owner, std::string_view id,
                     int64_t radar_id) {
  auto u = UserOf(users, owner);
  if (!u) return Fail(u.error());
  auto hooks = HooksOf(SettingsOf(u->settings_json));
  const size_t before = hooks.size();
  std::erase_if(hooks, [&](const WebhookConfig& h) {
    return h.id == id && (radar_id == 0 || h.radar_id == radar_id);
  });
  if (hooks.size() == before)
    return MakeError(Code::kNotFound, "no webhook " + std::string(id.substr(0, 40)));
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
  auto message = RadarMessage(library, *session, owner, *r, date, o);
  if (!message) return Fail(message.error());
  const delivery::WebhookMessage& m = *message;
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
    ++out.attempts;
    const std::string why = Post(h, m, now_ms, o.timeout_ms, http, nullptr);
    const bool ok = why.empty();
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

Result<WebhookTestResult> TestWebhook(Library& library, std::string_view owner, int64_t radar_id,
                                      std::string_view hook_id, net::HttpClient& http,
                                      const WebhookOptions& o) {
  auto session = library.OpenSession();
  auto r = FindRadarById(session->radars(), owner, radar_id);
  if (!r) return Fail(r.error());
  auto hooks = ListWebhooks(session->users(), owner, radar_id);
  if (!hooks) return Fail(hooks.error());
  auto it = std::find_if(hooks->begin(), hooks->end(),
                         [&](const WebhookConfig& h) { return h.id == hook_id; });
  if (it == hooks->end())
    return MakeError(Code::kNotFound, "no webhook " + std::string(hook_id.substr(0, 40)));
  auto message = RadarMessage(library, *session, owner, *r, "", o);
  if (!message) return Fail(message.error());
  message->radar += " (test)";
  WebhookTestResult out;
  out.papers = message->papers.size();
  out.date = message->date;
  out.kind = it->kind;
  out.masked_url = MaskedWebhookUrl(it->url);
  const int64_t now_ms = o.now_ms ? o.now_ms : library.clock().NowUnix() * 1000;
  out.why = Post(*it, *message, now_ms, o.timeout_ms, http, &out.status);
  out.ok = out.why.empty();
  return out;
}

}  // namespace ah::service
