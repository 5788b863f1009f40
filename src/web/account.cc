// Sign in, sign up, sign out.
#include "web/pages.h"

namespace ah::web::pages {
namespace {

// A hash to verify against when the user does not exist, so that a wrong
// name costs as long as a wrong password.
const std::string& DummyHash() {
  static const std::string hash = [] {
    auto h = HashPassword(RandomToken());
    return h ? *h : std::string();
  }();
  return hash;
}

Result<Response> StartSession(Context& ctx, const std::string& user, const std::string& next) {
  const std::string token = RandomToken();
  const int64_t now = ctx.library().clock().NowUnix();
  store::AuthSession s;
  s.token_hash = TokenDigest(token);
  s.user = user;
  s.csrf = RandomToken();
  s.created_unix = now;
  s.expires_unix =
      now + std::chrono::duration_cast<std::chrono::seconds>(ctx.app().options().session_lifetime)
                .count();
  if (auto st = ctx.session().users().CreateSession(s); !st) return Fail(st.error());
  Response r = Response::Redirect(SafeNext(next, "/"));
  ctx.cookies.push_back(ctx.app().CookieHeader(
      "ah_session", token,
      std::chrono::duration_cast<std::chrono::seconds>(ctx.app().options().session_lifetime)));
  return r;
}

Result<Response> Form(Context& ctx, const std::string& name, const std::string& error, int status) {
  nlohmann::json v;
  // Empty unless the page was asked for with a local `next`: then sign-in goes
  // home and sign-up to the new user's radars.
  v["next_value"] = SafeNext(ctx.req().Arg("next"), "");
  v["username"] = ctx.req().Form("username");
  if (!error.empty()) v["error"] = error;
  v["registration_open"] = ctx.app().RegistrationOpen(ctx);
  v["csrf"] = ctx.csrf;
  return Render(ctx, name, v, Tr(name == "login" ? "signin_title" : "signup_title", ctx.lang),
                status);
}

}  // namespace

Result<Response> LoginForm(Context& ctx) {
  if (ctx.app().options().single_user || ctx.user) return Response::Redirect("/");
  return Form(ctx, "login", "", 200);
}

Result<Response> Login(Context& ctx) {
  if (ctx.app().options().single_user) return Response::Redirect("/");
  const std::string name = ctx.req().Form("username");
  const std::string password = ctx.req().Form("password");
  const std::string fail_key = "signin-fail:" + ctx.req().remote_addr + ":" + name;
  // Five wrong passwords for one name from one address, then one try a minute
  // (the route itself allows one address 10 tries, then one every 30 s).
  if (int64_t wait = ctx.app().limiter().Allow(fail_key, 5, std::chrono::seconds(60)); wait > 0) {
    Response r = Response::Html("", 429);
    auto page =
        Form(ctx, "login", Tr("bad_login", ctx.lang) + " (" + std::to_string(wait) + " s)", 429);
    if (page) r = std::move(*page);
    r.Header("Retry-After", std::to_string(wait));
    return r;
  }
  auto user = ctx.session().users().GetUser(name);
  if (!user) return Fail(user.error());
  const bool ok = *user ? VerifyPassword(password, (*user)->password_hash)
                        : (VerifyPassword(password, DummyHash()), false);
  if (!ok) return Form(ctx, "login", Tr("bad_login", ctx.lang), 401);
  ctx.app().limiter().Reset(fail_key);
  return StartSession(ctx, (*user)->name, ctx.req().Form("next"));
}

Result<Response> RegisterForm(Context& ctx) {
  if (ctx.app().options().single_user || ctx.user) return Response::Redirect("/");
  return Form(ctx, "register", "", ctx.app().RegistrationOpen(ctx) ? 200 : 403);
}

Result<Response> Register(Context& ctx) {
  if (ctx.app().options().single_user) return Response::Redirect("/");
  if (!ctx.app().RegistrationOpen(ctx))
    return Form(ctx, "register", Tr("registration_closed", ctx.lang), 403);
  const std::string name = ctx.req().Form("username");
  const std::string password = ctx.req().Form("password");
  if (auto st = CheckUserName(name); !st) return Form(ctx, "register", st.error().message, 400);
  if (auto st = CheckNewPassword(password); !st)
    return Form(ctx, "register", st.error().message, 400);
  if (ctx.req().form.count("password2") && ctx.req().Form("password2") != password)
    return Form(ctx, "register", Tr("passwords_differ", ctx.lang), 400);
  auto hash = HashPassword(password);
  if (!hash) return Fail(hash.error());
  store::User u;
  u.name = name;
  u.password_hash = *hash;
  u.lang = LangCode(ctx.lang);
  auto id = ctx.session().users().CreateUser(u);
  if (!id) {
    if (id.error().code == Code::kAlreadyExists)
      return Form(ctx, "register", id.error().message, 409);
    return Fail(id.error());
  }
  return StartSession(ctx, name,
                      ctx.req().Form("next").empty() ? "/radars" : ctx.req().Form("next"));
}

Result<Response> Logout(Context& ctx) {
  if (!ctx.user->session_digest.empty())
    if (auto st = ctx.session().users().DeleteSession(ctx.user->session_digest); !st)
      return Fail(st.error());
  ctx.cookies.push_back(ctx.app().CookieHeader("ah_session", "", std::chrono::seconds(0)));
  return Response::Redirect("/");
}

}  // namespace ah::web::pages
