// The settings page (/settings): interface language, the user's own LLM
// provider (its key sealed with the instance key, never shown again), API
// tokens (shown once; listed with when they were made and last used;
// revoked), and the password (the current one required; other sessions end).
#include "core/date.h"
#include "net/address_policy.h"
#include "net/url.h"
#include "service/user_llm.h"
#include "web/auth.h"
#include "web/briefing_write.h"
#include "web/errors.h"
#include "web/pages.h"

namespace ah::web::pages {
namespace {

constexpr Phrase kSettings[] = {
    {"settings_title", "Settings", "设置"},
    {"language", "Interface language", "界面语言"},
    {"save", "Save", "保存"},
    {"delivery_title", "Deliveries", "推送"},
    {"delivery_help",
     "The email digest, the time and time zone of your daily deliveries, briefings, and each "
     "radar's Atom feed and webhooks.",
     "邮件摘要、每日推送的时间与时区、简报，以及每个雷达的 Atom 订阅和 Webhook。"},
    {"delivery_open", "Delivery settings", "推送设置"},
    {"delivery_opml", "All your feeds (OPML)", "你的全部订阅（OPML）"},
    {"llm_title", "Your language model", "你的语言模型"},
    {"llm_help",
     "Briefings and TL;DRs you ask for are written by this OpenAI-compatible provider (OpenAI, "
     "DeepSeek, Qwen, Moonshot, vLLM, Ollama…) with your own key. Without one, this server's model "
     "is used when it has one; otherwise briefings are extractive.",
     "你请求的简报和一句话总结将由这个兼容 OpenAI "
     "协议的服务（OpenAI、DeepSeek、通义千问、Moonshot、"
     "vLLM、Ollama……）用你自己的密钥生成。若未设置，则使用本站的模型（如有）；否则生成抽取式简报"
     "。"},
    {"base_url", "Base URL", "接口地址（Base URL）"},
    {"model", "Model", "模型"},
    {"api_key", "API key", "API 密钥"},
    {"key_set",
     "A key is set. It is stored encrypted and never shown again; leave the field empty "
     "to keep it.",
     "已设置密钥。密钥加密保存，不会再次显示；留空即保留原密钥。"},
    {"key_none", "No key is set (local servers such as Ollama need none).",
     "尚未设置密钥（Ollama 等本地服务不需要）。"},
    {"remove_key", "Remove the key", "删除密钥"},
    {"remove_provider", "Stop using my own model", "停止使用我自己的模型"},
    {"public_only",
     "On this server your provider must be on a public internet address (not localhost or a "
     "private network).",
     "在本站，你的模型服务必须位于公网地址（不能是 localhost 或内网地址）。"},
    {"key_moves", "Changing the base URL removes the stored key: enter it again.",
     "修改接口地址会删除已保存的密钥，请重新输入。"},
    {"instance_model", "This server's model:", "本站的模型："},
    {"no_instance_model", "This server has no model of its own.", "本站没有配置自己的模型。"},
    {"tokens_title", "API tokens", "API 令牌"},
    {"tokens_help", "For scripts: send a token to /api/v1 in the header",
     "用于脚本：向 /api/v1 发送请求时附带请求头"},
    {"token_label", "Label", "备注"},
    {"create_token", "Create a token", "创建令牌"},
    {"new_token", "Your new token — copy it now, it will not be shown again:",
     "你的新令牌——请立即复制，之后不会再显示："},
    {"created", "Created", "创建于"},
    {"last_used", "Last used", "最近使用"},
    {"never", "never", "从未"},
    {"revoke", "Revoke", "撤销"},
    {"no_tokens", "No tokens yet.", "还没有令牌。"},
    {"password_title", "Change password", "修改密码"},
    {"current_password", "Current password", "当前密码"},
    {"new_password", "New password", "新密码"},
    {"password_help", "Changing it signs you out everywhere else.",
     "修改后，其他设备上的登录将失效。"},
    {"change_password", "Change password", "修改密码"},
    {"done_lang", "Language saved.", "语言已保存。"},
    {"done_llm", "Your model is saved.", "你的模型设置已保存。"},
    {"done_llm_removed", "Your own model is no longer used.", "已停止使用你自己的模型。"},
    {"done_password", "Password changed; your other sessions have ended.",
     "密码已修改，其他登录已失效。"},
    {"done_revoked", "Token revoked.", "令牌已撤销。"},
    {"wrong_password", "The current password is wrong.", "当前密码不正确。"},
};

constexpr size_t kMaxTokens = 50;

// One of this page's phrases.
std::string Say(const char* key, Lang lang) {
  for (const Phrase& p : kSettings)
    if (std::string_view(p.key) == key) return lang == Lang::kZh ? p.zh : p.en;
  return key;
}

std::string When(int64_t unix) {
  const std::string t = date::FormatTimestamp(unix);
  return t.size() >= 16 ? t.substr(0, 10) + " " + t.substr(11, 5) + " UTC" : t;
}

std::string Trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}

// The page, with `extra` (a message, a new token, an error) merged in.
Result<Response> SettingsPage(Context& ctx, nlohmann::json extra, int status = 200) {
  auto user = ViewerAccount(ctx);
  if (!user) return Fail(user.error());
  nlohmann::json v;
  nlohmann::json t = CommonStrings(ctx.lang);
  AddStrings(kSettings, ctx.lang, &t);
  v["t"] = t;
  const std::string lang = user->lang.empty() ? LangCode(ctx.lang) : user->lang;
  v["langs"] =
      nlohmann::json::array({{{"code", "en"}, {"name", "English"}, {"selected", lang == "en"}},
                             {{"code", "zh"}, {"name", "中文"}, {"selected", lang == "zh"}}});
  if (auto p = service::ProviderOf(user->settings_json)) {
    v["llm"] = {
        {"base_url", p->base_url}, {"model", p->model}, {"has_key", !p->sealed_key.empty()}};
    v["has_llm"] = true;
  }
  v["public_only"] = !PrivateProvidersAllowed(ctx);
  if (service::LlmRuntime* rt = ctx.library().llm()) v["instance_model"] = rt->client->Describe();
  auto tokens = ctx.session().users().ListApiTokens(user->name);
  if (!tokens) return Fail(tokens.error());
  nlohmann::json tl = nlohmann::json::array();
  for (const auto& tok : *tokens) {
    nlohmann::json item{
        {"id", std::to_string(tok.id)}, {"label", tok.label}, {"created", When(tok.created_unix)}};
    if (tok.last_used_unix > 0) item["last_used"] = When(tok.last_used_unix);
    tl.push_back(std::move(item));
  }
  v["tokens"] = tl;
  v["has_tokens"] = !tl.empty();
  v["single_user"] = ctx.app().options().single_user;
  const std::string done = ctx.req().Query("done");
  for (const char* d : {"lang", "llm", "llm_removed", "password", "revoked"})
    if (done == d) v["done"] = t["done_" + done];
  for (auto it = extra.begin(); it != extra.end(); ++it) v[it.key()] = it.value();
  v["page_css"] = "settings.css";
  return Render(ctx, "settings_page", std::move(v), Say("settings_title", ctx.lang), status);
}

// An error shown next to the form it belongs to, with the error's status.
Result<Response> FormError(Context& ctx, const std::string& section, const Error& e) {
  if (HttpStatusOf(e.code) >= 500) return Fail(e);
  return SettingsPage(ctx, {{"error_" + section, e.message}}, HttpStatusOf(e.code));
}

Result<Response> SaveLanguage(Context& ctx, store::User user) {
  Lang lang;
  if (!ParseLang(ctx.req().Form("lang"), &lang))
    return FormError(ctx, "lang", Error(Code::kInvalidArgument, "lang: must be en or zh"));
  user.lang = LangCode(lang);
  if (auto st = ctx.session().users().UpdateUser(user); !st) return Fail(st.error());
  ctx.cookies.push_back(ctx.app().CookieHeader("lang", user.lang, std::chrono::hours(24 * 365)));
  return Response::Redirect("/settings?done=lang");
}

Result<Response> SaveProvider(Context& ctx, store::User user) {
  const std::string base_url = Trim(ctx.req().Form("base_url"));
  const std::string model = Trim(ctx.req().Form("model"));
  const std::string key = Trim(ctx.req().Form("api_key"));
  if (auto st = service::CheckProviderFields(base_url, model, key); !st)
    return FormError(ctx, "llm", st.error());
  if (!PrivateProvidersAllowed(ctx)) {
    // Early and clear; the connection itself is checked again (DNS may change).
    if (auto st = net::CheckPublicHost(net::HostOf(base_url)); !st) {
      const std::string msg = st.error().code == Code::kPermissionDenied
                                  ? "base URL: " + st.error().message +
                                        "; on this server your provider must be on a "
                                        "public address"
                                  : "base URL: " + st.error().message;
      return FormError(ctx, "llm", Error(Code::kInvalidArgument, msg));
    }
  }
  const auto old = service::ProviderOf(user.settings_json);
  service::UserProvider p{base_url, model, ""};
  if (!key.empty()) {
    if (ctx.app().options().instance_key.size() != 32)
      return MakeError(Code::kInternal, "no instance key to encrypt secrets with");
    p.sealed_key = Seal(key, ctx.app().options().instance_key);
  } else if (old && old->base_url == base_url && ctx.req().Form("remove_key").empty()) {
    // The key stays with the address it was given for: a new base URL never
    // receives a key entered for another one.
    p.sealed_key = old->sealed_key;
  }
  user.settings_json = service::WithProvider(user.settings_json, p);
  if (auto st = ctx.session().users().UpdateUser(user); !st) return Fail(st.error());
  return Response::Redirect("/settings?done=llm#llm");
}

// A new browser session for this client after its others were ended.
Status RestartSession(Context& ctx, const std::string& user) {
  const std::string token = RandomToken();
  const int64_t now = ctx.library().clock().NowUnix();
  const auto life =
      std::chrono::duration_cast<std::chrono::seconds>(ctx.app().options().session_lifetime);
  store::AuthSession s;
  s.token_hash = TokenDigest(token);
  s.user = user;
  s.csrf = RandomToken();
  s.created_unix = now;
  s.expires_unix = now + life.count();
  if (auto st = ctx.session().users().CreateSession(s); !st) return st;
  ctx.cookies.push_back(ctx.app().CookieHeader("ah_session", token, life));
  return Ok();
}

}  // namespace

Result<Response> Settings(Context& ctx) { return SettingsPage(ctx, nlohmann::json::object()); }

Result<Response> SettingsSave(Context& ctx) {
  auto user = ViewerAccount(ctx);
  if (!user) return Fail(user.error());
  const std::string section = ctx.req().Form("section");
  if (section == "lang") return SaveLanguage(ctx, std::move(*user));
  if (section == "llm") return SaveProvider(ctx, std::move(*user));
  if (section == "llm_remove") {
    user->settings_json = service::WithProvider(user->settings_json, std::nullopt);
    if (auto st = ctx.session().users().UpdateUser(*user); !st) return Fail(st.error());
    return Response::Redirect("/settings?done=llm_removed#llm");
  }
  return MakeError(Code::kInvalidArgument, "section: want lang, llm or llm_remove");
}

Result<Response> PasswordChange(Context& ctx) {
  if (ctx.app().options().single_user)
    return MakeError(Code::kInvalidArgument, "single-user mode has no passwords");
  auto user = ViewerAccount(ctx);
  if (!user) return Fail(user.error());
  const std::string current = ctx.req().Form("current");
  const std::string next = ctx.req().Form("password");
  if (!VerifyPassword(current, user->password_hash))
    return FormError(ctx, "password",
                     Error(Code::kPermissionDenied, Say("wrong_password", ctx.lang)));
  if (auto st = CheckNewPassword(next); !st) return FormError(ctx, "password", st.error());
  if (ctx.req().form.count("password2") && ctx.req().Form("password2") != next)
    return FormError(ctx, "password",
                     Error(Code::kInvalidArgument, Tr("passwords_differ", ctx.lang)));
  auto hash = HashPassword(next);
  if (!hash) return Fail(hash.error());
  user->password_hash = *hash;
  if (auto st = ctx.session().users().UpdateUser(*user); !st) return Fail(st.error());
  if (auto st = ctx.session().users().DeleteSessionsOf(user->name); !st) return Fail(st.error());
  if (!ctx.user->via_token)
    if (auto st = RestartSession(ctx, user->name); !st) return Fail(st.error());
  return Response::Redirect("/settings?done=password");
}

Result<Response> TokenCreate(Context& ctx) {
  auto user = ViewerAccount(ctx);
  if (!user) return Fail(user.error());
  const std::string label = Trim(ctx.req().Form("label"));
  Status bad = Ok();
  if (label.empty() || label.size() > 100) {
    bad = MakeError(Code::kInvalidArgument, "label: 1 to 100 characters");
  } else {
    for (unsigned char c : label)
      if (c < 0x20 || c == 0x7f)
        bad = MakeError(Code::kInvalidArgument, "label: no control characters");
  }
  if (!bad) return FormError(ctx, "token", bad.error());
  auto existing = ctx.session().users().ListApiTokens(user->name);
  if (!existing) return Fail(existing.error());
  if (existing->size() >= kMaxTokens)
    return FormError(ctx, "token",
                     Error(Code::kInvalidArgument,
                           "at most " + std::to_string(kMaxTokens) + " tokens: revoke one first"));
  const std::string token = RandomToken();
  store::ApiToken t;
  t.user = user->name;
  t.label = label;
  t.token_hash = TokenDigest(token);
  t.created_unix = ctx.library().clock().NowUnix();
  auto id = ctx.session().users().CreateApiToken(t);
  if (!id) return Fail(id.error());
  // Shown in this answer only (not through a redirect: it must not land in a URL or a cache).
  return SettingsPage(ctx, {{"new_token", token}, {"new_token_label", label}}, 201);
}

Result<Response> TokenRevoke(Context& ctx) {
  auto id = PathId(ctx.req().Param("id"), "API token");
  if (!id) return Fail(id.error());
  if (auto st = ctx.session().users().DeleteApiToken(ctx.owner(), *id); !st)
    return Fail(st.error());
  return Response::Redirect("/settings?done=revoked#tokens");
}

}  // namespace ah::web::pages
