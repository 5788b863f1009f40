// The layout shared by every page, and the error page.
#include <cstdio>

#include "web/errors.h"
#include "web/pages.h"
#include "web/templates.h"

namespace ah::web::pages {

std::string OtherLanguageLink(const Request& req, Lang lang) {
  std::string q;
  for (const auto& [k, v] : req.query) {
    if (k == "lang") continue;
    q += (q.empty() ? "?" : "&") + UrlEncode(k) + "=" + UrlEncode(v);
  }
  q += (q.empty() ? "?" : "&") + std::string("lang=") + (lang == Lang::kZh ? "en" : "zh");
  return req.path + q;
}

nlohmann::json LayoutView(Context& ctx, const std::string& title) {
  nlohmann::json v;
  v["t"] = CommonStrings(ctx.lang);
  v["lang"] = LangCode(ctx.lang);
  v["html_lang"] = ctx.lang == Lang::kZh ? "zh-CN" : "en";
  v["title"] = title;
  // Visitors' pages may be shared from a cache: their scripts read the token
  // from its cookie instead (forms of visitors' pages set it themselves).
  v["csrf"] = ctx.user ? ctx.csrf : "";
  v["other_lang_href"] = OtherLanguageLink(ctx.req(), ctx.lang);
  v["other_lang"] = ctx.lang == Lang::kZh ? "en" : "zh";
  v["path"] = ctx.req().path;
  v["next"] = UrlEncode(SafeNext(ctx.req().target));
  if (ctx.user) {
    v["user"] = {{"name", ctx.user->name}, {"admin", ctx.user->admin}};
    v["single_user"] = ctx.app().options().single_user;
  } else {
    v["user"] = false;
  }
  v["nav_" + std::string(ctx.req().path == "/"                       ? "daily"
                         : ctx.req().path.rfind("/search", 0) == 0   ? "search"
                         : ctx.req().path.rfind("/radars", 0) == 0   ? "radars"
                         : ctx.req().path.rfind("/settings", 0) == 0 ? "settings"
                         : ctx.req().path.rfind("/admin", 0) == 0    ? "admin"
                                                                     : "other")] = true;
  return v;
}

Result<Response> Render(Context& ctx, const std::string& name, nlohmann::json view,
                        const std::string& title, int status) {
  nlohmann::json layout = LayoutView(ctx, title);
  for (auto it = layout.begin(); it != layout.end(); ++it)
    if (!view.contains(it.key())) view[it.key()] = it.value();
  auto content = RenderTemplate(name, view);
  if (!content) return Fail(content.error());
  layout["content"] = std::move(*content);
  if (view.contains("page_css")) layout["page_css"] = view["page_css"];
  if (view.contains("page_class")) layout["page_class"] = view["page_class"];
  auto html = RenderTemplate("layout", layout);
  if (!html) return Fail(html.error());
  return Response::Html(std::move(*html), status);
}

Response ErrorPage(Context& ctx, const Error& e) {
  const int status = HttpStatusOf(e.code);
  nlohmann::json v;
  v["status"] = status;
  v["message"] = PublicMessage(e, ctx.request_id);
  v["not_found"] = status == 404;
  const std::string title =
      status == 404 ? Tr("not_found_title", ctx.lang) : Tr("error_title", ctx.lang);
  auto r = Render(ctx, "error", v, title, status);
  if (r) return std::move(*r);
  // The layout itself failed: plain text, still escaped by being text/plain.
  return Response::Text(std::to_string(status) + " " + PublicMessage(e, ctx.request_id) + "\n",
                        "text/plain; charset=utf-8", status);
}

}  // namespace ah::web::pages
