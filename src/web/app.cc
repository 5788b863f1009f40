#include "web/app.h"

#include <cstdio>

#include "web/errors.h"
#include "web/pages.h"

namespace ah::web {
namespace {

// Splits "/a/b/c" into {"a", "b", "c"}.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out;
}

// Matches `path` against a pattern; fills `params` ({id}: one segment,
// {rest...}: the rest of the path).
bool Match(std::string_view pattern, std::string_view path,
           std::map<std::string, std::string>* params) {
  auto p = Segments(pattern);
  auto s = Segments(path);
  params->clear();
  for (size_t i = 0; i < p.size(); ++i) {
    std::string_view seg = p[i];
    const bool var = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
    if (var && seg.size() > 5 && seg.substr(seg.size() - 4) == "...}") {
      if (i >= s.size()) return false;
      std::string rest;
      for (size_t k = i; k < s.size(); ++k) rest += (k > i ? "/" : "") + std::string(s[k]);
      (*params)[std::string(seg.substr(1, seg.size() - 5))] = rest;
      return true;
    }
    if (i >= s.size()) return false;
    if (var) {
      (*params)[std::string(seg.substr(1, seg.size() - 2))] = std::string(s[i]);
    } else if (seg != s[i]) {
      return false;
    }
  }
  return p.size() == s.size();
}

bool ChangesState(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// Rate limits per class: (burst, one more every).
struct Limit {
  const char* name;
  int burst;
  std::chrono::milliseconds every;
};
constexpr Limit kLimits[] = {
    {"search", 30, std::chrono::milliseconds(100)},  // 10/s sustained
    {"brief", 5, std::chrono::seconds(60)},          // 1/min after a burst of 5
    {"signin", 10, std::chrono::seconds(30)},        // per client address
    {"signup", 5, std::chrono::minutes(10)},
    {"write", 120, std::chrono::milliseconds(250)},  // feedback clicks, edits
    {"upload", 10, std::chrono::seconds(30)},
};

const Limit* FindLimit(const char* name) {
  if (name == nullptr) return nullptr;
  for (const Limit& l : kLimits)
    if (std::string_view(l.name) == name) return &l;
  return nullptr;
}

}  // namespace

service::Library& Context::library() { return app_.library(); }

service::Session& Context::session() {
  if (!session_) session_ = app_.library().OpenSession();
  return *session_;
}

std::optional<CachedPage> PageCache::Get(const std::string& key, uint64_t version,
                                         std::chrono::milliseconds ttl) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  Entry& e = it->second;
  if (e.version == version && now - e.made <= ttl) return e.page;
  if (e.claimed && now - *e.claimed < claim_timeout_) return e.page;  // being rendered again
  e.claimed = now;
  return std::nullopt;
}

void PageCache::Put(const std::string& key, uint64_t version, CachedPage page) {
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= max_ && !entries_.count(key)) entries_.clear();
  entries_[key] = Entry{version, std::chrono::steady_clock::now(), std::move(page), std::nullopt};
}

void PageCache::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
}

WebApp::WebApp(service::Library& library, WebOptions options)
    : library_(library), options_(std::move(options)), limiter_(library.clock()) {}

std::string WebApp::CookieHeader(const std::string& name, const std::string& value,
                                 std::chrono::seconds max_age, bool http_only) const {
  std::string c = name + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age.count()) +
                  "; SameSite=Lax";
  if (http_only) c += "; HttpOnly";
  if (options_.secure_cookies) c += "; Secure";
  return c;
}

bool WebApp::RegistrationOpen(Context& ctx) {
  if (options_.single_user) return false;
  auto s = ctx.session().users().GetSetting("registration");
  if (s && *s) return **s == "open";
  return options_.registration_open;
}

Status WebApp::Authenticate(Context& ctx) {
  const Request& req = ctx.req();
  const int64_t now = library_.clock().NowUnix();
  const std::string auth = req.Header("Authorization");
  if (!auth.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (auth.size() <= kBearer.size() || auth.compare(0, kBearer.size(), kBearer) != 0)
      return MakeError(Code::kUnauthenticated, "Authorization: want \"Bearer <API token>\"");
    auto token = ctx.session().users().UseApiToken(TokenDigest(auth.substr(kBearer.size())), now);
    if (!token) return Fail(token.error());
    if (!*token) return MakeError(Code::kUnauthenticated, "unknown or revoked API token");
    auto user = ctx.session().users().GetUser((*token)->user);
    if (!user) return Fail(user.error());
    if (!*user) return MakeError(Code::kUnauthenticated, "the token's user no longer exists");
    ctx.user = Viewer{(*user)->name, (*user)->admin, true, ""};
    return Ok();
  }
  const std::string cookie = req.Cookie("ah_session");
  if (!cookie.empty() && !options_.single_user) {
    const std::string digest = TokenDigest(cookie);
    auto s = ctx.session().users().GetSession(digest, now);
    if (!s) return Fail(s.error());
    if (*s) {
      auto user = ctx.session().users().GetUser((*s)->user);
      if (!user) return Fail(user.error());
      if (*user) {
        ctx.user = Viewer{(*user)->name, (*user)->admin, false, digest};
        ctx.csrf = (*s)->csrf;
        return Ok();
      }
    }
    // An expired or unknown session: forget the cookie.
    ctx.cookies.push_back(CookieHeader("ah_session", "", std::chrono::seconds(0)));
  }
  if (options_.single_user) ctx.user = Viewer{"local", true, false, ""};
  // Visitors and the single user: a double-submit token in a cookie that
  // scripts of this site read (other sites can neither read nor set it).
  ctx.csrf = req.Cookie("ah_csrf");
  if (ctx.csrf.size() != 43) {
    ctx.csrf = RandomToken();
    ctx.cookies.push_back(CookieHeader("ah_csrf", ctx.csrf, std::chrono::hours(24 * 365), false));
  }
  return Ok();
}

Status WebApp::CheckCsrf(Context& ctx) {
  if (ctx.user && ctx.user->via_token) return Ok();
  std::string sent = ctx.req().Header("X-CSRF-Token");
  if (sent.empty()) sent = ctx.req().Form("csrf");
  if (!SameSecret(sent, ctx.csrf))
    return MakeError(Code::kPermissionDenied,
                     "missing or wrong CSRF token: reload the page and try again");
  return Ok();
}

Result<Response> WebApp::Dispatch(Context& ctx, Request& req) {
  const Route* found = nullptr;
  bool path_known = false;
  std::map<std::string, std::string> params;
  for (const Route& r : Routes()) {
    if (!Match(r.pattern, req.path, &params)) continue;
    path_known = true;
    if (req.method == r.method || (req.method == "HEAD" && std::string_view(r.method) == "GET")) {
      found = &r;
      break;
    }
  }
  if (found != nullptr && options_.monitoring_only && found->handler != &pages::MetricsText &&
      found->handler != &pages::Healthz) {
    found = nullptr;  // a monitoring port serves nothing else
    path_known = false;
  }
  if (found == nullptr) {
    if (path_known)
      return MakeError(Code::kInvalidArgument, "method " + req.method + " is not allowed here");
    return MakeError(Code::kNotFound, "no page at " + req.path);
  }
  req.params = std::move(params);
  if (auto st = Authenticate(ctx); !st) return Fail(st.error());
  if (found->access != Access::kPublic && !ctx.user) {
    if (req.WantsJson() || options_.monitoring_only)  // no sign-in page to go to
      return MakeError(Code::kUnauthenticated,
                       "sign in, or send an API token (Authorization: Bearer ...)");
    return Response::Redirect("/login?next=" + UrlEncode(SafeNext(req.target)));
  }
  if (found->access == Access::kAdmin && !ctx.user->admin)
    return MakeError(Code::kPermissionDenied, "only an administrator may do this");
  // The one-click unsubscribe (RFC 8058) is POSTed by mail clients without a
  // cookie; its credential is the secret token in its URL and it acts on no
  // session, so a forged request can do nothing the URL's holder could not.
  const bool token_in_url = found->handler == &pages::UnsubscribeDo;
  if (ChangesState(req.method) && !token_in_url)
    if (auto st = CheckCsrf(ctx); !st) return Fail(st.error());
  if (const Limit* l = FindLimit(found->limit)) {
    const std::string who = ctx.user ? "u:" + ctx.user->name : "ip:" + req.remote_addr;
    if (int64_t wait = limiter_.Allow(std::string(l->name) + ":" + who, l->burst, l->every);
        wait > 0) {
      Error e(Code::kRateLimited, "too many requests; try again in " + std::to_string(wait) + " s");
      auto res = req.WantsJson() ? JsonError(e, ctx.request_id) : pages::ErrorPage(ctx, e);
      res.Header("Retry-After", std::to_string(wait));
      return res;
    }
  }
  return found->handler(ctx);
}

Response WebApp::Handle(Request req) {
  Context ctx(*this, req);
  char id[24];
  std::snprintf(id, sizeof id, "r%llx", static_cast<unsigned long long>(next_request_++));
  ctx.request_id = id;
  bool chosen = false;
  ctx.lang = PickLang(req, &chosen);
  if (chosen)
    ctx.cookies.push_back(CookieHeader("lang", LangCode(ctx.lang), std::chrono::hours(24 * 365)));
  Response res;
  auto out = Dispatch(ctx, req);
  if (out) {
    res = std::move(*out);
  } else {
    const Error& e = out.error();
    if (HttpStatusOf(e.code) >= 500)
      std::fprintf(stderr, "academichub serve: %s %s %s: %s\n", ctx.request_id.c_str(),
                   req.method.c_str(), req.path.c_str(), e.ToString().c_str());
    res = req.WantsJson() ? JsonError(e, ctx.request_id) : pages::ErrorPage(ctx, e);
  }
  Finish(ctx, res);
  return res;
}

void WebApp::Finish(Context& ctx, Response& res) const {
  res.Header("Content-Security-Policy",
             "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
             "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
             "frame-ancestors 'none'");
  res.Header("X-Content-Type-Options", "nosniff");
  res.Header("Referrer-Policy", "same-origin");
  res.Header("X-Frame-Options", "DENY");
  res.Header("Cross-Origin-Opener-Policy", "same-origin");
  bool has_cache_control = false;
  for (const auto& [k, v] : res.headers)
    if (k == "Cache-Control") has_cache_control = true;
  if (!has_cache_control) res.Header("Cache-Control", ctx.user ? "private, no-store" : "no-cache");
  res.Header("Vary", "Cookie, Accept-Language, Authorization, Accept-Encoding");
  for (auto& c : ctx.cookies) res.Header("Set-Cookie", c);
}

}  // namespace ah::web
