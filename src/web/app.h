// The web application: one route table (routes.cc), and for every request the
// same pipeline — who is asking (API token, session cookie, or the single
// user), the language, CSRF on state-changing requests made with a cookie,
// rate limits, the handler, the one error table (errors.h), and the security
// headers (a strict Content-Security-Policy: nothing but this site's own
// scripts, styles and fonts).
//
// A WebApp is safe for concurrent access from multiple threads without any
// external synchronization: its state is the Library (thread-safe), the rate
// limiter and the page cache (each with its own lock). Handlers get a Context
// of their own.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "service/library.h"
#include "web/auth.h"
#include "web/http.h"
#include "web/i18n.h"

namespace ah::web {

struct WebOptions {
  // Every request acts as the local user (an administrator); no sign-in.
  bool single_user = false;
  // Cookies carry `Secure` (set when served behind TLS).
  bool secure_cookies = false;
  // Take the client's address from X-Forwarded-For (behind a local proxy).
  bool trust_proxy = false;
  // Registration when the admin has not chosen: open or closed.
  bool registration_open = true;
  std::string instance_key;  // 32 bytes: encrypts secrets users give us
  // Users' webhooks may go to loopback and private addresses (as the daemon's,
  // with AH_WEBHOOKS_ALLOW_PRIVATE); else public ones only. Single-user mode
  // always may (the user runs the server).
  bool webhooks_private_addresses = false;
  size_t max_body_bytes = 8u << 20;
  std::chrono::hours session_lifetime{24 * 30};
  // GET /metrics (Prometheus text format): the process's counters and the
  // job queue, rendered by whoever runs the work (cmd_serve wires the
  // daemon's); empty: only a note that nothing is counted.
  std::function<std::string()> metrics_text;
  // GET /healthz: the sources' freshness. `healthy` false answers 503.
  struct SourcesHealth {
    bool healthy = true;
    nlohmann::json detail;  // {"sources": [...]} as /healthz shows it
  };
  std::function<SourcesHealth()> sources_health;
  // Only GET /metrics and /healthz, under the same rules (a standalone
  // daemon's --metrics-listen); every other path answers 404.
  bool monitoring_only = false;
};

// Who is asking.
struct Viewer {
  std::string name;
  bool admin = false;
  bool via_token = false;      // an API token, not a browser session
  std::string session_digest;  // the browser session's, when signed in with one
};

class WebApp;

// One request's state. Not thread-safe (one request, one thread).
class Context {
 public:
  Context(WebApp& app, const Request& req) : app_(app), req_(req) {}
  WebApp& app() { return app_; }
  const Request& req() const { return req_; }
  service::Library& library();
  // The library session of this request (opened on first use).
  service::Session& session();

  Lang lang = Lang::kEn;
  std::optional<Viewer> user;
  std::string csrf;        // the token this client must send back with changes
  std::string request_id;  // in logs and in internal-error messages
  // Cookies to set on the response (whole Set-Cookie values).
  std::vector<std::string> cookies;

  bool signed_in() const { return user.has_value(); }
  // The owner of the viewer's radars. REQUIRES: signed_in().
  const std::string& owner() const { return user->name; }

 private:
  WebApp& app_;
  const Request& req_;
  std::unique_ptr<service::Session> session_;
};

using Handler = Result<Response> (*)(Context&);

enum class Access {
  kPublic,  // anyone (visitors see the public pages)
  kUser,    // a signed-in user (or an API token, or single-user mode)
  kAdmin,   // an administrator
};

struct Route {
  const char* method;
  const char* pattern;  // "/papers/{id}", "/static/{path...}"
  Access access;
  Handler handler;
  const char* limit = nullptr;  // rate-limit class: "search", "brief", "signin", ...
};

// The route table (routes.cc): every route of the site and the API, in one place.
const std::vector<Route>& Routes();

// A rendered page kept for visitors, by key (language, the page's address),
// with its gzip encoding (made once, not per request).
struct CachedPage {
  std::shared_ptr<const std::string> body;
  std::shared_ptr<const std::string> gzip;  // may be null (not worth compressing)
};

// Rendered pages shared by visitors. A page is fresh while it was made for the
// current `version` less than `ttl` ago. When it goes stale, ONE request is told
// to render it again (a miss) and the others keep getting the stale page
// meanwhile, so that 64 clients do not all render it at once (a burst of
// renders every time the page expired, seconds of latency on two cores); a
// claim to render lapses after `claim_timeout` (a render that failed).
class PageCache {
 public:
  explicit PageCache(size_t max_entries = 256,
                     std::chrono::milliseconds claim_timeout = std::chrono::seconds(10))
      : max_(max_entries), claim_timeout_(claim_timeout) {}
  // The page to send, or nullopt: render it and Put it.
  std::optional<CachedPage> Get(const std::string& key, uint64_t version,
                                std::chrono::milliseconds ttl);
  void Put(const std::string& key, uint64_t version, CachedPage page);
  void Clear();

 private:
  struct Entry {
    uint64_t version = 0;
    std::chrono::steady_clock::time_point made;
    CachedPage page;
    // When a request took on rendering the stale page again (else empty).
    std::optional<std::chrono::steady_clock::time_point> claimed;
  };
  std::mutex mu_;
  size_t max_;
  std::chrono::milliseconds claim_timeout_;
  std::unordered_map<std::string, Entry> entries_;
};

class WebApp {
 public:
  WebApp(service::Library& library, WebOptions options);

  // The whole pipeline for one request.
  Response Handle(Request req);

  service::Library& library() { return library_; }
  const WebOptions& options() const { return options_; }
  RateLimiter& limiter() { return limiter_; }
  PageCache& pages() { return pages_; }
  // Bumped whenever something visitors see may have changed (a public radar,
  // a briefing): part of the page cache's version.
  uint64_t public_version() const { return public_version_.load(); }
  void BumpPublicVersion() { ++public_version_; }
  // Whether registration is open (the admin's choice, else the option).
  bool RegistrationOpen(Context& ctx);
  // Briefings being written with a language model right now (briefing_write.cc
  // keeps them few, so that slow providers cannot hold every reader connection).
  std::atomic<int>& briefings_writing() { return briefings_writing_; }

  // A Set-Cookie value with this app's attributes (HttpOnly unless `script`
  // must read it, SameSite=Lax, Secure when configured).
  std::string CookieHeader(const std::string& name, const std::string& value,
                           std::chrono::seconds max_age, bool http_only = true) const;

 private:
  Result<Response> Dispatch(Context& ctx, Request& req);
  Status Authenticate(Context& ctx);
  Status CheckCsrf(Context& ctx);
  void Finish(Context& ctx, Response& res) const;

  service::Library& library_;
  WebOptions options_;
  RateLimiter limiter_;
  PageCache pages_;
  std::atomic<uint64_t> public_version_{1};
  std::atomic<uint64_t> next_request_{1};
  std::atomic<int> briefings_writing_{0};
};

}  // namespace ah::web
