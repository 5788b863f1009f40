// `webhook add RADAR --kind K --url U [--secret S]`, `webhook list [RADAR]`,
// `webhook remove ID`, `webhook test ID`: the webhooks of the local user's
// radars (the user the CLI acts as, as `radar` does; the daemon posts them at
// the user's delivery time). Lists mask the URL and never show the secret.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/clock.h"
#include "net/curl_http_client.h"
#include "service/library.h"
#include "service/webhooks.h"

namespace ah::cli {
namespace {

using nlohmann::json;

Result<store::UserStore*> Users(App& app) {
  auto lib = app.library();
  if (!lib) return Fail(lib.error());
  store::UserStore* users = (*lib)->user_store();
  if (users == nullptr)
    return MakeError(Code::kInvalidArgument, "this library backend does not keep users");
  return users;
}

// The local user's account keeps their webhooks: made on first use (as `serve
// --single-user` does).
Status EnsureLocalUser(store::UserStore& users) {
  auto u = users.GetUser(kLocalUser);
  if (!u) return Fail(u.error());
  if (*u) return Ok();
  store::User local;
  local.name = kLocalUser;
  local.admin = true;
  if (auto id = users.CreateUser(local); !id && id.error().code != Code::kAlreadyExists)
    return Fail(id.error());
  return Ok();
}

// The local user's webhooks (none when the account does not exist yet).
Result<std::vector<service::WebhookConfig>> LocalHooks(store::UserStore& users, int64_t radar) {
  auto u = users.GetUser(kLocalUser);
  if (!u) return Fail(u.error());
  if (!*u) return std::vector<service::WebhookConfig>{};
  return service::ListWebhooks(users, kLocalUser, radar);
}

Result<service::WebhookConfig> FindHook(store::UserStore& users, const std::string& id) {
  auto hooks = LocalHooks(users, 0);
  if (!hooks) return Fail(hooks.error());
  for (auto& h : *hooks)
    if (h.id == id) return h;
  return MakeError(Code::kNotFound,
                   "no webhook '" + id.substr(0, 40) + "' (see `academichub webhook list`)");
}

json HookJson(const service::WebhookConfig& h, const std::string& radar_name) {
  return {{"id", h.id},
          {"radar", radar_name},
          {"radar_id", h.radar_id},
          {"kind", h.kind},
          {"url", service::MaskedWebhookUrl(h.url)},
          {"signed", !h.secret.empty()}};
}

std::string RadarName(store::RadarStore& radars, int64_t id) {
  auto r = radars.GetRadarById(kLocalUser, id);
  return r && *r ? (*r)->name : "#" + std::to_string(id);
}

}  // namespace

int RunWebhookAdd(App& app, const WebhookArgs& args) {
  auto users = Users(app);
  if (!users) return ReportError(users.error());
  auto rs = Radars(app);
  if (!rs) return ReportError(rs.error());
  auto r = LoadRadar(app, args.radar);
  if (!r) return ReportError(r.error());
  if (auto st = EnsureLocalUser(**users); !st) return ReportError(st.error());
  service::WebhookConfig h;
  h.radar_id = r->id;
  h.kind = args.kind;
  h.url = args.url;
  h.secret = args.secret;
  auto added = service::AddWebhook(**users, **rs, kLocalUser, h);
  if (!added) return ReportError(added.error());
  if (args.json) {
    std::printf("%s\n", HookJson(*added, r->name).dump().c_str());
  } else {
    std::printf("%s\n", added->id.c_str());
    if (!app.options().quiet)
      std::fprintf(stderr, "webhook %s added to radar '%s' (%s, %s)\n", added->id.c_str(),
                   r->name.c_str(), added->kind.c_str(),
                   service::MaskedWebhookUrl(added->url).c_str());
  }
  return kExitOk;
}

int RunWebhookList(App& app, const WebhookArgs& args) {
  auto users = Users(app);
  if (!users) return ReportError(users.error());
  auto rs = Radars(app);
  if (!rs) return ReportError(rs.error());
  int64_t radar = 0;
  if (!args.radar.empty()) {
    auto r = LoadRadar(app, args.radar);
    if (!r) return ReportError(r.error());
    radar = r->id;
  }
  auto hooks = LocalHooks(**users, radar);
  if (!hooks) return ReportError(hooks.error());
  if (args.json) {
    json a = json::array();
    for (const auto& h : *hooks) a.push_back(HookJson(h, RadarName(**rs, h.radar_id)));
    std::printf("%s\n", a.dump().c_str());
    return kExitOk;
  }
  if (hooks->empty()) {
    if (!app.options().quiet)
      std::fprintf(stderr,
                   "no webhooks (add one: academichub webhook add RADAR --kind slack "
                   "--url https://...)\n");
    return kExitOk;
  }
  for (const auto& h : *hooks)
    std::printf("%-16s  %-20s  %-8s  %-7s  %s\n", h.id.c_str(), RadarName(**rs, h.radar_id).c_str(),
                h.kind.c_str(), h.secret.empty() ? "-" : "signed",
                service::MaskedWebhookUrl(h.url).c_str());
  return kExitOk;
}

int RunWebhookRemove(App& app, const WebhookArgs& args) {
  auto users = Users(app);
  if (!users) return ReportError(users.error());
  auto h = FindHook(**users, args.id);
  if (!h) return ReportError(h.error());
  if (auto st = service::DeleteWebhook(**users, kLocalUser, h->id); !st)
    return ReportError(st.error());
  if (!app.options().quiet) std::fprintf(stderr, "webhook %s removed\n", h->id.c_str());
  return kExitOk;
}

int RunWebhookTest(App& app, const WebhookArgs& args) {
  auto cfg = app.config();
  if (!cfg) return ReportError(cfg.error());
  auto users = Users(app);
  if (!users) return ReportError(users.error());
  auto h = FindHook(**users, args.id);
  if (!h) return ReportError(h.error());
  SystemClock clock;
  service::LibraryOptions lo;
  lo.location = app.db_path();
  lo.readers = 2;  // the test holds one session while the index is built with another
  lo.clock = &clock;
  lo.config = **cfg;
  auto library = service::Library::Open(lo);
  if (!library) return ReportError(library.error());
  // The person at the terminal runs this machine: any address may receive it.
  net::CurlHttpClientOptions ho;
  ho.user_agent = net::MakeUserAgent((*cfg)->contact);
  net::CurlHttpClient http(ho);
  service::WebhookOptions o;
  if (!(*cfg)->web_base_url.empty()) o.base_url = (*cfg)->web_base_url;
  o.timeout_ms = 15'000;
  auto result = service::TestWebhook(**library, kLocalUser, h->radar_id, h->id, http, o);
  if (!result) return ReportError(result.error());
  if (args.json) {
    json j = {{"ok", result->ok}, {"papers", result->papers}, {"date", result->date}};
    j["status"] = result->status > 0 ? json(result->status) : json(nullptr);
    if (!result->ok) j["message"] = result->why;
    std::printf("%s\n", j.dump().c_str());
  } else if (result->ok) {
    std::printf("accepted: HTTP %d (%zu papers of %s)\n", result->status, result->papers,
                result->date.c_str());
  } else if (result->status > 0) {
    std::fprintf(stderr, "academichub: the receiver refused the test: HTTP %d%s%s\n",
                 result->status, result->why.empty() ? "" : ": ", result->why.c_str());
  } else {
    std::fprintf(stderr, "academichub: the test was not delivered: %s\n", result->why.c_str());
  }
  return result->ok ? kExitOk : kExitRejected;
}

}  // namespace ah::cli
