// The admin page (/admin, administrators only: the route table says so):
// the users, registration open or closed, whether users' own LLM providers
// may be on private addresses, and the instance's public radars — the topics
// that curate the Curated Daily page for visitors — with a way to make one of
// the administrator's own radars public or private.
#include "core/date.h"
#include "service/radars.h"
#include "web/briefing_write.h"
#include "web/pages.h"

namespace ah::web::pages {
namespace {

constexpr Phrase kAdmin[] = {
    {"admin_title", "Administration", "管理"},
    {"users", "Users", "用户"},
    {"user_name", "Name", "用户名"},
    {"role", "Role", "角色"},
    {"administrator", "administrator", "管理员"},
    {"member", "member", "成员"},
    {"created", "Created", "注册于"},
    {"registration", "Registration", "注册"},
    {"registration_open", "Open: anyone may create an account", "开放：任何人都可以注册"},
    {"registration_closed_opt", "Closed: only administrators add users (academichub user add)",
     "关闭：只有管理员可以添加用户（academichub user add）"},
    {"single_user_registration", "Single-user mode: there is no registration.",
     "单用户模式：没有注册功能。"},
    {"save", "Save", "保存"},
    {"providers", "Users' own language models", "用户自己的语言模型"},
    {"providers_public", "Public internet addresses only (recommended)", "仅限公网地址（推荐）"},
    {"providers_private",
     "Also localhost and private networks (lets users make this server call addresses inside "
     "its network)",
     "也允许 localhost 和内网地址（用户将能让本服务器访问其内网中的地址）"},
    {"single_user_providers",
     "Single-user mode: your own model may be anywhere, localhost included.",
     "单用户模式：你自己的模型服务可以位于任何地址，包括 localhost。"},
    {"public_radars", "Public radars (Curated Daily topics)", "公开雷达（每日精选主题）"},
    {"public_radars_help",
     "Visitors' daily page is curated by these radars, with their briefings. Make one of your own "
     "radars public below.",
     "访客看到的每日精选页面由这些雷达及其简报生成。你可以在下方将自己的雷达设为公开。"},
    {"no_public_radars", "No public radar yet: visitors see the latest day of every source.",
     "还没有公开雷达：访客看到的是各来源的最新一天。"},
    {"radar", "Radar", "雷达"},
    {"owner", "Owner", "所有者"},
    {"your_radars", "Your radars", "你的雷达"},
    {"no_own_radars", "You have no radar yet.", "你还没有雷达。"},
    {"make_public", "Make public", "设为公开"},
    {"make_private", "Make private", "设为私有"},
    {"is_public", "public", "公开"},
    {"done", "Saved.", "已保存。"},
};

std::string When(int64_t unix) {
  const std::string t = date::FormatTimestamp(unix);
  return t.size() >= 10 ? t.substr(0, 10) : t;
}

}  // namespace

Result<Response> Admin(Context& ctx) {
  nlohmann::json v;
  nlohmann::json t = CommonStrings(ctx.lang);
  AddStrings(kAdmin, ctx.lang, &t);
  v["t"] = t;
  auto users = ctx.session().users().ListUsers();
  if (!users) return Fail(users.error());
  nlohmann::json ul = nlohmann::json::array();
  for (const auto& u : *users)
    ul.push_back({{"name", u.name}, {"admin", u.admin}, {"created", When(u.created_unix)}});
  v["users"] = ul;
  v["user_count"] = std::to_string(users->size());
  v["single_user"] = ctx.app().options().single_user;
  v["registration_open"] = ctx.app().RegistrationOpen(ctx);
  v["private_providers"] = PrivateProvidersAllowed(ctx);
  auto pub = ctx.session().radars().ListPublicRadars();
  if (!pub) return Fail(pub.error());
  nlohmann::json pl = nlohmann::json::array();
  for (const auto& r : *pub) {
    nlohmann::json item{{"name", r.name}, {"owner", r.owner}};
    if (!r.description.empty()) item["description"] = r.description;
    if (r.owner == ctx.owner()) item["mine_id"] = std::to_string(r.id);
    pl.push_back(std::move(item));
  }
  v["public_radars"] = pl;
  v["has_public"] = !pl.empty();
  auto own = ctx.session().radars().ListRadars(ctx.owner());
  if (!own) return Fail(own.error());
  nlohmann::json ol = nlohmann::json::array();
  for (const auto& r : *own)
    ol.push_back({{"id", std::to_string(r.id)}, {"name", r.name}, {"public", r.is_public}});
  v["own_radars"] = ol;
  v["has_own"] = !ol.empty();
  if (!ctx.req().Query("done").empty()) v["done"] = t["done"];
  v["page_css"] = "settings.css";
  return Render(ctx, "admin_page", std::move(v), t["admin_title"].get<std::string>());
}

Result<Response> AdminSave(Context& ctx) {
  const std::string action = ctx.req().Form("action");
  const std::string value = ctx.req().Form("value");
  if (action == "registration") {
    if (value != "open" && value != "closed")
      return MakeError(Code::kInvalidArgument, "value: registration is open or closed");
    if (auto st = ctx.session().users().PutSetting("registration", value); !st)
      return Fail(st.error());
    ctx.app().BumpPublicVersion();
    return Response::Redirect("/admin?done=registration");
  }
  if (action == "providers") {
    if (value != "allow" && value != "deny")
      return MakeError(Code::kInvalidArgument, "value: private providers are allow or deny");
    if (auto st = ctx.session().users().PutSetting(kPrivateProvidersSetting, value); !st)
      return Fail(st.error());
    return Response::Redirect("/admin?done=providers");
  }
  if (action == "radar_public") {
    auto id = PathId(ctx.req().Form("radar"), "radar");
    if (!id) return Fail(id.error());
    if (value != "public" && value != "private")
      return MakeError(Code::kInvalidArgument, "value: a radar is public or private");
    service::RadarFields f;
    f.is_public = value == "public";
    auto r = service::EditRadar(ctx.session().store(), ctx.session().radars(), ctx.owner(), *id, f,
                                nullptr);
    if (!r) return Fail(r.error());
    ctx.app().BumpPublicVersion();
    return Response::Redirect("/admin?done=radar#radars");
  }
  return MakeError(Code::kInvalidArgument, "action: want registration, providers or radar_public");
}

}  // namespace ah::web::pages
